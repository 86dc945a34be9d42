// The measurement report (`daneel report`, docs/MEASURING.md) in headless
// Chromium: three runs made from real world reports (as wasm/test/report.test.mjs),
// rendered in Dutch and in English, opened as the file it is (no server, no
// script): axe-core finds no WCAG 2.1 AA violation, at desktop width and at
// 320 px, and screenshots are written under build/screenshots for people to
// look at. (At 320 px the wide data tables scroll sideways: WCAG 1.4.10
// exempts data tables from reflow.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { requireWorld } from '../../wasm/test-support/world.mjs';
import { runCli } from '../../wasm/test-support/cli.mjs';
import { templatesFrom, writeRun } from '../../wasm/test-support/results-generator.mjs';
import { runBatch } from '../../wasm/src/batch/run.mjs';

const screenshotDir = resolve(import.meta.dirname, '../../build/screenshots');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WORLD = ['ee311.example', 'two-mx.example', 'no-tlsa.example', 'ee-mismatch.example', 'null-mx.example'];
const DAY = 86_400_000;
const TIMES = [0, 365, 730].map((d) => Date.UTC(2024, 10, 1) + d * DAY);
// Domain, organisation, type, provider, summary.dane in runs 1..3: every section filled
// (a type, failing subtests, providers, a trend, improved and regressed domains).
const PLAN = [
  ['a.nl', 'Gemeente A', 'gemeente', 'bigmail.co.uk', ['none', 'none', 'pass']],
  ['b.nl', 'Gemeente B', 'gemeente', 'bigmail.co.uk', ['pass', 'pass', 'fail']],
  ['c.nl', 'Gemeente C', 'gemeente', 'bigmail.co.uk', ['pass', 'pass', 'pass']],
  ['f.nl', 'Ministerie F', 'ministerie', 'p2.nl', ['partial', 'partial', 'none']],
  ['g.nl', 'Ministerie G, "Den Haag"', 'ministerie', 'p2.nl', ['pass', 'pass', 'no_mail']],
  ['i.nl', 'Agentschap I', null, 'i.nl', ['fail', 'fail', 'fail']],
].map(([domain, name, type, provider, dane]) => ({ domain, organisation: { name, type, columns: {} }, provider, dane }));

let dir;
let browser;
const html = {};

before(async () => {
  const world = await requireWorld();
  dir = mkdtempSync(`${tmpdir()}/daneel-report-browser-`);
  writeFileSync(`${dir}/world.txt`, WORLD.join('\n'));
  await runBatch({ input: `${dir}/world.txt`, out: `${dir}/world.ndjson`, concurrency: 5,
    checker: { doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000 } });
  const templates = templatesFrom(readFileSync(`${dir}/world.ndjson`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
  const files = TIMES.map((time, i) => {
    const path = `${dir}/run${i + 1}.ndjson`;
    writeRun(path, templates, PLAN.map((p) => ({ ...p, dane: p.dane[i] })), time);
    return path;
  });
  for (const lang of ['nl', 'en']) {
    html[lang] = `${dir}/report-${lang}.html`;
    const run = await runCli(['report', files[2], files[0], files[1], '--out', html[lang], '--lang', lang]);
    assert.equal(run.code, 7, run.stderr);  // b.nl and f.nl regressed
  }
  browser = await chromium.launch({ executablePath: process.env.DANEEL_CHROMIUM ?? '/usr/bin/chromium', timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(lang, width) {
  // A context of its own: axe-core's Playwright builder needs one.
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(html[lang]).href);
  return { page, problems, requests };
}

async function violations(page) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

for (const lang of ['nl', 'en']) {
  test(`the report (${lang}) in Chromium: no axe-core WCAG 2.1 AA violation at 1280 and 320 px, nothing fetched, no script; screenshots`, async () => {
    await mkdir(screenshotDir, { recursive: true });
    for (const width of [1280, 320]) {
      const { page, problems, requests } = await open(lang, width);
      try {
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        assert.equal(await page.locator('script').count(), 0, 'no script');
        assert.ok(await page.locator('svg').count() >= 3, 'the charts are inline SVG');
        assert.ok(await page.locator('table').count() >= 5, 'every chart has its table');
        assert.deepEqual(requests.filter((url) => !url.startsWith('file:')), [], 'nothing fetched');
        assert.deepEqual(await violations(page), [], `axe-core, ${lang} at ${width} px`);
        assert.deepEqual(problems, [], 'no error in the console');
        await page.screenshot({ path: resolve(screenshotDir, `report-${lang}-${width}px.png`), fullPage: true });
        if (width === 1280) {
          await page.emulateMedia({ media: 'print' });
          await page.screenshot({ path: resolve(screenshotDir, `report-${lang}-print.png`), fullPage: true });
        }
      } finally {
        await page.context().close();
      }
    }
  });
}
