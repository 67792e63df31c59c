# conform_add_fixture_suite(NAME <name> DIRECTORY <corpus> [SCHEMA <name|file>]
#                           [LABELS <label>...] [SKIP <relative path>...])
#
# Walks <corpus>/valid and <corpus>/invalid (*.json bodies, *.har captures)
# and registers one ctest test per fixture, named <name>/valid/<stem> or
# <name>/invalid/<stem>. Each test runs
# `conform test` on that one fixture, so it passes only when the body behaves
# exactly as declared. New files are picked up when CMake re-runs (the glob is
# CONFIGURE_DEPENDS). A SKIP entry names a fixture as "invalid/<file>.json";
# keep the reason in a comment beside it. A SKIP entry that names no fixture
# (a typo, a renamed file) is a configure error.
# The conform executable: the one being built, or the installed one.
function(_conform_command out)
  if(TARGET conform_cli)
    set(${out} "$<TARGET_FILE:conform_cli>" PARENT_SCOPE)
  elseif(TARGET conform::cli)
    set(${out} "$<TARGET_FILE:conform::cli>" PARENT_SCOPE)
  else()
    message(FATAL_ERROR "conform's CMake functions need the conform executable: find_package(conform)")
  endif()
endfunction()

function(conform_add_fixture_suite)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;DIRECTORY;SCHEMA" "LABELS;SKIP")
  if(NOT arg_NAME OR NOT arg_DIRECTORY)
    message(FATAL_ERROR "conform_add_fixture_suite needs NAME and DIRECTORY")
  endif()
  _conform_command(conform_command)
  get_filename_component(corpus "${arg_DIRECTORY}" ABSOLUTE)
  set(schema_args "")
  if(arg_SCHEMA)
    set(schema_args --schema "${arg_SCHEMA}")
  endif()
  file(GLOB bodies CONFIGURE_DEPENDS RELATIVE "${corpus}" "${corpus}/valid/*.json" "${corpus}/invalid/*.json"
       "${corpus}/valid/*.har" "${corpus}/invalid/*.har")
  list(FILTER bodies EXCLUDE REGEX "\\.expect\\.json$")
  list(SORT bodies)
  if(NOT bodies)
    message(FATAL_ERROR "conform_add_fixture_suite: no fixtures under ${corpus}/valid or ${corpus}/invalid")
  endif()
  foreach(skip IN LISTS arg_SKIP)
    if(NOT skip IN_LIST bodies)
      message(FATAL_ERROR "conform_add_fixture_suite(${arg_NAME}): SKIP ${skip} names no fixture under ${corpus}")
    endif()
  endforeach()
  foreach(body IN LISTS bodies)
    string(REGEX REPLACE "\\.(json|har)$" "" test_name "${body}")
    set(test_name "${arg_NAME}/${test_name}")
    add_test(NAME "${test_name}" COMMAND ${conform_command} test ${schema_args} --color never "${corpus}/${body}")
    set_tests_properties("${test_name}" PROPERTIES LABELS "corpus;${arg_LABELS}")
    if(body IN_LIST arg_SKIP)
      set_tests_properties("${test_name}" PROPERTIES DISABLED TRUE)
    endif()
  endforeach()
endfunction()
