# Installs the conform being tested into a fresh prefix, then configures,
# builds and tests the consumer project against that install alone.
# Run as: cmake -DCONFORM_BUILD=<build dir> -DWORK=<scratch dir> -DGENERATOR=<gen> -P run.cmake
file(REMOVE_RECURSE "${WORK}")
set(prefix "${WORK}/prefix")
foreach(step IN ITEMS install configure build test)
  if(step STREQUAL "install")
    set(command "${CMAKE_COMMAND}" --install "${CONFORM_BUILD}" --prefix "${prefix}")
  elseif(step STREQUAL "configure")
    set(command "${CMAKE_COMMAND}" -S "${CMAKE_CURRENT_LIST_DIR}" -B "${WORK}/build" -G "${GENERATOR}"
                "-DCMAKE_PREFIX_PATH=${prefix}" "-DCONFORM_README=${CMAKE_CURRENT_LIST_DIR}/../../README.md")
  elseif(step STREQUAL "build")
    set(command "${CMAKE_COMMAND}" --build "${WORK}/build")
  else()
    set(command "${CMAKE_CTEST_COMMAND}" --test-dir "${WORK}/build" --output-on-failure)
  endif()
  execute_process(COMMAND ${command} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "consumer project: ${step} failed (${status})")
  endif()
endforeach()
