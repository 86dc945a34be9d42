// What a page sees while <daneel-check> checks the world's good scenario
// (ee311.example), in headless Chromium through the real proxy (harness.mjs):
//  - the main thread is never blocked for more than 50 ms (a PerformanceObserver
//    for long tasks, from the click on "Controleren" until the result is on
//    screen): the check's CPU work is the worker's;
//  - daneel-progress events carry structured fields (phase, domain, host,
//    address, sni, counts) besides the sentence of the status region.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from './harness.mjs';
import { widgetWords } from './widget-words.mjs';

const words = widgetWords('nl');
const LONG_TASK_MS = 50;

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

test('a check of the good scenario: no long task on the main thread, and progress events with phase, host, address and counts', async (t) => {
  const page = await site.newPage(undefined);
  await page.addInitScript(() => {
    window.longTasks = [];
    // Long tasks are those over 50 ms; the observer runs from the first script on.
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ entryTypes: ['longtask'] });
    window.progressEvents = [];
    document.addEventListener('daneel-progress', (event) => {
      const status = document.querySelector('daneel-check').shadowRoot.querySelector('[role="status"]').textContent;
      window.progressEvents.push({ ...event.detail, status });
    });
  });
  await page.goto(`${site.origin}/`, { timeout: 15_000 });
  await page.locator('daneel-check[data-state="idle"]').waitFor();
  await page.getByLabel(words.form.label).fill('ee311.example');
  const started = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: words.form.start }).click();
  await page.locator('daneel-check[data-state="done"]').waitFor({ timeout: 30_000 });
  // Two frames and a pause after the result: the observer reports a task once it has ended.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 200)))));
  const { longTasks, ended } = await page.evaluate(() => ({ longTasks: window.longTasks, ended: performance.now() }));
  const during = longTasks.filter((task) => task.start + task.duration >= started);
  // The browser reports tasks of 50 ms and more, rounded to whole milliseconds.
  t.diagnostic(`${Math.round(ended - started)} ms from the click to the result on screen; long-task entries during it: ` +
    `[${during.map((task) => Math.round(task.duration)).join(', ')}] ms (before the click, while the page loaded: ${longTasks.length - during.length})`);
  assert.equal(await page.locator('daneel-check .result .verdict').getAttribute('data-verdict'), 'pass');
  assert.ok(ended - started > 100, 'the check took some time to watch');
  assert.deepEqual(during.filter((task) => task.duration > LONG_TASK_MS), [],
    `main-thread tasks over ${LONG_TASK_MS} ms during the check (${Math.round(ended - started)} ms watched)`);

  const events = await page.evaluate(() => window.progressEvents);
  const smtp = events.filter((e) => e.phase === 'smtp');
  assert.ok(events.some((e) => e.phase === 'mx' && e.domain === 'ee311.example'), JSON.stringify(events));
  assert.ok(events.some((e) => e.phase === 'tlsa' && e.host === 'mx.ee311.example'), JSON.stringify(events));
  assert.ok(smtp.some((e) => e.address === '127.0.1.11' && e.host === 'mx.ee311.example' && e.sni === true), JSON.stringify(smtp));
  assert.ok(smtp.some((e) => e.address === '127.0.1.11' && e.sni === false), 'the probe without SNI is told apart');
  assert.equal(events.at(-1).phase, 'done');
  assert.equal(events.at(-1).sentence, null);
  for (const [i, e] of events.entries()) {
    assert.ok(Number.isInteger(e.stepsDone) && Number.isInteger(e.stepsKnown) && e.stepsDone <= e.stepsKnown, JSON.stringify(e));
    if (i > 0) assert.ok(e.stepsDone >= events[i - 1].stepsDone, 'the count of steps done never goes back');
    assert.equal(e.progress.stage, e.phase, 'the core\'s step rides along');
    // The sentence is the one the status region shows at that moment.
    if (e.sentence !== null) assert.equal(e.status, e.sentence);
  }
  const first = smtp.find((e) => e.sni);
  assert.equal(first.sentence, words.status.smtp.replace('{done}', Math.min(first.stepsDone + 1, first.stepsKnown))
    .replace('{known}', first.stepsKnown).replace('{address}', first.address).replace('{host}', first.host));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
