// The proxy's static files: validators and revalidation (ETag, Last-Modified,
// Cache-Control: no-cache, 304 on If-None-Match / If-Modified-Since) and the
// precompressed X.gz served for X to clients that accept gzip. Real proxy
// binary, real files in a temporary web root; node:http rather than fetch,
// which would add its own Accept-Encoding and decompress the body.
//
// Binary: $DANEEL_PROXY_BIN, default build/native/proxy/daneel-proxy in the repo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { proxyBin, startProxy, stopProxy, withTimeout } from './relay-harness.mjs';

const REQUEST_MS = 5_000;

// Sizes large enough for gzip to matter; contents that tell the files apart.
const SCRIPT = Buffer.from('export const words = [\n' + '  "starttls", "dane", "tlsa",\n'.repeat(200) + '];\n');
const STYLE_NEW = Buffer.from('body { color: black; }\n'.repeat(100));
const STYLE_OLD = Buffer.from('body { color: red; }\n'.repeat(100));
const ARCHIVE = zlib.gzipSync(Buffer.from('an archive asked for by name\n'));
// 2026-01-02T03:04:05Z, whole seconds: Last-Modified shows exactly this.
const MTIME = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
const MTIME_HTTP = 'Fri, 02 Jan 2026 03:04:05 GMT';

let tmp;
let proxy;

before(async () => {
  assert.ok(fs.existsSync(proxyBin), `proxy binary not found: ${proxyBin} (set DANEEL_PROXY_BIN)`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'daneel-proxy-cache-'));
  const root = path.join(tmp, 'www');
  fs.mkdirSync(root);
  const write = (name, bytes, mtime) => {
    fs.writeFileSync(path.join(root, name), bytes);
    fs.utimesSync(path.join(root, name), mtime, mtime);
  };
  // app.js.gz as scripts/stage-site writes it: same mtime as its source.
  write('app.js', SCRIPT, MTIME);
  write('app.js.gz', zlib.gzipSync(SCRIPT, { level: 9 }), MTIME);
  // style.css changed after its .gz was made: the .gz is stale.
  write('style.css', STYLE_NEW, MTIME);
  write('style.css.gz', zlib.gzipSync(STYLE_OLD), new Date(MTIME.getTime() - 60_000));
  write('plain.txt', 'no gzip beside me\n', MTIME);
  write('archive.tar.gz', ARCHIVE, MTIME);
  write('orphan.js.gz', zlib.gzipSync(SCRIPT), MTIME);  // no orphan.js
  proxy = await startProxy(root);
});

after(async () => {
  if (proxy) await stopProxy(proxy, 2_000).catch(() => proxy.child.kill('SIGKILL'));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// One request on its own connection; the body as sent (never decoded).
function request(target, headers = {}, method = 'GET') {
  return withTimeout(new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: proxy.port, path: target, method, headers, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
    req.on('error', reject);
    req.end();
  }), REQUEST_MS, `${method} ${target}`);
}

const gzipOk = { 'accept-encoding': 'gzip, deflate, br' };

test('200 carries ETag, Last-Modified, Cache-Control: no-cache and Vary', async () => {
  const res = await request('/app.js');
  assert.equal(res.status, 200);
  assert.match(res.headers.etag, /^"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"$/);
  assert.equal(res.headers['last-modified'], MTIME_HTTP);
  assert.equal(res.headers['cache-control'], 'no-cache');
  assert.equal(res.headers.vary, 'Accept-Encoding');
  assert.equal(res.headers['content-encoding'], undefined);
  assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.deepEqual(res.body, SCRIPT);
  // The tag is stable across requests (size, mtime and inode unchanged).
  assert.equal((await request('/app.js')).headers.etag, res.headers.etag);
});

test('If-None-Match: 304 without a body on a match (exact, in a list, weak, *); 200 on a stale tag', async () => {
  const { etag } = (await request('/app.js')).headers;
  for (const value of [etag, `"stale", ${etag}`, `W/${etag}`, '*']) {
    const res = await request('/app.js', { 'if-none-match': value });
    assert.equal(res.status, 304, value);
    assert.equal(res.body.length, 0, value);
    assert.equal(res.headers.etag, etag, value);
    assert.equal(res.headers['cache-control'], 'no-cache', value);
    assert.equal(res.headers.vary, 'Accept-Encoding', value);
  }
  const stale = await request('/app.js', { 'if-none-match': '"1-2-3"' });
  assert.equal(stale.status, 200);
  assert.deepEqual(stale.body, SCRIPT);
  // If-None-Match decides: a later If-Modified-Since does not turn a stale tag into 304.
  const both = await request('/app.js', { 'if-none-match': '"1-2-3"', 'if-modified-since': 'Sat, 01 Jan 2300 00:00:00 GMT' });
  assert.equal(both.status, 200);
});

