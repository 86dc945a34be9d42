// Whether a request's Accept-Encoding (RFC 9110 §12.5.3) allows a gzip
// response. The proxy serves a precompressed X.gz for X only then; identity
// is always acceptable to the proxy's clients, so every doubt means "no".
//
// Rules: "gzip" (or its alias "x-gzip", §8.4.1.3) with a weight above 0
// allows it, with q=0 refuses it even when "*" is also listed; otherwise "*"
// with a weight above 0 allows it. An absent or empty field, a malformed
// member or weight, or a field over the bounds (kMaxAcceptEncodingField
// octets, kMaxAcceptEncodingMembers members) means no gzip.
#pragma once

#include <cstddef>
#include <string_view>

namespace daneel::proxy::policy {

inline constexpr std::size_t kMaxAcceptEncodingField = 1024;
inline constexpr std::size_t kMaxAcceptEncodingMembers = 32;

[[nodiscard]] bool accepts_gzip(std::string_view field);

}  // namespace daneel::proxy::policy
