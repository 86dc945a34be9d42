// Black-box tests of daneel-proxy's /relay (issue 14, step 2; docs/PROXY.md
// "The relay"): the built binary in the test profile, relaying to the test
// world's Postfix (a full EHLO, STARTTLS, TLS, EHLO, QUIT session with
// node:tls over the WebSocket) and to a local SMTP sink that records every
// byte it receives (refused commands never arrive). Each test uses its own
// client source address (127.0.0.1xx), so admission limits do not mix, and
// the log scan checks that none of them appears in the proxy's output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {
  closedWith, connected, delay, openRelay, pipe, relayQuery, reply, send, sessionLines, startProxy, startSink,
  stopProxy, waitFor, withTimeout, STEP_MS,
} from './relay-harness.mjs';

// How a proxy exited (stopProxy also says how long the stop took).
const exitOf = ({ code, signal }) => ({ code, signal });

const ORIGIN = 'http://daneel.test';
const EHLO = 'relay.test.example';
const worldDir = process.env.DANEEL_WORLD_DIR ?? '/tmp/daneel-world';
// Destinations: the sink listens on these (one per test), the world on 127.0.1.x.
const SINK = ['127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8', '127.0.0.9', '127.0.0.11', '127.0.0.12',
  '127.0.0.13', '127.0.0.14', '127.0.0.15', '127.0.0.16', '127.0.0.17', '127.0.0.18'];
const NO_LISTENER = '127.0.0.19';
// For the proxy with the default admission limits (one test, several addresses).
const LIMITS_SINK = ['127.0.0.30', '127.0.0.31', '127.0.0.32', '127.0.0.33', '127.0.0.34', '127.0.0.35',
  '127.0.0.36', '127.0.0.37', '127.0.0.38'];
// Client source addresses used by the tests; none may appear in any log.
const CLIENTS = [];
function client(n) {
  const address = `127.0.0.${100 + n}`;
  CLIENTS.push(address);
  return address;
}
const SPOOFED = '203.0.113.77';

const common = ['--test-profile', '--test-allow', '127.0.0.0/8', '--ehlo-name', EHLO, '--relay-origin', ORIGIN,
  '--limit', 'destination_concurrent=8', '--limit', 'destination_per_minute=16', '--limit', 'client_per_minute=16'];
// The sink's addresses are in no DNS: those proxies opt out of verification
// explicitly. The world proxy verifies every destination through the world's DoH.
const unverified = [...common, '--test-unverified'];
const WORLD_DOH = process.env.DANEEL_WORLD_DOH_HTTP_URL ?? 'http://127.0.2.54/dns-query';

let webRoot;
let sink;
let sinkProxy;
let worldProxy;
let fastProxy;  // small timeouts and caps
let ee311;

// The first server of a world scenario, as the check names it for the relay.
function worldServer(name = 'ee311') {
  let text;
  try {
    text = fs.readFileSync(path.join(worldDir, 'world.json'), 'utf8');
  } catch {
    throw new Error(`the test world is not up (${worldDir}/world.json missing): run tests/world/up`);
  }
  const scenario = JSON.parse(text).scenarios.find((s) => s.name === name);
  const server = scenario.servers[0];
  const domain = scenario.domain.replace(/\.$/, '');
  return { domain, mx: server ? server.host.replace(/\.$/, '') : `mx.${domain}`, ip: server?.ip };
}

before(async () => {
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'daneel-relay-test-'));
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html>');
  sink = await startSink([...SINK, ...LIMITS_SINK]);
  sinkProxy = await startProxy(webRoot, [...unverified, '--test-port', String(sink.port)]);
  worldProxy = await startProxy(webRoot, [...common, '--resolver', WORLD_DOH]);
  fastProxy = await startProxy(webRoot, [...unverified, '--test-port', String(sink.port), '--limit', 'greeting_ms=1000',
    '--limit', 'idle_ms=1500', '--limit', 'max_frame=512', '--limit', 'client_plaintext_bytes=43',
    '--limit', 'server_plaintext_bytes=512']);
  ee311 = worldServer();
});

after(async () => {
  if (sinkProxy) await stopProxy(sinkProxy);
  if (worldProxy) await stopProxy(worldProxy);
  if (fastProxy) await stopProxy(fastProxy);
  await sink?.close();
  fs.rmSync(webRoot, { recursive: true, force: true });
});

const to = (ip) => relayQuery({ domain: 'sink.example', mx: 'mx.sink.example', ip });

// Opens a session to the sink and waits for connected + the greeting.
async function greeted(port, ip, localAddress, extra = {}) {
  const c = openRelay(port, to(ip), { origin: ORIGIN, localAddress, ...extra });
  assert.deepEqual(await c.opened, { ok: true });
  await connected(c);
  const greeting = await reply(c, 220);
  return { c, at: greeting.end };
}

