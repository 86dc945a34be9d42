// The JS face of the core's C ABI (core/src/capi/daneel.h), shared by the
// browser and Node entry points. Each wrapper owns the heap buffers it allocates.

import { DaneelError } from './errors.mjs';
import { concatBytes, lastError, withHeap, withHeapBytes } from './heap.mjs';
import { createDohClient } from './doh.mjs';
import { createDohCache } from './doh-cache.mjs';
import { runSession } from './driver.mjs';
import { verifyReport } from './verify.mjs';
import { DEFAULT_DOH_SERVERS } from './defaults.mjs';

export { DaneelError };

// The largest buffer one call may ask for: bounds what a caller can make the
// module allocate.
const MAX_BUFFER = 16 * 1024 * 1024;

function checkSize(size) {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_BUFFER) {
    throw new DaneelError('invalid_argument', `size must be an integer from 0 to ${MAX_BUFFER}, got ${size}`);
  }
}

const encoder = new TextEncoder();

// One check session of the C ABI (core/src/capi/check_capi.h): a handle plus
// the copying of strings and bytes in and out of the wasm heap.
class CheckSession {
  constructor(module, handle) {
    this.module = module;
    this.handle = handle;
  }

  // Calls `body(pointer, length)` with `bytes` in the heap, freed afterwards.
  withBytes(bytes, body) {
    return withHeapBytes(this.module, bytes, body);
  }

  static create(module, config) {
    const session = new CheckSession(module, 0);
    const handle = session.withBytes(encoder.encode(JSON.stringify(config)),
      (pointer, length) => module._daneel_check_create(pointer, length));
    if (handle === 0) throw lastError(module);
    session.handle = handle;
    return session;
  }

  check(status) {
    if (status < 0) throw lastError(this.module);
    return status;
  }

  json(pointer) {
    if (pointer === 0) throw lastError(this.module);
    return JSON.parse(this.module.UTF8ToString(pointer));
  }

  start(target, now) {
    this.withBytes(encoder.encode(target), (p, n) => this.check(this.module._daneel_check_start(this.handle, p, n, now)));
  }

  // Actions with their payloads copied out of the heap (valid only until the next call).
  takeActions() {
    const actions = this.json(this.module._daneel_check_take_actions(this.handle));
    for (const action of actions) {
      if (action.ptr === undefined) continue;
      const data = this.module.HEAPU8.slice(action.ptr, action.ptr + action.len);
      if (action.action === 'doh') action.body = data;
      else action.data = data;
      delete action.ptr;
      delete action.len;
    }
    return actions;
  }

  dohResponse(id, { status, contentType, body }, now) {
    const type = encoder.encode(contentType ?? '');
    this.withBytes(concatBytes(type, body), (p) => this.check(this.module._daneel_check_doh_response(
      this.handle, id, status, p, type.length, p + type.length, body.length, now)));
  }

  dohFailure(id, reason, now) {
    this.withBytes(encoder.encode(reason), (p, n) => this.check(this.module._daneel_check_doh_failure(this.handle, id, p, n, now)));
  }

  // `ehloName`: the EHLO name a relay forwards ('' : the check's own).
  connected(id, ehloName, now) {
    this.withBytes(encoder.encode(ehloName ?? ''), (p, n) => this.check(this.module._daneel_check_connected(this.handle, id, p, n, now)));
  }

  // `reason`: a close reason (close-reason.mjs): who failed or ended the connection.
  connectFailed(id, reason, now) {
    this.withCloseReason(reason, (cause, c, code, detail, d) =>
      this.check(this.module._daneel_check_connect_failed(this.handle, id, cause, c, code, detail, d, now)));
  }

  bytes(id, data, now) {
    this.withBytes(data, (p, n) => this.check(this.module._daneel_check_bytes(this.handle, id, p, n, now)));
  }

  closed(id, reason, now) {
    this.withCloseReason(reason, (cause, c, code, detail, d) =>
      this.check(this.module._daneel_check_closed(this.handle, id, cause, c, code, detail, d, now)));
  }

  withCloseReason({ cause, relayCode = 0, detail = '' }, body) {
    const causeBytes = encoder.encode(cause);
    const detailBytes = encoder.encode(detail);
    this.withBytes(concatBytes(causeBytes, detailBytes), (p) =>
      body(p, causeBytes.length, relayCode, p + causeBytes.length, detailBytes.length));
  }
  timer(now) { this.check(this.module._daneel_check_timer(this.handle, now)); }

  nextDeadline() {
    const deadline = this.module._daneel_check_next_deadline(this.handle);
    if (deadline === -2) throw lastError(this.module);
    return deadline < 0 ? null : deadline;
  }

