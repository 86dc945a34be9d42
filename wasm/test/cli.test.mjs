// The `daneel` command in a child process against the test world: human and
// JSON output, exit codes by verdict, languages, colour rules, usage errors,
// a DoH server that is down, the --timeout bound, verify.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { requireWorld } from '../test-support/world.mjs';
import { runCli, worldFlags } from '../test-support/cli.mjs';

let world;
let dir;
let flags;

before(async () => {
  world = await requireWorld();
  dir = mkdtempSync(`${tmpdir()}/daneel-cli-`);
  flags = worldFlags(world, dir);
});

after(() => rmSync(dir, { recursive: true, force: true }));

const ESC = '\x1b[';

test('--help and --version exit 0; no arguments and unknown commands are usage errors (2)', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /daneel check DOMAIN/);
  assert.match(help.stdout, /Exit codes/);
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  assert.equal(version.stdout.trim(), `daneel ${JSON.parse(readFileSync(new URL('../package.json', import.meta.url))).version}`);
  assert.equal((await runCli([])).code, 2);
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command frobnicate/);
});

test('bad flags are usage errors with a reason, before anything is checked', async () => {
  for (const [args, reason] of [
    [['check'], /at least one domain/],
    [['check', 'ee311.example', '--timeout', 'soon'], /--timeout must be a positive number/],
    [['check', 'ee311.example', '--lang', 'fr'], /--lang must be one of en, nl/],
    [['check', 'ee311.example', '--doh', 'dns.example'], /--doh must be an http\(s\) URL/],
    [['check', 'ee311.example', '--trust-anchor', `${dir}/missing.ds`], /ENOENT/],
    [['check', 'ee311.example', '--frobnicate'], /Unknown option/],
    [['batch', 'domains.txt'], /--out/],
  ]) {
    const result = await runCli(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, reason);
  }
});

test('check --json prints one report per line in the order given; the exit code is the worst verdict', async () => {
  const result = await runCli(['check', 'ee311.example', 'ee-mismatch.example', '--json', ...flags]);
  assert.equal(result.code, 1, result.stderr);
  const reports = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(reports.map((r) => [r.input, r.verdict]), [['ee311.example', 'pass'], ['ee-mismatch.example', 'fail']]);
  assert.equal(reports[0].subtests.dane_valid.status, 'passed');
});

test('--no-sni-probe leaves out the handshake without SNI (sni_dependence not tested)', async () => {
  const probed = await runCli(['check', 'sni-required.example', '--json', ...flags]);
  const skipped = await runCli(['check', 'sni-required.example', '--json', '--no-sni-probe', ...flags]);
  const [withProbe, without] = [probed, skipped].map((r) => JSON.parse(r.stdout));
  assert.equal(withProbe.subtests.sni_dependence.status, 'warning');
  assert.equal(without.subtests.sni_dependence.status, 'not_tested');
  assert.equal(without.evidence.probes.filter((p) => p.sni === false).length, 0);
  assert.equal(skipped.code, probed.code);
});

