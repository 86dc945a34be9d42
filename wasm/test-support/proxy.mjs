// The project's proxy (daneel-proxy) for tests: started in its test profile
// (loopback destinations allowed, no DNS verification: docs/PROXY.md), with
// limits a test run fits in, on a free port; `url` is its relay endpoint.
// Binary: $DANEEL_PROXY_BIN, default build/native/proxy/daneel-proxy.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..');
export const PROXY_BIN = process.env.DANEEL_PROXY_BIN
  ? resolve(process.env.DANEEL_PROXY_BIN)
  : join(repoRoot, 'build', 'native', 'proxy', 'daneel-proxy');
export const PROXY_EHLO_NAME = 'relay.daneel.test';
const STARTUP_MS = 10_000;  // sanitizer builds start slowly

/**
 * Starts the proxy. `origins`: the page origins allowed to open the relay;
 * `testPort`: connect there instead of 25; `limits`: extra --limit NAME=VALUE.
 */
export async function startProxy({ origins = [], testPort, limits = {} } = {}) {
  const webRoot = mkdtempSync(join(tmpdir(), 'daneel-proxy-web-'));
  const args = ['--web-root', webRoot, '--listen', '127.0.0.1:0', '--test-profile', '--test-allow', '127.0.0.0/8',
    '--ehlo-name', PROXY_EHLO_NAME];
  for (const origin of origins) args.push('--relay-origin', origin);
  if (testPort !== undefined) args.push('--test-port', String(testPort));
  // The most a test run needs: every session of a check at once, to the few world addresses.
  const all = { client_concurrent: 16, client_per_minute: 16, destination_concurrent: 8, destination_per_minute: 16, drain_ms: 0, ...limits };
  for (const [name, value] of Object.entries(all)) args.push('--limit', `${name}=${value}`);
  const child = spawn(PROXY_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`daneel-proxy did not start in ${STARTUP_MS} ms: ${log}`)), STARTUP_MS);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^listening on 127\.0\.0\.1:(\d+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`daneel-proxy exited with ${code}: ${log}`));
    });
  });
  return {
    url: `ws://127.0.0.1:${port}/relay`,
    origin: `http://127.0.0.1:${port}`,
    log: () => log,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(webRoot, { recursive: true, force: true });
    },
  };
}

/** A WebSocket class for Node that sends `origin` (the proxy refuses a missing Origin). */
export function webSocketWithOrigin(WebSocket, origin) {
  return class extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols, { origin });
    }
  };
}
