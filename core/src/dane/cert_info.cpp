#include "dane/cert_info.h"

#include <algorithm>

#include <mbedtls/oid.h>

#include "dane/digest.h"
#include "dane/names.h"
#include "dane/signature.h"
#include "util/encoding.h"

namespace daneel::dane {

namespace {

std::string dn_text(const mbedtls_x509_name& name) {
  char text[512];
  const int rc = mbedtls_x509_dn_gets(text, sizeof text, &name);
  return rc < 0 ? std::string("(unprintable name)") : std::string(text);
}

std::string signature_text(const mbedtls_x509_crt& crt) {
  const char* description = nullptr;
  if (mbedtls_oid_get_sig_alg_desc(&crt.sig_oid, &description) == 0 && description != nullptr) return description;
  return "unknown (" + encoding::to_hex(ByteView(crt.sig_oid.p, crt.sig_oid.len)) + ")";
}

}  // namespace

CertificateInfo describe_certificate(const ChainCertificate& cert, std::size_t depth, TimeMs now) {
  CertificateInfo info;
  info.depth = depth;
  info.size = cert.der().size();
  info.well_formed = cert.well_formed();
  info.structure_error = cert.structure_error();
  info.key_algorithm = cert.key_algorithm();
  if (!cert.der().empty()) info.sha256 = encoding::to_hex(sha256(cert.der()));
  if (cert.well_formed()) {
    info.spki_sha256 = encoding::to_hex(sha256(cert.spki()));
    info.self_issued = std::equal(cert.subject_der().begin(), cert.subject_der().end(), cert.issuer_der().begin(),
                                  cert.issuer_der().end());
  }

  const mbedtls_x509_crt* crt = cert.x509();
  info.parsed = crt != nullptr;
  info.parse_error = cert.x509_error();
  if (crt == nullptr) return info;

  info.subject = dn_text(crt->subject);
  info.issuer = dn_text(crt->issuer);
  PresentedNames names = presented_names(*crt);
  info.dns_names = std::move(names.dns_ids);
  info.common_names = std::move(names.common_names);
  info.key_bits = mbedtls_pk_get_bitlen(&crt->pk);
  info.signature_algorithm = signature_text(*crt);
  const mbedtls_md_type_t md = crt->MBEDTLS_PRIVATE(sig_md);
  info.weak_signature_hash = md == MBEDTLS_MD_SHA1 || md == MBEDTLS_MD_MD5;

  info.not_before = unix_seconds(crt->valid_from);
  info.not_after = unix_seconds(crt->valid_to);
  info.validity = validity_at(info.not_before, info.not_after, to_unix_seconds(now));

  info.is_ca = mbedtls_x509_crt_get_ca_istrue(crt) == 1;
  // Mbed TLS stores pathLenConstraint + 1 (0 = absent).
  const int stored = crt->MBEDTLS_PRIVATE(max_pathlen);
  info.path_length = stored > 0 ? stored - 1 : -1;
  return info;
}

bool is_self_signed(const ChainCertificate& cert) {
  const mbedtls_x509_crt* crt = cert.x509();
  if (crt == nullptr || !cert.well_formed()) return false;
  const bool self_issued = std::equal(cert.subject_der().begin(), cert.subject_der().end(),
                                      cert.issuer_der().begin(), cert.issuer_der().end());
  return self_issued && verify_signature(*crt, crt->pk) == SignatureCheck::valid;
}

}  // namespace daneel::dane