test('a full session through the relay to the world\'s Postfix: EHLO, STARTTLS, TLS over the WebSocket, EHLO, QUIT', async () => {
  const c = openRelay(worldProxy.port, relayQuery(ee311), { origin: ORIGIN, localAddress: client(0) });
  assert.deepEqual(await c.opened, { ok: true });
  const info = await connected(c);
  assert.equal(c.upgradeHeaders.server, 'daneel-proxy');
  assert.equal(info.ehlo_name, EHLO);
  assert.equal(info.port, 25);
  assert.equal(info.verified, 'verified');
  assert.equal(info.caps.client_plaintext_bytes, 1024);
  assert.equal(info.caps.server_tls_bytes, 131072);
  let at = (await reply(c, 220)).end;
  send(c, `EHLO ${EHLO}\r\n`);
  const ehlo = await reply(c, 250, at);
  assert.match(ehlo.text, /STARTTLS/);
  send(c, 'STARTTLS\r\n');
  at = (await reply(c, 220, ehlo.end)).end;
  assert.equal(c.rx.length, at, 'nothing after the 220 to STARTTLS');

  const secure = tls.connect({ socket: pipe(c), servername: ee311.mx, rejectUnauthorized: false });
  secure.on('error', () => {});
  await withTimeout(new Promise((resolve, reject) => {
    secure.once('secureConnect', resolve);
    secure.once('error', reject);
  }), STEP_MS, 'TLS handshake over the relay');
  let inside = '';
  secure.on('data', (d) => { inside += d.toString('latin1'); });
  const until = (re, what) => withTimeout(new Promise((resolve) => {
    const check = () => { if (re.test(inside)) { secure.off('data', check); resolve(); } };
    secure.on('data', check);
    check();
  }), STEP_MS, what);
  secure.write(`EHLO ${EHLO}\r\n`);
  await until(/(^|\r\n)250 [^\r]*\r\n/, 'EHLO reply inside TLS');
  secure.write('QUIT\r\n');
  await until(/(^|\r\n)221 /, 'QUIT reply inside TLS');
  const close = await closedWith(c, 'after QUIT');
  assert.equal(close.code, 4005, 'the server closed: upstream_closed');
  secure.destroy();

  await waitFor({ events: c.events, close: null }, () => sessionLines(worldProxy.stderr()).some((l) => l.address === ee311.ip && l.phase === 'tls'), 'the session log line').catch(() => {});
  const line = sessionLines(worldProxy.stderr()).find((l) => l.address === ee311.ip && l.phase === 'tls');
  assert.ok(line, `a session line with phase tls: ${worldProxy.stderr()}`);
  assert.equal(line.mx, ee311.mx);
  assert.equal(line.close_code, 4005);
  assert.ok(line.bytes_up > 200 && line.bytes_down > 500, JSON.stringify(line));
  assert.match(line.client, /^[0-9a-f]{32}$/);
});

// DNS verification against the world's DoH (dnsdist -> unbound -> NSD): each
// refusal comes before any connection, so no `connected` frame.
async function refusedByDns(destination, localAddress, expected) {
  const c = openRelay(worldProxy.port, relayQuery(destination), { origin: ORIGIN, localAddress });
  assert.deepEqual(await c.opened, { ok: true });
  assert.deepEqual(await closedWith(c, expected.reason), expected);
  assert.deepEqual(c.texts, [], 'no connected frame');
}

test('verification: an MX host and an address that do not belong together are refused with 4011', async () => {
  const other = worldServer('ee312');
  assert.notEqual(other.ip, ee311.ip);
  await refusedByDns({ ...ee311, ip: other.ip }, client(40), { code: 4011, reason: 'address_not_of_host' });
  // A host name that does not exist, listed nowhere: the MX check comes first.
  await refusedByDns({ ...ee311, mx: `nohost.${ee311.domain}` }, client(40), { code: 4010, reason: 'not_mx' });
});

test('verification: a host that is not an MX of the domain is refused with 4010', async () => {
  const other = worldServer('ee312');
  await refusedByDns({ domain: ee311.domain, mx: other.mx, ip: other.ip }, client(41), { code: 4010, reason: 'not_mx' });
  await refusedByDns({ domain: 'nxdomain.example', mx: ee311.mx, ip: ee311.ip }, client(41),
    { code: 4010, reason: 'domain_not_found' });
});

test('verification: a null MX domain is refused with 4010 null_mx; a "." beside a real MX is skipped', async () => {
  const nullMx = worldServer('null-mx');
  const mixed = worldServer('null-mx-mixed');
  await refusedByDns({ domain: nullMx.domain, mx: nullMx.domain, ip: mixed.ip }, client(42),
    { code: 4010, reason: 'null_mx' });
  await refusedByDns({ domain: nullMx.domain, mx: mixed.mx, ip: mixed.ip }, client(42),
    { code: 4010, reason: 'null_mx' });
  const c = openRelay(worldProxy.port, relayQuery(mixed), { origin: ORIGIN, localAddress: client(42) });
  assert.equal((await connected(c)).verified, 'verified');
  await reply(c, 220);
  c.ws.close(1000);
  await closedWith(c, 'close');
});

