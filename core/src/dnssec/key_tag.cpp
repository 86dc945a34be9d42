#include "dnssec/key_tag.h"

#include "dnssec/algorithms.h"

namespace daneel::dnssec {

std::uint16_t key_tag(const dns::Dnskey& key) {
  if (key.algorithm == algorithm::rsamd5) {
    // RFC 4034 App. B.1: "the most significant 16 bits of the least significant
    // 24 bits of the public key modulus", i.e. the third- and second-to-last
    // octets of the public key field.
    const Bytes& k = key.public_key;
    if (k.size() < 3) return 0;
    return static_cast<std::uint16_t>((k[k.size() - 3] << 8) | k[k.size() - 2]);
  }
  // RFC 4034 App. B: sum the RDATA as 16-bit big-endian words (odd octet
  // positions are the low byte), fold the carry once, keep 16 bits. The RDATA
  // is at most 65535 octets, so a 32-bit sum cannot overflow.
  const Bytes rdata = dns::rdata_to_wire(key);
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < rdata.size(); ++i) {
    sum += (i & 1) != 0 ? rdata[i] : static_cast<std::uint32_t>(rdata[i]) << 8;
  }
  sum += (sum >> 16) & 0xffff;
  return static_cast<std::uint16_t>(sum & 0xffff);
}

}  // namespace daneel::dnssec
