// A DoH response cache for batch mode (docs/MEASURING.md, "Shared per-host
// work"): the checks of a batch ask the same questions about the same MX
// hosts (A, AAAA, TLSA, the DNSKEY/DS chain of a provider's zone) again and
// again; each question goes to the DoH server once per TTL. Every check still
// validates every answer itself (DNSSEC, in the core): the cache only saves
// the round trip, exactly as a caching resolver does.
//
// Keyed by the exact request (method, URL, DNS message bytes; the core sends
// ID 0, RFC 8484 §4.1, so the same question is the same bytes). Kept: HTTP 200
// answers of type application/dns-message that the core's parser reads as a
// NOERROR or NXDOMAIN answer, for their TTL (reuseTtl: the core's rule, the
// smallest TTL of the answer records, or the SOA's for a negative answer),
// never longer than maxAgeMs. Bounded in entries (the oldest goes first). An
// exchange for a question already in flight joins it instead of asking twice,
// unless that one was sent more than a second ago: then it is the core's
// retry after a lost answer, which must really go out again.

import { DohFailure } from './doh.mjs';

const MEDIA_TYPE = 'application/dns-message';
const JOIN_WITHIN_MS = 1000;  // well below the core's DoH attempt timeout (4 s)

/**
 * Wraps a DoH client (doh.mjs) with the cache.
 *  reuseTtl(bytes): seconds the answer may be reused, or < 0 (not reusable)
 *  maxEntries: bound on kept answers; maxAgeMs: bound on any answer's age
 *  now: the clock
 * Returns {exchange, stats}: exchange as the client's; stats counts
 * {hits, joined, misses, stored, evicted}.
 */
export function createDohCache(doh, { reuseTtl, maxEntries = 10_000, maxAgeMs = 3_600_000, now = Date.now }) {
  const entries = new Map();   // key -> {response, expires}; insertion order = age
  const inFlight = new Map();  // key -> {promise of the response, sent (ms)}
  const stats = { hits: 0, joined: 0, misses: 0, stored: 0, evicted: 0 };

  function keyOf({ method, url, body }) {
    let hex = '';
    for (const byte of body ?? []) hex += byte.toString(16).padStart(2, '0');
    return `${method} ${url} ${hex}`;
  }

  function store(key, response) {
    if (response.status !== 200 || !response.contentType.toLowerCase().startsWith(MEDIA_TYPE)) return;
    const ttl = reuseTtl(response.body);
    if (!(ttl > 0)) return;
    const lifetime = Math.min(ttl * 1000, maxAgeMs);
    entries.delete(key);
    while (entries.size >= maxEntries) {
      entries.delete(entries.keys().next().value);
      stats.evicted++;
    }
    entries.set(key, { response, expires: now() + lifetime });
    stats.stored++;
  }

  // The caller's signal only detaches the caller: a joined exchange goes on
  // for the others (bounded by the client's own timeout).
  function detached(promise, signal) {
    if (!signal) return promise;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new DohFailure('cancelled'));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  function exchange(request, { signal } = {}) {
    const key = keyOf(request);
    const kept = entries.get(key);
    if (kept && kept.expires > now()) {
      stats.hits++;
      return Promise.resolve({ ...kept.response, body: kept.response.body.slice() });
    }
    if (kept) entries.delete(key);
    const pending = inFlight.get(key);
    let shared;
    if (pending && now() - pending.sent < JOIN_WITHIN_MS) {
      stats.joined++;
      shared = pending.promise;
    } else {
      stats.misses++;
      const flight = { sent: now() };
      flight.promise = doh.exchange(request).then((response) => {
        store(key, response);
        return response;
      }).finally(() => {
        if (inFlight.get(key) === flight) inFlight.delete(key);
      });
      inFlight.set(key, flight);
      shared = flight.promise;
    }
    return detached(shared.then((response) => ({ ...response, body: response.body.slice() })), signal);
  }

  return { exchange, stats, size: () => entries.size };
}
