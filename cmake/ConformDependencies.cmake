# Every dependency comes from the system (Debian 12's -dev packages); nothing
# is downloaded or vendored. find_package first, then a plain header/library
# search where a package ships no CMake config.
include(GNUInstallDirs)
find_package(Threads REQUIRED)
find_package(fmt 9 REQUIRED CONFIG)
find_package(CLI11 2 REQUIRED CONFIG)

find_path(CONFORM_VALIJSON_INCLUDE_DIR valijson/validator.hpp REQUIRED)
find_path(CONFORM_RAPIDJSON_INCLUDE_DIR rapidjson/reader.h REQUIRED)
find_path(CONFORM_RE2_INCLUDE_DIR re2/re2.h REQUIRED)
find_library(CONFORM_RE2_LIBRARY re2 REQUIRED)

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
endif()
