// The query engine and DoH messages, driven by hand: every event is synthetic,
// every `now` chosen by the test, so retries, time-outs and fail-over are exact.
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

#include "dns/doh.h"
#include "dns/query_engine.h"
#include "util/encoding.h"

using namespace daneel;
using namespace daneel::dns;

namespace {

const std::string kFirst = "https://127.0.0.1/dns-query";
const std::string kSecond = "https://[::1]:8443/dns-query";

Name name(std::string_view text) { return Name::from_text(text).value(); }

ResolverConfig two_servers() {
  ResolverConfig config;
  config.servers = {kFirst, kSecond};
  config.attempt_timeout = 1000;
  config.server_penalty = 10'000;
  return config;
}

// The question inside a POST request's body.
Question question_of(const HttpRequestAction& action) {
  auto query = parse_message(action.request.body);
  REQUIRE(query.ok());
  REQUIRE(query.value().questions.size() == 1);
  return query.value().questions.front();
}

// A DoH response answering `action`'s question, with `records` (presentation lines) as answers.
HttpResponse respond(const HttpRequestAction& action, std::vector<std::string> records = {},
                     Rcode rcode = Rcode::noerror) {
  auto query = parse_message(action.request.body);
  REQUIRE(query.ok());
  Message response = query.value();
  response.header.qr = true;
  response.header.ra = true;
  response.rcode = rcode;
  for (const auto& line : records) {
    auto record = record_from_text(line);
    REQUIRE(record.ok());
    response.answers.push_back(record.value());
  }
  auto wire = build_message(response);
  REQUIRE(wire.ok());
  return HttpResponse{200, "application/dns-message", wire.value()};
}

HttpRequestAction only_request(QueryEngine& engine) {
  auto requests = engine.take_requests();
  REQUIRE(requests.size() == 1);
  return requests.front();
}

}  // namespace

TEST_CASE("DoH requests: POST carries the query, GET carries it as base64url") {
  const Message query = make_query(name("example.nl."), RrType::mx);
  const Bytes wire = build_message(query).value();
  CHECK(query.header.id == 0);
  CHECK(query.header.cd);
  REQUIRE(query.edns.has_value());
  CHECK(query.edns->dnssec_ok);

  const auto post = make_doh_request(kFirst, wire, HttpMethod::post);
  REQUIRE(post.ok());
  CHECK(post.value().url == kFirst);
  CHECK(post.value().body == wire);

  const auto get = make_doh_request(kFirst, wire, HttpMethod::get);
  REQUIRE(get.ok());
  CHECK(get.value().url == kFirst + "?dns=" + encoding::to_base64url(wire));
  CHECK(get.value().body.empty());
  CHECK(get.value().url.find('=', get.value().url.find("dns=") + 4) == std::string::npos);  // no padding

  const auto templated = make_doh_request("https://127.0.0.1/q{?dns}", wire, HttpMethod::get);
  CHECK(templated.value().url.starts_with("https://127.0.0.1/q?dns="));
  const auto with_query = make_doh_request("https://127.0.0.1/q?x=1", wire, HttpMethod::get);
  CHECK(with_query.value().url.starts_with("https://127.0.0.1/q?x=1&dns="));
}

TEST_CASE("DoH requests refuse bad servers and queries") {
  const Bytes wire = build_message(make_query(name("example.nl."), RrType::a)).value();
  struct Case {
    std::string server;
    std::size_t query_size;
    std::string message;
  };
  const Case cases[] = {
      {"ftp://x/", 20, "DoH server \"ftp://x/\" is not an https:// or http:// URL"},
      {"https://a b/", 20, "DoH server URL \"https://a b/\" has characters a URL cannot hold here"},
      {kFirst, 11, "a DNS query is 12 to 65535 octets, got 11"},
      {kFirst, 65536, "a DNS query is 12 to 65535 octets, got 65536"},
  };
  for (const auto& c : cases) {
    const Bytes query(c.query_size, 0);
    const auto request = make_doh_request(c.server, query, HttpMethod::post);
    REQUIRE_FALSE(request.ok());
    CHECK(request.error().code == Errc::invalid_argument);
    CHECK(request.error().message == c.message);
  }
}

