// TLS on the listener (--tls-cert, --tls-key; docs/PROXY.md "TLS on the
// listener"), end to end with a certificate generated for the test (openssl,
// P-256, for 127.0.0.1): /healthz and a static file over https, the relay over
// wss to a local SMTP sink (connected frame, greeting, EHLO), plain HTTP on
// the TLS port getting nothing, TLS 1.1 refused; and a missing key, a key
// that is not the certificate's and a file that is no key each refusing the
// start with status 2.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import WebSocket from 'ws';
import { proxyBin, startProxy, startSink, stopProxy, withTimeout, STEP_MS } from './relay-harness.mjs';

const ORIGIN = 'https://daneel.test';
const EHLO = 'relay.test.example';
const SINK = ['127.0.0.81'];

let dir;
let cert;
let key;
let ca;
let sink;
let proxy;

function makeCert(name) {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', `/CN=${name}`,
    '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { certFile, keyFile };
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daneel-tls-test-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>tls</title>');
  ({ certFile: cert, keyFile: key } = makeCert('proxy'));
  ca = fs.readFileSync(cert);
  sink = await startSink(SINK);
  proxy = await startProxy(dir, ['--tls-cert', cert, '--tls-key', key, '--test-profile', '--test-unverified',
    '--test-allow', '127.0.0.0/8', '--ehlo-name', EHLO, '--relay-origin', ORIGIN, '--test-port', String(sink.port)]);
});

after(async () => {
  if (proxy) assert.equal((await stopProxy(proxy)).code, 0, 'the proxy exits 0 (the sanitizer build found nothing)');
  await sink?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function get(pathname) {
  return withTimeout(new Promise((resolve, reject) => {
    https.get({ host: '127.0.0.1', port: proxy.port, path: pathname, ca }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c) => { body += c; }).on('end', () => resolve({ res, body }));
    }).on('error', reject);
  }), STEP_MS, `https GET ${pathname}`);
}

test('https: /healthz and a static file, the certificate verified against the generated one', async () => {
  const health = await get('/healthz');
  assert.equal(health.res.statusCode, 200);
  assert.match(health.body, /"status":"ok"/);
  const page = await get('/');
  assert.equal(page.res.statusCode, 200);
  assert.match(page.body, /<title>tls<\/title>/);
  assert.match(page.res.headers['content-security-policy'], /default-src 'self'/);
});

test('wss: the relay over TLS to the SMTP sink (connected frame, greeting, EHLO reply)', async () => {
  const ws = new WebSocket(`wss://127.0.0.1:${proxy.port}/relay?domain=sink.test&mx=mx.sink.test&ip=${SINK[0]}`,
    { origin: ORIGIN, ca, handshakeTimeout: STEP_MS });
  const texts = [];
  let rx = '';
  ws.on('message', (data, binary) => {
    if (binary) rx += data.toString('latin1'); else texts.push(data.toString());
  });
  const closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await withTimeout(new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); }), STEP_MS, 'wss open');
  const until = (predicate, what) => withTimeout(new Promise((resolve) => {
    const timer = setInterval(() => { if (predicate()) { clearInterval(timer); resolve(); } }, 10);
  }), STEP_MS, what);
  await until(() => /^220 /m.test(rx), 'the greeting');
  assert.equal(JSON.parse(texts[0].slice('connected '.length)).ehlo_name, EHLO);
  ws.send(Buffer.from(`EHLO ${EHLO}\r\n`), { binary: true });
  await until(() => /^250 STARTTLS\r$/m.test(rx), 'the EHLO reply');
  ws.close(1000);
  assert.equal((await withTimeout(closed, STEP_MS, 'close')).code, 1000);
  assert.deepEqual(sink.received(SINK[0]), [`EHLO ${EHLO}\r\n`]);
});

test('plain HTTP on the TLS port gets no HTTP answer; TLS 1.1 is refused', async () => {
  const answer = await withTimeout(new Promise((resolve) => {
    const socket = net.connect(proxy.port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    let data = '';
    socket.on('data', (c) => { data += c.toString('latin1'); });
    socket.on('error', () => {});
    socket.on('close', () => resolve(data));
  }), STEP_MS, 'plain HTTP on the TLS port');
  assert.doesNotMatch(answer, /HTTP\/1\.1 200/);
  const old = await withTimeout(new Promise((resolve) => {
    // SECLEVEL=0 so that this client may offer TLS 1.1 at all: the refusal is the server's.
    const socket = tls.connect({ host: '127.0.0.1', port: proxy.port, ca, maxVersion: 'TLSv1.1', minVersion: 'TLSv1',
      ciphers: 'DEFAULT@SECLEVEL=0' },
      () => { resolve('connected'); socket.destroy(); });
    socket.on('error', (e) => resolve(e.code ?? 'error'));
  }), STEP_MS, 'TLS 1.1');
  assert.notEqual(old, 'connected');
  assert.notEqual(old, 'ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'the client offered TLS 1.1');
});

test('a missing key, a key of another certificate, and a file that is no key refuse the start (status 2)', () => {
  const other = makeCert('other');
  const notKey = path.join(dir, 'not-a-key.pem');
  fs.writeFileSync(notKey, 'this is not a key\n');
  const run = (args) => spawnSync(proxyBin, ['--web-root', dir, '--listen', '127.0.0.1:0', ...args],
    { encoding: 'utf8', timeout: 10_000 });
  const cases = [
    [['--tls-cert', cert, '--tls-key', path.join(dir, 'missing.key')], /--tls-key/],
    [['--tls-cert', cert, '--tls-key', other.keyFile], /--tls-key: .*(key values mismatch|is not the private key)/],
    [['--tls-cert', cert, '--tls-key', notKey], /--tls-key/],
    [['--tls-cert', path.join(dir, 'missing.crt'), '--tls-key', key], /--tls-cert/],
    [['--tls-cert', cert], /--tls-cert and --tls-key go together/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stdout, /listening on/);
  }
});
