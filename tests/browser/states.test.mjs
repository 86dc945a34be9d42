// axe-core (harness.mjs: WCAG 2.0-2.2 A and AA tags) finds no violation in any
// state of the widget on the page: idle, an input error, a check running,
// stopped, a check that could not run, and each type of result (pass, warn, fail, no-dane, no-mail,
// error) with every finding opened. One page walks all the states, in Dutch
// and in English, plain and with the example theme (?theme=voorbeeld): one
// browser for the lot, as browser start-ups cost CI time. Each result is a
// real check of a world scenario through the proxy (harness.mjs), and the
// walk asserts the state it scans is the one it meant to reach.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoAxeViolations, startSite, waitFinished } from './harness.mjs';
import { widgetWords } from './widget-words.mjs';

// The world scenario (tests/world/scenarios.toml) that gives each verdict.
const RESULTS = [
  ['pass', 'ee311.example'],
  ['warn', 'two-mx.example'],
  ['fail', 'ee-mismatch.example'],
  ['no-dane', 'no-starttls.example'],
  ['no-mail', 'null-mx.example'],
  ['error', 'bogus-mx.example'],
];
// silent.example's server accepts and never greets: its check runs until stopped (or 20 s).
const SILENT = { domain: 'silent.example', address: '127.0.1.41' };

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

const state = (page) => page.locator('daneel-check').getAttribute('data-state');

/** Types `input` into the widget's field and submits it, as a user does. */
async function submit(page, words, input) {
  const field = page.getByLabel(words.form.label);
  await field.fill(input);
  await field.press('Enter');
}

/** Opens every finding of the result, so that the scan sees their bodies too (closed, they are not rendered). */
function openAll(page) {
  return page.evaluate(() => {
    for (const details of document.querySelector('daneel-check').shadowRoot.querySelectorAll('details')) details.open = true;
  });
}

async function walkStates(page, lang, label) {
  const words = widgetWords(lang);
  const scan = (what) => assertNoAxeViolations(page, `${label}, ${what}`);
  await page.locator('daneel-check[data-state="idle"]').waitFor();
  await scan('idle');

  await submit(page, words, 'https://gemeente.nl/');
  assert.equal(await waitFinished(page), 'invalid');
  assert.ok((await page.locator('daneel-check #error').textContent()).startsWith(words.form.error_prefix));
  await scan('an input error');

  await submit(page, words, SILENT.domain);
  await page.waitForFunction((address) => document.querySelector('daneel-check').shadowRoot
    .querySelector('[role="status"]').textContent.includes(address), SILENT.address, { timeout: 15_000 });
  assert.equal(await state(page), 'running');
  assert.ok(await page.locator('daneel-check progress').isVisible());
  await scan('a check running');
  await page.getByRole('button', { name: words.form.cancel }).click();
  assert.equal(await state(page), 'cancelled');
  await scan('a check stopped');

  // A check that cannot run at all (here: trust anchors the core cannot read) says why in the status region.
  const anchors = await page.evaluate(() => document.querySelector('daneel-check').trustAnchors);
  await page.evaluate(() => { document.querySelector('daneel-check').trustAnchors = 'not a DS record'; });
  await submit(page, words, RESULTS[0][1]);
  assert.equal(await waitFinished(page), 'failed');
  assert.match(await page.locator('daneel-check [role="status"]').textContent(), /trust_anchors/);
  await scan('a check that could not run');
  await page.evaluate((saved) => { document.querySelector('daneel-check').trustAnchors = saved; }, anchors);

  for (const [verdict, domain] of RESULTS) {
    await submit(page, words, domain);
    assert.equal(await waitFinished(page), 'done', domain);
    const shown = page.locator('daneel-check .result .verdict');
    assert.equal(await shown.getAttribute('data-verdict'), verdict, domain);
    assert.equal(await shown.locator('.status-word').textContent(), words.verdict[verdict], domain);
    await openAll(page);
    await scan(`${verdict} (${domain}), every finding open`);
  }
}

for (const lang of ['nl', 'en']) {
  const path = lang === 'nl' ? '/' : `/${lang}.html`;

  test(`${lang}: no axe-core violation idle, with an input error, running, stopped, failed and with each type of result`, async () => {
    const page = await site.newPage(path);
    await walkStates(page, lang, lang);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test(`${lang}, Voorbeeld theme: no axe-core violation idle, with an input error, running, stopped, failed and with each type of result`, async () => {
    const page = await site.newPage(`${path}?theme=voorbeeld`);
    await page.locator('html[data-theme="voorbeeld"].voorbeeld-theme').waitFor();
    await walkStates(page, lang, `${lang}, Voorbeeld theme`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}
