// The report's parts that need no world: which changes are improvements,
// providers under the Public Suffix List, the catalogue's texts with and
// without a domain's parameters, CSV quoting, and the facts kept of a
// result (bounded, the batch's error line included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { change, CHANGE, DANE, DANE_ORDER } from '../src/report/verdicts.mjs';
import { providerOf, providersOfDomain } from '../src/report/providers.mjs';
import { loadCatalogue } from '../src/report/catalogue.mjs';
import { csvLine } from '../src/report/exports.mjs';
import { factsOf, NotAResult } from '../src/report/facts.mjs';
import { escapeHtml, table } from '../src/report/html.mjs';
import { errorRecord } from '../src/batch/results.mjs';
import { splitRecord } from '../src/batch/csv.mjs';

test('changes: pass > partial > none > fail > bogus; to or from no_mail and error is neither', () => {
  const ranked = [DANE.PASS, DANE.PARTIAL, DANE.NONE, DANE.FAIL, DANE.BOGUS];
  for (const [i, before] of ranked.entries()) {
    for (const [j, after] of ranked.entries()) {
      assert.equal(change(before, after), i === j ? CHANGE.SAME : j < i ? CHANGE.IMPROVED : CHANGE.REGRESSED, `${before} -> ${after}`);
    }
  }
  for (const other of [DANE.NO_MAIL, DANE.ERROR]) {
    assert.equal(change(DANE.PASS, other), CHANGE.UNRANKED);
    assert.equal(change(other, DANE.PASS), CHANGE.UNRANKED);
    assert.equal(change(other, other), CHANGE.SAME);
  }
  assert.equal(new Set(DANE_ORDER).size, Object.keys(DANE).length);
});

test('providers: registrable domains under the Public Suffix List; a domain\'s worst host per provider', () => {
  assert.equal(providerOf('mx1.bigmail.co.uk.'), 'bigmail.co.uk');
  assert.equal(providerOf('Tenant-NL.mail.protection.outlook.com'), 'outlook.com');
  assert.equal(providerOf('mx.gemeente.nl'), 'gemeente.nl');
  assert.equal(providerOf('192.0.2.25'), '192.0.2.25', 'a name the list cannot place is its own provider');
  const worst = providersOfDomain([
    { name: 'mx1.p.nl', verdict: 'pass' }, { name: 'mx2.p.nl', verdict: 'fail' }, { name: 'mx.q.nl', verdict: 'no-dane' }, { name: 'mx.r.nl', verdict: 'odd' },
  ]);
  assert.deepEqual([...worst], [['p.nl', 'fail'], ['q.nl', 'no-dane'], ['r.nl', 'not_tested']]);
});

