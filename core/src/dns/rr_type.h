// RR types and classes: numbers and mnemonics, both ways (one table each).
// Values without a mnemonic print as TYPEnnn / CLASSnnn and those forms are
// accepted for every value (RFC 3597 §5).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.h"

namespace daneel::dns {

// Any 16-bit value is a valid RrType; the named ones are those daneel knows.
enum class RrType : std::uint16_t {
  a = 1, ns = 2, cname = 5, soa = 6, ptr = 12, hinfo = 13, mx = 15, txt = 16, aaaa = 28, srv = 33,
  naptr = 35, dname = 39, opt = 41, ds = 43, sshfp = 44, rrsig = 46, nsec = 47, dnskey = 48, nsec3 = 50,
  nsec3param = 51, tlsa = 52, cds = 59, cdnskey = 60, svcb = 64, https = 65, ixfr = 251, axfr = 252,
  any = 255, caa = 257,
};

enum class RrClass : std::uint16_t { in = 1, ch = 3, hs = 4, none = 254, any = 255 };

// "A", "TLSA", or "TYPE65280" for a value without a mnemonic.
std::string to_string(RrType type);
// Case-insensitive mnemonic or TYPEnnn.
Result<RrType> rr_type_from_text(std::string_view text);

// "IN", or "CLASS42".
std::string to_string(RrClass rclass);
Result<RrClass> rr_class_from_text(std::string_view text);

// Types that only appear in questions or as pseudo-records (RFC 6895 §3.1:
// OPT and the QTYPE range 128-255), never as ordinary data.
constexpr bool is_meta_type(RrType type) {
  const auto value = static_cast<std::uint16_t>(type);
  return type == RrType::opt || (value >= 128 && value <= 255);
}

}  // namespace daneel::dns
