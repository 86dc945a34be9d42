#include "dane/signature.h"

#include <mbedtls/md.h>

namespace daneel::dane {

std::string_view to_string(SignatureCheck check) {
  switch (check) {
    case SignatureCheck::valid: return "valid signature";
    case SignatureCheck::invalid: return "bad signature";
    case SignatureCheck::key_type_mismatch: return "signature algorithm does not fit the issuer's key";
    case SignatureCheck::unsupported: return "unsupported signature algorithm";
  }
  return "?";
}

SignatureCheck verify_signature(const mbedtls_x509_crt& child, const mbedtls_pk_context& issuer_key) {
  // The same steps as Mbed TLS's internal x509_crt_check_signature(), which is
  // not exported: hash the TBSCertificate with the signature's digest, then
  // verify with the issuer's key (PSS options included). The signature fields
  // are MBEDTLS_PRIVATE in 3.6; the 3.6 LTS line keeps them stable.
  const mbedtls_md_type_t md = child.MBEDTLS_PRIVATE(sig_md);
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md);
  if (info == nullptr) return SignatureCheck::unsupported;
  unsigned char hash[MBEDTLS_MD_MAX_SIZE];
  if (mbedtls_md(info, child.tbs.p, child.tbs.len, hash) != 0) return SignatureCheck::unsupported;
  const mbedtls_pk_type_t algorithm = child.MBEDTLS_PRIVATE(sig_pk);
  if (!mbedtls_pk_can_do(&issuer_key, algorithm)) return SignatureCheck::key_type_mismatch;
  const mbedtls_x509_buf& signature = child.MBEDTLS_PRIVATE(sig);
  const int rc = mbedtls_pk_verify_ext(algorithm, child.MBEDTLS_PRIVATE(sig_opts), const_cast<mbedtls_pk_context*>(&issuer_key),
                                       md, hash, mbedtls_md_get_size(info), signature.p, signature.len);
  return rc == 0 ? SignatureCheck::valid : SignatureCheck::invalid;
}

}  // namespace daneel::dane