for (const lang of ['en', 'nl']) {
  test(`catalogue (${lang}): the core's texts, parameters filled (DNSSEC words translated) or "…" for many domains`, async () => {
    const raw = JSON.parse(readFileSync(new URL(`../dist/messages/${lang}.json`, import.meta.url), 'utf8'));
    const catalogue = await loadCatalogue(lang);
    const [code, entry] = Object.entries(raw.messages).find(([, m]) => m.text.includes('{security}') && m.text.includes('{domain}'));
    const filled = catalogue.render(code, { domain: 'voorbeeld.nl', security: 'bogus', detail: 'x' });
    assert.ok(filled.text.includes('voorbeeld.nl'));
    assert.ok(filled.text.includes(raw.values.security.bogus));
    assert.equal(filled.text, entry.text.replaceAll('{domain}', 'voorbeeld.nl').replaceAll('{security}', raw.values.security.bogus).replaceAll('{detail}', 'x'));
    const general = catalogue.render(code);
    assert.doesNotMatch(general.text, /\{|voorbeeld/);
    assert.match(general.text, /…/);
    assert.equal(catalogue.render('no_such_code'), null);
  });
}

test('CSV cells: quoted when they hold a comma, quote or line break, and read back the same', () => {
  const cells = ['plain', 'a,b', 'say "hi"', 'two\nlines', '', null];
  const line = csvLine(cells);
  assert.ok(line.endsWith('\r\n'));
  assert.deepEqual(splitRecord(line.slice(0, -2)), ['plain', 'a,b', 'say "hi"', 'two\nlines', '', '']);
  // A server's text that looks like a formula is shown, not evaluated; numbers stay numbers.
  assert.deepEqual(splitRecord(csvLine(['=HYPERLINK("x")', '@SUM(1)', '-1', -1, 2.5]).slice(0, -2)), ["'=HYPERLINK(\"x\")", "'@SUM(1)", "'-1", '-1', '2.5']);
});

test('HTML: every text escaped', () => {
  assert.equal(escapeHtml('<b a="1">&\'</b>'), '&lt;b a=&quot;1&quot;&gt;&amp;&#39;&lt;/b&gt;');
  const html = table({ caption: '<x>', head: ['h'], rows: [['<script>alert(1)</script>']] });
  assert.doesNotMatch(html, /<script|<x>/);
});

test('facts: the batch\'s error line is "could not test"; unknown shapes are refused; what is kept is bounded', () => {
  const error = factsOf(errorRecord('Down.example', Object.assign(new Error('resolver down'), { code: 'network' })));
  assert.deepEqual([error.key, error.dane, error.outcome.code, error.outcome.message], ['down.example', DANE.ERROR, 'error:network', 'resolver down']);
  assert.throws(() => factsOf([]), NotAResult);
  assert.throws(() => factsOf({ input: 'a.nl', summary: { dane: 'sometimes' } }), /summary\.dane is "sometimes"/);
  const many = factsOf({
    input: 'big.nl',
    summary: { dane: 'fail' },
    hosts: Array.from({ length: 100 }, (_, i) => ({ name: `MX${i}.big.nl`, verdict: 'fail' })),
    subtests: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`s${i}`, { status: 'failed', code: 'c', params: { p: 'x'.repeat(10_000) } }])),
    organisation: { name: 'N'.repeat(10_000), type: 'gemeente' },
  });
  assert.equal(many.hosts.length, 20);
  assert.equal(many.hosts[0].name, 'mx0.big.nl');
  assert.equal(many.findings.length, 32);
  assert.ok(many.findings[0].params.p.length <= 2048);
  assert.ok(many.organisation.name.length <= 2048);
});

test('slim lines: the evidence is cut out before parsing, and the facts are those of the whole line', async () => {
  const { slimLine } = await import('../src/report/slim.mjs');
  const parse = (line) => {
    const { text, evidenceTime } = slimLine(Buffer.from(line));
    const record = JSON.parse(text);
    if (evidenceTime !== null) record.evidence = { time: evidenceTime };
    return record;
  };
  const report = {
    summary: { dane: 'fail', dnssec: 'secure', starttls: 'all' }, input: 'a.example', domain: 'a.example', verdict: 'fail',
    outcome: { code: 'dane_fail', params: {} },
    subtests: { dane_valid: { status: 'failed', code: 'dane_no_match', params: { hosts: 'mx.a.example' } } },
    hosts: [{ name: 'MX.a.example', verdict: 'fail' }],
    // A mail server's reply that holds the marker's text and the batch's keys (escaped inside the string).
    evidence: { time: 1795895084187, complete: true, dns: [], probes: [{ smtp: { replies: [{ lines: [',"evidence":{"time":1,"organisation":{"name":"x"},"shared_probes":[]}'] }] } }] },
  };
  const lines = [
    report,
    { ...report, organisation: { name: 'Gemeente "A", B', type: 'gemeente', columns: { evidence: '{"time":2}', 'x"evidence': 'y' } } },
    { ...report, organisation: { name: 'O', type: null, columns: {} }, shared_probes: [{ host: 'mx.a.example', domain: 'b.example' }] },
    { ...report, shared_probes: [] },
    { input: 'b.example', verdict: 'error', error: { code: 'timeout', message: 'x' } },
  ];
  for (const record of lines) {
    const line = JSON.stringify(record);
    assert.deepEqual(factsOf(parse(line)), factsOf(JSON.parse(line)), line.slice(0, 80));
    assert.deepEqual(parse(line).organisation, record.organisation);
    assert.deepEqual(parse(line).shared_probes, record.shared_probes);
  }
  assert.equal(slimLine(Buffer.from(JSON.stringify(report))).evidenceTime, 1795895084187);
  assert.ok(!slimLine(Buffer.from(JSON.stringify(report))).text.includes('"probes"'), 'the evidence is not parsed');
  // A time that is not a number: the line is parsed whole.
  const odd = '{"input":"c.example","summary":{"dane":"none"},"evidence":{"time":"soon","dns":[]}}';
  assert.equal(slimLine(Buffer.from(odd)).evidenceTime, null);
  assert.deepEqual(parse(odd), JSON.parse(odd));
});

