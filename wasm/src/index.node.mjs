// Node entry: loads the CommonJS glue and hands it the wasm bytes itself,
// because Emscripten 3.1.6's glue would fetch() them, which fails on Node >= 18.
// SMTP goes over node:net, or over a relay when `proxy` is given.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { makeChecker, wrapModule } from './api.mjs';
import { createNodeTransport } from './transport-node.mjs';
import { createWebSocketTransport } from './transport-websocket.mjs';

export { DaneelError } from './errors.mjs';
export { RELAY_CLOSE_CODES } from './transport-websocket.mjs';

const require = createRequire(import.meta.url);

async function instantiate() {
  const createDaneelModule = require('../dist/daneel.js');
  const wasmBinary = await readFile(new URL('../dist/daneel.wasm', import.meta.url));
  return createDaneelModule({ wasmBinary });
}

export async function loadDaneel() {
  return wrapModule(await instantiate());
}

export async function createChecker(options = {}) {
  const transport = options.transport
    ?? (options.proxy
      ? createWebSocketTransport({ proxy: options.proxy, WebSocket: options.WebSocket ?? globalThis.WebSocket, connectTimeoutMs: options.connectTimeoutMs })
      : createNodeTransport({ connectTimeoutMs: options.connectTimeoutMs }));
  return makeChecker(await instantiate(), options, transport);
}
