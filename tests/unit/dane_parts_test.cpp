// The DANE module's parts: the DER walker against OpenSSL's view of every test
// certificate, record usability, name matching, dates, certificate information
// and the PKIX information.
#include <array>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>

#include "dane/cert_info.h"
#include "dane/certificate.h"
#include "dane/der.h"
#include "dane/digest.h"
#include "dane/names.h"
#include "dane/pkix.h"
#include "dane/usability.h"
#include "dane/x509_time.h"
#include "data/dane/test_support.h"

namespace daneel::dane {
namespace {

using namespace testing;
using namespace testdata;

const std::array<const TestCert*, 28> kAll{
    &kEeEc, &kEeEd25519, &kEeExpired, &kEeRsa, &kInterExpired, &kInter, &kLeafBadsig, &kLeafCnSan, &kLeafCn,
    &kLeafDeep, &kLeafExpired, &kLeafFuture, &kLeafMulti, &kLeafMx, &kLeafPathlen, &kLeafRsa, &kLeafUnderExpired,
    &kLeafUnderNoku, &kLeafUnderNotca, &kLeafWild, &kLeafWrong, &kNoku, &kNotca, &kPathlen0, &kRoot, &kSub,
    &kUnderPathlen0, &kUnrelated};

TEST_CASE("dane: selectors and digests agree with OpenSSL for every test certificate") {
  for (const TestCert* cert : kAll) {
    INFO(cert->name);
    const ChainCertificate parsed = ChainCertificate::from_der(der_of(*cert));
    REQUIRE(parsed.well_formed());
    CHECK(Bytes(parsed.spki().begin(), parsed.spki().end()) == hex(cert->spki));
    CHECK(sha256(parsed.selected(Selector::cert)) == hex(cert->cert_sha256));
    CHECK(sha512(parsed.selected(Selector::cert)) == hex(cert->cert_sha512));
    CHECK(sha256(parsed.selected(Selector::spki)) == hex(cert->spki_sha256));
    CHECK(sha512(parsed.selected(Selector::spki)) == hex(cert->spki_sha512));
    // Mbed TLS parses all but the Ed25519 one, and its pk_raw is the same TLV.
    CHECK((parsed.x509() != nullptr) == (cert != &kEeEd25519));
  }
}

TEST_CASE("dane: the DER walker refuses every truncation and trailing data") {
  const Bytes good = der_of(kLeafMx);
  REQUIRE(der::split_certificate(good).ok());
  for (std::size_t size = 0; size < good.size(); ++size) {
    INFO(size);
    CHECK_FALSE(der::split_certificate(ByteView(good).first(size)).ok());
  }
  Bytes longer = good;
  longer.push_back(0);
  CHECK_FALSE(der::split_certificate(longer).ok());
  // Indefinite length (BER) and a non-minimal length.
  CHECK_FALSE(der::split_certificate(hex("30800201000000")).ok());
  CHECK_FALSE(der::split_spki(hex("30810130")).ok());
  CHECK_FALSE(der::split_spki(hex("")).ok());
  CHECK_FALSE(der::split_spki(hex("3005300306012a")).ok());  // no BIT STRING
  CHECK(der::split_spki(hex("300a300506032b6570030100")).ok());         // Ed25519 OID, empty key
  CHECK_FALSE(der::split_spki(hex("300a300506032b6570030108")).ok());   // 8 unused bits
  CHECK_FALSE(der::split_spki(hex("300a300506032b65700301")).ok());     // truncated
  CHECK(der::split_spki(hex(kEeEc.spki)).ok());
  CHECK(der::key_algorithm_name(der::split_spki(hex(kEeEc.spki)).value().algorithm_oid,
                                der::split_spki(hex(kEeEc.spki)).value().parameters_oid) == "EC P-256");
}

TEST_CASE("dane: record usability and its reasons") {
  struct Row {
    dns::Tlsa record;
    Unusable reason;
  };
  const std::vector<Row> rows{
      {tlsa_for(kEeEc, 3, 1, 1), Unusable::no},
      {tlsa_for(kEeEc, 2, 0, 2), Unusable::no},
      {tlsa_for(kEeEc, 3, 0, 0), Unusable::no},
      {tlsa_for(kEeEd25519, 3, 1, 0), Unusable::no},  // a key Mbed TLS cannot use is still usable for DANE-EE
      {tlsa_for(kEeEc, 0, 1, 1), Unusable::usage_pkix},
      {tlsa_for(kEeEc, 1, 0, 1), Unusable::usage_pkix},
      {tlsa_for(kEeEc, 4, 1, 1), Unusable::usage_unknown},
      {tlsa_for(kEeEc, 255, 1, 1), Unusable::usage_unknown},
      {tlsa(3, 2, 1, Bytes(32)), Unusable::selector_unknown},
      {tlsa(3, 255, 1, Bytes(32)), Unusable::selector_unknown},
      {tlsa(3, 1, 3, Bytes(32)), Unusable::matching_unknown},
      {tlsa(3, 1, 255, Bytes(32)), Unusable::matching_unknown},
      {tlsa(3, 1, 1, Bytes(33)), Unusable::digest_length},
      {tlsa(3, 1, 2, Bytes(32)), Unusable::digest_length},
      {tlsa(3, 0, 0, Bytes(10)), Unusable::bad_certificate},
      {tlsa(3, 1, 0, hex(kEeEc.der)), Unusable::bad_public_key},
      {tlsa(3, 0, 0, hex(kEeEc.spki)), Unusable::bad_certificate},
      {tlsa(3, 0, 0, Bytes(70000)), Unusable::data_too_large},
  };
  for (const Row& row : rows) {
    INFO(describe_parameters(row.record) << " " << row.record.data.size() << " bytes");
    const Usability u = check_usability(row.record);
    CHECK(u.reason == row.reason);
    CHECK(u.usable() == (row.reason == Unusable::no));
    CHECK(u.detail.empty() == u.usable());
  }
}

TEST_CASE("dane: DNS-ID matching (RFC 7672 §3.2.3)") {
  struct Row {
    const char* presented;
    const char* reference;
    bool matches;
  };
  const std::vector<Row> rows{
      {"mx.example.nl", "mx.example.nl", true},
      {"MX.Example.NL", "mx.example.nl", true},
      {"mx.example.nl", "mx2.example.nl", false},
      {"*.example.nl", "mx.example.nl", true},
      {"*.example.nl", "a.mx.example.nl", false},
      {"*.example.nl", "example.nl", false},
      {"*.example.nl", ".example.nl", false},
      {"*.nl", "example.nl", false},
      {"m*.example.nl", "mx.example.nl", false},
      {"*x.example.nl", "mx.example.nl", false},
      {"mx.*.nl", "mx.example.nl", false},
      {"*.*.nl", "mx.example.nl", false},
      {"*", "mx", false},
      {"", "mx.example.nl", false},
      {"mx.example.nl", "*.example.nl", false},
      {"mx.example.nl.", "mx.example.nl", false},
  };
  for (const Row& row : rows) {
    INFO(row.presented << " vs " << row.reference);
    CHECK(dns_id_matches(row.presented, row.reference) == row.matches);
  }
  CHECK(reference_text(name("MX.Example.NL.")) == "mx.example.nl");
}

TEST_CASE("dane: presented names") {
  const ChainCertificate multi = ChainCertificate::from_der(der_of(kLeafMulti));
  REQUIRE(multi.x509() != nullptr);
  const PresentedNames names = presented_names(*multi.x509());
  CHECK(names.dns_ids == std::vector<std::string>{"first.example.org", "mx.example.nl"});
  CHECK(names.common_names == std::vector<std::string>{"first.example.org"});
  const ChainCertificate cn = ChainCertificate::from_der(der_of(kLeafCn));
  const PresentedNames cn_names = presented_names(*cn.x509());
  CHECK(cn_names.dns_ids.empty());
  const std::vector<std::string> refs{"mx.example.nl"};
  const NameCheck check = check_names(cn_names, refs);
  CHECK(check.matched);
  CHECK(check.used_common_name);
}

TEST_CASE("dane: X.509 times") {
  CHECK(unix_seconds(mbedtls_x509_time{1970, 1, 1, 0, 0, 0}) == 0);
  CHECK(unix_seconds(mbedtls_x509_time{2026, 1, 1, 0, 0, 0}) == 1767225600);
  CHECK(unix_seconds(mbedtls_x509_time{2000, 2, 29, 12, 30, 15}) == 951827415);
  CHECK(format_utc(951827415) == "2000-02-29T12:30:15Z");
  CHECK(format_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(format_utc(2524607999) == "2049-12-31T23:59:59Z");
  CHECK(validity_at(10, 20, 10) == Validity::valid);
  CHECK(validity_at(10, 20, 20) == Validity::valid);
  CHECK(validity_at(10, 20, 21) == Validity::expired);
  CHECK(validity_at(10, 20, 9) == Validity::not_yet_valid);
}

TEST_CASE("dane: certificate information") {
  const CertificateInfo rsa = describe_certificate(ChainCertificate::from_der(der_of(kEeRsa)), 0, kNow);
  CHECK(rsa.parsed);
  CHECK(rsa.key_algorithm == "RSA");
  CHECK(rsa.key_bits == 2048);
  CHECK(rsa.self_issued);
  CHECK(is_self_signed(ChainCertificate::from_der(der_of(kEeRsa))));
  CHECK(rsa.signature_algorithm == "RSA with SHA-256");
  CHECK(rsa.dns_names == std::vector<std::string>{"mx.example.nl"});
  CHECK(rsa.validity == Validity::valid);
  CHECK(format_utc(rsa.not_before) == "2024-01-01T00:00:00Z");
  CHECK(format_utc(rsa.not_after) == "2049-12-31T23:59:59Z");
  CHECK(rsa.spki_sha256 == kEeRsa.spki_sha256);
  CHECK(rsa.sha256 == kEeRsa.cert_sha256);

  const CertificateInfo ec = describe_certificate(ChainCertificate::from_der(der_of(kLeafMx)), 0, kNow);
  CHECK(ec.key_algorithm == "EC P-256");
  CHECK(ec.key_bits == 256);
  CHECK_FALSE(ec.self_issued);
  CHECK_FALSE(ec.is_ca);
  CHECK(ec.signature_algorithm == "ECDSA with SHA256");
  CHECK(ec.subject == "CN=mx.example.nl");

  const CertificateInfo root = describe_certificate(ChainCertificate::from_der(der_of(kRoot)), 2, kNow);
  CHECK(root.is_ca);
  CHECK(is_self_signed(ChainCertificate::from_der(der_of(kRoot))));
  CHECK_FALSE(is_self_signed(ChainCertificate::from_der(der_of(kLeafMx))));
  CHECK(root.path_length == -1);
  CHECK(root.depth == 2);
  CHECK(describe_certificate(ChainCertificate::from_der(der_of(kPathlen0)), 1, kNow).path_length == 0);
  CHECK(describe_certificate(ChainCertificate::from_der(der_of(kEeExpired)), 0, kNow).validity == Validity::expired);
  CHECK(describe_certificate(ChainCertificate::from_der(der_of(kLeafFuture)), 0, kNow).validity == Validity::not_yet_valid);
  // A corrupted signature: self-signed is about the certificate's own key only.
  CHECK_FALSE(is_self_signed(ChainCertificate::from_der(der_of(kLeafBadsig))));

  const CertificateInfo ed = describe_certificate(ChainCertificate::from_der(der_of(kEeEd25519)), 0, kNow);
  CHECK(ed.well_formed);
  CHECK_FALSE(ed.parsed);
  CHECK_FALSE(ed.parse_error.empty());
  CHECK(ed.key_algorithm == "Ed25519");
  CHECK(ed.spki_sha256 == kEeEd25519.spki_sha256);

  const CertificateInfo junk = describe_certificate(ChainCertificate::from_der(hex("3000")), 0, kNow);
  CHECK_FALSE(junk.well_formed);
  CHECK_FALSE(junk.parsed);
  CHECK(junk.spki_sha256.empty());
}

TEST_CASE("dane: PKIX information against a caller's CA bundle") {
  const std::vector<dns::Name> host{name("mx.example.nl")};
  const ByteView pem = as_bytes(kBundleRootPem);

  SECTION("valid chain") {
    const std::vector<Bytes> chain = chain_of({&kLeafMx, &kInter});
    const PkixResult r = validate_pkix(PkixInput{chain, pem, host, kNow});
    INFO(r.problems.size());
    CHECK(r.status == PkixStatus::valid);
    CHECK(r.bundle_certificates == 1);
    CHECK(r.hostname_matched);
    CHECK(r.path.size() == 3);
    CHECK(r.path.front() == "CN=mx.example.nl");
  }
  SECTION("DER bundle") {
    const std::vector<Bytes> chain = chain_of({&kLeafMx, &kInter});
    const Bytes bundle = der_of(kRoot);
    CHECK(validate_pkix(PkixInput{chain, bundle, host, kNow}).status == PkixStatus::valid);
  }
  SECTION("intermediate missing") {
    const std::vector<Bytes> chain = chain_of({&kLeafMx});
    const PkixResult r = validate_pkix(PkixInput{chain, pem, host, kNow});
    CHECK(r.status == PkixStatus::invalid);
    CHECK((r.flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) != 0);
    CHECK_FALSE(r.problems.empty());
  }
  SECTION("expired leaf: daneel supplies the date check") {
    const std::vector<Bytes> chain = chain_of({&kLeafExpired, &kInter});
    const PkixResult r = validate_pkix(PkixInput{chain, pem, host, kNow});
    CHECK(r.status == PkixStatus::invalid);
    CHECK((r.flags & MBEDTLS_X509_BADCERT_EXPIRED) != 0);
  }
  SECTION("expired intermediate") {
    const std::vector<Bytes> chain = chain_of({&kLeafUnderExpired, &kInterExpired});
    CHECK((validate_pkix(PkixInput{chain, pem, host, kNow}).flags & MBEDTLS_X509_BADCERT_EXPIRED) != 0);
  }
  SECTION("wrong host name") {
    const std::vector<Bytes> chain = chain_of({&kLeafWrong, &kInter});
    const PkixResult r = validate_pkix(PkixInput{chain, pem, host, kNow});
    CHECK(r.status == PkixStatus::invalid);
    CHECK(r.flags == 0);
    CHECK_FALSE(r.hostname_matched);
  }
  SECTION("self-signed leaf") {
    const std::vector<Bytes> chain = chain_of({&kEeEc});
    CHECK(validate_pkix(PkixInput{chain, pem, host, kNow}).status == PkixStatus::invalid);
  }
  SECTION("unusable bundles") {
    const std::vector<Bytes> chain = chain_of({&kLeafMx, &kInter});
    CHECK(validate_pkix(PkixInput{chain, ByteView{}, host, kNow}).status == PkixStatus::bundle_error);
    CHECK(validate_pkix(PkixInput{chain, as_bytes("-----BEGIN CERTIFICATE-----\nnot base64\n"), host, kNow}).status ==
          PkixStatus::bundle_error);
    CHECK(validate_pkix(PkixInput{chain, hex("deadbeef"), host, kNow}).status == PkixStatus::bundle_error);
  }
  SECTION("no certificates") {
    const std::vector<Bytes> none;
    CHECK(validate_pkix(PkixInput{none, pem, host, kNow}).status == PkixStatus::no_certificates);
  }
}

}  // namespace
}  // namespace daneel::dane
