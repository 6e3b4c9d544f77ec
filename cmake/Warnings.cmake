add_library(acctctl_warnings INTERFACE)
target_compile_options(acctctl_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
if(ACCTCTL_WERROR)
  target_compile_options(acctctl_warnings INTERFACE -Werror)
endif()

if(ACCTCTL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  # Not position-independent: the instrumented binary holds some 577,000 relative relocations
  # (ASan's globals, UBSan's type data), which the loader applied at every start, page by
  # page (perf: _dl_relocate_object and its page faults, 28% of a command's time). The suite
  # starts acctctl thousands of times: a start takes 40% less without them.
  add_link_options(-no-pie)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 warns falsely inside libstdc++'s <regex> (used by CLI11) when instrumented.
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()

if(ACCTCTL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ACCTCTL_FUZZ needs clang: -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # Every object is instrumented for coverage; only the fuzz targets get libFuzzer's main.
  # -fno-sanitize-recover: a UBSan finding stops the fuzzer and leaves its input, as ASan does.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
