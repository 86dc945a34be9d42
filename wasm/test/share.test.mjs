// Shared per-host work in batch mode (batch/share.mjs, doh-cache.mjs,
// core/src/check/shared_probes.h) against the test world: every world
// scenario plus domains that use other scenarios' MX hosts (insecure-mx and
// ee311; other, whose DANE-TA leaf names the domain, and ta-badname, whose
// name check fails with the same probe; the bench zone's wildcard domains).
// Sharing must never change a verdict: the verdicts and subtests of a shared
// run are byte-identical to those of a run where every check is on its own,
// and so are those of the same list checked in two shards and merged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { requireWorld } from '../test-support/world.mjs';
import { runCli, worldFlags } from '../test-support/cli.mjs';
import { runBatch } from '../src/batch/run.mjs';
import { createChecker } from '../src/index.node.mjs';

let world;
let dir;
let checkerOptions;
let list;

// Checked late in the list, so that the domains whose hosts they use are done.
const SHARING = ['insecure-mx.example', 'other.example', 'shares-ta211.example'];
// The wildcard domains of the bench zone: 3 per host, over 20 hosts.
const BENCH = Array.from({ length: 20 }, (_, h) => [1, 2, 3].map((n) => `d${n}.h${String(h + 1).padStart(2, '0')}.bench.example`)).flat();

before(async () => {
  world = await requireWorld();
  dir = mkdtempSync(`${tmpdir()}/daneel-share-`);
  checkerOptions = { doh: [world.doh], trustAnchors: world.trustAnchors, smtpTimeoutMs: 5000 };
  const scenarios = JSON.parse(readFileSync(world.json, 'utf8')).scenarios.map((s) => s.domain.replace(/\.$/, ''));
  for (const name of [...SHARING, 'bench.example']) {
    assert.ok(scenarios.includes(name), `${name} is not in the running world: run tests/world/up`);
  }
  list = [...scenarios.filter((d) => !SHARING.includes(d)), ...BENCH, ...SHARING];
});

after(() => rmSync(dir, { recursive: true, force: true }));

const records = (path) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

// Everything a report decides (verdicts, codes, subtests, per host and address), as one JSON text.
function decisions(r) {
  return JSON.stringify({
    verdict: r.verdict, outcome: r.outcome?.code ?? null, summary: r.summary ?? null,
    subtests: Object.fromEntries(Object.entries(r.subtests ?? {}).map(([name, s]) => [name, [s.status, s.code]])),
    hosts: (r.hosts ?? []).map((h) => ({ name: h.name, verdict: h.verdict, outcome: h.outcome?.code,
      sni: h.sni_dependence ? [h.sni_dependence.status, h.sni_dependence.code] : null,
      addresses: (h.addresses ?? []).map((a) => [a.address, a.verdict, a.outcome?.code]) })),
  });
}

const byDomain = (rs) => new Map(rs.map((r) => [r.input, decisions(r)]));

async function batch(name, options) {
  const input = `${dir}/${name}.txt`;
  const out = `${dir}/${name}.ndjson`;
  writeFileSync(input, `${list.join('\n')}\n`);
  const started = Date.now();
  const stats = await runBatch({ input, out, concurrency: 8, checker: checkerOptions, ...options });
  return { stats, records: records(out), ms: Date.now() - started, out };
}

test('sharing gives byte-identical verdicts and subtests to unshared runs on every world scenario, sharded or not', async () => {
  const alone = await batch('alone', { share: null });
  const shared = await batch('shared', {});
  assert.equal(alone.records.length, list.length);
  assert.equal(shared.records.length, list.length);
  assert.equal(alone.stats.shared, null);
  assert.ok(alone.records.every((r) => r.shared_probes === undefined), 'nothing shared when sharing is off');

  const direct = byDomain(alone.records);
  for (const [domain, decided] of byDomain(shared.records)) assert.equal(decided, direct.get(domain), domain);

  // Two shards, merged as MEASURING.md says (one file): the same decisions.
  const halves = [];
  for (const index of [1, 2]) halves.push(...(await batch(`shard-${index}`, { shard: { index, count: 2 } })).records);
  assert.equal(halves.length, list.length, 'every domain in exactly one shard');
  for (const [domain, decided] of byDomain(halves)) assert.equal(decided, direct.get(domain), `${domain} (sharded)`);

  // Sharing happened, and where the domain name matters the verdict is the domain's own.
  const get = (rs, domain) => rs.find((r) => r.input === domain);
  const other = get(shared.records, 'other.example');
  assert.equal(other.verdict, 'pass');
  assert.equal(get(shared.records, 'ta-badname.example').verdict, 'fail', 'the same probe fails the DANE-TA name check of ta-badname');
  assert.ok(other.shared_probes?.length >= 1, 'other.example took ta-badname\'s probe');
  for (const p of other.shared_probes) {
    assert.equal(p.host, 'mx.ta-badname.example');
    assert.equal(p.domain, 'ta-badname.example');
    assert.ok(p.started_at <= p.finished_at && p.finished_at <= other.timing.started_at, 'it ran before this check');
  }
  assert.ok(get(shared.records, 'insecure-mx.example').shared_probes?.some((p) => p.host === 'mx.ee311.example'));
  // A domain takes only probes of its own MX hosts.
  for (const r of shared.records) {
    const hosts = new Set((r.hosts ?? []).map((h) => h.name));
    for (const p of r.shared_probes ?? []) assert.ok(hosts.has(p.host), `${r.input}: ${p.host}`);
  }
  // A shared probe is in the report's evidence: verify replays it to the same verdicts.
  const checker = await createChecker(checkerOptions);
  const verified = await checker.verify(other);
  assert.equal(verified.ok, true, JSON.stringify(verified.differences));

  const { stats } = shared;
  assert.ok(stats.shared.taken >= 3 * 20, `the bench domains share their hosts' probes: ${JSON.stringify(stats.shared)}`);
  assert.ok(stats.shared.dns.hits + stats.shared.dns.joined > 0, 'the DoH cache answered');
  assert.ok(stats.connections < alone.stats.connections,
    `fewer connections with sharing: ${stats.connections} vs ${alone.stats.connections}`);
  assert.equal(stats.maxOpenPerDestination, 1, 'per-destination politeness as before');
});

