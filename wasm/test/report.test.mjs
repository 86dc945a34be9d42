// `daneel report` over three runs made from real world reports
// (test-support/results-generator.mjs: a real batch's reports, renamed and
// regrouped, checked against the report schema): shares, per type, failing
// subtests with the catalogue's fixes, the provider ranking, the trend, the
// improved and regressed lists, the exit code, the HTML (charts, tables, no
// script, nothing external, both languages), the CSV/JSON and the
// per-organisation CSV, and bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { requireWorld } from '../test-support/world.mjs';
import { runCli } from '../test-support/cli.mjs';
import { templatesFrom, writeRun } from '../test-support/results-generator.mjs';
import { runBatch } from '../src/batch/run.mjs';
import { readCsv } from '../src/batch/csv.mjs';
import { reportWords } from '../src/report/words.mjs';
import { escapeHtml } from '../src/report/html.mjs';
import { EXIT } from '../src/cli/exit-codes.mjs';

// One world domain per summary.dane verdict the plan uses.
const WORLD = ['ee311.example', 'two-mx.example', 'no-tlsa.example', 'ee-mismatch.example', 'null-mx.example'];
const DAY = 86_400_000;
const T1 = Date.UTC(2024, 10, 1);
const TIMES = [T1, T1 + 365 * DAY, T1 + 730 * DAY];

// Each domain: organisation, type, provider, summary.dane in runs 1, 2, 3,
// and what the change from run 2 (the previous) to run 3 (the current) is.
const PLAN = [
  ['a.nl', 'Gemeente A', 'gemeente', 'bigmail.co.uk', ['none', 'none', 'pass'], 'improved'],
  ['b.nl', 'Gemeente B', 'gemeente', 'bigmail.co.uk', ['pass', 'pass', 'fail'], 'regressed'],
  ['c.nl', 'Gemeente C', 'gemeente', 'bigmail.co.uk', ['pass', 'pass', 'pass'], null],
  ['d.nl', 'Gemeente D', 'gemeente', 'bigmail.co.uk', ['none', 'fail', 'pass'], 'improved'],
  ['e.nl', 'Gemeente E', 'gemeente', 'bigmail.co.uk', ['none', 'none', 'fail'], 'regressed'],  // broken DANE is worse than none
  ['f.nl', 'Ministerie F', 'ministerie', 'p2.nl', ['partial', 'partial', 'none'], 'regressed'],
  ['g.nl', 'Ministerie G', 'ministerie', 'p2.nl', ['pass', 'pass', 'no_mail'], null],  // stopped receiving mail: neither
  ['h.nl', 'Ministerie H', 'ministerie', 'p2.nl', ['none', 'partial', 'partial'], null],
  ['i.nl', 'Agentschap I', null, 'i.nl', ['fail', 'fail', 'fail'], null],
  ['j.nl', 'Gemeente J', 'gemeente', 'j.nl', ['none', 'pass', 'pass'], null],
].map(([domain, name, type, provider, dane, change]) => ({ domain, organisation: { name, type, columns: {} }, provider, dane, change }));

let dir;
let templates;
const files = [];
const runs = [];

