// Figures for the page and its widget (issue 16): what they weigh gzip on top
// of the wasm package (scripts/page-files.mjs, the list the budget test holds
// to 30 KB), and how long a visitor waits from page load (navigation start)
// to the first rendered result of the world's good scenario (ee311.example,
// opened as a permalink, which checks on load) in headless Chromium, the page
// served by daneel-proxy and the check going through its relay and DoH
// endpoint (tests/browser/harness.mjs). A benchmark, not a test: it asserts
// nothing but that the result came.
//
//   node bench/page.mjs [--runs N]        (N = 7 by default)
//   DANEEL_PROXY_BIN=build/native-release/proxy/daneel-proxy (the default here)
//
// cold: a fresh browser context each run (empty HTTP and code caches);
// warm: the same page loaded again in the context of a cold run, with whatever
//       Chromium kept (the proxy's request log says whether the wasm came again);
// again: a second check on an open page, its worker's module already compiled
//        (from the form's submit to the result).
// "first result": the verdict is in the shadow root and a frame has been drawn
// with it; "done": the whole result is on screen (the widget's data-state).
// Needs the test world (tests/world/up) and the staged package (make build-wasm).
import path from 'node:path';
import { pageFiles } from '../scripts/page-files.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..');
process.env.DANEEL_PROXY_BIN ??= path.join(repoRoot, 'build', 'native-release', 'proxy', 'daneel-proxy');
const { startSite } = await import('../tests/browser/harness.mjs');

const DOMAIN = 'ee311.example';
const at = process.argv.indexOf('--runs');
const RUNS = at === -1 ? 7 : Number(process.argv[at + 1]);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs takes a whole number above 0');

const row = (label, value) => console.log(`${label.padEnd(52)} ${value}`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;

function sizes() {
  console.log('== the page and its widget, on top of the wasm package (gzip -9, each file on its own)');
  const files = pageFiles();
  const sum = (pick) => files.filter(pick).reduce((total, { gzip }) => total + gzip, 0);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  row('page (index.html, page.mjs, page.css, config, icon)', kb(sum(({ file }) => !file.startsWith('widget/'))));
  row('widget JS (widget/*.mjs)', kb(sum(({ file }) => /^widget\/.*\.mjs$/.test(file))));
  row('widget CSS (widget/daneel-check.css)', kb(sum(({ file }) => file.endsWith('.css') && file.startsWith('widget/'))));
  row('widget words (widget/words/nl.json)', kb(sum(({ file }) => file.endsWith('.json') && file.startsWith('widget/'))));
  row('in all (budget 30 KB)', kb(sum(() => true)));
}

// Installed before the page's own scripts: notes the time (ms since navigation
// start) at which the verdict first stands in the widget's shadow root, and
// the time of the frame after it, when it has been drawn. Also run again on
// an open page before a second check (timeAgain).
function recordFirstResult() {
  window.firstResult = new Promise((resolve) => {
    const seen = () => {
      const shown = performance.now();
      requestAnimationFrame(() => setTimeout(() => resolve({ shown, drawn: performance.now() }), 0));
    };
    // A verdict already shown (the previous check's, for "again") is not the one waited for.
    const watch = (root) => {
      const earlier = root.querySelector('.result .verdict');
      const observer = new MutationObserver(() => {
        const verdict = root.querySelector('.result .verdict');
        if (verdict && verdict !== earlier) { observer.disconnect(); seen(); }
      });
      observer.observe(root, { childList: true, subtree: true });
    };
    customElements.whenDefined('daneel-check').then(() => watch(document.querySelector('daneel-check').shadowRoot));
  });
}

async function timeLoad(page, site) {
  const wasmBefore = wasmFetches(site);
  await page.goto(`${site.origin}/?domain=${DOMAIN}`, { timeout: 15_000 });
  const first = await page.evaluate(() => window.firstResult);
  await page.locator('daneel-check[data-state="done"]').waitFor({ timeout: 30_000 });
  const done = await page.evaluate(() => performance.now());
  const verdict = await page.locator('daneel-check .result .verdict').getAttribute('data-verdict');
  if (verdict !== 'pass') throw new Error(`${DOMAIN} gave ${verdict}, not pass: is the world up and current?`);
  return { first: first.drawn, done, wasmFetched: wasmFetches(site) > wasmBefore };
}

// The proxy's request log line for each time the wasm module was served.
const wasmFetches = (site) => site.proxy.stderr().split('\n').filter((line) => /GET \/daneel\/dist\/daneel\.wasm /.test(line)).length;

async function timeAgain(page) {
  const field = page.locator('daneel-check #domain');
  await field.fill(DOMAIN);
  await page.evaluate(recordFirstResult);
  const started = await page.evaluate(() => performance.now());
  await field.press('Enter');
  const first = await page.evaluate(() => window.firstResult);
  await page.locator('daneel-check[data-state="done"]').waitFor({ timeout: 30_000 });
  return first.drawn - started;
}

async function loadTimes(site) {
  const cold = { first: [], done: [] };
  const warm = { first: [], done: [] };
  const again = [];
  let warmFetchedWasm = 0;
  for (let run = 0; run < RUNS; ++run) {
    const context = await site.browser.newContext();
    await context.addInitScript(recordFirstResult);
    const page = await context.newPage();
    const first = await timeLoad(page, site);
    cold.first.push(first.first);
    cold.done.push(first.done);
    const second = await timeLoad(page, site);
    warm.first.push(second.first);
    warm.done.push(second.done);
    if (second.wasmFetched) warmFetchedWasm += 1;
    again.push(await timeAgain(page));
    await context.close();
  }
  console.log(`== navigation start -> result of ${DOMAIN}, headless Chromium, through daneel-proxy (${RUNS} runs)`);
  row('cold: first result drawn', spread(cold.first));
  row('cold: whole result on screen', spread(cold.done));
  row('warm: first result drawn', spread(warm.first));
  row('warm: whole result on screen', spread(warm.done));
  row('  (warm loads that fetched the wasm again)', `${warmFetchedWasm} of ${RUNS}`);
  row('again, same page: submit -> first result drawn', spread(again));
}

sizes();
// Each run checks three times: the harness's relay has no per-minute limit (test profile only).
const site = await startSite();
try {
  await loadTimes(site);
} finally {
  await site.close();
}
