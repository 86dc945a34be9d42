#include "crypto/rsa_pkcs1_verify.h"

#include <algorithm>
#include <array>
#include <cstddef>

#include "crypto/rsa_public_operation.h"

namespace daneel::crypto {

namespace {

// DER of DigestInfo up to the digest octets (RFC 8017 §9.2, Notes 1): the
// SEQUENCE, the AlgorithmIdentifier with its NULL parameters, the OCTET STRING
// header. Written out here, not taken from a DER library, so the comparison
// below accepts exactly these encodings.
constexpr std::array<std::uint8_t, 15> kSha1Prefix{0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                                   0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
constexpr std::array<std::uint8_t, 19> kSha256Prefix{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                     0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                     0x01, 0x05, 0x00, 0x04, 0x20};
constexpr std::array<std::uint8_t, 19> kSha512Prefix{0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                     0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                     0x03, 0x05, 0x00, 0x04, 0x40};

struct HashEncoding {
  std::span<const std::uint8_t> prefix;
  std::size_t digest_size;
};

HashEncoding encoding_of(RsaPkcs1Hash hash) {
  switch (hash) {
    case RsaPkcs1Hash::sha1:
      return {kSha1Prefix, 20};
    case RsaPkcs1Hash::sha256:
      return {kSha256Prefix, 32};
    case RsaPkcs1Hash::sha512:
      return {kSha512Prefix, 64};
  }
  return {kSha256Prefix, 32};
}

}  // namespace

bool rsa_pkcs1_v15_verify(RsaPkcs1Hash hash, std::span<const std::uint8_t> digest,
                          std::span<const std::uint8_t> modulus, std::span<const std::uint8_t> exponent,
                          std::span<const std::uint8_t> signature) noexcept {
  const HashEncoding encoding = encoding_of(hash);
  if (digest.size() != encoding.digest_size) return false;
  // RFC 8017 §8.2.2 step 1: the signature is exactly k octets long.
  const std::size_t k = modulus.size();
  if (signature.size() != k || k > rsa_max_modulus_octets) return false;
  // RFC 8017 §9.2 step 3: at least 8 octets of 0xFF padding.
  const std::size_t t_len = encoding.prefix.size() + digest.size();
  if (k < t_len + 11) return false;

  // Step 2: m = s^e mod n as k octets (refuses s >= n).
  std::array<std::uint8_t, rsa_max_modulus_octets> em{};
  if (!rsa_public_operation(modulus, exponent, signature, std::span(em).first(k))) return false;

  // Step 3: EM' = 0x00 || 0x01 || PS (0xFF...) || 0x00 || T.
  std::array<std::uint8_t, rsa_max_modulus_octets> expected{};
  expected[0] = 0x00;
  expected[1] = 0x01;
  const std::size_t t_at = k - t_len;
  std::fill(expected.begin() + 2, expected.begin() + static_cast<std::ptrdiff_t>(t_at - 1),
            std::uint8_t{0xff});
  expected[t_at - 1] = 0x00;
  std::copy(encoding.prefix.begin(), encoding.prefix.end(),
            expected.begin() + static_cast<std::ptrdiff_t>(t_at));
  std::copy(digest.begin(), digest.end(),
            expected.begin() + static_cast<std::ptrdiff_t>(t_at + encoding.prefix.size()));

  // Step 4: compare in full (public data: no need for constant time).
  return std::equal(em.begin(), em.begin() + static_cast<std::ptrdiff_t>(k), expected.begin());
}

}  // namespace daneel::crypto