TEST_CASE("DoH responses: HTTP failures map to clear errors") {
  const Bytes wire = build_message(make_query(name("example.nl."), RrType::a)).value();
  struct Case {
    HttpResponse response;
    Errc code;
    std::string message;
  };
  const Case cases[] = {
      {{500, "text/plain", {}}, Errc::invalid_argument, "HTTP 500 from the DoH server (expected 200)"},
      {{415, "application/dns-message", wire}, Errc::invalid_argument, "HTTP 415 from the DoH server (expected 200)"},
      {{200, "text/html", wire}, Errc::malformed,
       "the DoH server answered with media type \"text/html\", not application/dns-message"},
      {{200, "application/dns-message", {}}, Errc::malformed, "the DoH server sent an empty body"},
      {{200, "application/dns-message", Bytes(65536, 0)}, Errc::limit_exceeded,
       "the DoH response body has 65536 octets; a DNS message has at most 65535"},
  };
  for (const auto& c : cases) {
    const auto parsed = parse_doh_response(c.response);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == c.code);
    CHECK(parsed.error().message == c.message);
  }
  // Media types are case-insensitive and may carry parameters.
  CHECK(parse_doh_response({200, "Application/DNS-Message; charset=x", wire}).ok());
  // A truncated message cannot be retried over TCP in DoH: it is an error.
  Message truncated = make_query(name("example.nl."), RrType::a);
  truncated.header.qr = truncated.header.tc = true;
  const auto tc = parse_doh_response({200, "application/dns-message", build_message(truncated).value()});
  REQUIRE_FALSE(tc.ok());
  CHECK(tc.error().code == Errc::unsupported);
}

TEST_CASE("validate_config refuses unusable resolver settings") {
  ResolverConfig config = two_servers();
  CHECK(validate_config(config).ok());
  config.servers.clear();
  CHECK(validate_config(config).error().message == "no DoH server given");
  config = two_servers();
  config.servers.push_back("dns.example");
  CHECK(validate_config(config).error().message == "DoH server \"dns.example\" is not an https:// or http:// URL");
  config = two_servers();
  config.max_attempts = 0;
  CHECK_FALSE(validate_config(config).ok());
  config = two_servers();
  config.attempt_timeout = 0;
  CHECK_FALSE(validate_config(config).ok());
}

TEST_CASE("an answered query: one request, classified, with its message") {
  QueryEngine engine(two_servers());
  const QueryTicket ticket = engine.query(name("mx.example.nl."), RrType::a, 0);
  CHECK(engine.result(ticket) == nullptr);
  const auto request = only_request(engine);
  CHECK(request.request.url == kFirst);
  CHECK(question_of(request).name == name("mx.example.nl."));
  CHECK(engine.next_deadline() == 1000);

  engine.on_http_response(request.id, respond(request, {"mx.example.nl. 300 IN A 192.0.2.1"}), 50);
  const QueryResult* result = engine.result(ticket);
  REQUIRE(result != nullptr);
  CHECK(result->outcome == QueryOutcome::answer);
  CHECK(result->attempts == 1);
  CHECK(result->server == kFirst);
  REQUIRE(result->message.has_value());
  CHECK(result->message->answers.size() == 1);
  CHECK(engine.take_completed() == std::vector<QueryTicket>{ticket});
  CHECK(engine.take_completed().empty());
  CHECK_FALSE(engine.next_deadline().has_value());
}

TEST_CASE("identical questions share one request, whatever their case") {
  QueryEngine engine(two_servers());
  const QueryTicket a = engine.query(name("MX.Example.NL."), RrType::aaaa, 0);
  const QueryTicket b = engine.query(name("mx.example.nl."), RrType::aaaa, 0);
  const QueryTicket other_type = engine.query(name("mx.example.nl."), RrType::a, 0);
  CHECK(a == b);
  CHECK(a != other_type);
  CHECK(engine.take_requests().size() == 2);
  CHECK(engine.requests_sent() == 2);
}

TEST_CASE("rcodes and empty answers are distinct outcomes") {
  struct Case {
    Rcode rcode;
    std::vector<std::string> records;
    QueryOutcome outcome;
  };
  const Case cases[] = {
      {Rcode::noerror, {"example.nl. 60 IN TXT \"x\""}, QueryOutcome::answer},
      {Rcode::noerror, {}, QueryOutcome::nodata},
      {Rcode::nxdomain, {}, QueryOutcome::nxdomain},
  };
  for (const auto& c : cases) {
    QueryEngine engine(two_servers());
    const QueryTicket ticket = engine.query(name("example.nl."), RrType::txt, 0);
    const auto request = only_request(engine);
    engine.on_http_response(request.id, respond(request, c.records, c.rcode), 1);
    REQUIRE(engine.result(ticket) != nullptr);
    CHECK(engine.result(ticket)->outcome == c.outcome);
  }
}

