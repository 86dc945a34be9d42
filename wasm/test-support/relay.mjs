// A minimal loopback byte relay for tests that need more sessions than the
// real proxy's per-client limits allow in a minute (the Chromium interop
// matrix; wasm/test-support/proxy.mjs starts the real one): WebSocket
// ?domain=D&mx=H&ip=A -> TCP to A, port 25 (or `port`), with the relay protocol of
// src/transport-websocket.mjs (`connected {json}`, binary frames, close codes),
// but none of the proxy's checks.
import net from 'node:net';
import { once } from 'node:events';
import { WebSocketServer } from 'ws';

const ERRNO_CLOSE = { ECONNREFUSED: 4002, ETIMEDOUT: 4003, EHOSTUNREACH: 4004, ENETUNREACH: 4004, ECONNRESET: 4006 };

export async function startRelay({ port: destinationPort = 25 } = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const upstreams = new Set();
  server.on('connection', (ws, request) => {
    const params = new URL(request.url, 'ws://relay').searchParams;
    const host = params.get('ip') ?? '';
    const port = destinationPort;
    if (net.isIP(host) === 0 || !params.get('domain') || !params.get('mx')) {
      ws.close(4000, 'ip must be an IP address, domain and mx names');
      return;
    }
    let connected = false;
    const tcp = net.connect({ host, port, noDelay: true });
    upstreams.add(tcp);
    tcp.on('connect', () => {
      connected = true;
      ws.send('connected {}');
    });
    tcp.on('data', (chunk) => ws.send(chunk, { binary: true }));
    tcp.on('error', (error) => ws.close(ERRNO_CLOSE[error.code] ?? 1011, error.code ?? ''));
    tcp.on('close', () => {
      upstreams.delete(tcp);
      if (ws.readyState === ws.OPEN) ws.close(connected ? 4005 : 4002);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary && connected) tcp.write(data);
    });
    ws.on('close', () => tcp.destroy());
  });
  return {
    url: `ws://127.0.0.1:${server.address().port}/relay`,
    async close() {
      for (const tcp of upstreams) tcp.destroy();
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
