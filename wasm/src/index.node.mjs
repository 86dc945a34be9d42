// Node entry: loads the CommonJS glue and hands it the wasm bytes itself,
// because Emscripten 3.1.6's glue would fetch() them, which fails on Node >= 18.
// SMTP goes over node:net, or over a relay when `proxy` is given.
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { makeChecker, wrapModule } from './api.mjs';
import { DaneelError } from './errors.mjs';
import { rootCertificates } from 'node:tls';
import { createNodeTransport } from './transport-node.mjs';
import { createWebSocketTransport, RELAY_SESSION_LIMITS } from './transport-websocket.mjs';

export { DaneelError } from './errors.mjs';
export { DEFAULT_DOH_SERVERS } from './defaults.mjs';
export { RELAY_CLOSE_CODES } from './transport-websocket.mjs';

const require = createRequire(import.meta.url);

// The build records the binary's sha256 (wasm/make_esm_glue.cmake): a
// daneel.wasm from another build next to this glue would break in odd ways.
async function readWasm() {
  const [wasmBinary, recorded] = await Promise.all([
    readFile(new URL('../dist/daneel.wasm', import.meta.url)),
    readFile(new URL('../dist/daneel.wasm.sha256', import.meta.url), 'utf8').catch((error) => {
      throw new DaneelError('internal', `dist/daneel.wasm.sha256 could not be read (${error.code}): rebuild the package`);
    }),
  ]);
  const expected = recorded.split(/\s/)[0];
  const actual = createHash('sha256').update(wasmBinary).digest('hex');
  if (actual !== expected) {
    throw new DaneelError('internal', `dist/daneel.wasm has sha256 ${actual}, the build recorded ${expected}: rebuild the package`);
  }
  return wasmBinary;
}

function readCatalogue(lang) {
  return readFile(new URL(`../dist/messages/${lang}.json`, import.meta.url), 'utf8');
}

async function instantiate() {
  const createDaneelModule = require('../dist/daneel.js');
  return createDaneelModule({ wasmBinary: await readWasm() });
}

export async function loadDaneel() {
  return wrapModule(await instantiate());
}

export async function createChecker(options = {}) {
  const transportFor = (connectTimeoutMs) => options.transport
    ?? (options.proxy
      ? createWebSocketTransport({ proxy: options.proxy, WebSocket: options.WebSocket ?? globalThis.WebSocket, connectTimeoutMs })
      : createNodeTransport());
  // Through a relay, as many sessions at once as it admits (unless told).
  const limits = options.proxy && !options.transport ? RELAY_SESSION_LIMITS : {};
  // cert_trust's root store: Node's bundled Mozilla roots, unless the caller
  // gives another (PEM text) or none (null: cert_trust not tested).
  const rootStore = options.rootStore === undefined ? rootCertificates.join('\n') : options.rootStore;
  return makeChecker(await instantiate(), { ...limits, ...options, rootStore }, transportFor, readCatalogue);
}
