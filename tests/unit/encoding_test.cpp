// Table-driven tests of the RFC 4648 codecs: the RFC's own vectors, round trips,
// and malformed input that each decoder must refuse with a specific reason.
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <string_view>

#include "util/encoding.h"

namespace enc = daneel::encoding;
using daneel::as_bytes;
using daneel::Errc;

namespace {

struct Vector {
  std::string_view plain;
  std::string_view base64;
  std::string_view base64url;
  std::string_view base32hex;
  std::string_view hex;
};

// RFC 4648 §10 test vectors (base32hex lowercased and unpadded, as NSEC3 uses it).
constexpr Vector kRfc4648[] = {
    {"", "", "", "", ""},
    {"f", "Zg==", "Zg", "co", "66"},
    {"fo", "Zm8=", "Zm8", "cpng", "666f"},
    {"foo", "Zm9v", "Zm9v", "cpnmu", "666f6f"},
    {"foob", "Zm9vYg==", "Zm9vYg", "cpnmuog", "666f6f62"},
    {"fooba", "Zm9vYmE=", "Zm9vYmE", "cpnmuoj1", "666f6f6261"},
    {"foobar", "Zm9vYmFy", "Zm9vYmFy", "cpnmuoj1e8", "666f6f626172"},
};

std::string as_string(const daneel::Bytes& bytes) { return {bytes.begin(), bytes.end()}; }

struct Malformed {
  std::string_view text;
  Errc code;
  std::string_view message;
};

template <class Decoder>
void check_refusals(Decoder decode, std::initializer_list<Malformed> cases) {
  for (const auto& c : cases) {
    INFO("input: \"" << c.text << "\"");
    const auto result = decode(c.text);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == c.code);
    CHECK(result.error().message == c.message);
  }
}

}  // namespace

TEST_CASE("RFC 4648 vectors encode and decode") {
  for (const auto& v : kRfc4648) {
    INFO("plain: \"" << v.plain << "\"");
    CHECK(enc::to_base64(as_bytes(v.plain)) == v.base64);
    CHECK(enc::to_base64url(as_bytes(v.plain)) == v.base64url);
    CHECK(enc::to_base32hex(as_bytes(v.plain)) == v.base32hex);
    CHECK(enc::to_hex(as_bytes(v.plain)) == v.hex);
    CHECK(as_string(enc::from_base64(v.base64).value()) == v.plain);
    CHECK(as_string(enc::from_base64url(v.base64url).value()) == v.plain);
    CHECK(as_string(enc::from_base32hex(v.base32hex).value()) == v.plain);
    CHECK(as_string(enc::from_hex(v.hex).value()) == v.plain);
  }
}

TEST_CASE("every byte value round-trips through every codec") {
  daneel::Bytes all(256);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
  for (std::size_t length = 0; length <= all.size(); length += 37) {
    const daneel::ByteView slice(all.data(), length);
    const daneel::Bytes expected(slice.begin(), slice.end());
    CHECK(enc::from_hex(enc::to_hex(slice)).value() == expected);
    CHECK(enc::from_base64(enc::to_base64(slice)).value() == expected);
    CHECK(enc::from_base64url(enc::to_base64url(slice)).value() == expected);
    CHECK(enc::from_base32hex(enc::to_base32hex(slice)).value() == expected);
  }
}

TEST_CASE("base64url uses the URL-safe alphabet") {
  const daneel::Bytes data = {0xfb, 0xff, 0xbf};
  CHECK(enc::to_base64(data) == "+/+/");
  CHECK(enc::to_base64url(data) == "-_-_");
}

TEST_CASE("hex decoding is case-insensitive and strict") {
  CHECK(enc::from_hex("DEADbeef").value() == daneel::Bytes{0xde, 0xad, 0xbe, 0xef});
  check_refusals(enc::from_hex, {
      {"abc", Errc::malformed, "odd number of hex digits (3)"},
      {"0g", Errc::malformed, "invalid hex character 'g' at offset 1"},
      {"00 11", Errc::malformed, "odd number of hex digits (5)"},
      {"0 11", Errc::malformed, "invalid hex character byte 0x20 at offset 1"},
      {"+0", Errc::malformed, "invalid hex character '+' at offset 0"},
  });
}

TEST_CASE("base64 decoding refuses non-canonical and malformed text") {
  check_refusals(enc::from_base64, {
      {"Zg=", Errc::malformed, "base64 length 3 is not a multiple of 4"},
      {"Zh==", Errc::malformed, "base64 text is not canonical: unused trailing bits are not zero"},
      {"Zm9=", Errc::malformed, "base64 text is not canonical: unused trailing bits are not zero"},
      {"Z===", Errc::malformed, "invalid base64 character '=' at offset 1"},
      {"====", Errc::malformed, "invalid base64 character '=' at offset 0"},
      {"Zg==Zg==", Errc::malformed, "invalid base64 character '=' at offset 2"},
      {"Zm9-", Errc::malformed, "invalid base64 character '-' at offset 3"},
      {"Zm 9", Errc::malformed, "invalid base64 character byte 0x20 at offset 2"},
      {std::string_view("Zm\0v", 4), Errc::malformed, "invalid base64 character byte 0x00 at offset 2"},
  });
}

TEST_CASE("base64url decoding refuses padding and the standard alphabet") {
  check_refusals(enc::from_base64url, {
      {"Zg==", Errc::malformed, "invalid base64url character '=' at offset 2"},
      {"Z", Errc::malformed, "base64url length 1 is impossible"},
      {"+/", Errc::malformed, "invalid base64url character '+' at offset 0"},
      {"Zh", Errc::malformed, "base64url text is not canonical: unused trailing bits are not zero"},
  });
}

TEST_CASE("base32hex decoding is case-insensitive and strict") {
  // RFC 5155 Appendix A: H(example) with salt aabbccdd and 12 iterations.
  const auto upper = enc::from_base32hex("0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM");
  const auto lower = enc::from_base32hex("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
  REQUIRE(upper.ok());
  REQUIRE(lower.ok());
  CHECK(upper.value() == lower.value());
  CHECK(lower.value().size() == 20);  // a SHA-1 digest
  CHECK(enc::to_base32hex(lower.value()) == "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
  check_refusals(enc::from_base32hex, {
      {"c", Errc::malformed, "base32hex length 1 is impossible"},
      {"cpn", Errc::malformed, "base32hex length 3 is impossible"},
      {"cpnmuo", Errc::malformed, "base32hex length 6 is impossible"},
      {"cw", Errc::malformed, "invalid base32hex character 'w' at offset 1"},
      {"co======", Errc::malformed, "invalid base32hex character '=' at offset 2"},
      {"cp", Errc::malformed, "base32hex text is not canonical: unused trailing bits are not zero"},
  });
}
