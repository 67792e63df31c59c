# Installs the executable, the library with its public headers, and a package
# config, so that a consumer writes find_package(conform) and links
# conform::conform or calls conform_add_fixture_suite.
include(CMakePackageConfigHelpers)

install(TARGETS conform conform_cli EXPORT conformTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(DIRECTORY include/conform DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" FILES_MATCHING PATTERN "*.hpp")
install(FILES "${conform_generated_dir}/include/conform/version.hpp" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/conform")
install(FILES ${conform_schema_files} DESTINATION "${CMAKE_INSTALL_DATADIR}/conform/schemas")
install(FILES ${conform_contract_files} DESTINATION "${CMAKE_INSTALL_DATADIR}/conform/contracts")

set(conform_config_dir "${CMAKE_INSTALL_LIBDIR}/cmake/conform")
set_target_properties(conform_cli PROPERTIES EXPORT_NAME cli)
install(EXPORT conformTargets NAMESPACE conform:: DESTINATION "${conform_config_dir}")
configure_package_config_file(cmake/conformConfig.cmake.in "${PROJECT_BINARY_DIR}/conformConfig.cmake"
  INSTALL_DESTINATION "${conform_config_dir}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/conformConfigVersion.cmake" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/conformConfig.cmake" "${PROJECT_BINARY_DIR}/conformConfigVersion.cmake"
  cmake/ConformLinkDependencies.cmake cmake/ConformFixtures.cmake cmake/ConformPayloads.cmake
  DESTINATION "${conform_config_dir}")
