# What the conform library needs, for conform's own build and for consumers
# of the installed package alike. Every dependency comes from the system
# (Debian 12's -dev packages); nothing is downloaded or vendored. find_package
# first, then a plain header/library search where a package ships no config.
include(GNUInstallDirs)
include(CMakeFindDependencyMacro)
find_dependency(Threads)
find_dependency(fmt 9 CONFIG)

find_path(CONFORM_VALIJSON_INCLUDE_DIR valijson/validator.hpp REQUIRED)
find_path(CONFORM_RAPIDJSON_INCLUDE_DIR rapidjson/reader.h REQUIRED)
find_path(CONFORM_RE2_INCLUDE_DIR re2/re2.h REQUIRED)
find_library(CONFORM_RE2_LIBRARY re2 REQUIRED)
# PCRE2 (8-bit) runs, under match and depth limits, the patterns RE2 cannot: lookaround and back-references.
find_path(CONFORM_PCRE2_INCLUDE_DIR pcre2.h REQUIRED)
find_library(CONFORM_PCRE2_LIBRARY pcre2-8 REQUIRED)

if(NOT TARGET conform::valijson)
  add_library(conform::valijson INTERFACE IMPORTED)
  target_include_directories(conform::valijson SYSTEM INTERFACE "${CONFORM_VALIJSON_INCLUDE_DIR}")
  # Without exceptions a bad schema makes valijson call abort().
  target_compile_definitions(conform::valijson INTERFACE VALIJSON_USE_EXCEPTIONS=1)
  add_library(conform::rapidjson INTERFACE IMPORTED)
  target_include_directories(conform::rapidjson SYSTEM INTERFACE "${CONFORM_RAPIDJSON_INCLUDE_DIR}")
  add_library(conform::re2 UNKNOWN IMPORTED)
  set_target_properties(conform::re2 PROPERTIES
    IMPORTED_LOCATION "${CONFORM_RE2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CONFORM_RE2_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES Threads::Threads)
  add_library(conform::pcre2 UNKNOWN IMPORTED)
  set_target_properties(conform::pcre2 PROPERTIES
    IMPORTED_LOCATION "${CONFORM_PCRE2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CONFORM_PCRE2_INCLUDE_DIR}"
    INTERFACE_COMPILE_DEFINITIONS PCRE2_CODE_UNIT_WIDTH=8)
endif()
