// The relay's DNS verification of destinations (issue 14 item 2; docs/PROXY.md
// "Destination verification") against a DoH server whose answers the test
// changes while the proxy runs (doh-stub.mjs: real HTTP, real DNS messages),
// and a local SMTP sink that records every connection: an MX that changes
// between the check's lookup and the relay's, a resolver that fails, is down
// or never answers (the relay's own 4017, never the mail server's doing), the
// TTL cache and its /metrics counters, and one lookup for simultaneous
// requests. The world's DNS cases (4010, 4011, null MX, implicit MX) are in
// relay.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import {
  closedWith, connected, openRelay, relayQuery, reply, startProxy, startSink, stopProxy, withTimeout, STEP_MS,
} from './relay-harness.mjs';
import { startDohStub } from './doh-stub.mjs';

const ORIGIN = 'http://daneel.test';
const EHLO = 'relay.test.example';
const SINK = ['127.0.0.41', '127.0.0.42', '127.0.0.43', '127.0.0.44', '127.0.0.45'];
const base = (resolver) => ['--test-profile', '--test-allow', '127.0.0.0/8', '--ehlo-name', EHLO,
  '--relay-origin', ORIGIN, '--resolver', resolver, '--limit', 'destination_concurrent=8',
  '--limit', 'destination_per_minute=16', '--limit', 'client_per_minute=16', '--limit', 'client_concurrent=8'];

let webRoot;
let sink;
let stub;
let proxy;

before(async () => {
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'daneel-verify-test-'));
  sink = await startSink(SINK);
  stub = await startDohStub();
  proxy = await startProxy(webRoot, [...base(stub.url), '--test-port', String(sink.port)]);
});

