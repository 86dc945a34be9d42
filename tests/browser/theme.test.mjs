// The example theme (scripts/build-theme.mjs: the NL Design System's Voorbeeld
// theme mapped onto web/tokens.json) dropped into the page with ?theme=voorbeeld,
// in headless Chromium through the real proxy (harness.mjs): the widget in its
// shadow root really takes the theme's values (read from the build, not typed
// here), and axe-core finds no WCAG 2.2 AA violation idle, with a result that
// has a failing MX host, and in English with a failed result opened.
// Screenshots in build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoAxeViolations, screenshot, startSite, waitFinished } from './harness.mjs';
import { buildTheme } from '../../scripts/build-theme.mjs';
import { widgetWords } from './widget-words.mjs';

const words = { nl: widgetWords('nl'), en: widgetWords('en') };
const theme = new Map(buildTheme().themed);

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

/** "#5115ef" -> "rgb(81, 21, 239)", as getComputedStyle gives a colour. */
function rgb(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

async function openThemed(path) {
  const page = await site.newPage(path);
  await page.locator('html[data-theme="voorbeeld"].voorbeeld-theme').waitFor();
  return page;
}

test('the Voorbeeld theme restyles the widget through the basis tokens; axe-core finds nothing idle', async () => {
  const page = await openThemed('/?theme=voorbeeld');
  await page.locator('daneel-check[data-state="idle"]').waitFor();
  const style = (selector, property) => page.locator(`daneel-check ${selector}`).evaluate((node, p) => getComputedStyle(node)[p], property);
  // Values from the build step's output: the theme reached the shadow root.
  assert.ok(theme.size >= 10, 'the build mapped the theme onto our tokens');
  assert.equal(await style('.widget', 'color'), rgb(theme.get('--basis-color-default-color-document')));
  assert.equal(await style('.start', 'backgroundColor'), rgb(theme.get('--basis-color-action-1-bg-default')));
  assert.equal(await style('.start', 'color'), rgb(theme.get('--basis-color-action-1-color-default')));
  assert.equal(await page.locator('body').evaluate((node) => getComputedStyle(node).color), rgb(theme.get('--basis-color-default-color-document')));
  // And without the theme the fallbacks hold (the theme, not something else, made the difference).
  const plain = await site.newPage('/');
  await plain.locator('daneel-check[data-state="idle"]').waitFor();
  assert.notEqual(await plain.locator('daneel-check .start').evaluate((node) => getComputedStyle(node).backgroundColor),
    rgb(theme.get('--basis-color-action-1-bg-default')));
  await plain.context().close();
  await screenshot(page, 'nl-theme-voorbeeld-idle');
  await assertNoAxeViolations(page, 'Voorbeeld theme, Dutch, idle');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('with the Voorbeeld theme: a result with a failing MX host (Dutch) and a failed result opened (English), no axe-core violation', async () => {
  const page = await openThemed('/?theme=voorbeeld&domain=two-mx.example');
  assert.equal(await waitFinished(page), 'done');
  const verdict = page.locator('daneel-check .result .verdict');
  assert.equal(await verdict.locator('.status-word').textContent(), words.nl.verdict[await verdict.getAttribute('data-verdict')]);
  await screenshot(page, 'nl-theme-voorbeeld-two-mx');
  await assertNoAxeViolations(page, 'Voorbeeld theme, Dutch, two MX hosts');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const en = await openThemed('/en.html?theme=voorbeeld&domain=ee-mismatch.example');
  assert.equal(await waitFinished(en), 'done');
  assert.equal(await en.locator('daneel-check .result .verdict').getAttribute('data-verdict'), 'fail');
  await en.locator('daneel-check li.finding', { hasText: words.en.subtest.dane_valid }).locator('summary').click();
  await en.locator('daneel-check .addresses summary').first().click();
  await screenshot(en, 'en-theme-voorbeeld-fail-opened');
  await assertNoAxeViolations(en, 'Voorbeeld theme, English, a failed result opened');
  assert.deepEqual(en.problems, []);
  await en.context().close();
});
