// NSEC3 denial of existence (RFC 5155 §8, RFC 9276 §3.2) against the example
// zone of RFC 5155 Appendix A and the responses of Appendix B (alg 7, salt
// aabbccdd, 12 iterations), each positive and broken.
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "data/dnssec_denial/denial_fixture.h"
#include "dnssec/budget.h"
#include "dnssec/denial.h"
#include "dnssec/nsec3_hash.h"
#include "util/encoding.h"

using Catch::Matchers::ContainsSubstring;
using daneel::dnssec::Budget;
using daneel::dnssec::BudgetLimits;
using daneel::dnssec::DenialClaim;
using daneel::dnssec::DenialKind;
using daneel::dnssec::DenialMechanism;
using daneel::dnssec::DenialParams;
using daneel::dnssec::DenialResult;
using daneel::dnssec::Nsec3Params;
using daneel::dnssec::Proven;
using daneel::dnssec::Reason;
using daneel::dnssec::Security;
using daneel::dns::RrType;
using denial_fixture::authority;
using denial_fixture::name;
using denial_fixture::steps;

namespace {

// One NSEC3 record of the RFC 5155 Appendix A zone: owner hash and the rest
// of its RDATA after the salt. Flags 1 (opt-out) as in the RFC.
struct Nsec3Line {
  std::string owner_hash;
  std::string next_and_types;
  std::string flags = "1";
  std::string iterations = "12";
  std::string salt = "aabbccdd";
  std::string algorithm = "1";
  [[nodiscard]] std::string text() const {
    return owner_hash + ".example. 3600 IN NSEC3 " + algorithm + " " + flags + " " + iterations + " " + salt + " " +
           next_and_types;
  }
};

// RFC 5155 Appendix A, the records its Appendix B responses use.
const Nsec3Line kApex{"0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", "2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG"};
const Nsec3Line kNs1{"2t7b4g4vsa5smi47k61mv5bv1a22bojr", "2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG"};
const Nsec3Line kA{"35mthgpgcu1qg68fab165klnsnk3dpvl", "b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG"};
const Nsec3Line kXw{"b4um86eghhds6nea196smvmlo4ors995", "gjeqe526plbf1g8mklp59enfd789njgi MX RRSIG"};
const Nsec3Line kYw{"ji6neoaepv8b5o6k4ev33abha8ht9fgc", "k8udemvp1j2f7eg6jebps17vp3n8i58h"};
const Nsec3Line kW{"k8udemvp1j2f7eg6jebps17vp3n8i58h", "kohar7mbb8dc2ce8a9qvl8hon4k53uhi"};
const Nsec3Line kNs2{"q04jkcevqvmu85r014c7dkba38o0ji5r", "r53bq7cc2uvmubfu5ocmm6pers9tk9en A RRSIG"};
const Nsec3Line kWildW{"r53bq7cc2uvmubfu5ocmm6pers9tk9en", "t644ebqk9bibcna874givr6joj62mlhv MX RRSIG"};

std::vector<std::string> lines(const std::vector<Nsec3Line>& records) {
  std::vector<std::string> out;
  for (const Nsec3Line& record : records) out.push_back(record.text());
  return out;
}

std::vector<Nsec3Line> without_opt_out(std::vector<Nsec3Line> records) {
  for (Nsec3Line& record : records) record.flags = "0";
  return records;
}

DenialResult prove(std::string_view qname, RrType type, const std::vector<Nsec3Line>& records, DenialClaim claim,
                   const DenialParams& params = {}, BudgetLimits limits = {}) {
  Budget budget(limits);
  return daneel::dnssec::prove_denial(name(qname), type, name("example."), authority(lines(records)), claim, params,
                                      budget);
}

DenialResult prove_no_ds(std::string_view delegation, const std::vector<Nsec3Line>& records) {
  Budget budget;
  return daneel::dnssec::prove_no_ds(name(delegation), name("example."), authority(lines(records)), {}, budget);
}

constexpr DenialClaim kNxdomain{DenialKind::nxdomain, 0};
constexpr DenialClaim kNodata{DenialKind::nodata, 0};

}  // namespace

