// IP address text forms used in A/AAAA RDATA and SVCB hints.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.h"

namespace daneel::dns {

using Ipv4 = std::array<std::uint8_t, 4>;
using Ipv6 = std::array<std::uint8_t, 16>;

// Dotted quad; parsing refuses leading zeros ("010" would be octal to some tools).
std::string ipv4_to_text(const Ipv4& address);
Result<Ipv4> ipv4_from_text(std::string_view text);

// RFC 5952 §4: lowercase, no leading zeros, the longest run of two or more zero
// groups (the first on a tie) as "::"; IPv4-mapped and IPv4-compatible
// addresses end in dotted quad, as inet_ntop prints them.
std::string ipv6_to_text(const Ipv6& address);
// RFC 4291 §2.2 text forms, including "::" and a trailing dotted quad.
Result<Ipv6> ipv6_from_text(std::string_view text);

}  // namespace daneel::dns