test('verification: a domain without MX is its own mail host (implicit MX)', async () => {
  const implicit = worldServer('implicit-mx');
  assert.equal(implicit.mx, implicit.domain);
  const c = openRelay(worldProxy.port, relayQuery(implicit), { origin: ORIGIN, localAddress: client(43) });
  assert.equal((await connected(c)).verified, 'verified');
  await reply(c, 220);
  c.ws.close(1000);
  await closedWith(c, 'close');
  // Another host for that domain is not its MX.
  await refusedByDns({ ...implicit, mx: `mx.${implicit.domain}` }, client(43), { code: 4010, reason: 'not_mx' });
});

test('verification over https: the world\'s DoH with --resolver-ca verifies; without the CA its certificate is refused (4017)', async () => {
  const https = process.env.DANEEL_WORLD_DOH_URL ?? 'https://127.0.2.54/dns-query';
  const ca = process.env.DANEEL_WORLD_DOH_CA ?? path.join(worldDir, 'certs', 'doh-ca.crt');
  const withCa = await startProxy(webRoot, [...common, '--resolver', https, '--resolver-ca', ca]);
  const withoutCa = await startProxy(webRoot, [...common, '--resolver', https]);
  try {
    const c = openRelay(withCa.port, relayQuery(ee311), { origin: ORIGIN, localAddress: client(44) });
    assert.equal((await connected(c)).verified, 'verified');
    c.ws.close(1000);
    await closedWith(c, 'close');
    const refused = openRelay(withoutCa.port, relayQuery(ee311), { origin: ORIGIN, localAddress: client(44) });
    assert.deepEqual(await closedWith(refused, 'untrusted resolver'), { code: 4017, reason: 'dns_unreachable' });
  } finally {
    assert.deepEqual([exitOf(await stopProxy(withCa)), exitOf(await stopProxy(withoutCa))],
      [{ code: 0, signal: null }, { code: 0, signal: null }]);
  }
});

test('forbidden verbs through the relay to the world\'s Postfix: its log shows each session lost after EHLO, never a MAIL', async () => {
  const logFile = path.join(worldDir, 'logs', 'postfix.log');
  const before = fs.statSync(logFile).size;
  const verbs = ['MAIL FROM:<a@example.org>', 'RCPT TO:<b@example.org>', 'DATA', 'VRFY postmaster'];
  for (const verb of verbs) {
    const c = openRelay(worldProxy.port, relayQuery(ee311), { origin: ORIGIN, localAddress: client(33) });
    await connected(c);
    const at = (await reply(c, 220)).end;
    send(c, `EHLO ${EHLO}\r\n`);
    await reply(c, 250, at);
    send(c, `${verb}\r\n`);
    assert.deepEqual(await closedWith(c, verb), { code: 4012, reason: 'forbidden_command' });
  }
  // Postfix logs through its log daemon; wait (bounded) for one line per session.
  const server = `postfix/${JSON.parse(fs.readFileSync(path.join(worldDir, 'world.json'), 'utf8'))
    .scenarios.find((s) => s.name === 'ee311').servers[0].id}/smtpd`;
  let lines = [];
  await withTimeout((async () => {
    for (;;) {
      const fd = fs.openSync(logFile, 'r');
      const size = fs.fstatSync(fd).size;
      const buffer = Buffer.alloc(Math.max(0, size - before));
      fs.readSync(fd, buffer, 0, buffer.length, before);
      fs.closeSync(fd);
      lines = buffer.toString('utf8').split('\n').filter((l) => l.includes(server));
      if (lines.filter((l) => l.includes('lost connection after EHLO')).length >= verbs.length) return;
      await delay(50);
    }
  })(), STEP_MS, 'the Postfix log lines');
  const commands = lines.filter((l) => / disconnect from /.test(l));
  assert.ok(commands.length >= verbs.length, lines.join('\n'));
  for (const line of lines) {
    assert.ok(!/ (mail|rcpt|data|vrfy)=/.test(line) && !/after (MAIL|RCPT|DATA|VRFY)/.test(line), line);
  }
});

test('Origin: missing or unknown gets 403 before the upgrade', async () => {
  for (const origin of [undefined, 'http://evil.test', 'null']) {
    const c = openRelay(worldProxy.port, relayQuery(ee311), { origin, localAddress: client(1) });
    const opened = await withTimeout(c.opened, STEP_MS, 'handshake');
    assert.equal(opened.status, 403, `origin ${origin}`);
  }
});

test('forbidden addresses are refused after the upgrade with 4001 and the range, without connecting', async () => {
  const cases = [['169.254.169.254', 'link_local'], ['::ffff:7f00:1', 'ipv4_mapped'], ['10.1.2.3', 'private_10'],
    ['64:ff9b::a9fe:a9fe', 'nat64']];
  for (const [ip, reason] of cases) {
    const c = openRelay(sinkProxy.port, to(ip), { origin: ORIGIN, localAddress: client(2) });
    assert.deepEqual(await c.opened, { ok: true });
    const close = await closedWith(c, ip);
    assert.equal(close.code, 4001, ip);
    assert.match(close.reason, new RegExp(reason), ip);
    assert.deepEqual(c.texts, [], 'no connected frame');
  }
});

