// proxy/policy: the static files' caching and compression decisions: HTTP
// dates (http_date), entity tags and conditional GET (conditional_get), and
// whether Accept-Encoding allows gzip (accept_encoding).
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <string_view>

#include "policy/accept_encoding.h"
#include "policy/conditional_get.h"
#include "policy/http_date.h"

using namespace daneel::proxy::policy;

namespace {

// RFC 9110 §5.6.7's example instant, 1994-11-06T08:49:37Z.
constexpr std::int64_t kExample = 784'111'777;

const std::string kTag = "\"2d-1-7\"";

Freshness fresh(std::optional<std::string_view> inm, std::optional<std::string_view> ims,
                std::int64_t last_modified = kExample) {
  return evaluate_preconditions(Preconditions{.if_none_match = inm, .if_modified_since = ims}, kTag,
                                last_modified);
}

}  // namespace

TEST_CASE("http date: IMF-fixdate written, all three formats read", "[proxy][http_cache]") {
  CHECK(format_http_date(kExample) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(format_http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
  CHECK(format_http_date(951'782'400) == "Tue, 29 Feb 2000 00:00:00 GMT");
  // Out of range mtimes still give a valid date.
  CHECK(format_http_date(-5) == "Thu, 01 Jan 1970 00:00:00 GMT");
  CHECK(format_http_date(INT64_MAX) == "Fri, 31 Dec 9999 23:59:59 GMT");

  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == kExample);
  CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == kExample);
  CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == kExample);
  CHECK(parse_http_date("  Sun, 06 Nov 1994 08:49:37 GMT ") == kExample);
  CHECK(parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT") == 951'782'400);
  CHECK(parse_http_date("Wednesday, 01-Jan-25 00:00:00 GMT") == 1'735'689'600);  // 2025
  for (std::int64_t t : {std::int64_t{0}, kExample, std::int64_t{1'765'000'000}, std::int64_t{253'402'300'799}}) {
    CHECK(parse_http_date(format_http_date(t)) == t);
  }
}

TEST_CASE("http date: invalid values are no date", "[proxy][http_cache]") {
  for (std::string_view bad : {"", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
                               "sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMTx",
                               "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 29 Feb 1900 00:00:00 GMT",
                               "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT",
                               "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT",
                               // Two members: RFC 9110 §13.1.3 says ignore.
                               "Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT"}) {
    INFO(bad);
    CHECK_FALSE(parse_http_date(bad).has_value());
  }
  CHECK_FALSE(parse_http_date(std::string(kMaxHttpDateLength + 1, ' ')).has_value());
}

TEST_CASE("entity tag: quoted, from size, mtime and inode, the gzip one distinct", "[proxy][http_cache]") {
  const FileVersion v{.size = 45, .mtime_ns = 1'765'000'000'123'456'789, .inode = 4242};
  const std::string tag = format_entity_tag(v, ContentCoding::identity);
  CHECK(tag == "\"2d-187e8a2613ec4d15-1092\"");
  CHECK(format_entity_tag(v, ContentCoding::gzip) == "\"2d-187e8a2613ec4d15-1092-gz\"");
  // Each part changes the tag, down to the nanosecond.
  CHECK(format_entity_tag({.size = 46, .mtime_ns = v.mtime_ns, .inode = 4242}, ContentCoding::identity) != tag);
  CHECK(format_entity_tag({.size = 45, .mtime_ns = v.mtime_ns + 1, .inode = 4242}, ContentCoding::identity) != tag);
  CHECK(format_entity_tag({.size = 45, .mtime_ns = v.mtime_ns, .inode = 4243}, ContentCoding::identity) != tag);
  CHECK(mtime_seconds(v) == 1'765'000'000);
  CHECK(mtime_seconds({.mtime_ns = -1}) == -1);
}

TEST_CASE("If-None-Match: lists, weak comparison, *, malformed and oversized", "[proxy][http_cache]") {
  CHECK(if_none_match_matches(kTag, kTag));
  CHECK(if_none_match_matches("W/" + kTag, kTag));
  CHECK(if_none_match_matches("\"a\", " + kTag, kTag));
  CHECK(if_none_match_matches("\"a\"," + kTag + " , \"b\"", kTag));
  CHECK(if_none_match_matches("*", kTag));
  CHECK(if_none_match_matches(" * ", kTag));
  CHECK_FALSE(if_none_match_matches("\"2d-1-8\"", kTag));
  CHECK_FALSE(if_none_match_matches("\"2d-1-7-gz\"", kTag));
  CHECK_FALSE(if_none_match_matches("", kTag));
  // Malformed: the whole field is ignored, even with a matching member.
  CHECK_FALSE(if_none_match_matches("2d-1-7", kTag));
  CHECK_FALSE(if_none_match_matches("\"a\" junk, " + kTag, kTag));
  CHECK_FALSE(if_none_match_matches(kTag + "x", kTag));
  CHECK_FALSE(if_none_match_matches("\"unterminated, " + kTag, kTag));
  CHECK_FALSE(if_none_match_matches("*, " + kTag, kTag));
  CHECK_FALSE(if_none_match_matches("w/" + kTag, kTag));
  // Bounds: more than kMaxEntityTags members, or a field over the length.
  std::string many;
  for (std::size_t i = 0; i < kMaxEntityTags; ++i) many += "\"x\", ";
  CHECK_FALSE(if_none_match_matches(many + kTag, kTag));
  std::string few;
  for (std::size_t i = 0; i + 1 < kMaxEntityTags; ++i) few += "\"x\", ";
  CHECK(if_none_match_matches(few + kTag, kTag));
  CHECK_FALSE(if_none_match_matches(std::string(kMaxConditionalField, ' ') + kTag, kTag));
}

TEST_CASE("preconditions: If-None-Match decides, else If-Modified-Since", "[proxy][http_cache]") {
  constexpr std::string_view kSame = "Sun, 06 Nov 1994 08:49:37 GMT";
  constexpr std::string_view kEarlier = "Sun, 06 Nov 1994 08:49:36 GMT";
  constexpr std::string_view kLater = "Mon, 07 Nov 1994 00:00:00 GMT";
  CHECK(fresh(std::nullopt, std::nullopt) == Freshness::send);
  CHECK(fresh(kTag, std::nullopt) == Freshness::not_modified);
  CHECK(fresh("\"old\"", std::nullopt) == Freshness::send);
  CHECK(fresh(std::nullopt, kSame) == Freshness::not_modified);
  CHECK(fresh(std::nullopt, kLater) == Freshness::not_modified);
  CHECK(fresh(std::nullopt, kEarlier) == Freshness::send);
  CHECK(fresh(std::nullopt, "not a date") == Freshness::send);
  // With If-None-Match, If-Modified-Since is not looked at (RFC 9110 §13.1.3).
  CHECK(fresh("\"old\"", kLater) == Freshness::send);
  CHECK(fresh(kTag, kEarlier) == Freshness::not_modified);
}

TEST_CASE("Accept-Encoding: gzip only when allowed with a weight above 0", "[proxy][http_cache]") {
  for (std::string_view yes : {"gzip", "gzip, deflate, br", "br;q=1.0, GZIP;q=0.5", "x-gzip", "*", "deflate, *;q=0.1",
                               "gzip;q=0.001", "gzip ; q=1", "gzip;Q=1.000", ", gzip,"}) {
    INFO(yes);
    CHECK(accepts_gzip(yes));
  }
  // Listed twice: a refusal wins over an acceptance of the same coding.
  CHECK_FALSE(accepts_gzip("gzip;q=0, x-gzip;q=0.5, gzip;q=1"));
  for (std::string_view no : {"", "identity", "br, deflate", "gzip;q=0", "gzip;q=0.000", "gzip;q=0, *", "*;q=0",
                              "*;q=0, identity", "gzip;q=2", "gzip;q=1.5", "gzip;q=0.0001", "gzip;q=", "gzip;level=9",
                              "gzip;q=abc", "\"gzip\"", "gzip q=1"}) {
    INFO(no);
    CHECK_FALSE(accepts_gzip(no));
  }
  std::string many;
  for (std::size_t i = 0; i < kMaxAcceptEncodingMembers; ++i) many += "br, ";
  CHECK_FALSE(accepts_gzip(many + "gzip"));
  CHECK(accepts_gzip(many.substr(4) + "gzip"));
  CHECK_FALSE(accepts_gzip(std::string(kMaxAcceptEncodingField, ' ') + "gzip"));
}
