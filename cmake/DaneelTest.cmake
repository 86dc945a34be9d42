if(DANEEL_WASM)
  # emcmake 3.1.6 passes --experimental-wasm-threads to node, which Node 20 rejects
  # (the presets use the toolchain file directly and do not hit this).
  list(REMOVE_ITEM CMAKE_CROSSCOMPILING_EMULATOR --experimental-wasm-threads)
  # The repository's package.json says "type": "module"; Emscripten's glue for the
  # test executables is CommonJS, so the build tree declares itself CommonJS.
  file(WRITE "${PROJECT_BINARY_DIR}/package.json" "{\"type\": \"commonjs\"}\n")
endif()

# daneel_add_test(NAME SOURCES...): one Catch2 executable, registered with ctest.
# Under Emscripten ctest runs it through node (CMAKE_CROSSCOMPILING_EMULATOR).
function(daneel_add_test name)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE daneel_core Catch2::Catch2WithMain)
  daneel_project_target(${name})
  if(DANEEL_WASM)
    # Catch2 needs exceptions for REQUIRE; Emscripten's JS-based exception
    # support is enough for tests (the core itself is built without them).
    target_compile_options(${name} PRIVATE -fexceptions)
    target_link_options(${name} PRIVATE -fexceptions -sEXIT_RUNTIME=1
      -sALLOW_MEMORY_GROWTH=1 -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0
      "SHELL:--pre-js ${PROJECT_SOURCE_DIR}/cmake/node-wasm-binary.pre.js")
  endif()
  add_test(NAME ${name} COMMAND ${name} --reporter console --order rand --rng-seed 1)
endfunction()
