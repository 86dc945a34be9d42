// The one JSON type of the check engine and the C ABI. Ordered, so that the
// report's members stay in the order the schema documents; one type, so that
// the wasm module holds one instantiation of nlohmann's templates (json and
// ordered_json side by side cost ~6 KB gzip, docs/BENCHMARKS.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace daneel::check {

using Json = nlohmann::ordered_json;

// Parses without exceptions: bad input gives a discarded value (neither an
// object nor an array). One input type for every caller, for the same reason.
inline Json parse_json(std::string_view text) {
  return Json::parse(text.data(), text.data() + text.size(), nullptr, false);
}

}  // namespace daneel::check
