# Configures, builds and tests tests/subproject (conform as a subdirectory),
# then checks what the parent's install and test list hold, and that a SKIP
# typo is a configure error.
# Run as: cmake -DCONFORM_SOURCE=<dir> -DWORK=<scratch dir> -DGENERATOR=<gen> -P run.cmake
file(REMOVE_RECURSE "${WORK}")
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "subproject: ${what} failed (${status})\n${out}\n${err}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

set(launcher "")
find_program(ccache ccache)
if(ccache)
  set(launcher "-DCMAKE_CXX_COMPILER_LAUNCHER=${ccache}")
endif()
run(configure "${CMAKE_COMMAND}" -S "${CMAKE_CURRENT_LIST_DIR}" -B "${WORK}/build" -G "${GENERATOR}"
    "-DCONFORM_SOURCE=${CONFORM_SOURCE}" ${launcher})
run(build "${CMAKE_COMMAND}" --build "${WORK}/build")
run(test "${CMAKE_CTEST_COMMAND}" --test-dir "${WORK}/build" --output-on-failure)
run(list "${CMAKE_CTEST_COMMAND}" --test-dir "${WORK}/build" -N)
foreach(expected IN ITEMS "parent/check_body" "corpus/valid/client-request-id" "corpus/invalid/bad-correlation-id")
  string(FIND "${output}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "subproject: test ${expected} is not registered:\n${output}")
  endif()
endforeach()
string(FIND "${output}" "sub/nested" at)
if(NOT at EQUAL -1)
  message(FATAL_ERROR "subproject: valid/sub/nested.json was registered, but conform test does not walk sub-folders")
endif()

run(install "${CMAKE_COMMAND}" --install "${WORK}/build" --prefix "${WORK}/prefix")
file(GLOB_RECURSE installed "${WORK}/prefix/*")
if(installed)
  message(FATAL_ERROR "subproject: conform installed into the parent's prefix: ${installed}")
endif()

execute_process(COMMAND "${CMAKE_COMMAND}" -S "${CMAKE_CURRENT_LIST_DIR}" -B "${WORK}/bad-skip" -G "${GENERATOR}"
                        "-DCONFORM_SOURCE=${CONFORM_SOURCE}" "-DPARENT_SKIP=valid/no-such-fixture.json"
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(status EQUAL 0)
  message(FATAL_ERROR "subproject: a SKIP naming no fixture was accepted")
endif()
string(REGEX REPLACE "[ \n]+" " " err_text "${err}")
string(FIND "${err_text}" "SKIP valid/no-such-fixture.json names no fixture" at)
if(at EQUAL -1)
  message(FATAL_ERROR "subproject: a SKIP typo failed without naming it:\n${err}")
endif()
message(STATUS "subproject: conform as a subdirectory leaves the parent's build alone")
