// The SMTP transports against a world Postfix: node:net directly, and a
// WebSocket through the project's proxy in its test profile (what browsers use).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import WebSocket, { WebSocketServer } from 'ws';
import { createNodeTransport } from '../src/transport-node.mjs';
import { createWebSocketTransport, RELAY_CLOSE_CODES, parseConnected, relayCloseReason, relayUrl } from '../src/transport-websocket.mjs';
import { CLOSE_CAUSES } from '../src/close-reason.mjs';
import { requireWorld } from '../test-support/world.mjs';
import { PROXY_EHLO_NAME, startProxy, webSocketWithOrigin } from '../test-support/proxy.mjs';

const ORIGIN = 'http://page.daneel.test';
const CONNECT_MS = 8_000;  // a check's connect timeout; the transport waits 1 s less for the relay
const OriginWebSocket = webSocketWithOrigin(WebSocket, ORIGIN);
let world;
let proxy;        // the real relay, to the world's port 25
let closedProxy;  // the same, to a port where nothing listens
let closedPort;

before(async () => {
  world = await requireWorld();
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  closedPort = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  proxy = await startProxy({ origins: [ORIGIN] });
  closedProxy = await startProxy({ origins: [ORIGIN], testPort: closedPort });
});

after(async () => {
  await proxy?.close();
  await closedProxy?.close();
});

// A world Postfix as the check names it for the relay.
const postfixFor = (w) => ({ ...w.postfix, domain: 'ee311.example', mx: 'mx.ee311.example' });

