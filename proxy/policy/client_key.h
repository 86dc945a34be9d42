// Who a client is, for the admission limits (checklist B6).
//
// IPv4: the address. IPv6: the /64, because one subscriber usually holds a
// whole /64 (often far more) and could otherwise rotate through 2^64 keys.
// X-Forwarded-For is trusted only when the TCP peer is one of the operator's
// own front proxies; from anyone else it is a client-written header and is
// ignored (a spoofed header must not buy a fresh set of limits).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "policy/ip_address.h"

namespace daneel::proxy::policy {

struct ClientKey {
  // IPv4 address, or the IPv6 address with its last 64 bits zero.
  IpAddress prefix;
  friend bool operator==(const ClientKey&, const ClientKey&) = default;
};

// Where the key came from (for tests and logs; the key itself is what counts).
enum class ClientKeySource : std::uint8_t {
  peer,                    // the socket peer; no trusted front proxy involved
  forwarded_for,           // the right-most X-Forwarded-For entry that is not a front proxy
  peer_malformed_forward,  // the peer is a front proxy but its header was unusable
};

struct ClientKeyResult {
  ClientKey key;
  ClientKeySource source = ClientKeySource::peer;
};

// The key of one address: IPv4-mapped IPv6 counts as IPv4, IPv6 per /64.
[[nodiscard]] ClientKey key_of(const IpAddress& address);

struct ClientKeyConfig {
  // The operator's front proxies (load balancer, TLS terminator). Empty: the
  // header is never read.
  std::vector<Cidr> trusted_proxies;
};

// At most this many X-Forwarded-For entries are looked at, from the right.
// Each trusted hop adds one; a longer chain of trusted proxies is a
// misconfiguration, and the peer is used instead.
inline constexpr std::size_t kMaxForwardedHops = 16;

// `forwarded_for` holds the values of every X-Forwarded-For header field in
// the order received (several fields are one comma-separated list, RFC 9110
// §5.3). Entries are bare IP literals; anything else (ports, brackets,
// "unknown", obfuscated identifiers) makes the header unusable.
//
// Walking from the right, entries that are trusted proxies are skipped; the
// first entry that is not one is the client. Entries further left were written
// by the client itself and are never read. If every entry is a trusted proxy,
// the left-most one is the client.
[[nodiscard]] ClientKeyResult client_key(const IpAddress& peer,
                                         std::span<const std::string_view> forwarded_for,
                                         const ClientKeyConfig& config);

// For hash tables; the seed should be random per process (see hash_ip).
struct ClientKeyHash {
  std::uint64_t seed = 0;
  std::size_t operator()(const ClientKey& key) const;
};

}  // namespace daneel::proxy::policy
