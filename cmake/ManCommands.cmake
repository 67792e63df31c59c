# Writes a help2man include file with each sub-command's --help text.
# Run as: cmake -DCONFORM=<conform executable> -DOUTPUT=<file> -P ManCommands.cmake
set(content "[COMMANDS]\n")
foreach(command IN ITEMS validate test schemas)
  execute_process(COMMAND "${CONFORM}" ${command} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "conform ${command} --help failed")
  endif()
  string(REPLACE "\\" "\\\\" help "${help}")
  string(APPEND content ".SS conform ${command}\n.nf\n${help}\n.fi\n")
endforeach()
file(WRITE "${OUTPUT}" "${content}")
