// Browser smoke test: the proxy serves the staged site (web/ + the wasm package)
// and headless Chromium loads the wasm core under the proxy's strict CSP.
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

test('the page loads the wasm core and shows its build', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const response = await page.goto(`${baseUrl}/`, { timeout: 15_000 });
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'] ?? '', /wasm-unsafe-eval/);
  const status = page.locator('#status');
  await status.and(page.locator('[data-state]')).waitFor({ timeout: 15_000 });
  assert.equal(await status.getAttribute('data-state'), 'ready', await status.textContent());
  assert.match(await status.textContent(), /Mbed TLS 3\.6\.\d+/);
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
