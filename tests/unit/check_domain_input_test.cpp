// check::parse_mail_domain: what people type -> the mail domain, table-driven.
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "check/domain_input.h"

using daneel::check::InputProblem;
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
    CHECK(result.domain->ascii == c.ascii);
    CHECK(result.domain->from_address == c.from_address);
  }
  CHECK(parse_mail_domain("bücher.example").domain->unicode == "bücher.example");
}

TEST_CASE("check domain input: refused with a typed problem and a reason") {
  struct Case {
    std::string input;
    InputProblem problem;
    std::string says;  // in the English detail
  };
  const std::vector<Case> cases = {
      {"", InputProblem::empty, "empty"},
      {"   ", InputProblem::empty, "empty"},
      {"@example.nl", InputProblem::no_local_part, "nothing before"},
      {"user@", InputProblem::no_domain, "no domain"},
      {"https://example.nl/", InputProblem::web_address, "web address"},
      {"192.0.2.1", InputProblem::ip_address, "IP address"},
      {"[2001:db8::1]", InputProblem::ip_or_port, "IP address"},
      {"example.nl:25", InputProblem::ip_or_port, "port"},
      {"localhost", InputProblem::single_label, "\"localhost\" has a single label"},
      {".", InputProblem::root, "root"},
      {"ex ample.nl", InputProblem::space, "space"},
      {"example..", InputProblem::empty_label, "empty label"},
      {"example..nl", InputProblem::invalid_name, "not a valid domain"},
      {"-bad-.example", InputProblem::invalid_name, "not a valid domain"},
      {std::string(300, 'a') + ".nl", InputProblem::invalid_name, "not a valid domain"},
      {std::string(5000, 'a'), InputProblem::too_long, "longer than"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    auto result = parse_mail_domain(c.input);
    REQUIRE_FALSE(result.ok());
    CHECK(result.refusal.problem == c.problem);
    INFO(result.refusal.detail);
    CHECK(result.refusal.detail.find(c.says) != std::string::npos);
  }
  // Every problem has its own word (the catalogue's "problem" values key on it).
  CHECK(to_string(InputProblem::single_label) == "single_label");
  CHECK(to_string(InputProblem::ip_or_port) != to_string(InputProblem::ip_address));
}
