// Shared per-host work in a batch (docs/MEASURING.md): the probes each check
// made (connection, STARTTLS, TLS, chain of an MX host address, SNI = the MX
// host's TLSA base) are kept, bounded, and later checks of domains that use
// the same host take them instead of connecting again. What depends on the
// domain (its MX answer and DNSSEC, the DANE-TA name check with the domain as
// a reference identifier) is never shared: each check judges the shared
// probe itself with its own DNS answers (core/src/check/shared_probes.h), so
// its verdict is the one a direct check would give with the same probe.
//
// Policy, here:
//  - kept: probes that say something about the mail server: a session that
//    ran to its end, or a connection the server refused; not a connection
//    that the local network or a relay cut off, nor one that timed out while
//    waiting (those are re-tried live);
//  - never re-kept: a probe a check took from the store (its age stays that
//    of the connection that made it);
//  - bounded: at most maxPerHost probes per MX host, at most maxEntries in
//    all (the host kept longest goes first), none older than maxAgeMs (by
//    the start of the check that made it).

// Causes of a connection's end that blame the mail server (close-reason.mjs,
// core/src/check/connection_end.h blames_mail_server). A refusal is
// immediate and says the server does not take mail there; a silent server is
// a timeout, which is not worth a second wait only if it is certain: not kept.
const SHARED_FAILURE_CAUSES = new Set(['server_reset']);
const SERVER_CAUSES = new Set(['server_closed', 'server_reset', 'server_silent']);

export const SHARE_DEFAULTS = Object.freeze({
  maxAgeMs: 3_600_000,  // --share-max-age 3600
  maxPerHost: 24,       // 8 addresses per family x 2 families + probes without SNI
  maxEntries: 4000,     // below the core store's bound of 4096
});

const keyOf = (p) => `${p.host} ${p.address} ${p.sni ? 'sni' : 'nosni'}`;

/** Whether a recorded probe (an entry of evidence.probes) may serve other checks. */
export function shareable(probe) {
  const end = probe.connection_end ?? null;
  if (probe.smtp) return end === null || SERVER_CAUSES.has(end.cause);
  return !probe.connected && end !== null && SHARED_FAILURE_CAUSES.has(end.cause);
}

/**
 * The batch's probe sharing over a checker's probe store (api.mjs
 * createProbeStore). remember(report, used) after each check; expire() before
 * each; annotate(used) gives the record's `shared_probes`.
 */
export function createProbeShare(store, { maxAgeMs = SHARE_DEFAULTS.maxAgeMs, maxPerHost = SHARE_DEFAULTS.maxPerHost,
  maxEntries = SHARE_DEFAULTS.maxEntries, now = Date.now } = {}) {
  const hosts = new Map();  // host -> Map(key -> {target, domain, started_at, finished_at}); order = age
  let entries = 0;
  const stats = { kept: 0, seeded: 0, taken: 0, expired: 0, evicted: 0, refused: 0 };

  // Entries dropped from the store, remembered a while for annotate(): a
  // check may have taken a probe that expired before the check finished.
  const retired = new Map();  // key -> entry, bounded by maxEntries

  function drop(host, keys, counter) {
    const probes = hosts.get(host);
    const targets = [];
    for (const key of keys) {
      const entry = probes.get(key);
      if (!entry) continue;
      probes.delete(key);
      entries--;
      stats[counter]++;
      targets.push(entry.target);
      retired.delete(key);
      retired.set(key, entry);
      if (retired.size > maxEntries) retired.delete(retired.keys().next().value);
    }
    if (probes.size === 0) hosts.delete(host);
    if (targets.length > 0) store.erase(targets);
  }

  /** Removes the probes older than maxAgeMs (by when their check started). */
  function expire() {
    const oldest = now() - maxAgeMs;
    for (const [host, probes] of [...hosts]) {
      const old = [...probes].filter(([, e]) => e.started_at < oldest).map(([key]) => key);
      if (old.length > 0) drop(host, old, 'expired');
    }
  }

  /**
   * Keeps the shareable probes of a finished check's report, except those it
   * took from the store. A probe already kept stays as it is (first come,
   * until it expires): a check that took it can be told when it ran.
   */
  function remember(report, used = []) {
    const evidence = report?.evidence;
    if (!evidence || !Array.isArray(evidence.probes)) return;
    const taken = new Set(used.map(keyOf));
    const started = report.timing?.started_at ?? evidence.time;
    const finished = report.timing?.finished_at ?? started;
    // Too old to serve (an earlier run's result): not kept, so that it cannot
    // stand in the way of a fresh probe of the same target.
    if (!(started >= now() - maxAgeMs)) return;
    const byHost = new Map();
    for (const p of evidence.probes) {
      if (!shareable(p) || taken.has(keyOf(p)) || hosts.get(p.host)?.has(keyOf(p))) continue;
      if (!byHost.has(p.host)) byHost.set(p.host, []);
      byHost.get(p.host).push(p);
    }
    for (const [host, probes] of byHost) {
      const kept = probes.slice(0, Math.max(0, maxPerHost - (hosts.get(host)?.size ?? 0)));
      if (kept.length === 0) continue;
      // Make room: the hosts kept longest go first (never this one).
      while (entries + kept.length > maxEntries && hosts.size > 0) {
        const [oldestHost, oldest] = hosts.entries().next().value;
        if (oldestHost === host) break;
        drop(oldestHost, [...oldest.keys()], 'evicted');
      }
      if (entries + kept.length > maxEntries) continue;
      try {
        store.put(kept);
      } catch {
        // The core's bounds (bytes: a host with huge chains): not shared, checked live.
        stats.refused += kept.length;
        continue;
      }
      if (!hosts.has(host)) hosts.set(host, new Map());
      const map = hosts.get(host);
      for (const p of kept) {
        map.set(keyOf(p), { target: { host: p.host, address: p.address, sni: p.sni }, domain: report.domain,
          started_at: started, finished_at: finished });
      }
      entries += kept.length;
      stats.kept += kept.length;
    }
  }

  /**
   * What a record says of the probes its check took from the store: which,
   * and when they ran: within the check of `domain`, between started_at and
   * finished_at (ms since the epoch).
   */
  function annotate(used) {
    stats.taken += used.length;
    return used.map((t) => {
      const key = keyOf(t);
      const entry = hosts.get(t.host)?.get(key) ?? retired.get(key);
      return { host: t.host, address: t.address, sni: t.sni, domain: entry?.domain ?? null,
        started_at: entry?.started_at ?? null, finished_at: entry?.finished_at ?? null };
    });
  }

  /**
   * Keeps the probes of an earlier batch's result (the output being resumed,
   * or --share-from): as remember(), the probes it had taken itself excepted
   * (its `shared_probes`), and none older than maxAgeMs.
   */
  function seed(record) {
    const taken = Array.isArray(record?.shared_probes) ? record.shared_probes : [];
    const before = stats.kept;
    remember(record, taken);
    stats.seeded += stats.kept - before;
  }

  return { expire, remember, seed, annotate, stats, size: () => entries };
}
