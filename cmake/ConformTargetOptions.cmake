# Flags go on conform's own targets only, never into CMAKE_CXX_FLAGS, so they
# do not leak into a consumer's build.
function(conform_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  # GCC 12 at -O3 warns falsely about std::string copies (GCC bug 105329).
  target_compile_options(${target} PRIVATE $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)
  # Clang (the fuzz build) warns that C++20 finds RapidJSON's iterator == and != ambiguous; the headers are not ours.
  target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:Clang>:-Wno-ambiguous-reversed-operator>)
  # One RapidJSON configuration for every translation unit, whatever the include order.
  target_compile_options(${target} PRIVATE "SHELL:-include ${PROJECT_SOURCE_DIR}/src/json/rapidjson_config.hpp")
  if(CONFORM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(CONFORM_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${CONFORM_SANITIZE} -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${CONFORM_SANITIZE})
  endif()
endfunction()
