#include "tls/cert_facts.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include <mbedtls/asn1.h>
#include <mbedtls/oid.h>
#include <mbedtls/x509_crt.h>

namespace daneel::tls {

namespace {

// An OID's DER content octets (what mbedtls_asn1_buf holds after the tag).
struct Oid {
  std::string_view der;
};
bool is(const mbedtls_asn1_buf& oid, Oid known) {
  return oid.len == known.der.size() && std::memcmp(oid.p, known.der.data(), oid.len) == 0;
}
#define DANEEL_OID(m) Oid{std::string_view(m, sizeof(m) - 1)}

// DSA (RFC 3279 §2.3.2, NIST CSOR): Mbed TLS has no constants for them.
constexpr Oid kDsaKey{std::string_view("\x2a\x86\x48\xce\x38\x04\x01", 7)};          // 1.2.840.10040.4.1
constexpr Oid kDsaSha1{std::string_view("\x2a\x86\x48\xce\x38\x04\x03", 7)};         // 1.2.840.10040.4.3
constexpr Oid kDsaSha224{std::string_view("\x60\x86\x48\x01\x65\x03\x04\x03\x01", 9)};  // 2.16.840.1.101.3.4.3.1
constexpr Oid kDsaSha256{std::string_view("\x60\x86\x48\x01\x65\x03\x04\x03\x02", 9)};  // 2.16.840.1.101.3.4.3.2

// EC curves by their OID, as TLS Supported Groups code points (the tables'
// key for cert_ec_curves), also for curves this build of Mbed TLS cannot use.
struct CurveOid {
  Oid oid;
  std::uint16_t group;
};
const std::array<CurveOid, 9>& curves() {
  static const std::array<CurveOid, 9> table{{
      {DANEEL_OID(MBEDTLS_OID_EC_GRP_SECP192R1), 0x0013},
      {DANEEL_OID(MBEDTLS_OID_EC_GRP_SECP224R1), 0x0015},
      {DANEEL_OID(MBEDTLS_OID_EC_GRP_SECP256K1), 0x0016},
      {DANEEL_OID(MBEDTLS_OID_EC_GRP_SECP256R1), 0x0017},
      {DANEEL_OID(MBEDTLS_OID_EC_GRP_SECP384R1), 0x0018},
      {DANEEL_OID(MBEDTLS_OID_EC_GRP_SECP521R1), 0x0019},
      {DANEEL_OID(MBEDTLS_OID_EC_GRP_BP256R1), 0x001A},
      {DANEEL_OID(MBEDTLS_OID_EC_GRP_BP384R1), 0x001B},
      {DANEEL_OID(MBEDTLS_OID_EC_GRP_BP512R1), 0x001C},
  }};
  return table;
}

struct SignatureOid {
  Oid oid;
  SignatureAlgorithm algorithm;
  HashAlgorithm hash;
};
// The signature algorithms by OID, for certificates Mbed TLS's X.509 parser
// refuses (EdDSA, DSA, MD5, keys on curves the build lacks).
const std::array<SignatureOid, 17>& signatures() {
  static const std::array<SignatureOid, 17> table{{
      {DANEEL_OID(MBEDTLS_OID_PKCS1_MD5), SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::md5},
      {DANEEL_OID(MBEDTLS_OID_PKCS1_SHA1), SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha1},
      {DANEEL_OID(MBEDTLS_OID_PKCS1_SHA224), SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha224},
      {DANEEL_OID(MBEDTLS_OID_PKCS1_SHA256), SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256},
      {DANEEL_OID(MBEDTLS_OID_PKCS1_SHA384), SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha384},
      {DANEEL_OID(MBEDTLS_OID_PKCS1_SHA512), SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha512},
      {DANEEL_OID(MBEDTLS_OID_ECDSA_SHA1), SignatureAlgorithm::ecdsa, HashAlgorithm::sha1},
      {DANEEL_OID(MBEDTLS_OID_ECDSA_SHA224), SignatureAlgorithm::ecdsa, HashAlgorithm::sha224},
      {DANEEL_OID(MBEDTLS_OID_ECDSA_SHA256), SignatureAlgorithm::ecdsa, HashAlgorithm::sha256},
      {DANEEL_OID(MBEDTLS_OID_ECDSA_SHA384), SignatureAlgorithm::ecdsa, HashAlgorithm::sha384},
      {DANEEL_OID(MBEDTLS_OID_ECDSA_SHA512), SignatureAlgorithm::ecdsa, HashAlgorithm::sha512},
      {DANEEL_OID(MBEDTLS_OID_ED25519), SignatureAlgorithm::ed25519, HashAlgorithm::intrinsic},
      {DANEEL_OID(MBEDTLS_OID_ED448), SignatureAlgorithm::ed448, HashAlgorithm::intrinsic},
      {kDsaSha1, SignatureAlgorithm::dsa, HashAlgorithm::sha1},
      {kDsaSha224, SignatureAlgorithm::dsa, HashAlgorithm::sha224},
      {kDsaSha256, SignatureAlgorithm::dsa, HashAlgorithm::sha256},
      // RSASSA-PSS: the hash is in its parameters; only the X.509 parser reads them.
      {DANEEL_OID(MBEDTLS_OID_RSASSA_PSS), SignatureAlgorithm::rsa_pss, HashAlgorithm::intrinsic},
  }};
  return table;
}

// The parts of a certificate the grading reads, located with Mbed TLS's
// ASN.1 reader (RFC 5280 §4.1): issuer, subject, the key's AlgorithmIdentifier
// and the outer signatureAlgorithm.
struct Located {
  mbedtls_asn1_buf issuer{}, subject{};
  mbedtls_asn1_buf key_oid{}, key_params{};
  mbedtls_asn1_buf signature_oid{}, signature_params{};
};

bool skip(unsigned char** p, const unsigned char* end, int tag, mbedtls_asn1_buf* out = nullptr) {
  std::size_t len = 0;
  unsigned char* start = *p;
  if (mbedtls_asn1_get_tag(p, end, &len, tag) != 0) return false;
  if (out != nullptr) {
    out->tag = tag;
    out->p = start;
    out->len = static_cast<std::size_t>(*p - start) + len;
  }
  *p += len;
  return true;
}

constexpr int kSequence = MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE;

bool locate(ByteView der, Located& out) {
  // Mbed TLS's reader takes non-const pointers; it never writes through them.
  auto* p = const_cast<unsigned char*>(der.data());
  const unsigned char* end = p + der.size();
  std::size_t len = 0;
  if (mbedtls_asn1_get_tag(&p, end, &len, kSequence) != 0 || len != static_cast<std::size_t>(end - p)) return false;
  if (mbedtls_asn1_get_tag(&p, end, &len, kSequence) != 0) return false;
  const unsigned char* tbs_end = p + len;
  // version [0] EXPLICIT, optional
  if (p < tbs_end && *p == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 0) &&
      !skip(&p, tbs_end, MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 0))
    return false;
  if (!skip(&p, tbs_end, MBEDTLS_ASN1_INTEGER)) return false;  // serialNumber
  if (!skip(&p, tbs_end, kSequence)) return false;             // signature (inner)
  if (!skip(&p, tbs_end, kSequence, &out.issuer)) return false;
  if (!skip(&p, tbs_end, kSequence)) return false;  // validity
  if (!skip(&p, tbs_end, kSequence, &out.subject)) return false;
  if (mbedtls_asn1_get_tag(&p, tbs_end, &len, kSequence) != 0) return false;  // subjectPublicKeyInfo
  if (mbedtls_asn1_get_alg(&p, p + len, &out.key_oid, &out.key_params) != 0) return false;
  p = const_cast<unsigned char*>(tbs_end);
  return mbedtls_asn1_get_alg(&p, end, &out.signature_oid, &out.signature_params) == 0;
}

std::optional<HashAlgorithm> hash_of(mbedtls_md_type_t md) {
  switch (md) {
    case MBEDTLS_MD_MD5: return HashAlgorithm::md5;
    case MBEDTLS_MD_SHA1: return HashAlgorithm::sha1;
    case MBEDTLS_MD_SHA224: return HashAlgorithm::sha224;
    case MBEDTLS_MD_SHA256: return HashAlgorithm::sha256;
    case MBEDTLS_MD_SHA384: return HashAlgorithm::sha384;
    case MBEDTLS_MD_SHA512: return HashAlgorithm::sha512;
    default: return std::nullopt;
  }
}

struct CrtFree {
  void operator()(mbedtls_x509_crt* crt) const {
    mbedtls_x509_crt_free(crt);
    delete crt;
  }
};

}  // namespace

