// One certificate of the chain a server sent: its DER bytes, the strict DER
// walker's view (enough for every DANE-EE match) and Mbed TLS's parse (needed
// for DANE-TA path checks, names and PKIX information) when Mbed TLS can parse
// it. A certificate Mbed TLS refuses (e.g. an Ed25519 key) can still match a
// DANE-EE record: RFC 6698 §2.1 matching is over bytes.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <mbedtls/x509_crt.h>

#include "crypto/mbedtls_error.h"
#include "dane/usability.h"
#include "util/bytes.h"

namespace daneel::dane {

struct X509Deleter {
  void operator()(mbedtls_x509_crt* crt) const;
};
using X509Ptr = std::unique_ptr<mbedtls_x509_crt, X509Deleter>;

// Parses one DER certificate with Mbed TLS; the error text otherwise.
struct X509Parse {
  X509Ptr crt;
  std::string error;
};
X509Parse parse_x509(ByteView der);

// Mbed TLS's error text for a (negative) return code (crypto/mbedtls_error.h).
using crypto::mbedtls_error_text;

class ChainCertificate {
 public:
  // Never fails: problems are recorded and reported by the accessors.
  static ChainCertificate from_der(ByteView der);

  [[nodiscard]] ByteView der() const { return der_; }
  // The DER walker accepted the certificate (well-formed outer structure).
  [[nodiscard]] bool well_formed() const { return structure_error_.empty(); }
  [[nodiscard]] const std::string& structure_error() const { return structure_error_; }
  // The bytes a TLSA selector covers (RFC 6698 §2.1.2): the whole DER for
  // Cert(0), the SubjectPublicKeyInfo exactly as encoded for SPKI(1). Empty
  // when the certificate is not well-formed.
  [[nodiscard]] ByteView selected(Selector selector) const;
  [[nodiscard]] ByteView spki() const { return spki_; }
  [[nodiscard]] ByteView subject_der() const { return subject_; }
  [[nodiscard]] ByteView issuer_der() const { return issuer_; }
  [[nodiscard]] const std::string& key_algorithm() const { return key_algorithm_; }

  // Mbed TLS's parse, or null with x509_error() saying why.
  [[nodiscard]] const mbedtls_x509_crt* x509() const { return x509_.get(); }
  [[nodiscard]] const std::string& x509_error() const { return x509_error_; }

 private:
  Bytes der_, spki_, subject_, issuer_;
  std::string key_algorithm_;
  std::string structure_error_;
  X509Ptr x509_;
  std::string x509_error_;
};

}  // namespace daneel::dane