after(async () => {
  if (proxy) assert.equal((await stopProxy(proxy)).code, 0, 'the proxy exits 0 (the sanitizer build found nothing)');
  await stub?.close();
  await sink?.close();
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

function open(p, destination, localAddress) {
  return openRelay(p.port, relayQuery(destination), { origin: ORIGIN, localAddress });
}

async function refused(p, destination, localAddress, expected) {
  const c = open(p, destination, localAddress);
  assert.deepEqual(await c.opened, { ok: true });
  assert.deepEqual(await closedWith(c, expected.reason), expected);
  assert.deepEqual(c.texts, [], 'no connected frame');
}

async function accepted(p, destination, localAddress) {
  const c = open(p, destination, localAddress);
  const info = await connected(c);
  await reply(c, 220);
  c.ws.close(1000);
  await closedWith(c, 'close');
  return info;
}

// What a check would do first: ask the resolver for D's MX itself (RFC 8484 POST).
async function checkLooksUpMx(domain) {
  const labels = domain.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const query = Buffer.concat([Buffer.from([0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]), ...labels, Buffer.from([0, 0, 15, 0, 1])]);
  const res = await fetch(stub.url, { method: 'POST', headers: { 'content-type': 'application/dns-message' }, body: query });
  const body = Buffer.from(await res.arrayBuffer());
  return body.toString('latin1');
}

async function metrics(p) {
  const res = await fetch(`${p.base}/metrics`);
  assert.equal(res.status, 200);
  return res.text();
}

// A session's counters are written when the session object goes, which may
// be a moment after the client saw the close: poll /metrics a little.
async function eventually(p, line, expected) {
  let value;
  for (let i = 0; i < 40; ++i) {
    value = counter(await metrics(p), line);
    if (value === expected) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return value;
}

function counter(text, line) {
  const m = new RegExp(`^${line.replace(/[{}"=]/g, (c) => `\\${c}`)} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

const connectionsTo = (address) => sink.records(address).length;

test('an MX that changes between the check\'s lookup and the relay\'s: the old host is refused (4010) without connecting, the new one relayed', async () => {
  stub.set('change.test', { MX: [[10, 'mx-old.change.test']] }, { ttl: 1 });
  stub.set('mx-old.change.test', { A: ['127.0.0.41'] });
  stub.set('mx-new.change.test', { A: ['127.0.0.42'] });
  assert.match(await checkLooksUpMx('change.test'), /mx-old/, 'the check saw the old MX');
  stub.set('change.test', { MX: [[10, 'mx-new.change.test']] }, { ttl: 1 });
  await refused(proxy, { domain: 'change.test', mx: 'mx-old.change.test', ip: '127.0.0.41' }, '127.0.0.150',
    { code: 4010, reason: 'not_mx' });
  assert.equal(connectionsTo('127.0.0.41'), 0, 'the old MX was never connected to');
  const info = await accepted(proxy, { domain: 'change.test', mx: 'mx-new.change.test', ip: '127.0.0.42' }, '127.0.0.150');
  assert.equal(info.verified, 'verified');
  assert.equal(connectionsTo('127.0.0.42'), 1);
});

test('a host that does not exist is refused with 4011 host_not_found; an address of another family with 4011', async () => {
  stub.set('nohost.test', { MX: [[10, 'mx.nohost.test']] });
  await refused(proxy, { domain: 'nohost.test', mx: 'mx.nohost.test', ip: '127.0.0.43' }, '127.0.0.151',
    { code: 4011, reason: 'host_not_found' });
  stub.set('v6.test', { MX: [[10, 'mx.v6.test']] });
  stub.set('mx.v6.test', { AAAA: ['::1'] });
  await refused(proxy, { domain: 'v6.test', mx: 'mx.v6.test', ip: '127.0.0.43' }, '127.0.0.151',
    { code: 4011, reason: 'address_not_of_host' });
  assert.equal(connectionsTo('127.0.0.43'), 0);
});

test('the resolver\'s SERVFAIL or REFUSED is the relay\'s failure (4017), not the mail server\'s', async () => {
  stub.fail('servfail.test', 'SERVFAIL');
  await refused(proxy, { domain: 'servfail.test', mx: 'mx.servfail.test', ip: '127.0.0.44' }, '127.0.0.152',
    { code: 4017, reason: 'dns_servfail' });
  stub.set('refused.test', { MX: [[10, 'mx.refused.test']] });
  stub.fail('mx.refused.test', 'REFUSED');
  await refused(proxy, { domain: 'refused.test', mx: 'mx.refused.test', ip: '127.0.0.44' }, '127.0.0.152',
    { code: 4017, reason: 'dns_refused' });
  assert.equal(connectionsTo('127.0.0.44'), 0);
});

test('resolver down: connection refused gives 4017 dns_unreachable at once; a resolver that never answers gives 4017 dns_timeout after dns_ms', async () => {
  // A port nobody listens on.
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const closedPort = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  // A resolver that accepts the connection and never answers.
  const held = [];
  const silent = net.createServer((socket) => { held.push(socket); socket.on('error', () => {}); }).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const down = await startProxy(webRoot, [...base(`http://127.0.0.1:${closedPort}/dns-query`),
    '--test-port', String(sink.port)]);
  const mute = await startProxy(webRoot, [...base(`http://127.0.0.1:${silent.address().port}/dns-query`),
    '--test-port', String(sink.port), '--limit', 'dns_ms=400']);
  try {
    const destination = { domain: 'any.test', mx: 'mx.any.test', ip: '127.0.0.45' };
    const t0 = Date.now();
    await refused(down, destination, '127.0.0.153', { code: 4017, reason: 'dns_unreachable' });
    await refused(mute, destination, '127.0.0.153', { code: 4017, reason: 'dns_timeout' });
    const ms = Date.now() - t0;
    assert.ok(ms >= 400 && ms < 3000, `the timeout took ${ms} ms`);
    assert.equal(connectionsTo('127.0.0.45'), 0);
    assert.equal(await eventually(mute, 'daneel_relay_verifications_total{outcome="dns_timeout"}', 1), 1);
    assert.equal(await eventually(mute, 'daneel_relay_sessions_total{code="4017",word="relay_dns_failed"}', 1), 1);
  } finally {
    const stopped = [await stopProxy(down), await stopProxy(mute)];
    for (const socket of held) socket.destroy();
    await withTimeout(new Promise((resolve) => silent.close(resolve)), STEP_MS, 'the silent resolver closes');
    assert.deepEqual(stopped.map((r) => r.code), [0, 0]);
  }
});

test('the TTL cache: a second relay to the same pair asks the resolver nothing, and /metrics counts the hits', async () => {
  stub.set('cached.test', { MX: [[10, 'mx.cached.test']] }, { ttl: 60 });
  stub.set('mx.cached.test', { A: ['127.0.0.45'] }, { ttl: 60 });
  const destination = { domain: 'cached.test', mx: 'mx.cached.test', ip: '127.0.0.45' };
  const before = counter(await metrics(proxy), 'daneel_relay_dns_cache_total{result="hit"}');
  await accepted(proxy, destination, '127.0.0.154');
  const asked = stub.asked.length;
  await accepted(proxy, destination, '127.0.0.154');
  assert.equal(stub.asked.length, asked, 'the second verification came from the cache');
  const text = await metrics(proxy);
  // MX, A and the negative AAAA answer (kept for its SOA's TTL).
  assert.equal(counter(text, 'daneel_relay_dns_cache_total{result="hit"}') - before, 3);
  assert.ok(counter(text, 'daneel_relay_dns_cache_total{result="miss"}') >= 3);
  assert.ok(counter(text, 'daneel_relay_verifications_total{outcome="verified"}') >= 2);
  assert.doesNotMatch(text, /127\.0\.0\.15\d/, 'no client address in /metrics');
});

test('simultaneous relay requests for one pair share one lookup', async () => {
  stub.set('shared.test', { MX: [[10, 'mx.shared.test']] }, { ttl: 0 });  // TTL 0: never cached
  stub.set('mx.shared.test', { A: ['127.0.0.45'] }, { ttl: 0 });
  stub.delayMs = 800;  // long enough for a loaded machine to open the other sessions meanwhile
  try {
    const asked = stub.asked.length;
    const before = counter(await metrics(proxy), 'daneel_relay_dns_coalesced_total');
    const destination = { domain: 'shared.test', mx: 'mx.shared.test', ip: '127.0.0.45' };
    const clients = ['127.0.0.155', '127.0.0.156', '127.0.0.157'];
    const infos = await withTimeout(Promise.all(clients.map((c) => accepted(proxy, destination, c))), 3 * STEP_MS,
      'three relays');
    assert.deepEqual(infos.map((i) => i.verified), ['verified', 'verified', 'verified']);
    assert.equal(stub.asked.length - asked, 3, `one MX, one A, one AAAA question: ${stub.asked.slice(asked)}`);
    assert.equal(counter(await metrics(proxy), 'daneel_relay_dns_coalesced_total') - before, 2);
  } finally {
    stub.delayMs = 0;
  }
});

test('lookups in flight are bounded (dns_lookups=1): a second pair while one is in flight is the relay\'s 4017 dns_busy', async () => {
  const small = await startProxy(webRoot, [...base(stub.url), '--test-port', String(sink.port), '--limit', 'dns_lookups=1']);
  stub.set('busy1.test', { MX: [[10, 'mx.busy1.test']] }, { ttl: 0 });
  stub.set('mx.busy1.test', { A: ['127.0.0.45'] }, { ttl: 0 });
  stub.set('busy2.test', { MX: [[10, 'mx.busy2.test']] }, { ttl: 0 });
  stub.set('mx.busy2.test', { A: ['127.0.0.44'] }, { ttl: 0 });
  stub.delayMs = 800;  // long enough for a loaded machine to open the other sessions meanwhile
  try {
    const first = accepted(small, { domain: 'busy1.test', mx: 'mx.busy1.test', ip: '127.0.0.45' }, '127.0.0.158');
    // Until the stub holds the first lookup's questions (their answers wait 800 ms).
    for (let i = 0; i < 100 && !stub.asked.includes('busy1.test MX'); ++i) await new Promise((r) => setTimeout(r, 10));
    assert.ok(stub.asked.includes('busy1.test MX'), 'the first lookup is in flight');
    await refused(small, { domain: 'busy2.test', mx: 'mx.busy2.test', ip: '127.0.0.44' }, '127.0.0.159',
      { code: 4017, reason: 'dns_busy' });
    assert.equal((await first).verified, 'verified');
  } finally {
    stub.delayMs = 0;
    assert.equal((await stopProxy(small)).code, 0);
  }
});
