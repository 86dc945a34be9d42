// wasm/json_strtod.c, the module's strtod for JSON numbers, against the C
// library's correctly rounded strtod. Compiled here under another name
// (daneel_json_strtod) so that it does not replace the library's.
#include <catch2/catch_test_macros.hpp>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

extern "C" double daneel_json_strtod(const char* text, char** end);

namespace {

// How many doubles lie between a and b (0: the same value).
std::uint64_t ulps_apart(double a, double b) {
  std::int64_t x = 0, y = 0;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  if (x < 0) x = INT64_MIN - x;
  if (y < 0) y = INT64_MIN - y;
  return x > y ? static_cast<std::uint64_t>(x - y) : static_cast<std::uint64_t>(y - x);
}

double ours(const std::string& text, std::size_t* consumed = nullptr) {
  char* end = nullptr;
  const double value = daneel_json_strtod(text.c_str(), &end);
  if (consumed) *consumed = static_cast<std::size_t>(end - text.c_str());
  return value;
}

}  // namespace

TEST_CASE("json strtod: exact where the digits and the power of ten are exact") {
  for (const char* text : {"0", "-0", "1.5", "2e3", "-12.25e-2", "0.0001", "123456789012345", "9007199254740992",
                           "1e22", "1e-22", "4.35", "0.1", "3.14159", "007", "1E+2", "65536.0"}) {
    CHECK(ours(text) == std::strtod(text, nullptr));
  }
  CHECK(std::signbit(ours("-0")));
}

TEST_CASE("json strtod: within eight units in the last place on random JSON numbers") {
  std::mt19937_64 random(7672);
  std::uniform_int_distribution<int> digit_count(1, 24), exponent(-330, 310), digit(0, 9);
  for (int i = 0; i < 20000; ++i) {
    std::string text = random() % 2 ? "-" : "";
    const int n = digit_count(random);
    for (int d = 0; d < n; ++d) text += static_cast<char>('0' + digit(random));
    if (random() % 2) {
      text += '.';
      for (int d = 0; d < 1 + static_cast<int>(random() % 8); ++d) text += static_cast<char>('0' + digit(random));
    }
    if (random() % 2) text += "e" + std::to_string(exponent(random));
    std::size_t consumed = 0;
    errno = 0;
    const double value = ours(text, &consumed);
    const double expected = std::strtod(text.c_str(), nullptr);
    CHECK(consumed == text.size());
    if (std::isinf(expected) || expected == 0 || std::fpclassify(expected) == FP_SUBNORMAL) {
      // At the ends of the range: the same class, saturated or flushed.
      CHECK((std::isinf(value) == std::isinf(expected)));
      continue;
    }
    INFO(text);
    CHECK(ulps_apart(value, expected) <= 8);
  }
}

TEST_CASE("json strtod: where a number ends, and what is none") {
  std::size_t consumed = 0;
  CHECK(ours("12.5,", &consumed) == 12.5);
  CHECK(consumed == 4);
  CHECK(ours("1e", &consumed) == 1);  // an exponent without digits is not part of it
  CHECK(consumed == 1);
  CHECK(ours("1e+}", &consumed) == 1);
  CHECK(consumed == 1);
  CHECK(ours("x1", &consumed) == 0);
  CHECK(consumed == 0);
  CHECK(ours("-", &consumed) == 0);
  CHECK(consumed == 0);
  errno = 0;
  CHECK(std::isinf(ours("1e400")));
  CHECK(errno == ERANGE);
  errno = 0;
  CHECK(ours("1e-400") == 0);
  CHECK(errno == ERANGE);
  // A huge exponent is bounded, not looped over.
  CHECK(std::isinf(ours("1e99999999999999999999")));
  CHECK(ours("1e-99999999999999999999") == 0);
}