  done() { return this.check(this.module._daneel_check_done(this.handle)) === 1; }
  takeProgress() { return this.json(this.module._daneel_check_take_progress(this.handle)); }
  report() {
    // Read while the session lives (the driver frees it right after the report).
    if (this.sharing) this.sharedProbes = this.json(this.module._daneel_check_shared_probes(this.handle));
    return this.json(this.module._daneel_check_report(this.handle));
  }

  free() {
    if (this.handle !== 0) this.module._daneel_check_free(this.handle);
    this.handle = 0;
  }
}

// Seconds a DoH answer may be reused, by the core's rule (share_capi.h); < 0: not reusable.
function dnsReuseTtl(module, body) {
  if (!(body instanceof Uint8Array) || body.length === 0 || body.length > 65535) return -1;
  return withHeapBytes(module, body, (p, n) => module._daneel_dns_reuse_ttl(p, n));
}

// `now` may be a clock, or a fixed moment (Date or ms) the check is judged at
// (certificate validity, DNSSEC signature windows): the clock then starts
// there and runs on, so the driver's timers still work.
function makeClock(now) {
  if (now === undefined) return Date.now;
  if (typeof now === 'function') return now;
  const start = now instanceof Date ? now.getTime() : now;
  if (typeof start !== 'number' || !Number.isFinite(start)) {
    throw new DaneelError('invalid_argument', 'options.now must be a function, a Date or milliseconds since the epoch');
  }
  const offset = start - Date.now();
  return () => Date.now() + offset;
}

const RR_TYPE = /^([A-Za-z][A-Za-z0-9]{0,15}|TYPE[0-9]{1,5})$/;

// The message catalogues are files beside the module (dist/messages/), not in
// it, so a browser downloads only the language it shows: the entry point's
// `readCatalogue(lang)` gives a file's text, and the module gets each language
// once, before the first check or verify that needs it.
function catalogueLoader(module, readCatalogue) {
  const loading = new Map();  // lang -> Promise
  async function load(lang) {
    let text;
    try {
      text = await readCatalogue(lang);
    } catch (error) {
      throw new DaneelError('internal', `the message catalogue dist/messages/${lang}.json could not be read: ${error.message}`, { cause: error });
    }
    const language = encoder.encode(lang);
    const catalogue = encoder.encode(text);
    withHeapBytes(module, concatBytes(language, catalogue), (p) => {
      if (module._daneel_add_catalogue(p, language.length, p + language.length, catalogue.length) !== 0) {
        throw lastError(module);
      }
    });
  }
  return (lang) => {
    if (!loading.has(lang)) {
      const promise = load(lang);
      promise.catch(() => loading.delete(lang));  // a failed read may be retried
      loading.set(lang, promise);
    }
    return loading.get(lang);
  };
}

// The report languages and the default, as the module was built with them:
// the files core/messages/<lang>.json are the one list (check/messages.h),
// handed over in the build info.
// What the module says of itself (daneel_build_info): its report languages
// and the core's default timeouts, so that JS keeps no copy of either.
function moduleFacts(module) {
  const info = JSON.parse(module.UTF8ToString(module._daneel_build_info()));
  return {
    languages: info.languages,
    defaultLanguage: info.default_language,
    connectTimeoutMs: info.connect_timeout_ms,
    dohTimeoutMs: info.doh_timeout_ms,
  };
}

// The language a report is in, for verify: the replay speaks it, or the
// core's default when the report names none of ours.
function reportLanguage(report, { languages, defaultLanguage }) {
  let lang;
  try {
    lang = (typeof report === 'string' ? JSON.parse(report) : report)?.lang;
  } catch {
    // not JSON: verify says so
  }
  return languages.includes(lang) ? lang : defaultLanguage;
}

/**
 * The checker behind createChecker() in both entry points.
 * `transportFor(connectTimeoutMs)` makes the platform's SMTP transport (or
 * returns null) for the check's connect timeout; `readCatalogue(lang)`
 * resolves to the text of dist/messages/<lang>.json.
 */
