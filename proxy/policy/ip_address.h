// IP addresses and CIDR prefixes as the relay policy sees them: parsed from
// text by a strict parser (no names, no brackets, no zone ids, no leading
// zeros in IPv4 octets), stored as 16 bytes so one code path serves both
// families. Pure functions: no sockets, no resolver, no locale.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace daneel::proxy::policy {

enum class IpFamily : std::uint8_t { v4, v6 };

struct IpAddress {
  IpFamily family = IpFamily::v4;
  // Network byte order. IPv4 uses bytes[0..3]; the rest stays zero so that
  // equality and hashing need no special case.
  std::array<std::uint8_t, 16> bytes{};

  [[nodiscard]] std::size_t bit_length() const { return family == IpFamily::v4 ? 32 : 128; }
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// Parses an IPv4 dotted quad or an IPv6 literal (RFC 4291 §2.2, including
// "::" and a trailing dotted quad). Refused: host names, brackets, zone ids
// ("fe80::1%eth0"), ports, whitespace, IPv4 octets with leading zeros
// ("010.1.1.1": octal in inet_aton, decimal elsewhere, so ambiguous), short
// IPv4 forms ("127.1"), hex groups longer than four digits.
[[nodiscard]] std::optional<IpAddress> parse_ip(std::string_view text);

// Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run
// compressed, IPv4-mapped addresses as ::ffff:a.b.c.d).
[[nodiscard]] std::string to_string(const IpAddress& address);

// ::ffff:a.b.c.d becomes a.b.c.d; every other address is returned as it is.
// For keys only: the address filter judges the IPv6 form itself (denied).
[[nodiscard]] IpAddress unmap_ipv4(const IpAddress& address);

struct Cidr {
  IpAddress network;
  std::uint8_t prefix_length = 0;

  [[nodiscard]] bool contains(const IpAddress& address) const;
  friend bool operator==(const Cidr&, const Cidr&) = default;
};

// "10.0.0.0/8", "2001:db8::/32", or a bare address (a /32 or /128).
// Host bits must be zero ("10.0.0.1/8" is refused: in an operator's deny list
// it is almost always a typo, and silently widening it would hide that).
[[nodiscard]] std::optional<Cidr> parse_cidr(std::string_view text);

[[nodiscard]] std::string to_string(const Cidr& cidr);

// Sets every bit after the first `prefix_length` bits to zero.
[[nodiscard]] IpAddress mask(const IpAddress& address, std::size_t prefix_length);

// A hash for tables keyed by address. With a secret per-process seed a client
// cannot pick addresses that pile up in one bucket (the tables are bounded in
// size anyway, so a collision costs time, never memory).
[[nodiscard]] std::uint64_t hash_ip(const IpAddress& address, std::uint64_t seed);

}  // namespace daneel::proxy::policy