test('malformed parameters close with 4000 and name the parameter', async () => {
  const cases = [
    ['domain=a.example&mx=mx.a.example&ip=127.0.0.5&port=25', 'bad_query'],
    ['domain=a.example&mx=mx.a.example', 'bad_query'],
    ['domain=a.example&mx=mx.a.example&ip=127.0.0.5&ip=127.0.0.6', 'bad_query'],
    ['domain=a.example&mx=-bad-.example&ip=127.0.0.5', 'bad_mx'],
    ['domain=127.0.0.1&mx=mx.a.example&ip=127.0.0.5', 'bad_domain'],
    ['domain=a.example&mx=mx.a.example&ip=localhost', 'bad_ip'],
    ['domain=a.example&mx=mx.a.example&ip=0127.0.0.1', 'bad_ip'],
  ];
  for (const [query, reason] of cases) {
    const c = openRelay(sinkProxy.port, query, { origin: ORIGIN, localAddress: client(3) });
    assert.deepEqual(await c.opened, { ok: true }, query);
    const close = await closedWith(c, query);
    assert.deepEqual(close, { code: 4000, reason }, query);
  }
});

test('a forbidden SMTP verb closes with 4012 and never reaches the server', async () => {
  const verbs = ['MAIL FROM:<a@example.org>', 'RCPT TO:<b@example.org>', 'DATA', 'AUTH PLAIN AGFAAGI=', 'VRFY postmaster', 'EXPN staff', 'ETRN example.org', 'BDAT 10 LAST'];
  const ip = SINK[0];
  for (const verb of verbs) {
    const { c, at } = await greeted(sinkProxy.port, ip, client(4));
    send(c, `EHLO ${EHLO}\r\n`);
    await reply(c, 250, at);
    send(c, `${verb}\r\n`);
    const close = await closedWith(c, verb);
    assert.deepEqual(close, { code: 4012, reason: 'forbidden_command' }, verb);
  }
  await delay(100);
  const received = sink.received(ip);
  assert.equal(received.length, verbs.length);
  for (const data of received) assert.equal(data, `EHLO ${EHLO}\r\n`, 'the sink got the EHLO and nothing else');
});

test('pregreet: a client byte before the greeting closes with 4013 and is not forwarded', async () => {
  sink.greetDelayMs = 700;
  try {
    const c = openRelay(sinkProxy.port, to(SINK[1]), { origin: ORIGIN, localAddress: client(5) });
    await connected(c);
    send(c, `EHLO ${EHLO}\r\n`);
    const close = await closedWith(c, 'pregreet');
    assert.deepEqual(close, { code: 4013, reason: 'pregreet' });
  } finally {
    sink.greetDelayMs = 0;
  }
  await delay(800);
  assert.deepEqual(sink.received(SINK[1]), ['']);
});

test('STARTTLS injection: bytes after STARTTLS in the same frame close with 4012; neither line is forwarded', async () => {
  const { c, at } = await greeted(sinkProxy.port, SINK[2], client(6));
  send(c, `EHLO ${EHLO}\r\n`);
  await reply(c, 250, at);
  send(c, 'STARTTLS\r\nMAIL FROM:<a@example.org>\r\n');
  const close = await closedWith(c, 'injection');
  assert.deepEqual(close, { code: 4012, reason: 'starttls_injection' });
  await delay(100);
  assert.deepEqual(sink.received(SINK[2]), [`EHLO ${EHLO}\r\n`]);
});

test('a text frame closes with 1003', async () => {
  const { c } = await greeted(sinkProxy.port, SINK[3], client(7));
  c.ws.send(`EHLO ${EHLO}\r\n`);  // a string: a text frame
  const close = await closedWith(c, 'text frame');
  assert.deepEqual(close, { code: 1003, reason: 'text_frame' });
  await delay(100);
  assert.deepEqual(sink.received(SINK[3]), ['']);
});

test('per-client concurrency exceeded by one (4008), also with a spoofed X-Forwarded-For from an untrusted peer', async () => {
  const me = client(8);
  const first = await greeted(sinkProxy.port, SINK[4], me);
  const second = await greeted(sinkProxy.port, SINK[4], me);
  const third = openRelay(sinkProxy.port, to(SINK[4]), { origin: ORIGIN, localAddress: me });
  assert.deepEqual(await closedWith(third, 'third'), { code: 4008, reason: 'client_concurrency' });
  const spoofed = openRelay(sinkProxy.port, to(SINK[4]), { origin: ORIGIN, localAddress: me, headers: { 'X-Forwarded-For': SPOOFED } });
  assert.deepEqual(await closedWith(spoofed, 'spoofed'), { code: 4008, reason: 'client_concurrency' });
  // Another client is not affected, and a freed slot is reused.
  first.c.ws.close(1000);
  await closedWith(first.c, 'first');
  await delay(200);
  const again = await greeted(sinkProxy.port, SINK[4], me);
  again.c.ws.close(1000);
  second.c.ws.close(1000);
  await Promise.all([closedWith(again.c, 'again'), closedWith(second.c, 'second')]);
});