export async function makeChecker(module, options = {}, transportFor = () => null, readCatalogue) {
  const { doh: servers = DEFAULT_DOH_SERVERS, trustAnchors, lang, dohMaxAttempts, maxRunMs = 120_000, grading } = options;
  const spoken = moduleFacts(module);
  // One value for the core's connect deadline and the transport's wait: the
  // caller's, or the core's default.
  const connectTimeoutMs = options.connectTimeoutMs ?? spoken.connectTimeoutMs;
  const dohTimeoutMs = options.dohTimeoutMs ?? spoken.dohTimeoutMs;
  const transport = transportFor(connectTimeoutMs);
  const now = makeClock(options.now);
  if (!Array.isArray(servers) || servers.length === 0 || !servers.every((s) => typeof s === 'string')) {
    throw new DaneelError('invalid_argument', 'options.doh must be a non-empty array of DoH server URLs');
  }
  if (grading !== undefined && typeof grading !== 'boolean') {
    throw new DaneelError('invalid_argument', 'options.grading must be true or false');
  }
  if (trustAnchors !== undefined && typeof trustAnchors !== 'string') {
    throw new DaneelError('invalid_argument', 'options.trustAnchors must be DS/DNSKEY presentation lines (a string)');
  }
  // cert_trust's root store (PEM; the Node entry passes Node's Mozilla roots,
  // the browser none: cert_trust is then not tested). Bounded by the core too.
  const { rootStore } = options;
  if (rootStore != null && (typeof rootStore !== 'string' || rootStore.length > 4 * 1024 * 1024)) {
    throw new DaneelError('invalid_argument', 'options.rootStore must be PEM certificates (a string of at most 4 MiB)');
  }
  if (lang !== undefined && !spoken.languages.includes(lang)) {
    throw new DaneelError('invalid_argument', `options.lang must be one of ${spoken.languages.join(', ')}`);
  }
  let doh = createDohClient({ fetch: options.fetch, timeoutMs: dohTimeoutMs + 2000 });
  // Batch mode: one DoH response cache for every check of this checker
  // (doh-cache.mjs); each check still validates every answer.
  let dohCache = null;
  if (options.dnsCache) {
    const { maxEntries, maxAgeMs } = options.dnsCache;
    dohCache = createDohCache(doh, { reuseTtl: (body) => dnsReuseTtl(module, body), maxEntries, maxAgeMs, now });
    doh = dohCache;
  }
  const baseConfig = {
    servers,
    doh_timeout_ms: dohTimeoutMs,
    ...(dohMaxAttempts === undefined ? {} : { doh_max_attempts: dohMaxAttempts }),
    ...(trustAnchors === undefined ? {} : { trust_anchors: trustAnchors }),
  };

  // The check's own settings (the core's defaults when not given).
  const checkConfig = {
    ...(lang === undefined ? {} : { lang }),
    ...(options.ehloName === undefined ? {} : { ehlo_name: options.ehloName }),
    connect_timeout_ms: connectTimeoutMs,
    ...(options.smtpTimeoutMs === undefined ? {} : { smtp_timeout_ms: options.smtpTimeoutMs }),
    ...(options.checkDeadlineMs === undefined ? {} : { check_deadline_ms: options.checkDeadlineMs }),
    ...(options.probeWithoutSni === undefined ? {} : { probe_without_sni: options.probeWithoutSni }),
    ...(options.maxConnections === undefined ? {} : { max_connections: options.maxConnections }),
    ...(options.maxPerAddress === undefined ? {} : { max_per_address: options.maxPerAddress }),
    // TLS grading (docs/TLS_GRADING.md): on by default for direct checks; off
    // by default through a relay, where up to 6 sessions per address would
    // spend a public relay's per-client allowance (40 sessions a minute,
    // proxy/policy/admission.h) on one or two domains. Asked for through a
    // relay, the probes it refuses are reported not_tested (relay_refused);
    // the check itself is unaffected.
    grading: grading ?? !options.proxy,
    // The relay refuses a server's SSL 3.0 records: no SSL 3.0 probe through it.
    grading_through_relay: Boolean(options.proxy),
    ...(options.maxConnectionsPerAddress === undefined ? {} : { grading_max_connections: options.maxConnectionsPerAddress }),
    ...(rootStore == null ? {} : { root_store: rootStore }),
  };

  const loadCatalogue = catalogueLoader(module, readCatalogue);
  await loadCatalogue(lang ?? spoken.defaultLanguage);

  function run(kind, target, { signal, onProgress, onSharedProbes } = {}, extra = {}) {
    if (signal?.aborted) return Promise.reject(new DaneelError('aborted', 'the operation was aborted'));
    let session;
    try {
      session = CheckSession.create(module, { ...baseConfig, ...extra, kind });
      session.sharing = extra.probe_store !== undefined;
      session.start(target, now());
    } catch (error) {
      session?.free();
      return Promise.reject(error);
    }
    const running = runSession({ session, doh, transport, now, signal, onProgress, maxRunMs });
    if (!session.sharing) return running;
    return running.then((report) => {
      onSharedProbes?.(session.sharedProbes ?? []);
      return report;
    });
  }

  return {
    /** Resolves (name, type) over DoH and validates it with DNSSEC. */
    async resolve(name, type, opts) {
      if (typeof name !== 'string' || name.length === 0 || name.length > 1024) {
        throw new DaneelError('invalid_argument', 'name must be a domain name');
      }
      if (typeof type !== 'string' || !RR_TYPE.test(type)) {
        throw new DaneelError('invalid_argument', 'type must be an RR type mnemonic such as MX or TLSA');
      }
      const report = await run('resolve', JSON.stringify([{ name, type: type.toUpperCase() }]), opts);
      return report.results[0];
    },

    /**
     * The STARTTLS + DANE check of a mail domain: the report of core/src/check/report.h.
     * opts.probeStore (createProbeStore()): probes the store holds are taken
     * from it instead of connecting (batch mode's shared per-host work), and
     * opts.onSharedProbes([{host, address, sni}]) hears which ones were.
     */
    async check(domain, opts = {}) {
      // Any string goes to the core, the empty one too: its domain-input rules
      // give a report that says what is wrong, in the checker's language.
      if (typeof domain !== 'string') {
        throw new DaneelError('invalid_argument', 'domain must be a string');
      }
      const extra = opts.probeStore ? { ...checkConfig, probe_store: opts.probeStore.handle } : checkConfig;
      return run('check', domain, opts, extra);
    },

    /**
     * A store of probes for opts.probeStore (core/src/capi/share_capi.h):
     * put(probes) adds the entries of reports' evidence.probes, erase(targets)
     * removes [{host, address, sni}], free() releases it. Bounded in the core
     * (4096 probes, 64 MiB): put throws when it would pass that.
     */
    createProbeStore() {
      const handle = module._daneel_probe_store_create();
      if (handle === 0) throw lastError(module);
      const call = (fn, value) => withHeapBytes(module, encoder.encode(JSON.stringify(value)), (p, n) => {
        const count = fn(handle, p, n);
        if (count < 0) throw lastError(module);
        return count;
      });
      return {
        handle,
        put: (probes) => call(module._daneel_probe_store_put, { probes }),
        erase: (targets) => call(module._daneel_probe_store_erase, targets),
        free: () => module._daneel_probe_store_free(handle),
      };
    },

    /** The DoH cache's counts ({hits, joined, misses, stored, evicted}), or null without options.dnsCache. */
    dnsCacheStats() {
      return dohCache ? { ...dohCache.stats, size: dohCache.size() } : null;
    },

    /**
     * Re-judges a report from its evidence alone, offline, for the time it was
     * made (wasm/src/verify.mjs): {ok, trust_anchors_differ, cannot_verify?,
     * differences, trust_anchors, report}. trust_anchors_differ's texts are in
     * the checker's `lang` when one was given, else in the report's.
     */
    async verify(report, { signal } = {}) {
      await loadCatalogue(reportLanguage(report, spoken));
      return verifyReport(module, report, { trustAnchors, lang, rootStore, signal });
    },

    /** Check sessions alive in the module (0 when idle): for leak checks. */
    sessions() {
      return module._daneel_check_count();
    },

    /** Bytes of wasm linear memory reserved so far (it only grows). */
    memoryBytes() {
      return module.HEAPU8.length;
    },

    /** Bytes of the wasm heap allocated and not freed (falls back when checks end): for leak checks. */
    heapInUse() {
      return module._daneel_heap_in_use();
    },
  };
}

export function wrapModule(module) {
  return {
    /** Bytes of wasm linear memory now reserved (it only grows): for leak checks. */
    memoryBytes() {
      return module.HEAPU8.length;
    },

    buildInfo() {
      return JSON.parse(module.UTF8ToString(module._daneel_build_info()));
    },

    randomBytes(size) {
      checkSize(size);
      return withHeap(module, size, (pointer) => {
        const status = module._daneel_random(pointer, size);
        if (status !== 0) throw new DaneelError('crypto', `random generator failed (${status})`);
        return module.HEAPU8.slice(pointer, pointer + size);
      });
    },

    sha256(data) {
      if (!(data instanceof Uint8Array)) throw new DaneelError('invalid_argument', 'sha256 takes a Uint8Array');
      checkSize(data.length);
      return withHeap(module, data.length + 32, (pointer) => {
        module.HEAPU8.set(data, pointer);
        const digest = pointer + data.length;
        const status = module._daneel_sha256(pointer, data.length, digest);
        if (status !== 0) throw new DaneelError('crypto', `sha256 failed (${status})`);
        return module.HEAPU8.slice(digest, digest + 32);
      });
    },
  };
}
