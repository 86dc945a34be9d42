// `daneel report` over 100,000 synthetic results (issue 19; target < 10 s,
// memory bounded, streaming read): writes an NDJSON file of world reports
// (the recorded ones in tests/unit/data/check_verify/, with their evidence)
// under other domain names, organisations, types, MX providers and
// verdicts, then times `daneel report` on it in a child process (wall time,
// CPU time and peak resident memory from /usr/bin/time), --runs times for
// each --threads value, with the machine's load before each run (the
// machine is shared: figures move with it). Every run's aggregates must be
// the first run's. Prints figures; never passes or fails.
//
//   node bench/report.mjs [--results 100000] [--package DIR] [--keep FILE]
//                         [--input FILE] [--runs 3] [--threads 1,2]
//
// --package: another copy of the package to measure (its bin/daneel.mjs);
// --keep: write the results to FILE and keep it (default: a temporary file);
// --input: measure an existing results file instead of writing one;
// --templates FILE: the results of a batch (e.g. over every test-world
//            domain) as the templates, in turn, instead of the two recorded
//            world reports (one and two MX hosts): lines as large as that
//            batch's on average;
// --threads: reader threads per run (daneel report --threads), comma-separated;
//            `default` passes no --threads (for a package without the option).
import { readFileSync, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir, loadavg, cpus } from 'node:os';
import { spawnSync, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const flag = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
};
const count = Number(flag('--results', '100000'));
const pkg = flag('--package', `${root}/wasm`);
const runs = Number(flag('--runs', '3'));
const threadCounts = flag('--threads', '1,2').split(',');
const input = flag('--input', null);

// The recorded world reports (raw strings in a C++ header), or a batch's
// results (the reports among them: a line for a check that threw has no summary).
function recordedReports() {
  const header = readFileSync(`${root}/tests/unit/data/check_verify/recorded_reports.h`, 'utf8');
  return [...header.matchAll(/R"daneel\((\{.*?\})\)daneel"/gs)].map((m) => JSON.parse(m[1]));
}
const templateFile = flag('--templates', null);
const templates = templateFile === null ? recordedReports()
  : readFileSync(templateFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)).filter((r) => r.summary && r.evidence);
if (templates.length === 0) throw new Error('no template reports found');

const VERDICTS = [['pass', 'pass'], ['partial', 'warn'], ['none', 'no-dane'], ['fail', 'fail'], ['bogus', 'fail'], ['no_mail', 'no-mail'], ['error', 'error']];
const TYPES = ['gemeente', 'ministerie', 'provincie', 'waterschap', 'uitvoeringsorganisatie'];

function synthetic(i) {
  const r = structuredClone(templates[i % templates.length]);
  const domain = `d${i}.${['nl', 'example', 'overheid.nl'][i % 3]}`;
  r.input = domain;
  r.domain = domain;
  r.domain_unicode = domain;
  // A skewed spread of verdicts, and a provider for every 250 domains.
  const [dane, verdict] = VERDICTS[(i * 7919) % 100 < 40 ? 0 : (i * 31) % VERDICTS.length];
  r.summary.dane = dane;
  r.verdict = verdict;
  if (dane === 'fail') r.subtests.dane_valid = { ...r.subtests.dane_valid, status: 'failed', code: 'dane_no_match' };
  for (const [h, host] of r.hosts.entries()) host.name = `mx${h + 1}.provider${i % 400}.${i % 2 ? 'nl' : 'co.uk'}`;
  r.evidence.time += i * 50;
  r.organisation = { name: `Organisatie ${i % 3000}`, type: TYPES[i % TYPES.length], columns: { region: `R${i % 12}` } };
  return JSON.stringify(r);
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const dir = mkdtempSync(`${tmpdir()}/daneel-bench-report-`);
const results = input ?? flag('--keep', `${dir}/results.ndjson`);
if (!input) {
  const out = createWriteStream(results);
  const written = performance.now();
  for (let i = 0; i < count; i++) {
    if (!out.write(`${synthetic(i)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  console.log(`input written in ${((performance.now() - written) / 1000).toFixed(1)} s`);
}
const size = statSync(results).size;
const lines = Number(execFileSync('wc', ['-l', results], { encoding: 'utf8' }).split(' ')[0]);
console.log(`machine: ${cpus().length} cores; node ${process.version}`);
console.log(`input: ${lines} results, ${(size / 1e9).toFixed(2)} GB, ${(size / lines / 1000).toFixed(1)} KB a line`);

// The floor: reading the file once (from the page cache after the first time).
const cat = spawnSync('/usr/bin/time', ['-f', '%e', 'cat', results], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
console.log(`cat FILE > /dev/null: ${cat.stderr.trim()} s`);

let first = null;
for (const threads of threadCounts) {
  for (let run = 1; run <= runs; run++) {
    const before = load();
    const child = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, `${pkg}/bin/daneel.mjs`, 'report', results,
      '--out', `${dir}/report.html`, '--json', `${dir}/aggregates.json`, '--progress-every', String(lines + 1), ...(threads === 'default' ? [] : ['--threads', threads])],
    { encoding: 'utf8', env: { ...process.env, NODE_PATH: process.env.NODE_PATH ?? '/usr/share/nodejs' } });
    const [seconds, user, system, kb] = child.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    if (child.status !== 0 || !Number.isFinite(seconds)) {
      console.log(`daneel report failed (${child.status}): ${child.stderr.slice(-2000)}`);
      continue;
    }
    const aggregates = readFileSync(`${dir}/aggregates.json`, 'utf8');
    first ??= aggregates;
    const domains = JSON.parse(aggregates).current?.total ?? '?';
    console.log(`threads ${threads}, run ${run}: ${seconds.toFixed(1)} s wall, ${(user + system).toFixed(1)} s CPU, ` +
      `${(kb / 1024).toFixed(0)} MB peak resident, ${(size / 1e6 / seconds).toFixed(0)} MB/s; ${domains} domains; ` +
      `aggregates ${aggregates === first ? 'as in the first run' : 'DIFFERENT from the first run'}; load before ${before}`);
  }
}
console.log(`load after: ${load()}`);
if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
