// The package's shape: ESM and CommonJS entries share one module and one
// DaneelError; the exports map; one .wasm for both glue variants, its
// recorded sha256 checked by the loader; default DoH servers; the lang and
// now options; cancellation closing every socket and request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync, existsSync, mkdtempSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as esm from 'daneel';
import { requireWorld } from '../test-support/world.mjs';
import { createNodeTransport } from '../src/transport-node.mjs';

const { createChecker, DaneelError, DEFAULT_DOH_SERVERS } = esm;
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (file) => `${root}/dist/${file}`;
let world;
let dir;

before(async () => {
  world = await requireWorld();
  dir = mkdtempSync(`${tmpdir()}/daneel-package-`);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('require("daneel") gives the same module as import: same functions, same DaneelError', () => {
  const cjs = createRequire(import.meta.url)('daneel');
  assert.equal(cjs.DaneelError, DaneelError);
  assert.equal(cjs.createChecker, createChecker);
  assert.equal(typeof cjs.loadDaneel, 'function');
});

test('a CommonJS program can require the package and resolve with DNSSEC', async () => {
  const program = `
    const { createChecker } = require('daneel');
    createChecker({ doh: [${JSON.stringify(world.doh)}], trustAnchors: ${JSON.stringify(world.trustAnchors)} })
      .then((checker) => checker.resolve('ee311.example', 'MX'))
      .then((result) => console.log(result.security, result.records.join(',')));`;
  writeFileSync(`${root}/test-cjs.tmp.cjs`, program);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [`${root}/test-cjs.tmp.cjs`], { cwd: root, timeout: 30_000 });
    assert.equal(stdout.trim(), 'secure 10 mx.ee311.example.');
  } finally {
    rmSync(`${root}/test-cjs.tmp.cjs`, { force: true });
  }
});

test('the exports map: types, browser, node (import / require), import, default; every target exists', () => {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
  const entry = pkg.exports['.'];
  assert.deepEqual(Object.keys(entry), ['types', 'browser', 'node', 'import', 'default']);
  assert.deepEqual(Object.keys(entry.node), ['import', 'require']);
  for (const target of [entry.types, entry.browser, entry.node.import, entry.node.require, entry.import, entry.default, pkg.bin.daneel]) {
    assert.ok(existsSync(`${root}/${target}`), target);
  }
});

test('the browser bundle: one minified ES module with the entry\'s exports, the ES glue inside, no source imports', async () => {
  const bundle = readFileSync(dist('daneel.browser.mjs'), 'utf8');
  assert.ok(!/^\s*import\s/m.test(bundle) && !/from\s*["']\.\.?\//.test(bundle), 'no imports left');
  assert.ok(bundle.includes('"daneel.wasm"') && bundle.includes('WebAssembly.instantiate'), 'the glue is inside');
  assert.ok(bundle.split('\n').length < 20, 'minified');
  const exported = [...bundle.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((e) => e.trim().split(/\s+as\s+/).pop()));
  assert.deepEqual(exported.sort(), ['DEFAULT_DOH_SERVERS', 'DaneelError', 'RELAY_CLOSE_CODES', 'createChecker', 'loadDaneel']);
});

test('one .wasm for both glue variants, and its recorded sha256 matches', () => {
  const cjsGlue = readFileSync(dist('daneel.js'), 'utf8');
  const esmGlue = readFileSync(dist('daneel.mjs'), 'utf8');
  assert.match(cjsGlue, /wasmBinaryFile="daneel\.wasm"/);
  const umdTail = cjsGlue.indexOf("if (typeof exports === 'object' && typeof module === 'object')");
  assert.ok(umdTail > 0, 'the CommonJS glue ends in its CommonJS/AMD export');
  assert.equal(esmGlue, `${cjsGlue.slice(0, umdTail)}export default createDaneelModule;\n`,
    'the ES-module glue is the CommonJS one with an ES export instead of the CommonJS tail');
  assert.ok(!/\bmodule\.exports\b/.test(esmGlue));
  const recorded = readFileSync(dist('daneel.wasm.sha256'), 'utf8');
  const actual = createHash('sha256').update(readFileSync(dist('daneel.wasm'))).digest('hex');
  assert.equal(recorded, `${actual}  daneel.wasm\n`);
});

test('the Node loader refuses a daneel.wasm whose hash is not the recorded one', async () => {
  const copy = `${dir}/pkg`;
  for (const part of ['package.json', 'src', 'dist']) cpSync(`${root}/${part}`, `${copy}/${part}`, { recursive: true });
  const wasm = readFileSync(`${copy}/dist/daneel.wasm`);
  wasm[wasm.length - 1] ^= 0xff;
  writeFileSync(`${copy}/dist/daneel.wasm`, wasm);
  const tampered = await import(`${copy}/src/index.node.mjs`);
  await assert.rejects(tampered.loadDaneel(), (e) => e instanceof tampered.DaneelError && e.code === 'internal' && /sha256/.test(e.message));
});

test('the message catalogues are files beside the module: a checker reads only its language, verify the report\'s', async () => {
  const english = JSON.parse(readFileSync(dist('messages/en.json'), 'utf8'));
  const dutch = JSON.parse(readFileSync(dist('messages/nl.json'), 'utf8'));
  const wasm = readFileSync(dist('daneel.wasm'));
  for (const catalogue of [english, dutch]) {
    assert.ok(!wasm.includes(Buffer.from(catalogue.messages.dane_ok.text)), 'the module carries no catalogue text');
  }
  const copy = `${dir}/one-language`;
  for (const part of ['package.json', 'src', 'dist']) cpSync(`${root}/${part}`, `${copy}/${part}`, { recursive: true });
  rmSync(`${copy}/dist/messages/nl.json`);
  const pkg = await import(`${copy}/src/index.node.mjs`);
  const options = { doh: [world.doh], trustAnchors: world.trustAnchors };
  const checker = await pkg.createChecker(options);  // English only: nl.json is not needed
  const report = await checker.check('ee311.example');
  assert.equal(report.outcome.text, english.messages[report.outcome.code].text);
  await assert.rejects(pkg.createChecker({ ...options, lang: 'nl' }),
    (e) => e instanceof pkg.DaneelError && e.code === 'internal' && /messages\/nl\.json/.test(e.message));
  // verify speaks the report's language: a Dutch report needs nl.json, which this copy lacks.
  await assert.rejects(checker.verify({ ...report, lang: 'nl' }), (e) => e.code === 'internal' && /nl\.json/.test(e.message));
  const verified = await checker.verify(report);
  assert.equal(verified.ok, true, JSON.stringify(verified.differences));
});

test('without `doh` the checker asks the default public DoH servers, in order', async () => {
  const asked = [];
  const offline = async (url) => {
    asked.push(String(url));
    throw new TypeError('offline in this test');
  };
  const checker = await createChecker({ fetch: offline, dohMaxAttempts: 2 });
  const result = await checker.resolve('example.nl', 'MX');
  assert.equal(result.security, 'indeterminate');
  assert.ok(asked[0].startsWith(DEFAULT_DOH_SERVERS[0]), asked[0]);
  assert.ok(asked.some((url) => url.startsWith(DEFAULT_DOH_SERVERS[1])), 'fails over to the second server');
});

test('lang: "nl" gives Dutch report texts, other languages are refused', async () => {
  await assert.rejects(createChecker({ doh: [world.doh], lang: 'fr' }), (e) => e instanceof DaneelError && e.code === 'invalid_argument');
  const options = { doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000 };
  const english = await (await createChecker({ ...options, lang: 'en' })).check('ee-mismatch.example');
  const dutch = await (await createChecker({ ...options, lang: 'nl' })).check('ee-mismatch.example');
  assert.equal(dutch.verdict, english.verdict);
  assert.equal(dutch.outcome.code, english.outcome.code);
  assert.notEqual(dutch.outcome.text, english.outcome.text);
});

test('now: a fixed moment is the check\'s clock (in 2040 the world\'s signatures have expired)', async () => {
  await assert.rejects(createChecker({ doh: [world.doh], now: 'tomorrow' }), (e) => e.code === 'invalid_argument');
  const in2040 = Date.UTC(2040, 0, 1);
  const checker = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, now: new Date(in2040) });
  const report = await checker.check('ee311.example');
  assert.ok(Math.abs(report.timing.started_at - in2040) < 60_000, `started_at ${report.timing.started_at}`);
  assert.notEqual(report.verdict, 'pass');
  assert.equal(report.mx.dnssec.security, 'bogus');
});