test('If-Modified-Since: 304 when not older than the file, 200 when older or not a date', async () => {
  for (const since of [MTIME_HTTP, 'Sat, 03 Jan 2026 00:00:00 GMT', 'Friday, 02-Jan-26 03:04:05 GMT']) {
    const res = await request('/app.js', { 'if-modified-since': since });
    assert.equal(res.status, 304, since);
    assert.equal(res.body.length, 0, since);
  }
  for (const since of ['Fri, 02 Jan 2026 03:04:04 GMT', 'yesterday']) {
    const res = await request('/app.js', { 'if-modified-since': since });
    assert.equal(res.status, 200, since);
    assert.deepEqual(res.body, SCRIPT, since);
  }
});

test('gzip only when accepted: X.gz with Content-Encoding, X\'s type, its own ETag; the same bytes decoded', async () => {
  const plain = await request('/app.js');
  for (const accept of ['gzip', 'gzip, deflate, br', 'br;q=1.0, gzip;q=0.5', '*']) {
    const res = await request('/app.js', { 'accept-encoding': accept });
    assert.equal(res.status, 200, accept);
    assert.equal(res.headers['content-encoding'], 'gzip', accept);
    assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8', accept);
    assert.equal(res.headers.vary, 'Accept-Encoding', accept);
    assert.ok(res.body.length < SCRIPT.length / 4, `${accept}: ${res.body.length} octets`);
    assert.equal(Number(res.headers['content-length']), res.body.length, accept);
    assert.deepEqual(zlib.gunzipSync(res.body), SCRIPT, accept);
    assert.notEqual(res.headers.etag, plain.headers.etag, accept);
    assert.match(res.headers.etag, /-gz"$/);
  }
  for (const accept of ['identity', 'br, deflate', 'gzip;q=0', 'gzip;q=0, *', '*;q=0', 'gzip;q=2']) {
    const res = await request('/app.js', { 'accept-encoding': accept });
    assert.equal(res.status, 200, accept);
    assert.equal(res.headers['content-encoding'], undefined, accept);
    assert.deepEqual(res.body, SCRIPT, accept);
  }
});

test('revalidation per representation: the gzip ETag gives 304 only for the gzip representation', async () => {
  const zipped = await request('/app.js', gzipOk);
  const gzTag = zipped.headers.etag;
  const again = await request('/app.js', { ...gzipOk, 'if-none-match': gzTag });
  assert.equal(again.status, 304);
  assert.equal(again.headers.etag, gzTag);
  // Without gzip the identity file is selected: a different tag, so 200.
  const identity = await request('/app.js', { 'if-none-match': gzTag });
  assert.equal(identity.status, 200);
  assert.deepEqual(identity.body, SCRIPT);
});

test('a stale X.gz (older than X) is never served: X is', async () => {
  const res = await request('/style.css', gzipOk);
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-encoding'], undefined);
  assert.equal(res.headers['content-type'], 'text/css; charset=utf-8');
  assert.deepEqual(res.body, STYLE_NEW);
});

test('X.gz asked for by name is a file of its own: application/gzip, no Content-Encoding', async () => {
  for (const headers of [{}, gzipOk]) {
    const res = await request('/archive.tar.gz', headers);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/gzip');
    assert.equal(res.headers['content-encoding'], undefined);
    assert.deepEqual(res.body, ARCHIVE);
  }
  // X.gz alone does not make X exist.
  assert.equal((await request('/orphan.js', gzipOk)).status, 404);
  // No gzip beside plain.txt: the file itself, still with Vary.
  const plain = await request('/plain.txt', gzipOk);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.headers.vary, 'Accept-Encoding');
});

test('HEAD: the GET headers of the representation chosen, no body; 304 too', async () => {
  const zipped = await request('/app.js', gzipOk);
  const head = await request('/app.js', gzipOk, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-encoding'], 'gzip');
  assert.equal(head.headers['content-length'], String(zipped.body.length));
  assert.equal(head.headers.etag, zipped.headers.etag);
  assert.equal(head.headers['last-modified'], MTIME_HTTP);
  assert.equal(head.body.length, 0);
  const plainHead = await request('/app.js', {}, 'HEAD');
  assert.equal(plainHead.headers['content-length'], String(SCRIPT.length));
  assert.equal(plainHead.headers['content-encoding'], undefined);
  const notModified = await request('/app.js', { ...gzipOk, 'if-none-match': zipped.headers.etag }, 'HEAD');
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body.length, 0);
});

test('a replaced file gets a new ETag and Last-Modified: the old tag no longer matches', async () => {
  const root = path.join(tmp, 'www');
  const before = await request('/plain.txt');
  // Replaced as a deployment does it: a new file renamed over the old one.
  fs.writeFileSync(path.join(root, 'plain.txt.new'), 'the next release\n');
  fs.renameSync(path.join(root, 'plain.txt.new'), path.join(root, 'plain.txt'));
  const after = await request('/plain.txt', { 'if-none-match': before.headers.etag });
  assert.equal(after.status, 200);
  assert.equal(after.body.toString(), 'the next release\n');
  assert.notEqual(after.headers.etag, before.headers.etag);
  assert.notEqual(after.headers['last-modified'], before.headers['last-modified']);
});
