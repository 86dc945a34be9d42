if(DANEEL_WASM)
  # emcmake 3.1.6 passes --experimental-wasm-threads to node, which Node 20 rejects
  # (the presets use the toolchain file directly and do not hit this).
  list(REMOVE_ITEM CMAKE_CROSSCOMPILING_EMULATOR --experimental-wasm-threads)
  # The repository's package.json says "type": "module"; Emscripten's glue for the
  # test executables is CommonJS, so the build tree declares itself CommonJS.
  file(WRITE "${PROJECT_BINARY_DIR}/package.json" "{\"type\": \"commonjs\"}\n")
endif()

# daneel_add_test(NAME SOURCES...): one Catch2 test suite, registered with ctest.
#
# Natively each suite is its own executable. In wasm each suite is an object
# library and daneel_link_wasm_unit_tests() links them all into one executable
# (wasm_unit_tests), run by ctest through node (CMAKE_CROSSCOMPILING_EMULATOR):
# every wasm link is a full LTO + -Oz link of the core, which took minutes
# each, so one link instead of one per suite keeps `make test` within its time.
function(daneel_add_test name)
  if(DANEEL_WASM)
    add_library(${name} OBJECT ${ARGN})
    target_link_libraries(${name} PRIVATE daneel_core Catch2::Catch2WithMain)
    daneel_project_target(${name})
    # Catch2 needs exceptions for REQUIRE; Emscripten's JS-based exception
    # support is enough for tests (the core itself is built without them).
    target_compile_options(${name} PRIVATE -fexceptions)
    set_property(GLOBAL APPEND PROPERTY DANEEL_WASM_UNIT_TESTS ${name})
  else()
    add_executable(${name} ${ARGN})
    target_link_libraries(${name} PRIVATE daneel_core Catch2::Catch2WithMain)
    daneel_project_target(${name})
    add_test(NAME ${name} COMMAND ${name} --reporter console --order rand --rng-seed 1)
  endif()
endfunction()

# The one wasm test executable over every suite daneel_add_test() declared.
function(daneel_link_wasm_unit_tests)
  get_property(suites GLOBAL PROPERTY DANEEL_WASM_UNIT_TESTS)
  add_executable(wasm_unit_tests)
  target_link_libraries(wasm_unit_tests PRIVATE ${suites} daneel_core Catch2::Catch2WithMain)
  daneel_project_target(wasm_unit_tests)
  target_link_options(wasm_unit_tests PRIVATE -fexceptions -sEXIT_RUNTIME=1
    -sALLOW_MEMORY_GROWTH=1 -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0
    "SHELL:--pre-js ${PROJECT_SOURCE_DIR}/cmake/node-wasm-binary.pre.js")
  add_test(NAME wasm_unit_tests COMMAND wasm_unit_tests --reporter console --order rand --rng-seed 1)
endfunction()
