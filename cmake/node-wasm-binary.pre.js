// Emscripten 3.1.6's glue fetch()es the .wasm when a global fetch exists, which
// fails on Node >= 18 (no file URLs). In Node, hand it the bytes instead.
if (typeof process === 'object' && process.versions && process.versions.node) {
  Module['wasmBinary'] = require('fs').readFileSync(__filename.replace(/\.js$/, '.wasm'));
}
