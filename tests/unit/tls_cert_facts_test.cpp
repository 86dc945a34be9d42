// cert_pubkey and cert_signature (tls/cert_facts.h, docs/TLS_GRADING.md
// section 5): typed key and signature facts read from real certificates (the
// test world's generated ones and a few openssl made for what the world does
// not serve, data/tls/make-grading-certs.sh), rated by the NCSC tables, and
// decided by grade() from the check's own chain.
#include <catch2/catch_test_macros.hpp>

#include "data/tls/grading_certs.h"
#include "tls/cert_facts.h"
#include "tls/grading_decisions.h"
#include "util/encoding.h"

using namespace daneel;
using namespace daneel::tls;

namespace {

const GradingTables& tables() { return ncsc_2025_05(); }

Bytes der(std::string_view hex) { return encoding::from_hex(hex).value(); }
CertificateFacts facts(std::string_view hex) { return read_certificate_facts(der(hex)); }

ProbeResults with_chain(std::initializer_list<std::string_view> hexes) {
  TlsInfo info;
  info.version = TlsVersion::tls1_3;
  info.cipher_suite = 0x1302;
  info.group = 0x001d;
  for (const std::string_view hex : hexes) info.chain.push_back(der(hex));
  ProbeResults r;
  r.normal = normal_handshake_facts(info);
  return r;
}

}  // namespace

TEST_CASE("cert facts: the world's EC certificates: key type, curve and ECDSA-SHA256") {
  const CertificateFacts p256 = facts(testdata::kWorldP256);
  CHECK(p256.key == CertKeyKind::ec);
  CHECK(p256.curve == std::optional<std::uint16_t>(0x0017));
  CHECK(p256.key_bits == 256);
  CHECK(p256.signature == SignatureAlgorithm::ecdsa);
  CHECK(p256.signature_hash == HashAlgorithm::sha256);
  CHECK(p256.self_issued);  // the interop leaves are self-signed
  CHECK(p256.problem.empty());
  CHECK(cert_key_rating(p256, tables()) == Rating::good);
  CHECK(cert_signature_rating(p256, tables()) == Rating::sufficient);

  const CertificateFacts p384 = facts(testdata::kWorldP384);
  CHECK(p384.curve == std::optional<std::uint16_t>(0x0018));
  CHECK(cert_key_rating(p384, tables()) == Rating::good);

  const CertificateFacts ca = facts(testdata::kWorldMailCa);
  CHECK(ca.self_issued);
  CHECK(ca.curve == std::optional<std::uint16_t>(0x0017));
}

TEST_CASE("cert facts: the world's RSA certificates by size: 2048 phase-out, 3072 and 4096 good") {
  const CertificateFacts r2048 = facts(testdata::kWorldRsa2048);
  CHECK(r2048.key == CertKeyKind::rsa);
  CHECK(r2048.key_bits == 2048);
  CHECK(r2048.signature == SignatureAlgorithm::rsa_pkcs1);
  CHECK(r2048.signature_hash == HashAlgorithm::sha256);
  CHECK(r2048.self_issued);
  CHECK(cert_key_rating(r2048, tables()) == Rating::phase_out);
  CHECK(facts(testdata::kWorldRsa3072).key_bits == 3072);
  CHECK(cert_key_rating(facts(testdata::kWorldRsa3072), tables()) == Rating::good);
  CHECK(cert_key_rating(facts(testdata::kWorldRsa4096), tables()) == Rating::good);
}

TEST_CASE("cert facts: RSA-1024 with SHA-1, Ed25519, P-521 and RSASSA-PSS") {
  const CertificateFacts weak = facts(testdata::kRsa1024Sha1);
  CHECK(weak.key_bits == 1024);
  CHECK(weak.signature_hash == HashAlgorithm::sha1);
  CHECK(cert_key_rating(weak, tables()) == Rating::insufficient);
  CHECK(cert_signature_rating(weak, tables()) == Rating::insufficient);

  // Mbed TLS's X.509 parser refuses both; the ASN.1 reader still names them.
  const CertificateFacts ed = facts(testdata::kEd25519);
  CHECK(ed.key == CertKeyKind::ed25519);
  CHECK(ed.signature == SignatureAlgorithm::ed25519);
  CHECK(ed.signature_hash == HashAlgorithm::intrinsic);
  CHECK(cert_key_rating(ed, tables()) == Rating::good);
  CHECK(cert_signature_rating(ed, tables()) == Rating::sufficient);
  const CertificateFacts p521 = facts(testdata::kP521);
  CHECK(p521.curve == std::optional<std::uint16_t>(0x0019));
  CHECK(p521.signature_hash == HashAlgorithm::sha512);
  CHECK(cert_key_rating(p521, tables()) == Rating::good);

  const CertificateFacts pss = facts(testdata::kRsa2048Pss);
  CHECK(pss.signature == SignatureAlgorithm::rsa_pss);
  CHECK(pss.signature_hash == HashAlgorithm::sha384);
  CHECK(cert_signature_rating(pss, tables()) == Rating::sufficient);
}

TEST_CASE("cert facts: garbage and a truncated certificate are unknown, never good") {
  const CertificateFacts junk = read_certificate_facts(Bytes{0x30, 0x03, 0x02, 0x01, 0x00});
  CHECK(junk.key == CertKeyKind::unknown);
  CHECK_FALSE(junk.problem.empty());
  CHECK(cert_key_rating(junk, tables()) == Rating::unknown);
  CHECK(cert_signature_rating(junk, tables()) == Rating::unknown);
  Bytes cut = der(testdata::kWorldP256);
  cut.resize(cut.size() / 2);
  CHECK(read_certificate_facts(cut).key == CertKeyKind::unknown);
  for (std::size_t n = 0; n < 64; ++n) (void)read_certificate_facts(ByteView(cut.data(), n));  // no crash on any prefix
}

TEST_CASE("grade: cert_pubkey and cert_signature from the check's chain, worst wins, a root's own signature excepted") {
  const Grades ec = grade(with_chain({testdata::kWorldP256, testdata::kWorldMailCa}), tables());
  CHECK(ec.cert_pubkey.decision == Decision::decided);
  CHECK(ec.cert_pubkey.rating == Rating::good);
  CHECK(ec.cert_signature.decision == Decision::decided);
  CHECK(ec.cert_signature.rating == Rating::sufficient);

  // A self-signed leaf alone: its signature is what the server presents.
  const Grades weak = grade(with_chain({testdata::kRsa1024Sha1}), tables());
  CHECK(weak.cert_pubkey.rating == Rating::insufficient);
  CHECK(weak.cert_signature.rating == Rating::insufficient);
  // ...but as the root at the end of a chain, its signature is nobody's business; its key still is.
  const Grades root = grade(with_chain({testdata::kWorldP256, testdata::kRsa1024Sha1}), tables());
  CHECK(root.cert_signature.rating == Rating::sufficient);
  CHECK(root.cert_pubkey.rating == Rating::insufficient);

  const Grades mixed = grade(with_chain({testdata::kWorldRsa2048, testdata::kWorldMailCa}), tables());
  CHECK(mixed.cert_pubkey.rating == Rating::phase_out);

  // No chain (no completed handshake) or an unreadable one: open, so the check says not tested.
  ProbeResults none;
  CHECK(grade(none, tables()).cert_pubkey.decision == Decision::open);
  ProbeResults junk = with_chain({});
  junk.normal->chain.push_back(read_certificate_facts(Bytes{0x05, 0x00}));
  CHECK(grade(junk, tables()).cert_pubkey.decision == Decision::open);
  CHECK(grade(junk, tables()).cert_signature.decision == Decision::open);
}
