#include "policy/conditional_get.h"

#include "policy/http_date.h"

#include <charconv>

namespace daneel::proxy::policy {
namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

void append_hex(std::string& out, std::uint64_t value) {
  char buffer[16];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, 16);
  out.append(buffer, result.ptr);
}

bool list_space(char c) {
  return c == ' ' || c == '\t' || c == ',';
}

// etagc (RFC 9110 §8.8.3): %x21 / %x23-7E / obs-text.
bool etag_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte == 0x21 || (byte >= 0x23 && byte != 0x7f);
}

// The opaque tag at the front of `rest` ("W/" and quotes included), or
// nullopt when malformed; advances `rest` past it.
std::optional<std::string_view> next_tag(std::string_view& rest) {
  std::size_t pos = rest.starts_with("W/") ? 2 : 0;
  if (pos >= rest.size() || rest[pos] != '"') return std::nullopt;
  const std::size_t open = pos;
  ++pos;
  while (pos < rest.size() && etag_char(rest[pos])) ++pos;
  if (pos >= rest.size() || rest[pos] != '"') return std::nullopt;
  const std::string_view opaque = rest.substr(open, pos + 1 - open);
  rest.remove_prefix(pos + 1);
  // Members are separated by OWS "," OWS; anything else after a tag is malformed.
  if (!rest.empty() && !list_space(rest.front())) return std::nullopt;
  return opaque;
}

std::string_view skip_separators(std::string_view text) {
  while (!text.empty() && list_space(text.front())) text.remove_prefix(1);
  return text;
}

}  // namespace

std::string format_entity_tag(const FileVersion& version, ContentCoding coding) {
  std::string tag = "\"";
  append_hex(tag, version.size);
  tag += '-';
  append_hex(tag, static_cast<std::uint64_t>(version.mtime_ns));
  tag += '-';
  append_hex(tag, version.inode);
  if (coding == ContentCoding::gzip) tag += "-gz";
  tag += '"';
  return tag;
}

std::int64_t mtime_seconds(const FileVersion& version) {
  // Floor, also before 1970 (C++ division truncates towards zero).
  const std::int64_t seconds = version.mtime_ns / kNanosPerSecond;
  return version.mtime_ns % kNanosPerSecond < 0 ? seconds - 1 : seconds;
}

bool if_none_match_matches(std::string_view field, std::string_view entity_tag) {
  if (field.size() > kMaxConditionalField) return false;
  std::string_view rest = skip_separators(field);
  if (rest == "*" || (rest.starts_with('*') && skip_separators(rest.substr(1)).empty())) return true;
  // Weak comparison: the opaque-tags alone are compared.
  const std::string_view ours = entity_tag.starts_with("W/") ? entity_tag.substr(2) : entity_tag;
  bool matched = false;
  for (std::size_t count = 0; !rest.empty(); ++count) {
    if (count == kMaxEntityTags) return false;
    const auto tag = next_tag(rest);
    if (!tag) return false;  // malformed: the whole field is ignored
    const std::string_view opaque = tag->starts_with("W/") ? tag->substr(2) : *tag;
    matched = matched || opaque == ours;
    rest = skip_separators(rest);
  }
  return matched;
}

Freshness evaluate_preconditions(const Preconditions& request, std::string_view entity_tag,
                                 std::int64_t last_modified_seconds) {
  if (request.if_none_match) {
    return if_none_match_matches(*request.if_none_match, entity_tag) ? Freshness::not_modified : Freshness::send;
  }
  if (request.if_modified_since) {
    const auto since = parse_http_date(*request.if_modified_since);
    if (since && last_modified_seconds <= *since) return Freshness::not_modified;
  }
  return Freshness::send;
}

}  // namespace daneel::proxy::policy
