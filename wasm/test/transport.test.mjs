// The SMTP transports against a world Postfix: node:net directly, and a
// WebSocket through a loopback relay (what browsers use).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import WebSocket from 'ws';
import { createNodeTransport } from '../src/transport-node.mjs';
import { createWebSocketTransport, RELAY_CLOSE_CODES, describeClose, relayUrl } from '../src/transport-websocket.mjs';
import { requireWorld } from '../test-support/world.mjs';
import { startRelay } from '../test-support/relay.mjs';

let world;
let relay;
let closedPort;

before(async () => {
  world = await requireWorld();
  relay = await startRelay();
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  closedPort = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
});

after(async () => {
  await relay?.close();
});

// Opens a connection, collects bytes until `until` matches, then closes it.
function converse(transport, destination, { send, until = /\r\n$/ } = {}) {
  return new Promise((resolve, reject) => {
    const events = [];
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no answer; events: ${events.join(', ')}`)), 10_000);
    const connection = transport.open(destination, {
      onConnected: () => {
        events.push('connected');
        if (send) connection.send(new TextEncoder().encode(send));
      },
      onConnectFailed: (reason) => {
        clearTimeout(timer);
        resolve({ events: [...events, 'connect_failed'], reason, text });
      },
      onData: (bytes) => {
        assert.ok(bytes instanceof Uint8Array);
        text += new TextDecoder().decode(bytes);
        if (until.test(text)) {
          clearTimeout(timer);
          connection.close();
          resolve({ events, text });
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
});

test('node:net transport: a refused connect and a name instead of an address fail to connect', async () => {
  const refused = await converse(createNodeTransport(), { address: '127.0.0.1', port: closedPort });
  assert.deepEqual(refused.events, ['connect_failed']);
  assert.match(refused.reason, /ECONNREFUSED/);
  const name = await converse(createNodeTransport(), { address: 'localhost', port: 25 });
  assert.deepEqual(name.events, ['connect_failed']);
  assert.match(name.reason, /not an IP address/);
});

test('WebSocket transport reads the same greeting through a relay', async () => {
  const transport = createWebSocketTransport({ proxy: relay.url, WebSocket });
  const { events, text } = await converse(transport, world.postfix);
  assert.deepEqual(events, ['connected']);
  assert.match(text, /^220 [^\r\n]*ESMTP/);
  const quit = await converse(transport, world.postfix, { send: 'EHLO daneel.test\r\n', until: /^250 /m });
  assert.match(quit.text, /^250[- ]/m);
});

test('WebSocket transport maps the relay close codes to readable errors', async () => {
  const transport = createWebSocketTransport({ proxy: relay.url, WebSocket });
  const refused = await converse(transport, { address: '127.0.0.1', port: closedPort });
  assert.deepEqual(refused.events, ['connect_failed']);
  assert.match(refused.reason, /^connect_refused: the mail server refused the connection/);
  const bad = await converse(transport, { address: 'not-an-ip', port: 25 });
  assert.match(bad.reason, /^bad_request/);
  assert.equal(describeClose(4001), 'forbidden_destination: the relay does not connect to this address or port');
  assert.equal(describeClose(4999, 'x'), 'websocket close 4999 (x)');
  for (const [code, entry] of Object.entries(RELAY_CLOSE_CODES)) {
    assert.ok(Number(code) >= 1000 && Number(code) < 5000 && /^[a-z_]+$/.test(entry.code) && entry.message);
  }
  assert.equal(relayUrl('wss://relay.test/smtp', '2001:db8::1', 25), 'wss://relay.test/smtp?host=2001%3Adb8%3A%3A1&port=25');
});

test('WebSocket transport: an unreachable relay is a failed connect', async () => {
  const transport = createWebSocketTransport({ proxy: `ws://127.0.0.1:${closedPort}/relay`, WebSocket });
  const result = await converse(transport, world.postfix);
  assert.deepEqual(result.events, ['connect_failed']);
  assert.match(result.reason, /relay_unreachable/);
});