test('slowloris: a connection that never finishes its upgrade does not disturb another session', async () => {
  const slow = net.connect({ host: '127.0.0.1', port: sinkProxy.port, localAddress: client(9) });
  slow.on('error', () => {});
  await withTimeout(new Promise((resolve) => slow.once('connect', resolve)), STEP_MS, 'slow connect');
  slow.write(`GET /relay?${to(SINK[5])} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n`);
  const { c, at } = await greeted(sinkProxy.port, SINK[5], client(10));
  send(c, `EHLO ${EHLO}\r\n`);
  const ehlo = await reply(c, 250, at);
  send(c, 'QUIT\r\n');
  await reply(c, 221, ehlo.end);
  assert.equal((await closedWith(c, 'quit')).code, 4005);
  assert.ok(!slow.destroyed, 'the slow connection is still waiting (header timeout 10 s)');
  slow.destroy();
});

test('a malformed WebSocket frame (reserved opcode) closes that session only', async () => {
  const victim = await greeted(sinkProxy.port, SINK[5], client(34));
  const bad = await greeted(sinkProxy.port, SINK[5], client(35));
  bad.c.ws._socket.write(Buffer.from([0x83, 0x80, 1, 2, 3, 4]));  // FIN, opcode 3 (reserved), masked, empty
  const close = await withTimeout(bad.c.closed, STEP_MS, 'malformed frame');
  assert.equal(close.code, 1002, 'protocol error (Beast)');
  send(victim.c, `EHLO ${EHLO}\r\n`);
  const ehlo = await reply(victim.c, 250, victim.at);
  send(victim.c, 'QUIT\r\n');
  await reply(victim.c, 221, ehlo.end);
  assert.equal((await closedWith(victim.c, 'quit')).code, 4005);
  await withTimeout((async () => {
    while (!sessionLines(sinkProxy.stderr()).some((l) => l.close_code === 1002 && l.close_reason === 'protocol_violation')) await delay(20);
  })(), STEP_MS, 'the log line of the malformed session');
});

test('connect refused by the destination closes with 4002 after the upgrade', async () => {
  const c = openRelay(sinkProxy.port, to(NO_LISTENER), { origin: ORIGIN, localAddress: client(13) });
  assert.deepEqual(await closedWith(c, 'refused'), { code: 4002, reason: '' });
  assert.deepEqual(c.texts, []);
});

test('a client close half-closes the server connection (the server sees FIN)', async () => {
  const { c } = await greeted(sinkProxy.port, SINK[7], client(14));
  c.ws.close(1000, 'done');
  await closedWith(c, 'client close');
  const [record] = sink.records(SINK[7]);
  await withTimeout((async () => { while (!record.ended) await delay(20); })(), STEP_MS, 'FIN at the sink');
});

test('after STARTTLS: a first byte that is not a TLS handshake record closes with 4012, a heartbeat record with 4015', async () => {
  for (const [ip, bytes, expected] of [
    [SINK[8], Buffer.from('EHLO again\r\n'), { code: 4012, reason: 'not_tls_after_starttls' }],
    [SINK[9], Buffer.from([0x16, 3, 1, 0, 4, 1, 0, 0, 0, 0x18, 3, 3, 0, 1, 1]), { code: 4015, reason: 'client tls_bad_content_type' }],
  ]) {
    const { c, at } = await greeted(sinkProxy.port, ip, client(15));
    send(c, `EHLO ${EHLO}\r\n`);
    const ehlo = await reply(c, 250, at);
    send(c, 'STARTTLS\r\n');
    await reply(c, 220, ehlo.end);
    c.ws.send(bytes, { binary: true });
    assert.deepEqual(await closedWith(c, expected.reason), expected);
    await delay(100);
    assert.deepEqual(sink.received(ip), [`EHLO ${EHLO}\r\nSTARTTLS\r\n`], 'nothing of the refused frame arrived');
  }
});

test('after STARTTLS: the client\'s application data budget (256 bytes) refuses the record that exceeds it; earlier records arrive', async () => {
  const ip = SINK[10];
  const { c, at } = await greeted(sinkProxy.port, ip, client(16));
  send(c, `EHLO ${EHLO}\r\n`);
  const ehlo = await reply(c, 250, at);
  send(c, 'STARTTLS\r\n');
  await reply(c, 220, ehlo.end);
  const hello = Buffer.from([0x16, 3, 1, 0, 4, 1, 0, 0, 0]);
  const appData = Buffer.concat([Buffer.from([0x17, 3, 3, 0, 100]), Buffer.alloc(100, 0xab)]);
  c.ws.send(hello, { binary: true });
  c.ws.send(appData, { binary: true });
  c.ws.send(appData, { binary: true });
  c.ws.send(appData, { binary: true });  // 300 > 256
  assert.deepEqual(await closedWith(c, 'budget'), { code: 4015, reason: 'client tls_app_data_bytes' });
  await delay(100);
  const [data] = sink.received(ip);
  assert.equal(Buffer.from(data, 'latin1').length, `EHLO ${EHLO}\r\nSTARTTLS\r\n`.length + hello.length + 2 * appData.length);
});