TEST_CASE("NSEC3 hashes of the RFC 5155 Appendix A zone") {
  const Nsec3Params params{1, 12, daneel::encoding::from_hex("aabbccdd").value()};
  struct Case {
    std::string_view name, hash;
  };
  // Appendix A lists the owner hashes; Appendix B names the hashes of the
  // names its proofs deny (c.x.w, *.x.w, c, z.w).
  const Case cases[] = {
      {"example.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"},   {"a.example.", "35mthgpgcu1qg68fab165klnsnk3dpvl"},
      {"ai.example.", "gjeqe526plbf1g8mklp59enfd789njgi"}, {"ns1.example.", "2t7b4g4vsa5smi47k61mv5bv1a22bojr"},
      {"ns2.example.", "q04jkcevqvmu85r014c7dkba38o0ji5r"}, {"w.example.", "k8udemvp1j2f7eg6jebps17vp3n8i58h"},
      {"*.w.example.", "r53bq7cc2uvmubfu5ocmm6pers9tk9en"}, {"x.w.example.", "b4um86eghhds6nea196smvmlo4ors995"},
      {"y.w.example.", "ji6neoaepv8b5o6k4ev33abha8ht9fgc"}, {"x.y.w.example.", "2vptu5timamqttgl4luu9kg21e0aor3s"},
      {"xx.example.", "t644ebqk9bibcna874givr6joj62mlhv"},  {"c.x.w.example.", "0va5bpr2ou0vk0lbqeeljri88laipsfh"},
      {"*.x.w.example.", "92pqneegtaue7pjatc3l3qnk738c6v5m"}, {"c.example.", "4g6p9u5gvfshp30pqecj98b3maqbn1ck"},
      {"z.w.example.", "qlu7gtfaeh0ek0c05ksfhdpbcgglbe03"}, {"EXAMPLE.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const auto hash = daneel::dnssec::nsec3_hash(name(c.name), params);
    REQUIRE(hash.ok());
    CHECK(daneel::encoding::to_base32hex(hash.value()) == c.hash);
  }
  SECTION("salt and iterations change the hash; only SHA-1 exists") {
    const auto base = daneel::dnssec::nsec3_hash(name("example."), params).value();
    CHECK(daneel::dnssec::nsec3_hash(name("example."), Nsec3Params{1, 11, params.salt}).value() != base);
    CHECK(daneel::dnssec::nsec3_hash(name("example."), Nsec3Params{1, 12, {}}).value() != base);
    const auto unknown = daneel::dnssec::nsec3_hash(name("example."), Nsec3Params{2, 12, params.salt});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == daneel::Errc::unsupported);
  }
}

TEST_CASE("RFC 5155 B.1: name error") {
  const std::vector<Nsec3Line> proof{kApex, kXw, kA};
  const std::vector<std::string> expected_steps{
      "b4um86eghhds6nea196smvmlo4ors995.example. matches closest encloser x.w.example.",
      "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. covers next closer c.x.w.example.",
      "35mthgpgcu1qg68fab165klnsnk3dpvl.example. covers wildcard *.x.w.example.",
  };
  SECTION("as printed: every record has opt-out, so an unsigned delegation may exist: insecure") {
    const DenialResult r = prove("a.c.x.w.example.", RrType::a, proof, kNxdomain);
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.verdict.reason == Reason::no_ds_proven);
    CHECK(r.proven == Proven::opt_out);
    CHECK(r.mechanism == DenialMechanism::nsec3);
    CHECK(steps(r) == expected_steps);
    CHECK(r.evidence.nsec3_iterations == 12);
  }
  SECTION("without opt-out: secure") {
    const DenialResult r = prove("a.c.x.w.example.", RrType::a, without_opt_out(proof), kNxdomain);
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.proven == Proven::name_does_not_exist);
    CHECK(steps(r) == expected_steps);
    REQUIRE(r.evidence.closest_encloser);
    CHECK(*r.evidence.closest_encloser == name("x.w.example."));
    CHECK(*r.evidence.next_closer == name("c.x.w.example."));
    CHECK(*r.evidence.wildcard == name("*.x.w.example."));
  }
  SECTION("broken variants are bogus and say what is missing") {
    struct Case {
      std::string what;
      std::vector<Nsec3Line> records;
      std::string detail;
    };
    Nsec3Line next_equal = kApex;  // the next hash equals the next closer's: not strictly covered
    next_equal.next_and_types = "0va5bpr2ou0vk0lbqeeljri88laipsfh MX DNSKEY NS SOA NSEC3PARAM RRSIG";
    Nsec3Line other_salt = kXw;
    other_salt.salt = "aabbccde";
    const Case cases[] = {
        {"no next closer cover", {kXw, kA}, "no NSEC3 covers the next closer name c.x.w.example."},
        {"no closest encloser", {kApex, kA}, "no NSEC3 covers the next closer name w.example."},
        {"no wildcard cover", {kApex, kXw}, "no NSEC3 covers the wildcard *.x.w.example."},
        {"next hash changed", {next_equal, kXw, kA}, "no NSEC3 covers the next closer name c.x.w.example."},
        {"wrong salt on the encloser", {kApex, other_salt, kA}, "no NSEC3 covers the next closer name w.example."},
    };
    for (const Case& c : cases) {
      INFO(c.what);
      const DenialResult r = prove("a.c.x.w.example.", RrType::a, without_opt_out(c.records), kNxdomain);
      CHECK(r.verdict.security == Security::bogus);
      CHECK(r.verdict.reason == Reason::denial_proof_invalid);
      CHECK_THAT(r.verdict.detail, ContainsSubstring(c.detail));
    }
    // ns1.example. is matched: the name exists, no NXDOMAIN.
    const DenialResult exists = prove("ns1.example.", RrType::a, without_opt_out({kNs1, kApex}), kNxdomain);
    CHECK(exists.verdict.security == Security::bogus);
    CHECK_THAT(exists.verdict.detail, ContainsSubstring("the name exists"));
  }
  SECTION("the wildcard exists: no NXDOMAIN") {
    // z.w.example.: closest encloser w.example., wildcard *.w.example. exists.
    const DenialResult r = prove("a.z.w.example.", RrType::a, without_opt_out({kW, kNs2, kWildW}), kNxdomain);
    CHECK(r.verdict.security == Security::bogus);
    CHECK_THAT(r.verdict.detail, ContainsSubstring("matches the wildcard *.w.example."));
  }
}