TEST_CASE("SERVFAIL and REFUSED fail over to the next server, then are reported") {
  for (const Rcode rcode : {Rcode::servfail, Rcode::refused}) {
    QueryEngine engine(two_servers());
    const QueryTicket ticket = engine.query(name("example.nl."), RrType::mx, 0);
    auto first = only_request(engine);
    engine.on_http_response(first.id, respond(first, {}, rcode), 10);
    auto second = only_request(engine);
    CHECK(second.request.url == kSecond);
    engine.on_http_response(second.id, respond(second, {}, rcode), 20);
    // max_attempts 3, but two servers: the third attempt goes back to the first.
    auto third = only_request(engine);
    CHECK(third.request.url == kFirst);
    engine.on_http_response(third.id, respond(third, {}, rcode), 30);
    const QueryResult* result = engine.result(ticket);
    REQUIRE(result != nullptr);
    CHECK(result->outcome == (rcode == Rcode::servfail ? QueryOutcome::servfail : QueryOutcome::refused));
    CHECK(result->attempts == 3);
    CHECK(result->detail.find("(after 3 attempts)") != std::string::npos);
  }
}

TEST_CASE("a time-out cancels the exchange, penalizes the server and retries elsewhere") {
  QueryEngine engine(two_servers());
  const QueryTicket ticket = engine.query(name("example.nl."), RrType::mx, 0);
  const auto first = only_request(engine);
  engine.on_timer(999);  // not yet
  CHECK(engine.take_requests().empty());
  engine.on_timer(1000);
  CHECK(engine.take_cancellations() == std::vector<RequestId>{first.id});
  const auto second = only_request(engine);
  CHECK(second.request.url == kSecond);
  // The late answer of the first server is ignored.
  engine.on_http_response(first.id, respond(first, {}, Rcode::nxdomain), 1001);
  CHECK(engine.result(ticket) == nullptr);
  engine.on_http_response(second.id, respond(second, {"example.nl. 60 IN MX 10 mx.example.nl."}), 1100);
  REQUIRE(engine.result(ticket) != nullptr);
  CHECK(engine.result(ticket)->outcome == QueryOutcome::answer);
  CHECK(engine.result(ticket)->server == kSecond);
  CHECK(engine.result(ticket)->attempts == 2);

  // While the first server is penalized, new queries start at the second.
  engine.query(name("other.nl."), RrType::mx, 2000);
  CHECK(only_request(engine).request.url == kSecond);
  // After the penalty they start at the first again.
  engine.query(name("third.nl."), RrType::mx, 11'001);
  CHECK(only_request(engine).request.url == kFirst);
}

TEST_CASE("transport failures everywhere end in transport_error with every server's reason") {
  ResolverConfig config = two_servers();
  config.max_attempts = 2;
  QueryEngine engine(config);
  const QueryTicket ticket = engine.query(name("example.nl."), RrType::mx, 0);
  auto first = only_request(engine);
  engine.on_http_failure(first.id, "connection refused", 5);
  auto second = only_request(engine);
  engine.on_http_failure(second.id, "TLS handshake failed", 6);
  const QueryResult* result = engine.result(ticket);
  REQUIRE(result != nullptr);
  CHECK(result->outcome == QueryOutcome::transport_error);
  // Every server tried and what it said, not only the last one.
  CHECK(result->detail == "request to " + kFirst + " failed: connection refused; request to " + kSecond +
                              " failed: TLS handshake failed (after 2 attempts)");
}

TEST_CASE("responses that do not answer the question are mismatches") {
  QueryEngine engine(two_servers());
  const QueryTicket ticket = engine.query(name("example.nl."), RrType::mx, 0);
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto request = only_request(engine);
    Message wrong = make_query(name("evil.nl."), RrType::mx);
    wrong.header.qr = true;
    engine.on_http_response(request.id, {200, "application/dns-message", build_message(wrong).value()}, 1);
  }
  REQUIRE(engine.result(ticket) != nullptr);
  CHECK(engine.result(ticket)->outcome == QueryOutcome::mismatch);
  CHECK(engine.result(ticket)->detail.starts_with("the response does not match the query: it answers evil.nl. MX IN"));

  QueryEngine engine2(two_servers());
  const QueryTicket id_ticket = engine2.query(name("example.nl."), RrType::mx, 0);
  auto request = only_request(engine2);
  auto wire = respond(request);
  wire.body[1] = 7;  // ID 7 instead of 0
  engine2.on_http_response(request.id, wire, 1);
  auto retry = only_request(engine2);  // retried elsewhere
  CHECK(retry.request.url == kSecond);
  CHECK(engine2.result(id_ticket) == nullptr);
}

