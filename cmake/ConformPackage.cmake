# The man page, generated from the --help text, and a lintian-clean .deb from
# CPack. `cmake --build build --target package` (or `cpack` in the build
# directory) writes conform_<version>_<arch>.deb.
set(CONFORM_DEB_MAINTAINER "conform maintainers <maintainers@users.noreply.r-seed-99850880.example>"
    CACHE STRING "Maintainer of the .deb, as \"Name <address>\"")
find_program(CONFORM_HELP2MAN help2man)
find_program(CONFORM_GZIP gzip REQUIRED)
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
            --include "${PROJECT_SOURCE_DIR}/packaging/conform.h2m"
            --include "${conform_man_include}" --output "${conform_man}" "$<TARGET_FILE:conform_cli>"
    # Debian installs manual pages compressed; -n keeps the archive reproducible.
    COMMAND "${CONFORM_GZIP}" -9nkf "${conform_man}"
    DEPENDS conform_cli "${PROJECT_SOURCE_DIR}/cmake/ManCommands.cmake" "${PROJECT_SOURCE_DIR}/packaging/conform.h2m"
    COMMENT "Generating the man page from --help"
    VERBATIM)
  add_custom_target(conform_man ALL DEPENDS "${conform_man}")
  install(FILES "${conform_man}.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
else()
  message(STATUS "help2man not found: no man page (apt-get install help2man)")
endif()

# A native package's changelog and its copyright file, where Debian looks for them.
set(conform_doc_dir "${PROJECT_BINARY_DIR}/debian-doc")
configure_file(packaging/debian/changelog.in "${conform_doc_dir}/changelog" @ONLY)
configure_file(packaging/debian/copyright "${conform_doc_dir}/copyright" @ONLY)
add_custom_command(
  OUTPUT "${conform_doc_dir}/changelog.gz"
  COMMAND "${CONFORM_GZIP}" -9nkf "${conform_doc_dir}/changelog"
  DEPENDS "${conform_doc_dir}/changelog"
  VERBATIM)
add_custom_target(conform_changelog ALL DEPENDS "${conform_doc_dir}/changelog.gz")
install(FILES "${conform_doc_dir}/changelog.gz" "${conform_doc_dir}/copyright"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/conform")

set(CPACK_PACKAGE_NAME conform)
set(CPACK_PACKAGE_VENDOR "conform")
set(CPACK_PACKAGE_CONTACT "${CONFORM_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Runtime dependencies are read off the binary by dpkg-shlibdeps (dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The library and its CMake package need these to be used from a consumer's build.
# The library links these; its headers include none of them.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libre2-dev, libpcre2-dev, libfmt-dev, zlib1g-dev, libzstd-dev")
# The extended description, in lines of at most 80 characters; CPack puts the
# summary before it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "conform validates JSON request and response bodies of Prove's V3 MFA API,
and HAR or NDJSON captures of whole flows, against embedded JSON Schemas or
any JSON Schema a user gives it. Every finding has its file, line, column,
JSON Pointer and schema keyword, in reports for people and for CI systems:
text, JSON, JUnit, SARIF and GitHub annotations.

The package also holds the static library, its headers and a CMake package
(find_package(conform)) with helpers that turn fixture corpora and payload
folders into ctest tests.")
set(CPACK_STRIP_FILES ON)
include(CPack)
