// The RSA public operation m = s^e mod n (RFC 8017 §5.2.2, RSAVP1), the only
// arithmetic a DNSSEC RSA signature check needs. It handles no secrets, so it
// need not run in constant time, and each build takes its fastest route:
//   native: Mbed TLS's RSA public operation (64-bit limbs, assembly);
//   wasm:   the JavaScript engine's BigInt, through an EM_JS function in the
//           Emscripten glue. wasm32 has no 64x64->128-bit multiply, so Mbed TLS's
//           32-bit-limb C arithmetic is 7-8x slower there than natively.
// Everything around it (key rules, s < n, the PKCS#1 v1.5 encoding and the
// comparison) is shared C++ (crypto/rsa_pkcs1_verify.h), so both builds judge
// every input alike; the unit tests pin the two routes to the same results.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace daneel::crypto {

// Bounds on the work of one call: a 4096-bit modulus and a 64-bit exponent
// (the DNSSEC key rules in dnssec/algorithms.h are the same or tighter).
inline constexpr std::size_t rsa_max_modulus_octets = 512;
inline constexpr std::size_t rsa_max_exponent_octets = 8;

// Writes s^e mod n into `out` as a big-endian integer exactly as long as
// `modulus`. Returns false, without computing, unless: the modulus is odd, at
// most rsa_max_modulus_octets long, without a leading zero octet; the exponent
// is 1..rsa_max_exponent_octets octets without a leading zero octet; the
// signature and `out` are as long as the modulus; signature < modulus (RFC 8017
// §5.2.2 step 1). Both implementations give the same octets for every input
// that passes (`out` is unspecified after false).
[[nodiscard]] bool rsa_public_operation(std::span<const std::uint8_t> modulus,
                                        std::span<const std::uint8_t> exponent,
                                        std::span<const std::uint8_t> signature,
                                        std::span<std::uint8_t> out) noexcept;

}  // namespace daneel::crypto
