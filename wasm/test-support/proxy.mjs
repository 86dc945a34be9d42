// The project's proxy (daneel-proxy) for tests: started in its test profile
// (loopback destinations allowed) and verifying every destination through the
// test world's DoH like a public deployment does (docs/PROXY.md), with limits
// a test run fits in, on a free port; `url` is its relay endpoint.
// Binary: $DANEEL_PROXY_BIN, default build/native/proxy/daneel-proxy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy as startBinary, stopProxy } from '../../tests/proxy/relay-harness.mjs';

export const PROXY_EHLO_NAME = 'relay.daneel.test';
// The world's plain-HTTP DoH (dnsdist), which the proxy asks for MX, A and AAAA.
export const WORLD_DOH_HTTP_URL = process.env.DANEEL_WORLD_DOH_HTTP_URL ?? 'http://127.0.2.54/dns-query';

/**
 * Starts the proxy. `origins`: the page origins allowed to open the relay;
 * `testPort`: connect there instead of 25; `limits`: extra --limit NAME=VALUE.
 */
export async function startProxy({ origins = [], testPort, limits = {} } = {}) {
  const webRoot = mkdtempSync(join(tmpdir(), 'daneel-proxy-web-'));
  const args = ['--test-profile', '--test-allow', '127.0.0.0/8', '--ehlo-name', PROXY_EHLO_NAME,
    '--resolver', WORLD_DOH_HTTP_URL];
  for (const origin of origins) args.push('--relay-origin', origin);
  if (testPort !== undefined) args.push('--test-port', String(testPort));
  // The most a test run needs: every session of a check at once, to the few world addresses.
  const all = { client_concurrent: 16, client_per_minute: 16, destination_concurrent: 8, destination_per_minute: 16,
    drain_ms: 0, ...limits };
  for (const [name, value] of Object.entries(all)) args.push('--limit', `${name}=${value}`);
  const proxy = await startBinary(webRoot, args);
  return {
    url: `ws://127.0.0.1:${proxy.port}/relay`,
    origin: proxy.base,
    log: proxy.stderr,
    async close() {
      await stopProxy(proxy, 15_000);
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
