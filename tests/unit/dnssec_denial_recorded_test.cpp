// Denial proofs on answers recorded from the test world's resolver
// (data/dnssec_denial/record.py): NSEC and NSEC3 zones, NSEC3 with 0 and
// 200 iterations, and an unsigned delegation in an NSEC zone.
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "data/dnssec_denial/denial_fixture.h"
#include "data/dnssec_denial/recorded.h"
#include "dns/message.h"
#include "dnssec/budget.h"
#include "dnssec/denial.h"
#include "util/encoding.h"

using Catch::Matchers::ContainsSubstring;
using daneel::dnssec::Budget;
using daneel::dnssec::DenialClaim;
using daneel::dnssec::DenialKind;
using daneel::dnssec::DenialMechanism;
using daneel::dnssec::DenialParams;
using daneel::dnssec::DenialResult;
using daneel::dnssec::Proven;
using daneel::dnssec::Reason;
using daneel::dnssec::Rrset;
using daneel::dnssec::Security;
using daneel::dns::Name;
using daneel::dns::Rcode;
using daneel::dns::RrType;
using denial_fixture::name;

namespace {

struct Answer {
  daneel::dns::Message message;
  std::vector<Rrset> authority;
  Name apex;  // the signer of the denial records
};

Answer load(std::string_view hex) {
  const auto wire = daneel::encoding::from_hex(hex);
  REQUIRE(wire.ok());
  auto message = daneel::dns::parse_message(wire.value());
  REQUIRE(message.ok());
  Answer answer{message.value(), daneel::dnssec::group_rrsets(message.value().authority), Name()};
  bool found = false;
  for (const Rrset& rrset : answer.authority) {
    if (rrset.type != RrType::nsec && rrset.type != RrType::nsec3) continue;
    REQUIRE_FALSE(rrset.signatures.empty());  // what the caller validates before asking us
    answer.apex = rrset.signatures.front().signer;
    found = true;
  }
  REQUIRE(found);
  return answer;
}

DenialResult prove(const Answer& answer, DenialKind kind, const DenialParams& params = {}) {
  Budget budget;
  const auto& question = answer.message.questions.at(0);
  return daneel::dnssec::prove_denial(question.name, question.type, answer.apex, answer.authority,
                                      DenialClaim{kind, 0}, params, budget);
}

}  // namespace

TEST_CASE("Recorded NSEC3 answers (0 iterations, empty salt)") {
  SECTION("NXDOMAIN for the TLSA name below mx") {
    const Answer answer = load(denial_recorded::kNsec3NxdomainTlsa);
    CHECK(answer.message.rcode == Rcode::nxdomain);
    const DenialResult r = prove(answer, DenialKind::nxdomain);
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.proven == Proven::name_does_not_exist);
    CHECK(r.mechanism == DenialMechanism::nsec3);
    REQUIRE(r.evidence.closest_encloser);
    CHECK(*r.evidence.closest_encloser == name("mx.nsec3-denial.example."));
    CHECK(*r.evidence.next_closer == name("_tcp.mx.nsec3-denial.example."));
    CHECK(r.evidence.nsec3_iterations == 0);
    // The same records do not prove NODATA: the name does not exist.
    CHECK(prove(answer, DenialKind::nodata).verdict.security == Security::bogus);
  }
  SECTION("NODATA for AAAA at mx") {
    const Answer answer = load(denial_recorded::kNsec3NodataAaaa);
    const DenialResult r = prove(answer, DenialKind::nodata);
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.proven == Proven::no_data);
    CHECK(prove(answer, DenialKind::nxdomain).verdict.security == Security::bogus);
  }
}

TEST_CASE("Recorded NSEC3 answer with 200 iterations: insecure, the count reported") {
  const Answer answer = load(denial_recorded::kNsec3Iterations200NodataAaaa);
  const DenialResult r = prove(answer, DenialKind::nodata);
  CHECK(r.verdict.security == Security::insecure);
  CHECK(r.verdict.reason == Reason::unsupported_nsec3_iterations);
  CHECK(r.evidence.nsec3_iterations == 200);
  CHECK_THAT(r.verdict.detail, ContainsSubstring("iterations 200 exceed the limit of 50"));
  // With a limit that allows them, the proof itself holds.
  DenialParams generous;
  generous.max_nsec3_iterations = 200;
  const DenialResult evaluated = prove(answer, DenialKind::nodata, generous);
  CHECK(evaluated.verdict.security == Security::secure);
  CHECK(evaluated.proven == Proven::no_data);
}

TEST_CASE("Recorded NSEC answers") {
  SECTION("NXDOMAIN for the TLSA name") {
    const Answer answer = load(denial_recorded::kNsecNxdomainTlsa);
    CHECK(answer.message.rcode == Rcode::nxdomain);
    const DenialResult r = prove(answer, DenialKind::nxdomain);
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.proven == Proven::name_does_not_exist);
    CHECK(r.mechanism == DenialMechanism::nsec);
  }
  SECTION("NODATA for AAAA at mx") {
    const Answer answer = load(denial_recorded::kNsecNodataAaaa);
    const DenialResult r = prove(answer, DenialKind::nodata);
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.proven == Proven::no_data);
  }
  SECTION("no DS for an unsigned delegation: insecure") {
    const Answer answer = load(denial_recorded::kNsecNoDsUnsigned);
    CHECK(answer.apex == name("example."));
    Budget budget;
    const DenialResult r =
        daneel::dnssec::prove_no_ds(name("unsigned-tlsa.example."), answer.apex, answer.authority, {}, budget);
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.verdict.reason == Reason::no_ds_proven);
    CHECK(r.proven == Proven::insecure_delegation);
  }
}

TEST_CASE("The validation policy's NSEC3 iteration limit reaches the proof") {
  const Answer answer = load(denial_recorded::kNsec3Iterations200NodataAaaa);
  daneel::dnssec::ValidationPolicy policy;
  CHECK(prove(answer, DenialKind::nodata, daneel::dnssec::denial_params(policy)).verdict.reason ==
        Reason::unsupported_nsec3_iterations);
  policy.nsec3_iteration_limit = 200;
  CHECK(prove(answer, DenialKind::nodata, daneel::dnssec::denial_params(policy)).verdict.security == Security::secure);
}
