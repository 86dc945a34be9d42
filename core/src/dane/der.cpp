#include "dane/der.h"

#include <array>
#include <cstddef>

namespace daneel::dane::der {

Tlv read_tlv(ByteReader& reader) {
  const std::size_t start = reader.offset();
  const std::uint8_t tag = reader.u8();
  if (reader.ok() && (tag & 0x1f) == 0x1f) {
    reader.fail(Errc::unsupported, "DER: multi-octet tag");
    return {};
  }
  const std::uint8_t first = reader.u8();
  std::size_t length = first;
  if (reader.ok() && first >= 0x80) {
    const std::size_t octets = first & 0x7f;
    // 0x80 is BER's indefinite form, which DER forbids (X.690 §10.1).
    if (octets == 0 || octets > 4) {
      reader.fail(Errc::malformed, "DER: indefinite or oversized length");
      return {};
    }
    length = 0;
    for (std::size_t i = 0; i < octets; ++i) length = (length << 8) | reader.u8();
    // Minimal encoding: long form only from 128 on, and no leading zero octet.
    if (reader.ok() && (length < 0x80 || (length >> (8 * (octets - 1))) == 0)) {
      reader.fail(Errc::malformed, "DER: length not minimally encoded");
      return {};
    }
  }
  const ByteView content = reader.bytes(length);
  if (!reader.ok()) return {};
  return Tlv{tag, reader.whole().subspan(start, reader.offset() - start), content};
}

namespace {

// Reads a TLV and requires its tag.
Tlv expect(ByteReader& reader, std::uint8_t tag, const char* what) {
  Tlv tlv = read_tlv(reader);
  if (reader.ok() && tlv.tag != tag) reader.fail(Errc::malformed, std::string("DER: expected ") + what);
  return tlv;
}

Error failure(const ByteReader& reader, const char* fallback) {
  if (reader.error()) return *reader.error();
  return make_error(Errc::malformed, fallback);
}

}  // namespace

Result<SpkiParts> split_spki(ByteView data) {
  ByteReader outer(data);
  const Tlv spki = expect(outer, kSequence, "SubjectPublicKeyInfo SEQUENCE");
  if (outer.ok() && !outer.at_end()) outer.fail(Errc::malformed, "DER: bytes after SubjectPublicKeyInfo");
  if (!outer.ok()) return failure(outer, "SubjectPublicKeyInfo");

  ByteReader inner(spki.content);
  const Tlv algorithm = expect(inner, kSequence, "AlgorithmIdentifier");
  const Tlv key = expect(inner, kBitString, "subjectPublicKey BIT STRING");
  if (inner.ok() && !inner.at_end()) inner.fail(Errc::malformed, "DER: extra fields in SubjectPublicKeyInfo");
  // A BIT STRING starts with its count of unused bits (0..7).
  if (inner.ok() && (key.content.empty() || key.content[0] > 7)) inner.fail(Errc::malformed, "DER: bad BIT STRING");
  if (!inner.ok()) return failure(inner, "SubjectPublicKeyInfo");

  ByteReader alg(algorithm.content);
  const Tlv oid = expect(alg, kOid, "algorithm OID");
  SpkiParts parts{oid.content, {}};
  if (alg.ok() && !alg.at_end()) {
    const Tlv parameters = read_tlv(alg);
    if (alg.ok() && parameters.tag == kOid) parts.parameters_oid = parameters.content;
    if (alg.ok() && !alg.at_end()) alg.fail(Errc::malformed, "DER: extra fields in AlgorithmIdentifier");
  }
  if (!alg.ok() || oid.content.empty()) return failure(alg, "DER: empty algorithm OID");
  return parts;
}

Result<CertificateParts> split_certificate(ByteView data) {
  ByteReader outer(data);
  const Tlv certificate = expect(outer, kSequence, "Certificate SEQUENCE");
  if (outer.ok() && !outer.at_end()) outer.fail(Errc::malformed, "DER: bytes after the certificate");
  if (!outer.ok()) return failure(outer, "Certificate");

  ByteReader body(certificate.content);
  const Tlv tbs = expect(body, kSequence, "TBSCertificate SEQUENCE");
  expect(body, kSequence, "signatureAlgorithm");
  expect(body, kBitString, "signature BIT STRING");
  if (body.ok() && !body.at_end()) body.fail(Errc::malformed, "DER: extra fields in Certificate");
  if (!body.ok()) return failure(body, "Certificate");

  // TBSCertificate: [0] version (optional), serialNumber, signature, issuer,
  // validity, subject, subjectPublicKeyInfo, ... (RFC 5280 §4.1).
  ByteReader fields(tbs.content);
  Tlv first = read_tlv(fields);
  if (fields.ok() && first.tag == kExplicit0) first = read_tlv(fields);
  if (fields.ok() && first.tag != kInteger) fields.fail(Errc::malformed, "DER: expected serialNumber");
  expect(fields, kSequence, "TBS signature");
  const Tlv issuer = expect(fields, kSequence, "issuer Name");
  expect(fields, kSequence, "validity");
  const Tlv subject = expect(fields, kSequence, "subject Name");
  const Tlv spki = expect(fields, kSequence, "subjectPublicKeyInfo");
  if (!fields.ok()) return failure(fields, "TBSCertificate");

  auto key = split_spki(spki.whole);
  if (!key.ok()) return key.error();
  return CertificateParts{certificate.whole, tbs.whole, issuer.whole, subject.whole, spki.whole,
                          key.value().algorithm_oid, key.value().parameters_oid};
}

namespace {

struct KnownOid {
  std::array<std::uint8_t, 9> bytes;
  std::size_t size;
  const char* name;
};

bool same(ByteView oid, const KnownOid& known) {
  if (oid.size() != known.size) return false;
  for (std::size_t i = 0; i < known.size; ++i)
    if (oid[i] != known.bytes[i]) return false;
  return true;
}

// Content octets of the OIDs (X.690 §8.19).
constexpr KnownOid kRsa{{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01}, 9, "RSA"};          // 1.2.840.113549.1.1.1
constexpr KnownOid kRsaPss{{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a}, 9, "RSASSA-PSS"};  // 1.2.840.113549.1.1.10
constexpr KnownOid kEcPublicKey{{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01}, 7, "EC"};                // 1.2.840.10045.2.1
constexpr KnownOid kEd25519{{0x2b, 0x65, 0x70}, 3, "Ed25519"};                                       // 1.3.101.112
constexpr KnownOid kEd448{{0x2b, 0x65, 0x71}, 3, "Ed448"};                                           // 1.3.101.113
constexpr std::array<KnownOid, 5> kKeyAlgorithms{kRsa, kRsaPss, kEcPublicKey, kEd25519, kEd448};

constexpr std::array<KnownOid, 3> kCurves{{
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}, 8, "P-256"},  // 1.2.840.10045.3.1.7
    {{0x2b, 0x81, 0x04, 0x00, 0x22}, 5, "P-384"},                    // 1.3.132.0.34
    {{0x2b, 0x81, 0x04, 0x00, 0x23}, 5, "P-521"},                    // 1.3.132.0.35
}};

}  // namespace

std::string key_algorithm_name(ByteView algorithm_oid, ByteView parameters_oid) {
  for (const KnownOid& known : kKeyAlgorithms) {
    if (!same(algorithm_oid, known)) continue;
    std::string name = known.name;
    if (&known == &kKeyAlgorithms[2]) {
      bool found = false;
      for (const KnownOid& curve : kCurves) {
        if (same(parameters_oid, curve)) {
          name += std::string(" ") + curve.name;
          found = true;
        }
      }
      if (!found) name += " (other curve)";
    }
    return name;
  }
  return {};
}

}  // namespace daneel::dane::der
