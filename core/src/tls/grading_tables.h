// The NCSC TLS classification tables (issue 18 item 1), read from one data
// file: core/tls_grading/ncsc-2025-05.json (source and date inside it). The
// file is embedded into the build (tls/CMakeLists.txt) and parsed here into
// typed tables: ratings and kinds are enums, so no grading rule ever compares
// strings; names are kept for reports only.
//
// A code point the tables do not list is rated `unknown`, never `good`: a
// grader must treat it as "not decided" (docs/TLS_GRADING.md).
//
// The reader takes untrusted text (it is fuzzed: fuzz/fuzz_tls_grading.cpp)
// and is bounded: text size, entries per table and name length are capped,
// and every failure is a Result error, never an abort.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace daneel::tls {

// The guideline's four classes (goed, voldoende, uit te faseren, onvoldoende),
// from best to worst, and `unknown` for what the tables do not list.
enum class Rating : std::uint8_t { good, sufficient, phase_out, insufficient, unknown };

// Key exchange and authentication of a TLS 1.2 suite (its name, RFC 5246 App. A.5).
enum class SuiteKex : std::uint8_t { ecdhe, dhe, rsa, ecdh, dh_anon, ecdh_anon };
enum class SuiteAuth : std::uint8_t { ecdsa, rsa, dss, anon };
enum class GroupKind : std::uint8_t { hybrid_pq, ecdhe, ffdhe };
// Certificate key types rated by type alone (RSA by size, EC by curve: own tables).
enum class CertKeyType : std::uint8_t { ed25519, ed448, dsa };
enum class SignatureAlgorithm : std::uint8_t { rsa_pkcs1, rsa_pss, ecdsa, ed25519, ed448, dsa };
enum class HashAlgorithm : std::uint8_t { md5, sha1, sha224, sha256, sha384, sha512, intrinsic };

std::string_view to_string(Rating rating);
std::string_view to_string(SuiteKex kex);
std::string_view to_string(SuiteAuth auth);
std::string_view to_string(GroupKind kind);
std::string_view to_string(CertKeyType key);
std::string_view to_string(SignatureAlgorithm algorithm);
std::string_view to_string(HashAlgorithm hash);

// The worse of two ratings ("worst wins", as Internet.nl combines them).
// `unknown` is worse than nothing and better than nothing: it wins over
// `good` and `sufficient` (an undecided item may not make a result look
// better than it is) but not over `phase_out` or `insufficient` (a known
// defect is the stronger finding).
Rating worse(Rating a, Rating b);

struct RatedCode {
  std::uint16_t code = 0;  // IANA code point
  std::string name;        // IANA name
  Rating rating = Rating::unknown;
};

struct Tls12Suite {
  std::uint16_t code = 0;
  std::string name;
  SuiteKex kex = SuiteKex::rsa;
  SuiteAuth auth = SuiteAuth::rsa;
  // The suite exists before TLS 1.2 (SHA-1/MD5 MAC), so a TLS 1.0/1.1 probe can offer it.
  bool legacy = false;
  Rating rating = Rating::unknown;
};

struct Group {
  std::uint16_t code = 0;  // IANA TLS Supported Groups
  std::string name;
  GroupKind kind = GroupKind::ecdhe;
  Rating rating = Rating::unknown;
};

struct RsaKeyBand {
  std::uint32_t min_bits = 0;  // this rating from min_bits up to the next band
  Rating rating = Rating::unknown;
};

struct CertKeyTypeRating {
  CertKeyType key = CertKeyType::dsa;
  Rating rating = Rating::unknown;
};

struct CertSignature {
  SignatureAlgorithm algorithm = SignatureAlgorithm::rsa_pkcs1;
  HashAlgorithm hash = HashAlgorithm::sha256;
  Rating rating = Rating::unknown;
};

struct KexSignatureScheme {
  std::uint16_t code = 0;  // IANA TLS SignatureScheme
  std::string name;
  HashAlgorithm hash = HashAlgorithm::sha256;
  Rating rating = Rating::unknown;  // the rating of the hash (kex_hash_func)
};

struct GradingTables {
  std::string source;
  std::string source_date;  // e.g. "2025-05"
  std::vector<RatedCode> versions;  // 0x0300 SSL 3.0 ... 0x0304 TLS 1.3
  std::vector<RatedCode> tls13_suites;
  std::vector<Tls12Suite> tls12_suites;
  std::vector<Group> groups;
  Rating custom_ffdhe = Rating::unknown;  // a DHE prime that is no RFC 7919 group
  std::vector<CertKeyTypeRating> cert_key_types;
  std::vector<RsaKeyBand> cert_rsa_key_bits;  // descending min_bits, the last one 0
  std::vector<RatedCode> cert_ec_curves;      // by TLS Supported Groups code point
  std::vector<CertSignature> cert_signatures;
  std::vector<KexSignatureScheme> kex_signature_schemes;

  [[nodiscard]] Rating version(std::uint16_t code) const;
  [[nodiscard]] Rating tls13_suite(std::uint16_t code) const;
  [[nodiscard]] Rating tls12_suite(std::uint16_t code) const;
  [[nodiscard]] const Tls12Suite* find_tls12_suite(std::uint16_t code) const;
  [[nodiscard]] Rating group(std::uint16_t code) const;
  [[nodiscard]] const Group* find_group(std::uint16_t code) const;
  [[nodiscard]] Rating cert_rsa_key(std::uint32_t bits) const;
  [[nodiscard]] Rating cert_ec_key(std::uint16_t curve) const;
  [[nodiscard]] Rating cert_key_type(CertKeyType key) const;
  [[nodiscard]] Rating cert_signature(SignatureAlgorithm algorithm, HashAlgorithm hash) const;
  [[nodiscard]] Rating kex_signature_scheme(std::uint16_t code) const;
};

struct GradingLimits {
  std::size_t max_text = 64 * 1024;   // the 2025-05 file is about 20 KiB
  std::size_t max_entries = 256;      // per table; IANA lists ~350 suites in all
  std::size_t max_name = 64;          // the longest IANA suite name has 49 characters
  std::size_t max_source = 512;
};

// Parses a grading file (format "daneel-tls-grading/1"). Errors: malformed JSON,
// a missing or mistyped field, an unknown rating or kind, a code point given
// twice in one table, RSA bands not descending to 0, a limit exceeded.
Result<GradingTables> parse_grading_tables(std::string_view json, const GradingLimits& limits = {});

// The embedded NCSC 2025-05 tables, parsed on first use. The file is part of
// the build and tested (tests/unit/tls_grading_tables_test.cpp); a broken one
// is a daneel bug and aborts (util/result.h: fatal).
const GradingTables& ncsc_2025_05();

}  // namespace daneel::tls
