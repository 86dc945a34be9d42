// A whole measurement against the test world: an organisation list (CSV
// with a BOM, quoting, an extra column and a bad row) through a real
// `daneel batch`, whose results carry each row's organisation, then
// `daneel report` on that output in both languages, its numbers taken from
// the results themselves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { requireWorld } from '../test-support/world.mjs';
import { runCli, worldFlags } from '../test-support/cli.mjs';
import { reportWords } from '../src/report/words.mjs';
import { escapeHtml } from '../src/report/html.mjs';

// [domain, organisation, type, region]: a name with a comma and quotes, a
// row without a type.
const ROWS = [
  ['ee311.example', 'Gemeente "Noord", afdeling ICT', 'gemeente', 'Noord'],
  ['no-tlsa.example', 'Gemeente Zuid', 'gemeente', 'Zuid'],
  ['ee-mismatch.example', 'Ministerie van Voorbeelden', 'ministerie', ''],
  ['null-mx.example', 'Waterschap Droog', 'waterschap', 'West'],
  ['two-mx.example', 'Stichting Zonder Type', '', 'Oost\nen meer'],
];
const literal = (text) => escapeHtml(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const quote = (cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

let world;
let dir;
let records;
let batch;

before(async () => {
  world = await requireWorld();
  dir = mkdtempSync(`${tmpdir()}/daneel-measure-`);
  const lines = ['\uFEFFdomain,organisation,type,region', ...ROWS.map((row) => row.map(quote).join(','))];
  lines.splice(3, 0, 'bad.example,"unfinished"quote,gemeente,x');  // line 4 of the file
  writeFileSync(`${dir}/list.csv`, `${lines.join('\r\n')}\r\n`);
  batch = await runCli(['batch', `${dir}/list.csv`, '--out', `${dir}/results.ndjson`, '--concurrency', '5', ...worldFlags(world, dir)]);
  records = readFileSync(`${dir}/results.ndjson`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('daneel batch LIST.csv: every result carries its row (name, type, other columns); the bad row is reported by line', () => {
  assert.equal(batch.code, 0, batch.stderr);
  assert.match(batch.stderr, /list\.csv:4: skipped: text after the closing quote of field 2/);
  assert.match(batch.stderr, /done: 5 checked, 0 already in the output, 1 bad input lines/);
  assert.equal(records.length, ROWS.length);
  for (const [domain, name, type, region] of ROWS) {
    const record = records.find((r) => r.input === domain);
    assert.ok(record, domain);
    assert.deepEqual(record.organisation, { name, type: type || null, columns: { region } }, domain);
    assert.equal(typeof record.summary.dane, 'string', 'the report itself is whole');
  }
});

test('daneel batch: a list without a domain column is a usage error before anything is written', async () => {
  writeFileSync(`${dir}/nodomain.csv`, 'organisation,type\nA,gemeente\n');
  const run = await runCli(['batch', `${dir}/nodomain.csv`, '--out', `${dir}/nodomain.ndjson`, ...worldFlags(world, dir)]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /nodomain\.csv:1: the header has no domain column/);
  assert.throws(() => readFileSync(`${dir}/nodomain.ndjson`), { code: 'ENOENT' });
});

for (const lang of ['en', 'nl']) {
  test(`daneel report on the batch's output (${lang}): the shares and types of the results, in ${lang}`, async () => {
    const out = `${dir}/report-${lang}.html`;
    const run = await runCli(['report', `${dir}/results.ndjson`, '--out', out, '--lang', lang]);
    assert.equal(run.code, 0, run.stderr);
    const html = readFileSync(out, 'utf8');
    const w = reportWords(lang);
    assert.ok(html.startsWith(`<!doctype html>\n<html lang="${lang}">`));
    assert.doesNotMatch(html, /<script|https?:\/\//i);
    const headline = html.match(/<section id="headline">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/)[1];
    for (const [verdict, label] of Object.entries(w.dane)) {
      const n = records.filter((r) => r.summary.dane === verdict).length;
      assert.match(headline, new RegExp(`<tr><td>${literal(label)}</td><td class="num">${n}</td>`), verdict);
    }
    const byType = html.match(/<section id="by-type">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/)[1];
    for (const type of new Set(ROWS.map((r) => r[2] || w.noType))) {
      const n = ROWS.filter((r) => (r[2] || w.noType) === type).length;
      assert.match(byType, new RegExp(`<tr><td>${literal(type)}</td><td class="num">${n}</td>`), type);
    }
  });
}
