#include "dnssec/algorithms.h"

#include <array>
#include <optional>

#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>

#include "crypto/ed25519.h"
#include "crypto/rsa_pkcs1_verify.h"
#include "crypto/rsa_public_operation.h"
#include "dnssec/digest.h"
#include "util/byte_reader.h"

namespace daneel::dnssec {

AlgorithmSupport algorithm_support(std::uint8_t value, const ValidationPolicy& policy) {
  switch (value) {
    case algorithm::rsasha1:
    case algorithm::rsasha1_nsec3_sha1:
      return policy.sha1_algorithms_enabled ? AlgorithmSupport::supported : AlgorithmSupport::disabled_by_policy;
    case algorithm::rsasha256:
    case algorithm::rsasha512:
    case algorithm::ecdsap256sha256:
    case algorithm::ecdsap384sha384:
    case algorithm::ed25519: return AlgorithmSupport::supported;
    default: return AlgorithmSupport::unsupported;
  }
}

std::string algorithm_name(std::uint8_t value) {
  switch (value) {
    case algorithm::rsamd5: return "RSAMD5";
    case algorithm::dsa: return "DSA";
    case algorithm::rsasha1: return "RSASHA1";
    case algorithm::dsa_nsec3_sha1: return "DSA-NSEC3-SHA1";
    case algorithm::rsasha1_nsec3_sha1: return "RSASHA1-NSEC3-SHA1";
    case algorithm::rsasha256: return "RSASHA256";
    case algorithm::rsasha512: return "RSASHA512";
    case algorithm::ecc_gost: return "ECC-GOST";
    case algorithm::ecdsap256sha256: return "ECDSAP256SHA256";
    case algorithm::ecdsap384sha384: return "ECDSAP384SHA384";
    case algorithm::ed25519: return "ED25519";
    case algorithm::ed448: return "ED448";
    default: return std::to_string(value);
  }
}

std::size_t rsa_min_modulus_bits(std::uint8_t value) {
  return value == algorithm::rsasha512 ? 1024 : 512;  // RFC 5702 §2.2 / RFC 3110 §2, RFC 5702 §2.1
}

std::string_view to_string(SignatureCheck check) {
  switch (check) {
    case SignatureCheck::valid: return "valid";
    case SignatureCheck::invalid: return "invalid";
    case SignatureCheck::malformed_key: return "malformed_key";
    case SignatureCheck::malformed_signature: return "malformed_signature";
    case SignatureCheck::unsupported_algorithm: return "unsupported_algorithm";
  }
  return "unknown";
}

namespace {

bool is_rsa(std::uint8_t value) {
  return value == algorithm::rsasha1 || value == algorithm::rsasha1_nsec3_sha1 || value == algorithm::rsasha256 ||
         value == algorithm::rsasha512;
}

// --- RSA ---------------------------------------------------------------------

// Every key parse_rsa_key() accepts is within the public operation's bounds.
static_assert(kRsaMaxModulusBits / 8 <= crypto::rsa_max_modulus_octets);
static_assert(kRsaMaxExponentOctets <= crypto::rsa_max_exponent_octets);

struct RsaKey {
  ByteView exponent;
  ByteView modulus;
};

std::size_t bit_length(ByteView big_endian) {
  // Callers guarantee no leading zero octet, so the first octet is the top one.
  if (big_endian.empty()) return 0;
  std::size_t bits = (big_endian.size() - 1) * 8;
  for (std::uint8_t top = big_endian[0]; top != 0; top = static_cast<std::uint8_t>(top >> 1)) ++bits;
  return bits;
}

// RFC 3110 §2: a one-octet exponent length, or zero and a two-octet length;
// then the exponent, then the modulus; "leading zero octets are prohibited in
// the exponent and modulus".
std::optional<RsaKey> parse_rsa_key(std::uint8_t value, ByteView key) {
  ByteReader reader(key);
  std::size_t exponent_length = reader.u8();
  if (exponent_length == 0) exponent_length = reader.u16();
  if (!reader.ok() || exponent_length == 0 || exponent_length > kRsaMaxExponentOctets) return std::nullopt;
  RsaKey rsa;
  rsa.exponent = reader.bytes(exponent_length);
  rsa.modulus = reader.bytes(reader.remaining());
  if (!reader.ok() || rsa.exponent.empty() || rsa.modulus.empty()) return std::nullopt;
  if (rsa.exponent[0] == 0 || rsa.modulus[0] == 0) return std::nullopt;
  const std::size_t bits = bit_length(rsa.modulus);
  if (bits < rsa_min_modulus_bits(value) || bits > kRsaMaxModulusBits) return std::nullopt;
  // An RSA modulus is odd, and so is a usable public exponent, which is at
  // least 3 (RFC 8017 §3.1; Mbed TLS's public-key check, used before the
  // public operation moved to crypto/, refused the same keys). The exponent is
  // below the modulus by the bounds above.
  if ((rsa.modulus.back() & 1U) == 0 || (rsa.exponent.back() & 1U) == 0) return std::nullopt;
  if (rsa.exponent.size() == 1 && rsa.exponent[0] < 3) return std::nullopt;
  return rsa;
}

SignatureCheck verify_rsa(std::uint8_t value, ByteView public_key, ByteView signed_data, ByteView signature) {
  const std::optional<RsaKey> key = parse_rsa_key(value, public_key);
  if (!key) return SignatureCheck::malformed_key;
  // The signature is the RSA output as an integer of the modulus' length.
  if (signature.size() != key->modulus.size()) return SignatureCheck::malformed_signature;

  DigestAlgorithm hash = DigestAlgorithm::sha1;
  crypto::RsaPkcs1Hash encoding = crypto::RsaPkcs1Hash::sha1;
  if (value == algorithm::rsasha256) {
    hash = DigestAlgorithm::sha256;
    encoding = crypto::RsaPkcs1Hash::sha256;
  } else if (value == algorithm::rsasha512) {
    hash = DigestAlgorithm::sha512;
    encoding = crypto::RsaPkcs1Hash::sha512;
  }
  const Bytes hashed = digest(hash, signed_data);
  // PKCS#1 v1.5 (RFC 3110 §3, RFC 5702 §3): the whole encoded message,
  // DigestInfo included, is rebuilt and compared; a signature at or above the
  // modulus is invalid (RFC 8017 §5.2.2).
  return crypto::rsa_pkcs1_v15_verify(encoding, hashed, key->modulus, key->exponent, signature)
             ? SignatureCheck::valid
             : SignatureCheck::invalid;
}

// --- ECDSA ---------------------------------------------------------------------

struct EcdsaParams {
  mbedtls_ecp_group_id group;
  std::size_t field_octets;  // 32 for P-256, 48 for P-384
  DigestAlgorithm hash;
};

EcdsaParams ecdsa_params(std::uint8_t value) {
  if (value == algorithm::ecdsap256sha256) return {MBEDTLS_ECP_DP_SECP256R1, 32, DigestAlgorithm::sha256};
  return {MBEDTLS_ECP_DP_SECP384R1, 48, DigestAlgorithm::sha384};
}

// Owns the Mbed TLS objects of one ECDSA verification.
class EcdsaVerifier {
 public:
  EcdsaVerifier() {
    mbedtls_ecp_group_init(&group_);
    mbedtls_ecp_point_init(&point_);
    mbedtls_mpi_init(&r_);
    mbedtls_mpi_init(&s_);
  }
  ~EcdsaVerifier() {
    mbedtls_mpi_free(&s_);
    mbedtls_mpi_free(&r_);
    mbedtls_ecp_point_free(&point_);
    mbedtls_ecp_group_free(&group_);
  }
  EcdsaVerifier(const EcdsaVerifier&) = delete;
  EcdsaVerifier& operator=(const EcdsaVerifier&) = delete;

