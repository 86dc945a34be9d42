// The package in headless Chromium: the browser bundle (dist/daneel.browser.mjs,
// what the exports map gives browsers) resolves a test-world name through DoH
// (fetch, same origin) with DNSSEC validated in wasm, checks world domains
// with SMTP over a WebSocket to the project's proxy (daneel-proxy, test
// profile) with the verdicts of the same checks in Node, fetching only its
// language's message catalogue, and the WebSocket transport reads a world
// Postfix greeting through the proxy. The TLS interoperability matrix (about
// 150 sessions from one page in a minute) goes through the same proxy: its
// test profile switches the per-minute limits off (`client_per_minute=0`,
// `destination_per_minute=0`, refused outside the test profile), while the
// concurrency limits and the DNS verification of every destination stay on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { requireWorld, interopVariants, interopMismatches } from '../test-support/world.mjs';
import { sessionLines } from '../../tests/proxy/relay-harness.mjs';
import { startProxy } from '../test-support/proxy.mjs';
import { createChecker as createNodeChecker } from 'daneel';

const packageDir = resolve(import.meta.dirname, '..');
const TYPES = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };

let world;
let proxy;
let server;
let origin;
let browser;

// Serves the package (src/, dist/) and forwards /dns-query to the world's DoH
// endpoint, so that the page's fetches are same-origin.
function serve(req, res) {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/dns-query') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const upstream = await fetch(`${world.doh}${url.search}`, {
          method: req.method,
          headers: { accept: 'application/dns-message', ...(req.method === 'POST' ? { 'content-type': req.headers['content-type'] } : {}) },
          body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
        });
        const body = Buffer.from(await upstream.arrayBuffer());
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? '' });
        res.end(body);
      } catch {
        res.writeHead(502).end();
      }
    });
    return;
  }
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>daneel</title>');
    return;
  }
  const file = normalize(join(packageDir, url.pathname));
  if (!file.startsWith(join(packageDir, 'src')) && !file.startsWith(join(packageDir, 'dist'))) {
    res.writeHead(404).end();
    return;
  }
  readFile(file).then(
    (data) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(data),
    () => res.writeHead(404).end());
}

