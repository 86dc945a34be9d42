// Types of the daneel package (hand-written; the API grows with the check engine).

export interface BuildInfo {
  /** daneel's version. */
  daneel: string;
  /** The Mbed TLS version compiled in (always 3.6.x). */
  mbedtls: string;
  /** The report languages: one per core/messages/<lang>.json (the one list). */
  languages: string[];
  /** The core's language when none is given ("en"). */
  default_language: string;
}

export interface Daneel {
  /** Bytes of wasm linear memory reserved so far (it only grows). */
  memoryBytes(): number;
  buildInfo(): BuildInfo;
  /** Bytes from Mbed TLS's CTR_DRBG, seeded from crypto.getRandomValues. At most 16 MiB. */
  randomBytes(size: number): Uint8Array;
  /** SHA-256 computed by the core (Mbed TLS). At most 16 MiB. */
  sha256(data: Uint8Array): Uint8Array;
}

export type DaneelErrorCode =
  | 'invalid_argument'   // bad options, name, type or trust anchors
  | 'out_of_memory'
  | 'crypto'
  | 'aborted'            // the AbortSignal fired; every socket and request was closed
  | 'timeout'            // the whole run exceeded maxRunMs
  | 'not_implemented'    // a session kind this build does not have
  | 'invalid_handle'
  | 'invalid_state'
  | 'internal';

export class DaneelError extends Error {
  readonly code: DaneelErrorCode;
}

/** Instantiates the WebAssembly core. */
export function loadDaneel(): Promise<Daneel>;

/** DNSSEC states (RFC 4033 §5). */
export type Security = 'secure' | 'insecure' | 'bogus' | 'indeterminate';

export interface Progress {
  /** Machine-readable: "dnssec", "mx", "tlsa", "address", "smtp", "done". */
  stage: string;
  /** For people. */
  detail: string;
  steps_done: number;
  /** Grows as the check discovers more work. */
  steps_known: number;
}