test('timeouts and caps (small limits): greeting 4007, idle 4007, client plaintext cap met exactly then exceeded by one (4009), a frame over max_frame (1009)', async () => {
  sink.greetDelayMs = 2_500;
  try {
    const slow = openRelay(fastProxy.port, to(SINK[11]), { origin: ORIGIN, localAddress: client(17) });
    await connected(slow);
    assert.deepEqual(await closedWith(slow, 'greeting timeout'), { code: 4007, reason: 'greeting_timeout' });
  } finally {
    sink.greetDelayMs = 0;
  }
  const idle = await greeted(fastProxy.port, SINK[12], client(18));
  const t0 = Date.now();
  assert.deepEqual(await closedWith(idle.c, 'idle'), { code: 4007, reason: 'idle_timeout' });
  assert.ok(Date.now() - t0 >= 1_300, 'not before the idle time');

  // Cap 43 = "EHLO relay.test.example\r\n" (25) + 3 x "NOOP\r\n" (6).
  const { c, at } = await greeted(fastProxy.port, SINK[12], client(19));
  send(c, `EHLO ${EHLO}\r\n`);
  let end = (await reply(c, 250, at)).end;
  for (let i = 0; i < 3; ++i) {
    send(c, 'NOOP\r\n');
    end = (await reply(c, 250, end)).end;
  }
  send(c, 'N');
  assert.deepEqual(await closedWith(c, 'cap'), { code: 4009, reason: 'client_plaintext_bytes' });
  await delay(100);
  assert.equal(sink.received(SINK[12]).at(-1), `EHLO ${EHLO}\r\nNOOP\r\nNOOP\r\nNOOP\r\n`);

  const big = await greeted(fastProxy.port, SINK[12], client(20));
  big.c.ws.send(Buffer.alloc(600, 0x41), { binary: true });
  assert.equal((await closedWith(big.c, 'message too big')).code, 1009);
});

test('the server side: plaintext that is not SMTP closes with 4016, over the server plaintext cap with 4009; the approved prefix arrives first', async () => {
  sink.greeting = '220 sink.test ESMTP\r\nHELLO there\r\n';
  let c;
  try {
    c = openRelay(sinkProxy.port, to(SINK[12]), { origin: ORIGIN, localAddress: client(23) });
    await connected(c);
    assert.deepEqual(await closedWith(c, 'bad reply'), { code: 4016, reason: 'server_bad_reply' });
  } finally {
    sink.greeting = '220 sink.test ESMTP\r\n';
  }
  // Server bytes are forwarded as they come; the guard judges a reply line at
  // its end, so everything before the refusing LF arrived.
  assert.equal(c.rx.toString('latin1'), '220 sink.test ESMTP\r\nHELLO there\r');

  // server_plaintext_bytes=512 on the small-limits proxy: a long EHLO reply.
  sink.ehloReply = `${'250-x'.padEnd(98, 'x')}\r\n`.repeat(6) + '250 STARTTLS\r\n';
  try {
    const { c: big, at } = await greeted(fastProxy.port, SINK[12], client(24));
    send(big, `EHLO ${EHLO}\r\n`);
    assert.deepEqual(await closedWith(big, 'server cap'), { code: 4009, reason: 'server_plaintext_bytes' });
    assert.equal(big.rx.length, 512, 'exactly the cap was forwarded');
    assert.ok(at < 512);
  } finally {
    sink.ehloReply = '250-sink.test\r\n250 STARTTLS\r\n';
  }
});

