// Unit checks of the conformance harness: the .rpl parser, the mock upstream's
// mapping rules, and the DSA verification used by the re-signing.
#include <catch2/catch_test_macros.hpp>

#include <variant>

#include "resign.h"
#include "rpl.h"
#include "upstream.h"

using namespace daneel;
using namespace daneel::conformance;

namespace {

constexpr std::string_view kScenario = R"(; comment
server:
	trust-anchor: "example.com.    3600    IN      DS      2854 3 1 46e4ffc6e9a4793b488954bd3f0cc6af0dfb201b"
	val-override-date: "20070916134226"
	fake-sha1: yes
stub-zone:
	name: "."
	stub-addr: 193.0.14.129
CONFIG_END

SCENARIO_BEGIN Test scenario
RANGE_BEGIN 0 100
	ADDRESS 192.5.6.30
ENTRY_BEGIN
MATCH opcode qtype qname
ADJUST copy_id
REPLY QR NOERROR
SECTION QUESTION
www.sub.example.com. IN A
SECTION AUTHORITY
sub.example.com.	IN NS	ns.sub.example.com.
sub.example.com.	3600	IN	NSEC	www.example.com. NS RRSIG NSEC
sub.example.com.	3600	IN	RRSIG	NSEC 3 3 3600 20070926134150 20070829134150 2854 example.com. MC0CFQCN+qHdJxoI/2tNKwsb08pra/G7aAIUAWA5sDdJTbrXA1/3OaesGBAO3sI=
SECTION ADDITIONAL
ns.sub.example.com.	IN	A	1.2.3.4
ENTRY_END
ENTRY_BEGING
MATCH opcode qtype qname
ADJUST copy_id
REPLY QR AA NOERROR
SECTION QUESTION
www.example.com. IN A
SECTION ANSWER
www.example.com. IN CNAME other.example.net.
SECTION ADDITIONAL
www.example.com.	3600	IN	RRSIG	CNAME 3 3 3600 20070926134150 20070829134150 2854 example.com. MC0CFC99iE9K5y2WNgI0gFvBWaTi9wm6AhUAoUqOpDtG5Zct+Qr9F3mSdnbc6V4= ;{id = 2854}
ENTRY_END
ENTRY_BEGIN
MATCH opcode subdomain
ADJUST copy_id copy_query
REPLY QR AA NXDOMAIN
SECTION QUESTION
example.net. IN A
ENTRY_END
RANGE_END

STEP 1 QUERY
ENTRY_BEGIN
REPLY RD DO
SECTION QUESTION
www.example.com. IN A
ENTRY_END
STEP 5 TIME_PASSES ELAPSE 10
STEP 10 CHECK_ANSWER
ENTRY_BEGIN
MATCH all
REPLY QR RD RA AD DO NOERROR
SECTION QUESTION
www.example.com. IN A
ENTRY_END
SCENARIO_END
)";

dns::Name name(std::string_view t) { return dns::Name::from_text(t).value(); }

}  // namespace

TEST_CASE("rpl parser: config, ranges, entries, steps") {
  Result<Scenario> r = parse_rpl(kScenario);
  REQUIRE(r.ok());
  const Scenario& s = r.value();
  CHECK(s.title == "Test scenario");
  REQUIRE(s.config_values("trust-anchor").size() == 1);
  CHECK(s.config_values("val-override-date").front() == "20070916134226");
  CHECK(s.config_values("fake-sha1").front() == "yes");
  CHECK(s.config_values("stub-addr").front() == "193.0.14.129");
  REQUIRE(s.ranges.size() == 1);
  CHECK(s.ranges[0].first_step == 0);
  CHECK(s.ranges[0].last_step == 100);
  REQUIRE(s.ranges[0].entries.size() == 3);  // ENTRY_BEGING counts, as in testpkts' prefix match
  const Entry& e = s.ranges[0].entries[0];
  CHECK(e.match_opcode);
  CHECK(e.match_qtype);
  CHECK(e.match_qname);
  CHECK(e.header.qr);
  CHECK(e.authority.size() == 3);
  CHECK(e.additional.size() == 1);
  CHECK(s.ranges[0].entries[2].match_subdomain);
  CHECK(s.ranges[0].entries[2].rcode == dns::Rcode::nxdomain);
  REQUIRE(s.steps.size() == 3);
  CHECK(s.steps[0].kind == StepKind::query);
  CHECK(s.steps[0].entry.do_bit);
  CHECK(s.steps[1].kind == StepKind::time_passes);
  CHECK(s.steps[1].elapse_ms == 10000);
  CHECK(s.steps[2].kind == StepKind::check_answer);
  CHECK(s.steps[2].entry.header.ad);
}

TEST_CASE("rpl parser: errors and bounds") {
  CHECK_FALSE(parse_rpl("server:\nCONFIG_END\nRANGE_BEGIN 0 1\nENTRY_BEGIN\nSECTION ANSWER\nnot a record\nENTRY_END\nRANGE_END\n").ok());
  CHECK_FALSE(parse_rpl("server:\nCONFIG_END\nRANGE_BEGIN 0 1\nENTRY_BEGIN\n").ok());
  CHECK_FALSE(parse_rpl(std::string(kMaxRplSize + 1, ' ')).ok());
  CHECK(parse_override_date("20070916134226").value() == 1189950146);
  CHECK(parse_override_date("19700101000000").value() == 0);
  CHECK_FALSE(parse_override_date("2007091613422").ok());
}

