# Compile options for the project's own code. Third-party targets never get these.
add_library(daneel_project_options INTERFACE)
target_compile_options(daneel_project_options INTERFACE
  -Wall -Wextra -Werror -Wshadow -Wconversion -Wno-sign-conversion -Wimplicit-fallthrough
  # C++ only: the project's few C files (wasm/*.c) would fail on them under -Werror.
  $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor -Wold-style-cast>)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12's flow-sensitive warnings fire inside libstdc++ at -O2/-O3 on plain
  # std::string appends and vector inserts (GCC bugs 105329, 107852): false
  # positives that would fail the Release build. The classes of bug they look
  # for stay covered by ASan/UBSan (native Debug), clang builds and the fuzzers.
  target_compile_options(daneel_project_options INTERFACE -Wno-restrict -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread)
endif()
# nlohmann-json would turn an enum into its number, silently: a report field
# written without its to_string would become 1 instead of "pass", and a test
# comparing JSON with an enum would compare numbers. Both are compile errors.
target_compile_definitions(daneel_project_options INTERFACE JSON_DISABLE_ENUM_SERIALIZATION=1)

# The core runs without exceptions or RTTI in every build (Emscripten disables
# catching by default, and a sans-IO core reports failures as values).
add_library(daneel_core_options INTERFACE)
target_link_libraries(daneel_core_options INTERFACE daneel_project_options)
target_compile_options(daneel_core_options INTERFACE -fno-exceptions -fno-rtti)

if(DANEEL_SANITIZE AND NOT DANEEL_WASM)
  set(DANEEL_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(daneel_project_options INTERFACE ${DANEEL_SANITIZER_FLAGS})
  target_link_options(daneel_project_options INTERFACE ${DANEEL_SANITIZER_FLAGS})
endif()

# Marks TARGET as project code.
function(daneel_project_target target)
  target_link_libraries(${target} PRIVATE daneel_project_options)
endfunction()
