// checker.verify(report): a report made by checker.check against the test
// world is re-judged from its evidence alone inside the wasm module (no DoH,
// no SMTP); tampered evidence and edited verdicts do not verify; bad input
// rejects with a DaneelError.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createChecker, DaneelError } from 'daneel';
import { requireWorld } from '../test-support/world.mjs';

let checker;
const reports = new Map();

before(async () => {
  const world = await requireWorld();
  checker = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000 });
  for (const domain of ['ee311.example', 'two-mx.example', 'bogus-tlsa.example', 'no-starttls.example', 'null-mx.example']) {
    reports.set(domain, await checker.check(domain));
  }
});

test('every report verifies offline with the same verdicts', async () => {
  for (const [domain, report] of reports) {
    assert.equal(report.evidence.complete, true, domain);
    const result = await checker.verify(report);
    assert.equal(result.ok, true, `${domain}: ${JSON.stringify(result.differences)}`);
    assert.deepEqual(result.differences, []);
    assert.equal(result.cannot_verify, undefined);
    assert.equal(result.report.verdict, report.verdict, domain);
  }
  // The JSON text is accepted as well as the object.
  assert.equal((await checker.verify(JSON.stringify(reports.get('ee311.example')))).ok, true);
  assert.equal(checker.sessions(), 0);
});

test('a report graded against Node\'s roots verifies without a root store (as in a browser): cert_trust is not replayed, and said so', async () => {
  const world = await requireWorld();
  const report = reports.get('ee311.example');
  const graded = report.hosts[0].addresses[0].grading;
  assert.ok(graded.subtests.some((s) => s.name === 'cert_trust' && s.status !== 'not_tested'), 'graded against a root store');
  const noStore = await createChecker({ doh: [world.doh], trustAnchors: world.trustAnchors, rootStore: null });
  const result = await noStore.verify(report);
  assert.equal(result.ok, true, JSON.stringify(result.differences));
  assert.deepEqual(result.differences, []);
  assert.ok(result.not_replayed.length >= 2, JSON.stringify(result.not_replayed));
  for (const entry of result.not_replayed) {
    assert.match(entry.path, /grading\.subtests\.cert_trust\.(status|code)$/);
    assert.equal(entry.reason, 'no_root_store');
  }
  // Anything else still differs without a root store: an edited verdict.
  const edited = structuredClone(report);
  edited.verdict = 'fail';
  const differs = await noStore.verify(edited);
  assert.equal(differs.ok, false);
  assert.deepEqual(differs.differences.map((d) => d.path), ['verdict']);
  // With the checker's own roots cert_trust is compared, and nothing is left out.
  const withRoots = await checker.verify(report);
  assert.equal(withRoots.not_replayed, undefined);
});

test('evidence carries the DNS answers as wire and the served chain as DER (base64)', () => {
  const { evidence } = reports.get('ee311.example');
  assert.ok(evidence.time > 0);
  const types = new Set(evidence.dns.map((d) => d.qtype));
  for (const type of ['MX', 'TLSA', 'A', 'DNSKEY', 'DS']) assert.ok(types.has(type), `${type} in ${[...types]}`);
  for (const d of evidence.dns) assert.ok(Buffer.from(d.wire, 'base64').length >= 12);
  // The probe with SNI and, the host having DANE, the one without (sni: false).
  assert.deepEqual(evidence.probes.map((p) => p.sni).sort(), [false, true]);
  const probe = evidence.probes.find((p) => p.sni);
  assert.equal(probe.smtp.outcome, 'ok');
  assert.equal(Buffer.from(probe.smtp.tls.chain[0], 'base64')[0], 0x30);  // DER SEQUENCE
});

test('a swapped certificate or an edited verdict does not verify', async () => {
  const good = reports.get('ee311.example');
  const swapped = structuredClone(good);
  const withSni = (report) => report.evidence.probes.find((p) => p.sni);
  withSni(swapped).smtp.tls.chain = withSni(reports.get('two-mx.example')).smtp.tls.chain;
  const result = await checker.verify(swapped);
  assert.equal(result.ok, false);
  assert.ok(result.differences.some((d) => d.path === 'verdict' && d.report === 'pass' && d.verify === 'fail'),
    JSON.stringify(result.differences));

  const edited = structuredClone(good);
  edited.subtests.dane_valid.status = 'failed';
  const differences = (await checker.verify(edited)).differences;
  assert.deepEqual(differences.map((d) => d.path), ['subtests.dane_valid.status']);
});

test('no evidence: cannot verify; not a report: DaneelError invalid_argument', async () => {
  const bare = structuredClone(reports.get('ee311.example'));
  delete bare.evidence;
  const result = await checker.verify(bare);
  assert.equal(result.ok, false);
  assert.equal(result.cannot_verify, 'the report carries no evidence');
  assert.equal(result.report, null);

  for (const bad of [null, 42, '{', '[]', { verdict: 'pass' }, { input: 'x.example', evidence: { time: 'now' } }]) {
    await assert.rejects(checker.verify(bad), (error) => error instanceof DaneelError && error.code === 'invalid_argument',
      JSON.stringify(bad));
  }
  await assert.rejects(checker.verify('['.repeat(100_000)), DaneelError);
});
