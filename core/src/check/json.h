// The one JSON type of the check engine and the C ABI. Ordered, so that the
// report's members stay in the order the schema documents; one type, so that
// the wasm module holds one instantiation of nlohmann's templates (json and
// ordered_json side by side cost ~6 KB gzip, docs/BENCHMARKS.md).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

namespace daneel::check {

using Json = nlohmann::ordered_json;

// Parses without exceptions: bad input gives a discarded value (neither an
// object nor an array). One input type for every caller, for the same reason.
// Through sax_parse with nlohmann's own DOM builder rather than Json::parse:
// Json::parse tests its (here null) callback at run time, so it carries a
// second, callback-filtering copy of the parser that we never use.
inline Json parse_json(std::string_view text) {
  Json result;
  nlohmann::detail::json_sax_dom_parser<Json> builder(result, /*allow_exceptions_=*/false);
  if (!Json::sax_parse(text.begin(), text.end(), &builder)) return Json(Json::value_t::discarded);
  return result;
}

// Whether `text` nests at most `max` arrays/objects deep (strings skipped).
// nlohmann's parser recurses per nesting level: input from outside (a report
// to verify, shared probes) is measured with this before it is parsed.
inline bool json_nesting_within(std::string_view text, std::size_t max) {
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

}  // namespace daneel::check