before(async () => {
  const world = await requireWorld();
  dir = mkdtempSync(`${tmpdir()}/daneel-report-`);
  writeFileSync(`${dir}/world.txt`, WORLD.join('\n'));
  await runBatch({ input: `${dir}/world.txt`, out: `${dir}/world.ndjson`, concurrency: 5,
    checker: { doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000 } });
  const records = readFileSync(`${dir}/world.ndjson`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  templates = templatesFrom(records);
  for (const [i, time] of TIMES.entries()) {
    const path = `${dir}/run${i + 1}.ndjson`;
    files.push(path);
    runs.push(writeRun(path, templates, PLAN.map((p) => ({ ...p, dane: p.dane[i] })), time));
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

const current = () => PLAN.map((p) => ({ ...p, now: p.dane[2] }));
const countBy = (list, key) => list.reduce((m, x) => m.set(key(x), (m.get(key(x)) ?? 0) + 1), new Map());
const section = (html, id) => html.match(new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`))?.[1] ?? '';
// The body rows of a section's (first) table, as arrays of cell texts.
const tableRows = (html) => [...(html.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? '').matchAll(/<tr>(.*?)<\/tr>/g)]
  .map((m) => [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]));
async function csv(path) {
  const rows = [];
  for await (const r of readCsv(path)) rows.push(r.fields);
  return rows;
}
const catalogue = (lang) => JSON.parse(readFileSync(new URL(`../dist/messages/${lang}.json`, import.meta.url), 'utf8')).messages;

test('the world gave a template for every verdict of the plan', () => {
  for (const dane of new Set(PLAN.flatMap((p) => p.dane))) assert.ok(templates.has(dane), `a world report with summary.dane ${dane}`);
});

test('three runs: shares, per type, providers ranked, trend in time order, improved and regressed since the previous run, exit 7', async () => {
  // Earlier runs in any order: they are placed by their time.
  const run = await runCli(['report', files[2], files[0], files[1], '--json', `${dir}/agg.json`, '--csv', `${dir}/agg.csv`]);
  assert.equal(run.code, EXIT.regression, run.stderr);
  assert.equal(EXIT.regression, 7);
  const regressed = PLAN.filter((p) => p.change === 'regressed').map((p) => p.domain);
  assert.match(run.stderr, new RegExp(`^${regressed.length} domain\\(s\\) regressed since the previous run$`, 'm'));
  const agg = JSON.parse(readFileSync(`${dir}/agg.json`, 'utf8'));

  const counts = countBy(current(), (p) => p.now);
  assert.equal(agg.current.total, PLAN.length);
  for (const v of agg.verdicts) {
    assert.equal(agg.current.counts[v], counts.get(v) ?? 0, v);
    assert.ok(Math.abs(agg.current.percent[v] - (100 * (counts.get(v) ?? 0)) / PLAN.length) < 0.05, v);
  }
  const types = countBy(PLAN, (p) => p.organisation.type);
  assert.deepEqual(agg.by_type.map((t) => [t.type, t.total]).sort(), [...types].sort());
  const gemeentePass = current().filter((p) => p.organisation.type === 'gemeente' && p.now === 'pass').length;
  assert.equal(agg.by_type.find((t) => t.type === 'gemeente').counts.pass, gemeentePass);

  // Providers: every domain with MX hosts counts for its provider; the Public
  // Suffix List makes bigmail.co.uk (not co.uk) the provider of mx1.bigmail.co.uk.
  const served = countBy(current().filter((p) => templates.get(p.now).hosts.length > 0), (p) => p.provider);
  const expected = [...served].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  assert.deepEqual(agg.providers.map((p) => [p.provider, p.domains]), expected);
  const big = agg.providers[0];
  assert.equal(big.provider, 'bigmail.co.uk');
  assert.equal(big.verdicts.pass, current().filter((p) => p.provider === 'bigmail.co.uk' && p.now === 'pass').length);
  const bigHosts = new Set(current().filter((p) => p.provider === 'bigmail.co.uk').flatMap((p) => templates.get(p.now).hosts.map((_, i) => i)));
  assert.equal(big.hosts, bigHosts.size);

  assert.deepEqual(agg.trend.map((t) => t.file), files);
  assert.deepEqual(agg.trend.map((t) => Date.parse(t.time)), TIMES);
  for (const [i, t] of agg.trend.entries()) assert.equal(t.counts.pass, PLAN.filter((p) => p.dane[i] === 'pass').length);

  assert.equal(agg.changes.previous, files[1]);
  assert.deepEqual(agg.changes.improved.map((c) => c.domain), PLAN.filter((p) => p.change === 'improved').map((p) => p.domain));
  assert.deepEqual(agg.changes.regressed.map((c) => c.domain), regressed);
  assert.deepEqual(agg.changes.regressed[0], { domain: 'b.nl', organisation: 'Gemeente B', type: 'gemeente', before: 'pass', after: 'fail' });

  // The CSV holds the same numbers.
  const rows = await csv(`${dir}/agg.csv`);
  assert.deepEqual(rows[0], ['section', 'group', 'key', 'domains', 'percent']);
  for (const v of agg.verdicts) assert.ok(rows.some((r) => r[0] === 'verdict' && r[2] === v && Number(r[3]) === agg.current.counts[v]), v);
  assert.deepEqual(rows.filter((r) => r[0] === 'regressed').map((r) => r[1]), regressed);
});

test('a single run or one without regressions exits 0', async () => {
  const single = await runCli(['report', files[2], '--json', `${dir}/single.json`]);
  assert.equal(single.code, 0, single.stderr);
  const agg = JSON.parse(readFileSync(`${dir}/single.json`, 'utf8'));
  assert.deepEqual([agg.trend.length, agg.changes.previous, agg.changes.regressed], [1, null, []]);
  const same = await runCli(['report', files[2], files[2], '--json', `${dir}/same.json`]);
  assert.equal(same.code, 0, same.stderr);
});

for (const lang of ['en', 'nl']) {
  test(`the HTML (${lang}): charts as SVG each with its table, numbers as in the runs, fixes from the catalogue, no script, nothing external`, async () => {
    const out = `${dir}/report-${lang}.html`;
    const run = await runCli(['report', files[2], files[1], files[0], '--out', out, '--lang', lang]);
    assert.equal(run.code, EXIT.regression, run.stderr);
    const html = readFileSync(out, 'utf8');
    const w = reportWords(lang);
    assert.match(html, new RegExp(`^<!doctype html>\\n<html lang="${lang}">`));
    assert.ok(html.includes(`<title>${escapeHtml(w.title)}</title>`));
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /https?:\/\/|\bsrc=|\bhref=|url\(|@import/i, 'nothing to fetch');
    assert.match(html, /@media print/);

    const figures = [...html.matchAll(/<figure>([\s\S]*?)<\/figure>/g)].map((m) => m[1]);
    assert.equal(figures.length, 5, 'headline, per type, failing subtests, providers, trend');
    for (const figure of figures) {
      assert.match(figure, /<svg[^>]*aria-hidden="true"[\s\S]*<\/svg>/);
      assert.match(figure, /<table><caption>[^<]+<\/caption>/, 'each chart has its data table');
    }

    const counts = countBy(current(), (p) => p.now);
    const headline = Object.fromEntries(tableRows(section(html, 'headline')).map((r) => [r[0], Number(r[1])]));
    for (const v of Object.keys(w.dane)) assert.equal(headline[escapeHtml(w.dane[v])], counts.get(v) ?? 0, v);
    assert.equal(headline[w.col.total], PLAN.length);

    // Failing subtests: names in the report's language, the catalogue's fix.
    const messages = catalogue(lang);
    const failing = tableRows(section(html, 'failing'));
    assert.ok(failing.length > 0);
    for (const row of failing) {
      const code = row[1].match(/\(([a-z0-9_]+)\)$/)[1];
      const fix = messages[code].fix;
      if (!fix.includes('{')) assert.equal(row[2], escapeHtml(fix), code);
    }
    assert.ok(failing.some((row) => row[0] === escapeHtml(w.subtest.dane_valid)), 'b.nl and i.nl fail dane_valid');

    const providers = tableRows(section(html, 'providers'));
    assert.deepEqual(providers.slice(0, 2).map((r) => r[0]), ['bigmail.co.uk', 'p2.nl']);

    const changes = section(html, 'changes');
    assert.ok(changes.includes(escapeHtml(w.regressed)));
    const regressedTable = changes.slice(changes.indexOf('id="regressed"'));
    assert.deepEqual(tableRows(regressedTable).map((r) => r[0]), PLAN.filter((p) => p.change === 'regressed').map((p) => p.domain));
  });
}

test('per-organisation CSV: every finding to act on, with the catalogue\'s text and fix filled with the domain\'s parameters', async () => {
  const run = await runCli(['report', files[2], '--organisations', `${dir}/orgs.csv`, '--lang', 'en']);
  assert.equal(run.code, 0, run.stderr);
  const [head, ...rows] = await csv(`${dir}/orgs.csv`);
  assert.deepEqual(head, ['organisation', 'type', 'domain', 'dane', 'tls_ncsc', 'subtest', 'status', 'code', 'finding', 'fix']);
  const b = rows.filter((r) => r[2] === 'b.nl');
  const template = templates.get('fail');
  const toAct = Object.entries(template.subtests).filter(([, s]) => ['failed', 'error', 'warning'].includes(s.status));
  assert.deepEqual(b.map((r) => r[5]), toAct.map(([name]) => name));
  // The template was rendered in English by the core with the same parameters.
  for (const [i, [, s]] of toAct.entries()) {
    assert.deepEqual(b[i].slice(6), [s.status, s.code, s.text, s.fix]);
  }
  // The batch graded nothing (no --grading): every domain's NCSC word says so.
  assert.ok(b.every((r) => r[0] === 'Gemeente B' && r[1] === 'gemeente' && r[3] === 'fail' && r[4] === 'not_graded'));
  assert.deepEqual(rows.map((r) => r[0]), [...rows.map((r) => r[0])].sort((x, y) => x.localeCompare(y)), 'sorted by organisation');
});

test('bad input: a line that is not JSON or not a result stops the report with file and line; progress on stderr', async () => {
  const good = readFileSync(files[2], 'utf8').split('\n').filter(Boolean);
  writeFileSync(`${dir}/broken.ndjson`, `${good[0]}\n${good[1]}\n{"input": "x.nl", "summ\n`);
  const broken = await runCli(['report', `${dir}/broken.ndjson`, '--out', `${dir}/broken.html`]);
  assert.equal(broken.code, EXIT.usage);
  assert.match(broken.stderr, /broken\.ndjson:3: not JSON/);
  writeFileSync(`${dir}/other.ndjson`, '{"hello": "world"}\n');
  const other = await runCli(['report', `${dir}/other.ndjson`, '--out', `${dir}/other.html`]);
  assert.equal(other.code, EXIT.usage);
  assert.match(other.stderr, /other\.ndjson:1: not a daneel result/);
  writeFileSync(`${dir}/wrong.ndjson`, `${good[0].replace(/"dane":"[a-z_]+"/, '"dane":"maybe"')}\n`);
  const wrong = await runCli(['report', `${dir}/wrong.ndjson`, '--out', `${dir}/wrong.html`]);
  assert.match(wrong.stderr, /wrong\.ndjson:1: summary\.dane is "maybe"/);
  const missing = await runCli(['report', `${dir}/none.ndjson`, '--out', `${dir}/none.html`]);
  assert.equal(missing.code, EXIT.usage);
  assert.match(missing.stderr, /none\.ndjson: ENOENT/);
  const noOutput = await runCli(['report', files[2]]);
  assert.equal(noOutput.code, EXIT.usage);
  const progress = await runCli(['report', files[2], '--json', `${dir}/p.json`, '--progress-every', '4']);
  assert.match(progress.stderr, /run3\.ndjson: 4 lines read\n.*run3\.ndjson: 8 lines read/);
});