test('TLS grading: check grades by default (human output lists the domain\'s grading), --quick leaves it out, --max-connections bounds it', async () => {
  const graded = await runCli(['check', 'ee311.example', '--lang', 'en', ...flags]);
  const quick = await runCli(['check', 'ee311.example', '--lang', 'en', '--quick', ...flags]);
  assert.equal(graded.code, 0, graded.stderr);
  assert.equal(quick.code, graded.code);
  // The heading says the domain's word for the guidelines (summary.tls_ncsc): ee311 (Postfix's defaults) accepts insufficient suites.
  const json = JSON.parse((await runCli(['check', 'ee311.example', '--json', ...flags])).stdout);
  assert.equal(json.summary.tls_ncsc, 'insufficient', JSON.stringify(json.grading?.subtests?.map((s) => `${s.name}=${s.status}`)));
  assert.match(graded.stdout, /TLS by the NCSC guidelines .*: insufficient$/m);
  // Each grading subtest by its catalogue title, as the DANE subtests.
  assert.match(graded.stdout, /^\s+TLS version\s+\S/m);
  assert.match(graded.stdout, /^\s+Domain name on certificate\s+\S/m);
  assert.doesNotMatch(graded.stdout, /tls_version|cert_hostmatch/);
  assert.doesNotMatch(quick.stdout, /NCSC|TLS version/);
  // A budget of 2 is the check's own two connections (with and without SNI): no probe, nothing passed.
  const tight = JSON.parse((await runCli(['check', 'ee311.example', '--json', '--max-connections', '2', ...flags])).stdout);
  const grading = tight.hosts[0].addresses[0].grading;
  assert.equal(grading.connections, 2, JSON.stringify(grading));
  assert.equal(grading.stop, 'budget');
  assert.ok(grading.subtests.filter((t) => t.decision !== 'decided').every((t) => t.status !== 'passed'));
  for (const bad of ['0', '17', 'x']) {
    const run = await runCli(['check', 'ee311.example', '--max-connections', bad, ...flags]);
    assert.equal(run.code, 2, `--max-connections ${bad}`);
  }
});

test('exit codes: 0 pass, 5 no DANE, 6 no mail, 3 could not test (bogus MX)', async () => {
  for (const [domain, code] of [['ee311.example', 0], ['no-tlsa.example', 5], ['null-mx.example', 6], ['bogus-mx.example', 3]]) {
    const result = await runCli(['check', domain, '--json', ...flags]);
    assert.equal(result.code, code, `${domain}: ${result.stdout.slice(0, 300)} ${result.stderr}`);
  }
});

test('human output: verdict words, subtests and a per-MX / per-address table, no colour off a terminal', async () => {
  const result = await runCli(['check', 'ee-mismatch.example', ...flags], { env: { LANG: 'en_US.UTF-8' } });
  assert.equal(result.code, 1);
  const out = result.stdout;
  assert.match(out, /^ee-mismatch\.example {2}FAILED$/m);
  assert.match(out, /DANE validity +failed/);
  assert.match(out, /Certificate independent of SNI +passed/);  // the same chain with and without SNI
  assert.match(out, /MX host +pref +TLSA +address +STARTTLS +TLS +DANE +verdict/);
  assert.match(out, /mx\.ee-mismatch\.example +10 +secure \(1\) +127\.0\.1\.14 +yes +TLSv1\.[23] +no match +failed/);
  assert.ok(!out.includes(ESC), 'no ANSI colour codes when stdout is not a terminal');
});

test('Dutch from --lang nl or from the locale (LANG=nl_NL.UTF-8); --lang en wins over the locale', async () => {
  const byFlag = await runCli(['check', 'ee311.example', '--lang', 'nl', ...flags]);
  assert.equal(byFlag.code, 0);
  assert.match(byFlag.stdout, /ee311\.example {2}GESLAAGD/);
  assert.match(byFlag.stdout, /MX-host +pref +TLSA +adres/);
  assert.match(byFlag.stdout, /DANE geldigheid +geslaagd/);
  assert.match(byFlag.stdout, /Certificaat onafhankelijk van SNI +geslaagd/);
  const byLocale = await runCli(['check', 'ee311.example', ...flags], { env: { LANG: 'nl_NL.UTF-8' } });
  assert.match(byLocale.stdout, /GESLAAGD/);
  const usage = await runCli(['check'], { env: { LC_ALL: 'nl_NL.UTF-8' } });
  assert.match(usage.stderr, /Gebruik:/);
  const english = await runCli(['check', 'ee311.example', '--lang', 'en', ...flags], { env: { LANG: 'nl_NL.UTF-8' } });
  assert.match(english.stdout, /ee311\.example {2}PASSED/);
});