test('admission with the default limits, each exceeded by one: destination concurrency 1, destination rate 16/min, client rate 40/min, global concurrency (set to 3)', async () => {
  const proxy = await startProxy(webRoot, ['--test-profile', '--test-unverified', '--test-allow', '127.0.0.0/8',
    '--ehlo-name', EHLO, '--relay-origin', ORIGIN, '--test-port', String(sink.port), '--limit', 'global_concurrent=3']);
  const refused = async (ip, localAddress, reason) => {
    const c = openRelay(proxy.port, to(ip), { origin: ORIGIN, localAddress });
    const expected = reason === 'global_concurrency' ? 1013 : 4008;
    assert.deepEqual(await closedWith(c, reason), { code: expected, reason });
  };
  const end = async (c) => { c.ws.close(1000); await closedWith(c, 'close'); await delay(50); };
  try {
    const [d0, d1, d2, d3] = LIMITS_SINK;
    // Destination: 1 concurrent, 16 new per minute (two checks with TLS grading).
    const a = await greeted(proxy.port, d0, client(25));
    await refused(d0, client(26), 'destination_concurrency');
    await end(a.c);
    const other = client(26);
    for (let i = 1; i < 16; ++i) await end((await greeted(proxy.port, d0, other)).c);
    await refused(d0, client(27), 'destination_rate');
    // Global: 3 open sessions, the fourth is refused with 1013.
    const open = [await greeted(proxy.port, d1, client(28)), await greeted(proxy.port, d2, client(29)),
      await greeted(proxy.port, d3, client(30))];
    await refused(LIMITS_SINK[4], client(31), 'global_concurrency');
    for (const o of open) await end(o.c);
    // Client: 40 new sessions per minute (d4..d8, eight each), the 41st is refused.
    const me = client(32);
    for (let i = 0; i < 40; ++i) {
      const ip = LIMITS_SINK[4 + (i % 5)];
      await end((await greeted(proxy.port, ip, me)).c);
    }
    await refused(LIMITS_SINK[4], me, 'client_rate_minute');
  } finally {
    assert.deepEqual(exitOf(await stopProxy(proxy)), { code: 0, signal: null });
  }
});

