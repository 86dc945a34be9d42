#include "p256_signer.h"

#include <array>

#include "dnssec/algorithms.h"
#include "dnssec/digest.h"

namespace daneel::testing {

P256Signer::P256Signer() {
  mbedtls_entropy_init(&entropy_);
  mbedtls_ctr_drbg_init(&drbg_);
  mbedtls_ecdsa_init(&key_);
  mbedtls_ecp_group_init(&group_);
  mbedtls_ecp_point_init(&public_);
  mbedtls_mpi_init(&secret_);
  std::array<std::uint8_t, 65> sec1{};
  std::size_t length = 0;
  ok_ = mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_, nullptr, 0) == 0 &&
        mbedtls_ecdsa_genkey(&key_, MBEDTLS_ECP_DP_SECP256R1, mbedtls_ctr_drbg_random, &drbg_) == 0 &&
        mbedtls_ecp_export(&key_, &group_, &secret_, &public_) == 0 &&
        mbedtls_ecp_point_write_binary(&group_, &public_, MBEDTLS_ECP_PF_UNCOMPRESSED, &length, sec1.data(),
                                       sec1.size()) == 0 &&
        length == sec1.size();
  public_key_.assign(sec1.begin() + 1, sec1.end());
}

P256Signer::~P256Signer() {
  mbedtls_mpi_free(&secret_);
  mbedtls_ecp_point_free(&public_);
  mbedtls_ecp_group_free(&group_);
  mbedtls_ecdsa_free(&key_);
  mbedtls_ctr_drbg_free(&drbg_);
  mbedtls_entropy_free(&entropy_);
}

dns::Dnskey P256Signer::dnskey(std::uint16_t flags) const {
  return dns::Dnskey{flags, 3, dnssec::algorithm::ecdsap256sha256, public_key_};
}

Bytes P256Signer::sign(ByteView data) {
  const Bytes hash = dnssec::digest(dnssec::DigestAlgorithm::sha256, data);
  mbedtls_mpi r;
  mbedtls_mpi s;
  mbedtls_mpi_init(&r);
  mbedtls_mpi_init(&s);
  Bytes signature(64);
  const bool signed_ok = mbedtls_ecdsa_sign(&group_, &r, &s, &secret_, hash.data(), hash.size(),
                                            mbedtls_ctr_drbg_random, &drbg_) == 0 &&
                         mbedtls_mpi_write_binary(&r, signature.data(), 32) == 0 &&
                         mbedtls_mpi_write_binary(&s, signature.data() + 32, 32) == 0;
  mbedtls_mpi_free(&r);
  mbedtls_mpi_free(&s);
  if (!signed_ok) {
    ok_ = false;
    return {};
  }
  return signature;
}

}  // namespace daneel::testing