test('DoH servers that are down: verdict error, exit 3, quickly, said once naming each server; nothing tested', async () => {
  const down = ['http://127.0.0.1:9/dns-query', 'http://127.0.0.1:7/dns-query'];
  const result = await runCli(['check', 'ee311.example', '--json', '--doh', down[0], '--doh', down[1],
    '--trust-anchor', `${dir}/trust-anchor.ds`]);
  assert.equal(result.code, 3, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.verdict, 'error');
  assert.equal(report.outcome.code, 'resolvers_unreachable');
  assert.equal(report.outcome.params.servers, down.join(', '));
  for (const url of down) assert.match(report.outcome.params.detail, new RegExp(`request to ${url.replace(/[.]/g, '\\.')} failed`));
  assert.deepEqual(Object.entries(report.subtests).filter(([, s]) => s.status !== 'not_tested').map(([name]) => name), []);
  assert.ok(result.ms < 30_000, `took ${result.ms} ms`);
  const human = await runCli(['check', 'ee311.example', '--doh', down[0], '--trust-anchor', `${dir}/trust-anchor.ds`]);
  // The error once, under the heading, not on every subtest line.
  const [heading, reason, ...rest] = human.stdout.split('\n');
  assert.match(heading, /COULD NOT TEST/);
  assert.match(reason, /could not use its DNS resolvers/);
  assert.deepEqual(rest.filter((line) => line.includes(down[0])), [], human.stdout);
});

test('--timeout bounds a check against a silent mail server', async () => {
  const result = await runCli(['check', 'silent.example', '--json', '--timeout', '3', ...flags]);
  const report = JSON.parse(result.stdout);
  assert.notEqual(report.verdict, 'pass');
  assert.ok(result.ms < 12_000, `--timeout 3 took ${result.ms} ms`);
});

test('verify: a fresh report holds (0); a doctored verdict differs (1); no evidence cannot be verified (3); no file is a usage error (2)', async () => {
  const checked = await runCli(['check', 'ee311.example', '--json', ...flags]);
  const report = JSON.parse(checked.stdout);
  writeFileSync(`${dir}/report.json`, JSON.stringify(report));
  const holds = await runCli(['verify', `${dir}/report.json`, ...flags]);
  assert.equal(holds.code, 0, holds.stdout + holds.stderr);
  writeFileSync(`${dir}/doctored.json`, JSON.stringify({ ...report, verdict: 'fail' }));
  const differs = await runCli(['verify', `${dir}/doctored.json`, '--json', ...flags]);
  assert.equal(differs.code, 1, differs.stdout + differs.stderr);
  const result = JSON.parse(differs.stdout);
  assert.equal(result.ok, false);
  assert.ok(result.differences.some((d) => d.path === 'verdict'), differs.stdout);
  const human = await runCli(['verify', `${dir}/doctored.json`, ...flags]);
  assert.match(human.stdout, /- verdict: fail -> pass/);
  writeFileSync(`${dir}/bare.json`, JSON.stringify({ ...report, evidence: undefined }));
  assert.equal((await runCli(['verify', `${dir}/bare.json`, ...flags])).code, 3);
  assert.equal((await runCli(['verify', `${dir}/nothing.json`, ...flags])).code, 2);
});

