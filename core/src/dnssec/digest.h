// One-shot message digests for DNSSEC: DS digests (RFC 4034 §5.1.4, RFC 4509,
// RFC 6605 §2), the hash inside RSA/ECDSA signatures, and NSEC3 hashing
// (RFC 5155 §5, SHA-1). Backed by Mbed TLS; the only place dnssec hashes.
#pragma once

#include <cstdint>

#include "util/bytes.h"

namespace daneel::dnssec {

enum class DigestAlgorithm : std::uint8_t { sha1, sha256, sha384, sha512 };

// Output size in octets (20, 32, 48, 64).
std::size_t digest_size(DigestAlgorithm algorithm);

// The digest of `data`. Mbed TLS's one-shot functions cannot fail for these
// inputs; a failure would be a broken build and aborts (util/result.h fatal).
Bytes digest(DigestAlgorithm algorithm, ByteView data);

}  // namespace daneel::dnssec