test('daneel batch --share-max-age: 0 turns sharing off; a bad value is a usage error', async () => {
  const input = `${dir}/cli.txt`;
  writeFileSync(input, ['ee311.example', 'd1.h01.bench.example', 'd2.h01.bench.example'].join('\n'));
  const flags = worldFlags(world, dir);
  const off = await runCli(['batch', input, '--out', `${dir}/cli-off.ndjson`, '--share-max-age', '0', '--concurrency', '1', ...flags]);
  assert.equal(off.code, 0, off.stderr);
  assert.ok(records(`${dir}/cli-off.ndjson`).every((r) => r.shared_probes === undefined));
  const on = await runCli(['batch', input, '--out', `${dir}/cli-on.ndjson`, '--share-max-age', '600', '--concurrency', '1', ...flags]);
  assert.equal(on.code, 0, on.stderr);
  const taken = records(`${dir}/cli-on.ndjson`).filter((r) => r.shared_probes?.length > 0);
  assert.equal(taken.length, 2, 'the second and third domain take mx.ee311.example\'s probes');
  const bad = await runCli(['batch', input, '--out', `${dir}/cli-bad.ndjson`, '--share-max-age', '-5', ...flags]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--share-max-age/);
});

test('across runs: an earlier run\'s probes (--share-from, or the output being resumed) serve while younger than --share-max-age', async () => {
  // Run 1 checks one bench domain per host; run 2 the second domain of each host.
  const first = BENCH.filter((d) => d.startsWith('d1.'));
  const second = BENCH.filter((d) => d.startsWith('d2.'));
  const run = async (name, domains, options = {}) => {
    const input = `${dir}/${name}.txt`;
    const out = options.out ?? `${dir}/${name}.ndjson`;
    writeFileSync(input, `${domains.join('\n')}\n`);
    const stats = await runBatch({ input, out, concurrency: 4, checker: checkerOptions, ...options, out });
    return { stats, records: records(out) };
  };
  const earlier = await run('runs-1', first);
  const alone = await run('runs-2-alone', second);
  const seeded = await run('runs-2-seeded', second, { shareFrom: [`${dir}/runs-1.ndjson`] });
  // The same decisions as on their own, with the earlier run's probes and no connection of their own.
  assert.deepEqual(byDomain(seeded.records), byDomain(alone.records));
  assert.ok(seeded.stats.shared.seeded >= first.length, JSON.stringify(seeded.stats.shared));
  assert.equal(seeded.stats.connections, 0, `every host was probed by run 1: ${seeded.stats.connections} connections`);
  assert.ok(alone.stats.connections >= second.length);
  const firstDomains = new Set(first);
  for (const r of seeded.records) {
    assert.ok(r.shared_probes?.length > 0, r.input);
    for (const p of r.shared_probes) {
      assert.ok(firstDomains.has(p.domain), `${r.input} took ${p.host}'s probe from ${p.domain}`);
      assert.ok(p.started_at >= earlier.records[0].timing.started_at - 60_000, 'when it ran is the earlier run\'s time');
    }
  }
  // Older than the bound: nothing is seeded, every host is probed again.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const stale = await run('runs-2-stale', second, { shareFrom: [`${dir}/runs-1.ndjson`], share: { maxAgeMs: 1000 } });
  assert.equal(stale.stats.shared.seeded, 0);
  assert.equal(stale.stats.connections, alone.stats.connections);
  // Resuming: the output's own results serve the domains still to check.
  const resumedOut = `${dir}/runs-resumed.ndjson`;
  writeFileSync(resumedOut, readFileSync(`${dir}/runs-1.ndjson`));
  const resumed = await run('runs-resumed', [...first, ...second], { out: resumedOut });
  assert.equal(resumed.stats.resumed, first.length);
  assert.equal(resumed.stats.checked, second.length);
  assert.equal(resumed.stats.connections, 0);
});

test('daneel batch --share-from: a missing file or sharing off is a usage error', async () => {
  const input = `${dir}/from.txt`;
  writeFileSync(input, 'ee311.example\n');
  const flags = worldFlags(world, dir);
  const missing = await runCli(['batch', input, '--out', `${dir}/from.ndjson`, '--share-from', `${dir}/nothing.ndjson`, ...flags]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--share-from .*no such file/);
  writeFileSync(`${dir}/from-earlier.ndjson`, '');
  const off = await runCli(['batch', input, '--out', `${dir}/from.ndjson`, '--share-from', `${dir}/from-earlier.ndjson`,
    '--share-max-age', '0', ...flags]);
  assert.equal(off.code, 2);
  assert.match(off.stderr, /--share-from needs sharing on/);
});
