// Node entry: loads the CommonJS glue and hands it the wasm bytes itself,
// because Emscripten 3.1.6's glue would fetch() them, which fails on Node >= 18.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { wrapModule } from './api.mjs';

export { DaneelError } from './api.mjs';

const require = createRequire(import.meta.url);

export async function loadDaneel() {
  const createDaneelModule = require('../dist/daneel.js');
  const wasmBinary = await readFile(new URL('../dist/daneel.wasm', import.meta.url));
  return wrapModule(await createDaneelModule({ wasmBinary }));
}