test('aborting a check closes every socket and aborts every pending DoH request', async () => {
  const sockets = { opened: 0, closed: 0 };
  const inner = createNodeTransport();
  const transport = {
    open(destination, handlers) {
      sockets.opened++;
      let ended = false;
      const end = () => { if (!ended) { ended = true; sockets.closed++; } };
      const connection = inner.open(destination, {
        ...handlers,
        onConnectFailed: (reason) => { end(); handlers.onConnectFailed(reason); },
        onClosed: (reason) => { end(); handlers.onClosed(reason); },
      });
      return { send: (bytes) => connection.send(bytes), close: () => { end(); connection.close(); } };
    },
  };
  const requests = [];
  const fetch = (url, init) => {
    const request = { signal: init.signal, settled: false };
    requests.push(request);
    return globalThis.fetch(url, init).finally(() => { request.settled = true; });
  };
  const checker = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, transport, fetch });
  const controller = new AbortController();
  // silent.example: the mail server accepts and never speaks, so the check waits on an open socket.
  const running = checker.check('silent.example', { signal: controller.signal });
  setTimeout(() => controller.abort(), 1500);
  await assert.rejects(running, (e) => e instanceof DaneelError && e.code === 'aborted');
  assert.ok(sockets.opened > 0, 'the check had opened a socket');
  assert.equal(sockets.closed, sockets.opened, 'every socket is closed');
  assert.ok(requests.length > 0);
  assert.ok(requests.filter((r) => !r.settled).every((r) => r.signal.aborted), 'no DoH request is left running');
  assert.equal(checker.sessions(), 0);
});

test('aborting while a DoH request hangs aborts that request', async () => {
  const net = await import('node:net');
  const held = new Set();
  const hang = net.createServer((socket) => { held.add(socket); socket.on('error', () => {}); }).listen(0, '127.0.0.1');
  await new Promise((resolve) => hang.once('listening', resolve));
  const requests = [];
  const fetch = (url, init) => {
    const request = { signal: init.signal, settled: false };
    requests.push(request);
    return globalThis.fetch(url, init).finally(() => { request.settled = true; });
  };
  try {
    const checker = await createChecker({ doh: [`http://127.0.0.1:${hang.address().port}/dns-query`], trustAnchors: world.trustAnchors, fetch });
    const controller = new AbortController();
    const running = checker.check('ee311.example', { signal: controller.signal });
    setTimeout(() => controller.abort(), 500);
    await assert.rejects(running, (e) => e.code === 'aborted');
    assert.ok(requests.length > 0);
    assert.ok(requests.every((r) => r.signal.aborted || r.settled));
    assert.ok(requests.some((r) => r.signal.aborted), 'the hanging request was aborted');
  } finally {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => hang.close(resolve));
  }
});
