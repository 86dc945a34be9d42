// proxy/policy/origin_allowlist and client_key: who may use the relay,
// and who a client is for the limits.
#include <catch2/catch_test_macros.hpp>
#include <string_view>
#include <vector>

#include "policy/client_key.h"
#include "policy/origin_allowlist.h"

using namespace daneel::proxy::policy;

namespace {

IpAddress ip(std::string_view text) {
  const auto parsed = parse_ip(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

ClientKey key(std::string_view text) {
  return key_of(ip(text));
}

}  // namespace

TEST_CASE("origin allowlist: exact match only", "[proxy][origin]") {
  const OriginAllowlist list({"https://daneel.example", "http://localhost:8080"});
  CHECK(list.check("https://daneel.example") == OriginDecision::allowed);
  CHECK(list.check("http://localhost:8080") == OriginDecision::allowed);
  CHECK(list.check(std::nullopt) == OriginDecision::missing);
  for (std::string_view other :
       {"", "null", "https://DANEEL.example", "HTTPS://daneel.example", "https://daneel.example/",
        "https://daneel.example:443", "http://daneel.example", "https://daneel.example.evil.test",
        "https://evil.test/https://daneel.example", "https://xdaneel.example", "http://localhost:8081",
        "http://localhost"}) {
    INFO(other);
    CHECK(list.check(other) == OriginDecision::not_listed);
  }
  CHECK(OriginAllowlist({}).check("https://daneel.example") == OriginDecision::not_listed);
}

TEST_CASE("origin allowlist: entries a browser could never send are refused", "[proxy][origin]") {
  for (std::string_view good : {"https://daneel.example", "http://localhost:8080", "https://a-b.example:8443",
                                "http://127.0.0.1:8080", "http://[::1]:8080", "https://[2001:db8::1]"}) {
    INFO(good);
    CHECK_FALSE(validate_origin_entry(good).has_value());
  }
  for (std::string_view bad :
       {"daneel.example", "ftp://daneel.example", "https://", "https://Daneel.example",
        "https://daneel.example/", "https://daneel.example/path", "https://daneel.example:443",
        "http://localhost:80", "https://daneel.example:", "https://daneel.example:0",
        "https://daneel.example:65536", "https://daneel.example:08080", "https://u@daneel.example",
        "http://[::1", "http://[::1]x", "https://a_b.example", "HTTPS://daneel.example"}) {
    INFO(bad);
    CHECK(validate_origin_entry(bad).has_value());
  }
}

TEST_CASE("client key: IPv4 as is, IPv6 per /64", "[proxy][client_key]") {
  CHECK(key("192.0.2.1") == key("192.0.2.1"));
  CHECK_FALSE(key("192.0.2.1") == key("192.0.2.2"));
  CHECK(key("2001:db8:1:2:aaaa::1") == key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
  CHECK_FALSE(key("2001:db8:1:2::1") == key("2001:db8:1:3::1"));
  CHECK(to_string(key("2001:db8:1:2:aaaa::1").prefix) == "2001:db8:1:2::");
  // A dual-stack listener reports IPv4 peers as mapped addresses: same client.
  CHECK(key("::ffff:192.0.2.1") == key("192.0.2.1"));
}

TEST_CASE("client key: X-Forwarded-For only from trusted front proxies", "[proxy][client_key]") {
  ClientKeyConfig config;
  config.trusted_proxies = {*parse_cidr("10.0.0.0/8"), *parse_cidr("2001:db8:f::/48")};
  const IpAddress front = ip("10.1.2.3");
  const IpAddress stranger = ip("198.51.100.9");

  SECTION("a spoofed header from a peer that is not a front proxy is ignored") {
    const std::vector<std::string_view> xff = {"203.0.113.50"};
    const ClientKeyResult result = client_key(stranger, xff, config);
    CHECK(result.source == ClientKeySource::peer);
    CHECK(result.key == key("198.51.100.9"));
    // Not even with no trusted proxies configured at all.
    CHECK(client_key(stranger, xff, ClientKeyConfig{}).key == key("198.51.100.9"));
    CHECK(client_key(front, xff, ClientKeyConfig{}).key == key("10.1.2.3"));
  }
  SECTION("from a front proxy: the right-most entry that is not a front proxy") {
    // The client wrote "1.2.3.4" itself; the front proxy appended the real address.
    const std::vector<std::string_view> xff = {"1.2.3.4, 203.0.113.50"};
    const ClientKeyResult result = client_key(front, xff, config);
    CHECK(result.source == ClientKeySource::forwarded_for);
    CHECK(result.key == key("203.0.113.50"));
  }
  SECTION("chains of front proxies are skipped, over several header fields") {
    const std::vector<std::string_view> xff = {"1.2.3.4, 2001:db8:1:2::77", "10.9.9.9 ,\t10.8.8.8"};
    const ClientKeyResult result = client_key(front, xff, config);
    CHECK(result.source == ClientKeySource::forwarded_for);
    CHECK(result.key == key("2001:db8:1:2::1"));
  }
  SECTION("every entry a front proxy: the left-most") {
    const std::vector<std::string_view> xff = {"10.7.7.7, 10.8.8.8"};
    CHECK(client_key(front, xff, config).key == key("10.7.7.7"));
  }
  SECTION("a malformed entry where the client should be: the peer") {
    for (std::string_view bad : {"203.0.113.50:4711", "[2001:db8::1]", "unknown", "", "203.0.113.50,",
                                 "_hidden", "1.2.3.4, 010.0.0.1"}) {
      INFO(bad);
      const std::vector<std::string_view> xff = {bad};
      const ClientKeyResult result = client_key(front, xff, config);
      CHECK(result.source == ClientKeySource::peer_malformed_forward);
      CHECK(result.key == key("10.1.2.3"));
    }
  }
  SECTION("garbage left of the client's entry is never read") {
    const std::vector<std::string_view> xff = {"not an address, 203.0.113.50"};
    CHECK(client_key(front, xff, config).key == key("203.0.113.50"));
  }
  SECTION("too many front proxies in the chain: the peer") {
    std::vector<std::string_view> xff(kMaxForwardedHops + 2, "10.0.0.1");
    CHECK(client_key(front, xff, config).source == ClientKeySource::peer_malformed_forward);
    xff.resize(kMaxForwardedHops);
    CHECK(client_key(front, xff, config).source == ClientKeySource::forwarded_for);
  }
  SECTION("a front proxy without a header: the peer") {
    CHECK(client_key(front, {}, config).key == key("10.1.2.3"));
  }
}
