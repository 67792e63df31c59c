# What a program linking the static conform library needs at link time, and
# nothing more: the installed package config reads only this file, so a
# consumer needs no header of conform's private dependencies (valijson,
# RapidJSON, RE2's and PCRE2's headers), only the libraries the archive calls into.
include(CMakeFindDependencyMacro)
find_dependency(Threads)
find_dependency(fmt 9 CONFIG)

find_library(CONFORM_RE2_LIBRARY re2 REQUIRED)
find_library(CONFORM_PCRE2_LIBRARY pcre2-8 REQUIRED)
# Inputs compressed with gzip or zstd are decoded as they are read (src/io/byte_source.cpp).
find_library(CONFORM_ZLIB_LIBRARY z REQUIRED)
find_library(CONFORM_ZSTD_LIBRARY zstd REQUIRED)
if(NOT TARGET conform::re2)
  add_library(conform::re2 UNKNOWN IMPORTED)
  set_target_properties(conform::re2 PROPERTIES
    IMPORTED_LOCATION "${CONFORM_RE2_LIBRARY}"
    INTERFACE_LINK_LIBRARIES Threads::Threads)
  add_library(conform::pcre2 UNKNOWN IMPORTED)
  set_target_properties(conform::pcre2 PROPERTIES IMPORTED_LOCATION "${CONFORM_PCRE2_LIBRARY}")
  add_library(conform::zlib UNKNOWN IMPORTED)
  set_target_properties(conform::zlib PROPERTIES IMPORTED_LOCATION "${CONFORM_ZLIB_LIBRARY}")
  add_library(conform::zstd UNKNOWN IMPORTED)
  set_target_properties(conform::zstd PROPERTIES IMPORTED_LOCATION "${CONFORM_ZSTD_LIBRARY}")
endif()
