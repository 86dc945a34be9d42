// check::parse_mail_domain: what people type -> the mail domain, table-driven.
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "check/domain_input.h"

using daneel::Errc;
using daneel::check::parse_mail_domain;

TEST_CASE("check domain input: accepted forms") {
  struct Case {
    std::string input, ascii;
    bool from_address;
  };
  const std::vector<Case> cases = {
      {"example.nl", "example.nl", false},
      {"  Example.NL.  ", "example.nl", false},
      {"\tminbzk.nl\n", "minbzk.nl", false},
      {"postmaster@example.nl", "example.nl", true},
      {"<Jan.Jansen@Rijksoverheid.NL>", "rijksoverheid.nl", true},
      {"mailto:info@example.nl", "example.nl", true},
      {"\"odd@local\"@example.nl", "example.nl", true},
      {"bücher.example", "xn--bcher-kva.example", false},
      {"user@bücher.example.", "xn--bcher-kva.example", true},
      {"ＥＸＡＭＰＬＥ．ｎｌ", "example.nl", false},
      {"xn--bcher-kva.example", "xn--bcher-kva.example", false},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    auto result = parse_mail_domain(c.input);
    REQUIRE(result.ok());
    CHECK(result.value().ascii == c.ascii);
    CHECK(result.value().from_address == c.from_address);
  }
  CHECK(parse_mail_domain("bücher.example").value().unicode == "bücher.example");
}

TEST_CASE("check domain input: refused with a reason") {
  struct Case {
    std::string input, says;
  };
  const std::vector<Case> cases = {
      {"", "empty"},
      {"   ", "empty"},
      {"@example.nl", "nothing before"},
      {"user@", "no domain"},
      {"https://example.nl/", "web address"},
      {"192.0.2.1", "IP address"},
      {"[2001:db8::1]", "IP address"},
      {"example.nl:25", "port"},
      {"localhost", "single label"},
      {".", "root"},
      {"ex ample.nl", "space"},
      {"example..nl", "not a valid domain"},
      {"-bad-.example", "not a valid domain"},
      {std::string(300, 'a') + ".nl", "not a valid domain"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    auto result = parse_mail_domain(c.input);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == Errc::invalid_argument);
    INFO(result.error().message);
    CHECK(result.error().message.find(c.says) != std::string::npos);
  }
  CHECK_FALSE(parse_mail_domain(std::string(5000, 'a')).ok());
}