std::string_view to_string(CertKeyKind kind) {
  switch (kind) {
    case CertKeyKind::rsa: return "rsa";
    case CertKeyKind::ec: return "ec";
    case CertKeyKind::ed25519: return "ed25519";
    case CertKeyKind::ed448: return "ed448";
    case CertKeyKind::dsa: return "dsa";
    case CertKeyKind::unknown: return "unknown";
  }
  return "unknown";
}

CertificateFacts read_certificate_facts(ByteView der) {
  CertificateFacts facts;
  Located at;
  if (!locate(der, at)) {
    facts.problem = "not a DER certificate";
    return facts;
  }
  facts.self_issued = at.issuer.len == at.subject.len && std::memcmp(at.issuer.p, at.subject.p, at.issuer.len) == 0;

  // The key's type and curve, by OID.
  if (is(at.key_oid, DANEEL_OID(MBEDTLS_OID_PKCS1_RSA)) || is(at.key_oid, DANEEL_OID(MBEDTLS_OID_RSASSA_PSS))) {
    facts.key = CertKeyKind::rsa;
  } else if (is(at.key_oid, DANEEL_OID(MBEDTLS_OID_EC_ALG_UNRESTRICTED))) {
    facts.key = CertKeyKind::ec;
    if (at.key_params.tag == MBEDTLS_ASN1_OID)
      for (const CurveOid& curve : curves())
        if (is(at.key_params, curve.oid)) facts.curve = curve.group;
    if (!facts.curve) facts.problem = "an EC key on a curve that is not named or not known";
  } else if (is(at.key_oid, DANEEL_OID(MBEDTLS_OID_ED25519))) {
    facts.key = CertKeyKind::ed25519;
  } else if (is(at.key_oid, DANEEL_OID(MBEDTLS_OID_ED448))) {
    facts.key = CertKeyKind::ed448;
  } else if (is(at.key_oid, kDsaKey)) {
    facts.key = CertKeyKind::dsa;
  } else {
    facts.problem = "a key algorithm the grading does not know";
  }
  for (const SignatureOid& s : signatures()) {
    if (!is(at.signature_oid, s.oid)) continue;
    facts.signature = s.algorithm;
    if (s.algorithm != SignatureAlgorithm::rsa_pss) facts.signature_hash = s.hash;
  }

  // Mbed TLS's X.509 parser: the key size, and the RSASSA-PSS hash. It
  // refuses what this build cannot verify (EdDSA, DSA, MD5, other curves):
  // the key size then stays unknown for RSA (rated unknown, never good).
  std::unique_ptr<mbedtls_x509_crt, CrtFree> crt(new mbedtls_x509_crt);
  mbedtls_x509_crt_init(crt.get());
  if (mbedtls_x509_crt_parse_der(crt.get(), der.data(), der.size()) == 0) {
    facts.key_bits = static_cast<std::uint32_t>(mbedtls_pk_get_bitlen(&crt->pk));
    if (facts.signature == SignatureAlgorithm::rsa_pss)
      facts.signature_hash = hash_of(crt->MBEDTLS_PRIVATE(sig_md));
  } else if (facts.key == CertKeyKind::rsa) {
    facts.problem = "Mbed TLS cannot parse the certificate, so the RSA key size is not known";
  }
  if (!facts.signature || !facts.signature_hash)
    facts.problem = facts.problem.empty() ? "a signature algorithm the grading does not know" : facts.problem;
  return facts;
}

