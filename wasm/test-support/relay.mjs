// A minimal loopback byte relay for tests (the project's proxy replaces it):
// WebSocket ?host=IP&port=N -> TCP, with the relay protocol of
// src/transport-websocket.mjs (text frame "connected", binary frames, close codes).
import net from 'node:net';
import { once } from 'node:events';
import { WebSocketServer } from 'ws';

const ERRNO_CLOSE = { ECONNREFUSED: 4002, ETIMEDOUT: 4003, EHOSTUNREACH: 4004, ENETUNREACH: 4004, ECONNRESET: 4006 };

export async function startRelay() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const upstreams = new Set();
  server.on('connection', (ws, request) => {
    const params = new URL(request.url, 'ws://relay').searchParams;
    const host = params.get('host') ?? '';
    const port = Number(params.get('port'));
    if (net.isIP(host) === 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
      ws.close(4000, 'host must be an IP address and port a number');
      return;
    }
    let connected = false;
    const tcp = net.connect({ host, port, noDelay: true });
    upstreams.add(tcp);
    tcp.on('connect', () => {
      connected = true;
      ws.send('connected');
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
