# conform_add_payload_tests(NAME <name> DIRECTORY <payloads> [SCHEMA <name|file>] [LABELS <label>...])
#
# Registers one ctest test per payload file below <payloads> (*.json, *.ndjson,
# *.jsonl, *.har, recursively), named <name>/<relative path>. Each runs
# `conform validate` on that file and passes only when every body in it
# conforms (HAR and NDJSON captures: every routed body and every flow rule).
function(conform_add_payload_tests)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;DIRECTORY;SCHEMA" "LABELS")
  if(NOT arg_NAME OR NOT arg_DIRECTORY)
    message(FATAL_ERROR "conform_add_payload_tests needs NAME and DIRECTORY")
  endif()
  _conform_command(conform_command)
  get_filename_component(directory "${arg_DIRECTORY}" ABSOLUTE)
  set(schema_args "")
  if(arg_SCHEMA)
    set(schema_args --schema "${arg_SCHEMA}")
  endif()
  file(GLOB_RECURSE payloads CONFIGURE_DEPENDS RELATIVE "${directory}" "${directory}/*.json" "${directory}/*.ndjson"
       "${directory}/*.jsonl" "${directory}/*.har")
  list(SORT payloads)
  if(NOT payloads)
    message(FATAL_ERROR "conform_add_payload_tests: no payloads under ${directory}")
  endif()
  foreach(payload IN LISTS payloads)
    set(test_name "${arg_NAME}/${payload}")
    add_test(NAME "${test_name}"
             COMMAND ${conform_command} validate ${schema_args} --color never --progress never "${directory}/${payload}")
    set_tests_properties("${test_name}" PROPERTIES LABELS "payload;${arg_LABELS}")
  endforeach()
endfunction()
