// IDNA2008 for mail domains typed by people (RFC 5890-5894, Punycode RFC 3492).
//
// domain_to_ascii() turns what a user typed into the A-label presentation form
// that DNS queries use; domain_to_unicode() turns an ASCII domain name into its
// U-label form for display. Both validate with IDNA2008's *registration*
// strictness and say which label is wrong and why, e.g.
//   label 2 ("ex ample") contains U+0020 SPACE, which IDNA2008 disallows (...)
// Every failure is Errc::invalid_argument, except input longer than
// kMaxInputBytes (Errc::limit_exceeded).
//
// What is mapped and what is refused, the Unicode version and how the tables
// are generated from the Unicode Character Database: docs/IDNA.md.
//
// No locale, no iconv, no ICU, no libidn2: the same results natively and in
// WebAssembly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/result.h"

namespace daneel::dns::idna {

inline constexpr std::size_t kMaxLabelLength = 63;    // octets of an (A-)label
inline constexpr std::size_t kMaxDomainLength = 253;  // presentation characters, no trailing dot
inline constexpr std::size_t kMaxInputBytes = 4096;   // bounds the work on hostile input

// User input (UTF-8) -> lowercase ASCII with A-labels, no trailing dot.
//  - leading/trailing ASCII whitespace is trimmed; one trailing dot dropped;
//  - label separators: U+002E and U+3002, U+FF0E, U+FF61;
//  - mapped per label: width (full-width/half-width forms to their plain
//    forms), case (to lowercase) for characters not valid as they are, NFC;
//  - then every label must be an LDH label (letters, digits, hyphen), a valid
//    A-label ("xn--", checked like a U-label and round-tripped) or a valid
//    U-label, and the domain must satisfy the Bidi rule and the length limits.
[[nodiscard]] Result<std::string> domain_to_ascii(std::string_view user_input);

// ASCII domain name -> UTF-8 for display: "xn--" labels decoded and validated
// as in domain_to_ascii (an invalid one is an error naming it); other labels
// lowercased and passed through (letters, digits, hyphen and underscore, so
// that `_25._tcp.mx.example` displays too). One trailing dot is dropped.
[[nodiscard]] Result<std::string> domain_to_unicode(std::string_view ascii);

// The Unicode version of the tables, e.g. "15.0.0".
[[nodiscard]] std::string_view unicode_version();

// Unicode Normalization Form C of UTF-8 text (the normaliser IDNA uses;
// exposed for tests). Errc::invalid_argument for text that is not UTF-8.
[[nodiscard]] Result<std::string> to_nfc(std::string_view utf8);

}  // namespace daneel::dns::idna