TEST_CASE("RFC 5155 B.2 and B.2.1: no data, and an empty non-terminal") {
  SECTION("B.2: ns1.example. MX") {
    const DenialResult r = prove("ns1.example.", RrType::mx, {kNs1}, kNodata);
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.proven == Proven::no_data);
    CHECK(steps(r) == std::vector<std::string>{"2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. matches query name ns1.example."});
  }
  SECTION("B.2.1: y.w.example. A, an empty non-terminal") {
    const DenialResult r = prove("y.w.example.", RrType::a, {kYw}, kNodata);
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.proven == Proven::empty_non_terminal);
  }
  SECTION("broken: the type bit, the CNAME bit, the record missing") {
    Nsec3Line with_mx = kNs1;
    with_mx.next_and_types = "2vptu5timamqttgl4luu9kg21e0aor3s A MX RRSIG";
    Nsec3Line with_cname = kNs1;
    with_cname.next_and_types = "2vptu5timamqttgl4luu9kg21e0aor3s CNAME RRSIG";
    const DenialResult type_set = prove("ns1.example.", RrType::mx, {with_mx}, kNodata);
    CHECK(type_set.verdict.security == Security::bogus);
    CHECK_THAT(type_set.verdict.detail, ContainsSubstring("lists MX"));
    const DenialResult cname_set = prove("ns1.example.", RrType::mx, {with_cname}, kNodata);
    CHECK(cname_set.verdict.security == Security::bogus);
    CHECK_THAT(cname_set.verdict.detail, ContainsSubstring("CNAME"));
    const DenialResult asked_a = prove("ns1.example.", RrType::a, {kNs1}, kNodata);
    CHECK(asked_a.verdict.security == Security::bogus);
    const DenialResult missing = prove("ns1.example.", RrType::mx, without_opt_out({kApex}), kNodata);
    CHECK(missing.verdict.security == Security::bogus);
    CHECK(missing.verdict.reason == Reason::denial_proof_invalid);
  }
  SECTION("the parent side of a delegation cannot deny the child's data") {
    Nsec3Line a_no_ds = kA;  // a.example.: NS without SOA
    const DenialResult r = prove("a.example.", RrType::mx, {a_no_ds}, kNodata);
    CHECK(r.verdict.security == Security::bogus);
    CHECK_THAT(r.verdict.detail, ContainsSubstring("parent side of a delegation"));
  }
}

