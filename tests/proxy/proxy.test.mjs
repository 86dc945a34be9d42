// Black-box tests for daneel-proxy: start the built binary on a free port with a
// temporary web root, talk HTTP to it (fetch, and raw sockets where fetch would
// normalise the path), stop it with SIGTERM. Every wait is bounded.
//
// Binary: $DANEEL_PROXY_BIN, default build/native/proxy/daneel-proxy in the repo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { STARTUP_MS, proxyBin, startProxy, stopProxy as stopWithin, withTimeout } from './relay-harness.mjs';

const REQUEST_MS = 5_000;
const STOP_MS = 2_000;

// The static server stops at once on SIGTERM (no relay to drain).
const stopProxy = (proxy) => stopWithin(proxy, STOP_MS);

// Writes `text` on a fresh TCP connection and collects everything until the
// server closes it (or `ms` passes). Used where fetch would normalise the URL.
function rawRequest(port, text, ms = REQUEST_MS) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks = [];
    let closedByServer = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`raw request timed out after ${ms} ms`));
    }, ms);
    socket.on('connect', () => socket.write(text));
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => { closedByServer = true; });
    // A reset while we still write (oversized headers) is one way of refusing.
    socket.on('error', (err) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') closedByServer = true;
      else { clearTimeout(timer); reject(err); }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('latin1');
      const statusMatch = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
      const split = raw.indexOf('\r\n\r\n');
      resolve({
        status: statusMatch ? Number(statusMatch[1]) : null,
        head: split >= 0 ? raw.slice(0, split) : raw,
        body: split >= 0 ? raw.slice(split + 4) : '',
        closedByServer,
      });
    });
  });
}

const get = (url, init = {}) => fetch(url, { signal: AbortSignal.timeout(REQUEST_MS), ...init });

// Fixture: <tmp>/outside/secret.txt (must never be served) and <tmp>/www (the root).
const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT';
const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const HTML = '<!doctype html><title>daneel</title><p>hello</p>\n';
let tmp;
let webRoot;
let proxy;

