#include "tls/failure_side.h"

#include <mbedtls/asn1.h>
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509.h>

namespace daneel::tls {

namespace {

// Mbed TLS adds a high-level code (bits 7-15) and a low-level code (bits 0-6)
// of the module that failed underneath (mbedtls/error.h).
int high_level(int error) { return -((-error) & 0xFF80); }
int low_level(int error) { return -((-error) & 0x007F); }

// Codes of things the server may legitimately send that daneel's TLS library
// cannot handle, raised while reading the server's data. Malformed data gets
// codes that name the malformation instead, with one overlap: the extension
// pair below also comes from an extension whose tag is garbage. That case is
// blamed on daneel too, the error that never fails a working server.
bool unsupported_by_daneel(int error) {
  switch (high_level(error)) {
    case MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE:
    case MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE:
    case MBEDTLS_ERR_X509_UNKNOWN_VERSION:
    case MBEDTLS_ERR_X509_UNKNOWN_SIG_ALG:
    case MBEDTLS_ERR_PK_UNKNOWN_PK_ALG:
    case MBEDTLS_ERR_PK_UNKNOWN_NAMED_CURVE:
    case MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE:
    case MBEDTLS_ERR_ECP_FEATURE_UNAVAILABLE:
      return true;
    case MBEDTLS_ERR_X509_INVALID_EXTENSIONS:
      // x509_crt.c: a critical extension Mbed TLS does not implement (name
      // constraints, policy constraints, ...) fails with exactly this pair.
      return low_level(error) == MBEDTLS_ERR_ASN1_UNEXPECTED_TAG;
    default:
      return false;
  }
}

}  // namespace

FailureSide blame_handshake_failure(const FailureFacts& facts) {
  if (facts.alert_received) return FailureSide::server;
  if (unsupported_by_daneel(facts.mbedtls_error)) return FailureSide::checker;
  // The server signed its key exchange with a scheme daneel offered, and
  // daneel refused the scheme (not the signature: a bad signature fails with
  // a verification error, not this one).
  if (facts.mbedtls_error == MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER && facts.server_signature_scheme &&
      facts.server_signature_scheme_offered)
    return FailureSide::checker;
  return FailureSide::server;
}

}  // namespace daneel::tls
