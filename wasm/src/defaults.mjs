// Defaults for real-world use. Tests never rely on them: they always pass the
// test world's DoH endpoint and trust anchor.

// Public DoH servers (RFC 8484) that answer with DNSSEC records when asked
// (DO bit) and accept POST; the core validates every answer itself, so these
// are transport only. Quad9 first (no query logging by policy), then
// Cloudflare and Google as fail-overs. Override with `doh: [...]`.
export const DEFAULT_DOH_SERVERS = Object.freeze([
  'https://dns.quad9.net/dns-query',
  'https://cloudflare-dns.com/dns-query',
  'https://dns.google/dns-query',
]);

// The report's languages are not listed here: the module knows them (the
// files core/messages/<lang>.json, in its build info; api.mjs reads them).

// How long a connection to a mail server may take to open, in ms: the
// check's connect_timeout_ms (the core enforces it), and what the WebSocket
// transport derives its wait for the relay from. Always passed to the core,
// so JS checks have this one value.
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
