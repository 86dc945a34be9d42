// The batch's CSV reader and organisation lists (no network): quoting, line
// breaks in quotes, BOM, CRLF, extra columns kept, bad rows reported with
// their line numbers while the rows after them are still read, bounds, and
// lists without a usable header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { csvRecords, splitRecord, readCsv, CSV_ERROR, CSV_LIMITS } from '../src/batch/csv.mjs';
import { readOrganisationList, ListError } from '../src/batch/organisations.mjs';
import { formatOf, INPUT_FORMAT } from '../src/batch/source.mjs';
import { readLines, countLines } from '../src/batch/lines.mjs';

let dir;
before(() => { dir = mkdtempSync(`${tmpdir()}/daneel-csv-`); });
after(() => rmSync(dir, { recursive: true, force: true }));

async function records(text, limits) {
  const path = `${dir}/t${Math.random().toString(36).slice(2)}.csv`;
  writeFileSync(path, text);
  const out = [];
  for await (const record of readCsv(path, limits)) out.push(record);
  return out;
}

async function list(text) {
  const path = `${dir}/l${Math.random().toString(36).slice(2)}.csv`;
  writeFileSync(path, text);
  const out = [];
  for await (const entry of readOrganisationList(path)) out.push(entry);
  return out;
}

test('fields: plain, quoted with commas, "" for a quote, empty ones, a trailing empty field', () => {
  assert.deepEqual(splitRecord('a,b,c'), ['a', 'b', 'c']);
  assert.deepEqual(splitRecord('"a,b","say ""hi""",'), ['a,b', 'say "hi"', '']);
  assert.deepEqual(splitRecord(',,'), ['', '', '']);
  assert.deepEqual(splitRecord('""'), ['']);
  assert.throws(() => splitRecord('a"b,c'), { code: CSV_ERROR.QUOTE_IN_FIELD });
  assert.throws(() => splitRecord('"a"b,c'), { code: CSV_ERROR.AFTER_QUOTE });
});

test('records: BOM and CRLF dropped, line breaks inside quotes kept, blank lines skipped, line numbers where a record starts', async () => {
  const got = await records('\uFEFFdomain,note\r\na.nl,"two\r\nlines"\r\n\r\nb.nl,x\r\n');
  assert.deepEqual(got, [
    { line: 1, fields: ['domain', 'note'] },
    { line: 2, fields: ['a.nl', 'two\nlines'] },
    { line: 5, fields: ['b.nl', 'x'] },
  ]);
});

test('a bad record is reported with its line and the next lines are still read, also after an unclosed quote', async () => {
  const got = await records(['h1,h2', 'a"x,1', 'ok1,1', '"unclosed,1', 'ok2,1', 'ok3,1'].join('\n'), { ...CSV_LIMITS, MAX_RECORD_LINES: 2 });
  assert.deepEqual(got.map((r) => [r.line, r.error?.code ?? r.fields.join('|')]), [
    [1, 'h1|h2'],
    [2, CSV_ERROR.QUOTE_IN_FIELD],
    [3, 'ok1|1'],
    [4, CSV_ERROR.QUOTE_NOT_CLOSED],
    [5, 'ok2|1'],
    [6, 'ok3|1'],
  ]);
  // At the end of the file an unclosed quote is an error too, not a hang.
  const end = await records('h\n"never closed\n');
  assert.equal(end.at(-1).error.code, CSV_ERROR.QUOTE_NOT_CLOSED);
  assert.equal(end.at(-1).line, 2);
});

test('bounds: a long line, a long field and too many columns are errors of their line, never kept', async () => {
  const limits = { ...CSV_LIMITS, MAX_LINE: 100, MAX_FIELD: 10, MAX_COLUMNS: 3 };
  const got = await records(['a,b', 'x'.repeat(150), `${'y'.repeat(11)},1`, '1,2,3,4', 'fine,1'].join('\n'), limits);
  assert.deepEqual(got.map((r) => [r.line, r.error?.code ?? 'ok']), [
    [1, 'ok'], [2, CSV_ERROR.LINE_TOO_LONG], [3, CSV_ERROR.FIELD_TOO_LONG], [4, CSV_ERROR.TOO_MANY_COLUMNS], [5, 'ok'],
  ]);
});

