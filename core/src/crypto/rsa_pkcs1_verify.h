// RSASSA-PKCS1-v1_5 signature verification (RFC 8017 §8.2.2), as DNSSEC's RSA
// algorithms use it (RFC 3110 §3, RFC 5702 §3). Shared by the native and the
// wasm build: only the public operation underneath differs
// (crypto/rsa_public_operation.h).
#pragma once

#include <cstdint>
#include <span>

namespace daneel::crypto {

enum class RsaPkcs1Hash : std::uint8_t { sha1, sha256, sha512 };

// True only if `signature` is a PKCS#1 v1.5 signature of the message whose
// `hash` digest is `digest`, under the public key (modulus, exponent). As
// RFC 8017 §8.2.2 recommends, the expected encoded message
// 0x00 0x01 FF..FF 0x00 DigestInfo(hash, digest) is built and compared with
// s^e mod n in full, so no parser can be lenient about the padding or the
// DigestInfo. False for: a digest of the wrong length, a signature not exactly
// as long as the modulus or not below it, a modulus too short for the
// encoding, or any input rsa_public_operation() refuses.
[[nodiscard]] bool rsa_pkcs1_v15_verify(RsaPkcs1Hash hash, std::span<const std::uint8_t> digest,
                                        std::span<const std::uint8_t> modulus,
                                        std::span<const std::uint8_t> exponent,
                                        std::span<const std::uint8_t> signature) noexcept;

}  // namespace daneel::crypto
