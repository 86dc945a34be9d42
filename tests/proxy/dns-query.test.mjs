// The proxy's optional same-origin DoH endpoint /dns-query (issue 14 item 5;
// docs/PROXY.md "The DoH endpoint"): RFC 8484 GET and POST forwarded to the
// configured resolver and answered unchanged, against the DoH stub
// (doh-stub.mjs) and the test world's DoH; every request check (size, form,
// media type, method), the per-client rate limited by one, and the resolver's
// failures (502, 504) as the proxy's own answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { proxyBin, startProxy, stopProxy, withTimeout, STEP_MS } from './relay-harness.mjs';
import { startDohStub } from './doh-stub.mjs';

const WORLD_DOH = process.env.DANEEL_WORLD_DOH_HTTP_URL ?? 'http://127.0.2.54/dns-query';

let webRoot;
let stub;
let proxy;

before(async () => {
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'daneel-dns-query-test-'));
  stub = await startDohStub();
  proxy = await startProxy(webRoot, ['--dns-query', '--resolver', stub.url, '--limit', 'dns_query_per_minute=3']);
});

after(async () => {
  if (proxy) assert.equal((await stopProxy(proxy)).code, 0, 'the proxy exits 0 (the sanitizer build found nothing)');
  await stub?.close();
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

// A DNS query in wire form (ID 0, RD, one question, class IN).
function query(name, type, { qr = false } = {}) {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const flags = qr ? [0x81, 0x00] : [0x01, 0x00];
  return Buffer.concat([Buffer.from([0, 0, ...flags, 0, 1, 0, 0, 0, 0, 0, 0]), ...labels,
    Buffer.from([0, 0, type, 0, 1])]);
}

// One HTTP request from a chosen source address; resolves with status, headers and body.
function request(port, { method = 'GET', target = '/dns-query', body, headers = {}, localAddress = '127.0.0.1' }) {
  return withTimeout(new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers, localAddress, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      });
    req.on('error', reject);
    req.end(body);
  }), STEP_MS, `${method} ${target}`);
}

const post = (port, wire, localAddress, type = 'application/dns-message') =>
  request(port, { method: 'POST', body: wire, headers: { 'content-type': type }, localAddress });
const get = (port, wire, localAddress) =>
  request(port, { target: `/dns-query?dns=${wire.toString('base64url')}`, localAddress });

test('POST and GET are forwarded to the resolver and answered unchanged, cacheable for the smallest TTL', async () => {
  stub.set('q.test', { A: ['192.0.2.7'] }, { ttl: 120 });
  const wire = query('q.test', 1);
  const direct = await fetch(stub.url, { method: 'POST', headers: { 'content-type': 'application/dns-message' }, body: wire });
  const expected = Buffer.from(await direct.arrayBuffer());
  for (const answer of [await post(proxy.port, wire, '127.0.0.160'), await get(proxy.port, wire, '127.0.0.160')]) {
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'application/dns-message');
    assert.equal(answer.headers['cache-control'], 'max-age=120');
    assert.deepEqual(answer.body, expected);
  }
  // A negative answer is cacheable for its SOA's TTL; SERVFAIL is an answer too, passed on.
  const missing = await post(proxy.port, query('missing.test', 1), '127.0.0.160');
  assert.equal(missing.status, 200);
  assert.equal(missing.body[3] & 0x0f, 3, 'NXDOMAIN');
  assert.equal(missing.headers['cache-control'], 'max-age=60');
});

test('requests are checked before anything is forwarded: form, size, media type, method', async () => {
  const asked = stub.asked.length;
  const cases = [
    [{ target: '/dns-query' }, 400, /bad_query_string/],
    [{ target: '/dns-query?ct=x' }, 400, /bad_query_string/],
    [{ target: '/dns-query?dns=AAAB&dns=AAAB' }, 400, /bad_query_string/],
    [{ target: '/dns-query?dns=***' }, 400, /bad_base64/],
    [{ target: `/dns-query?dns=${Buffer.from('not dns').toString('base64url')}` }, 400, /malformed/],
    [{ target: `/dns-query?dns=${query('q.test', 1, { qr: true }).toString('base64url')}` }, 400, /not_a_query/],
    [{ target: `/dns-query?dns=${Buffer.alloc(513).toString('base64url')}` }, 413, /too_large/],
    [{ method: 'POST', body: query('q.test', 1), headers: { 'content-type': 'text/plain' } }, 415, /media_type/],
    [{ method: 'POST', body: Buffer.alloc(513), headers: { 'content-type': 'application/dns-message' } }, 413, /body_size/],
    [{ method: 'PUT', body: query('q.test', 1) }, 405, /method/],
    [{ method: 'HEAD' }, 405, null],
  ];
  for (const [options, status, words] of cases) {
    const r = await request(proxy.port, { ...options, localAddress: '127.0.0.161' });
    assert.equal(r.status, status, `${options.method ?? 'GET'} ${options.target ?? ''}`);
    if (words) assert.match(r.body.toString(), words);
    if (status === 405) assert.equal(r.headers.allow, 'GET, POST');
  }
  assert.equal(stub.asked.length, asked, 'the resolver was asked nothing');
});

