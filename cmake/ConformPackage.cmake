# The man page, generated from the --help text, and a .deb from CPack.
# `cmake --build build --target package` (or `cpack` in the build directory)
# writes conform_<version>_<arch>.deb.
find_program(CONFORM_HELP2MAN help2man)
if(CONFORM_HELP2MAN)
  set(conform_man "${PROJECT_BINARY_DIR}/conform.1")
  set(conform_man_include "${PROJECT_BINARY_DIR}/conform-man-commands.h2m")
  # Each sub-command's own --help becomes a section of the page.
  add_custom_command(
    OUTPUT "${conform_man}"
    COMMAND "${CMAKE_COMMAND}" "-DCONFORM=$<TARGET_FILE:conform_cli>" "-DOUTPUT=${conform_man_include}"
            -P "${PROJECT_SOURCE_DIR}/cmake/ManCommands.cmake"
    COMMAND "${CONFORM_HELP2MAN}" --no-info --no-discard-stderr --section 1
            --name "check JSON bodies and recorded traffic against the V3 MFA schemas"
            --include "${conform_man_include}" --output "${conform_man}" "$<TARGET_FILE:conform_cli>"
    DEPENDS conform_cli "${PROJECT_SOURCE_DIR}/cmake/ManCommands.cmake"
    COMMENT "Generating the man page from --help"
    VERBATIM)
  add_custom_target(conform_man ALL DEPENDS "${conform_man}")
  install(FILES "${conform_man}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
else()
  message(STATUS "help2man not found: no man page (apt-get install help2man)")
endif()

set(CPACK_PACKAGE_NAME conform)
set(CPACK_PACKAGE_VENDOR "conform")
set(CPACK_PACKAGE_CONTACT "conform maintainers <conform@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Runtime dependencies are read off the binary by dpkg-shlibdeps (dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The library and its CMake package need these to be used from a consumer's build.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libvalijson-dev, rapidjson-dev, libre2-dev, libfmt-dev")
set(CPACK_PACKAGE_DESCRIPTION "conform validates JSON request and response bodies of Prove's V3 MFA API, \
and HAR or NDJSON captures of whole flows, against embedded JSON Schemas (or any draft-04/06/07 schema), \
with exact locations and CI report formats (text, JSON, JUnit, SARIF, GitHub).")
set(CPACK_STRIP_FILES ON)
include(CPack)
