// The TLS grading by the NCSC guidelines (docs/TLS_GRADING.md) on the page:
// the page grades through the real daneel-proxy's relay by default (the
// widget's grading attribute), shows the grading after the DANE result in
// Dutch and English (the catalogue's words and the core's notes), never
// changes the DANE verdict, leaves it all out with the quick check, and a
// relay with a public relay's admission limits admits a whole graded check of
// a world domain. Real parts throughout: the staged site, daneel-proxy,
// headless Chromium, the test world's NSD/unbound/Postfix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createChecker } from 'daneel';
import { assertNoAxeViolations, PUBLIC_LIMITS, screenshot, startSite, waitFinished } from './harness.mjs';
import { widgetWords } from './widget-words.mjs';
import { format } from '../../web/widget/format.mjs';

const WORDS = { nl: widgetWords('nl'), en: widgetWords('en') };
// The world's ee311.example: one MX host, one address, DANE-EE; its Postfix
// accepts CBC-SHA1 suites and follows the client's order, so the guidelines'
// word is "insufficient" (tests/world/scenarios.toml; check_grading_world_test).
const DOMAIN = 'ee311.example';
const ADDRESS = '127.0.1.11';
const GRADED_MS = 60_000;

let site;
let quickNodeReport;

before(async () => {
  site = await startSite();
  // The DANE verdicts the page must show whether or not it grades: the Node
  // check without grading, directly over node:net.
  const checker = await createChecker({ doh: [site.world.doh], trustAnchors: site.world.trustAnchors, lang: 'nl', smtpTimeoutMs: 5000, grading: false });
  quickNodeReport = await checker.check(DOMAIN);
});

after(async () => {
  await site?.close();
});

/** Opens `path` with a recorder of the status region's sentences installed before the page's script runs. */
async function openPage(target, path) {
  const page = await target.newPage(undefined);
  await page.addInitScript(() => {
    window.statusTexts = [];
    document.addEventListener('daneel-progress', (event) => window.statusTexts.push(event.detail.sentence));
  });
  await page.goto(`${target.origin}${path}`, { timeout: 15_000 });
  return page;
}

const shownReport = (page) => page.evaluate(() => document.querySelector('daneel-check').report);

// A relay request refused because the previous session to the address (or
// of the client) had not ended yet: logged too, retried by the check
// (docs/WASM.md), never a session of its own.
const BUSY = /_concurrency$/;

/** The relay sessions the proxy admitted to `address` since `from` (an index into its log). */
function sessionsTo(target, address, from = 0) {
  return target.relaySessions().slice(from).filter((s) => s.address === address && !BUSY.test(s.close_reason));
}

/** The requests to `address` the relay refused as busy since `from`. */
function busyRefusals(target, address, from = 0) {
  return target.relaySessions().slice(from).filter((s) => s.address === address && BUSY.test(s.close_reason)).length;
}

/** Every DANE verdict of a report: domain, summary, hosts and addresses. */
function daneVerdicts(report) {
  return {
    verdict: report.verdict,
    dane: report.summary.dane,
    subtests: Object.fromEntries(Object.entries(report.subtests).map(([name, s]) => [name, s.status])),
    hosts: report.hosts.map((host) => [host.name, host.verdict, host.addresses.map((a) => [a.address, a.verdict, a.dane?.verdict])]),
  };
}

/** The grading section's facts as a user sees them. */
function gradingView(page) {
  return page.evaluate(() => {
    const root = document.querySelector('daneel-check').shadowRoot;
    const section = root.querySelector('.grading');
    if (!section) return null;
    const heading = root.querySelector('#grading-heading');
    const verdict = section.querySelector('.grading-verdict');
    const row = (li) => ({
      subtest: li.dataset.subtest, status: li.dataset.status,
      word: li.querySelector('.status-word').textContent, name: li.querySelector('.finding-name').textContent,
      body: li.querySelector('.finding-body').textContent,
    });
    return {
      heading: heading?.textContent,
      headingBefore: heading ? Boolean(heading.compareDocumentPosition(root.querySelector('.result .host')) & Node.DOCUMENT_POSITION_PRECEDING) : null,
      ncsc: verdict.dataset.tlsNcsc,
      word: verdict.querySelector('.status-word').textContent,
      shown: [...section.querySelectorAll('.grading-shown > li')].map(row),
      folded: [...section.querySelectorAll('.grading-passed li')].map(row),
      foldedOpen: section.querySelector('.grading-passed')?.open ?? null,
      addresses: [...section.querySelectorAll('.grading-address')].map((a) => ({
        address: a.dataset.address, connections: Number(a.dataset.connections), budget: Number(a.dataset.budget),
        text: a.textContent, visible: a.checkVisibility(),
      })),
    };
  });
}

