// proxy/policy/ip_address + address_filter: the strict IP parser, CIDR
// prefixes, and the destination table of checklist A4.
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <string_view>

#include "policy/address_filter.h"
#include "policy/ip_address.h"

using namespace daneel::proxy::policy;

namespace {

IpAddress ip(std::string_view text) {
  const auto parsed = parse_ip(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

Cidr cidr(std::string_view text) {
  const auto parsed = parse_cidr(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

struct Case {
  std::string_view literal;
  bool allowed;
  AddressReason reason;
};

}  // namespace

TEST_CASE("IP literals: strict parsing", "[proxy][address]") {
  SECTION("accepted forms, canonical text") {
    CHECK(to_string(ip("8.8.8.8")) == "8.8.8.8");
    CHECK(to_string(ip("0.0.0.0")) == "0.0.0.0");
    CHECK(to_string(ip("255.255.255.255")) == "255.255.255.255");
    CHECK(to_string(ip("::")) == "::");
    CHECK(to_string(ip("::1")) == "::1");
    CHECK(to_string(ip("2A00:1450::1")) == "2a00:1450::1");
    CHECK(to_string(ip("2001:0db8:0000:0000:0000:0000:0000:0001")) == "2001:db8::1");
    CHECK(to_string(ip("1:2:3:4:5:6:7:8")) == "1:2:3:4:5:6:7:8");
    CHECK(to_string(ip("1::")) == "1::");
    CHECK(to_string(ip("1:0:0:2:0:0:0:3")) == "1:0:0:2::3");
    CHECK(to_string(ip("::ffff:127.0.0.1")) == "::ffff:127.0.0.1");
    CHECK(to_string(ip("::ffff:7f00:1")) == "::ffff:127.0.0.1");
    CHECK(to_string(ip("64:ff9b::192.0.2.33")) == "64:ff9b::c000:221");
    CHECK(ip("8.8.8.8").family == IpFamily::v4);
    CHECK(ip("::8.8.8.8").family == IpFamily::v6);
  }
  SECTION("refused forms") {
    for (std::string_view bad : {"",
                                 "localhost",
                                 "mail.example.org",
                                 "010.1.1.1",
                                 "1.1.1.01",
                                 "00.1.1.1",
                                 "127.1",
                                 "1.2.3",
                                 "1.2.3.4.5",
                                 "256.1.1.1",
                                 "1.2.3.4 ",
                                 " 1.2.3.4",
                                 "1.2.3.-4",
                                 "+1.2.3.4",
                                 "0x7f.0.0.1",
                                 "1.2.3.4:25",
                                 "[::1]",
                                 "[::1]:25",
                                 "fe80::1%eth0",
                                 "fe80::1%1",
                                 ":::",
                                 "1:::2",
                                 "1::2::3",
                                 ":1::",
                                 "1::2:",
                                 "1:2:3:4:5:6:7:8:9",
                                 "1:2:3:4:5:6:7",
                                 "1:2:3:4:5:6:7::8",
                                 "12345::",
                                 "g::1",
                                 "::1.2.3.4:5",
                                 "1.2.3.4::",
                                 "::ffff:1.2.3",
                                 "::ffff:010.0.0.1",
                                 "1111:2222:3333:4444:5555:6666:7777:8888:",
                                 "2001:db8::1/32",
                                 "0000000000000000000000000000000000000000000001"}) {
      INFO(bad);
      CHECK_FALSE(parse_ip(bad).has_value());
    }
  }
}

TEST_CASE("CIDR prefixes", "[proxy][address]") {
  CHECK(to_string(cidr("10.0.0.0/8")) == "10.0.0.0/8");
  CHECK(to_string(cidr("2001:db8::/32")) == "2001:db8::/32");
  CHECK(to_string(cidr("192.0.2.7")) == "192.0.2.7/32");
  CHECK(to_string(cidr("::1")) == "::1/128");
  CHECK(to_string(cidr("0.0.0.0/0")) == "0.0.0.0/0");
  CHECK(cidr("100.64.0.0/10").contains(ip("100.127.255.255")));
  CHECK_FALSE(cidr("100.64.0.0/10").contains(ip("100.128.0.0")));
  CHECK(cidr("fe80::/10").contains(ip("febf::1")));
  CHECK_FALSE(cidr("fe80::/10").contains(ip("fec0::1")));
  CHECK(cidr("0.0.0.0/0").contains(ip("203.0.113.9")));
  CHECK_FALSE(cidr("0.0.0.0/0").contains(ip("::1")));  // families never mix
  CHECK_FALSE(cidr("::/0").contains(ip("1.2.3.4")));
  for (std::string_view bad :
       {"10.0.0.1/8", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "10.0.0.0/8/8",
        "/8", "2001:db8::1/32", "example.org/24", "10.0.0.0 /8"}) {
    INFO(bad);
    CHECK_FALSE(parse_cidr(bad).has_value());
  }
}

TEST_CASE("address filter: the built-in table, 60 literals", "[proxy][address]") {
  using R = AddressReason;
  const Case cases[] = {
      // IPv4 denied, every row of the table
      {"0.0.0.0", false, R::v4_this_network},
      {"0.255.255.255", false, R::v4_this_network},
      {"10.0.0.1", false, R::v4_private_10},
      {"10.255.255.255", false, R::v4_private_10},
      {"100.64.0.1", false, R::v4_shared_cgnat},
      {"100.127.255.254", false, R::v4_shared_cgnat},
      {"127.0.0.1", false, R::v4_loopback},
      {"127.255.255.255", false, R::v4_loopback},
      {"169.254.169.254", false, R::v4_link_local},
      {"172.16.0.1", false, R::v4_private_172},
      {"172.31.255.255", false, R::v4_private_172},
      {"192.0.0.9", false, R::v4_ietf_protocol},
      {"192.0.2.1", false, R::v4_documentation},
      {"192.88.99.1", false, R::v4_6to4_relay},
      {"192.168.1.1", false, R::v4_private_192},
      {"198.18.0.1", false, R::v4_benchmarking},
      {"198.19.255.255", false, R::v4_benchmarking},
      {"198.51.100.7", false, R::v4_documentation},
      {"203.0.113.200", false, R::v4_documentation},
      {"224.0.0.1", false, R::v4_multicast},
      {"239.255.255.250", false, R::v4_multicast},
      {"240.0.0.1", false, R::v4_reserved},
      {"255.255.255.255", false, R::v4_reserved},
      // IPv4 allowed, including the neighbours of denied ranges
      {"8.8.8.8", true, R::global_unicast},
      {"1.1.1.1", true, R::global_unicast},
      {"9.255.255.255", true, R::global_unicast},
      {"11.0.0.0", true, R::global_unicast},
      {"100.63.255.255", true, R::global_unicast},
      {"100.128.0.0", true, R::global_unicast},
      {"172.15.255.255", true, R::global_unicast},
      {"172.32.0.0", true, R::global_unicast},
      {"192.0.1.1", true, R::global_unicast},
      {"198.17.255.255", true, R::global_unicast},
      {"198.20.0.0", true, R::global_unicast},
      {"223.255.255.255", true, R::global_unicast},
      // IPv6 outside 2000::/3
      {"::", false, R::v6_unspecified},
      {"::1", false, R::v6_loopback},
      {"::ffff:7f00:1", false, R::v6_ipv4_mapped},
      {"::ffff:8.8.8.8", false, R::v6_ipv4_mapped},  // even a public IPv4 address, written mapped
      {"::ffff:169.254.169.254", false, R::v6_ipv4_mapped},
      {"64:ff9b::a9fe:a9fe", false, R::v6_nat64},
      {"64:ff9b::8.8.8.8", false, R::v6_nat64},
      {"64:ff9b:1::1", false, R::v6_nat64},
      {"fc00::1", false, R::v6_unique_local},
      {"fd12:3456:789a::1", false, R::v6_unique_local},
      {"fe80::1", false, R::v6_link_local},
      {"ff02::1", false, R::v6_multicast},
      {"::127.0.0.1", false, R::v6_not_global},  // deprecated IPv4-compatible form
      {"100::1", false, R::v6_not_global},       // discard-only 100::/64
      {"1fff:ffff::1", false, R::v6_not_global},
      {"4000::1", false, R::v6_not_global},
      // IPv6 deny ranges inside 2000::/3
      {"2001::1", false, R::v6_ietf_protocol},  // Teredo
      {"2001:1ff:ffff::1", false, R::v6_ietf_protocol},
      {"2001:db8::1", false, R::v6_documentation},
      {"2002:c000:0204::1", false, R::v6_6to4},
      {"2002:7f00:1::1", false, R::v6_6to4},
      {"3fff::1", false, R::v6_documentation},
      {"3fff:fff:ffff::1", false, R::v6_documentation},
      // IPv6 allowed
      {"2a00:1450::1", true, R::global_unicast},
      {"2001:4860:4860::8888", true, R::global_unicast},
      {"2001:200::1", true, R::global_unicast},  // just above 2001::/23
      {"2001:db9::1", true, R::global_unicast},
      {"2003::1", true, R::global_unicast},
      {"3fff:1000::1", true, R::global_unicast},  // just above 3fff::/20
      {"2600::", true, R::global_unicast},
  };
  STATIC_REQUIRE(sizeof(cases) / sizeof(cases[0]) >= 40);
  const AddressFilter filter;
  for (const Case& c : cases) {
    INFO(c.literal);
    const AddressVerdict verdict = filter.judge(ip(c.literal));
    CHECK(verdict.allowed == c.allowed);
    CHECK(verdict.reason == c.reason);
    CHECK(judge_builtin(ip(c.literal)).allowed == c.allowed);
  }
}

TEST_CASE("address filter: operator deny list and test-only allow list", "[proxy][address]") {
  AddressFilterConfig config;
  config.deny = {cidr("8.8.8.0/24"), cidr("2a00:1450::/32")};
  config.test_allow = {cidr("127.0.0.0/8"), cidr("::1/128"), cidr("8.8.8.8/32")};
  const AddressFilter filter(config);

  SECTION("the deny list denies addresses the table allows") {
    CHECK(filter.judge(ip("8.8.8.9")).reason == AddressReason::operator_deny_list);
    CHECK_FALSE(filter.judge(ip("2a00:1450::1")).allowed);
    CHECK(filter.judge(ip("8.8.9.1")).allowed);
  }
  SECTION("the deny list wins over the test allow list") {
    CHECK(filter.judge(ip("8.8.8.8")).reason == AddressReason::operator_deny_list);
  }
  SECTION("the test allow list opens loopback, and nothing next to it") {
    CHECK(filter.judge(ip("127.0.0.1")).allowed);
    CHECK(filter.judge(ip("127.0.0.1")).reason == AddressReason::test_allow_list);
    CHECK(filter.judge(ip("::1")).reason == AddressReason::test_allow_list);
    CHECK(filter.judge(ip("10.0.0.1")).reason == AddressReason::v4_private_10);
    CHECK(filter.judge(ip("::ffff:127.0.0.1")).reason == AddressReason::v6_ipv4_mapped);
  }
  SECTION("without configuration loopback is denied") {
    CHECK_FALSE(AddressFilter{}.judge(ip("127.0.0.1")).allowed);
  }
}

TEST_CASE("every address reason has a name for logs and close reasons", "[proxy][address]") {
  for (int i = 0; i <= static_cast<int>(AddressReason::v6_6to4); ++i) {
    const std::string_view name = to_string(static_cast<AddressReason>(i));
    CHECK(name != "unknown");
    CHECK_FALSE(name.empty());
  }
}
