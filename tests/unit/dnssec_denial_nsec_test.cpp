// NSEC denial of existence (RFC 4034 §4/§6.1, RFC 4035 §5.4, RFC 6840 §4.1,
// §4.3, §4.4) against the example zone of RFC 4035 Appendix A and the
// responses of its Appendix B, each positive and broken.
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "data/dnssec_denial/denial_fixture.h"
#include "dnssec/budget.h"
#include "dnssec/denial.h"
#include "dnssec/nsec.h"

using Catch::Matchers::ContainsSubstring;
using daneel::dnssec::Budget;
using daneel::dnssec::DenialClaim;
using daneel::dnssec::DenialKind;
using daneel::dnssec::DenialMechanism;
using daneel::dnssec::DenialParams;
using daneel::dnssec::DenialResult;
using daneel::dnssec::Proven;
using daneel::dnssec::Reason;
using daneel::dnssec::Security;
using daneel::dns::RrType;
using denial_fixture::authority;
using denial_fixture::name;
using denial_fixture::steps;

namespace {

// RFC 4035 Appendix A: the NSEC chain of example.
const std::string kApex = "example. 3600 IN NSEC a.example. NS SOA MX RRSIG NSEC DNSKEY";
const std::string kA = "a.example. 3600 IN NSEC ai.example. NS DS RRSIG NSEC";
const std::string kAi = "ai.example. 3600 IN NSEC b.example. A HINFO AAAA RRSIG NSEC";
const std::string kB = "b.example. 3600 IN NSEC ns1.example. NS RRSIG NSEC";
const std::string kNs1 = "ns1.example. 3600 IN NSEC ns2.example. A RRSIG NSEC";
const std::string kNs2 = "ns2.example. 3600 IN NSEC *.w.example. A RRSIG NSEC";
const std::string kWildW = "*.w.example. 3600 IN NSEC x.w.example. MX RRSIG NSEC";
const std::string kXw = "x.w.example. 3600 IN NSEC x.y.w.example. MX RRSIG NSEC";
const std::string kXyw = "x.y.w.example. 3600 IN NSEC xx.example. MX RRSIG NSEC";
const std::string kXx = "xx.example. 3600 IN NSEC example. A HINFO AAAA RRSIG NSEC";

constexpr DenialClaim kNxdomain{DenialKind::nxdomain, 0};
constexpr DenialClaim kNodata{DenialKind::nodata, 0};

DenialResult prove(std::string_view qname, RrType type, const std::vector<std::string>& records, DenialClaim claim,
                   std::string_view apex = "example.") {
  Budget budget;
  return daneel::dnssec::prove_denial(name(qname), type, name(apex), authority(records), claim, DenialParams{},
                                      budget);
}

DenialResult prove_no_ds(std::string_view delegation, const std::vector<std::string>& records,
                         std::string_view apex = "example.") {
  Budget budget;
  return daneel::dnssec::prove_no_ds(name(delegation), name(apex), authority(records), {}, budget);
}

}  // namespace

TEST_CASE("NSEC covers names in canonical order (RFC 4034 §6.1), wrapping at the end") {
  struct Case {
    std::string_view owner, next, name;
    bool covered;
  };
  const Case cases[] = {
      {"a.example.", "b.example.", "ab.example.", true},
      {"a.example.", "b.example.", "x.a.example.", true},  // descendants sort right after their ancestor
      {"a.example.", "b.example.", "a.example.", false},   // the owner itself exists
      {"a.example.", "b.example.", "b.example.", false},   // and so does the next name
      {"a.example.", "b.example.", "x.b.example.", false},
      {"a.example.", "b.example.", "example.", false},
      // RFC 4034 §6.1's example order: example, a, yljkjljk.a, Z.a, zABC.a, z, \001.z, *.z, \200.z
      {"yljkjljk.a.example.", "zABC.a.EXAMPLE.", "Z.a.example.", true},
      {"z.example.", "*.z.example.", "\\001.z.example.", true},
      {"z.example.", "\\200.z.example.", "*.z.example.", true},
      {"\\001.z.example.", "\\200.z.example.", "z.example.", false},
      // Case never matters (RFC 4343).
      {"A.EXAMPLE.", "B.example.", "aa.example.", true},
      {"a.example.", "B.EXAMPLE.", "b.example.", false},
      // The last NSEC wraps to the apex: it covers everything after its owner.
      {"xx.example.", "example.", "zz.example.", true},
      {"xx.example.", "example.", "a.xx.example.", true},
      {"xx.example.", "example.", "a.example.", false},
      {"xx.example.", "example.", "xx.example.", false},
      {"xx.example.", "example.", "example.", false},
      // A zone with one name: its NSEC points to itself.
      {"example.", "example.", "a.example.", true},
      {"example.", "example.", "example.", false},
  };
  for (const Case& c : cases) {
    INFO(c.owner << " -> " << c.next << " covers " << c.name);
    CHECK(daneel::dnssec::nsec::covers(name(c.owner), name(c.next), name(c.name)) == c.covered);
  }
}

