// The DoH driver: GET fall-back for servers that refuse POST, HTTPS with the
// world's CA (NODE_EXTRA_CA_CERTS in a child process), per-request timeout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createChecker } from 'daneel';
import { createDohClient, dohGetUrl, DohFailure } from '../src/doh.mjs';
import { requireWorld } from '../test-support/world.mjs';

let world;
let getOnly;       // refuses POST with 415, forwards GET to the world
const seen = [];
let silent;        // accepts TCP and never answers
const silentSockets = new Set();

before(async () => {
  world = await requireWorld();
  getOnly = http.createServer(async (req, res) => {
    seen.push(req.method);
    if (req.method !== 'GET') {
      req.resume();
      res.writeHead(415).end();
      return;
    }
    const upstream = await fetch(`${world.doh}${new URL(req.url, 'http://x').search}`, { headers: { accept: 'application/dns-message' } });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? '' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }).listen(0, '127.0.0.1');
  await once(getOnly, 'listening');
  silent = net.createServer((socket) => {
    silentSockets.add(socket);
    socket.on('close', () => silentSockets.delete(socket));
  }).listen(0, '127.0.0.1');
  await once(silent, 'listening');
});

after(async () => {
  getOnly.closeAllConnections();
  await new Promise((r) => getOnly.close(r));
  for (const socket of silentSockets) socket.destroy();
  await new Promise((r) => silent.close(r));
});

test('a server that answers 415 to POST is asked with GET, and remembered', async () => {
  const checker = await createChecker({ doh: [`http://127.0.0.1:${getOnly.address().port}/dns-query`], trustAnchors: world.trustAnchors });
  const result = await checker.resolve('ee311.example', 'MX');
  assert.equal(result.security, 'secure', result.explanation);
  assert.equal(seen[0], 'POST');
  assert.equal(seen.filter((m) => m === 'POST').length, 1, `methods: ${seen.join(' ')}`);
  assert.ok(seen.filter((m) => m === 'GET').length >= 2);
});

test('GET URLs carry the query as unpadded base64url', () => {
  assert.equal(dohGetUrl('https://d.test/dns-query', new Uint8Array([0xfb, 0xff, 0x01])), 'https://d.test/dns-query?dns=-_8B');
  assert.equal(dohGetUrl('https://d.test/q?x=1', new Uint8Array([0])), 'https://d.test/q?x=1&dns=AA');
});

test('the client times out a request on its own and can be cancelled', async () => {
  const client = createDohClient({ timeoutMs: 200 });
  const url = `http://127.0.0.1:${silent.address().port}/dns-query`;
  await assert.rejects(client.exchange({ method: 'POST', url, body: new Uint8Array(12) }),
    (e) => e instanceof DohFailure && /no response within 200 ms/.test(e.message));
  const controller = new AbortController();
  const pending = createDohClient({ timeoutMs: 10_000 }).exchange({ method: 'POST', url, body: new Uint8Array(12) }, { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(pending, (e) => e instanceof DohFailure && e.message === 'cancelled');
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const closedPort = probe.address().port;
  await new Promise((r) => probe.close(r));
  const refused = createDohClient().exchange({ method: 'POST', url: `http://127.0.0.1:${closedPort}/dns-query`, body: new Uint8Array(12) });
  await assert.rejects(refused, (e) => e instanceof DohFailure && /ECONNREFUSED/.test(e.message));
});

test('HTTPS DoH with the world CA (NODE_EXTRA_CA_CERTS)', async () => {
  const script = `
    import { createChecker } from 'daneel';
    const checker = await createChecker({ doh: [${JSON.stringify(world.dohHttps)}], trustAnchors: ${JSON.stringify(world.trustAnchors)} });
    const r = await checker.resolve('ee311.example', 'MX');
    console.log(JSON.stringify([r.security, r.records]));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('.', import.meta.url), stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_EXTRA_CA_CERTS: world.dohCa },
  });
  let output = '';
  child.stdout.on('data', (c) => { output += c; });
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const [code] = await once(child, 'exit');
  clearTimeout(timer);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(output), ['secure', ['10 mx.ee311.example.']]);
});
