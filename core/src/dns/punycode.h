// Punycode (RFC 3492): the Bootstring encoding of Unicode code points into the
// ASCII letters, digits and hyphen that IDNA's A-labels carry after "xn--".
//
// Strict and bounded: inputs longer than kMaxPunycodeInput are refused (an
// A-label is at most 63 characters), every integer step is checked for
// overflow (RFC 3492 section 6.4), and decoded code points must be Unicode
// scalar values (no surrogates, nothing above U+10FFFF).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/result.h"

namespace daneel::dns::punycode {

// Far above any DNS label; keeps the decoder's insertion loop small.
inline constexpr std::size_t kMaxPunycodeInput = 1024;

// Encodes code points (the part after "xn--"). Basic code points are copied
// as they are (case preserved); the result uses lowercase digits a-z0-9.
[[nodiscard]] Result<std::string> encode(std::u32string_view input);

// Decodes the part after "xn--". Case-insensitive for the digit letters;
// basic code points keep their case. Errc::malformed for bad digits, a
// non-basic character before the last delimiter, or a missing digit;
// Errc::out_of_range for overflow or a code point that is not a scalar value.
[[nodiscard]] Result<std::u32string> decode(std::string_view input);

}  // namespace daneel::dns::punycode
