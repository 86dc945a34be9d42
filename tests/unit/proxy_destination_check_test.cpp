// proxy/policy/destination_check: H in D's MX RRset (D itself without MX,
// null MX refused), A in H's A/AAAA RRset, CNAME chains bounded, and every
// answer that is not a DNS answer judged as the resolver's failure.
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <string_view>

#include "dns/message.h"
#include "dns/record.h"
#include "policy/destination_check.h"

using namespace daneel::proxy::policy;
using namespace daneel::dns;

namespace {

Name name(std::string_view text) {
  return Name::from_text(text).value();
}

IpAddress ip(std::string_view text) {
  const auto parsed = parse_ip(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

Record mx(std::string_view owner, std::uint16_t preference, std::string_view exchange) {
  return make_record(name(owner), RrType::mx, RrClass::in, 300, Mx{preference, name(exchange)}).value();
}
Record cname(std::string_view owner, std::string_view target) {
  return make_record(name(owner), RrType::cname, RrClass::in, 300, Cname{name(target)}).value();
}
Record a(std::string_view owner, std::array<std::uint8_t, 4> address) {
  return make_record(name(owner), RrType::a, RrClass::in, 300, A{address}).value();
}
Record aaaa(std::string_view owner, std::string_view text) {
  const IpAddress address = ip(text);
  return make_record(name(owner), RrType::aaaa, RrClass::in, 300, Aaaa{address.bytes}).value();
}

QueryResult answer(std::vector<Record> records) {
  QueryResult r;
  r.outcome = QueryOutcome::answer;
  r.message = Message{};
  r.message->answers = std::move(records);
  return r;
}
QueryResult without(QueryOutcome outcome) {
  QueryResult r;
  r.outcome = outcome;
  r.message = Message{};
  return r;
}

const Name kDomain = name("example.org");
const Name kMx1 = name("mx1.example.org");
const Name kMx2 = name("mx2.example.net");

}  // namespace

TEST_CASE("destination check: the host must be in the domain's MX RRset", "[proxy][dns]") {
  const QueryResult rrset = answer({mx("example.org", 10, "mx1.example.org"), mx("example.org", 20, "mx2.example.net")});
  CHECK(judge_mx(kDomain, kMx1, rrset) == MxJudgement::listed);
  CHECK(judge_mx(kDomain, kMx2, rrset) == MxJudgement::listed);
  CHECK(judge_mx(kDomain, name("MX1.Example.ORG"), rrset) == MxJudgement::listed);  // case-insensitive
  CHECK(judge_mx(kDomain, name("mx3.example.org"), rrset) == MxJudgement::not_listed);
  CHECK(judge_mx(kDomain, kDomain, rrset) == MxJudgement::not_listed);  // MX records exist: no implicit MX
  // Records of another owner (not the chain's end) do not count.
  CHECK(judge_mx(kDomain, name("mx.other.example"), answer({mx("other.example", 10, "mx.other.example")})) ==
        MxJudgement::not_listed);
}

TEST_CASE("destination check: without MX the domain itself is the mail host", "[proxy][dns]") {
  CHECK(judge_mx(kDomain, kDomain, without(QueryOutcome::nodata)) == MxJudgement::implicit);
  CHECK(judge_mx(kDomain, kMx1, without(QueryOutcome::nodata)) == MxJudgement::not_listed);
  CHECK(judge_mx(kDomain, kMx1, without(QueryOutcome::nxdomain)) == MxJudgement::domain_not_found);
  // A CNAME to a name without MX: the domain is still the implicit MX.
  CHECK(judge_mx(kDomain, kDomain, answer({cname("example.org", "alias.example.net")})) == MxJudgement::implicit);
}

TEST_CASE("destination check: a null MX refuses every host; a '.' beside real MX is skipped", "[proxy][dns]") {
  const QueryResult null_mx = answer({mx("example.org", 0, ".")});
  CHECK(judge_mx(kDomain, kMx1, null_mx) == MxJudgement::null_mx);
  CHECK(judge_mx(kDomain, kDomain, null_mx) == MxJudgement::null_mx);
  const QueryResult mixed = answer({mx("example.org", 0, "."), mx("example.org", 10, "mx1.example.org")});
  CHECK(judge_mx(kDomain, kMx1, mixed) == MxJudgement::listed);
  CHECK(judge_mx(kDomain, kMx2, mixed) == MxJudgement::not_listed);
}

TEST_CASE("destination check: MX through a CNAME chain, bounded", "[proxy][dns]") {
  const QueryResult chained = answer({cname("example.org", "c1.example.net"), cname("c1.example.net", "c2.example.net"),
                                      mx("c2.example.net", 10, "mx1.example.org")});
  CHECK(judge_mx(kDomain, kMx1, chained) == MxJudgement::listed);

  // A chain one link longer than kMaxCnameChain is not followed to its end.
  std::vector<Record> long_chain;
  std::string from = "example.org";
  for (std::size_t i = 0; i <= kMaxCnameChain; ++i) {
    const std::string to = "c" + std::to_string(i) + ".example.net";
    long_chain.push_back(cname(from, to));
    from = to;
  }
  long_chain.push_back(mx(from, 10, "mx1.example.org"));
  CHECK(judge_mx(kDomain, kMx1, answer(long_chain)) == MxJudgement::not_listed);
  // Exactly kMaxCnameChain links are followed.
  std::vector<Record> exact(long_chain.begin(), long_chain.begin() + static_cast<std::ptrdiff_t>(kMaxCnameChain));
  exact.push_back(mx("c" + std::to_string(kMaxCnameChain - 1) + ".example.net", 10, "mx1.example.org"));
  CHECK(judge_mx(kDomain, kMx1, answer(exact)) == MxJudgement::listed);

  // A loop ends the walk without hanging.
  const QueryResult loop = answer({cname("example.org", "loop.example.net"), cname("loop.example.net", "example.org")});
  CHECK(judge_mx(kDomain, kMx1, loop) == MxJudgement::not_listed);
}

TEST_CASE("destination check: every failure to get an MX answer is the resolver's", "[proxy][dns]") {
  for (const QueryOutcome o : {QueryOutcome::servfail, QueryOutcome::refused, QueryOutcome::other_rcode,
                               QueryOutcome::mismatch, QueryOutcome::malformed, QueryOutcome::http_error,
                               QueryOutcome::transport_error, QueryOutcome::timeout, QueryOutcome::budget_exceeded}) {
    CHECK(judge_mx(kDomain, kMx1, without(o)) == MxJudgement::resolver_failed);
    CHECK(judge_address(kMx1, ip("192.0.2.1"), without(o)) == AddressJudgement::resolver_failed);
  }
  QueryResult no_message;
  no_message.outcome = QueryOutcome::answer;
  CHECK(judge_mx(kDomain, kMx1, no_message) == MxJudgement::resolver_failed);
}

TEST_CASE("destination check: the address must be one of the host's", "[proxy][dns]") {
  const QueryResult v4 = answer({a("mx1.example.org", {192, 0, 2, 1}), a("mx1.example.org", {192, 0, 2, 2})});
  CHECK(judge_address(kMx1, ip("192.0.2.1"), v4) == AddressJudgement::listed);
  CHECK(judge_address(kMx1, ip("192.0.2.2"), v4) == AddressJudgement::listed);
  CHECK(judge_address(kMx1, ip("192.0.2.3"), v4) == AddressJudgement::not_listed);
  // Another host's address in the same answer does not count.
  CHECK(judge_address(kMx1, ip("192.0.2.9"), answer({a("mx9.example.org", {192, 0, 2, 9})})) ==
        AddressJudgement::not_listed);

  const QueryResult v6 = answer({aaaa("mx1.example.org", "2001:db8::25")});
  CHECK(judge_address(kMx1, ip("2001:db8::25"), v6) == AddressJudgement::listed);
  CHECK(judge_address(kMx1, ip("2001:db8::26"), v6) == AddressJudgement::not_listed);
  // An IPv4 address never matches an AAAA record, even IPv4-mapped.
  const QueryResult mapped = answer({aaaa("mx1.example.org", "::ffff:192.0.2.1")});
  CHECK(judge_address(kMx1, ip("192.0.2.1"), mapped) == AddressJudgement::not_listed);

  CHECK(judge_address(kMx1, ip("192.0.2.1"), without(QueryOutcome::nodata)) == AddressJudgement::not_listed);
  CHECK(judge_address(kMx1, ip("192.0.2.1"), without(QueryOutcome::nxdomain)) == AddressJudgement::host_not_found);

  const QueryResult via_cname = answer({cname("mx1.example.org", "host.example.net"), a("host.example.net", {192, 0, 2, 7})});
  CHECK(judge_address(kMx1, ip("192.0.2.7"), via_cname) == AddressJudgement::listed);
}

TEST_CASE("destination check: judgements have their words", "[proxy][dns]") {
  CHECK(to_string(MxJudgement::not_listed) == "not_mx");
  CHECK(to_string(MxJudgement::null_mx) == "null_mx");
  CHECK(to_string(AddressJudgement::not_listed) == "address_not_of_host");
  CHECK(is_mail_host(MxJudgement::implicit));
  CHECK_FALSE(is_mail_host(MxJudgement::null_mx));
}
