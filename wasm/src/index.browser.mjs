// Browser entry: the ES-module glue streams the wasm from beside itself.
// SMTP goes over a WebSocket to the relay given as `proxy`.
import createDaneelModule from '../dist/daneel.mjs';
import { makeChecker, wrapModule } from './api.mjs';
import { createWebSocketTransport, RELAY_SESSION_LIMITS } from './transport-websocket.mjs';

export { DaneelError } from './errors.mjs';
export { DEFAULT_DOH_SERVERS } from './defaults.mjs';
export { RELAY_CLOSE_CODES } from './transport-websocket.mjs';

// The package's files (the wasm, the message catalogues) are in dist/,
// found relative to this module.
const locateFile = (file) => new URL(`../dist/${file}`, import.meta.url).href;

function instantiate() {
  return createDaneelModule({ locateFile });
}

async function readCatalogue(lang) {
  const response = await fetch(locateFile(`messages/${lang}.json`));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

export async function loadDaneel() {
  return wrapModule(await instantiate());
}

export async function createChecker(options = {}) {
  const transportFor = (connectTimeoutMs) => options.transport
    ?? (options.proxy ? createWebSocketTransport({ proxy: options.proxy, connectTimeoutMs }) : null);
  // Through a relay, as many sessions at once as it admits (unless told).
  const limits = options.proxy && !options.transport ? RELAY_SESSION_LIMITS : {};
  return makeChecker(await instantiate(), { ...limits, ...options }, transportFor, readCatalogue);
}
