// DNS verification of relay destinations (issue 14 item 2): for
// ?domain=D&mx=H&ip=A the proxy asks its configured resolver, through the
// core's query engine (dns::QueryEngine: fail-over, per-attempt timeouts,
// answer classification) and the native DoH exchange
// (drivers/native/doh_exchange.h), for D's MX and H's A and AAAA RRsets at
// once, and judges them with policy/destination_check.h.
//
// Why DoH and not plain DNS: the query engine speaks DoH only, and the native
// driver already carries its requests over HTTP/1.1 (plain on loopback, or
// TLS); plain DNS would need a new UDP/TCP transport with its own spoofing
// defences. A deployment points --resolver at a DoH endpoint of a resolver it
// runs (dnsdist or unbound on loopback, docs/DEPLOYING.md).
//
// Bounds: one lookup per distinct (D, H) in flight, shared by every relay
// request for that pair that arrives meanwhile (at most kMaxWaiters each);
// at most max_lookups lookups at once (then dns_busy); each lookup ends by
// the configured timeout; DoH bodies are capped (kMaxResponse); answers are
// cached by TTL in the core's AnswerCache (cache_entries, cache_max_ttl), so
// a cache entry holds one parsed answer of at most kMaxResponse octets.
#pragma once

#include <memory>

#include "destination_verifier.h"
#include "relay_config.h"

namespace daneel::proxy {

// A DoH response body larger than this fails the lookup (dns_bad_answer or
// dns_unreachable): an MX or address answer with its RRSIGs takes a few
// hundred octets.
inline constexpr std::size_t kMaxDohResponse = 16 * 1024;
// Relay requests waiting for one (D, H) lookup; more get dns_busy.
inline constexpr std::size_t kMaxWaiters = 256;

// `config` must hold at least one resolver that config.cpp accepted.
[[nodiscard]] std::unique_ptr<DestinationVerifier> make_dns_verifier(const DnsVerifierConfig& config);

}  // namespace daneel::proxy
