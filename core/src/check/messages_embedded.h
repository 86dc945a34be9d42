// The catalogue files (core/messages/*.json) as text, generated into the
// build tree by core/src/check/CMakeLists.txt (messages_embedded.cpp.in).
#pragma once

#include <string_view>

namespace daneel::check {

// The JSON text of core/messages/<lang>.json; empty for a language without a file.
std::string_view embedded_catalogue(std::string_view lang);

}  // namespace daneel::check
