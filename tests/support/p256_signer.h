// An ECDSA P-256 key pair made at run time with Mbed TLS, signing as RFC 6605
// §4 says (r||s over SHA-256). Tests and benchmarks sign their own zones with
// it; one class serves all of them.
#pragma once

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/entropy.h>

#include <cstdint>

#include "dns/rdata.h"
#include "util/bytes.h"

namespace daneel::testing {

class P256Signer {
 public:
  P256Signer();
  ~P256Signer();
  P256Signer(const P256Signer&) = delete;
  P256Signer& operator=(const P256Signer&) = delete;

  // False if Mbed TLS could not make the key or a signature: callers assert it.
  [[nodiscard]] bool ok() const { return ok_; }
  // The public key as a DNSKEY (algorithm 13) with the given flags (257 = KSK, 256 = ZSK).
  [[nodiscard]] dns::Dnskey dnskey(std::uint16_t flags = 257) const;
  // The 64-byte r||s signature of `data`, or an empty one (and ok() false) on failure.
  Bytes sign(ByteView data);

 private:
  mbedtls_entropy_context entropy_;
  mbedtls_ctr_drbg_context drbg_;
  mbedtls_ecdsa_context key_;
  mbedtls_ecp_group group_;
  mbedtls_ecp_point public_;
  mbedtls_mpi secret_;
  Bytes public_key_;  // x||y, without SEC1's 04 prefix (RFC 6605 §4)
  bool ok_ = false;
};

}  // namespace daneel::testing
