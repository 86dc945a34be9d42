#include "dnssec/digest.h"

#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "util/result.h"

namespace daneel::dnssec {

std::size_t digest_size(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::sha1: return 20;
    case DigestAlgorithm::sha256: return 32;
    case DigestAlgorithm::sha384: return 48;
    case DigestAlgorithm::sha512: return 64;
  }
  return 0;
}

Bytes digest(DigestAlgorithm algorithm, ByteView data) {
  // Mbed TLS reads `data` only when its length is non-zero; never hand it a
  // null pointer (an empty span may carry one).
  static const std::uint8_t empty = 0;
  const unsigned char* input = data.empty() ? &empty : data.data();
  Bytes out(digest_size(algorithm));
  int rc = -1;
  switch (algorithm) {
    case DigestAlgorithm::sha1: rc = mbedtls_sha1(input, data.size(), out.data()); break;
    case DigestAlgorithm::sha256: rc = mbedtls_sha256(input, data.size(), out.data(), 0); break;
    case DigestAlgorithm::sha384: rc = mbedtls_sha512(input, data.size(), out.data(), 1); break;
    case DigestAlgorithm::sha512: rc = mbedtls_sha512(input, data.size(), out.data(), 0); break;
  }
  if (rc != 0) fatal("dnssec digest: Mbed TLS hash failed (is the hash enabled in daneel_mbedtls_config.h?)");
  return out;
}

}  // namespace daneel::dnssec