TEST_CASE("RFC 5155 B.3: referral to an opt-out unsigned zone, and DS proofs") {
  SECTION("B.3: c.example. is inside an opt-out span: insecure") {
    const DenialResult r = prove_no_ds("c.example.", {kA, kApex});
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.verdict.reason == Reason::no_ds_proven);
    CHECK(r.proven == Proven::opt_out);
    CHECK(steps(r) == std::vector<std::string>{
                          "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. matches closest encloser example.",
                          "35mthgpgcu1qg68fab165klnsnk3dpvl.example. covers next closer c.example.",
                      });
  }
  SECTION("without opt-out the same records prove c.example. does not exist: no DS proof") {
    const DenialResult r = prove_no_ds("c.example.", without_opt_out({kA, kApex}));
    CHECK(r.verdict.security == Security::bogus);
    CHECK_THAT(r.verdict.detail, ContainsSubstring("without opt-out"));
  }
  SECTION("a matching NSEC3 at the delegation") {
    Nsec3Line insecure = kA;
    insecure.next_and_types = "b4um86eghhds6nea196smvmlo4ors995 NS RRSIG";
    const DenialResult unsigned_child = prove_no_ds("a.example.", {insecure});
    CHECK(unsigned_child.verdict.security == Security::insecure);
    CHECK(unsigned_child.proven == Proven::insecure_delegation);
    const DenialResult has_ds = prove_no_ds("a.example.", {kA});  // NS DS RRSIG: a signed delegation
    CHECK(has_ds.verdict.security == Security::bogus);
    CHECK_THAT(has_ds.verdict.detail, ContainsSubstring("lists DS"));
    const DenialResult no_cut = prove_no_ds("ns1.example.", {kNs1});  // exists, no NS: not a zone cut
    CHECK(no_cut.verdict.security == Security::secure);
    CHECK(no_cut.proven == Proven::no_data);
    const DenialResult child_apex = prove_no_ds("example.", {kApex});  // SOA: the child's own record
    CHECK(child_apex.verdict.security == Security::bogus);
    CHECK_THAT(child_apex.verdict.detail, ContainsSubstring("only the parent can deny a DS"));
  }
}

TEST_CASE("RFC 5155 B.4: wildcard expansion") {
  const DenialClaim wildcard{DenialKind::wildcard_answer, 2};  // RRSIG labels of a.z.w.example. MX
  SECTION("as printed, the covering record has opt-out: insecure") {
    const DenialResult r = prove("a.z.w.example.", RrType::mx, {kNs2}, wildcard);
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.proven == Proven::opt_out);
  }
  SECTION("without opt-out: secure") {
    const DenialResult r = prove("a.z.w.example.", RrType::mx, without_opt_out({kNs2}), wildcard);
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.proven == Proven::no_closer_match);
    CHECK(steps(r) == std::vector<std::string>{"q04jkcevqvmu85r014c7dkba38o0ji5r.example. covers next closer z.w.example."});
    CHECK(*r.evidence.closest_encloser == name("w.example."));
    CHECK(*r.evidence.wildcard == name("*.w.example."));
  }
  SECTION("broken: no record covers the next closer name, or the labels lie") {
    const DenialResult missing = prove("a.z.w.example.", RrType::mx, without_opt_out({kWildW}), wildcard);
    CHECK(missing.verdict.security == Security::bogus);
    CHECK(missing.verdict.reason == Reason::wildcard_proof_missing);
    CHECK_THAT(missing.verdict.detail, ContainsSubstring("no NSEC3 covers the next closer name z.w.example."));
    // Labels 3 would make z.w.example. the encloser and a.z.w.example. the next closer.
    const DenialResult labels = prove("a.z.w.example.", RrType::mx, without_opt_out({kNs2}),
                                      DenialClaim{DenialKind::wildcard_answer, 3});
    CHECK(labels.verdict.security == Security::bogus);
    const DenialResult nothing = prove("a.z.w.example.", RrType::mx, {}, wildcard);
    CHECK(nothing.verdict.reason == Reason::wildcard_proof_missing);
  }
}

