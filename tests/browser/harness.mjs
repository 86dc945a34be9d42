// The set-up of the widget's browser tests, all real parts:
//  - the site as scripts/stage-site stages it (web/ + the wasm package), in a
//    temporary directory, with a config.json for the test world (its trust
//    anchor; DoH at the page's own origin, /dns-query);
//  - daneel-proxy (build/native, or $DANEEL_PROXY_BIN) in its test profile
//    serving that directory, relaying SMTP for pages of its own origin with
//    every destination verified through the world's DoH server (--resolver),
//    and answering the page's DoH queries at /dns-query from that server
//    (--dns-query): the page talks to nothing but the proxy;
//  - headless Chromium (the Debian package) with a fresh profile.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { proxyBin, stopProxy, sessionLines, withTimeout, STARTUP_MS } from '../proxy/relay-harness.mjs';
import { requireWorld } from '../../wasm/test-support/world.mjs';
import { PROXY_EHLO_NAME } from '../../wasm/test-support/proxy.mjs';

const root = resolve(import.meta.dirname, '../..');
// Screenshots of the main states, for people to look at (build/ is not committed).
const screenshotDir = resolve(root, 'build/screenshots');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// The widget's data-state values once a run is over (web/widget/daneel-check.mjs, STATES).
export const FINISHED_STATES = Object.freeze(['done', 'cancelled', 'failed', 'invalid']);

/** Waits until the page's widget has finished its run; resolves with its data-state. */
export async function waitFinished(page, timeout = 30_000) {
  await page.waitForFunction((states) => states.includes(document.querySelector('daneel-check').dataset.state),
    FINISHED_STATES, { timeout });
  return page.evaluate(() => document.querySelector('daneel-check').dataset.state);
}

export async function screenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage: true });
}

// axe-core itself applies inline styles while it scans, which the proxy's
// CSP refuses with a console error: those errors are axe's, not the page's,
// and are dropped; any other error before or during the scan fails the test.
export async function assertNoAxeViolations(page, what) {
  assert.deepEqual(page.problems, [], `errors before the scan (${what})`);
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  assert.deepEqual(violations, [], `axe-core, ${what}`);
  page.problems = page.problems.filter((problem) => !problem.startsWith('Applying inline style violates'));
}

// The relay admits only the origins it was started with, and the page's
// origin names the port: so the port is chosen before the proxy starts.
async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

// relay-harness.mjs's startProxy always listens on port 0, and the proxy
// refuses a second --listen; the page's origin must be known before the
// proxy starts (--relay-origin), so it is started here on a chosen port.
async function startProxyOn(port, webRoot, args) {
  const child = spawn(proxyBin, ['--listen', `127.0.0.1:${port}`, '--web-root', webRoot, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
  let stdout = '';
  await withTimeout(new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes(`listening on 127.0.0.1:${port}\n`)) resolve();
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`proxy exited early (${code}): ${stderr}`)));
  }), STARTUP_MS, 'proxy startup');
  return { child, base: `http://127.0.0.1:${port}`, stderr: () => stderr };
}

async function stageSite(world) {
  const dir = mkdtempSync(join(tmpdir(), 'daneel-site-'));
  await promisify(execFile)(join(root, 'scripts/stage-site'), [dir]);
  writeFileSync(join(dir, 'config.json'), JSON.stringify({
    doh: ['/dns-query'], proxy: 'relay', trustAnchors: world.trustAnchors,
  }));
  return dir;
}

// The relay's admission limits of the test profile: no per-minute limit (0:
// the test profile only). A test file's checks all come from one client
// (127.0.0.1), and states.test.mjs alone opens about 50 relay sessions in a
// couple of minutes (a DANE host's first address gets two: with and without
// SNI), past the public ceiling of 64 a minute. The concurrency limits stay,
// roomier than a public relay's.
export const TEST_LIMITS = Object.freeze({
  client_concurrent: 16, client_per_minute: 0, destination_concurrent: 8, destination_per_minute: 0, drain_ms: 0,
});
// A public relay's admission (proxy/policy/admission.h's defaults: per
// destination 1 at a time and 16 a minute; per client 2 at a time, 40 a
// minute, 400 a day): no --limit at all.
export const PUBLIC_LIMITS = Object.freeze({});

/**
 * `relayOrigins`: more page origins the relay admits, e.g. a site that embeds
 * the widget and reaches the relay cross-origin (embed.test.mjs). `limits`:
 * the relay's admission limits (TEST_LIMITS, or PUBLIC_LIMITS to measure what
 * a public relay admits).
 */
export async function startSite({ relayOrigins = [], limits = TEST_LIMITS } = {}) {
  const world = await requireWorld();
  const siteDir = await stageSite(world);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // ::1 as well: dual-stack.example's second address is the world's IPv6 server.
  const args = ['--test-profile', '--test-allow', '127.0.0.0/8', '--test-allow', '::1/128',
    '--relay-origin', origin, '--ehlo-name', PROXY_EHLO_NAME, '--resolver', world.doh, '--dns-query'];
  for (const other of relayOrigins) args.push('--relay-origin', other);
  for (const [name, value] of Object.entries(limits)) args.push('--limit', `${name}=${value}`);
  const proxy = await startProxyOn(port, siteDir, args);

  const browser = await chromium.launch({
    executablePath: process.env.DANEEL_CHROMIUM ?? '/usr/bin/chromium',
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const site = {
    world, origin, proxy, browser, siteDir, port,
    relaySessions: () => sessionLines(proxy.stderr()),
    // The DoH queries the proxy answered, from its request log ("POST /dns-query 200 ...").
    dohRequests: () => proxy.stderr().split('\n').filter((line) => / (GET|POST) \/dns-query\b/.test(line)).length,
    async newPage(path, contextOptions = {}) {
      const context = await browser.newContext({ acceptDownloads: true, ...contextOptions });
      const page = await context.newPage();
      page.problems = [];
      page.on('pageerror', (error) => page.problems.push(error.message));
      page.on('console', (message) => { if (message.type() === 'error') page.problems.push(message.text()); });
      if (path !== undefined) await page.goto(`${origin}${path}`, { timeout: 15_000 });
      return page;
    },
    async close() {
      await browser.close();
      await stopProxy(proxy, 15_000);
      rmSync(siteDir, { recursive: true, force: true });
    },
  };
  return site;
}
