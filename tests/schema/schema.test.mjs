// Every report is valid against docs/report-schema.json: reports made by the
// wasm package against the test world (English and Dutch), the native world
// test's reports when DANEEL_REPORT_DIR names them, and a broken report is
// rejected (so the validation can fail).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createChecker } from 'daneel';
import { createValidator, reportFiles } from './validate-reports.mjs';
import { requireWorld } from '../../wasm/test-support/world.mjs';
import { readFileSync } from 'node:fs';

const validate = createValidator();
let world;
let reports = [];

before(async () => {
  world = await requireWorld();
  const english = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000 });
  const dutch = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000, lang: 'nl' });
  const domains = ['ee311.example', 'two-mx.example', 'dual-stack.example', 'bogus-mx.example', 'null-mx.example',
    'usage01.example', 'not a domain!'];
  for (const [i, domain] of domains.entries()) reports.push(await (i % 2 ? dutch : english).check(domain));
});

test('wasm reports (en and nl) are valid against the schema, summary first', () => {
  assert.ok(reports.length >= 7);
  for (const report of reports) {
    assert.deepEqual(validate(report), [], `${report.input}: ${JSON.stringify(validate(report))}`);
    assert.equal(Object.keys(report)[0], 'summary');
  }
  assert.deepEqual(reports.map((r) => r.summary.dane), ['pass', 'partial', 'partial', 'bogus', 'no_mail', 'none', 'error']);
  assert.equal(reports[1].lang, 'nl');
  assert.match(reports[1].outcome.text, /ontvangende mailservers/);
  assert.equal(reports[0].lang, 'en');
});

test('the native world test reports are valid (DANEEL_REPORT_DIR)', { skip: !process.env.DANEEL_REPORT_DIR && 'DANEEL_REPORT_DIR not set (scripts/test sets it)' }, () => {
  const dir = process.env.DANEEL_REPORT_DIR;
  assert.ok(existsSync(dir), `${dir} does not exist`);
  const files = reportFiles([dir]);
  assert.ok(files.length >= 30, `only ${files.length} reports in ${dir}`);
  for (const file of files) assert.deepEqual(validate(JSON.parse(readFileSync(file, 'utf8'))), [], file);
});

test('broken reports are rejected', () => {
  const good = reports[0];
  const broken = (change) => {
    const copy = structuredClone(good);
    change(copy);
    return validate(copy);
  };
  assert.deepEqual(validate(good), []);
  assert.notDeepEqual(broken((r) => delete r.summary), []);
  assert.notDeepEqual(broken((r) => { r.summary.dane = 'maybe'; }), []);
  assert.notDeepEqual(broken((r) => { r.subtests.dane_valid.status = 'ok'; }), []);
  assert.notDeepEqual(broken((r) => delete r.subtests.mx_ipv6), []);
  assert.notDeepEqual(broken((r) => { r.hosts[0].addresses[0].verdict = 'great'; }), []);
  assert.notDeepEqual(broken((r) => { r.outcome.code = 'no_such_code'; }), []);       // not in the catalogue
  assert.notDeepEqual(broken((r) => { r.outcome.fix = ''; }), []);
  assert.notDeepEqual(broken((r) => { r.hosts[0].surprise = true; }), []);            // unknown field
  assert.notDeepEqual(broken((r) => { r.schema_version = '2.0'; }), []);
  assert.notDeepEqual(broken((r) => { r.lang = 'de'; }), []);
});