TEST_CASE("RFC 5155 B.5: wildcard no data") {
  const std::vector<Nsec3Line> proof{kW, kNs2, kWildW};
  SECTION("as printed: the next closer's NSEC3 has opt-out, so no AD (RFC 5155 §9.2): insecure") {
    // An unsigned delegation may exist at the next closer name z.w.example.;
    // the wildcard then says nothing about a.z.w.example. (Unbound: "matching
    // wildcard is in optout range, insecure"; conformance val_nsec3_b5_wcnodata).
    const DenialResult r = prove("a.z.w.example.", RrType::aaaa, proof, kNodata);
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.verdict.reason == Reason::no_ds_proven);
    CHECK(r.proven == Proven::opt_out);
    CHECK_THAT(r.verdict.detail, ContainsSubstring("opt-out"));
    CHECK(steps(r) == std::vector<std::string>{
                          "k8udemvp1j2f7eg6jebps17vp3n8i58h.example. matches closest encloser w.example.",
                          "q04jkcevqvmu85r014c7dkba38o0ji5r.example. covers next closer z.w.example.",
                          "r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. matches wildcard *.w.example.",
                      });
  }
  SECTION("without opt-out: secure wildcard no data (§8.7)") {
    const DenialResult r = prove("a.z.w.example.", RrType::aaaa, without_opt_out(proof), kNodata);
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.proven == Proven::wildcard_no_data);
    CHECK(steps(r) == std::vector<std::string>{
                          "k8udemvp1j2f7eg6jebps17vp3n8i58h.example. matches closest encloser w.example.",
                          "q04jkcevqvmu85r014c7dkba38o0ji5r.example. covers next closer z.w.example.",
                          "r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. matches wildcard *.w.example.",
                      });
  }
  SECTION("broken: the wildcard has the type, or is missing") {
    Nsec3Line wild_aaaa = kWildW;
    wild_aaaa.next_and_types = "t644ebqk9bibcna874givr6joj62mlhv MX AAAA RRSIG";
    const DenialResult has_type = prove("a.z.w.example.", RrType::aaaa, {kW, kNs2, wild_aaaa}, kNodata);
    CHECK(has_type.verdict.security == Security::bogus);
    CHECK_THAT(has_type.verdict.detail, ContainsSubstring("lists AAAA"));
    // Without the wildcard record an opt-out span leaves room for an unsigned
    // delegation (RFC 5155 Errata 3441): insecure; without opt-out: bogus.
    const DenialResult opt_out = prove("a.z.w.example.", RrType::aaaa, {kW, kNs2}, kNodata);
    CHECK(opt_out.verdict.security == Security::insecure);
    CHECK(opt_out.proven == Proven::opt_out);
    const DenialResult no_wildcard = prove("a.z.w.example.", RrType::aaaa, without_opt_out({kW, kNs2}), kNodata);
    CHECK(no_wildcard.verdict.security == Security::bogus);
    CHECK_THAT(no_wildcard.verdict.detail, ContainsSubstring("NXDOMAIN expected"));
  }
}

