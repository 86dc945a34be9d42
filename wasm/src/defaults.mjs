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

// The report's languages and the default connect and DoH timeouts are not
// here: the module knows them (its build info; api.mjs reads them), and the
// WebSocket transport is made for the check's connect timeout.
