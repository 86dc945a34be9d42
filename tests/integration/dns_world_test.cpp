// The query engine against the test world's real DoH endpoints (dnsdist over
// HTTPS and plain HTTP, in front of unbound and NSD), through the native driver:
// many queries in flight, time-outs, and fail-over when a server is down.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

#include "doh_driver.h"
#include "dns/query_engine.h"
#include "world_env.h"

using namespace daneel;
using namespace daneel::dns;

namespace {

Name name(const std::string& text) { return Name::from_text(text).value(); }

bool has_rrsig_for(const Message& message, RrType type) {
  for (const Record& record : message.answers) {
    if (const auto* sig = std::get_if<Rrsig>(&record.rdata); sig != nullptr && sig->type_covered == type) return true;
  }
  return false;
}

// A loopback TCP port that accepts connections (the kernel completes the
// handshake into the backlog) and never answers: a DoH server that hangs.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd_, 64) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/dns-query"; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

native::DohDriver driver_for(const testing::WorldEnv& world) {
  return native::DohDriver({.ca_file = world.get("DANEEL_WORLD_DOH_CA"), .max_run = 60'000});
}

}  // namespace

TEST_CASE("every scenario's MX and DNSKEY through DoH over HTTPS, many in flight") {
  const auto world = testing::load_world_env();
  ResolverConfig config;
  config.servers = {world.get("DANEEL_WORLD_DOH_URL")};
  QueryEngine engine(config);
  std::vector<std::pair<std::string, QueryTicket>> tickets;
  const TimeMs now = native::now_ms();
  for (const auto& domain : world.domains()) {
    tickets.emplace_back(domain + " MX", engine.query(name(domain), RrType::mx, now));
    tickets.emplace_back(domain + " DNSKEY", engine.query(name(domain), RrType::dnskey, now));
  }
  REQUIRE(tickets.size() >= 60);
  CHECK(engine.in_flight() == config.max_in_flight);  // more queries than slots: they queue
  REQUIRE(driver_for(world).run(engine));
  for (const auto& [what, ticket] : tickets) {
    INFO(what);
    const QueryResult* result = engine.result(ticket);
    REQUIRE(result != nullptr);
    INFO(result->detail);
    CHECK(is_dns_answer(result->outcome));  // with CD, even bogus data is an answer
    CHECK(result->attempts == 1);
  }
  // A signed scenario's MX comes with its RRSIG (DO bit); the unsigned one's without.
  const QueryResult* signed_mx = engine.result(tickets[0].second);
  REQUIRE(tickets[0].first == "ee311.example MX");
  REQUIRE(signed_mx->message.has_value());
  CHECK(signed_mx->outcome == QueryOutcome::answer);
  CHECK(has_rrsig_for(*signed_mx->message, RrType::mx));
}

TEST_CASE("DoH over plain HTTP with GET, and the distinct DNS outcomes") {
  const auto world = testing::load_world_env();
  ResolverConfig config;
  config.servers = {world.get("DANEEL_WORLD_DOH_HTTP_URL")};
  config.method = HttpMethod::get;
  QueryEngine engine(config);
  const TimeMs now = native::now_ms();
  const QueryTicket mx = engine.query(name("ee311.example."), RrType::mx, now);
  const QueryTicket tlsa = engine.query(name("_25._tcp.mx.ee311.example."), RrType::tlsa, now);
  const QueryTicket nodata = engine.query(name("no-tlsa.example."), RrType::tlsa, now);
  const QueryTicket nxdomain = engine.query(name("does-not-exist.example."), RrType::a, now);
  REQUIRE(driver_for(world).run(engine));
  CHECK(engine.result(mx)->outcome == QueryOutcome::answer);
  CHECK(engine.result(tlsa)->outcome == QueryOutcome::answer);
  CHECK(has_rrsig_for(*engine.result(tlsa)->message, RrType::tlsa));
  CHECK(engine.result(nodata)->outcome == QueryOutcome::nodata);
  CHECK(engine.result(nxdomain)->outcome == QueryOutcome::nxdomain);
}

TEST_CASE("a DoH server that is down: fail over to the next, then avoid it") {
  const auto world = testing::load_world_env();
  ResolverConfig config;
  // Nothing listens on 127.0.2.99:443: connections are refused at once.
  config.servers = {"https://127.0.2.99/dns-query", world.get("DANEEL_WORLD_DOH_URL")};
  QueryEngine engine(config);
  const QueryTicket first = engine.query(name("ee311.example."), RrType::mx, native::now_ms());
  REQUIRE(driver_for(world).run(engine));
  const QueryResult* result = engine.result(first);
  REQUIRE(result != nullptr);
  CHECK(result->outcome == QueryOutcome::answer);
  CHECK(result->attempts == 2);
  CHECK(result->server == world.get("DANEEL_WORLD_DOH_URL"));

  // The refusing server is penalized: the next query goes straight to the good one.
  const QueryTicket second = engine.query(name("ee301.example."), RrType::mx, native::now_ms());
  REQUIRE(driver_for(world).run(engine));
  CHECK(engine.result(second)->attempts == 1);
}

TEST_CASE("a DoH server that hangs: time out, cancel, fail over") {
  const auto world = testing::load_world_env();
  const SilentListener silent;
  ResolverConfig config;
  config.servers = {silent.url(), world.get("DANEEL_WORLD_DOH_HTTP_URL")};
  config.attempt_timeout = 300;
  QueryEngine engine(config);
  const TimeMs start = native::now_ms();
  const QueryTicket ticket = engine.query(name("ee311.example."), RrType::mx, start);
  REQUIRE(driver_for(world).run(engine));
  const QueryResult* result = engine.result(ticket);
  REQUIRE(result != nullptr);
  CHECK(result->outcome == QueryOutcome::answer);
  CHECK(result->attempts == 2);
  CHECK(native::now_ms() - start >= 300);

  // With only the silent server, the query ends in a time-out after its attempts.
  ResolverConfig hanging;
  hanging.servers = {silent.url()};
  hanging.attempt_timeout = 200;
  hanging.max_attempts = 2;
  QueryEngine stuck(hanging);
  const QueryTicket lost = stuck.query(name("ee311.example."), RrType::mx, native::now_ms());
  REQUIRE(driver_for(world).run(stuck));
  REQUIRE(stuck.result(lost) != nullptr);
  CHECK(stuck.result(lost)->outcome == QueryOutcome::timeout);
  CHECK(stuck.result(lost)->attempts == 2);
}