TEST_CASE("NSEC closest encloser from the covering record's neighbours") {
  const auto record = [](std::string_view owner, std::string_view next) {
    return daneel::dnssec::nsec::NsecRecord{name(owner), {name(next), {}}};
  };
  CHECK(daneel::dnssec::nsec::closest_encloser(name("ml.example."), record("b.example.", "ns1.example."),
                                               name("example.")) == name("example."));
  CHECK(daneel::dnssec::nsec::closest_encloser(name("a.z.w.example."), record("x.y.w.example.", "xx.example."),
                                               name("example.")) == name("w.example."));
  CHECK(daneel::dnssec::nsec::closest_encloser(name("q.x.w.example."), record("x.w.example.", "x.y.w.example."),
                                               name("example.")) == name("x.w.example."));
}

TEST_CASE("RFC 4035 B.2: name error") {
  const DenialResult r = prove("ml.example.", RrType::a, {kB, kApex}, kNxdomain);
  CHECK(r.verdict.security == Security::secure);
  CHECK(r.proven == Proven::name_does_not_exist);
  CHECK(r.mechanism == DenialMechanism::nsec);
  CHECK(steps(r) == std::vector<std::string>{"b.example. covers query name ml.example.",
                                             "example. covers wildcard *.example."});
  CHECK(*r.evidence.closest_encloser == name("example."));
  SECTION("broken") {
    const DenialResult no_wildcard = prove("ml.example.", RrType::a, {kB}, kNxdomain);
    CHECK(no_wildcard.verdict.security == Security::bogus);
    CHECK(no_wildcard.verdict.reason == Reason::denial_proof_invalid);
    CHECK_THAT(no_wildcard.verdict.detail, ContainsSubstring("no NSEC covers the wildcard *.example."));
    const DenialResult no_cover = prove("ml.example.", RrType::a, {kApex}, kNxdomain);
    CHECK_THAT(no_cover.verdict.detail, ContainsSubstring("no NSEC covers ml.example."));
    const DenialResult exists = prove("ns1.example.", RrType::a, {kNs1, kApex}, kNxdomain);
    CHECK_THAT(exists.verdict.detail, ContainsSubstring("exists"));
    // a.z.w.example.: the wildcard *.w.example. exists, so no NXDOMAIN.
    const DenialResult wildcard = prove("a.z.w.example.", RrType::a, {kXyw, kWildW}, kNxdomain);
    CHECK(wildcard.verdict.security == Security::bogus);
    CHECK_THAT(wildcard.verdict.detail, ContainsSubstring("wildcard *.w.example. exists"));
    const DenialResult none = prove("ml.example.", RrType::a, {}, kNxdomain);
    CHECK(none.verdict.reason == Reason::nsec_missing);
  }
}

