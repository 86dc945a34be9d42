// The validator's pure answer steps (dnssec/answer_steps.h): the next step
// along a CNAME/DNAME chain within one response, and when a trust anchor
// overrules an insecure denial. No queries, no signatures.
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "dns/record.h"
#include "dnssec/answer_steps.h"

namespace {

using namespace daneel;
using dnssec::ChainStep;

dns::Name name(std::string_view text) { return dns::Name::from_text(text).value(); }

std::vector<dnssec::Rrset> answers(const std::vector<std::string>& lines) {
  std::vector<dns::Record> records;
  for (const std::string& line : lines) records.push_back(dns::record_from_text(line).value());
  return dnssec::group_rrsets(records);
}

}  // namespace

TEST_CASE("next chain step: the answer itself, a CNAME, or nothing") {
  const auto direct = answers({"a.example. 300 IN A 192.0.2.1", "a.example. 300 IN CNAME b.example."});
  const ChainStep found = dnssec::next_chain_step(direct, name("a.example."), dns::RrType::a);
  REQUIRE(found.kind == ChainStep::Kind::answer);
  CHECK(found.answer->type == dns::RrType::a);

  const auto cname = answers({"a.example. 300 IN CNAME b.example.", "b.example. 300 IN A 192.0.2.1"});
  const ChainStep link = dnssec::next_chain_step(cname, name("a.example."), dns::RrType::a);
  REQUIRE(link.kind == ChainStep::Kind::link);
  CHECK(link.link->type == dns::RrType::cname);
  CHECK(link.link->target == name("b.example."));
  // Asked for the CNAME itself, the CNAME is the answer, never a link.
  CHECK(dnssec::next_chain_step(cname, name("a.example."), dns::RrType::cname).kind == ChainStep::Kind::answer);
  // Nothing about another name.
  CHECK(dnssec::next_chain_step(cname, name("c.example."), dns::RrType::a).kind == ChainStep::Kind::none);
  // Asked for MX at a name with only a CNAME answer... the CNAME is followed.
  CHECK(dnssec::next_chain_step(cname, name("a.example."), dns::RrType::mx).kind == ChainStep::Kind::link);
}

TEST_CASE("next chain step: a CNAME RRset of two records is malformed") {
  const auto two = answers({"a.example. 300 IN CNAME b.example.", "a.example. 300 IN CNAME c.example."});
  const ChainStep step = dnssec::next_chain_step(two, name("a.example."), dns::RrType::a);
  REQUIRE(step.kind == ChainStep::Kind::malformed);
  CHECK(step.malformed->security == dnssec::Security::bogus);
  CHECK(step.malformed->detail.find("exactly one record") != std::string::npos);
}

TEST_CASE("next chain step: the deepest DNAME above the name substitutes, and a CNAME beside it must agree") {
  const auto dnames = answers({"example. 300 IN DNAME example.net.", "sub.example. 300 IN DNAME other.org."});
  const ChainStep deep = dnssec::next_chain_step(dnames, name("www.sub.example."), dns::RrType::a);
  REQUIRE(deep.kind == ChainStep::Kind::link);
  CHECK(deep.link->type == dns::RrType::dname);
  CHECK(deep.link->rrset.owner == name("sub.example."));
  CHECK(deep.link->target == name("www.other.org."));
  // A DNAME does not apply to its own owner.
  CHECK(dnssec::next_chain_step(dnames, name("example."), dns::RrType::a).kind == ChainStep::Kind::none);

  const auto agreeing = answers({"example. 300 IN DNAME example.net.", "www.example. 300 IN CNAME www.example.net."});
  CHECK(dnssec::next_chain_step(agreeing, name("www.example."), dns::RrType::a).kind == ChainStep::Kind::link);
  const auto disagreeing = answers({"example. 300 IN DNAME example.net.", "www.example. 300 IN CNAME elsewhere.org."});
  const ChainStep bad = dnssec::next_chain_step(disagreeing, name("www.example."), dns::RrType::a);
  REQUIRE(bad.kind == ChainStep::Kind::malformed);
  CHECK(bad.malformed->detail.find("does not match the DNAME") != std::string::npos);
}

TEST_CASE("next chain step: a DNAME substitution longer than a name may be is malformed") {
  const std::string long_label(60, 'x');
  std::string target;
  for (int i = 0; i < 3; ++i) target += long_label + ".";
  const auto dname = answers({"example. 300 IN DNAME " + target});
  const std::string owner = long_label + "." + long_label + ".example.";
  const ChainStep step = dnssec::next_chain_step(dname, name(owner), dns::RrType::a);
  REQUIRE(step.kind == ChainStep::Kind::malformed);
  CHECK(step.malformed->detail.find("too long") != std::string::npos);
}

TEST_CASE("anchor contradiction: an insecure proof from above a trust anchor is bogus") {
  const std::string digest(64, 'a');
  const auto anchors = dnssec::TrustAnchors::from_text(". IN DS 20326 8 2 " + digest + "\n" +
                                                       "signed.example. IN DS 12345 13 2 " + digest + "\n")
                           .value();
  dnssec::DenialResult insecure;
  insecure.verdict = dnssec::Verdict::insecure(dnssec::Reason::no_ds_proven, "opt-out span");
  // Proven from the root, with an anchor at signed.example. between: bogus.
  const auto contradiction = dnssec::anchor_contradiction(anchors, name("www.signed.example."), name("."), insecure);
  REQUIRE(contradiction.has_value());
  CHECK(contradiction->security == dnssec::Security::bogus);
  CHECK(contradiction->detail.find("above the trust anchor signed.example.") != std::string::npos);
  // Proven from the anchor's own zone, or for a name under no deeper anchor: the proof stands.
  CHECK_FALSE(dnssec::anchor_contradiction(anchors, name("www.signed.example."), name("signed.example."), insecure));
  CHECK_FALSE(dnssec::anchor_contradiction(anchors, name("www.other.example."), name("."), insecure));
  // A secure or bogus proof is never overruled.
  dnssec::DenialResult secure;
  secure.verdict = dnssec::Verdict::secure();
  CHECK_FALSE(dnssec::anchor_contradiction(anchors, name("www.signed.example."), name("."), secure));
}
