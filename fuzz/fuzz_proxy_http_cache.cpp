// The static files' request headers (proxy/policy: http_date, conditional_get,
// accept_encoding): If-None-Match, If-Modified-Since and Accept-Encoding come
// from any client on the internet. The input is one field value, read as each
// of the three. Properties on every input:
//  - no crash, no read out of bounds (sanitizers watch);
//  - a date that parses and lies within 1970-9999 formats as IMF-fixdate and
//    parses back to the same second;
//  - a field matches a tag only when the field is "*" or holds the tag's
//    opaque text, and our own tag always matches itself, with W/ and inside a
//    list after the input when the input is a valid list that matched;
//  - Accept-Encoding: a trailing empty member changes nothing (within the
//    length bound); a field that says "gzip;q=0" first never allows gzip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "policy/accept_encoding.h"
#include "policy/conditional_get.h"
#include "policy/http_date.h"

using namespace daneel::proxy::policy;

namespace {

constexpr std::int64_t kLastSecond = 253'402'300'799;  // 9999-12-31T23:59:59Z

void check_date(std::string_view text) {
  const auto seconds = parse_http_date(text);
  if (!seconds || *seconds < 0 || *seconds > kLastSecond) return;
  const std::string formatted = format_http_date(*seconds);
  if (formatted.size() != 29 || parse_http_date(formatted) != seconds) std::abort();
}

void check_entity_tags(std::string_view text) {
  // A tag from the input's size and first bytes, so that it can occur in it.
  FileVersion version{.size = text.size(), .mtime_ns = 0, .inode = 0};
  for (std::size_t i = 0; i < text.size() && i < 8; ++i) {
    version.mtime_ns = version.mtime_ns * 256 + static_cast<unsigned char>(text[i]) % 16;
  }
  const std::string tag = format_entity_tag(version, ContentCoding::identity);
  if (!if_none_match_matches(tag, tag) || !if_none_match_matches("W/" + tag, tag)) std::abort();
  if (if_none_match_matches(tag, format_entity_tag(version, ContentCoding::gzip))) std::abort();
  const std::string_view opaque = std::string_view{tag}.substr(1, tag.size() - 2);
  const bool matched = if_none_match_matches(text, tag);
  if (matched && text.find('*') == std::string_view::npos && text.find(opaque) == std::string_view::npos) {
    std::abort();
  }
  const Freshness with_tag = evaluate_preconditions({.if_none_match = text, .if_modified_since = std::nullopt}, tag, 0);
  if ((with_tag == Freshness::not_modified) != matched) std::abort();
}

void check_accept_encoding(std::string_view text) {
  const bool gzip = accepts_gzip(text);
  if (text.size() + 1 <= kMaxAcceptEncodingField && accepts_gzip(std::string(text) + ",") != gzip) std::abort();
  if (accepts_gzip("gzip;q=0, " + std::string(text))) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_date(text);
  check_entity_tags(text);
  check_accept_encoding(text);
  return 0;
}