test('without a resolver outside the test profile the relay refuses to run (503), and the test options are refused with public ones', async () => {
  const proxy = await startProxy(webRoot, ['--ehlo-name', EHLO, '--relay-origin', ORIGIN]);
  try {
    const c = openRelay(proxy.port, relayQuery(ee311), { origin: ORIGIN, localAddress: client(11) });
    assert.equal((await c.opened).status, 503);
    assert.match(proxy.stderr(), /no --resolver to verify destinations through DNS/);
  } finally {
    await stopProxy(proxy);
  }
  const { spawnSync } = await import('node:child_process');
  const { proxyBin } = await import('./relay-harness.mjs');
  const refused = [
    ['--test-allow', '127.0.0.0/8'],
    ['--test-port', '2525'],
    ['--test-profile', '--test-allow', '10.0.0.0/8'],
    ['--test-profile', '--listen', '0.0.0.0:0'],
    ['--test-profile', '--front-proxy', '127.0.0.1/32'],
    ['--limit', 'client_per_minute=99'],
    ['--test-unverified'],
    ['--test-profile', '--ehlo-name', EHLO],  // neither a resolver nor the explicit opt-out
    ['--test-profile', '--test-unverified', '--resolver', WORLD_DOH],
    ['--resolver', 'http://doh.example/dns-query'],  // names are never resolved
    ['--resolver', 'ftp://127.0.0.1/dns-query'],
    ['--resolver', WORLD_DOH, '--limit', 'dns_ms=8000'],  // not less than connect_ms
    ['--resolver-ca', 'a.pem', '--resolver-ca', 'b.pem'],
  ];
  for (const args of refused) {
    const listen = args.includes('--listen') ? [] : ['--listen', '127.0.0.1:0'];
    const r = spawnSync(proxyBin, [...listen, '--web-root', webRoot, ...args], { timeout: STEP_MS, encoding: 'utf8' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
  }
});

test('--config: the JSON examples start, a file setting also given as a flag or an unknown key is refused', async () => {
  const { spawnSync } = await import('node:child_process');
  const { proxyBin, repoRoot } = await import('./relay-harness.mjs');
  const examples = path.join(repoRoot, 'proxy', 'examples');
  // The public example verifies destinations through its resolver; the
  // world's loopback addresses are refused before any lookup.
  const pub = await startProxy(webRoot, ['--config', path.join(examples, 'public.json')]);
  try {
    const c = openRelay(pub.port, relayQuery(ee311), { origin: 'https://check.example.org', localAddress: client(21) });
    assert.deepEqual(await closedWith(c, 'loopback refused'), { code: 4001, reason: 'loopback' });
    // The startup lines came before the session's.
    assert.match(pub.stderr(), /destinations verified through DNS \(resolver http:\/\/127\.0\.0\.1:8053\/dns-query/);
  } finally {
    await stopProxy(pub);
  }
  // A file like the local example, on a free port, relaying to the sink.
  const local = JSON.parse(fs.readFileSync(path.join(examples, 'local-test-world.json'), 'utf8'));
  delete local.listen;  // startProxy gives --listen 127.0.0.1:0
  assert.deepEqual(local.relay.resolvers, ['http://127.0.2.54/dns-query'], 'the local example verifies through the world');
  delete local.relay.resolvers;  // the sink is in no DNS
  delete local.relay.dns_query;  // it forwards to those resolvers
  local.relay.test_unverified = true;
  local.relay.origins = [ORIGIN];
  local.relay.test_port = sink.port;
  const file = path.join(webRoot, 'local.json');
  fs.writeFileSync(file, JSON.stringify(local));
  const child = await startProxy(webRoot, ['--config', file]);
  try {
    const { c } = await greeted(child.port, SINK[12], client(22));
    assert.equal((await connected(c)).ehlo_name, 'relay.daneel.test');
    c.ws.close(1000);
    await closedWith(c, 'close');
  } finally {
    await stopProxy(child);
  }
  const bad = [
    [{ relay: { colour: 'blue' } }, /unknown setting "relay.colour"/],
    [{ relay: { limits: { idle_ms: -1 } } }, /non-negative integer/],
    [{ max_connections: 5 }, null],  // fine alone; given twice below
  ];
  for (const [content, message] of bad) {
    fs.writeFileSync(file, JSON.stringify(content));
    const extra = message ? [] : ['--max-connections', '7'];
    const r = spawnSync(proxyBin, ['--config', file, '--web-root', webRoot, '--listen', '127.0.0.1:0', ...extra], { timeout: STEP_MS, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message ?? /given twice/);
  }
});

test('SIGTERM: an open session gets the drain time, then close 1001; the proxy exits 0', async () => {
  const proxy = await startProxy(webRoot, [...unverified, '--test-port', String(sink.port), '--limit', 'drain_ms=300']);
  const { c } = await greeted(proxy.port, SINK[6], client(12));
  const t0 = Date.now();
  const stopped = stopProxy(proxy, 8_000);
  const close = await closedWith(c, 'drain', 5_000);
  assert.deepEqual(close, { code: 1001, reason: 'draining' });
  assert.ok(Date.now() - t0 >= 250, 'not before the drain time');
  assert.deepEqual(exitOf(await stopped), { code: 0, signal: null });
  const line = sessionLines(proxy.stderr()).find((l) => l.close_code === 1001);
  assert.ok(line, proxy.stderr());
  assert.equal(line.phase, 'plaintext', 'the greeting was complete');
});

test('/metrics: sessions by close code, refusals by rule, bytes and active sessions, no client address', async () => {
  const scrape = async (proxy) => {
    const res = await fetch(`${proxy.base}/metrics`, { signal: AbortSignal.timeout(STEP_MS) });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  const value = (text, series) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  const sink = await scrape(sinkProxy);
  // The sessions the tests above ended: refused SMTP commands, pregreet, forbidden addresses.
  assert.ok(value(sink, 'daneel_relay_sessions_total{code="4012",word="smtp_refused"}') >= 8, sink);
  assert.ok(value(sink, 'daneel_relay_sessions_total{code="4013",word="pregreet"}') >= 1, sink);
  assert.ok(value(sink, 'daneel_relay_refusals_total{rule="forbidden_command"}') >= 8, sink);
  assert.ok(value(sink, 'daneel_relay_bytes_total{direction="up"}') > 0, sink);
  assert.equal(value(sink, 'daneel_relay_active_sessions'), 0);
  // Well-formed exposition: every sample line is NAME{labels} NUMBER, every family has HELP and TYPE.
  for (const line of sink.split('\n').filter((l) => l && !l.startsWith('#')))
    assert.match(line, /^daneel_relay_[a-z_]+(\{[a-z_]+="[a-z0-9_]+"(,[a-z_]+="[a-z0-9_]+")*\})? \d+$/);
  const world = await scrape(worldProxy);
  assert.ok(value(world, 'daneel_relay_sessions_total{code="4005",word="upstream_closed"}') >= 1, world);
  assert.ok(value(world, 'daneel_relay_refusals_total{rule="origin_refused"}') >= 3, world);  // before the upgrade (403)
  for (const text of [sink, world])
    for (const address of [...CLIENTS, SPOOFED]) assert.ok(!text.includes(address), `${address} in /metrics`);
});

test('the logs never contain a client address: one JSON line per session with a keyed hash', async () => {
  // Stopped first, so the logs are complete; a clean exit also means the
  // sanitizer build found no leak or error.
  for (const proxy of [sinkProxy, worldProxy, fastProxy]) assert.deepEqual(exitOf(await stopProxy(proxy)), { code: 0, signal: null });
  const logs = [sinkProxy.stderr(), worldProxy.stderr(), fastProxy.stderr()];
  const lines = logs.flatMap(sessionLines);
  assert.ok(lines.length >= 20, `session lines: ${lines.length}`);
  for (const line of lines) {
    assert.match(line.client, /^[0-9a-f]{32}$/);
    assert.deepEqual(Object.keys(line), ['event', 'time', 'client', 'domain', 'mx', 'address', 'verified', 'phase',
      'close_code', 'close_reason', 'bytes_up', 'bytes_down', 'duration_ms']);
  }
  for (const text of logs) {
    for (const address of [...CLIENTS, SPOOFED]) {
      assert.ok(!new RegExp(`${address.replaceAll('.', '\\.')}(?!\\d)`).test(text), `${address} in the log`);
    }
  }
  // One client, one hash (within the day): the concurrency test's sessions share it.
  const concurrency = sessionLines(sinkProxy.stderr()).filter((l) => l.address === SINK[4]);
  assert.ok(concurrency.length >= 5);
  assert.equal(new Set(concurrency.map((l) => l.client)).size, 1);
});