before(async () => {
  assert.ok(fs.existsSync(proxyBin), `proxy binary not found: ${proxyBin} (set DANEEL_PROXY_BIN)`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'daneel-proxy-test-'));
  webRoot = path.join(tmp, 'www');
  fs.mkdirSync(path.join(tmp, 'outside'));
  fs.writeFileSync(path.join(tmp, 'outside', 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(tmp, 'secret.txt'), SECRET);
  fs.mkdirSync(path.join(webRoot, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(webRoot, 'index.html'), HTML);
  fs.writeFileSync(path.join(webRoot, 'daneel.wasm'), WASM);
  fs.writeFileSync(path.join(webRoot, 'app.mjs'), 'export const x = 1;\n');
  fs.writeFileSync(path.join(webRoot, 'sub', 'index.html'), '<p>sub</p>\n');
  fs.writeFileSync(path.join(webRoot, '.hidden'), SECRET);
  fs.symlinkSync(path.join(tmp, 'outside', 'secret.txt'), path.join(webRoot, 'link.txt'));
  fs.symlinkSync(path.join(tmp, 'outside'), path.join(webRoot, 'linkdir'));
  proxy = await startProxy(webRoot);
});

after(async () => {
  if (proxy) await stopProxy(proxy).catch(() => proxy.child.kill('SIGKILL'));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function assertSecurityHeaders(headers) {
  const csp = headers.get('content-security-policy');
  assert.ok(csp, 'Content-Security-Policy missing');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal(headers.get('x-content-type-options'), 'nosniff');
  assert.equal(headers.get('referrer-policy'), 'no-referrer');
}

test('GET /healthz returns status and version as JSON', async () => {
  const res = await get(`${proxy.base}/healthz`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  const body = await res.json();
  assert.equal(body.status, 'ok');
  assert.match(body.version, /^\d+\.\d+\.\d+/);
  assertSecurityHeaders(res.headers);
});

test('serves index.html for / and files with their MIME types', async () => {
  for (const p of ['/', '/index.html']) {
    const res = await get(proxy.base + p);
    assert.equal(res.status, 200, p);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await res.text(), HTML);
    assertSecurityHeaders(res.headers);
  }
  const wasm = await get(`${proxy.base}/daneel.wasm`);
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.deepEqual(Buffer.from(await wasm.arrayBuffer()), WASM);

  const mjs = await get(`${proxy.base}/app.mjs`);
  assert.equal(mjs.headers.get('content-type'), 'text/javascript; charset=utf-8');
  await mjs.arrayBuffer();

  const sub = await get(`${proxy.base}/sub/`);
  assert.equal(sub.status, 200);
  assert.equal(await sub.text(), '<p>sub</p>\n');

  const query = await get(`${proxy.base}/index.html?v=1`);
  assert.equal(query.status, 200);
  await query.arrayBuffer();
});

test('404 for a missing file, a directory without slash, and dotfiles', async () => {
  for (const p of ['/missing.html', '/sub', '/.hidden', '/sub/missing/']) {
    const res = await get(proxy.base + p);
    assert.equal(res.status, 404, p);
    const text = await res.text();
    assert.ok(!text.includes(SECRET), p);
    assertSecurityHeaders(res.headers);
  }
});

test('refuses path traversal, encoded traversal, NUL and symlinks out of the root', async () => {
  const targets = [
    '/../etc/passwd',
    '/../secret.txt',
    '/../outside/secret.txt',
    '/%2e%2e/',
    '/%2e%2e/secret.txt',
    '/%2E%2E/outside/secret.txt',
    '/..%2f',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/sub/..%2f..%2fsecret.txt',
    '/sub/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/index.html%00.png',
    '/%252e%252e/secret.txt',
    '/%zz',
    '/link.txt',
    '/linkdir/secret.txt',
    '//etc/passwd',
  ];
  for (const target of targets) {
    const res = await rawRequest(proxy.port,
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    assert.ok([400, 403, 404].includes(res.status), `${target}: status ${res.status}`);
    assert.ok(!res.body.includes(SECRET), `${target} leaked the secret`);
    assert.ok(!/root:.*:0:0:/.test(res.body), `${target} leaked /etc/passwd`);
  }
});

test('405 with Allow for methods other than GET and HEAD', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
    const res = await get(`${proxy.base}/index.html`, {
      method,
      body: method === 'POST' || method === 'PUT' ? 'x'.repeat(100) : undefined,
    });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
    await res.arrayBuffer();
  }
});

test('HEAD returns the GET headers without a body', async () => {
  const res = await get(`${proxy.base}/index.html`, { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(HTML)));
  assertSecurityHeaders(res.headers);
  assert.equal((await res.arrayBuffer()).byteLength, 0);

  const health = await get(`${proxy.base}/healthz`, { method: 'HEAD' });
  assert.equal(health.status, 200);
  assert.equal(health.headers.get('content-type'), 'application/json');
});

test('/relay without a WebSocket upgrade answers 426 (the relay itself: relay.test.mjs)', async () => {
  const res = await get(`${proxy.base}/relay`);
  assert.equal(res.status, 426);
  await res.arrayBuffer();
});

test('request bodies are refused', async () => {
  const res = await rawRequest(proxy.port,
    'GET /index.html HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n');
  assert.equal(res.status, 413);
  assert.ok(res.closedByServer);
});

test('oversized request headers are rejected with 431 or a closed connection', async () => {
  const big = 'a'.repeat(64 * 1024);
  const res = await rawRequest(proxy.port,
    `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\nConnection: close\r\n\r\n`);
  assert.ok(res.status === 431 || (res.status === null && res.closedByServer),
    `status ${res.status}`);
  assert.ok(!res.body.includes('hello'));
  // The server is still healthy afterwards.
  const ok = await get(`${proxy.base}/healthz`);
  assert.equal(ok.status, 200);
  await ok.arrayBuffer();
});

test('garbage instead of HTTP gets 400 and a closed connection', async () => {
  const res = await rawRequest(proxy.port, 'HELO example.org\r\n\r\n');
  assert.ok(res.status === 400 || (res.status === null && res.closedByServer));
});

test('--max-connections: extra connections are closed, a freed slot is reused', async () => {
  const small = await startProxy(webRoot, ['--max-connections', '1']);
  try {
    // Hold the only slot with a keep-alive connection that got one response.
    const holder = net.connect({ host: '127.0.0.1', port: small.port });
    await withTimeout(once(holder, 'connect'), REQUEST_MS, 'holder connect');
    holder.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await withTimeout(once(holder, 'data'), REQUEST_MS, 'holder response');

    const refused = await rawRequest(small.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(refused.status, null);
    assert.ok(refused.closedByServer);

    holder.destroy();
    let status = null;
    for (let i = 0; i < 50 && status !== 200; i++) {  // bounded: at most ~5 s
      await new Promise((r) => setTimeout(r, 100));
      status = (await rawRequest(small.port,
        'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status;
    }
    assert.equal(status, 200);
  } finally {
    await stopProxy(small);
  }
});

test('bad command lines exit with status 2 and a message', async () => {
  const cases = [
    [],
    ['--web-root'],
    ['--web-root', '/nonexistent/dir'],
    ['--web-root', webRoot, '--listen', 'localhost:80'],
    ['--web-root', webRoot, '--listen', '127.0.0.1:70000'],
    ['--web-root', webRoot, '--listen', '127.0.0.1'],
    ['--web-root', webRoot, '--listen', '::1:80'],
    ['--web-root', webRoot, '--max-connections', '0'],
    ['--web-root', webRoot, '--connect-src', "https://x; script-src 'unsafe-inline'"],
    ['--web-root', webRoot, '--bogus'],
    ['--web-root', webRoot, '--web-root', webRoot],
  ];
  for (const args of cases) {
    const child = spawn(proxyBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c) => { stderr += c; });
    const [code] = await withTimeout(once(child, 'close'), STARTUP_MS, `exit for ${args}`)
      .catch((e) => { child.kill('SIGKILL'); throw e; });
    assert.equal(code, 2, `${JSON.stringify(args)} -> ${code}`);
    assert.match(stderr, /^daneel-proxy: .+/, JSON.stringify(args));
  }
});

test('--connect-src adds sources to the CSP', async () => {
  const p = await startProxy(webRoot, ['--connect-src', 'https://doh.example/dns-query']);
  try {
    const res = await get(`${p.base}/healthz`);
    assert.match(res.headers.get('content-security-policy'),
      /connect-src 'self' https:\/\/doh\.example\/dns-query;/);
    await res.arrayBuffer();
  } finally {
    await stopProxy(p);
  }
});

test('stops cleanly on SIGTERM within 2 s, even with an idle keep-alive connection', async () => {
  const p = await startProxy(webRoot);
  const idle = net.connect({ host: '127.0.0.1', port: p.port });
  idle.on('error', () => {});
  await withTimeout(once(idle, 'connect'), REQUEST_MS, 'idle connect');
  idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  await withTimeout(once(idle, 'data'), REQUEST_MS, 'idle response');
  const { code, signal, ms } = await stopProxy(p);
  idle.destroy();
  assert.equal(signal, null);
  assert.equal(code, 0, p.stderr());
  assert.ok(ms < STOP_MS, `took ${ms} ms`);
  assert.match(p.stderr(), /GET \/healthz 200 /);
  assert.match(p.stderr(), /stopped/);
});