test('slim lines: every host\'s addresses are cut out when each has its pair of keys, and the facts stay those of the whole line', async () => {
  const { slimLine } = await import('../src/report/slim.mjs');
  const header = readFileSync(new URL('../../tests/unit/data/check_verify/recorded_reports.h', import.meta.url), 'utf8');
  const recorded = [...header.matchAll(/R"daneel\((\{.*?\})\)daneel"/gs)].map((m) => JSON.parse(m[1]));
  assert.ok(recorded.length >= 2 && recorded.some((r) => r.hosts.length > 1), 'the recorded world reports, one with two hosts');
  const slim = (record) => {
    const { text, evidenceTime } = slimLine(Buffer.from(JSON.stringify(record)));
    const parsed = JSON.parse(text);
    if (evidenceTime !== null) parsed.evidence = { time: evidenceTime };
    return parsed;
  };
  for (const report of recorded) {
    const parsed = slim(report);
    assert.deepEqual(factsOf(parsed), factsOf(report), report.domain);
    assert.equal(parsed.hosts.length, report.hosts.length);
    for (const host of parsed.hosts) {
      assert.equal(host.addresses, undefined, 'the addresses are not parsed');
      assert.equal(typeof host.addresses_truncated, 'boolean', 'the member after them is kept');
    }
  }
  // The core's order: the hosts before the evidence, which is last.
  const report = (hosts) => ({ input: 'a.example', summary: { dane: 'fail' }, verdict: 'fail', subtests: {}, hosts, evidence: { time: 1, dns: [] } });
  const host = (name, addresses) => ({ name, verdict: 'fail', addresses, addresses_truncated: false, sni_dependence: {} });
  // Addresses that hold the markers' text in a string, and empty ones.
  const tricky = report([host('mx1.a.example', [{ smtp: { reply: '],"addresses_truncated":,"addresses":[' } }]), host('mx2.a.example', [])]);
  assert.deepEqual(slim(tricky).hosts.map((h) => h.name), ['mx1.a.example', 'mx2.a.example']);
  assert.ok(slim(tricky).hosts.every((h) => h.addresses === undefined), 'both cut');
  assert.deepEqual(factsOf(slim(tricky)), factsOf(tricky));
  // A host whose addresses are not followed by addresses_truncated: nothing is cut, the facts are the whole line's.
  const unpaired = report([{ name: 'mx1.a.example', verdict: 'pass', addresses: [{ a: 1 }] }, host('mx2.a.example', [{ a: 2 }])]);
  assert.deepEqual(slim(unpaired).hosts[0].addresses, [{ a: 1 }]);
  assert.deepEqual(factsOf(slim(unpaired)), factsOf(unpaired));
  const leftOver = report([host('mx1.a.example', [{ a: 1 }]), { name: 'mx2.a.example', verdict: 'pass', addresses_truncated: true }]);
  assert.deepEqual(factsOf(slim(leftOver)), factsOf(leftOver), 'a host without addresses next to one with them');
  // Addresses_truncated twice after one addresses (no core report): nothing is cut.
  const twice = report([host('mx1.a.example', [{ a: 1 }]), { name: 'mx2.a.example', verdict: 'pass', tlsa: [], addresses_truncated: true }]);
  assert.deepEqual(slim(twice).hosts[0].addresses, [{ a: 1 }]);
  assert.deepEqual(factsOf(slim(twice)), factsOf(twice));
});

