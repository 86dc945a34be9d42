#include <catch2/catch_test_macros.hpp>
#include <string>

#include "util/result.h"

using daneel::Errc;
using daneel::Error;
using daneel::Result;
using daneel::Status;

namespace {
Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return daneel::make_error(Errc::malformed, std::string("not a digit: ") + c);
  return c - '0';
}
}  // namespace

TEST_CASE("Result carries either a value or an error") {
  const auto good = parse_digit('7');
  REQUIRE(good.ok());
  CHECK(static_cast<bool>(good));
  CHECK(good.value() == 7);
  CHECK(good.value_or(-1) == 7);

  const auto bad = parse_digit('x');
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == Errc::malformed);
  CHECK(bad.error().message == "not a digit: x");
  CHECK(bad.value_or(-1) == -1);
}

TEST_CASE("Result moves its value out") {
  Result<std::string> text = std::string(100, 'a');
  const std::string moved = std::move(text).value();
  CHECK(moved.size() == 100);
}

TEST_CASE("Status is ok by default and keeps its error") {
  const Status fine;
  CHECK(fine.ok());
  const Status failed = Error{Errc::limit_exceeded, "too many"};
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error() == Error{Errc::limit_exceeded, "too many"});
}

TEST_CASE("every error code has a distinct name") {
  const Errc all[] = {Errc::truncated,        Errc::malformed,   Errc::out_of_range, Errc::limit_exceeded,
                      Errc::invalid_argument, Errc::unsupported, Errc::internal};
  for (const Errc a : all) {
    CHECK(daneel::to_string(a) != "unknown");
    for (const Errc b : all) {
      if (a != b) CHECK(daneel::to_string(a) != daneel::to_string(b));
    }
  }
}
