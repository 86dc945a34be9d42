// IDNA2008 takes text typed by people. Properties checked on every input:
//  - nothing crashes or reads out of bounds (sanitizers watch);
//  - if domain_to_ascii succeeds, its result is lowercase ASCII, at most 253
//    characters, a fixed point (to_ascii(result) == result), and
//    domain_to_unicode(result) succeeds and maps back to it;
//  - if domain_to_unicode succeeds on an input and domain_to_ascii accepts its
//    output, that gives the input's lowercase form without the trailing dot;
//  - Punycode: whatever decodes re-encodes to the same text modulo case.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dns/idna.h"
#include "dns/punycode.h"

namespace idna = daneel::dns::idna;
namespace punycode = daneel::dns::punycode;

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void check_ascii_result(const std::string& ascii) {
  require(!ascii.empty() && ascii.size() <= idna::kMaxDomainLength);
  for (char c : ascii) {
    const bool ldh = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    require(ldh);
  }
  const auto again = idna::domain_to_ascii(ascii);
  require(again.ok() && again.value() == ascii);
  const auto unicode = idna::domain_to_unicode(ascii);
  require(unicode.ok());
  const auto back = idna::domain_to_ascii(unicode.value());
  require(back.ok() && back.value() == ascii);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (const auto ascii = idna::domain_to_ascii(text); ascii.ok()) check_ascii_result(ascii.value());

  if (const auto unicode = idna::domain_to_unicode(text); unicode.ok()) {
    std::string expected = lower_ascii(text);
    if (!expected.empty() && expected.back() == '.') expected.pop_back();
    // domain_to_ascii may refuse what display lets through (underscores,
    // LDH hyphen rules); whatever it accepts must be the same name.
    if (const auto ascii = idna::domain_to_ascii(unicode.value()); ascii.ok()) require(ascii.value() == expected);
  }

  if (const auto decoded = punycode::decode(text); decoded.ok()) {
    const auto encoded = punycode::encode(decoded.value());
    require(encoded.ok());
    // Basic code points keep their case; digits are case-insensitive.
    require(lower_ascii(encoded.value()) == lower_ascii(text));
  }
  return 0;
}