before(async () => {
  world = await requireWorld();
  server = http.createServer(serve).listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${server.address().port}`;
  // A whole scenario matrix from one page: no per-minute limits (test profile
  // only), the day limit at its most; concurrency stays bounded.
  proxy = await startProxy({ origins: [origin], limits: {
    client_per_minute: 0, destination_per_minute: 0, client_per_day: 10_000, client_concurrent: 16,
  } });
  browser = await chromium.launch({
    executablePath: process.env.DANEEL_CHROMIUM ?? '/usr/bin/chromium',
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await proxy?.close();
  server?.closeAllConnections();
  if (server) await new Promise((r) => server.close(r));
});

test('in Chromium: resolve with DNSSEC, check domains through the proxy as Node does, read a greeting through it', async () => {
  const domains = ['ee311.example', 'ee-mismatch.example', 'no-starttls.example', 'two-mx.example'];
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const fetched = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto(`${origin}/`);
  const result = await page.evaluate(async ({ trustAnchors, relayUrl, postfix, domains }) => {
    const { createChecker, DaneelError } = await import('/dist/daneel.browser.mjs');
    const { createWebSocketTransport } = await import('/src/transport-websocket.mjs');
    const checker = await createChecker({ doh: [`${location.origin}/dns-query`], trustAnchors, proxy: relayUrl });
    const secure = await checker.resolve('ee311.example', 'MX');
    const bogus = await checker.resolve('bogus-mx.example', 'MX');
    const verdicts = [];
    for (const domain of domains) {
      try {
        const report = await checker.check(domain);
        verdicts.push([domain, report.verdict, Object.entries(report.subtests).map(([n, s]) => `${n}=${s.status}`)]);
      } catch (e) {
        verdicts.push([domain, e instanceof DaneelError ? e.code : String(e)]);
      }
    }
    const greeting = await new Promise((resolve) => {
      let text = '';
      const connection = createWebSocketTransport({ proxy: relayUrl, connectTimeoutMs: 8_000 }).open(postfix, {
        onConnected() {},
        onConnectFailed: (reason) => resolve(`failed: ${reason.cause}: ${reason.detail}`),
        onData(bytes) {
          text += new TextDecoder().decode(bytes);
          if (text.endsWith('\r\n')) { connection.close(); resolve(text); }
        },
        onClosed: () => resolve(`closed: ${text}`),
      });
    });
    return { secure: [secure.security, secure.records], bogus: [bogus.security, bogus.reason], verdicts, greeting, sessions: checker.sessions() };
  }, { trustAnchors: world.trustAnchors, relayUrl: proxy.url, domains,
    postfix: { ...world.postfix, domain: 'ee311.example', mx: 'mx.ee311.example' } });
  assert.deepEqual(result.secure, ['secure', ['10 mx.ee311.example.']]);
  assert.deepEqual(result.bogus, ['bogus', 'signature_invalid']);
  // The same checks in Node, directly: the same verdicts and subtests.
  const direct = await createNodeChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000 });
  const expected = [];
  for (const domain of domains) {
    const report = await direct.check(domain);
    expected.push([domain, report.verdict, Object.entries(report.subtests).map(([n, s]) => `${n}=${s.status}`)]);
  }
  assert.deepEqual(result.verdicts, expected);
  assert.equal(result.verdicts[0][1], 'pass');
  assert.match(proxy.log(), /"mx":"mx\.ee311\.example"/);
  assert.match(result.greeting, /^220 [^\r\n]*ESMTP/);
  assert.equal(result.sessions, 0);
  assert.deepEqual(problems, []);
  const packageFiles = fetched.filter((path) => path.startsWith('/dist/'));
  assert.deepEqual(packageFiles.filter((path) => !path.startsWith('/dist/daneel.browser.mjs')).sort(),
    ['/dist/daneel.wasm', '/dist/messages/en.json'], 'the bundle, the module and one catalogue');
  await page.close();
});

test('in Chromium: every variant of the TLS interoperability matrix handshakes and DANE-authenticates through the proxy', async () => {
  const variants = await interopVariants();
  const sessionsBefore = sessionLines(proxy.log()).length;
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${origin}/`);
  const reports = await page.evaluate(async ({ trustAnchors, relayUrl, domains }) => {
    const { createChecker } = await import('/dist/daneel.browser.mjs');
    // Four at a time, with a generous SMTP timeout: a DHE-3072 handshake
    // costs the wasm a few hundred ms of CPU, more on a loaded machine.
    const checker = await createChecker({
      doh: [`${location.origin}/dns-query`], trustAnchors, proxy: relayUrl, smtpTimeoutMs: 30_000,
    });
    const out = [];
    for (let i = 0; i < domains.length; i += 4) {
      out.push(...await Promise.all(domains.slice(i, i + 4).map((d) => checker.check(d))));
    }
    return out;
  }, { trustAnchors: world.trustAnchors, relayUrl: proxy.url, domains: variants.map((v) => v.domain.replace(/\.$/, '')) });
  assert.equal(reports.length, variants.length);
  const mismatches = variants.flatMap((v, i) => interopMismatches(v, reports[i]));
  assert.deepEqual(mismatches, []);
  // Every session went through the proxy, each destination verified through
  // the world's DNS, none refused by its limits; at least one per variant.
  const sessions = sessionLines(proxy.log()).slice(sessionsBefore);
  assert.ok(sessions.length >= variants.length, `${sessions.length} relay sessions for ${variants.length} variants`);
  assert.deepEqual(sessions.filter((s) => s.verified !== 'verified' || s.phase !== 'tls')
    .map((s) => `${s.mx} ${s.address} ${s.verified} ${s.phase} ${s.close_code} ${s.close_reason}`), []);
  for (const variant of variants) {
    const mx = variant.mx?.replace(/\.$/, '');
    if (mx) assert.ok(sessions.some((s) => s.mx === mx), `a session for ${mx}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