Rating cert_key_rating(const CertificateFacts& facts, const GradingTables& tables) {
  switch (facts.key) {
    case CertKeyKind::rsa: return facts.key_bits == 0 ? Rating::unknown : tables.cert_rsa_key(facts.key_bits);
    case CertKeyKind::ec: return facts.curve ? tables.cert_ec_key(*facts.curve) : Rating::unknown;
    case CertKeyKind::ed25519: return tables.cert_key_type(CertKeyType::ed25519);
    case CertKeyKind::ed448: return tables.cert_key_type(CertKeyType::ed448);
    case CertKeyKind::dsa: return tables.cert_key_type(CertKeyType::dsa);
    case CertKeyKind::unknown: return Rating::unknown;
  }
  return Rating::unknown;
}

Rating cert_signature_rating(const CertificateFacts& facts, const GradingTables& tables) {
  if (!facts.signature || !facts.signature_hash) return Rating::unknown;
  return tables.cert_signature(*facts.signature, *facts.signature_hash);
}

ChainRatings rate_chain(const std::vector<CertificateFacts>& chain, const GradingTables& tables) {
  ChainRatings out;
  if (chain.empty()) return out;
  // Start from the best class: worse() then keeps the worst seen.
  out.key = Rating::good;
  out.signature = Rating::good;
  bool any_signature = false;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    out.key = worse(out.key, cert_key_rating(chain[i], tables));
    const bool root = chain[i].self_issued && i + 1 == chain.size() && chain.size() > 1;
    if (root) continue;
    out.signature = worse(out.signature, cert_signature_rating(chain[i], tables));
    any_signature = true;
  }
  if (!any_signature) out.signature = Rating::unknown;
  return out;
}

}  // namespace daneel::tls
