# Post-build step of daneel_wasm: one .wasm, two glue variants, one recorded hash.
#  - GLUE (CommonJS, for Node) must name WASM's file as its binary; the ES-module
#    glue (OUT, bundled for browsers by bundle_browser.mjs) is generated from
#    it, so both load the same file.
#  - HASH gets WASM's sha256: the Node loader refuses a binary that differs,
#    and wasm/test/package.test.mjs checks the browser glue and the hash.
file(READ "${GLUE}" glue)
get_filename_component(wasm_name "${WASM}" NAME)
string(FIND "${glue}" "wasmBinaryFile=\"${wasm_name}\"" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${GLUE} does not load ${wasm_name}: the glue and the binary disagree")
endif()
# The ES-module glue ends in an ES export instead of the CommonJS/AMD tail
# (a bundler would otherwise see `module`/`exports` globals in an ES module).
string(FIND "${glue}" "if (typeof exports === 'object' && typeof module === 'object')" tail)
if(tail EQUAL -1)
  message(FATAL_ERROR "${GLUE} has no CommonJS export tail: the glue's shape changed")
endif()
string(SUBSTRING "${glue}" 0 ${tail} esm_glue)
file(WRITE "${OUT}" "${esm_glue}export default createDaneelModule;\n")
file(SHA256 "${WASM}" digest)
file(WRITE "${HASH}" "${digest}  ${wasm_name}\n")