// Opens a connection, collects bytes until `until` matches, then closes it.
// `send` goes out once the server's 220 greeting is in, as an SMTP client
// must: the relay refuses a client that speaks first (pregreet, 4013).
function converse(transport, destination, { send, until = /\r\n$/ } = {}) {
  return new Promise((resolve, reject) => {
    const events = [];
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no answer; events: ${events.join(', ')}`)), 10_000);
    let info;
    const connection = transport.open(destination, {
      onConnected: (connected) => {
        info = connected;
        events.push('connected');
      },
      onConnectFailed: (reason) => {
        clearTimeout(timer);
        resolve({ events: [...events, 'connect_failed'], reason, text });
      },
      onData: (bytes) => {
        assert.ok(bytes instanceof Uint8Array);
        const greeted = /^220 [^\r\n]*\r\n/.test(text);
        text += new TextDecoder().decode(bytes);
        if (send && !greeted && /^220 [^\r\n]*\r\n/.test(text)) connection.send(new TextEncoder().encode(send));
        if (until.test(text)) {
          clearTimeout(timer);
          connection.close();
          resolve({ events, text, info });
        }
      },
      onClosed: (reason) => {
        clearTimeout(timer);
        resolve({ events: [...events, 'closed'], reason, text });
      },
    });
  });
}

test('node:net transport reads the greeting of a world Postfix', async () => {
  const { events, text } = await converse(createNodeTransport(), world.postfix);
  assert.deepEqual(events, ['connected']);
  assert.match(text, /^220 [^\r\n]*ESMTP/);
});

test('node:net transport: a conversation, then the server closes', async () => {
  const { events, text } = await converse(createNodeTransport(), world.postfix, { send: 'QUIT\r\n', until: /^221 /m });
  assert.deepEqual(events, ['connected']);
  assert.match(text, /^221 /m);
  // Without closing ourselves: the server's FIN is reported as the server's close.
  const ended = await converse(createNodeTransport(), world.postfix, { send: 'QUIT\r\n', until: /(?!)/ });
  assert.deepEqual(ended.events, ['connected', 'closed']);
  assert.equal(ended.reason.cause, 'server_closed');
});

test('node:net transport: a refused connect and a name instead of an address fail to connect', async () => {
  const refused = await converse(createNodeTransport(), { address: '127.0.0.1', port: closedPort });
  assert.deepEqual(refused.events, ['connect_failed']);
  assert.deepEqual(refused.reason, { cause: 'server_reset', relayCode: 0, detail: 'ECONNREFUSED' });
  const name = await converse(createNodeTransport(), { address: 'localhost', port: 25 });
  assert.deepEqual(name.events, ['connect_failed']);
  assert.equal(name.reason.cause, 'local_network');
  assert.match(name.reason.detail, /not an IP address/);
});

test('WebSocket transport reads the same greeting through the proxy, which names its EHLO name', async () => {
  const transport = createWebSocketTransport({ proxy: proxy.url, WebSocket: OriginWebSocket, connectTimeoutMs: CONNECT_MS });
  const { events, text, info } = await converse(transport, postfixFor(world));
  assert.deepEqual(events, ['connected']);
  assert.deepEqual(info, { ehloName: PROXY_EHLO_NAME });
  assert.match(text, /^220 [^\r\n]*ESMTP/);
  const ehlo = await converse(transport, postfixFor(world), { send: `EHLO ${PROXY_EHLO_NAME}\r\n`, until: /^250 /m });
  assert.match(ehlo.text, /^250[- ]/m);
  // Another EHLO name is not forwarded: the relay refuses it, and that is the relay's doing.
  const refused = await converse(transport, postfixFor(world), { send: 'EHLO daneel.test\r\n', until: /(?!)/ });
  assert.deepEqual(refused.events, ['connected', 'closed']);
  assert.equal(refused.reason.cause, 'relay_refused');
  assert.equal(refused.reason.relayCode, 4012);
});

test('WebSocket transport maps the relay close codes to close reasons', async () => {
  // The proxy verifies ee311's MX host and address through the world's DNS,
  // then connects to that address on a port nobody listens on.
  const refused = await converse(createWebSocketTransport({ proxy: closedProxy.url, WebSocket: OriginWebSocket, connectTimeoutMs: CONNECT_MS }),
    postfixFor(world));
  assert.deepEqual(refused.events, ['connect_failed']);
  assert.equal(refused.reason.cause, 'server_reset');
  assert.equal(refused.reason.relayCode, 4002);
  assert.match(refused.reason.detail, /^connect_refused: the mail server refused the connection/);
  const transport = createWebSocketTransport({ proxy: proxy.url, WebSocket: OriginWebSocket, connectTimeoutMs: CONNECT_MS });
  const bad = await converse(transport, { ...postfixFor(world), address: 'not-an-ip' });
  assert.equal(bad.reason.cause, 'relay_refused');
  assert.match(bad.reason.detail, /^bad_request/);
  const forbidden = await converse(transport, { ...postfixFor(world), address: '169.254.169.254' });
  assert.equal(forbidden.reason.cause, 'relay_refused');
  assert.equal(forbidden.reason.relayCode, 4001);
  // Without an allowed Origin the upgrade itself fails: the relay cannot be used at all.
  const noOrigin = await converse(createWebSocketTransport({ proxy: proxy.url, WebSocket, connectTimeoutMs: CONNECT_MS }), postfixFor(world));
  assert.equal(noOrigin.reason.cause, 'relay_failed');
  assert.deepEqual(relayCloseReason(4001), {
    cause: 'relay_refused', relayCode: 4001, detail: 'forbidden_destination: the relay does not connect to this address or port' });
  assert.deepEqual(relayCloseReason(4009, 'server_to_client_tls'), {
    cause: 'relay_cap', relayCode: 4009, detail: 'too_much_data: the relay\'s byte limit for one connection was reached (server_to_client_tls)' });
  // An unknown code is the relay's failure, never the mail server's.
  assert.deepEqual(relayCloseReason(4999, 'x'), { cause: 'relay_failed', relayCode: 4999, detail: 'websocket close 4999 (x)' });
  for (const [code, entry] of Object.entries(RELAY_CLOSE_CODES)) {
    assert.ok(Number(code) >= 1000 && Number(code) < 5000 && /^[a-z_]+$/.test(entry.code) && entry.message);
    assert.ok(CLOSE_CAUSES.includes(entry.cause), `${code}: ${entry.cause}`);
  }
  // Only the codes that report what the mail server did blame it.
  const blaming = Object.entries(RELAY_CLOSE_CODES).filter(([, e]) => e.cause.startsWith('server_')).map(([c]) => Number(c));
  assert.deepEqual(blaming, [1000, 4002, 4003, 4005, 4006]);
  assert.equal(relayCloseReason(4017, 'dns_timeout').cause, 'relay_failed');
  assert.equal(relayUrl('wss://relay.test/relay', { domain: 'example.nl', mx: 'mx.example.nl', address: '2001:db8::1' }),
    'wss://relay.test/relay?domain=example.nl&mx=mx.example.nl&ip=2001%3Adb8%3A%3A1');
  assert.deepEqual(parseConnected('connected'), { ehloName: '' });
  assert.deepEqual(parseConnected('connected {"ehlo_name":"relay.example","caps":{}}'), { ehloName: 'relay.example' });
  for (const bad of ['connected{}', 'connected {', 'connected null', 'hello', `connected ${' '.repeat(5000)}{}`])
    assert.equal(parseConnected(bad), null, bad);
});

test('WebSocket transport: a busy refusal (4008 concurrency) is tried again, a rate refusal is final', async () => {
  // A relay stand-in: refuses the first attempts with the given close, then admits.
  async function relayThatRefuses(code, reason, refusals) {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    let seen = 0;
    server.on('connection', (socket) => {
      seen += 1;
      if (seen <= refusals) socket.close(code, reason);
      else {
        socket.send('connected {"ehlo_name":"relay.test"}');
        socket.close(1000);
      }
    });
    return { url: `ws://127.0.0.1:${server.address().port}/relay`, attempts: () => seen,
      close: () => { for (const c of server.clients) c.terminate(); server.close(); } };
  }
  const busy = await relayThatRefuses(4008, 'destination_concurrency', 2);
  try {
    const result = await converse(createWebSocketTransport({ proxy: busy.url, WebSocket, connectTimeoutMs: CONNECT_MS }),
      postfixFor(world), { until: /(?!)/ });
    assert.deepEqual(result.events, ['connected', 'closed']);
    assert.equal(busy.attempts(), 3);
  } finally {
    busy.close();
  }
  const rate = await relayThatRefuses(4008, 'client_rate_minute', 1);
  try {
    const result = await converse(createWebSocketTransport({ proxy: rate.url, WebSocket, connectTimeoutMs: CONNECT_MS }),
      postfixFor(world));
    assert.deepEqual(result.events, ['connect_failed']);
    assert.equal(result.reason.cause, 'relay_refused');
    assert.equal(rate.attempts(), 1);
  } finally {
    rate.close();
  }
});

test('WebSocket transport: made only for a check\'s connect timeout', () => {
  for (const connectTimeoutMs of [undefined, 0, -1, 1.5, '10000'])
    assert.throws(() => createWebSocketTransport({ proxy: proxy.url, WebSocket, connectTimeoutMs }), TypeError);
});

test('WebSocket transport: an unreachable relay is a failed connect', async () => {
  const transport = createWebSocketTransport({ proxy: `ws://127.0.0.1:${closedPort}/relay`, WebSocket, connectTimeoutMs: CONNECT_MS });
  const result = await converse(transport, postfixFor(world));
  assert.deepEqual(result.events, ['connect_failed']);
  assert.equal(result.reason.cause, 'relay_failed');
  assert.match(result.reason.detail, /relay_unreachable/);
});