test('verify: a report judged with other trust anchors says so first and plainly, naming both sets of key tags (1); --lang nl in Dutch', async () => {
  const checked = await runCli(['check', 'ee311.example', '--json', ...flags]);
  const report = JSON.parse(checked.stdout);
  const worldTag = Number(/\bDS\s+(\d+)/.exec(world.trustAnchors)[1]);
  assert.equal(report.schema_version, '1.5');
  assert.deepEqual(report.trust_anchors.map((a) => [a.owner, a.type, a.key_tag]), [['.', 'DS', worldTag]]);
  writeFileSync(`${dir}/world-report.json`, JSON.stringify(report));
  // No --trust-anchor: the root's KSKs, not the world's.
  const human = await runCli(['verify', `${dir}/world-report.json`, '--lang', 'en']);
  assert.equal(human.code, 1, human.stdout + human.stderr);
  const [first, fix, count] = human.stdout.split('\n');
  assert.match(first, new RegExp(`^other trust anchors: This report was judged with other trust anchors \\(key tags ${worldTag}\\) than verify was given \\(20326, 38696\\)`));
  assert.match(fix, new RegExp(`--trust-anchor FILE.*key tags ${worldTag}`));
  assert.match(count, /^\d+ verdict\(s\) of the replay differ for that reason \(--json lists them\)\.$/);
  assert.doesNotMatch(human.stdout, /mx_lookup_error/, 'the differences are not listed one by one');
  const dutch = await runCli(['verify', `${dir}/world-report.json`, '--lang', 'nl']);
  assert.equal(dutch.code, 1);
  assert.match(dutch.stdout, new RegExp(`^andere vertrouwensankers: Dit rapport is beoordeeld met andere vertrouwensankers \\(sleuteltags ${worldTag}\\)`));
  const json = JSON.parse((await runCli(['verify', `${dir}/world-report.json`, '--json'])).stdout);
  assert.deepEqual(Object.keys(json).slice(0, 2), ['ok', 'trust_anchors_differ']);
  assert.equal(json.trust_anchors_differ.code, 'verify_trust_anchors_differ');
  assert.deepEqual(json.trust_anchors_differ.params, { report: String(worldTag), verify: '20326, 38696' });
  assert.ok(json.differences.length > 0);
  assert.deepEqual(json.trust_anchors.verify.map((a) => a.key_tag), [20326, 38696]);
  // With the world's anchor it holds, and nothing is said about anchors.
  const holds = await runCli(['verify', `${dir}/world-report.json`, ...flags]);
  assert.equal(holds.code, 0, holds.stdout);
  assert.doesNotMatch(holds.stdout, /trust anchors/);
  // A report from before schema 1.2 names no anchors: the list of differences, as before.
  const { trust_anchors: _anchors, ...older } = report;
  writeFileSync(`${dir}/older-report.json`, JSON.stringify({ ...older, schema_version: '1.1' }));
  const old = await runCli(['verify', `${dir}/older-report.json`, '--lang', 'en']);
  assert.equal(old.code, 1);
  assert.match(old.stdout, /^the report's verdicts differ/);
  assert.match(old.stdout, /- outcome\.code: dane_ok -> mx_lookup_error/);
  // An empty anchor file is a usage error, not "use the root's".
  writeFileSync(`${dir}/empty.ds`, '');
  const empty = await runCli(['verify', `${dir}/world-report.json`, '--trust-anchor', `${dir}/empty.ds`]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /the file is empty/);
});

test('human output: empty input and a domain that does not exist say so; every subtest has a name; the reason is said once', async () => {
  const result = await runCli(['check', '', 'doesnotexist.example', 'ee311.example', ...flags]);
  assert.equal(result.code, 3, result.stderr);
  const [empty, missing, good] = result.stdout.trim().split(/\n\n(?=\S)/);  // a report starts at column 0
  assert.match(empty, /^"" {2}COULD NOT TEST\n {2}[^\n]*the input is empty: type a mail domain such as example\.nl/);
  assert.match(missing, /^doesnotexist\.example {2}DOMAIN DOES NOT EXIST\n/);
  assert.doesNotMatch(missing, /NULL MX/);
  // The domain's reason heads the report and is not repeated on the subtest lines.
  const reason = missing.split('\n')[1].trim();
  assert.equal(missing.split(reason).length - 1, 1, missing);
  assert.match(missing, /STARTTLS available +not tested +\(see above\)/);
  // No subtest is shown by its raw code.
  for (const code of ['mx_ipv6', 'tlsa_stale', 'tlsa_size', 'mta_sts', 'tls_rpt', 'sni_dependence']) {
    assert.doesNotMatch(good, new RegExp(`^  ${code} `, 'm'), code);
  }
  assert.match(good, /IPv6 for every mail server +failed/);
  const nl = await runCli(['check', 'doesnotexist.example', '--lang', 'nl', ...flags]);
  assert.match(nl.stdout, /^doesnotexist\.example {2}DOMEIN BESTAAT NIET\n/);
  assert.match(nl.stdout, /\(zie boven\)/);
});
