// <daneel-check> and the page in headless Chromium, served by daneel-proxy
// (test profile) and checking test-world domains through its relay and its
// DoH endpoint (harness.mjs): the verdict and subtests a user sees are the Node check's,
// in Dutch and English; progress is announced in one persistent status
// region; bad input shows the core's specific error and starts nothing;
// Stop really closes the relay session; the keyboard alone gets through; and
// axe-core finds no WCAG 2.2 AA violation before or after a check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createChecker } from 'daneel';
import { assertNoAxeViolations, screenshot, startSite, waitFinished } from './harness.mjs';
import { widgetWords } from './widget-words.mjs';
import { format } from '../../web/widget/format.mjs';

const WORDS = { nl: widgetWords('nl'), en: widgetWords('en') };

let site;
const nodeCheckers = {};

before(async () => {
  site = await startSite();
});

after(async () => {
  await site?.close();
});

/** The same check in Node, directly over node:net: what the widget must show. */
async function nodeReport(domain, lang) {
  nodeCheckers[lang] ??= await createChecker({ doh: [site.world.doh], trustAnchors: site.world.trustAnchors, lang, smtpTimeoutMs: 5000 });
  return nodeCheckers[lang].check(domain);
}

/**
 * Opens `path` with a recorder of the status region installed before the
 * page's own script runs (a permalink starts its check at once): each text
 * at each progress and report event, and the region's node.
 */
async function openPage(path) {
  const page = await site.newPage(undefined);
  await page.addInitScript(() => {
    // The widget's events bubble out of its shadow root (composed): listening on
    // the document needs no widget yet.
    const region = () => document.querySelector('daneel-check').shadowRoot.querySelector('[role="status"]');
    window.statusLog = { region: null, texts: [], reports: 0 };
    const note = () => {
      window.statusLog.region ??= region();
      window.statusLog.texts.push(region().textContent);
    };
    document.addEventListener('daneel-progress', note);
    document.addEventListener('daneel-report', () => { window.statusLog.reports += 1; queueMicrotask(note); });
  });
  await page.goto(`${site.origin}${path}`, { timeout: 15_000 });
  return page;
}