TEST_CASE("RFC 4035 B.3: no data") {
  const DenialResult r = prove("ns1.example.", RrType::mx, {kNs1}, kNodata);
  CHECK(r.verdict.security == Security::secure);
  CHECK(r.proven == Proven::no_data);
  CHECK(steps(r) == std::vector<std::string>{"ns1.example. matches query name ns1.example."});
  SECTION("broken: the type or CNAME present, or the record from elsewhere") {
    CHECK(prove("ns1.example.", RrType::a, {kNs1}, kNodata).verdict.security == Security::bogus);
    const DenialResult cname =
        prove("ns1.example.", RrType::mx, {"ns1.example. 3600 IN NSEC ns2.example. CNAME RRSIG NSEC"}, kNodata);
    CHECK(cname.verdict.security == Security::bogus);
    CHECK_THAT(cname.verdict.detail, ContainsSubstring("CNAME"));
    const DenialResult missing = prove("ns1.example.", RrType::mx, {kNs2}, kNodata);
    CHECK(missing.verdict.security == Security::bogus);
    // The record of another zone (apex other.) proves nothing here.
    const DenialResult outside = prove("ns1.example.", RrType::mx, {kNs1}, kNodata, "other.");
    CHECK(outside.verdict.security == Security::bogus);
  }
}

TEST_CASE("RFC 4035 B.5 and B.8: DS absence, insecure delegations") {
  SECTION("B.5: b.example. is delegated without DS: insecure") {
    const DenialResult r = prove_no_ds("b.example.", {kB});
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.verdict.reason == Reason::no_ds_proven);
    CHECK(r.proven == Proven::insecure_delegation);
  }
  SECTION("a.example. has DS: no proof") {
    const DenialResult r = prove_no_ds("a.example.", {kA});
    CHECK(r.verdict.security == Security::bogus);
    CHECK_THAT(r.verdict.detail, ContainsSubstring("lists DS"));
  }
  SECTION("B.8: the child zone's apex NSEC cannot deny the DS held by the parent") {
    const DenialResult r = prove_no_ds("example.", {kApex});
    CHECK(r.verdict.security == Security::bogus);
    CHECK_THAT(r.verdict.detail, ContainsSubstring("only the parent can deny a DS"));
  }
  SECTION("a name that is no zone cut has no DS: secure") {
    const DenialResult r = prove_no_ds("ns1.example.", {kNs1});
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.proven == Proven::no_data);
  }
}

TEST_CASE("RFC 4035 B.6: wildcard expansion") {
  const DenialClaim wildcard{DenialKind::wildcard_answer, 2};
  const DenialResult r = prove("a.z.w.example.", RrType::mx, {kXyw}, wildcard);
  CHECK(r.verdict.security == Security::secure);
  CHECK(r.proven == Proven::no_closer_match);
  CHECK(steps(r) == std::vector<std::string>{"x.y.w.example. covers query name a.z.w.example."});
  CHECK(*r.evidence.closest_encloser == name("w.example."));
  CHECK(*r.evidence.next_closer == name("z.w.example."));
  SECTION("broken") {
    const DenialResult missing = prove("a.z.w.example.", RrType::mx, {kXw}, wildcard);
    CHECK(missing.verdict.security == Security::bogus);
    CHECK(missing.verdict.reason == Reason::wildcard_proof_missing);
    // Labels 3 claim the encloser z.w.example., but the NSEC shows w.example.
    const DenialResult labels = prove("a.z.w.example.", RrType::mx, {kXyw}, DenialClaim{DenialKind::wildcard_answer, 3});
    CHECK(labels.verdict.reason == Reason::wildcard_proof_missing);
    CHECK_THAT(labels.verdict.detail, ContainsSubstring("closest encloser"));
    // A closer name exists (z.w.example. as an NSEC owner): the wildcard could not apply.
    const DenialResult closer =
        prove("a.z.w.example.", RrType::mx, {"z.w.example. 3600 IN NSEC xx.example. A RRSIG NSEC"}, wildcard);
    CHECK(closer.verdict.security == Security::bogus);
    const DenialResult labels_too_many = prove("a.z.w.example.", RrType::mx, {kXyw}, DenialClaim{DenialKind::wildcard_answer, 4});
    CHECK(labels_too_many.verdict.security == Security::bogus);
  }
  SECTION("the query name is the wildcard itself: nothing to deny") {
    const DenialResult self = prove("*.w.example.", RrType::mx, {kXyw}, wildcard);
    CHECK(self.verdict.security == Security::secure);
    CHECK(self.evidence.steps.empty());
  }
}