test('line facts: read as latin1 where that gives the UTF-8 facts, as UTF-8 where not, errors in UTF-8\'s words', async () => {
  const { lineFacts } = await import('../src/report/line.mjs');
  const utf8Facts = (bytes) => factsOf(JSON.parse(new TextDecoder().decode(bytes)));
  const report = {
    summary: { dane: 'fail' }, input: 'a.example', domain: 'a.example', verdict: 'fail',
    outcome: { code: 'dane_fail', params: {}, text: 'Zie RFC 7672 §3.1.1' },
    subtests: { dane_valid: { status: 'failed', code: 'dane_no_match', params: { hosts: 'mx.a.example' }, text: '§ ok' } },
    hosts: [{ name: 'MX.a.example', verdict: 'fail' }],
    evidence: { time: 1795895084187, dns: [] },
  };
  const cases = [
    report,
    { ...report, organisation: { name: 'Gemeente Súdwest-Fryslân', type: 'gemeente' } },
    { ...report, subtests: { 'dane_välid': { status: 'failed', code: 'c', params: { 'ä': 'ö', n: 1, l: ['x', 'é'] } } } },
    { ...report, hosts: [{ name: 'MX.ÄÖ.example', verdict: 'fail' }] },
    // Long values cut by facts.mjs's bounds: a character beyond the bound, and one inside it.
    { ...report, organisation: { name: `${'n'.repeat(2047)}é`, type: 'x' } },
    { ...report, organisation: { name: `${'n'.repeat(2046)}é`, type: 'x' } },
  ];
  for (const record of cases) {
    const bytes = Buffer.from(JSON.stringify(record));
    assert.deepEqual(lineFacts(bytes), utf8Facts(bytes), JSON.stringify(record).slice(0, 120));
  }
  // Escapes: \u00e9 is é, whichever way the line is read.
  const escaped = Buffer.from(JSON.stringify({ ...report, organisation: { name: 'Caf\u00e9', type: 't' } }).replace('é', '\\u00e9'));
  assert.equal(lineFacts(escaped).organisation.name, 'Café');
  // Invalid UTF-8 in two keys that UTF-8 makes one (both U+FFFD), beyond
  // the 64 characters kept of a subtest's name: one finding, as JSON.parse has it.
  const long = 's'.repeat(64);
  const invalid = Buffer.concat([
    Buffer.from(`{"input":"b.example","summary":{"dane":"fail"},"subtests":{"${long}`), Buffer.from([0xff]),
    Buffer.from(`":{"status":"failed","code":"x"},"${long}`), Buffer.from([0xfe]), Buffer.from('":{"status":"failed","code":"y"}}}'),
  ]);
  assert.deepEqual(lineFacts(invalid), utf8Facts(invalid));
  assert.equal(lineFacts(invalid).findings.length, 1);
  assert.equal(lineFacts(Buffer.from('  \t')), null, 'a blank line');
  assert.equal(lineFacts(Buffer.from('\u2003')), null, 'blank to String.prototype.trim, as before');
  assert.throws(() => lineFacts(Buffer.from('{"input": "x.nl", "summ')), SyntaxError);
  assert.throws(() => lineFacts(Buffer.from('\u00a0{"input":"x"}')), SyntaxError, 'a no-break space is no JSON white space');
  assert.throws(() => lineFacts(Buffer.from('{"input":"é","summary":{"dane":"maybe"}}')), /summary\.dane is "maybe"/);
});