TEST_CASE("HTTP errors and bad bodies are their own outcomes") {
  ResolverConfig config = two_servers();
  config.max_attempts = 1;
  QueryEngine engine(config);
  const QueryTicket http = engine.query(name("a.nl."), RrType::a, 0);
  engine.on_http_response(only_request(engine).id, {503, "text/plain", {}}, 1);
  CHECK(engine.result(http)->outcome == QueryOutcome::http_error);
  const QueryTicket body = engine.query(name("b.nl."), RrType::a, 2);
  engine.on_http_response(only_request(engine).id, {200, "application/dns-message", Bytes{1, 2, 3}}, 3);
  CHECK(engine.result(body)->outcome == QueryOutcome::malformed);
}

TEST_CASE("at most max_in_flight requests at once; the rest wait in order") {
  ResolverConfig config = two_servers();
  config.max_in_flight = 2;
  QueryEngine engine(config);
  std::vector<QueryTicket> tickets;
  for (const char* host : {"a.nl.", "b.nl.", "c.nl.", "d.nl."}) tickets.push_back(engine.query(name(host), RrType::a, 0));
  auto requests = engine.take_requests();
  REQUIRE(requests.size() == 2);
  CHECK(question_of(requests[0]).name == name("a.nl."));
  CHECK(question_of(requests[1]).name == name("b.nl."));
  engine.on_http_response(requests[0].id, respond(requests[0]), 1);
  const auto next = only_request(engine);
  CHECK(question_of(next).name == name("c.nl."));
  CHECK(engine.in_flight() == 2);
}

TEST_CASE("the request budget bounds a check") {
  ResolverConfig config = two_servers();
  config.request_budget = 2;
  QueryEngine engine(config);
  engine.query(name("a.nl."), RrType::a, 0);
  engine.query(name("b.nl."), RrType::a, 0);
  const QueryTicket third = engine.query(name("c.nl."), RrType::a, 0);
  CHECK(engine.take_requests().size() == 2);
  REQUIRE(engine.result(third) != nullptr);
  CHECK(engine.result(third)->outcome == QueryOutcome::budget_exceeded);
  CHECK(engine.result(third)->detail ==
        "query budget exceeded: this check already sent 2 DNS requests (limit 2)");
}

TEST_CASE("the answer cache serves later checks until the TTL runs out") {
  AnswerCache cache;
  {
    QueryEngine check(two_servers(), &cache);
    check.query(name("mx.example.nl."), RrType::a, 0);
    auto request = only_request(check);
    check.on_http_response(request.id, respond(request, {"mx.example.nl. 60 IN A 192.0.2.1"}), 0);
  }
  CHECK(cache.size() == 1);
  {
    QueryEngine check(two_servers(), &cache);
    const QueryTicket ticket = check.query(name("MX.example.nl."), RrType::a, 59'999);
    CHECK(check.take_requests().empty());
    REQUIRE(check.result(ticket) != nullptr);
    CHECK(check.result(ticket)->from_cache);
    CHECK(check.result(ticket)->outcome == QueryOutcome::answer);
  }
  {
    QueryEngine check(two_servers(), &cache);
    const QueryTicket ticket = check.query(name("mx.example.nl."), RrType::a, 60'000);  // expired
    CHECK(check.take_requests().size() == 1);
    CHECK(check.result(ticket) == nullptr);
  }
}

TEST_CASE("the answer cache keeps negative answers for the SOA minimum and stays bounded") {
  Message negative = make_query(name("none.nl."), RrType::a);
  negative.rcode = Rcode::nxdomain;
  negative.authority.push_back(record_from_text("nl. 3600 IN SOA ns.nl. hostmaster.nl. 1 2 3 4 300").value());
  CHECK(AnswerCache::ttl_of(negative) == 300);
  Message nothing = make_query(name("none.nl."), RrType::a);
  CHECK(AnswerCache::ttl_of(nothing) == 0);

  AnswerCache small(2);
  small.store(name("a.nl."), RrType::a, negative, 0);
  small.store(name("b.nl."), RrType::a, negative, 1000);
  small.store(name("c.nl."), RrType::a, negative, 2000);
  CHECK(small.size() == 2);
  CHECK_FALSE(small.find(name("a.nl."), RrType::a, 2000).has_value());  // the soonest to expire went
  CHECK(small.find(name("c.nl."), RrType::a, 2000).has_value());
  small.store(name("d.nl."), RrType::a, nothing, 0);  // TTL 0: not kept
  CHECK(small.size() == 2);
}