TEST_CASE("mock upstream: final answers, CNAME following, DS from a referral, signatures attached") {
  Scenario s = parse_rpl(kScenario).value();
  Upstream up(s);
  SECTION("a CNAME answer is followed to its target, the RRSIG moved next to its RRset") {
    UpstreamAnswer a = up.answer(dns::Question{name("www.example.com."), dns::RrType::a}, 1);
    CHECK(a.message.rcode == dns::Rcode::nxdomain);  // the target's answer (subdomain match)
    REQUIRE(a.message.answers.size() == 2);
    CHECK(a.message.answers[0].type == dns::RrType::cname);
    CHECK(a.message.answers[1].type == dns::RrType::rrsig);
    CHECK(a.message.additional.empty());
  }
  SECTION("DS at a delegation without DS: the referral's NSEC proof as NODATA") {
    UpstreamAnswer a = up.answer(dns::Question{name("sub.example.com."), dns::RrType::ds}, 1);
    CHECK(a.message.rcode == dns::Rcode::noerror);
    CHECK(a.message.answers.empty());
    REQUIRE(a.message.authority.size() == 2);
    CHECK(a.message.authority[0].type == dns::RrType::nsec);
  }
  SECTION("a referral alone is no answer") {
    UpstreamAnswer a = up.answer(dns::Question{name("www.sub.example.com."), dns::RrType::a}, 1);
    CHECK(a.message.rcode == dns::Rcode::servfail);
  }
  SECTION("step ranges apply") {
    UpstreamAnswer a = up.answer(dns::Question{name("www.example.com."), dns::RrType::a}, 101);
    CHECK(a.message.rcode == dns::Rcode::servfail);
  }
}

TEST_CASE("DSA verification (used only to decide what re-signing preserves)") {
  // A bad key or signature form never verifies.
  CHECK_FALSE(dsa_verify({}, {}, {}));
  const Bytes key(1 + 20 + 3 * 64, 1);
  const Bytes sig(41, 1);
  CHECK_FALSE(dsa_verify(key, Bytes{1, 2, 3}, sig));
}

namespace {

constexpr std::string_view kWalk = R"(server:
	val-override-date: "20070916134226"
stub-zone:
	name: "."
	stub-addr: 10.0.0.1 	# root
forward-zone:
	name: "sub.example.com"
	forward-addr: 10.0.0.3
CONFIG_END
SCENARIO_BEGIN walk
RANGE_BEGIN 0 100
	ADDRESS 10.0.0.1
ENTRY_BEGIN
MATCH opcode subdomain
REPLY QR NOERROR
SECTION QUESTION
example.com. IN NS
SECTION AUTHORITY
example.com. IN NS ns.example.com.
example.com. IN DS 1 13 2 0000000000000000000000000000000000000000000000000000000000000000
SECTION ADDITIONAL
ns.example.com. IN A 10.0.0.2
ENTRY_END
RANGE_END
RANGE_BEGIN 0 100
	ADDRESS 10.0.0.2
ENTRY_BEGIN
MATCH opcode qtype qname
REPLY QR AA NOERROR
SECTION QUESTION
www.example.com. IN A
SECTION ANSWER
www.example.com. IN A 192.0.2.1
ENTRY_END
ENTRY_BEGIN
MATCH opcode qtype qname
REPLY QR AA NOERROR
SECTION QUESTION
sub.example.com. IN DS
SECTION ANSWER
sub.example.com. IN DS 2 13 2 0000000000000000000000000000000000000000000000000000000000000000
ENTRY_END
RANGE_END
RANGE_BEGIN 0 100
	ADDRESS 10.0.0.3
ENTRY_BEGIN
MATCH opcode qtype qname
REPLY QR AA NOERROR
SECTION QUESTION
sub.example.com. IN DS
SECTION AUTHORITY
sub.example.com. IN SOA a. b. 1 2 3 4 5
ENTRY_END
RANGE_END
SCENARIO_END
)";

}  // namespace

TEST_CASE("mock upstream: the walk follows referrals from the stub and asks DS of the parent") {
  Scenario s = parse_rpl(kWalk).value();
  Upstream up(s);
  SECTION("answer from the server the referral leads to") {
    UpstreamAnswer a = up.answer(dns::Question{name("www.example.com."), dns::RrType::a}, 1);
    CHECK(a.rule.find("walk 10.0.0.1") == 0);
    REQUIRE(a.message.answers.size() == 1);
    CHECK(a.message.answers[0].type == dns::RrType::a);
  }
  SECTION("DS at the cut comes from the parent's referral") {
    UpstreamAnswer a = up.answer(dns::Question{name("example.com."), dns::RrType::ds}, 1);
    REQUIRE(a.message.answers.size() == 1);
    CHECK(a.message.answers[0].type == dns::RrType::ds);
    CHECK(a.rule.find("parent's referral") != std::string::npos);
  }
  SECTION("DS of a forward zone's apex goes to the parent, not the forwarder") {
    UpstreamAnswer a = up.answer(dns::Question{name("sub.example.com."), dns::RrType::ds}, 1);
    REQUIRE(a.message.answers.size() == 1);
    CHECK(std::get<dns::Ds>(a.message.answers[0].rdata).key_tag == 2);
  }
}
