// The byte vocabulary of the core: owned buffers and read-only views of them.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace daneel {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Views the characters of a string as bytes (no copy).
inline ByteView as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace daneel
