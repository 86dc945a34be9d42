// The NSEC3 hash of a name (RFC 5155 §5): IH(0) = H(owner name in canonical
// wire form || salt), IH(k) = H(IH(k-1) || salt), for `iterations` extra
// rounds. SHA-1 (algorithm 1, RFC 5155 §11) is the only algorithm assigned.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "dns/name.h"
#include "dns/rdata.h"
#include "util/bytes.h"
#include "util/result.h"

namespace daneel::dnssec {

inline constexpr std::uint8_t kNsec3Sha1 = 1;     // RFC 5155 §11: the hash algorithm registry
inline constexpr std::size_t kNsec3HashSize = 20;  // SHA-1 output
using Nsec3Hash = std::array<std::uint8_t, kNsec3HashSize>;

// The parameters that decide a hash; NSEC3 records with equal parameters
// belong to the same chain.
struct Nsec3Params {
  std::uint8_t algorithm = kNsec3Sha1;
  std::uint16_t iterations = 0;
  Bytes salt;
  static Nsec3Params of(const dns::Nsec3& record) { return {record.hash_algorithm, record.iterations, record.salt}; }
  friend bool operator==(const Nsec3Params&, const Nsec3Params&) = default;
};

// Computes the hash. Costs iterations + 1 SHA-1 runs: callers bound the
// iterations (RFC 9276 §3.2) and count calls against a Budget before calling.
// Fails only for an algorithm other than SHA-1.
Result<Nsec3Hash> nsec3_hash(const dns::Name& name, const Nsec3Params& params);

}  // namespace daneel::dnssec
