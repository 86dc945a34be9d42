// The same-origin DoH endpoint's requests (issue 14 item 5, RFC 8484 §4.1):
// the DNS query from `GET /dns-query?dns=<base64url>` or a POST body, checked
// before anything is forwarded to the resolver: at most kMaxDohQuery octets,
// a well-formed DNS message (the core's strict parser) that is a standard
// QUERY (QR clear, opcode QUERY, one question, no answer or authority
// records). Pure: no sockets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "util/bytes.h"

namespace daneel::proxy::policy {

// A query with EDNS options is well under 512 octets; RFC 8484 has no
// smaller bound, and a larger "query" is only a way to make the proxy carry bytes.
inline constexpr std::size_t kMaxDohQuery = 512;

enum class DohQueryProblem : std::uint8_t {
  bad_query_string,  // no `dns` parameter, or more than one, or a bad percent escape
  bad_base64,        // not base64url without padding
  too_large,         // over kMaxDohQuery octets
  malformed,         // not a DNS message
  not_a_query,       // QR set, another opcode, not one question, or answer/authority records
};
[[nodiscard]] std::string_view to_string(DohQueryProblem problem);

using DohQuery = std::variant<Bytes, DohQueryProblem>;

// The `dns` parameter of a request target ("/dns-query?dns=...&other=..."):
// exactly one, other parameters ignored (RFC 8484 §4.1 allows them).
[[nodiscard]] DohQuery query_from_target(std::string_view target);
// A POST body (its media type is the caller's to check).
[[nodiscard]] DohQuery query_from_body(ByteView body);

}  // namespace daneel::proxy::policy