test('a file read in parts by threads gives what one reader gives: facts in order, duplicates, lines, time; a bad line by its number in the file', async () => {
  const { readRun, ResultsError } = await import('../src/report/read.mjs');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(`${tmpdir()}/daneel-parts-`);
  try {
    const lines = [];
    for (let i = 0; i < 300; i++) {
      // Every 7th domain again later (a resumed run), blank lines, a CRLF, names with non-ASCII.
      const n = i % 7 === 0 && i > 100 ? i - 100 : i;
      const record = {
        summary: { dane: DANE_ORDER[(i * 13) % DANE_ORDER.length] }, input: `d${n}.example`, domain: `d${n}.example`,
        subtests: { dane_valid: { status: i % 2 ? 'failed' : 'passed', code: `c${i % 5}`, params: { host: `mx${i}.p.nl` } } },
        hosts: [{ name: `mx.p${i % 9}.nl`, verdict: 'pass' }], organisation: { name: i % 3 ? `Org ${i}` : `Gemeente Fryslân ${i}`, type: 'gemeente' },
        evidence: { time: 1_800_000_000_000 - (i * 7919) % 1000, dns: [{ wire: 'A'.repeat(i) }] },
      };
      lines.push(JSON.stringify(record) + (i === 150 ? '\r' : ''));
      if (i % 50 === 0) lines.push('');
    }
    const path = `${dir}/run.ndjson`;
    writeFileSync(path, `${lines.join('\n')}\n`);
    const one = await readRun(path, { threads: 1 });
    const progress = [];
    for (const threads of [2, 3, 5]) {
      const parts = await readRun(path, { threads, partBytes: 1, every: 40, onProgress: (n) => progress.push(n) });
      assert.deepEqual([...parts.facts.entries()], [...one.facts.entries()], `${threads} threads`);
      assert.deepEqual({ ...parts, facts: null }, { ...one, facts: null });
    }
    assert.equal(one.lines, lines.length);
    assert.ok(one.duplicates > 20);
    assert.ok(progress.length > 0 && progress.every((n) => n % 40 === 0), 'progress in whole steps of --progress-every');
    // A bad line in the last part: its number in the whole file, in both ways of reading.
    writeFileSync(path, `${lines.slice(0, 280).join('\n')}\n{"input": "x.nl", "summ\n${lines.slice(280).join('\n')}\n`);
    for (const threads of [1, 3]) {
      await assert.rejects(readRun(path, { threads, partBytes: 1 }), (error) => error instanceof ResultsError && error.message.startsWith(`${path}:281: not JSON`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('TLS by the NCSC guidelines: shares of summary.tls_ncsc overall and per type, in the HTML table, the CSV and the JSON; none graded said so', async () => {
  const { makeReport } = await import('../src/report/run.mjs');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(`${tmpdir()}/daneel-tls-`);
  const record = (i, type, tls) => JSON.stringify({
    summary: { dane: 'pass', dnssec: 'secure', starttls: 'all', ...(tls ? { tls_ncsc: tls } : {}) },
    input: `d${i}.nl`, domain: `d${i}.nl`, subtests: {}, hosts: [], organisation: { name: `O${i}`, type },
  });
  // gemeente: meets, meets, insufficient, phase_out; ministerie: not_tested, and one not graded (a report before schema 1.5).
  const lines = [record(1, 'gemeente', 'meets'), record(2, 'gemeente', 'meets'), record(3, 'gemeente', 'insufficient'),
    record(4, 'gemeente', 'phase_out'), record(5, 'ministerie', 'not_tested'), record(6, 'ministerie', null)];
  try {
    writeFileSync(`${dir}/run.ndjson`, `${lines.join('\n')}\n`);
    const outputs = { html: `${dir}/r.html`, csv: `${dir}/r.csv`, json: `${dir}/r.json` };
    const agg = await makeReport({ files: [`${dir}/run.ndjson`], outputs, lang: 'en' });
    assert.equal(agg.tls.graded, 5);
    assert.deepEqual(agg.tls.counts, { meets: 2, phase_out: 1, insufficient: 1, not_tested: 1, not_graded: 1 });
    const html = readFileSync(outputs.html, 'utf8');
    const tls = html.match(/<section id="tls">([\s\S]*?)<\/section>/)?.[1] ?? '';
    const rows = [...(tls.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? '').matchAll(/<tr>(.*?)<\/tr>/g)]
      .map((m) => [...m[1].matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((c) => c[1]));
    // type, domains, meets, phase out, insufficient, not tested, not graded (%).
    assert.deepEqual(rows, [
      ['all domains', '6', '33.3', '16.7', '16.7', '16.7', '16.7'],
      ['gemeente', '4', '50', '25', '25', '0', '0'],
      ['ministerie', '2', '0', '0', '0', '50', '50'],
    ]);
    assert.match(tls, /<th[^>]*>meets the NCSC TLS guidelines<\/th>/, 'the catalogue\'s words');
    assert.match(tls, /<svg/, 'a chart beside the table');
    const csv = readFileSync(outputs.csv, 'utf8');
    assert.match(csv, /^tls,,insufficient,1,16\.7\r$/m);
    assert.match(csv, /^tls_type,gemeente,meets,2,50\r$/m);
    assert.deepEqual(JSON.parse(readFileSync(outputs.json, 'utf8')).tls.counts, agg.tls.counts);
    // Nothing graded (a batch without --grading): the section says so, with no table.
    writeFileSync(`${dir}/run.ndjson`, `${[record(1, 'gemeente', 'not_graded'), record(2, 'gemeente', null)].join('\n')}\n`);
    await makeReport({ files: [`${dir}/run.ndjson`], outputs: { html: outputs.html }, lang: 'nl' });
    const none = readFileSync(outputs.html, 'utf8').match(/<section id="tls">([\s\S]*?)<\/section>/)?.[1] ?? '';
    assert.match(none, /Geen domein is beoordeeld/);
    assert.doesNotMatch(none, /<table/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('TLS by the NCSC guidelines over the runs: each run\'s shares in time order, in the trend section, the CSV and the JSON; not shown when no run graded', async () => {
  const { makeReport } = await import('../src/report/run.mjs');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(`${tmpdir()}/daneel-tls-trend-`);
  const record = (i, tls, at) => JSON.stringify({
    summary: { dane: 'pass', dnssec: 'secure', starttls: 'all', ...(tls ? { tls_ncsc: tls } : {}) },
    input: `d${i}.nl`, domain: `d${i}.nl`, subtests: {}, hosts: [], organisation: { name: `O${i}`, type: 'gemeente' },
    evidence: { time: Date.parse(at) },  // the check's time, the core's last member (slim.mjs)
  });
  const write = (name, words, at) => writeFileSync(`${dir}/${name}`, `${words.map((t, i) => record(i + 1, t, at)).join('\n')}\n`);
  try {
    // Given out of time order: the earlier run (a year before) is the second file.
    write('now.ndjson', ['meets', 'meets', 'phase_out', 'insufficient'], '2026-11-01T10:00:00Z');
    write('before.ndjson', ['insufficient', 'insufficient', 'phase_out', 'meets'], '2025-11-01T10:00:00Z');
    const outputs = { html: `${dir}/r.html`, csv: `${dir}/r.csv`, json: `${dir}/r.json` };
    const agg = await makeReport({ files: [`${dir}/now.ndjson`, `${dir}/before.ndjson`], outputs, lang: 'en' });
    assert.deepEqual(agg.tls.trend.map((run) => run.file.split('/').at(-1)), ['before.ndjson', 'now.ndjson']);
    assert.deepEqual(agg.tls.trend.map((run) => run.counts.meets), [1, 2]);
    assert.deepEqual(agg.tls.trend.map((run) => run.percent.insufficient), [50, 25]);
    const html = readFileSync(outputs.html, 'utf8');
    const trend = html.match(/<section id="trend">([\s\S]*?)<\/section>/)?.[1] ?? '';
    assert.match(trend, /<h3 id="tls-trend">TLS by the NCSC guidelines over the runs<\/h3>/);
    const tables = [...trend.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)].map((m) => [...m[1].matchAll(/<tr>(.*?)<\/tr>/g)]
      .map((r) => [...r[1].matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((c) => c[1])));
    assert.equal(tables.length, 2, 'summary.dane and summary.tls_ncsc');
    // date, run, domains, meets, phase out, insufficient, not tested, not graded (%).
    assert.deepEqual(tables[1], [
      ['2025-11-01', 'before.ndjson', '4', '25', '25', '50', '0', '0'],
      ['2026-11-01', 'now.ndjson', '4', '50', '25', '25', '0', '0'],
    ]);
    assert.equal((trend.match(/<svg/g) ?? []).length, 2, 'a chart beside each table');
    const csv = readFileSync(outputs.csv, 'utf8');
    assert.match(csv, /^tls_trend,2025-11-01T10:00:00\.000Z,insufficient,2,50\r$/m);
    assert.match(csv, /^tls_trend,2026-11-01T10:00:00\.000Z,meets,2,50\r$/m);
    assert.deepEqual(JSON.parse(readFileSync(outputs.json, 'utf8')).tls.trend, agg.tls.trend);
    // No run graded (batches without --grading): no TLS trend, the DANE trend as before.
    write('now.ndjson', [null, null], '2026-11-01T10:00:00Z');
    write('before.ndjson', ['not_graded', null], '2025-11-01T10:00:00Z');
    await makeReport({ files: [`${dir}/now.ndjson`, `${dir}/before.ndjson`], outputs: { html: outputs.html }, lang: 'nl' });
    const plain = readFileSync(outputs.html, 'utf8').match(/<section id="trend">([\s\S]*?)<\/section>/)?.[1] ?? '';
    assert.doesNotMatch(plain, /tls-trend/);
    assert.equal((plain.match(/<table/g) ?? []).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
