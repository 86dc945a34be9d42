// What a validation found at the name asked for (ValidationResult::kind);
// its own header so that reports can name it without the validator.
#pragma once

#include <cstdint>
#include <string_view>

namespace daneel::dnssec {

enum class AnswerKind : std::uint8_t {
  answer,    // records of the type at final_name
  nodata,    // the name exists without the type (proof in `denial`)
  nxdomain,  // the name does not exist (proof in `denial`)
  failed,    // no usable answer (query failure, chain bound, malformed chain)
};
std::string_view to_string(AnswerKind kind);

}  // namespace daneel::dnssec