test('records from any async source of lines (the reader does not need a file)', async () => {
  async function* lines() {
    yield { number: 1, text: 'a,"b', tooLong: false };
    yield { number: 2, text: 'c"', tooLong: false };
  }
  const got = [];
  for await (const record of csvRecords(lines())) got.push(record);
  assert.deepEqual(got, [{ line: 1, fields: ['a', 'b\nc'] }]);
});

test('organisation list: columns in any order and case, other columns kept, empty cells null', async () => {
  const got = await list('Type,Region,DOMAIN,Organisation,kvk\ngemeente,"Noord, Oost",Utrecht.NL,"Gemeente ""Utrecht""",123\n,,b.nl,,\n');
  assert.deepEqual(got, [
    { number: 2, domain: 'Utrecht.NL', organisation: { name: 'Gemeente "Utrecht"', type: 'gemeente', columns: { Region: 'Noord, Oost', kvk: '123' } } },
    { number: 3, domain: 'b.nl', organisation: { name: null, type: null, columns: { Region: '', kvk: '' } } },
  ]);
  const minimal = await list('domain\nc.nl\n');
  assert.deepEqual(minimal[0].organisation, { name: null, type: null, columns: {} });
});

test('organisation list: bad rows (field count, not a domain, broken quoting) are reported by line and skipped', async () => {
  const got = await list(['domain,organisation,type', 'a.nl,A', 'https://b.nl/,B,t', ',C,t', 'd.nl,"D"x,t', 'e.nl,E,t'].join('\n'));
  assert.deepEqual(got.map((e) => e.number), [2, 3, 4, 5, 6]);
  assert.match(got[0].bad, /2 fields, the header has 3/);
  assert.match(got[1].bad, /not a domain name/);
  assert.equal(got[2].bad, 'no domain');
  assert.match(got[3].bad, /after the closing quote/);
  assert.equal(got[4].domain, 'e.nl');
});

test('organisation list: no usable header is a ListError naming the file and line', async () => {
  await assert.rejects(list('organisation,type\nA,t\n'), (e) => e instanceof ListError && /:1: the header has no domain column/.test(e.message));
  await assert.rejects(list('domain,Domain\n'), (e) => e instanceof ListError && /names the column Domain twice/.test(e.message));
  await assert.rejects(list('domain,,type\n'), (e) => e instanceof ListError && /column 2 of the header has no name/.test(e.message));
  await assert.rejects(list(''), (e) => e instanceof ListError && /empty/.test(e.message));
  await assert.rejects(list('"domain\n'), (e) => e instanceof ListError && /the header: a quote/.test(e.message));
});

test('input format: CSV by the .csv name unless given', () => {
  assert.equal(formatOf('list.CSV'), INPUT_FORMAT.CSV);
  assert.equal(formatOf('list.txt'), INPUT_FORMAT.TEXT);
  assert.equal(formatOf('list.txt', INPUT_FORMAT.CSV), INPUT_FORMAT.CSV);
});

test('lines: a line over several 1 MiB chunks with multi-byte characters cut at chunk edges; a too-long one dropped, not kept', async () => {
  const path = `${dir}/long.txt`;
  const wide = 'é€'.repeat(400_000);  // 2 MB of UTF-8, 800,000 characters
  writeFileSync(path, `first\r\n${wide}\n${'x'.repeat(3_000_000)}\nlast`);
  const got = [];
  for await (const line of readLines(path, { maxLine: 1_000_000 })) got.push(line);
  assert.deepEqual(got.map((l) => [l.number, l.tooLong, l.text.length]), [[1, false, 5], [2, false, 800_000], [3, true, 0], [4, false, 4]]);
  assert.equal(got[1].text, wide);
  assert.equal(await countLines(path), 4);
});
