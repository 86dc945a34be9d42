// docs/EMBEDDING.md tried out: another site embeds the widget. That site is a
// small HTTP server here (its own origin, http://localhost:PORT) which sends
// exactly the doc's Content-Security-Policy with every response, the page and
// the widget's scripts alike, serves the doc's snippet and the files the doc
// lists under /daneel-check/, and forwards /dns-query to the real daneel-proxy
// (the doc's front-proxy set-up); the relay is the real proxy's, on its own
// origin (harness.mjs). A check of a world domain runs to the Node check's
// result with no CSP violation in the page or in the worker and no console
// error, and the page fetches no file the doc does not list. A control run
// with the relay left out of connect-src shows the policy governs the worker.
// (Rewriting the proxy's own header in the browser does not do: Playwright's
// request interception of a worker's script breaks that worker's WebSockets.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createChecker } from 'daneel';
import { startSite, waitFinished } from './harness.mjs';
import { embedFiles } from '../../scripts/embed-files.mjs';
import { WITH_A_RESULT } from '../../scripts/page-files.mjs';
import { widgetWords } from './widget-words.mjs';

const root = resolve(import.meta.dirname, '../..');
const doc = readFileSync(resolve(root, 'docs/EMBEDDING.md'), 'utf8');
// The doc's example endpoints, replaced by the test's real ones.
const DOC_DOH = 'https://dns.example/dns-query';
const DOC_RELAY = 'wss://relay.example/relay';
const SNIPPET = /```html\n([\s\S]*?)```/.exec(doc)?.[1];
const CSP = /^Content-Security-Policy: (.+)$/m.exec(doc)?.[1];
const words = widgetWords('nl');
const TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
const MAX_DOH_BODY = 4096;

let site;
let host;        // the embedding site: {server, origin, dir, csp, fetched}
let docDoh;
let docRelay;

/** The embedding site's server: its files with `host.csp` on every response; /dns-query forwarded to the proxy. */
function hostServer(dir) {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    host.fetched.push(url.pathname);
    if (url.pathname === '/dns-query') {
      let body = Buffer.alloc(0);
      req.on('data', (chunk) => {
        body = Buffer.concat([body, chunk]);
        if (body.length > MAX_DOH_BODY) req.destroy();
      });
      req.on('end', () => {
        const headers = { accept: 'application/dns-message' };
        if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
        const forward = http.request(`${site.origin}/dns-query${url.search}`, { method: req.method, headers, timeout: 5000 }, (answer) => {
          res.writeHead(answer.statusCode, { 'content-type': answer.headers['content-type'] ?? 'application/dns-message', 'content-security-policy': host.csp });
          answer.pipe(res);
        });
        forward.on('error', () => { res.writeHead(502); res.end(); });
        forward.end(body);
      });
      return;
    }
    if (url.pathname === '/favicon.ico') {  // the browser asks for it; the site has none
      res.writeHead(204, { 'content-security-policy': host.csp });
      res.end();
      return;
    }
    const path = normalize(join(dir, decodeURIComponent(url.pathname), url.pathname.endsWith('/') ? 'index.html' : ''));
    let content;
    try {
      if (!path.startsWith(dir + sep)) throw new Error('outside');
      content = readFileSync(path);
    } catch {
      res.writeHead(404, { 'content-security-policy': host.csp });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'content-security-policy': host.csp });
    res.end(content);
  });
}

before(async () => {
  assert.ok(SNIPPET?.includes('<daneel-check') && SNIPPET.includes(DOC_DOH) && SNIPPET.includes(DOC_RELAY), 'the doc has the snippet');
  assert.ok(CSP?.includes(DOC_DOH) && CSP.includes(DOC_RELAY) && !CSP.includes('unsafe-inline'), 'the doc has the policy');
  const dir = mkdtempSync(join(tmpdir(), 'daneel-embedding-'));
  host = { dir, fetched: [], csp: null };
  host.server = hostServer(dir).listen(0, '127.0.0.1');
  await new Promise((done) => host.server.once('listening', done));
  host.origin = `http://localhost:${host.server.address().port}`;
  site = await startSite({ relayOrigins: [host.origin] });
  // The site's own DoH endpoint (forwarded to the proxy's /dns-query, which sends no CORS
  // headers, docs/EMBEDDING.md) and the relay on the proxy's origin.
  docDoh = `${host.origin}/dns-query`;
  docRelay = `ws://127.0.0.1:${site.port}/relay`;
  // The files as the doc says to host them: widget/ and daneel/ side by side in one folder.
  mkdirSync(join(dir, 'daneel-check'));
  cpSync(join(site.siteDir, 'widget'), join(dir, 'daneel-check', 'widget'), { recursive: true });
  cpSync(join(site.siteDir, 'daneel'), join(dir, 'daneel-check', 'daneel'), { recursive: true });
  // The site's page; world.mjs (this test's only addition) gives the widget the test
  // world's trust anchor, which a real site never sets.
  mkdirSync(join(dir, 'embed'));
  writeFileSync(join(dir, 'embed', 'world.json'), JSON.stringify(site.world.trustAnchors));
  writeFileSync(join(dir, 'embed', 'world.mjs'), `
    const anchors = await (await fetch('world.json')).json();
    await customElements.whenDefined('daneel-check');
    document.querySelector('daneel-check').trustAnchors = anchors;
    document.documentElement.dataset.world = 'ready';
  `);
  writeFileSync(join(dir, 'embed', 'index.html'), `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Een site die de controle insluit</title>
<script type="module" src="world.mjs"></script></head>
<body><main><h1>Mailbeveiliging</h1>
${SNIPPET.replaceAll(DOC_DOH, docDoh).replaceAll(DOC_RELAY, docRelay)}
</main></body></html>
`);
});