TEST_CASE("RFC 4035 B.7: wildcard no data") {
  const DenialResult r = prove("a.z.w.example.", RrType::aaaa, {kXyw, kWildW}, kNodata);
  CHECK(r.verdict.security == Security::secure);
  CHECK(r.proven == Proven::wildcard_no_data);
  CHECK(steps(r) == std::vector<std::string>{"x.y.w.example. covers query name a.z.w.example.",
                                             "*.w.example. matches wildcard *.w.example."});
  SECTION("broken") {
    const DenialResult has_type = prove("a.z.w.example.", RrType::mx, {kXyw, kWildW}, kNodata);
    CHECK(has_type.verdict.security == Security::bogus);
    CHECK_THAT(has_type.verdict.detail, ContainsSubstring("lists MX"));
    const DenialResult no_wildcard = prove("a.z.w.example.", RrType::aaaa, {kXyw}, kNodata);
    CHECK(no_wildcard.verdict.security == Security::bogus);
    CHECK_THAT(no_wildcard.verdict.detail, ContainsSubstring("NXDOMAIN expected"));
  }
}

TEST_CASE("NSEC empty non-terminals") {
  // w.example. has no records, only names below it: ns2 -> *.w shows it.
  const DenialResult r = prove("w.example.", RrType::a, {kNs2}, kNodata);
  CHECK(r.verdict.security == Security::secure);
  CHECK(r.proven == Proven::empty_non_terminal);
  const DenialResult ds = prove_no_ds("w.example.", {kNs2});
  CHECK(ds.verdict.security == Security::secure);
  const DenialResult nx = prove("w.example.", RrType::a, {kNs2, kApex}, kNxdomain);
  CHECK(nx.verdict.security == Security::bogus);
  CHECK_THAT(nx.verdict.detail, ContainsSubstring("empty non-terminal"));
}

TEST_CASE("NSEC from a delegation or DNAME says nothing about names below it (RFC 6840 §4.1)") {
  // b.example. NSEC ns1.example. covers mc.b.example. in canonical order, but
  // b.example. is delegated: only the child zone knows its names.
  const DenialResult below = prove("mc.b.example.", RrType::a, {kB, kApex}, kNxdomain);
  CHECK(below.verdict.security == Security::bogus);
  CHECK_THAT(below.verdict.detail, ContainsSubstring("no NSEC covers mc.b.example."));
  const DenialResult below_nodata = prove("mc.b.example.", RrType::a, {kB}, kNodata);
  CHECK(below_nodata.verdict.security == Security::bogus);
  const DenialResult dname =
      prove("x.ai.example.", RrType::a, {"ai.example. 3600 IN NSEC b.example. DNAME RRSIG NSEC", kApex}, kNxdomain);
  CHECK(dname.verdict.security == Security::bogus);
  // The same delegation NSEC cannot deny the child's own types either.
  const DenialResult apex_types = prove("b.example.", RrType::a, {kB}, kNodata);
  CHECK(apex_types.verdict.security == Security::bogus);
  CHECK_THAT(apex_types.verdict.detail, ContainsSubstring("parent side of a delegation"));
  // The zone's own apex NSEC (NS and SOA) does speak for names below it.
  const DenialResult at_apex = prove("0.example.", RrType::a, {kApex}, kNxdomain);
  CHECK(at_apex.verdict.security == Security::secure);
}

TEST_CASE("NSEC record cap, and NSEC before NSEC3") {
  std::vector<std::string> many;
  for (int i = 0; i < 17; ++i) many.push_back("n" + std::to_string(i) + ".example. 3600 IN NSEC xx.example. A");
  const DenialResult r = prove("ml.example.", RrType::a, many, kNxdomain);
  CHECK(r.verdict.security == Security::bogus);
  CHECK(r.verdict.reason == Reason::budget_exceeded);
  // A useless NSEC3 record next to a complete NSEC proof changes nothing.
  const DenialResult mixed = prove(
      "ml.example.", RrType::a,
      {kB, kApex, "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. 3600 IN NSEC3 1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr A"},
      kNxdomain);
  CHECK(mixed.verdict.security == Security::secure);
  CHECK(mixed.mechanism == DenialMechanism::nsec);
}
