// DANE matching, table-driven: every usage/selector/matching combination that
// SMTP uses, DANE-TA chains of depth 1-3, `2 1 0` with the anchor absent, name
// checks, dates, digest agility and the bounds (RFC 6698, 7671, 7672).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>

#include "dane/limits.h"
#include "dane/match.h"
#include "data/dane/test_support.h"

namespace daneel::dane {
namespace {

using namespace testing;
using namespace testdata;

struct Case {
  std::string what;
  std::vector<Bytes> chain;
  std::vector<dns::Tlsa> records;
  std::vector<std::string> references;
  Verdict verdict;
  std::optional<std::size_t> depth = std::nullopt;       // matched_depth when matched
  std::optional<PathProblem> problem = std::nullopt;     // expected among the TA issues
  std::optional<std::size_t> problem_depth = std::nullopt;
};

DaneResult run(const Case& c) {
  std::vector<dns::Name> refs;
  for (const std::string& r : c.references) refs.push_back(name(r));
  if (c.references.empty()) refs.push_back(name("mx.example.nl"));
  return match(MatchInput{c.chain, c.records, refs, kNow});
}

bool has_problem(const DaneResult& result, PathProblem problem, std::optional<std::size_t> depth) {
  for (const RecordResult& r : result.records) {
    if (!r.ta) continue;
    for (const PathIssue& issue : r.ta->issues)
      if (issue.problem == problem && (!depth || issue.depth == depth)) return true;
  }
  return false;
}

Bytes digest_of_length(std::size_t size) { return Bytes(size, 0xab); }

std::vector<Case> cases() {
  return {
      // DANE-EE(3): the leaf only, every selector and matching type.
      {"3 1 1 EC self-signed", chain_of({&kEeEc}), {tlsa_for(kEeEc, 3, 1, 1)}, {}, Verdict::matched, 0},
      {"3 0 1", chain_of({&kEeEc}), {tlsa_for(kEeEc, 3, 0, 1)}, {}, Verdict::matched, 0},
      {"3 1 2 RSA", chain_of({&kEeRsa}), {tlsa_for(kEeRsa, 3, 1, 2)}, {}, Verdict::matched, 0},
      {"3 0 2", chain_of({&kEeRsa}), {tlsa_for(kEeRsa, 3, 0, 2)}, {}, Verdict::matched, 0},
      {"3 0 0 full certificate", chain_of({&kEeEc}), {tlsa_for(kEeEc, 3, 0, 0)}, {}, Verdict::matched, 0},
      {"3 1 0 full SPKI", chain_of({&kEeEc}), {tlsa_for(kEeEc, 3, 1, 0)}, {}, Verdict::matched, 0},
      {"3 1 1 Ed25519 leaf (Mbed TLS cannot parse it)", chain_of({&kEeEd25519}), {tlsa_for(kEeEd25519, 3, 1, 1)}, {},
       Verdict::matched, 0},
      {"3 1 1 digest of another key", chain_of({&kEeEc}), {tlsa_for(kUnrelated, 3, 1, 1)}, {}, Verdict::no_match},
      {"3 1 1 on a CA-issued leaf, chain sent", chain_of({&kLeafMx, &kInter}), {tlsa_for(kLeafMx, 3, 1, 1)}, {},
       Verdict::matched, 0},
      {"3 1 1 of the intermediate: DANE-EE is leaf-only", chain_of({&kLeafMx, &kInter}), {tlsa_for(kInter, 3, 1, 1)},
       {}, Verdict::no_match},
      {"DANE-EE ignores names", chain_of({&kLeafWrong, &kInter}), {tlsa_for(kLeafWrong, 3, 1, 1)}, {},
       Verdict::matched, 0},
      {"DANE-EE expired leaf passes", chain_of({&kEeExpired}), {tlsa_for(kEeExpired, 3, 1, 1)}, {}, Verdict::matched, 0},
      {"DANE-EE ignores signatures", chain_of({&kLeafBadsig}), {tlsa_for(kLeafBadsig, 3, 1, 1)}, {},
       Verdict::matched, 0},

      // DANE-TA(2): depth 1, 2, 3.
      {"2 1 1 intermediate sent (depth 1)", chain_of({&kLeafMx, &kInter}), {tlsa_for(kInter, 2, 1, 1)}, {},
       Verdict::matched, 1},
      {"2 0 1 on the intermediate", chain_of({&kLeafMx, &kInter, &kRoot}), {tlsa_for(kInter, 2, 0, 1)}, {},
       Verdict::matched, 1},
      {"2 1 1 root sent (depth 2)", chain_of({&kLeafMx, &kInter, &kRoot}), {tlsa_for(kRoot, 2, 1, 1)}, {},
       Verdict::matched, 2},
      {"2 1 2 root", chain_of({&kLeafMx, &kInter, &kRoot}), {tlsa_for(kRoot, 2, 1, 2)}, {}, Verdict::matched, 2},
      {"2 0 0 full intermediate", chain_of({&kLeafMx, &kInter}), {tlsa_for(kInter, 2, 0, 0)}, {}, Verdict::matched, 1},
      {"2 1 1 root, depth 3", chain_of({&kLeafDeep, &kSub, &kInter, &kRoot}), {tlsa_for(kRoot, 2, 1, 1)}, {},
       Verdict::matched, 3},
      {"2 1 1 root, depth 3, sent out of order", chain_of({&kLeafDeep, &kRoot, &kInter, &kSub}),
       {tlsa_for(kRoot, 2, 1, 1)}, {}, Verdict::matched, 1},
      {"2 1 1 RSA leaf under an EC intermediate", chain_of({&kLeafRsa, &kInter}), {tlsa_for(kInter, 2, 1, 1)}, {},
       Verdict::matched, 1},
      {"2 1 1 intermediate not sent", chain_of({&kLeafMx}), {tlsa_for(kInter, 2, 1, 1)}, {}, Verdict::no_match},
      {"2 1 1 root, intermediate missing", chain_of({&kLeafMx, &kRoot}), {tlsa_for(kRoot, 2, 1, 1)}, {},
       Verdict::chain_errors, std::nullopt, PathProblem::no_path, 0},
      {"2 1 0 intermediate key, not sent", chain_of({&kLeafMx}), {tlsa_for(kInter, 2, 1, 0)}, {}, Verdict::matched, 0},
      {"2 1 0 root key, root not sent", chain_of({&kLeafMx, &kInter}), {tlsa_for(kRoot, 2, 1, 0)}, {},
       Verdict::matched, 1},
      {"2 1 0 of an unrelated key", chain_of({&kLeafMx, &kInter}), {tlsa_for(kUnrelated, 2, 1, 0)}, {},
       Verdict::no_match},
      {"2 1 1 matching only the leaf", chain_of({&kLeafMx, &kInter}), {tlsa_for(kLeafMx, 2, 1, 1)}, {},
       Verdict::no_match},

      // DANE-TA name checks (RFC 7672 §3.2.2-3.2.3).
      {"DANE-TA name mismatch", chain_of({&kLeafWrong, &kInter}), {tlsa_for(kInter, 2, 1, 1)}, {},
       Verdict::chain_errors, std::nullopt, PathProblem::name_mismatch, 0},
      {"DANE-TA wildcard", chain_of({&kLeafWild, &kInter}), {tlsa_for(kInter, 2, 1, 1)}, {}, Verdict::matched, 1},
      {"DANE-TA wildcard, deeper name", chain_of({&kLeafWild, &kInter}), {tlsa_for(kInter, 2, 1, 1)},
       {"a.mx.example.nl"}, Verdict::chain_errors, std::nullopt, PathProblem::name_mismatch},
      {"DANE-TA wildcard, the parent itself", chain_of({&kLeafWild, &kInter}), {tlsa_for(kInter, 2, 1, 1)},
       {"example.nl"}, Verdict::chain_errors, std::nullopt, PathProblem::name_mismatch},
      {"DANE-TA multi-SAN", chain_of({&kLeafMulti, &kInter}), {tlsa_for(kInter, 2, 1, 1)}, {}, Verdict::matched, 1},
      {"DANE-TA second reference identifier", chain_of({&kLeafWrong, &kInter}), {tlsa_for(kInter, 2, 1, 1)},
       {"mx.example.nl", "other.example.org"}, Verdict::matched, 1},
      {"DANE-TA CN-only certificate", chain_of({&kLeafCn, &kInter}), {tlsa_for(kInter, 2, 1, 1)}, {},
       Verdict::matched, 1},
      {"DANE-TA CN ignored when SANs exist", chain_of({&kLeafCnSan, &kInter}), {tlsa_for(kInter, 2, 1, 1)}, {},
       Verdict::chain_errors, std::nullopt, PathProblem::name_mismatch},
      {"DANE-TA names are case-insensitive", chain_of({&kLeafMx, &kInter}), {tlsa_for(kInter, 2, 1, 1)},
       {"MX.Example.NL."}, Verdict::matched, 1},

      // DANE-TA dates, constraints and signatures.
      {"DANE-TA expired leaf", chain_of({&kLeafExpired, &kInter}), {tlsa_for(kInter, 2, 1, 1)}, {},
       Verdict::chain_errors, std::nullopt, PathProblem::expired, 0},
      {"DANE-TA leaf not yet valid", chain_of({&kLeafFuture, &kInter}), {tlsa_for(kInter, 2, 1, 1)}, {},
       Verdict::chain_errors, std::nullopt, PathProblem::not_yet_valid, 0},
      {"DANE-TA expired intermediate", chain_of({&kLeafUnderExpired, &kInterExpired, &kRoot}),
       {tlsa_for(kRoot, 2, 1, 1)}, {}, Verdict::chain_errors, std::nullopt, PathProblem::expired, 1},
      {"DANE-TA expired anchor certificate", chain_of({&kLeafUnderExpired, &kInterExpired}),
       {tlsa_for(kInterExpired, 2, 1, 1)}, {}, Verdict::chain_errors, std::nullopt, PathProblem::expired, 1},
      {"DANE-TA anchor without basicConstraints", chain_of({&kLeafUnderNotca, &kNotca}), {tlsa_for(kNotca, 2, 1, 1)},
       {}, Verdict::chain_errors, std::nullopt, PathProblem::issuer_not_ca, 1},
      {"DANE-TA intermediate without basicConstraints", chain_of({&kLeafUnderNotca, &kNotca, &kRoot}),
       {tlsa_for(kRoot, 2, 1, 1)}, {}, Verdict::chain_errors, std::nullopt, PathProblem::issuer_not_ca, 1},
      {"DANE-TA issuer without keyCertSign", chain_of({&kLeafUnderNoku, &kNoku, &kRoot}), {tlsa_for(kRoot, 2, 1, 1)},
       {}, Verdict::chain_errors, std::nullopt, PathProblem::issuer_key_usage, 1},
      {"DANE-TA pathLen 0 exceeded", chain_of({&kLeafPathlen, &kUnderPathlen0, &kPathlen0, &kRoot}),
       {tlsa_for(kRoot, 2, 1, 1)}, {}, Verdict::chain_errors, std::nullopt, PathProblem::path_length, 2},
      {"DANE-TA below the pathLen 0 CA", chain_of({&kLeafPathlen, &kUnderPathlen0}),
       {tlsa_for(kUnderPathlen0, 2, 1, 1)}, {}, Verdict::matched, 1},
      {"DANE-TA corrupted leaf signature", chain_of({&kLeafBadsig, &kInter}), {tlsa_for(kInter, 2, 1, 1)}, {},
       Verdict::chain_errors, std::nullopt, PathProblem::bad_signature, 0},

      // Usable records (RFC 7672 §3.1.3, RFC 6698 §2.1, RFC 7218).
      {"usage 0 and 1 only", chain_of({&kLeafMx, &kInter, &kRoot}),
       {tlsa_for(kRoot, 0, 1, 1), tlsa_for(kLeafMx, 1, 1, 1)}, {}, Verdict::no_usable_records},
      {"unknown usage, selector, matching", chain_of({&kEeEc}),
       {tlsa_for(kEeEc, 4, 1, 1), tlsa_for(kEeEc, 255, 1, 1), tlsa(3, 2, 1, digest_of_length(32)),
        tlsa(3, 1, 3, digest_of_length(32)), tlsa(3, 255, 1, digest_of_length(32)), tlsa(3, 1, 255, digest_of_length(32))},
       {}, Verdict::no_usable_records},
      {"wrong digest lengths", chain_of({&kEeEc}),
       {tlsa(3, 1, 1, digest_of_length(31)), tlsa(3, 1, 2, digest_of_length(32)), tlsa(3, 1, 1, {})}, {},
       Verdict::no_usable_records},
      {"full data that is no certificate or key", chain_of({&kEeEc}),
       {tlsa(3, 0, 0, hex("3003020101")), tlsa(2, 1, 0, hex("300000"))}, {}, Verdict::no_usable_records},
      {"unusable records next to a good one", chain_of({&kEeEc}),
       {tlsa_for(kEeEc, 1, 1, 1), tlsa(3, 1, 1, digest_of_length(20)), tlsa_for(kEeEc, 3, 1, 1)}, {},
       Verdict::matched, 0},

      // Bounds.
      {"empty chain", {}, {tlsa_for(kEeEc, 3, 1, 1)}, {}, Verdict::no_certificates},
      {"garbage instead of a certificate", {hex("deadbeef")}, {tlsa_for(kEeEc, 3, 1, 1)}, {}, Verdict::no_match},
  };
}

TEST_CASE("dane: matching table") {
  for (const Case& c : cases()) {
    INFO(c.what);
    const DaneResult result = run(c);
    std::string explanations;
    for (const RecordResult& r : result.records) explanations += r.parameters + ": " + r.explanation + "\n";
    INFO(explanations);
    CHECK(result.verdict == c.verdict);
    CHECK(result.agile_match == (c.verdict == Verdict::matched));
    CHECK(result.any_match == (c.verdict == Verdict::matched));
    if (c.depth) CHECK(result.matched_depth == c.depth);
    if (c.problem) CHECK(has_problem(result, *c.problem, c.problem_depth));
    CHECK(result.records.size() == c.records.size());
  }
}

TEST_CASE("dane: digest agility, stale 3 1 2 next to a correct 3 1 1") {
  const std::vector<Bytes> chain = chain_of({&kEeEc});
  const std::vector<dns::Tlsa> records{tlsa_for(kUnrelated, 3, 1, 2), tlsa_for(kEeEc, 3, 1, 1)};
  const std::vector<dns::Name> refs{name("mx.example.nl")};
  const DaneResult result = match(MatchInput{chain, records, refs, kNow});
  CHECK(result.any_match);          // naive: the 3 1 1 matches
  CHECK_FALSE(result.agile_match);  // agile: only the 3 1 2 counts, and it does not match
  CHECK(result.verdict == Verdict::no_match);
  CHECK_FALSE(result.agility_note.empty());
  CHECK(result.records[0].in_force);
  CHECK_FALSE(result.records[1].in_force);
  CHECK(result.records[1].authenticates);
  CHECK_FALSE(result.records[1].superseded.empty());
}

TEST_CASE("dane: digest agility, correct 3 1 2 next to a stale 3 1 1") {
  const std::vector<Bytes> chain = chain_of({&kEeEc});
  const std::vector<dns::Tlsa> records{tlsa_for(kEeEc, 3, 1, 2), tlsa_for(kUnrelated, 3, 1, 1)};
  const std::vector<dns::Name> refs{name("mx.example.nl")};
  const DaneResult result = match(MatchInput{chain, records, refs, kNow});
  CHECK(result.any_match);
  CHECK(result.agile_match);
  CHECK(result.agility_note.empty());
  CHECK(result.matched_record == 0u);
}

TEST_CASE("dane: digest agility is per usage and selector; Full always counts") {
  const std::vector<Bytes> chain = chain_of({&kEeEc});
  const std::vector<dns::Name> refs{name("mx.example.nl")};
  // A stale 3 0 2 does not affect 3 1 1; a 3 1 0 counts next to a stale 3 1 2.
  const std::vector<dns::Tlsa> records{tlsa_for(kUnrelated, 3, 0, 2), tlsa_for(kEeEc, 3, 1, 1)};
  CHECK(match(MatchInput{chain, records, refs, kNow}).agile_match);
  const std::vector<dns::Tlsa> full{tlsa_for(kUnrelated, 3, 1, 2), tlsa_for(kEeEc, 3, 1, 0)};
  CHECK(match(MatchInput{chain, full, refs, kNow}).agile_match);
  // An unusable SHA-512 record (wrong length) does not supersede anything.
  const std::vector<dns::Tlsa> broken{tlsa(3, 1, 2, digest_of_length(32)), tlsa_for(kEeEc, 3, 1, 1)};
  CHECK(match(MatchInput{chain, broken, refs, kNow}).agile_match);
}

TEST_CASE("dane: the chain is capped at kMaxChainCertificates") {
  std::vector<Bytes> chain;
  for (int i = 0; i < 11; ++i) chain.push_back(der_of(kEeEc));
  const std::vector<dns::Tlsa> records{tlsa_for(kEeEc, 3, 1, 1)};
  const std::vector<dns::Name> refs{name("mx.example.nl")};
  const DaneResult result = match(MatchInput{chain, records, refs, kNow});
  CHECK(result.verdict == Verdict::matched);
  CHECK(result.chain_truncated);
  CHECK(result.certificates_received == 11);
  CHECK(result.certificates.size() == kMaxChainCertificates);
  // A DANE-TA anchor beyond the cap is never reached.
  std::vector<Bytes> long_chain{der_of(kLeafMx)};
  for (int i = 0; i < 10; ++i) long_chain.push_back(der_of(kUnrelated));
  long_chain.push_back(der_of(kInter));
  const std::vector<dns::Tlsa> ta{tlsa_for(kInter, 2, 1, 1)};
  CHECK(match(MatchInput{long_chain, ta, refs, kNow}).verdict == Verdict::no_match);
}

TEST_CASE("dane: the TLSA RRset is capped at kMaxTlsaRecords") {
  std::vector<dns::Tlsa> records(kMaxTlsaRecords, tlsa_for(kUnrelated, 3, 1, 1));
  records.push_back(tlsa_for(kEeEc, 3, 1, 1));
  const std::vector<Bytes> chain = chain_of({&kEeEc});
  const std::vector<dns::Name> refs{name("mx.example.nl")};
  const DaneResult result = match(MatchInput{chain, records, refs, kNow});
  CHECK(result.records_truncated);
  CHECK(result.records.size() == kMaxTlsaRecords);
  CHECK(result.verdict == Verdict::no_match);
}

TEST_CASE("dane: per-record detail") {
  const std::vector<Bytes> chain = chain_of({&kLeafMx, &kInter, &kRoot});
  const std::vector<dns::Tlsa> records{tlsa_for(kRoot, 0, 1, 1), tlsa_for(kRoot, 2, 1, 1), tlsa_for(kLeafMx, 3, 1, 1),
                                       tlsa_for(kInter, 3, 1, 1)};
  const std::vector<dns::Name> refs{name("mx.example.nl")};
  const DaneResult result = match(MatchInput{chain, records, refs, kNow});
  REQUIRE(result.records.size() == 4);
  CHECK(result.records[0].usability.reason == Unusable::usage_pkix);
  CHECK(result.records[0].parameters == "PKIX-TA(0) SPKI(1) SHA2-256(1)");
  REQUIRE(result.records[1].ta.has_value());
  CHECK(result.records[1].ta->anchor_depth == 2u);
  CHECK(result.records[1].ta->path == std::vector<std::size_t>{0, 1, 2});
  CHECK(result.records[1].ta->names.reference == "mx.example.nl");
  CHECK(result.records[1].authenticates);
  CHECK(result.records[2].matching_depths == std::vector<std::size_t>{0});
  CHECK(result.records[2].authenticates);
  CHECK(result.records[3].matching_depths == std::vector<std::size_t>{1});
  CHECK_FALSE(result.records[3].authenticates);
  CHECK(result.records[3].explanation.find("leaf only") != std::string::npos);
  CHECK(result.matched_record == 1u);
  CHECK(result.certificates.size() == 3);
}

TEST_CASE("dane: a 2 1 0 key anchors a path without the anchor certificate") {
  const std::vector<Bytes> chain = chain_of({&kLeafDeep, &kSub});
  const std::vector<dns::Tlsa> records{tlsa_for(kRoot, 2, 1, 0)};
  const std::vector<dns::Name> refs{name("mx.example.nl")};
  // leaf-deep <- sub <- inter (not sent) <- root: the root key verifies nothing sent.
  CHECK(match(MatchInput{chain, records, refs, kNow}).verdict == Verdict::no_match);
  const std::vector<Bytes> with_inter = chain_of({&kLeafDeep, &kSub, &kInter});
  const DaneResult result = match(MatchInput{with_inter, records, refs, kNow});
  CHECK(result.verdict == Verdict::matched);
  REQUIRE(result.records[0].ta.has_value());
  CHECK(result.records[0].key_anchor);
  CHECK_FALSE(result.records[0].ta->anchor_depth.has_value());
  CHECK(result.records[0].ta->path == std::vector<std::size_t>{0, 1, 2});
}

}  // namespace
}  // namespace daneel::dane
