// Browser smoke test: the proxy serves the staged site (web/ + the wasm package)
// and headless Chromium loads the page, its widget and the wasm core under the
// proxy's strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');
const proxyBin = process.env.DANEEL_PROXY_BIN ?? join(root, 'build/native/proxy/daneel-proxy');
const siteDir = process.env.DANEEL_SITE_DIR ?? join(root, 'build/site');

let proxy;
let baseUrl;
let browser;

async function startProxy() {
  const child = spawn(proxyBin, ['--listen', '127.0.0.1:0', '--web-root', siteDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  let output = '';
  for await (const chunk of child.stdout) {
    output += chunk;
    const match = output.match(/listening on (\S+)/);
    if (match) {
      clearTimeout(timer);
      return { child, url: `http://${match[1]}` };
    }
  }
  throw new Error(`proxy exited before listening: ${output}`);
}

before(async () => {
  ({ child: proxy, url: baseUrl } = await startProxy());
  // Playwright runs headless with a fresh temporary profile of its own. The
  // background-networking flags keep Chromium from dialling out (no network here).
  browser = await chromium.launch({
    executablePath: process.env.DANEEL_CHROMIUM ?? '/usr/bin/chromium',
    timeout: 30_000,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  if (proxy && proxy.exitCode === null) {
    proxy.kill('SIGTERM');
    await once(proxy, 'exit');
  }
});

test('the page and its widget load under the proxy\'s strict CSP without errors', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const response = await page.goto(`${baseUrl}/`, { timeout: 15_000 });
  assert.equal(response.status(), 200);
  const csp = response.headers()['content-security-policy'] ?? '';
  assert.match(csp, /wasm-unsafe-eval/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  // data-state appears when the widget has its words: it is ready to check.
  await page.locator('daneel-check[data-state="idle"]').waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('daneel-check [role="status"]').textContent(), 'Klaar voor een controle.');
  assert.equal(await page.locator('daneel-check button[type="submit"]').textContent(), 'Controleren');
  // The widget's stylesheet applied inside its shadow root (a <link>, allowed by style-src 'self').
  const display = await page.locator('daneel-check .row').evaluate((node) => getComputedStyle(node).display);
  assert.equal(display, 'flex');
  // The picture of the mail standards has a name and a text equivalent naming each standard it draws.
  const standards = page.locator('figure.standards');
  assert.equal(await standards.getByRole('img').getAttribute('aria-labelledby'), 'standards-title');
  const drawn = await standards.locator('svg > text:not(.column):not(.note)').allTextContents();
  const caption = await standards.locator('figcaption').textContent();
  assert.ok(drawn.length >= 8);
  assert.deepEqual(drawn.filter((name) => !caption.includes(name)), [], 'every standard in the picture is in its caption');
  assert.deepEqual(problems, []);
  await page.close();
});

test('in the browser the core agrees with WebCrypto and draws random bytes', async () => {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/`, { timeout: 15_000 });
  const result = await page.evaluate(async () => {
    const { loadDaneel } = await import('./daneel/dist/daneel.browser.mjs');
    const daneel = await loadDaneel();
    const data = new TextEncoder().encode('daneel in the browser');
    const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    const ours = hex(daneel.sha256(data));
    const webcrypto = hex(new Uint8Array(await crypto.subtle.digest('SHA-256', data)));
    const a = hex(daneel.randomBytes(32));
    const b = hex(daneel.randomBytes(32));
    return { ours, webcrypto, a, b };
  });
  assert.equal(result.ours, result.webcrypto);
  assert.notEqual(result.a, result.b);
  assert.notEqual(result.a, '0'.repeat(64));
  await page.close();
});
