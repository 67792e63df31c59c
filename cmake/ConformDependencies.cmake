# What building conform needs: the link dependencies a consumer sees too
# (ConformLinkDependencies.cmake), plus the headers that only conform's own
# sources include. Every dependency comes from the system (Debian 12's -dev
# packages); nothing is downloaded or vendored. find_package first, then a
# plain header/library search where a package ships no config.
include(GNUInstallDirs)
include("${CMAKE_CURRENT_LIST_DIR}/ConformLinkDependencies.cmake")

find_path(CONFORM_VALIJSON_INCLUDE_DIR valijson/validator.hpp REQUIRED)
find_path(CONFORM_RAPIDJSON_INCLUDE_DIR rapidjson/reader.h REQUIRED)
find_path(CONFORM_RE2_INCLUDE_DIR re2/re2.h REQUIRED)
# PCRE2 (8-bit) runs, under match and depth limits, the patterns RE2 cannot: lookaround and back-references.
find_path(CONFORM_PCRE2_INCLUDE_DIR pcre2.h REQUIRED)
find_path(CONFORM_ZLIB_INCLUDE_DIR zlib.h REQUIRED)
find_path(CONFORM_ZSTD_INCLUDE_DIR zstd.h REQUIRED)

if(NOT TARGET conform::valijson)
  add_library(conform::valijson INTERFACE IMPORTED)
  target_include_directories(conform::valijson SYSTEM INTERFACE "${CONFORM_VALIJSON_INCLUDE_DIR}")
  # Without exceptions a bad schema makes valijson call abort().
  target_compile_definitions(conform::valijson INTERFACE VALIJSON_USE_EXCEPTIONS=1)
  add_library(conform::rapidjson INTERFACE IMPORTED)
  target_include_directories(conform::rapidjson SYSTEM INTERFACE "${CONFORM_RAPIDJSON_INCLUDE_DIR}")
  set_property(TARGET conform::re2 APPEND PROPERTY INTERFACE_INCLUDE_DIRECTORIES "${CONFORM_RE2_INCLUDE_DIR}")
  set_property(TARGET conform::pcre2 APPEND PROPERTY INTERFACE_INCLUDE_DIRECTORIES "${CONFORM_PCRE2_INCLUDE_DIR}")
  set_property(TARGET conform::pcre2 APPEND PROPERTY INTERFACE_COMPILE_DEFINITIONS PCRE2_CODE_UNIT_WIDTH=8)
  set_property(TARGET conform::zlib APPEND PROPERTY INTERFACE_INCLUDE_DIRECTORIES "${CONFORM_ZLIB_INCLUDE_DIR}")
  set_property(TARGET conform::zstd APPEND PROPERTY INTERFACE_INCLUDE_DIRECTORIES "${CONFORM_ZSTD_INCLUDE_DIR}")
endif()