  // RFC 6605 §4: the key is x||y; Mbed TLS reads the SEC 1 uncompressed form 04||x||y.
  bool load_key(mbedtls_ecp_group_id id, ByteView xy) {
    if (mbedtls_ecp_group_load(&group_, id) != 0) return false;
    std::array<std::uint8_t, 1 + 2 * 48> sec1{};
    sec1[0] = 0x04;
    std::copy(xy.begin(), xy.end(), sec1.begin() + 1);
    return mbedtls_ecp_point_read_binary(&group_, &point_, sec1.data(), 1 + xy.size()) == 0 &&
           mbedtls_ecp_check_pubkey(&group_, &point_) == 0;
  }

  // RFC 6605 §4: the signature is r||s, each as long as the field.
  bool verify(ByteView hash, ByteView rs) {
    const std::size_t half = rs.size() / 2;
    if (mbedtls_mpi_read_binary(&r_, rs.data(), half) != 0 ||
        mbedtls_mpi_read_binary(&s_, rs.data() + half, half) != 0) {
      return false;
    }
    // Checks 1 <= r, s < n itself.
    return mbedtls_ecdsa_verify(&group_, hash.data(), hash.size(), &point_, &r_, &s_) == 0;
  }

 private:
  mbedtls_ecp_group group_;
  mbedtls_ecp_point point_;
  mbedtls_mpi r_;
  mbedtls_mpi s_;
};

SignatureCheck verify_ecdsa(std::uint8_t value, ByteView public_key, ByteView signed_data, ByteView signature) {
  const EcdsaParams params = ecdsa_params(value);
  if (public_key.size() != 2 * params.field_octets) return SignatureCheck::malformed_key;
  if (signature.size() != 2 * params.field_octets) return SignatureCheck::malformed_signature;
  EcdsaVerifier verifier;
  if (!verifier.load_key(params.group, public_key)) return SignatureCheck::malformed_key;
  const Bytes hashed = digest(params.hash, signed_data);
  return verifier.verify(hashed, signature) ? SignatureCheck::valid : SignatureCheck::invalid;
}

// --- Ed25519 -------------------------------------------------------------------

SignatureCheck verify_ed25519(ByteView public_key, ByteView signed_data, ByteView signature) {
  if (public_key.size() != crypto::ed25519_public_key_size) return SignatureCheck::malformed_key;
  if (signature.size() != crypto::ed25519_signature_size) return SignatureCheck::malformed_signature;
  // RFC 8080 §4: PureEdDSA over the signed data itself (no pre-hash).
  return crypto::ed25519_verify(signature, signed_data, public_key) ? SignatureCheck::valid : SignatureCheck::invalid;
}

}  // namespace

SignatureCheck verify_signature(std::uint8_t value, ByteView public_key, ByteView signed_data, ByteView signature) {
  if (is_rsa(value)) return verify_rsa(value, public_key, signed_data, signature);
  if (value == algorithm::ecdsap256sha256 || value == algorithm::ecdsap384sha384) {
    return verify_ecdsa(value, public_key, signed_data, signature);
  }
  if (value == algorithm::ed25519) return verify_ed25519(public_key, signed_data, signature);
  return SignatureCheck::unsupported_algorithm;
}

std::size_t public_key_bits(std::uint8_t value, ByteView public_key) {
  if (is_rsa(value)) {
    const std::optional<RsaKey> key = parse_rsa_key(value, public_key);
    return key ? bit_length(key->modulus) : 0;
  }
  if (value == algorithm::ecdsap256sha256) return public_key.size() == 64 ? 256 : 0;
  if (value == algorithm::ecdsap384sha384) return public_key.size() == 96 ? 384 : 0;
  if (value == algorithm::ed25519) return public_key.size() == crypto::ed25519_public_key_size ? 256 : 0;
  return 0;
}

}  // namespace daneel::dnssec
