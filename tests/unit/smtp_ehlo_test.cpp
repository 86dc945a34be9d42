// EHLO reply parsing (RFC 5321 §4.1.1.1): keywords case-insensitive, SIZE value.
#include <catch2/catch_test_macros.hpp>

#include "smtp/ehlo.h"

using namespace daneel::smtp;

TEST_CASE("EHLO: server name, keywords, parameters") {
  const EhloInfo info = parse_ehlo({"mx.example.nl Hello checker", "pipelining", "SIZE 10240000", "StartTLS",
                                    "AUTH PLAIN LOGIN", "8BITMIME", "SMTPUTF8", ""});
  CHECK(info.server_name == "mx.example.nl");
  CHECK(info.starttls());
  CHECK(info.has("PIPELINING"));
  CHECK(info.has("8BITMIME"));
  CHECK(info.size() == 10240000u);
  REQUIRE(info.extensions.size() == 6);
  CHECK(info.extensions[3].keyword == "AUTH");
  CHECK(info.extensions[3].params == "PLAIN LOGIN");
}

TEST_CASE("EHLO: no STARTTLS, SIZE without a value, empty reply") {
  const EhloInfo info = parse_ehlo({"mx", "SIZE"});
  CHECK_FALSE(info.starttls());
  CHECK(info.size() == 0u);
  CHECK_FALSE(parse_ehlo({"mx"}).size().has_value());
  CHECK(parse_ehlo({}).extensions.empty());
  // A keyword in the first line is the greeting text, not an extension.
  CHECK_FALSE(parse_ehlo({"STARTTLS"}).starttls());
}