after(async () => {
  await site?.close();
  host?.server.close();
  host?.server.closeAllConnections();
  if (host) rmSync(host.dir, { recursive: true, force: true });
});

/**
 * The embedding page with `csp` on every response of its site, recording CSP
 * violations in the document and in the worker.
 */
async function openEmbedding(csp) {
  host.csp = csp;
  host.fetched = [];
  const page = await site.newPage(undefined);
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const workers = [];
  // The worker starts with the first check; its listener is in place before the worker
  // has fetched the wasm module, long before its first connection.
  page.on('worker', (worker) => workers.push(worker.evaluate(() => {
    self.cspViolations = [];
    self.addEventListener('securitypolicyviolation', (e) => self.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  }).then(() => worker)));
  await page.goto(`${host.origin}/embed/`, { timeout: 15_000 });
  await page.locator('html[data-world="ready"] daneel-check[data-state="idle"]').waitFor();
  const violations = async () => {
    const inWorkers = await Promise.all(workers.map(async (w) => (await w).evaluate(() => self.cspViolations)));
    return [...await page.evaluate(() => window.cspViolations), ...inWorkers.flat()];
  };
  return { page, violations, workers };
}

async function checkIn(page, domain) {
  await page.getByLabel(words.form.label).fill(domain);
  await page.getByRole('button', { name: words.form.start }).click();
  await waitFinished(page);
  return page.evaluate(() => document.querySelector('daneel-check').report);
}

test('a page of another origin embeds the widget with the doc\'s snippet under exactly the doc\'s CSP: a check runs to its result, no violation, no file beyond the doc\'s list', async () => {
  const csp = CSP.replaceAll(DOC_DOH, docDoh).replaceAll(DOC_RELAY, docRelay);
  const { page, violations, workers } = await openEmbedding(csp);
  const sessionsBefore = site.relaySessions().length;
  const report = await checkIn(page, 'ee311.example');
  const checker = await createChecker({ doh: [site.world.doh], trustAnchors: site.world.trustAnchors, lang: 'nl', smtpTimeoutMs: 5000 });
  const expected = await checker.check('ee311.example');
  assert.equal(report?.verdict, expected.verdict,
    `${JSON.stringify(report?.outcome)} ${JSON.stringify(await violations())} ${page.problems.join('\n')}`);
  assert.equal(report.verdict, 'pass');
  assert.equal(await page.locator('daneel-check .result .verdict').getAttribute('data-verdict'), 'pass');
  assert.equal(workers.length, 1, 'the check ran in the worker');
  // The policy was the doc's on the worker's script too.
  const policy = await page.evaluate(async () => (await fetch('/daneel-check/widget/check-worker.mjs')).headers.get('content-security-policy'));
  assert.equal(policy, csp);
  assert.ok(host.fetched.includes('/dns-query'), 'the DNS questions went to the site\'s /dns-query');
  assert.deepEqual(await violations(), []);
  assert.deepEqual(page.problems, []);
  // Through the relay on the other origin, for this page's origin.
  assert.ok(site.relaySessions().length > sessionsBefore, 'the relay carried the SMTP sessions');
  assert.match(site.proxy.stderr(), /GET \/relay\?domain=ee311\.example\S* 101 /);

  // Everything the page and its worker fetched from the widget's folder is on the doc's list.
  const listed = new Set(embedFiles(site.siteDir).map((row) => row.file));
  const fromWidget = [...new Set(host.fetched.filter((path) => path.startsWith('/daneel-check/'))
    .map((path) => path.slice('/daneel-check/'.length)))];
  assert.ok(fromWidget.includes('daneel/dist/daneel.wasm'), `the worker's fetches are seen: ${fromWidget.join(' ')}`);
  assert.deepEqual(fromWidget.filter((file) => !listed.has(file)), [], 'fetched but not in docs/EMBEDDING.md\'s list');
  // The doc's table (written by scripts/embed-files.mjs) names the same files (its sizes change with every build).
  const table = doc.slice(doc.indexOf('<!-- embed-files'), doc.indexOf('<!-- /embed-files -->'));
  const documented = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(documented.sort(), [...listed].sort(), 'regenerate the table: node scripts/embed-files.mjs build/site --write docs/EMBEDDING.md');
  const modules = [...listed].filter((file) => /^widget\/[^/]+\.mjs$/.test(file));
  // (The grading's renderer only with a graded result: this snippet does not ask for grading.)
  assert.deepEqual(modules.filter((file) => !fromWidget.includes(file) && !WITH_A_RESULT.includes(file)), [], 'listed modules the widget never loads');
  assert.ok(!fromWidget.includes('widget/render-grading.mjs'), 'no grading asked, none loaded');
  await page.context().close();
});

test('control: with the relay left out of connect-src the worker\'s WebSocket is refused, so the policy governs the worker', async () => {
  const csp = CSP.replaceAll(DOC_DOH, docDoh).replaceAll(` ${DOC_RELAY}`, '');
  const { page, violations } = await openEmbedding(csp);
  const report = await checkIn(page, 'ee311.example');
  assert.notEqual(report?.verdict, 'pass');
  assert.ok((await violations()).some((v) => v.startsWith('connect-src ') && v.includes('/relay')), (await violations()).join('\n'));
  await page.context().close();
});
