// The DoH endpoint's pure parts: the query from a GET target or a POST body
// (proxy/policy/doh_query) and the per-client query rate
// (proxy/policy/query_rate).
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "dns/message.h"
#include "policy/doh_query.h"
#include "policy/query_rate.h"
#include "util/encoding.h"

using namespace daneel::proxy::policy;
using daneel::Bytes;

namespace {

Bytes wire_query(std::string_view name) {
  const auto query = daneel::dns::make_query(daneel::dns::Name::from_text(name).value(), daneel::dns::RrType::mx);
  return daneel::dns::build_message(query).value();
}

DohQueryProblem problem(const DohQuery& q) {
  REQUIRE(std::holds_alternative<DohQueryProblem>(q));
  return std::get<DohQueryProblem>(q);
}

ClientKey client(unsigned n) {
  return key_of(parse_ip("192.0.2." + std::to_string(n)).value());
}

}  // namespace

TEST_CASE("DoH query: GET ?dns= and POST bodies give the query's bytes", "[proxy][doh]") {
  const Bytes wire = wire_query("example.org");
  const std::string b64 = daneel::encoding::to_base64url(wire);
  CHECK(std::get<Bytes>(query_from_target("/dns-query?dns=" + b64)) == wire);
  CHECK(std::get<Bytes>(query_from_target("/dns-query?ct=x&dns=" + b64 + "&y")) == wire);  // others ignored
  CHECK(std::get<Bytes>(query_from_body(wire)) == wire);
}

TEST_CASE("DoH query: refused forms", "[proxy][doh]") {
  const Bytes wire = wire_query("example.org");
  const std::string b64 = daneel::encoding::to_base64url(wire);
  CHECK(problem(query_from_target("/dns-query")) == DohQueryProblem::bad_query_string);
  CHECK(problem(query_from_target("/dns-query?")) == DohQueryProblem::bad_query_string);
  CHECK(problem(query_from_target("/dns-query?dns=")) == DohQueryProblem::bad_query_string);
  CHECK(problem(query_from_target("/dns-query?dns=" + b64 + "&dns=" + b64)) == DohQueryProblem::bad_query_string);
  CHECK(problem(query_from_target("/dns-query?dnsx=" + b64)) == DohQueryProblem::bad_query_string);
  CHECK(problem(query_from_target("/dns-query?dns=" + b64 + "==")) == DohQueryProblem::bad_base64);  // padding
  CHECK(problem(query_from_target("/dns-query?dns=%41AAB")) == DohQueryProblem::bad_base64);
  CHECK(problem(query_from_body(Bytes{1, 2, 3})) == DohQueryProblem::malformed);

  Bytes response = wire;
  response[2] |= 0x80;  // QR
  CHECK(problem(query_from_body(response)) == DohQueryProblem::not_a_query);
  Bytes notify = wire;
  notify[2] = static_cast<std::uint8_t>((notify[2] & 0x87) | (4 << 3));  // opcode NOTIFY
  CHECK(problem(query_from_body(notify)) == DohQueryProblem::not_a_query);
}

TEST_CASE("DoH query: the size cap, met exactly and exceeded by one", "[proxy][doh]") {
  // At the cap a body is judged on its content (here: not a message); one
  // octet more is refused on its size alone, before parsing.
  CHECK(problem(query_from_body(Bytes(kMaxDohQuery, 0))) == DohQueryProblem::malformed);
  CHECK(problem(query_from_body(Bytes(kMaxDohQuery + 1, 0))) == DohQueryProblem::too_large);
  const std::string at_cap = daneel::encoding::to_base64url(Bytes(kMaxDohQuery, 0));
  const std::string over = daneel::encoding::to_base64url(Bytes(kMaxDohQuery + 1, 0));
  CHECK(problem(query_from_target("/dns-query?dns=" + at_cap)) == DohQueryProblem::malformed);
  CHECK(problem(query_from_target("/dns-query?dns=" + over)) == DohQueryProblem::too_large);
}

TEST_CASE("query rate: per client per minute, exceeded by one; a new window after 60 s", "[proxy][doh]") {
  QueryRate rate(3, 100, 7);
  for (int i = 0; i < 3; ++i) CHECK(rate.admit(client(1), 1'000 + i) == QueryRateDecision::allowed);
  CHECK(rate.admit(client(1), 1'010) == QueryRateDecision::client_rate);
  CHECK(rate.admit(client(2), 1'010) == QueryRateDecision::allowed);
  CHECK(rate.admit(client(1), 1'000 + kQueryWindowMs - 1) == QueryRateDecision::client_rate);
  CHECK(rate.admit(client(1), 1'000 + kQueryWindowMs) == QueryRateDecision::allowed);
}

TEST_CASE("query rate: a full table refuses new clients until windows end, never evicts a live one", "[proxy][doh]") {
  QueryRate rate(1, 2, 7);
  CHECK(rate.admit(client(1), 0) == QueryRateDecision::allowed);
  CHECK(rate.admit(client(2), 10) == QueryRateDecision::allowed);
  CHECK(rate.admit(client(3), 20) == QueryRateDecision::table_full);
  CHECK(rate.admit(client(1), 30) == QueryRateDecision::client_rate);  // still counted
  CHECK(rate.admit(client(3), kQueryWindowMs) == QueryRateDecision::allowed);  // client 1's window ended
  CHECK(rate.clients() == 2);
  CHECK(to_string(QueryRateDecision::client_rate) == "client_rate_minute");
}
