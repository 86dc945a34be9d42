// Internet.nl's vocabulary for a subtest's outcome, shared by the report's
// verdict-bearing subtests (report.h) and the TLS grading's (grading.h), so
// both decide on the enum and write the word only in the JSON.
#pragma once

#include <cstdint>
#include <string_view>

namespace daneel::check {

enum class SubtestStatus : std::uint8_t { passed, failed, warning, info, not_tested, error };
std::string_view to_string(SubtestStatus status);

}  // namespace daneel::check
