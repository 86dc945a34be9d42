// The NCSC TLS grading tables (core/tls_grading/ncsc-2025-05.json, read by
// tls/grading_tables.h): the embedded file rates what the reference
// (Internet.nl's 2025-05 tables) rates, its entries are consistent with their
// own names, and the reader refuses every malformed file instead of guessing.
#include <catch2/catch_test_macros.hpp>
#include <set>
#include <string>
#include <string_view>

#include "tls/grading_data.h"
#include "tls/grading_tables.h"

using namespace daneel;
using namespace daneel::tls;

namespace {

const GradingTables& tables() { return ncsc_2025_05(); }

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }
bool ends_with(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

// The embedded file with its first `from` replaced by `to` (which must occur).
std::string mutated(std::string_view from, std::string_view to) {
  std::string text(grading_data_ncsc_2025_05());
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("the embedded NCSC tables parse and name their source and date") {
  const auto parsed = parse_grading_tables(grading_data_ncsc_2025_05());
  REQUIRE(parsed.ok());
  CHECK(parsed.value().source_date == "2025-05");
  CHECK(contains(parsed.value().source, "NCSC"));
  CHECK(tables().tls12_suites.size() == parsed.value().tls12_suites.size());
}

TEST_CASE("TLS versions: 1.3 good, 1.2 sufficient, older insufficient, others unknown") {
  CHECK(tables().version(0x0304) == Rating::good);
  CHECK(tables().version(0x0303) == Rating::sufficient);
  CHECK(tables().version(0x0302) == Rating::insufficient);
  CHECK(tables().version(0x0301) == Rating::insufficient);
  CHECK(tables().version(0x0300) == Rating::insufficient);
  CHECK(tables().version(0x0305) == Rating::unknown);
  CHECK(tables().version(0x7f1c) == Rating::unknown);  // a TLS 1.3 draft version
}

TEST_CASE("TLS 1.3 suites as the reference rates them") {
  CHECK(tables().tls13_suite(0x1302) == Rating::good);          // AES_256_GCM_SHA384
  CHECK(tables().tls13_suite(0x1303) == Rating::good);          // CHACHA20_POLY1305_SHA256
  CHECK(tables().tls13_suite(0x1301) == Rating::sufficient);    // AES_128_GCM_SHA256
  CHECK(tables().tls13_suite(0x1304) == Rating::sufficient);    // AES_128_CCM_SHA256
  CHECK(tables().tls13_suite(0x1305) == Rating::insufficient);  // AES_128_CCM_8_SHA256
  CHECK(tables().tls13_suite(0x1306) == Rating::unknown);
}

TEST_CASE("TLS 1.2 suites as the reference rates them") {
  CHECK(tables().tls12_suite(0xc02f) == Rating::sufficient);    // ECDHE_RSA AES128-GCM
  CHECK(tables().tls12_suite(0xc02c) == Rating::sufficient);    // ECDHE_ECDSA AES256-GCM
  CHECK(tables().tls12_suite(0xcca8) == Rating::sufficient);    // ECDHE_RSA CHACHA20
  CHECK(tables().tls12_suite(0xc0ac) == Rating::sufficient);    // ECDHE_ECDSA AES128-CCM
  CHECK(tables().tls12_suite(0xc027) == Rating::phase_out);     // ECDHE_RSA CBC-SHA256
  CHECK(tables().tls12_suite(0xc024) == Rating::phase_out);     // ECDHE_ECDSA CBC-SHA384
  CHECK(tables().tls12_suite(0x009e) == Rating::phase_out);     // DHE_RSA AES128-GCM
  CHECK(tables().tls12_suite(0x0067) == Rating::phase_out);     // DHE_RSA CBC-SHA256
  CHECK(tables().tls12_suite(0xc013) == Rating::insufficient);  // ECDHE_RSA CBC-SHA1
  CHECK(tables().tls12_suite(0x009c) == Rating::insufficient);  // RSA key exchange, even with GCM
  CHECK(tables().tls12_suite(0x000a) == Rating::insufficient);  // RSA 3DES
  CHECK(tables().tls12_suite(0xc0ae) == Rating::insufficient);  // CCM_8
  CHECK(tables().tls12_suite(0x0033) == Rating::insufficient);  // DHE_RSA CBC-SHA1

  const Tls12Suite* suite = tables().find_tls12_suite(0xc030);
  REQUIRE(suite != nullptr);
  CHECK(suite->name == "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
  CHECK(suite->kex == SuiteKex::ecdhe);
  CHECK(suite->auth == SuiteAuth::rsa);
}

TEST_CASE("an unlisted code point is unknown, never good") {
  CHECK(tables().tls12_suite(0x00ff) == Rating::unknown);  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV: a signal
  CHECK(tables().tls12_suite(0x5600) == Rating::unknown);  // TLS_FALLBACK_SCSV
  CHECK(tables().tls12_suite(0x1302) == Rating::unknown);  // a TLS 1.3 suite is no TLS 1.2 suite
  CHECK(tables().tls12_suite(0xffff) == Rating::unknown);
  CHECK(tables().find_tls12_suite(0xffff) == nullptr);
  CHECK(tables().group(0x6399) == Rating::unknown);  // X25519Kyber768Draft00: pre-standard, not in the guideline
  CHECK(tables().group(0x0000) == Rating::unknown);
  CHECK(tables().kex_signature_scheme(0x0000) == Rating::unknown);
  CHECK(tables().cert_ec_key(0x1234) == Rating::unknown);
  CHECK(tables().cert_signature(SignatureAlgorithm::rsa_pss, HashAlgorithm::md5) == Rating::unknown);
}

TEST_CASE("groups: hybrids and the classic curves good, ffdhe phase-out or insufficient") {
  const Group* hybrid = tables().find_group(0x11ec);
  REQUIRE(hybrid != nullptr);
  CHECK(hybrid->name == "X25519MLKEM768");
  CHECK(hybrid->kind == GroupKind::hybrid_pq);
  CHECK(hybrid->rating == Rating::good);
  CHECK(tables().group(0x11eb) == Rating::good);  // SecP256r1MLKEM768
  CHECK(tables().group(0x11ed) == Rating::good);  // SecP384r1MLKEM1024
  CHECK(tables().group(29) == Rating::good);      // x25519
  CHECK(tables().group(23) == Rating::good);      // secp256r1
  CHECK(tables().group(28) == Rating::good);      // brainpoolP512r1
  CHECK(tables().group(21) == Rating::phase_out); // secp224r1
  CHECK(tables().group(22) == Rating::insufficient);
  CHECK(tables().group(256) == Rating::insufficient);  // ffdhe2048
  CHECK(tables().group(257) == Rating::phase_out);     // ffdhe3072
  CHECK(tables().group(260) == Rating::phase_out);     // ffdhe8192
  CHECK(tables().find_group(256)->kind == GroupKind::ffdhe);
  CHECK(tables().custom_ffdhe == Rating::insufficient);
}

TEST_CASE("certificate keys and signatures") {
  CHECK(tables().cert_rsa_key(4096) == Rating::good);
  CHECK(tables().cert_rsa_key(3072) == Rating::good);
  CHECK(tables().cert_rsa_key(3071) == Rating::phase_out);
  CHECK(tables().cert_rsa_key(2048) == Rating::phase_out);
  CHECK(tables().cert_rsa_key(2047) == Rating::insufficient);
  CHECK(tables().cert_rsa_key(1024) == Rating::insufficient);
  CHECK(tables().cert_rsa_key(0) == Rating::insufficient);
  CHECK(tables().cert_ec_key(23) == Rating::good);       // P-256
  CHECK(tables().cert_ec_key(24) == Rating::good);       // P-384
  CHECK(tables().cert_ec_key(21) == Rating::phase_out);  // P-224
  CHECK(tables().cert_key_type(CertKeyType::ed25519) == Rating::good);
  CHECK(tables().cert_key_type(CertKeyType::dsa) == Rating::insufficient);
  CHECK(tables().cert_signature(SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256) == Rating::sufficient);
  CHECK(tables().cert_signature(SignatureAlgorithm::ecdsa, HashAlgorithm::sha384) == Rating::sufficient);
  CHECK(tables().cert_signature(SignatureAlgorithm::ed25519, HashAlgorithm::intrinsic) == Rating::sufficient);
  CHECK(tables().cert_signature(SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha224) == Rating::phase_out);
  CHECK(tables().cert_signature(SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha1) == Rating::insufficient);
  CHECK(tables().cert_signature(SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::md5) == Rating::insufficient);
}

TEST_CASE("key-exchange hash: SHA-2 good, SHA-224 phase-out, SHA-1 and MD5 insufficient") {
  CHECK(tables().kex_signature_scheme(0x0804) == Rating::good);  // rsa_pss_rsae_sha256
  CHECK(tables().kex_signature_scheme(0x0403) == Rating::good);  // ecdsa_secp256r1_sha256
  CHECK(tables().kex_signature_scheme(0x0807) == Rating::good);  // ed25519
  CHECK(tables().kex_signature_scheme(0x0301) == Rating::phase_out);
  CHECK(tables().kex_signature_scheme(0x0303) == Rating::phase_out);
  CHECK(tables().kex_signature_scheme(0x0201) == Rating::insufficient);
  CHECK(tables().kex_signature_scheme(0x0203) == Rating::insufficient);
  // The rating follows the hash the entry names.
  for (const KexSignatureScheme& scheme : tables().kex_signature_schemes) {
    INFO(scheme.name);
    if (scheme.hash == HashAlgorithm::sha1 || scheme.hash == HashAlgorithm::md5)
      CHECK(scheme.rating == Rating::insufficient);
    else if (scheme.hash == HashAlgorithm::sha224)
      CHECK(scheme.rating == Rating::phase_out);
    else
      CHECK(scheme.rating == Rating::good);
  }
}

TEST_CASE("every code point is unique across the suite tables and the TLS 1.2 names agree with their fields") {
  std::set<std::uint16_t> suites;
  for (const RatedCode& suite : tables().tls13_suites) CHECK(suites.insert(suite.code).second);
  for (const Tls12Suite& suite : tables().tls12_suites) {
    INFO(suite.name);
    CHECK(suites.insert(suite.code).second);
    // The name is the suite's: TLS_<kex>_<auth>_WITH_... (RSA key exchange: TLS_RSA_WITH_...).
    const std::string_view name = suite.name;
    CHECK(name.substr(0, 4) == "TLS_");
    switch (suite.kex) {
      case SuiteKex::ecdhe: CHECK(contains(name, "_ECDHE_")); break;
      case SuiteKex::dhe: CHECK(contains(name, "_DHE_")); break;
      case SuiteKex::ecdh: CHECK((contains(name, "_ECDH_") && !contains(name, "anon"))); break;
      case SuiteKex::rsa: CHECK(name.substr(0, 8) == "TLS_RSA_"); break;
      case SuiteKex::dh_anon: CHECK(contains(name, "_DH_anon_")); break;
      case SuiteKex::ecdh_anon: CHECK(contains(name, "_ECDH_anon_")); break;
    }
    // No TLS 1.2 suite is good (the guideline's best for 1.2 is sufficient).
    CHECK(suite.rating != Rating::good);
    // Only ECDHE suites are sufficient; no forward secrecy, SHA-1 MACs, 3DES,
    // RC4, NULL, export or CCM_8 are insufficient whatever else the suite has.
    if (suite.rating == Rating::sufficient) CHECK(suite.kex == SuiteKex::ecdhe);
    if (suite.kex == SuiteKex::rsa || suite.kex == SuiteKex::ecdh || suite.auth == SuiteAuth::anon ||
        suite.auth == SuiteAuth::dss || ends_with(name, "_SHA") || ends_with(name, "_MD5") ||
        contains(name, "3DES") || contains(name, "RC4") || contains(name, "NULL") || contains(name, "EXPORT") ||
        contains(name, "CCM_8"))
      CHECK(suite.rating == Rating::insufficient);
    // CBC with SHA-256/384 is phase-out at best.
    if (contains(name, "CBC_SHA256") || contains(name, "CBC_SHA384")) CHECK(suite.rating != Rating::sufficient);
  }
  std::set<std::uint16_t> groups;
  for (const Group& group : tables().groups) CHECK(groups.insert(group.code).second);
  std::set<std::string> group_names;
  for (const Group& group : tables().groups) CHECK(group_names.insert(group.name).second);
}

TEST_CASE("worse: worst wins, unknown never improves a result") {
  CHECK(worse(Rating::good, Rating::sufficient) == Rating::sufficient);
  CHECK(worse(Rating::phase_out, Rating::sufficient) == Rating::phase_out);
  CHECK(worse(Rating::insufficient, Rating::phase_out) == Rating::insufficient);
  CHECK(worse(Rating::good, Rating::unknown) == Rating::unknown);
  CHECK(worse(Rating::unknown, Rating::sufficient) == Rating::unknown);
  CHECK(worse(Rating::unknown, Rating::phase_out) == Rating::phase_out);
  CHECK(worse(Rating::insufficient, Rating::unknown) == Rating::insufficient);
  CHECK(to_string(Rating::phase_out) == "phase_out");
  CHECK(to_string(GroupKind::hybrid_pq) == "hybrid_pq");
}

TEST_CASE("the reader refuses malformed grading files") {
  const auto refused = [](const std::string& text) { return !parse_grading_tables(text).ok(); };
  CHECK(refused(""));
  CHECK(refused("[]"));
  CHECK(refused("{"));
  CHECK(refused("{\"format\": \"daneel-tls-grading/1\"}"));  // tables missing
  CHECK(refused(mutated("daneel-tls-grading/1", "daneel-tls-grading/2")));
  // A rating the file may not assert, and one that does not exist.
  CHECK(refused(mutated("\"name\": \"TLS 1.3\", \"rating\": \"good\"", "\"name\": \"TLS 1.3\", \"rating\": \"unknown\"")));
  CHECK(refused(mutated("\"name\": \"TLS 1.3\", \"rating\": \"good\"", "\"name\": \"TLS 1.3\", \"rating\": \"Good\"")));
  // Code points: a duplicate, too short, too long, not hex, a number instead of a string.
  CHECK(refused(mutated("\"code\": \"0x1303\"", "\"code\": \"0x1302\"")));
  CHECK(refused(mutated("\"code\": \"0x1303\"", "\"code\": \"0x133\"")));
  CHECK(refused(mutated("\"code\": \"0x1303\"", "\"code\": \"0x13033\"")));
  CHECK(refused(mutated("\"code\": \"0x1303\"", "\"code\": \"0x13g3\"")));
  CHECK(refused(mutated("\"code\": \"0x1303\"", "\"code\": 4867")));
  // A TLS 1.2 suite with an unknown key exchange; a group with an unknown kind.
  CHECK(refused(mutated("\"kex\": \"ecdhe\"", "\"kex\": \"ecdhe_pq\"")));
  CHECK(refused(mutated("\"kind\": \"hybrid_pq\"", "\"kind\": \"kem\"")));
  // A name with a control character.
  CHECK(refused(mutated("\"name\": \"TLS 1.2\"", "\"name\": \"TLS\\n1.2\"")));
  // RSA bands must descend to 0.
  CHECK(refused(mutated("{\"min_bits\": 0, \"rating\": \"insufficient\"}", "{\"min_bits\": 1024, \"rating\": \"insufficient\"}")));
  CHECK(refused(mutated("{\"min_bits\": 2048,", "{\"min_bits\": 4096,")));
  CHECK(refused(mutated("{\"min_bits\": 2048,", "{\"min_bits\": -1,")));
  // A duplicate certificate signature (algorithm, hash).
  CHECK(refused(mutated("{\"algorithm\": \"rsa_pkcs1\", \"hash\": \"sha384\"", "{\"algorithm\": \"rsa_pkcs1\", \"hash\": \"sha512\"")));
  // The custom FFDHE rule is required.
  CHECK(refused(mutated("\"custom_ffdhe\"", "\"custom_dhe\"")));
}

TEST_CASE("the reader's limits: text size, entries per table, name length") {
  const std::string text(grading_data_ncsc_2025_05());
  GradingLimits small_text;
  small_text.max_text = text.size() - 1;
  const auto too_big = parse_grading_tables(text, small_text);
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.error().code == Errc::limit_exceeded);

  GradingLimits few_entries;
  few_entries.max_entries = 50;  // the file has more TLS 1.2 suites than that
  const auto too_many = parse_grading_tables(text, few_entries);
  REQUIRE_FALSE(too_many.ok());
  CHECK(too_many.error().code == Errc::limit_exceeded);

  GradingLimits short_names;
  short_names.max_name = 20;
  CHECK_FALSE(parse_grading_tables(text, short_names).ok());
  CHECK(parse_grading_tables(text, GradingLimits{}).ok());
}
