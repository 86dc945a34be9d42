// Shared per-host work in batch mode (issue 19, docs/MEASURING.md): a list
// of 500 world domains over 20 MX hosts (the bench zone's wildcard MX
// records, dN.hNN.bench.example), checked by the batch engine with every
// check on its own and with sharing; prints connections opened, DoH
// requests sent and wall time of each, and the per-check figures the
// estimates in MEASURING.md start from. Prints figures; never passes or fails.
//
//   node bench/share.mjs [--per-host 25] [--concurrency 32] [--package DIR]
//
// Needs the test world (tests/world/up) and the built package (wasm/dist).
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const flag = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
};
const pkg = flag('--package', `${root}/wasm`);
const perHost = Number(flag('--per-host', '25'));
const concurrency = Number(flag('--concurrency', '32'));
const HOSTS = 20;  // *.h01 ... *.h20 in tests/world/scenarios.toml, "bench"

const env = {};
for (const line of readFileSync(`${process.env.DANEEL_WORLD_DIR ?? '/tmp/daneel-world'}/world.env`, 'utf8').split('\n')) {
  const match = line.match(/^(\w+)='(.*)'$/);
  if (match) env[match[1]] = match[2];
}
const { runBatch } = await import(`${pkg}/src/batch/run.mjs`);

const domains = [];
for (let n = 1; n <= perHost; n++) {
  for (let h = 1; h <= HOSTS; h++) domains.push(`d${n}.h${String(h).padStart(2, '0')}.bench.example`);
}
const dir = mkdtempSync(`${tmpdir()}/daneel-bench-share-`);
const input = `${dir}/list.txt`;
writeFileSync(input, `${domains.join('\n')}\n`);

// DoH requests as sent over HTTP (after the cache, when there is one).
function countingFetch(counter) {
  return (...args) => {
    counter.doh++;
    return fetch(...args);
  };
}

async function run(name, share) {
  const counter = { doh: 0 };
  const started = performance.now();
  const cpu = process.cpuUsage();
  const stats = await runBatch({
    input, out: `${dir}/${name}.ndjson`, concurrency, share,
    checker: { doh: [env.DANEEL_WORLD_DOH_HTTP_URL], trustAnchors: env.DANEEL_WORLD_TRUST_ANCHOR_DS, fetch: countingFetch(counter) },
  });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const verdicts = {};
  for (const line of readFileSync(`${dir}/${name}.ndjson`, 'utf8').split('\n').filter(Boolean)) {
    const v = JSON.parse(line).verdict;
    verdicts[v] = (verdicts[v] ?? 0) + 1;
  }
  return { name, ms, cpuMs: (used.user + used.system) / 1000, stats, doh: counter.doh, verdicts };
}

console.log(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; node ${process.version}`);
console.log(`list: ${domains.length} domains over ${HOSTS} MX hosts, concurrency ${concurrency}, 1 connection per address at a time`);
const results = [];
for (const [name, share] of [['alone', null], ['shared', undefined]]) results.push(await run(name, share));
console.log('| run | wall s | CPU s | connections | DoH requests | probes taken | verdicts |');
console.log('|---|---:|---:|---:|---:|---:|---|');
for (const r of results) {
  console.log(`| ${r.name} | ${(r.ms / 1000).toFixed(1)} | ${(r.cpuMs / 1000).toFixed(1)} | ${r.stats.connections} | ${r.doh} | ${r.stats.shared?.taken ?? 0} | ${Object.entries(r.verdicts).map(([v, n]) => `${v} ${n}`).join(', ')} |`);
}
for (const r of results) {
  console.log(`${r.name}: per check ${(r.ms / domains.length).toFixed(1)} ms wall, ${(r.cpuMs / domains.length).toFixed(1)} ms CPU, ` +
    `${(r.stats.connections / domains.length).toFixed(2)} connections, ${(r.doh / domains.length).toFixed(1)} DoH requests`);
}
const shared = results[1].stats.shared;
console.log(`shared: ${shared.kept} probes kept, ${shared.taken} taken; DoH cache ${JSON.stringify(shared.dns)}`);
rmSync(dir, { recursive: true, force: true });