/** Polls `condition` (on the Node side, e.g. the proxy's log) until it holds, at most 5 s. */
async function waitFor(condition, what) {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** The rows the user sees for the domain's subtests: [status word, name]. */
function subtestRows(page) {
  return page.evaluate(() => {
    const lists = document.querySelector('daneel-check').shadowRoot.querySelectorAll('.result > ul.findings');
    const list = lists[lists.length - 1];
    return [...list.querySelectorAll(':scope > li > details > summary')].map((summary) =>
      [summary.querySelector('.status-word').textContent, summary.querySelector('.finding-name').textContent]);
  });
}

function expectedRows(report, words) {
  return Object.entries(report.subtests).map(([key, subtest]) => [words.status_word[subtest.status], words.subtest[key]]);
}

test('a permalink checks a world domain on load and shows the Node check\'s verdict and subtests, in Dutch, with progress announced', async () => {
  const page = await openPage('/?domain=ee311.example');
  assert.equal(await waitFinished(page), 'done');
  const expected = await nodeReport('ee311.example', 'nl');
  const shown = await page.evaluate(() => document.querySelector('daneel-check').report);
  assert.equal(shown.verdict, expected.verdict);
  assert.equal(expected.verdict, 'pass');

  const words = WORDS.nl;
  const verdict = page.locator('daneel-check .verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), 'pass');
  assert.equal(await verdict.locator('.status-word').textContent(), words.verdict.pass);
  assert.match(await verdict.textContent(), new RegExp(expected.outcome.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.deepEqual(await subtestRows(page), expectedRows(expected, words));

  // The status region: one node throughout, a sentence per phase, the verdict at the end.
  const log = await page.evaluate(() => ({
    same: window.statusLog.region === document.querySelector('daneel-check').shadowRoot.querySelector('[role="status"]'),
    texts: window.statusLog.texts, reports: window.statusLog.reports,
  }));
  assert.ok(log.same, 'the status region is never replaced');
  assert.equal(log.reports, 1);
  assert.ok(log.texts.some((t) => /MX-records en DNSSEC van ee311\.example/.test(t)), log.texts.join('\n'));
  assert.ok(log.texts.some((t) => /TLSA-records van mailserver mx\.ee311\.example/.test(t)), log.texts.join('\n'));
  assert.ok(log.texts.some((t) => /STARTTLS en DANE testen op adres 127\.0\.1\.11 van mx\.ee311\.example/.test(t)), log.texts.join('\n'));
  assert.equal(log.texts.at(-1), `Klaar: ${words.verdict.pass}.`);
  await screenshot(page, 'nl-pass');

  // The check ran in the worker, through the proxy's relay: the page itself never fetched the
  // wasm module (a document's resource timing lists the worker's script graph, not what the
  // worker fetches once it runs).
  assert.ok(page.workers().some((worker) => worker.url().endsWith('/widget/check-worker.mjs')));
  const pageFetched = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
  assert.ok(pageFetched.includes('/widget/daneel-check.mjs'), pageFetched.join(' '));
  assert.ok(!pageFetched.some((path) => path.endsWith('.wasm')), pageFetched.join(' '));
  assert.ok(site.relaySessions().some((s) => s.domain === 'ee311.example' && s.address === '127.0.1.11'));
  assert.ok(site.dohRequests() >= 11, 'the DNS questions went to the proxy\'s /dns-query');

  // After the result: permalink, JSON download, Internet.nl.
  assert.equal(await page.locator('#permalink').getAttribute('href'), `${site.origin}/?domain=ee311.example`);
  assert.equal(await page.locator('#internetnl').getAttribute('href'), 'https://internet.nl/mail/ee311.example/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
  assert.match(download.suggestedFilename(), /^daneel-ee311\.example-\d{4}-\d\d-\d\d\.json$/);
  const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(saved.verdict, 'pass');
  assert.ok(saved.evidence?.dns?.length > 0, 'the download is the whole report, evidence included');
  assert.ok(await page.locator('#after-result').isVisible());

  // An address opens to its technical details: the TLSA record that matched and the certificate's.
  const address = page.locator('daneel-check .addresses summary', { hasText: '127.0.1.11' });
  await address.click();
  const record = expected.hosts[0].tlsa.records[0];
  const body = page.locator('daneel-check .addresses details[open] .finding-body');
  assert.match(await body.textContent(), new RegExp(record.split(' ').at(-1)));
  assert.match(await body.textContent(), /TLSv1\.3/);
  // Why the record matched, in Dutch (the core's sentence is English): a 3 1 1 record, the leaf's key.
  const why = WORDS.nl.detail.tlsa_match;
  assert.ok((await body.textContent()).includes(why.ee_leaf.replace('{what}', why.public_key)), await body.textContent());
  assert.ok(!(await body.textContent()).includes(expected.hosts[0].addresses[0].dane.records[0].explanation), 'no English explanation');

  // A new check that the core refuses leaves no stale links to the previous result.
  await page.getByLabel(WORDS.nl.form.label).fill('gemeente');
  await page.getByLabel(WORDS.nl.form.label).press('Enter');
  assert.equal(await waitFinished(page), 'invalid');
  assert.ok(await page.locator('#after-result').isHidden());
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('in English: a DANE mismatch fails with the core\'s explanation and fix, as the Node check says', async () => {
  const page = await site.newPage('/en.html?domain=ee-mismatch.example');
  assert.equal(await waitFinished(page), 'done');
  const expected = await nodeReport('ee-mismatch.example', 'en');
  assert.equal(expected.verdict, 'fail');
  const words = WORDS.en;
  assert.equal(await page.locator('daneel-check .verdict .status-word').textContent(), words.verdict.fail);
  assert.deepEqual(await subtestRows(page), expectedRows(expected, words));
  assert.equal(await page.locator('daneel-check .result').getAttribute('lang'), 'en');

  const daneValid = page.locator('daneel-check li.finding', { hasText: words.subtest.dane_valid });
  await daneValid.locator('summary').click();
  const text = await daneValid.locator('.finding-body').textContent();
  assert.ok(text.includes(expected.subtests.dane_valid.text), text);
  assert.ok(text.includes(expected.subtests.dane_valid.fix), text);
  assert.ok(text.includes(words.result.fix));

  const address = expected.hosts[0].addresses[0];
  const row = page.locator('daneel-check .addresses li.finding', { hasText: address.address });
  assert.equal(await row.locator('.status-word').textContent(), words.verdict[address.verdict]);
  await row.locator('summary').click();
  assert.ok((await row.locator('.finding-body').textContent()).includes(address.outcome.text));
  // Each TLSA record against the chain, and why it did not match, in English words of the widget.
  assert.ok(address.dane.records.length > 0 && address.dane.records.every((r) => !r.authenticates));
  assert.ok((await row.locator('.finding-body').textContent()).includes(`${words.detail.no_match}: ${words.detail.tlsa_match.no_match}`));
  assert.equal(await page.locator('#internetnl').getAttribute('href'), 'https://en.internet.nl/mail/ee-mismatch.example/');
  await screenshot(page, 'en-fail-opened');
  await assertNoAxeViolations(page, 'English, a failed result with two findings open');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('bad input shows the core\'s specific error at the input and starts no check', async () => {
  const page = await site.newPage('/');
  await page.locator('daneel-check[data-state]').waitFor();
  const sessionsBefore = site.relaySessions().length;
  const dohBefore = site.dohRequests();
  const input = page.getByLabel(WORDS.nl.form.label);
  for (const typed of ['https://gemeente.nl/', '192.0.2.25']) {
    const expected = await nodeReport(typed, 'nl');
    assert.equal(expected.outcome.code, 'input_invalid');
    // Dutch all through: the problem is worded by the catalogue, not an English sentence.
    assert.match(expected.outcome.text, /webadres|IP-adres/);
    await input.fill(typed);
    await input.press('Enter');
    assert.equal(await waitFinished(page), 'invalid');
    const error = page.locator('daneel-check #error');
    assert.equal(await error.textContent(), `${WORDS.nl.form.error_prefix} ${expected.outcome.text}`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match(await input.getAttribute('aria-describedby'), /\berror\b/);
    assert.ok(await input.evaluate((node) => node.getRootNode().activeElement === node), 'the focus is back in the input');
    assert.equal(await page.locator('daneel-check [role="status"]').textContent(),
      WORDS.nl.status.input_error.replace('{message}', expected.outcome.text));
    assert.equal(await page.locator('daneel-check .result').count(), 0);
  }
  assert.equal(site.dohRequests(), dohBefore, 'no DNS query was made');
  assert.equal(site.relaySessions().length, sessionsBefore, 'no relay session was opened');
  assert.ok(await page.locator('#after-result').isHidden());
  await screenshot(page, 'nl-input-error');
  await assertNoAxeViolations(page, 'Dutch, an input error');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Stop ends a running check: the status says so and the relay session closes at once', async () => {
  const page = await openPage('/');
  await page.locator('daneel-check[data-state]').waitFor();
  // silent.example's server accepts and never greets: the check waits 20 s for it unless stopped.
  await page.getByLabel(WORDS.nl.form.label).fill('silent.example');
  await page.getByRole('button', { name: WORDS.nl.form.start }).click();
  await page.waitForFunction(() => window.statusLog.texts.some((t) => t.includes('127.0.1.41')), null, { timeout: 15_000 });
  // Stop once the relay has taken the WebSocket (its 101 is in the proxy's request log).
  await waitFor(() => /GET \/relay\?domain=silent\.example\S* 101 /.test(site.proxy.stderr()), 'the relay session to 127.0.1.41');
  const stopped = Date.now();
  await page.getByRole('button', { name: WORDS.nl.form.cancel }).click();
  assert.equal(await page.locator('daneel-check').getAttribute('data-state'), 'cancelled');
  assert.equal(await page.locator('daneel-check [role="status"]').textContent(), WORDS.nl.status.cancelled);
  await screenshot(page, 'nl-stopped');
  // The check would wait 20 s for the greeting; the relay ends the session as soon as the browser closes it.
  await waitFor(() => site.relaySessions().some((s) => s.address === '127.0.1.41'), 'the relay session to end');
  assert.ok(Date.now() - stopped < 5000, `the relay session ended ${Date.now() - stopped} ms after Stop`);
  assert.ok(await page.locator('daneel-check .cancel').isDisabled());
  assert.equal(await page.evaluate(() => window.statusLog.reports), 0, 'no report after Stop');
  assert.equal(await page.evaluate(() => document.querySelector('daneel-check').report), null);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('keyboard only: skip link, input, check, result heading, findings open and close; axe-core finds nothing idle or after', async () => {
  const page = await site.newPage('/');
  await page.locator('daneel-check[data-state="idle"]').waitFor();
  await assertNoAxeViolations(page, 'Dutch, idle');
  const focused = () => page.evaluate(() => {
    let node = document.activeElement;
    while (node?.shadowRoot?.activeElement) node = node.shadowRoot.activeElement;
    const style = node ? getComputedStyle(node) : null;
    return { tag: node?.localName, id: node?.id, text: node?.textContent?.trim().slice(0, 60), outline: style?.outlineStyle };
  });
  await page.keyboard.press('Tab');
  assert.equal((await focused()).text, 'Direct naar de controle');
  await page.keyboard.press('Enter');
  // The page's quick-check box comes first (above the widget), then the widget's input.
  await page.keyboard.press('Tab');
  let now = await focused();
  assert.deepEqual([now.tag, now.id], ['input', 'quick-check']);
  assert.notEqual(now.outline, 'none', 'the focus is visible');
  await page.keyboard.press('Tab');
  now = await focused();
  assert.deepEqual([now.tag, now.id], ['input', 'domain']);
  assert.notEqual(now.outline, 'none', 'the focus is visible');
  await page.keyboard.type('ee311.example');
  await page.keyboard.press('Enter');
  assert.equal(await waitFinished(page), 'done');
  now = await focused();
  assert.deepEqual([now.tag, now.id], ['h3', 'result-heading'], 'the result heading has the focus');
  await page.keyboard.press('Tab');
  now = await focused();
  assert.equal(now.tag, 'summary');
  assert.notEqual(now.outline, 'none');
  const firstDetails = page.locator('daneel-check .result details').first();
  await page.keyboard.press('Enter');
  assert.equal(await firstDetails.getAttribute('open'), '');
  await page.keyboard.press('Space');
  assert.equal(await firstDetails.getAttribute('open'), null);
  await assertNoAxeViolations(page, 'Dutch, a passed result');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('two MX hosts: the picture of domain, hosts and addresses; at 320 px, in dark mode, in forced colours and printed: readable, no horizontal scrolling, no axe-core violation', async () => {
  const page = await site.newPage('/?domain=two-mx.example', { viewport: { width: 320, height: 640 } });
  assert.equal(await waitFinished(page), 'done');
  const expected = await nodeReport('two-mx.example', 'nl');
  const hosts = await page.locator('daneel-check section.host h4').allTextContents();
  assert.deepEqual(hosts, expected.hosts.map((h) => WORDS.nl.result.host.replace('{host}', h.name)));
  assert.equal(await page.locator('daneel-check .verdict').getAttribute('data-verdict'), expected.verdict);

  // The picture: domain -> MX hosts -> addresses, each node with its status word; its text equivalent lists them all.
  const w = WORDS.nl.verdict;
  const nodes = [`${expected.domain}: ${w[expected.verdict]}`, ...expected.hosts.flatMap((h) =>
    [`${h.name}: ${w[h.verdict]}`, ...h.addresses.map((a) => `${a.address}: ${w[a.verdict]}`)])];
  const picture = page.locator('daneel-check figure svg[role="img"]');
  assert.deepEqual(await picture.locator('.nodes text').allTextContents(), nodes);
  assert.equal((await picture.locator('title').textContent()).replace(/\s+/g, ' ').trim(), nodes.join('; ').replace(/\s+/g, ' '));
  assert.equal(await page.locator('daneel-check').getByRole('img').getAttribute('aria-labelledby'), 'diagram-title');
  assert.match(await page.locator('daneel-check figcaption').textContent(), /2 mailserver\(s\) en hun 2 adres\(sen\)/);

  // Printing opens every finding; afterwards the reader's choice is back.
  const openCount = () => page.evaluate(() => document.querySelector('daneel-check').shadowRoot.querySelectorAll('details[open]').length);
  const total = await page.locator('daneel-check details').count();
  await page.locator('daneel-check details summary').first().click();
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.equal(await openCount(), total);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  assert.equal(await openCount(), 1);

  // 320 px (also what 200% zoom of a 640 px window gives): every finding open, nothing wider than the screen.
  await page.evaluate(() => { for (const d of document.querySelector('daneel-check').shadowRoot.querySelectorAll('details')) d.open = true; });
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(widths[0] <= widths[1], `no horizontal scrolling at 320 px: ${widths}`);
  await screenshot(page, 'nl-warn-320px-opened');
  await assertNoAxeViolations(page, 'Dutch, 320 px, every finding open');

  await page.emulateMedia({ colorScheme: 'dark' });
  const text = await page.locator('daneel-check .widget').evaluate((node) => getComputedStyle(node).color);
  assert.equal(text, 'rgb(240, 240, 240)', 'the dark fallback text colour');
  await assertNoAxeViolations(page, 'Dutch, dark mode');

  await page.emulateMedia({ colorScheme: 'light', forcedColors: 'active' });
  const icon = await page.locator('daneel-check .verdict .icon circle').evaluate((node) => getComputedStyle(node).fill);
  assert.equal(icon, 'none', 'in forced colours the icons are outlines in the text colour');
  await assertNoAxeViolations(page, 'Dutch, forced colours');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('verify a report offline: a Node check\'s report holds; with its verdict changed it does not, and the difference is shown', async () => {
  const report = await nodeReport('ee311.example', 'nl');
  const page = await site.newPage('/');
  await page.locator('daneel-check[data-state="idle"]').waitFor();
  const dohBefore = site.dohRequests();
  const sessionsBefore = site.relaySessions().length;
  const words = WORDS.nl;
  const file = page.getByLabel('Rapport (JSON-bestand)');
  // The page reads the file asynchronously: the outcome is the daneel-verify event, not a state
  // (the state is still "done" from the previous verification for a moment).
  const open = async (content) => {
    const verified = page.evaluate(() => new Promise((resolve) => document.addEventListener('daneel-verify', () => resolve(), { once: true })));
    await file.setInputFiles({ name: 'report.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(content)) });
    await verified;
    assert.equal(await page.locator('daneel-check').getAttribute('data-state'), 'done');
  };

  await open(report);
  const outcome = page.locator('daneel-check .verification .verdict');
  assert.equal(await outcome.getAttribute('data-verification'), 'ok');
  assert.equal(await outcome.locator('.status-word').textContent(), words.verify.status_ok);
  // The Node check graded cert_trust against Node's roots; the browser has none: said, per subtest, not passed off as replayed.
  const notReplayed = outcome.locator('.not-replayed');
  assert.equal(await notReplayed.count(), 1);
  assert.equal(await notReplayed.getAttribute('data-reason'), 'no_root_store');
  const notReplayedText = await notReplayed.textContent();
  assert.ok(notReplayedText.includes(words.verify.not_replayed_reason.no_root_store), notReplayedText);
  assert.match(notReplayedText, /grading\.subtests\.cert_trust(,|\.)/);
  assert.doesNotMatch(notReplayedText, /cert_trust\.(status|code)/);
  assert.equal(await page.locator('daneel-check [role="status"]').textContent(), words.verify.done_ok);
  assert.ok(await page.locator('daneel-check #verify-heading').evaluate((node) => node.getRootNode().activeElement === node), 'the outcome has the focus');
  // Below the outcome, the report itself.
  assert.equal(await page.locator('daneel-check .result .verdict').getAttribute('data-verdict'), 'pass');
  assert.equal((await page.evaluate(() => document.querySelector('daneel-check').report)).verdict, 'pass');

  const tampered = structuredClone(report);
  tampered.verdict = 'fail';
  await open(tampered);
  assert.equal(await outcome.getAttribute('data-verification'), 'differs');
  assert.equal(await page.locator('daneel-check [role="status"]').textContent(), words.verify.done_differs);
  await screenshot(page, 'nl-verify-differs');
  const differences = await page.locator('daneel-check .differences li').allTextContents();
  assert.ok(differences.includes(words.verify.difference.replace('{path}', 'verdict').replace('{report}', 'fail').replace('{verify}', 'pass')),
    differences.join('\n'));

  assert.equal(site.dohRequests(), dohBefore, 'verify asks no DNS question');
  assert.equal(site.relaySessions().length, sessionsBefore, 'verify opens no connection');
  await assertNoAxeViolations(page, 'Dutch, a report that does not hold');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('through the element\'s API in English: null MX, no STARTTLS and a bogus TLSA record set, each as the Node check judges it, without an axe-core violation', async () => {
  const page = await site.newPage('/en.html');
  await page.locator('daneel-check[data-state="idle"]').waitFor();
  const words = WORDS.en;
  for (const domain of ['null-mx.example', 'no-starttls.example', 'bogus-tlsa.example']) {
    const expected = await nodeReport(domain, 'en');
    // check() resolves once the check is under way; daneel-report brings the report.
    const shown = await page.evaluate((d) => new Promise((resolve) => {
      const widget = document.querySelector('daneel-check');
      widget.addEventListener('daneel-report', (event) => resolve(event.detail.report), { once: true });
      widget.check(d);
    }), domain);
    assert.equal(shown.verdict, expected.verdict, domain);
    assert.equal(await page.locator('daneel-check').getAttribute('data-state'), 'done');
    const verdict = page.locator('daneel-check .result .verdict');
    assert.equal(await verdict.locator('.status-word').textContent(), words.verdict[expected.verdict], domain);
    const headline = words.verdict_headline[expected.verdict].replace('{domain}', domain);
    assert.ok((await verdict.textContent()).includes(headline), domain);
    assert.deepEqual(await subtestRows(page), expectedRows(expected, words), domain);
    assert.equal(await page.locator('daneel-check figure').count(), expected.hosts.length ? 1 : 0, `${domain}: a picture only with MX hosts`);
    await assertNoAxeViolations(page, `English, ${domain} (${expected.verdict})`);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// A dual-stack host, in both languages: each address is judged apart.
for (const lang of ['nl', 'en']) {
  test(`${lang}: a dual-stack host: its IPv4 address passes and [::1] fails, per address in the list and in the picture as the Node check judges them, without an axe-core violation`, async () => {
    const sessionsBefore = site.relaySessions().length;
    const page = await site.newPage(`${lang === 'nl' ? '/' : '/en.html'}?domain=dual-stack.example`);
    assert.equal(await waitFinished(page), 'done');
    const expected = await nodeReport('dual-stack.example', lang);
    const [host] = expected.hosts;
    // What the scenario is for: one address of each family, judged apart (only the IPv6 server's certificate mismatches).
    assert.deepEqual(host.addresses.map((a) => [a.address, a.verdict]), [['127.0.1.39', 'pass'], ['::1', 'fail']]);
    assert.equal(expected.verdict, 'fail');
    const words = WORDS[lang];
    assert.equal(await page.locator('daneel-check .result').getAttribute('lang'), lang);
    assert.equal(await page.locator('daneel-check .result .verdict').getAttribute('data-verdict'), expected.verdict);
    assert.deepEqual(await subtestRows(page), expectedRows(expected, words));

    // The list: a row per address, its status word the Node check's verdict of that address.
    const rows = page.locator('daneel-check section.host ul.addresses > li > details > summary');
    const shownRows = await rows.evaluateAll((summaries) => summaries.map((s) =>
      [s.querySelector('.finding-name').textContent, s.querySelector('.status-word').textContent]));
    assert.deepEqual(shownRows, host.addresses.map((a) => [format(words.result.address, { address: a.address }), words.verdict[a.verdict]]));
    // Each address opens to the core's explanation of its own result.
    for (const address of host.addresses) {
      const row = page.locator('daneel-check .addresses li.finding', { hasText: format(words.result.address, { address: address.address }) });
      await row.locator('summary').click();
      const body = await row.locator('.finding-body').textContent();
      assert.ok(body.includes(address.outcome.text), `${address.address}: ${body}`);
    }
    assert.notEqual(host.addresses[0].outcome.text, host.addresses[1].outcome.text, 'the two addresses are explained apart');

    // The picture: domain -> host -> both addresses, each with its own status word.
    const nodes = [`${expected.domain}: ${words.verdict[expected.verdict]}`, `${host.name}: ${words.verdict[host.verdict]}`,
      ...host.addresses.map((a) => `${a.address}: ${words.verdict[a.verdict]}`)];
    assert.deepEqual(await page.locator('daneel-check figure svg[role="img"] .nodes text').allTextContents(), nodes);
    assert.equal(await page.locator('daneel-check figcaption').textContent(),
      format(words.diagram.caption, { domain: expected.domain, hosts: 1, addresses: 2 }));

    // Both addresses were reached through the relay, the IPv6 one too.
    const reached = site.relaySessions().slice(sessionsBefore).filter((s) => s.domain === 'dual-stack.example').map((s) => s.address);
    assert.ok(reached.includes('127.0.1.39') && reached.includes('::1'), reached.join(' '));
    await screenshot(page, `${lang}-dual-stack-opened`);
    await assertNoAxeViolations(page, `${lang}, a dual-stack host, both addresses opened`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}
