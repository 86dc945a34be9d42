// The batch engine: streams domains from a file, checks up to `concurrency`
// at once on one checker whose SMTP transport is polite per destination,
// appends one JSON report per line to the output as each finishes, and
// skips what the output already holds (resume) or another shard owns.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createChecker } from '../index.node.mjs';
import { createNodeTransport } from '../transport-node.mjs';
import { createPoliteTransport } from './polite-transport.mjs';
import { domainKey, inShard } from './domains.mjs';
import { readDomainSource, INPUT_FORMAT } from './source.mjs';
import { trimPartialLine, doneDomains, errorRecord, readResults } from './results.mjs';
import { createProbeShare, SHARE_DEFAULTS } from './share.mjs';

// The core's connect timeout in a batch: a connection may wait for its
// destination's slot before the socket is even opened (the socket's own
// connect timeout stays 10 s).
const BATCH_CONNECT_TIMEOUT_MS = 60_000;

// The batch's DoH response cache (doh-cache.mjs): the answers about a few
// thousand MX hosts and their zones.
const DNS_CACHE_ENTRIES = 20_000;

/**
 * Runs a batch. Options:
 *  input, out: file paths; format: INPUT_FORMAT.TEXT (one domain a line,
 *  the default) or INPUT_FORMAT.CSV (an organisation list: each result gets
 *  its row's `organisation`); concurrency (checks at once); perDestination
 *  (connections per mail server address at once); shard ({index, count} or
 *  null); checker: createChecker() options (doh, trustAnchors, lang, ...;
 *  grading defaults to false here);
 *  signal: stops taking domains and aborts the checks in flight (they are
 *  not written, so a resumed run checks them);
 *  share: shared per-host work ({maxAgeMs, maxPerHost, maxEntries},
 *  share.mjs; the default: SHARE_DEFAULTS) or null (every check on its own):
 *  probes kept and taken by later checks of domains using the same MX host
 *  (each record says which it took: `shared_probes`), and one DoH response
 *  cache for all checks; the probes in the results of the output being
 *  resumed serve too, as do those in the results files `shareFrom` (earlier
 *  runs), each only while younger than share.maxAgeMs;
 *  onResult(record), onBadLine({number, reason}).
 * Resolves with counts: {checked, resumed, bad, duplicates, otherShard,
 *  maxOpenPerDestination, connections, trimmedBytes, shared: {kept (seeded
 *  included), seeded, taken, expired, evicted, dns: {hits, joined, misses,
 *  ...}} | null}.
 */
export async function runBatch({
  input, out, format = INPUT_FORMAT.TEXT, concurrency = 8, perDestination = 1, shard = null, checker: checkerOptions = {},
  signal, share = SHARE_DEFAULTS, shareFrom = [], onResult = () => {}, onBadLine = () => {},
}) {
  // The first entry is read before anything else, so that a list without a
  // usable header (organisations.mjs ListError) fails before any output.
  const entries = readDomainSource(input, format);
  let pending = await entries.next();
  const trimmedBytes = await trimPartialLine(out).catch(async (error) => {
    await entries.return();
    throw error;
  });
  const stats = { checked: 0, resumed: 0, bad: 0, duplicates: 0, otherShard: 0, maxOpenPerDestination: 0, connections: 0,
    trimmedBytes, shared: null };
  const transport = createPoliteTransport(createNodeTransport(), { perDestination });
  const checker = await createChecker({
    connectTimeoutMs: BATCH_CONNECT_TIMEOUT_MS,
    // No TLS grading unless asked for: its probes are made per check and never
    // shared, so each domain would cost its provider up to the grading's
    // budget in connections per address (docs/MEASURING.md).
    grading: false,
    ...checkerOptions,
    transport,
    ...(share ? { dnsCache: { maxEntries: DNS_CACHE_ENTRIES, maxAgeMs: share.maxAgeMs ?? SHARE_DEFAULTS.maxAgeMs } } : {}),
  });
  const store = share ? checker.createProbeStore() : null;
  const probes = share ? createProbeShare(store, share) : null;
  // Probes of earlier runs, young enough to serve (across runs: --share-from),
  // then those of the output being resumed, read with its domains.
  // Domain key -> 'output' (done by an earlier run) or 'run' (taken by this one).
  let seen;
  try {
    for (const path of share ? shareFrom : []) {
      for await (const record of readResults(path)) probes.seed(record);
    }
    seen = new Map([...await doneDomains(out, (record) => probes?.seed(record))].map((key) => [key, 'output']));
  } catch (error) {
    store?.free();
    await entries.return();
    throw error;
  }
  const output = createWriteStream(out, { flags: 'a' });
  const outputFailed = new Promise((_, reject) => output.once('error', reject));
  outputFailed.catch(() => {});

  // The next entry to check, or null at the end (workers share one reader).
  async function nextDomain() {
    for (;;) {
      if (signal?.aborted) return null;
      const { value, done } = pending ?? await entries.next();
      pending = null;
      if (done) return null;
      if (value.bad) {
        stats.bad++;
        onBadLine({ number: value.number, reason: value.bad });
        continue;
      }
      const parsed = value;
      if (!inShard(parsed.domain, shard)) {
        stats.otherShard++;
        continue;
      }
      const key = domainKey(parsed.domain);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        if (earlier === 'output') stats.resumed++;
        else stats.duplicates++;
        continue;
      }
      seen.set(key, 'run');
      return parsed;
    }
  }

  async function write(record) {
    if (!output.write(`${JSON.stringify(record)}\n`)) {
      await Promise.race([once(output, 'drain'), outputFailed]);
    }
  }

  // Each check in flight has its own controller, and one listener on the
  // caller's signal aborts them all: a listener per check on that one signal
  // would set off Node's listener-leak warning from 11 checks at once.
  const inFlight = new Set();
  const abortInFlight = () => { for (const controller of inFlight) controller.abort(signal.reason); };
  signal?.addEventListener('abort', abortInFlight, { once: true });

  async function checkOne(domain, options) {
    const controller = new AbortController();
    inFlight.add(controller);
    if (signal?.aborted) controller.abort(signal.reason);
    try {
      return await checker.check(domain, { ...options, signal: controller.signal });
    } finally {
      inFlight.delete(controller);
    }
  }

  async function worker() {
    for (let entry = await nextDomain(); entry !== null; entry = await nextDomain()) {
      let record;
      let used = [];
      try {
        probes?.expire();
        record = await checkOne(entry.domain, { probeStore: store, onSharedProbes: (list) => { used = list; } });
      } catch (error) {
        if (error?.code === 'aborted') return;
        record = errorRecord(entry.domain, error);
      }
      probes?.remember(record, used);
      // Beside the report, not in it: the report schema describes the check.
      if (entry.organisation) record.organisation = entry.organisation;
      if (used.length > 0) record.shared_probes = probes.annotate(used);
      await write(record);
      stats.checked++;
      onResult(record);
    }
  }

  try {
    await Promise.race([
      Promise.all(Array.from({ length: concurrency }, worker)),
      outputFailed,
    ]);
  } finally {
    signal?.removeEventListener('abort', abortInFlight);
    store?.free();
    await entries.return();
    output.end();
    await Promise.race([once(output, 'close'), outputFailed]).catch(() => {});
  }
  stats.maxOpenPerDestination = transport.stats.maxOpenPerDestination;
  stats.connections = transport.stats.opened;
  if (probes) stats.shared = { ...probes.stats, dns: checker.dnsCacheStats() };
  return stats;
}