TEST_CASE("NSEC3 limits: iterations, record count, hash budget, unusable records") {
  const std::vector<Nsec3Line> b1 = without_opt_out({kApex, kXw, kA});
  SECTION("iterations above the limit: insecure with the count (RFC 9276 §3.2)") {
    const DenialResult r = prove("a.c.x.w.example.", RrType::a, b1, kNxdomain, DenialParams{11, 8, 16});
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.verdict.reason == Reason::unsupported_nsec3_iterations);
    CHECK(r.proven == Proven::iterations_too_high);
    CHECK(r.evidence.nsec3_iterations == 12);
    CHECK_THAT(r.verdict.detail, ContainsSubstring("iterations 12 exceed the limit of 11"));
    const DenialResult at_limit = prove("a.c.x.w.example.", RrType::a, b1, kNxdomain, DenialParams{12, 8, 16});
    CHECK(at_limit.verdict.security == Security::secure);
  }
  SECTION("one record above the limit is enough") {
    std::vector<Nsec3Line> records = b1;
    records.push_back(kNs2);
    records.back().iterations = "51";
    const DenialResult r = prove("a.c.x.w.example.", RrType::a, records, kNxdomain);
    CHECK(r.verdict.reason == Reason::unsupported_nsec3_iterations);
    CHECK_THAT(r.verdict.detail, ContainsSubstring("51"));
  }
  SECTION("more NSEC3 records than the cap: bogus") {
    const std::vector<Nsec3Line> nine =
        without_opt_out({kApex, kNs1, kA, kXw, kYw, kW, kNs2, kWildW,
                         Nsec3Line{"t644ebqk9bibcna874givr6joj62mlhv", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom A HINFO AAAA RRSIG"}});
    const DenialParams cap8{50, 8, 16};
    const DenialResult r = prove("a.c.x.w.example.", RrType::a, nine, kNxdomain, cap8);
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::budget_exceeded);
    const DenialResult eight = prove("a.c.x.w.example.", RrType::a, {nine.begin(), nine.end() - 1}, kNxdomain, cap8);
    CHECK(eight.verdict.security == Security::secure);
    // The default cap (16) takes nine (a CNAME chain carries one proof per
    // link; conformance val_nx_nsec3_collision has 12).
    CHECK(daneel::dnssec::kDefaultMaxNsec3Records == 16);
    CHECK(prove("a.c.x.w.example.", RrType::a, nine, kNxdomain).verdict.security == Security::secure);
  }
  SECTION("hash budget exhausted: bogus, per check and per proof") {
    BudgetLimits per_check;
    per_check.nsec3_hashes_per_check = 3;  // the proof needs 4 (3 names walked + the wildcard)
    const DenialResult r = prove("a.c.x.w.example.", RrType::a, b1, kNxdomain, {}, per_check);
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::budget_exceeded);
    BudgetLimits per_proof;
    per_proof.nsec3_hashes_per_proof = 3;
    CHECK(prove("a.c.x.w.example.", RrType::a, b1, kNxdomain, {}, per_proof).verdict.reason == Reason::budget_exceeded);
    per_proof.nsec3_hashes_per_proof = 4;
    CHECK(prove("a.c.x.w.example.", RrType::a, b1, kNxdomain, {}, per_proof).verdict.security == Security::secure);
  }
  SECTION("a deep name cannot make the walk cost more than the budget") {
    const DenialResult r = prove("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.example.",
                                 RrType::a, b1, kNxdomain);
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::budget_exceeded);
  }
  SECTION("unknown hash algorithm and unknown flags are ignored (RFC 5155 §8.1, §8.2)") {
    for (const auto& mutate : {+[](Nsec3Line& l) { l.algorithm = "2"; }, +[](Nsec3Line& l) { l.flags = "2"; }}) {
      std::vector<Nsec3Line> records = b1;
      for (Nsec3Line& record : records) mutate(record);
      const DenialResult r = prove("a.c.x.w.example.", RrType::a, records, kNxdomain);
      CHECK(r.verdict.security == Security::bogus);
      CHECK(r.verdict.reason == Reason::nsec_missing);
    }
    // One ignored record among good ones: the proof fails for lack of it.
    std::vector<Nsec3Line> records = b1;
    records[2].algorithm = "2";
    const DenialResult r = prove("a.c.x.w.example.", RrType::a, records, kNxdomain);
    CHECK(r.verdict.reason == Reason::denial_proof_invalid);
    CHECK_THAT(r.verdict.detail, ContainsSubstring("wildcard"));
  }
  SECTION("owner hash labels are case-insensitive; owners outside the zone are ignored") {
    std::vector<Nsec3Line> upper = b1;
    for (Nsec3Line& record : upper) {
      for (char& c : record.owner_hash) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    CHECK(prove("a.c.x.w.example.", RrType::a, upper, kNxdomain).verdict.security == Security::secure);
    Budget budget;
    std::vector<std::string> text = lines(b1);
    text[0] = "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.other. 3600 IN NSEC3 1 0 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr NS";
    const DenialResult r = daneel::dnssec::prove_denial(name("a.c.x.w.example."), RrType::a, name("example."),
                                                        authority(text), kNxdomain, {}, budget);
    CHECK(r.verdict.security == Security::bogus);
  }
  SECTION("records of two parameter sets: each is compared under its own parameters") {
    // A record of another chain (no salt, 0 iterations) spanning nearly the
    // whole hash space covers the wildcard instead of 35mthgpg... .
    const Nsec3Line other_chain{"00000000000000000000000000000000", "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv A", "0", "0", "-"};
    const DenialResult r = prove("a.c.x.w.example.", RrType::a, without_opt_out({kApex, kXw, other_chain}), kNxdomain);
    CHECK(r.verdict.security == Security::secure);
    CHECK(steps(r).back() == "00000000000000000000000000000000.example. covers wildcard *.x.w.example.");
  }
  SECTION("no NSEC or NSEC3 at all: nsec_missing") {
    const DenialResult r = prove("a.c.x.w.example.", RrType::a, {}, kNxdomain);
    CHECK(r.verdict.reason == Reason::nsec_missing);
    CHECK(r.mechanism == DenialMechanism::none);
  }
}