export interface RunOptions {
  /** Cancels the run: rejects with DaneelError 'aborted', closes every socket and request. */
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export interface VerdictFields {
  security: Security;
  /** A machine-readable reason ("none" when secure), e.g. "signature_invalid", "no_ds_proven". */
  reason: string;
  /** The RFC 8914 Extended DNS Error INFO-CODE for the reason. */
  ede: number;
  detail: string;
}

export interface ResolveResult extends VerdictFields {
  name: string;
  type: string;
  kind: 'answer' | 'nodata' | 'nxdomain' | 'failed';
  /** The owner of the answer after any CNAME/DNAME chain (absolute, with the dot). */
  final_name: string;
  ttl?: number;
  /** The records' RDATA in presentation format, e.g. "10 mx.example.nl.". */
  records: string[];
  /** RRSIGs checked on the final data and its proof. */
  signatures: number;
  chain: Array<VerdictFields & { type: string; owner: string; target: string; zone: string }>;
  /** Every name on the walked path from the trust anchor, top down. */
  zones: Array<VerdictFields & { name: string; cut: string }>;
  /** When a query failed: "timeout", "servfail", "transport_error", ... */
  query_outcome?: string;
  query_detail?: string;
  /** A multi-line explanation for people. */
  explanation: string;
}

export interface SmtpConnection {
  send(bytes: Uint8Array): void;
  close(): void;
}

/** Who ended a connection; the report blames the mail server only for the server_* causes. */
export type CloseCause =
  | 'server_closed' | 'server_reset' | 'server_silent'
  | 'relay_refused' | 'relay_cap' | 'relay_failed'
  | 'local_network';

export interface CloseReason {
  cause: CloseCause;
  /** The relay's WebSocket close code; 0 when no relay said anything. */
  relayCode: number;
  /** For people. */
  detail: string;
}

export interface SmtpTransport {
  open(
    destination: { address: string; port: number },
    handlers: {
      onConnected(): void;
      onConnectFailed(reason: CloseReason): void;
      onData(bytes: Uint8Array): void;
      onClosed(reason: CloseReason): void;
    },
  ): SmtpConnection;
}

export interface CheckerOptions {
  /** DoH server URLs (RFC 8484), most preferred first; default DEFAULT_DOH_SERVERS. */
  doh?: string[];
  /** DS/DNSKEY presentation lines to anchor the chain of trust; default: the root's KSKs. */
  trustAnchors?: string;
  /** WebSocket relay URL for SMTP (required in browsers; in Node it replaces node:net). */
  proxy?: string;
  /**
   * The clock in ms since the epoch (default Date.now), or a fixed moment to
   * judge at (signature and certificate validity): the clock starts there and runs on.
   */
  now?: (() => number) | Date | number;
  /**
   * The language of the report's texts (default "en"). createChecker reads its
   * message catalogue, dist/messages/<lang>.json, before it resolves (Node:
   * from the package; browsers: fetched beside dist/daneel.browser.mjs, so a
   * site that hosts the package serves dist/messages/ too); it rejects with
   * 'internal' when the file cannot be read.
   */
  lang?: 'en' | 'nl';
  /** One DoH exchange (default 4000 ms); the core fails over to the next server after it. */
  dohTimeoutMs?: number;
  /** DoH attempts per query across servers (default 3, at most 8). */
  dohMaxAttempts?: number;
  /** TCP / relay connect timeout (default: the core's, buildInfo().connect_timeout_ms, 10 s). */
  connectTimeoutMs?: number;
  /**
   * check(): SMTP sessions at once (1-64; default 8, or 2 through a relay: daneel-proxy's
   * public per-client limit, RELAY_SESSION_LIMITS).
   */
  maxConnections?: number;
  /**
   * check(): SMTP sessions at once to one address (1-2; default 2, the probe without SNI
   * beside its address's probe, or 1 through a relay: its per-destination limit).
   */
  maxPerAddress?: number;
  /**
   * check() with TLS grading, and verify(): the root store (PEM certificates, at most 4 MiB)
   * the cert_trust subtest validates the server's chain against. Node: default Node's
   * bundled Mozilla roots (tls.rootCertificates); the browser: none. null: none (cert_trust
   * is then not tested, reason no_root_store).
   */
  rootStore?: string | null;
  /** check(): the EHLO name (default "daneel.invalid"). */
  ehloName?: string;
  /** check(): one timeout for every SMTP step (greeting, EHLO, STARTTLS, TLS handshake). */
  smtpTimeoutMs?: number;
  /** check(): the core's deadline for the whole check (default 60 s); a complete report of what is known is returned. */
  checkDeadlineMs?: number;
  /**
   * check(): also probe each DANE host's first address without SNI, to see whether its
   * certificate depends on SNI (subtest sni_dependence; default true, one extra connection per DANE host).
   */
  probeWithoutSni?: boolean;
  /**
   * check(): grade each address's TLS by the NCSC guidelines (docs/TLS_GRADING.md; the report's
   * per-address `grading`). Default: true for direct checks, false through a relay (`proxy`).
   */
  grading?: boolean;
  /** check(): the grading's connection budget per address, the check's own included (1-16, default 6). */
  maxConnectionsPerAddress?: number;
  /** Bound on one resolve or check in the driver (default 120 s): rejects with DaneelError 'timeout'. */
  maxRunMs?: number;
  /** A fetch implementation (default globalThis.fetch). */
  fetch?: typeof fetch;
  /** A WebSocket class for `proxy` where the platform has none (Node 20: the `ws` package). */
  WebSocket?: unknown;
  /** A transport of your own for SMTP bytes. */
  transport?: SmtpTransport;
  /**
   * One DoH response cache for every check of this checker (batch mode's shared
   * work, docs/MEASURING.md): each answer kept for its TTL, at most maxAgeMs,
   * at most maxEntries answers. Every check still validates every answer.
   */
  dnsCache?: { maxEntries?: number; maxAgeMs?: number };
}

/** An MX host address's probe, as a key: the host, the address and whether SNI was sent. */
export interface ProbeTarget {
  host: string;
  address: string;
  sni: boolean;
}

/** A store of probes made by earlier checks (core/src/capi/share_capi.h): createProbeStore(). */
export interface ProbeStore {
  readonly handle: number;
  /** Adds the entries of reports' evidence.probes; throws past the store's bounds (4096 probes, 64 MiB). */
  put(probes: unknown[]): number;
  /** Removes probes; returns how many were kept. */
  erase(targets: ProbeTarget[]): number;
  free(): void;
}

export interface CheckOptions extends RunOptions {
  /** Probes this store holds are taken from it instead of connecting; the others run live. */
  probeStore?: ProbeStore;
  /** Hears which probes the check took from the store (with probeStore). */
  onSharedProbes?: (taken: ProbeTarget[]) => void;
}

export interface Subtest {
  status: 'passed' | 'failed' | 'warning' | 'info' | 'not_tested' | string;
  code: string;
  text: string;
}

/** The report's words for scripts (docs/CHECK.md, "Summary for scripts"). */
export interface ReportSummary {
  dane: 'pass' | 'partial' | 'fail' | 'none' | 'bogus' | 'no_mail' | 'error';
  dnssec: Security;
  starttls: 'all' | 'some' | 'none' | 'not_tested';
  /** The domain's TLS by the NCSC guidelines (schema 1.5; absent in older reports). */
  tls_ncsc?: 'meets' | 'phase_out' | 'insufficient' | 'not_tested' | 'not_graded';
}

/** The check report (core/src/check/report.h, docs/CHECK.md); the main fields. */
export interface CheckReport {
  summary: ReportSummary;
  input: string;
  domain: string;
  domain_unicode: string;
  /** "pass", "fail", "error", ... */
  verdict: string;
  outcome: { code: string; text: string };
  subtests: Record<string, Subtest>;
  warnings: unknown[];
  mx: unknown;
  hosts: unknown[];
  /** The trust anchors the check was judged with (schema 1.2). */
  trust_anchors: TrustAnchorKey[];
  /** What the check consumed, for verify (docs/CHECK.md, "Evidence and verify"). */
  evidence: Evidence;
  [field: string]: unknown;
}

export interface Checker {
  /** Resolves (name, type) over DoH and validates it with DNSSEC. */
  resolve(name: string, type: string, options?: RunOptions): Promise<ResolveResult>;
  /**
   * The STARTTLS + DANE check of a mail domain (RFC 7672). A bad domain gives a
   * report with verdict "error"; only bad options, cancellation and the run bound reject.
   */
  check(domain: string, options?: CheckOptions): Promise<CheckReport>;
  /** A store of probes to share between checks (batch mode): see CheckOptions.probeStore. */
  createProbeStore(): ProbeStore;
  /** The DoH cache's counts, or null without the dnsCache option. */
  dnsCacheStats(): { hits: number; joined: number; misses: number; stored: number; evicted: number; size: number } | null;
  /**
   * Re-judges a report from its evidence alone, offline, for the time it was
   * made (same trust anchors as this checker). Rejects with 'invalid_argument'
   * when `report` is not a report; a report without (complete) evidence gives
   * ok false and `cannot_verify`. The replay speaks the report's language: its
   * catalogue is read first if this checker speaks another. When the report
   * was judged with other trust anchors, `trust_anchors_differ` says so, in
   * this checker's `lang` if one was given, else in the report's.
   */
  verify(report: CheckReport | string, options?: { signal?: AbortSignal }): Promise<VerifyResult>;
  /** Check sessions alive in the wasm module (0 when idle). */
  sessions(): number;
  /** Bytes of wasm linear memory reserved so far. */
  memoryBytes(): number;
  /** Bytes of the wasm heap allocated and not freed (back where it was when idle): for leak checks. */
  heapInUse(): number;
}

/** A check's evidence: the DoH answers and probe results it consumed. */
export interface Evidence {
  /** The check's start (ms since the epoch): verify judges signatures and certificates at this moment. */
  time: number;
  /** False when a bound was hit (then verify cannot verify); incomplete_reason says which. */
  complete: boolean;
  incomplete_reason: string;
  /** Each DoH answer as the DNS message received (base64), by question. */
  dns: Array<{ qname: string; qtype: string; /** ms after `time` */ at: number; wire: string }>;
  probes: Array<{
    host: string;
    address: string;
    connected: boolean;
    connect_error: string;
    /** null when no SMTP session ran to its end. */
    smtp: null | {
      outcome: string;
      phase: string;
      detail: string;
      replies: Array<{ code: number; lines: string[]; phase: string; over_tls: boolean }>;
      /** null without a completed TLS handshake; chain: DER certificates (base64), leaf first. */
      tls: null | { version: string; cipher_suite: number; cipher: string; group: number; group_name: string; chain: string[] };
    };
  }>;
}

/** One verdict that the replay of the evidence does not reproduce. */
export interface VerifyDifference {
  /** e.g. "verdict", "subtests.dane_valid.status", "hosts[0].addresses[1].outcome.code". */
  path: string;
  /** The value in the given report (JSON text for non-strings; "(absent)"). */
  report: string;
  /** The value the replay gives. */
  verify: string;
}

/** One trust anchor record: which key a check was anchored to. */
export interface TrustAnchorKey {
  /** "." for the root. */
  owner: string;
  type: 'DS' | 'DNSKEY';
  key_tag: number;
  algorithm: number;
  /** null for a DNSKEY anchor. */
  digest_type: number | null;
}

export interface VerifyResult {
  /** The evidence is complete and every verdict is reproduced. */
  ok: boolean;
  /**
   * The report names other trust anchors (key tags) than this checker's: said
   * first, because every difference then follows from the anchors alone.
   * params: {report, verify}, the two sets of key tags. null otherwise.
   */
  trust_anchors_differ: null | { code: 'verify_trust_anchors_differ'; params: { report: string; verify: string }; text: string; fix: string };
  /** Both sets of anchors; report is null for a report from before schema 1.2. */
  trust_anchors: { report: TrustAnchorKey[] | null; verify: TrustAnchorKey[] };
  /** Set when the report carries no evidence or incomplete evidence (a bound was hit). */
  cannot_verify?: string;
  differences: VerifyDifference[];
  /** Questions ("<name> <TYPE>") the replay asked that the evidence does not answer (they stayed unanswered). */
  unanswered: string[];
  /**
   * Verified without a root store (`rootStore: null`, a browser): the report's
   * cert_trust paths, which only a root store can replay; not differences.
   */
  not_replayed?: { path: string; reason: 'no_root_store' }[];
  /** The replayed check's report (null when it could not run). */
  report: CheckReport | null;
}

export function createChecker(options?: CheckerOptions): Promise<Checker>;

/** The public DoH servers used when `doh` is not given (docs/WASM.md). */
export const DEFAULT_DOH_SERVERS: readonly string[];

/** The relay's WebSocket close codes and the error words they map to. */
export const RELAY_CLOSE_CODES: Readonly<Record<number, { code: string; message: string; cause: CloseCause }>>;
