// DNSKEY key tags (RFC 4034 App. B) and flag bits (RFC 4034 §2.1.1,
// RFC 5011 §3).
#pragma once

#include <cstdint>

#include "dns/rdata.h"

namespace daneel::dnssec {

namespace dnskey_flag {
inline constexpr std::uint16_t zone_key = 0x0100;  // bit 7: may verify zone data (RFC 4034 §2.1.1)
inline constexpr std::uint16_t revoke = 0x0080;    // bit 8: RFC 5011 §3
inline constexpr std::uint16_t sep = 0x0001;       // bit 15: secure entry point, a hint only (RFC 4034 §2.1.1)
}  // namespace dnskey_flag

// RFC 4034 §2.1.2: the protocol field must be 3, or the key is not a DNSSEC key.
inline constexpr std::uint8_t kDnskeyProtocol = 3;

// The key tag of a DNSKEY: the RFC 4034 App. B checksum over its RDATA, or for
// algorithm 1 (RSA/MD5) the two octets before the last one of the public key
// (App. B.1). The flags are part of the RDATA, so setting REVOKE changes the
// tag (RFC 5011 §3: 20326 becomes 20454).
std::uint16_t key_tag(const dns::Dnskey& key);

inline bool is_zone_key(const dns::Dnskey& key) { return (key.flags & dnskey_flag::zone_key) != 0; }
inline bool is_revoked(const dns::Dnskey& key) { return (key.flags & dnskey_flag::revoke) != 0; }
inline bool is_sep(const dns::Dnskey& key) { return (key.flags & dnskey_flag::sep) != 0; }

}  // namespace daneel::dnssec