/** Checks one graded ee311.example result in `lang`; returns the report shown. */
async function assertGraded(page, lang) {
  const words = WORDS[lang];
  const report = await shownReport(page);
  assert.equal(report.lang, lang);
  assert.equal(report.summary.tls_ncsc, 'insufficient', JSON.stringify(report.summary));
  // Grading never touches a DANE verdict.
  assert.deepEqual(daneVerdicts(report), daneVerdicts(quickNodeReport));

  const view = await gradingView(page);
  assert.ok(view, 'the grading section is shown');
  assert.equal(view.heading, words.grading.heading);
  assert.ok(view.headingBefore, 'after the DANE result (the hosts come first)');
  assert.equal(view.ncsc, 'insufficient');
  assert.equal(view.word, words.catalogue_grading.tls_ncsc.insufficient);

  // The failing subtest, open in the list, with the core's text and fix.
  const host = report.hosts[0];
  const ciphers = host.grading.subtests.find((s) => s.name === 'tls_ciphers');
  assert.equal(ciphers.status, 'failed');
  const row = view.shown.find((r) => r.subtest === 'tls_ciphers');
  assert.ok(row, JSON.stringify(view.shown.map((r) => r.subtest)));
  assert.equal(row.word, words.status_word.failed);
  assert.equal(row.name, words.subtest.tls_ciphers);
  assert.ok(row.body.includes(ciphers.note.text) && row.body.includes(ciphers.note.fix), row.body);
  assert.ok(row.body.includes(`${ADDRESS}`), 'the address\'s own rating is in the details');
  // Worst first: no passed or information row above a failed one.
  const order = view.shown.map((r) => r.status);
  assert.equal(order[0], 'failed', order.join(' '));
  assert.ok(!view.shown.some((r) => r.status === 'passed'), 'passed subtests are folded away');
  // The passed ones: folded, closed, every one of them there.
  const passed = host.grading.subtests.filter((s) => s.status === 'passed').map((s) => s.name).sort();
  assert.deepEqual(view.folded.map((r) => r.subtest).sort(), passed);
  assert.equal(view.foldedOpen, false);
  // Information is information: CAA without issue is the core's warning, shown as information.
  const caa = view.shown.find((r) => r.subtest === 'mail_caa');
  assert.equal(caa?.status, 'warning');
  assert.equal(caa.word, words.status_word.info);
  assert.equal(caa.name, `${words.subtest.mail_caa} (${words.grading.information})`);
  // A host's own subtest: no per-address details, so no empty details heading.
  assert.ok(!caa.body.includes(words.result.details), caa.body);

  // Per address: the connections of the budget, as the report counts them.
  const graded = host.addresses[0].grading;
  assert.deepEqual(view.addresses.map((a) => a.address), [ADDRESS]);
  const [address] = view.addresses;
  assert.ok(address.visible, 'the address facts are not folded away');
  assert.equal(address.connections, graded.connections);
  assert.equal(address.budget, graded.budget);
  assert.ok(address.connections >= 3 && address.connections <= address.budget, `${address.connections} of ${address.budget}`);
  assert.ok(address.text.includes(format(words.grading.connections_value, { used: graded.connections, budget: graded.budget })), address.text);
  assert.ok(graded.through_relay, 'graded through the relay');
  assert.equal(graded.ssl3?.status, 'not_tested');
  assert.ok(address.text.includes(words.catalogue_grading.ssl3[graded.ssl3.reason]), address.text);
  // Why a subtest was not tested, with the catalogue's reason (the budget, at least post-quantum's).
  for (const s of graded.subtests.filter((x) => x.status === 'not_tested')) {
    assert.ok(address.text.includes(`${words.subtest[s.name]}: ${words.catalogue_grading.stop[s.reason]}`), `${s.name}: ${address.text}`);
  }
  return report;
}

