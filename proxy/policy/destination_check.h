// Proxy-security.md A2-A3: does the relay's destination belong together?
// H must be in D's MX RRset (D itself when D has no MX; a null MX refuses),
// and A must be one of H's addresses. Pure judgements over DNS answers the
// proxy's own resolver gave (dns::QueryResult from the core's query engine):
// no sockets, no clock. The asynchronous part (asking the resolver, the cache,
// coalescing) is proxy/src/dns_verifier.
//
// The proxy does not validate DNSSEC here: the answers come from the
// operator's own resolver, and the check is an anti-abuse bound (the relay
// only ever connects to a published mail server's address), not a security
// verdict; the browser's check validates everything itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dns/message.h"
#include "dns/name.h"
#include "dns/query_engine.h"
#include "dns/rr_type.h"
#include "policy/ip_address.h"

namespace daneel::proxy::policy {

// A CNAME chain longer than this in one answer is not followed (resolvers
// stop well before; unbound at 11 including the query name).
inline constexpr std::size_t kMaxCnameChain = 8;
// An MX RRset or address RRset larger than this is judged on its first
// records only (a real one holds a handful).
inline constexpr std::size_t kMaxRrsetRecords = 64;

// What the DNS says about the host being a mail server of the domain.
enum class MxJudgement : std::uint8_t {
  listed,            // H is in D's MX RRset
  implicit,          // D has no MX and H is D (RFC 5321 §5.1)
  not_listed,        // D has MX records and H is not one of them; or D has none and H is not D
  null_mx,           // D's MX RRset is only "." (RFC 7505): D takes no mail
  domain_not_found,  // NXDOMAIN for D
  resolver_failed,   // no DNS answer (timeout, SERVFAIL, transport, malformed, ...)
};
[[nodiscard]] std::string_view to_string(MxJudgement judgement);
[[nodiscard]] constexpr bool is_mail_host(MxJudgement j) {
  return j == MxJudgement::listed || j == MxJudgement::implicit;
}

// What the DNS says about the address being one of the host's.
enum class AddressJudgement : std::uint8_t {
  listed,           // A is in H's A (IPv4) or AAAA (IPv6) RRset
  not_listed,       // H has addresses of A's family, or none, and A is not one of them
  host_not_found,   // NXDOMAIN for H
  resolver_failed,  // no DNS answer for the query of A's family
};
[[nodiscard]] std::string_view to_string(AddressJudgement judgement);

// The records of `type` that answer `name` in `answers`, following a CNAME
// chain from `name` (at most kMaxCnameChain links; a loop ends the walk).
// At most kMaxRrsetRecords records.
[[nodiscard]] std::vector<const dns::Record*> records_at_chain_end(std::span<const dns::Record> answers,
                                                                   const dns::Name& name, dns::RrType type);

// `mx` is the result of (domain, MX).
[[nodiscard]] MxJudgement judge_mx(const dns::Name& domain, const dns::Name& host, const dns::QueryResult& mx);

// `same_family` is the result of (host, A) for an IPv4 address, (host, AAAA)
// for an IPv6 one.
[[nodiscard]] AddressJudgement judge_address(const dns::Name& host, const IpAddress& address,
                                             const dns::QueryResult& same_family);

}  // namespace daneel::proxy::policy
