// Does an issuer's public key verify a certificate's signature? One link of a
// DANE-TA path (RFC 7671 §5.2, RFC 5280 §6.1.3 (a)(1)).
#pragma once

#include <cstdint>
#include <string_view>

#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

namespace daneel::dane {

enum class SignatureCheck : std::uint8_t {
  valid,
  invalid,           // the key does not verify the signature
  key_type_mismatch, // e.g. an ECDSA signature and an RSA key
  unsupported,       // a hash or key algorithm this build does not have
};

std::string_view to_string(SignatureCheck check);

SignatureCheck verify_signature(const mbedtls_x509_crt& child, const mbedtls_pk_context& issuer_key);

}  // namespace daneel::dane
