#include "dane/certificate.h"

#include <algorithm>

#include "dane/der.h"
#include "dane/limits.h"

namespace daneel::dane {

void X509Deleter::operator()(mbedtls_x509_crt* crt) const {
  mbedtls_x509_crt_free(crt);
  delete crt;
}

X509Parse parse_x509(ByteView der) {
  X509Ptr crt(new mbedtls_x509_crt);
  mbedtls_x509_crt_init(crt.get());
  const int rc = mbedtls_x509_crt_parse_der(crt.get(), der.data(), der.size());
  if (rc != 0) return X509Parse{nullptr, "Mbed TLS cannot parse it: " + mbedtls_error_text(rc)};
  return X509Parse{std::move(crt), {}};
}

namespace {

Bytes copy(ByteView view) { return Bytes(view.begin(), view.end()); }

}  // namespace

ChainCertificate ChainCertificate::from_der(ByteView der) {
  ChainCertificate cert;
  if (der.size() > kMaxCertificateSize) {
    cert.structure_error_ = "certificate larger than " + std::to_string(kMaxCertificateSize) + " bytes";
    cert.x509_error_ = cert.structure_error_;
    return cert;
  }
  cert.der_ = copy(der);
  auto parts = der::split_certificate(der);
  if (parts.ok()) {
    cert.spki_ = copy(parts.value().spki);
    cert.subject_ = copy(parts.value().subject);
    cert.issuer_ = copy(parts.value().issuer);
    cert.key_algorithm_ = der::key_algorithm_name(parts.value().spki_algorithm_oid, parts.value().spki_parameters_oid);
    if (cert.key_algorithm_.empty()) cert.key_algorithm_ = "unknown key algorithm";
  } else {
    cert.structure_error_ = parts.error().message;
  }
  auto parsed = parse_x509(der);
  cert.x509_ = std::move(parsed.crt);
  cert.x509_error_ = std::move(parsed.error);
  // Mbed TLS's pk_raw must be the same SubjectPublicKeyInfo TLV the walker
  // found (selector 1 relies on the exact encoding). They cannot disagree on
  // honest input; if crafted input ever made them, the certificate is treated
  // as malformed rather than trusting either view.
  if (cert.x509_ && cert.well_formed()) {
    const mbedtls_x509_buf& raw = cert.x509_->pk_raw;
    if (raw.len != cert.spki_.size() || !std::equal(cert.spki_.begin(), cert.spki_.end(), raw.p)) {
      cert.structure_error_ = "the SubjectPublicKeyInfo is ambiguous (Mbed TLS and the DER walker disagree)";
      cert.spki_.clear();
    }
  }
  return cert;
}

ByteView ChainCertificate::selected(Selector selector) const {
  if (!well_formed()) return {};
  return selector == Selector::cert ? ByteView(der_) : ByteView(spki_);
}

}  // namespace daneel::dane