test('the per-client rate (dns_query_per_minute=3) exceeded by one gives 429; another client is not affected', async () => {
  stub.set('rate.test', { A: ['192.0.2.8'] });
  const wire = query('rate.test', 1);
  for (let i = 0; i < 3; ++i) assert.equal((await post(proxy.port, wire, '127.0.0.162')).status, 200);
  const refused = await post(proxy.port, wire, '127.0.0.162');
  assert.equal(refused.status, 429);
  assert.match(refused.body.toString(), /client_rate_minute/);
  assert.equal((await get(proxy.port, wire, '127.0.0.163')).status, 200);
  const text = await (await fetch(`${proxy.base}/metrics`)).text();
  assert.match(text, /^daneel_dns_query_total\{result="rate_limited"\} 1$/m);
  assert.match(text, /^daneel_dns_query_total\{result="bad_request"\} [1-9]/m);
  assert.doesNotMatch(text, /127\.0\.0\.16\d/, 'no client address in /metrics');
});

test('resolver down gives 502, a resolver that never answers 504 after dns_ms; both are the proxy\'s answers', async () => {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const closedPort = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  const held = [];
  const silent = net.createServer((socket) => { held.push(socket); socket.on('error', () => {}); }).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const down = await startProxy(webRoot, ['--dns-query', '--resolver', `http://127.0.0.1:${closedPort}/dns-query`]);
  const mute = await startProxy(webRoot, ['--dns-query', '--resolver', `http://127.0.0.1:${silent.address().port}/dns-query`,
    '--limit', 'dns_ms=400']);
  try {
    const wire = query('any.test', 1);
    const failed = await post(down.port, wire, '127.0.0.164');
    assert.equal(failed.status, 502);
    assert.equal(failed.headers['cache-control'], 'no-store');
    const t0 = Date.now();
    assert.equal((await post(mute.port, wire, '127.0.0.164')).status, 504);
    assert.ok(Date.now() - t0 >= 400);
  } finally {
    const stopped = [await stopProxy(down), await stopProxy(mute)];
    for (const socket of held) socket.destroy();
    await withTimeout(new Promise((resolve) => silent.close(resolve)), STEP_MS, 'the silent resolver closes');
    assert.deepEqual(stopped.map((r) => r.code), [0, 0]);
  }
});

test('through the world\'s DoH: the MX of ee311.example, with its RRSIG for the page to validate', async () => {
  const world = await startProxy(webRoot, ['--dns-query', '--resolver', WORLD_DOH]);
  try {
    // DO and CD, as the check asks: an OPT record with the DO bit.
    const wire = Buffer.concat([query('ee311.example', 15).subarray(0, 10), Buffer.from([0, 1]),
      query('ee311.example', 15).subarray(12), Buffer.from([0, 0, 41, 4, 0xd0, 0, 0, 0x80, 0, 0, 0])]);
    wire[3] |= 0x10;  // CD
    const answer = await post(world.port, wire, '127.0.0.165');
    assert.equal(answer.status, 200);
    assert.match(answer.body.toString('latin1'), /\x02mx\x05ee311\x07example|\x02mx\xc0/);
    assert.ok(answer.body.length > 100, 'RRSIGs came back');
  } finally {
    assert.equal((await stopProxy(world)).code, 0);
  }
});

test('without --dns-query there is no endpoint; --dns-query without a resolver is refused', async () => {
  const plain = await startProxy(webRoot, []);
  try {
    assert.equal((await get(plain.port, query('q.test', 1), '127.0.0.166')).status, 404);
  } finally {
    await stopProxy(plain);
  }
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(proxyBin, ['--listen', '127.0.0.1:0', '--web-root', webRoot, '--dns-query'],
    { timeout: STEP_MS, encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--dns-query: needs a --resolver/);
});