test('Dutch, by default: the page grades through the relay and shows the grading after an unchanged DANE result, with each connection counted', async (t) => {
  const from = site.relaySessions().length;
  const page = await openPage(site, `/?domain=${DOMAIN}`);
  const started = Date.now();
  assert.equal(await waitFinished(page, GRADED_MS), 'done');
  const seconds = (Date.now() - started) / 1000;
  const report = await assertGraded(page, 'nl');
  // The relay's log agrees with the report: every connection was a relay session.
  const graded = report.hosts[0].addresses[0].grading;
  assert.equal(sessionsTo(site, ADDRESS, from).length, graded.connections);
  assert.ok(!report.hosts[0].addresses.some((a) => a.grading.stop === 'relay_refused'));
  // The probes were announced, each in a sentence of their own.
  const texts = await page.evaluate(() => window.statusTexts);
  const probing = format(WORDS.nl.status.smtp_grading, { done: 'N', known: 'N', address: ADDRESS, host: `mx.${DOMAIN}` }).split('N: ')[1];
  assert.ok(texts.some((t) => t?.endsWith(probing)), texts.join('\n'));
  t.diagnostic(`graded ${DOMAIN} through the test relay: ${graded.connections} sessions of ${graded.budget}, stop ${graded.stop}, ${seconds.toFixed(1)} s`);

  // The failing subtest opened, then axe-core over the graded state.
  await page.locator('daneel-check .grading-shown li[data-subtest="tls_ciphers"] summary').click();
  await assertNoAxeViolations(page, 'graded, nl');
  await screenshot(page, 'grading');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('English: the same grading in English words', async () => {
  const page = await openPage(site, `/en.html?domain=${DOMAIN}`);
  assert.equal(await waitFinished(page, GRADED_MS), 'done');
  await assertGraded(page, 'en');
  await page.locator('daneel-check .grading-passed > summary').click();
  await assertNoAxeViolations(page, 'graded, en, passed subtests open');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the quick check leaves the grading out: no section, no grading in the report, only the DANE sessions', async () => {
  const page = await openPage(site, '/');
  const words = WORDS.nl;
  await page.waitForFunction(() => document.querySelector('daneel-check').dataset.state === 'idle');
  assert.equal(await page.locator('daneel-check').getAttribute('grading'), '', 'the page grades by default');
  await page.getByLabel(/^Snelle controle/).check();
  assert.equal(await page.locator('daneel-check').getAttribute('grading'), null);
  const from = site.relaySessions().length;
  await page.getByLabel(words.form.label).fill(DOMAIN);
  await page.getByLabel(words.form.label).press('Enter');
  assert.equal(await waitFinished(page), 'done');
  const report = await shownReport(page);
  assert.equal(report.grading, undefined);
  assert.equal(report.summary.tls_ncsc, 'not_graded');
  assert.deepEqual(daneVerdicts(report), daneVerdicts(quickNodeReport));
  assert.equal(await gradingView(page), null);
  assert.equal(await page.locator('daneel-check #grading-heading').count(), 0);
  // The check's own session and the one without SNI: nothing more.
  assert.equal(sessionsTo(site, ADDRESS, from).length, 2);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// Two graded checks from one client within a minute, as a reader who checks
// two domains: ee311.example (one address) and two-mx.example (two hosts).
test('a relay with a public relay\'s admission limits admits whole graded checks: no probe refused, the same DANE verdicts', async (t) => {
  const publicSite = await startSite({ limits: PUBLIC_LIMITS });
  const checker = await createChecker({ doh: [publicSite.world.doh], trustAnchors: publicSite.world.trustAnchors, lang: 'nl', smtpTimeoutMs: 5000, grading: false });
  try {
    for (const domain of [DOMAIN, 'two-mx.example']) {
      const from = publicSite.relaySessions().length;
      const page = await openPage(publicSite, `/?domain=${domain}`);
      const started = Date.now();
      assert.equal(await waitFinished(page, GRADED_MS), 'done');
      const seconds = (Date.now() - started) / 1000;
      const report = await shownReport(page);
      assert.deepEqual(daneVerdicts(report), daneVerdicts(await checker.check(domain)), domain);
      assert.notEqual(report.summary.tls_ncsc, 'not_graded', domain);
      const addresses = report.hosts.flatMap((host) => host.addresses);
      for (const { address, grading } of addresses) {
        assert.ok(grading, `${domain} ${address} graded`);
        assert.notEqual(grading.stop, 'relay_refused', `${domain} ${address}`);
        assert.equal(sessionsTo(publicSite, address, from).length, grading.connections, `${domain} ${address}`);
        // Within a public relay's per-destination minute (16).
        assert.ok(grading.connections <= 16);
      }
      if (domain === DOMAIN) assert.equal(report.summary.tls_ncsc, 'insufficient');
      const sessions = addresses.reduce((sum, a) => sum + sessionsTo(publicSite, a.address, from).length, 0);
      const busy = addresses.reduce((sum, a) => sum + busyRefusals(publicSite, a.address, from), 0);
      t.diagnostic(`graded ${domain} through a relay with public limits: ${sessions} relay sessions to ${addresses.length} address(es) (${busy} busy refusals retried), ${report.summary.tls_ncsc}, ${seconds.toFixed(1)} s`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  } finally {
    await publicSite.close();
  }
});
