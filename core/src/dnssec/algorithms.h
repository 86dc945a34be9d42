// DNSKEY algorithms (RFC 4034 App. A.1 and the IANA registry): which ones
// daneel validates, the policy that may switch some off, and the one function
// that checks a signature's cryptography.
//
// Supported (RFC 9904 §3.1 "MUST"/"RECOMMENDED" for validation):
//   5 RSASHA1, 7 RSASHA1-NSEC3-SHA1 (RFC 3110, RFC 5155 §2), 8 RSASHA256,
//   10 RSASHA512 (RFC 5702), 13 ECDSAP256SHA256, 14 ECDSAP384SHA384 (RFC 6605),
//   15 ED25519 (RFC 8080).
// Everything else (1 RSAMD5, 3 DSA, 6 DSA-NSEC3-SHA1, 12 ECC-GOST, 16 ED448,
// private and unassigned values) is unsupported: an RRset or a zone signed only
// with such algorithms is insecure, not bogus (RFC 4035 §5.2, RFC 6840 §5.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "util/bytes.h"

namespace daneel::dnssec {

namespace algorithm {
inline constexpr std::uint8_t rsamd5 = 1;
inline constexpr std::uint8_t dsa = 3;
inline constexpr std::uint8_t rsasha1 = 5;
inline constexpr std::uint8_t dsa_nsec3_sha1 = 6;
inline constexpr std::uint8_t rsasha1_nsec3_sha1 = 7;
inline constexpr std::uint8_t rsasha256 = 8;
inline constexpr std::uint8_t rsasha512 = 10;
inline constexpr std::uint8_t ecc_gost = 12;
inline constexpr std::uint8_t ecdsap256sha256 = 13;
inline constexpr std::uint8_t ecdsap384sha384 = 14;
inline constexpr std::uint8_t ed25519 = 15;
inline constexpr std::uint8_t ed448 = 16;
}  // namespace algorithm

// Choices a validator operator may make; the defaults are what the report's
// verdicts mean unless the report says otherwise.
struct ValidationPolicy {
  // RFC 9905 lets validators treat RSASHA1 (5) and RSASHA1-NSEC3-SHA1 (7) as
  // unsupported (-> insecure). Off by default: most resolvers still validate
  // them, and our verdicts should match what a mail sender's resolver sees.
  bool sha1_algorithms_enabled = true;
  // RFC 9276 §3.2: NSEC3 records with more iterations than this make the
  // answer insecure (EDE 27). 50 as BIND, PowerDNS and Knot Resolver (the
  // denial proofs read this field).
  std::uint16_t nsec3_iteration_limit = 50;
};

enum class AlgorithmSupport : std::uint8_t {
  supported,
  unsupported,          // not implemented / not allowed for validation (RFC 9904)
  disabled_by_policy,   // implemented, switched off by ValidationPolicy (RFC 9905)
};
AlgorithmSupport algorithm_support(std::uint8_t algorithm, const ValidationPolicy& policy);

// The registry mnemonic ("RSASHA256"), or the number as text.
std::string algorithm_name(std::uint8_t algorithm);

// RSA key bounds (RFC 3110 §2, RFC 5702 §2): modulus 512..4096 bits for
// 5/7/8, 1024..4096 bits for 10. Small keys are accepted because the RFCs
// allow them (RFC 5702's own example key has 512 bits); the report can show the
// size (public_key_bits). The exponent is limited to 8 octets (OpenSSL's
// bound for large moduli): longer ones only make verification expensive (the
// public operation costs one squaring per exponent bit, so this bounds one
// verification to 64 squarings and 64 multiplications of a 4096-bit number).
inline constexpr std::size_t kRsaMaxModulusBits = 4096;
inline constexpr std::size_t kRsaMaxExponentOctets = 8;
std::size_t rsa_min_modulus_bits(std::uint8_t algorithm);

enum class SignatureCheck : std::uint8_t {
  valid,
  invalid,                // well-formed inputs, the signature does not verify
  malformed_key,          // the DNSKEY public key is not of its algorithm's form
  malformed_signature,    // wrong length for the algorithm / key
  unsupported_algorithm,  // no implementation (see algorithm_support)
};
std::string_view to_string(SignatureCheck check);

// Checks `signature` over `signed_data` with a DNSKEY's public key field:
//   RSA (5, 7, 8, 10): RFC 3110 key (exponent length, exponent, modulus, no
//     leading zero octets; odd modulus, odd exponent >= 3), PKCS#1 v1.5 with
//     SHA-1/SHA-256/SHA-512 (RFC 3110 §3, RFC 5702 §3) checked by
//     crypto/rsa_pkcs1_verify.h; the signature is exactly as long as the
//     modulus and below it.
//   ECDSA (13, 14): key = x||y (64/96 octets), signature = r||s (RFC 6605 §4),
//     SHA-256/SHA-384; the point must lie on the curve.
//   Ed25519 (15): 32-octet key, 64-octet signature (RFC 8080 §3, §4).
// Ignores ValidationPolicy: callers ask algorithm_support first.
SignatureCheck verify_signature(std::uint8_t algorithm, ByteView public_key, ByteView signed_data,
                                ByteView signature);

// The key size in bits for reports (RSA modulus bits, curve size), 0 when the
// key does not parse or the algorithm is unsupported.
std::size_t public_key_bits(std::uint8_t algorithm, ByteView public_key);

}  // namespace daneel::dnssec
