// SHA-2 digests for TLSA matching types 1 and 2 (RFC 6698 §2.1.3) and for the
// fingerprints in reports.
#pragma once

#include <cstddef>
#include <cstdint>

#include "util/bytes.h"

namespace daneel::dane {

// TLSA matching types (RFC 6698 §2.1.3, RFC 7218 acronyms).
enum class MatchingType : std::uint8_t { full = 0, sha2_256 = 1, sha2_512 = 2 };

inline constexpr std::size_t kSha256Size = 32;
inline constexpr std::size_t kSha512Size = 64;

Bytes sha256(ByteView data);
Bytes sha512(ByteView data);

// The certificate association data a record of `matching` would carry for the
// selected bytes: the bytes themselves (Full) or their digest.
Bytes association_data(ByteView selected, MatchingType matching);

}  // namespace daneel::dane
