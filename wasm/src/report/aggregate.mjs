// The numbers of the report, from runs read by read.mjs: shares per
// summary.dane verdict (overall, per organisation type, per run over time),
// the most common failing subtests, mail providers ranked by the domains
// they serve, and the domains that improved or regressed since the previous
// run, and the shares per NCSC TLS word (summary.tls_ncsc), now and per run
// over time. The result is
// plain data: the HTML, CSV and JSON outputs all show it.
import { DANE_ORDER, TLS, TLS_ORDER, FAILING_STATUSES, HOST_ORDER, CHANGE, change } from './verdicts.mjs';
import { providersOfDomain, providerOf } from './providers.mjs';

const percent = (n, total) => (total === 0 ? 0 : Math.round((1000 * n) / total) / 10);

// Counts and shares of the facts per word of `fact[field]` (the words of `order`).
function tally(facts, field = 'dane', order = DANE_ORDER) {
  const counts = Object.fromEntries(order.map((v) => [v, 0]));
  let total = 0;
  for (const fact of facts) {
    counts[fact[field]]++;
    total++;
  }
  return { total, counts, percent: Object.fromEntries(order.map((v) => [v, percent(counts[v], total)])) };
}

function byType(facts, field, order) {
  const groups = new Map();
  for (const fact of facts) {
    const type = fact.organisation.type;
    if (!groups.has(type)) groups.set(type, []);
    groups.get(type).push(fact);
  }
  return [...groups].map(([type, list]) => ({ type, ...tally(list, field, order) }))
    .sort((a, b) => b.total - a.total || String(a.type).localeCompare(String(b.type)));
}

// The NCSC TLS word of the domains (summary.tls_ncsc), overall and per
// organisation type; `graded`: how many were graded at all (a batch grades
// only with --grading).
function tls(facts) {
  const overall = tally(facts, 'tls', TLS_ORDER);
  return { verdicts: TLS_ORDER, graded: overall.total - overall.counts[TLS.NOT_GRADED], ...overall, by_type: byType(facts, 'tls', TLS_ORDER) };
}

function failing(facts, total) {
  const groups = new Map();
  for (const fact of facts) {
    for (const finding of fact.findings) {
      if (!FAILING_STATUSES.includes(finding.status)) continue;
      const key = `${finding.subtest} ${finding.code}`;
      const entry = groups.get(key) ?? { subtest: finding.subtest, code: finding.code, domains: 0 };
      entry.domains++;
      groups.set(key, entry);
    }
  }
  return [...groups.values()].map((e) => ({ ...e, percent: percent(e.domains, total) }))
    .sort((a, b) => b.domains - a.domains || a.subtest.localeCompare(b.subtest) || a.code.localeCompare(b.code));
}

function providers(facts) {
  const table = new Map();
  for (const fact of facts) {
    for (const [provider, verdict] of providersOfDomain(fact.hosts)) {
      let entry = table.get(provider);
      if (!entry) {
        entry = { provider, domains: 0, hosts: new Set(), verdicts: Object.fromEntries(HOST_ORDER.map((v) => [v, 0])) };
        table.set(provider, entry);
      }
      entry.domains++;
      entry.verdicts[verdict]++;
      for (const host of fact.hosts) if (providerOf(host.name) === provider) entry.hosts.add(host.name);
    }
  }
  return [...table.values()]
    .map((e) => ({ provider: e.provider, domains: e.domains, hosts: e.hosts.size, verdicts: e.verdicts, pass_percent: percent(e.verdicts.pass, e.domains) }))
    .sort((a, b) => b.domains - a.domains || a.provider.localeCompare(b.provider));
}

function changes(previous, current) {
  const lists = { [CHANGE.IMPROVED]: [], [CHANGE.REGRESSED]: [] };
  if (!previous) return { previous: null, improved: [], regressed: [] };
  for (const [key, now] of current.facts) {
    const before = previous.facts.get(key);
    if (!before) continue;
    const how = change(before.dane, now.dane);
    if (how in lists) {
      lists[how].push({ domain: now.domain, organisation: now.organisation.name, type: now.organisation.type, before: before.dane, after: now.dane });
    }
  }
  const byName = (a, b) => a.domain.localeCompare(b.domain);
  return { previous: previous.path, improved: lists[CHANGE.IMPROVED].sort(byName), regressed: lists[CHANGE.REGRESSED].sort(byName) };
}

/**
 * The aggregates of `current` (a run) compared with `earlier` runs (any
 * order: they are placed by their time; the latest is the previous run).
 */
export function aggregate(current, earlier = []) {
  const facts = [...current.facts.values()];
  const headline = tally(facts);
  const runs = [...earlier].sort((a, b) => a.time - b.time);
  const previous = runs.at(-1) ?? null;
  const inTime = [...runs, current];
  const perRun = (field, order) => inTime.map((run) => ({ file: run.path, time: new Date(run.time).toISOString(), ...tally(run.facts.values(), field, order) }));
  return {
    verdicts: DANE_ORDER,
    current: { file: current.path, time: new Date(current.time).toISOString(), ...headline },
    by_type: byType(facts, 'dane', DANE_ORDER),
    tls: { ...tls(facts), trend: perRun('tls', TLS_ORDER) },
    failing: failing(facts, headline.total),
    providers: providers(facts),
    trend: perRun('dane', DANE_ORDER),
    changes: changes(previous, current),
  };
}
