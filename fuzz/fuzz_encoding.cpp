// Decoders take untrusted text. Properties checked on every input:
//  - no decoder reads out of bounds or crashes (sanitizers watch);
//  - whatever a decoder accepts re-encodes to exactly the same text (they are
//    strict: one text per byte string), modulo case where the codec folds case.
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "util/encoding.h"

namespace enc = daneel::encoding;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <class Decode, class Encode>
void check_canonical(std::string_view text, Decode decode, Encode encode, bool fold_case) {
  const auto decoded = decode(text);
  if (!decoded.ok()) return;
  const std::string again = encode(decoded.value());
  if (again != (fold_case ? lower(text) : std::string(text))) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_canonical(text, enc::from_hex, enc::to_hex, true);
  check_canonical(text, enc::from_base64, enc::to_base64, false);
  check_canonical(text, enc::from_base64url, enc::to_base64url, false);
  check_canonical(text, enc::from_base32hex, enc::to_base32hex, true);
  return 0;
}
