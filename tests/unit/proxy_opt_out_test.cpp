// proxy/policy/opt_out: the operators' opt-out list, parsed and matched item
// by item (domain, MX host, address and prefix), at label boundaries only.
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <string_view>

#include "policy/opt_out.h"

using namespace daneel::proxy::policy;

namespace {

IpAddress ip(std::string_view text) {
  const auto parsed = parse_ip(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

OptOutList list(std::string_view text) {
  OptOutParse parsed = parse_opt_out(text);
  INFO(parsed.line << ": " << parsed.error);
  REQUIRE(parsed.list.has_value());
  return std::move(*parsed.list);
}

std::size_t bad_line(std::string_view text) {
  const OptOutParse parsed = parse_opt_out(text);
  CHECK_FALSE(parsed.list.has_value());
  CHECK_FALSE(parsed.error.empty());
  return parsed.line;
}

constexpr std::string_view kList =
    "# opted out on request\n"
    "domain  optout.example     # the whole domain\n"
    "\n"
    "mx mail.Provider.example.\n"
    "\taddress 192.0.2.25\n"
    "address 2001:db8:1::/48\r\n"
    "address 198.51.100.0/24\n";

}  // namespace

TEST_CASE("opt-out: parsing counts each kind, comments and blank lines ignored", "[proxy][opt_out]") {
  const OptOutList l = list(kList);
  CHECK(l.domains() == 1);
  CHECK(l.mx_hosts() == 1);
  CHECK(l.prefixes() == 3);
  CHECK(list("").empty());
  CHECK(list("# nothing\n\n   \n").empty());
}

TEST_CASE("opt-out: by domain, the domain and names below it", "[proxy][opt_out]") {
  const OptOutList l = list(kList);
  const IpAddress other = ip("203.0.113.9");
  CHECK(l.match("optout.example", "mx.elsewhere.example", other) == OptOutKind::domain);
  CHECK(l.match("sub.optout.example", "mx.elsewhere.example", other) == OptOutKind::domain);
  CHECK(l.match("OPTOUT.Example", "mx.elsewhere.example", other) == OptOutKind::domain);
  // Anchored at a label boundary.
  CHECK(l.match("badoptout.example", "mx.elsewhere.example", other) == std::nullopt);
  CHECK(l.match("optout.example.net", "mx.elsewhere.example", other) == std::nullopt);
  CHECK(l.match("example", "mx.elsewhere.example", other) == std::nullopt);
}

TEST_CASE("opt-out: by MX host name, the host and names below it", "[proxy][opt_out]") {
  const OptOutList l = list(kList);
  const IpAddress other = ip("203.0.113.9");
  CHECK(l.match("customer.example", "mail.provider.example", other) == OptOutKind::mx);
  CHECK(l.match("customer.example", "eu1.mail.provider.example", other) == OptOutKind::mx);
  CHECK(l.match("customer.example", "xmail.provider.example", other) == std::nullopt);
  CHECK(l.match("customer.example", "provider.example", other) == std::nullopt);
  // The MX host entry does not opt out the same name as a mail domain.
  CHECK(l.match("mail.provider.example", "mx.other.example", other) == std::nullopt);
}

TEST_CASE("opt-out: by address and by prefix", "[proxy][opt_out]") {
  const OptOutList l = list(kList);
  CHECK(l.match("a.example", "mx.a.example", ip("192.0.2.25")) == OptOutKind::address);
  CHECK(l.match("a.example", "mx.a.example", ip("192.0.2.26")) == std::nullopt);
  CHECK(l.match("a.example", "mx.a.example", ip("198.51.100.200")) == OptOutKind::address);
  CHECK(l.match("a.example", "mx.a.example", ip("198.51.101.1")) == std::nullopt);
  CHECK(l.match("a.example", "mx.a.example", ip("2001:db8:1:ffff::25")) == OptOutKind::address);
  CHECK(l.match("a.example", "mx.a.example", ip("2001:db8:2::25")) == std::nullopt);
  // The first matching kind is named: domain before MX before address.
  CHECK(l.match("optout.example", "mail.provider.example", ip("192.0.2.25")) == OptOutKind::domain);
  CHECK(l.match("a.example", "mail.provider.example", ip("192.0.2.25")) == OptOutKind::mx);
  CHECK(to_string(OptOutKind::address) == "opt_out_address");
}

TEST_CASE("opt-out: one bad line refuses the whole list, naming the line", "[proxy][opt_out]") {
  CHECK(bad_line("domain ok.example\nhost mx.example\n") == 2);           // unknown kind
  CHECK(bad_line("domain com\n") == 1);                                   // one label
  CHECK(bad_line("domain bad_name.example\n") == 1);                      // not LDH
  CHECK(bad_line("domain two.example three.example\n") == 1);             // two values
  CHECK(bad_line("mx\n") == 1);                                           // no value
  CHECK(bad_line("# c\naddress 10.0.0.1/8\n") == 2);                      // host bits set
  CHECK(bad_line("address mx.example\n") == 1);                           // a name as an address
  CHECK(bad_line("domain a..example\n") == 1);                            // empty label
  CHECK(bad_line("domain " + std::string(64, 'a') + ".example\n") == 1);  // label over 63
  std::string many;
  for (int i = 0; i <= 4096; ++i) many += "address 192.0.2." + std::to_string(i % 256) + "\n";
  CHECK(bad_line(many) == 4097);  // more than 4096 addresses
  CHECK(bad_line(std::string(kMaxOptOutText + 1, '#')) == 0);
}
