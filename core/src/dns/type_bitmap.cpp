#include <algorithm>
#include <array>

#include "dns/rdata_parts.h"
#include "util/byte_reader.h"

namespace daneel::dns {

bool TypeBitmap::contains(RrType type) const { return std::binary_search(types.begin(), types.end(), type); }

Result<TypeBitmap> type_bitmap_from_wire(ByteView wire) {
  TypeBitmap bitmap;
  ByteReader reader(wire);
  int previous_window = -1;
  while (reader.ok() && !reader.at_end()) {
    const std::size_t at = reader.offset();
    const std::uint8_t window = reader.u8();
    const std::uint8_t length = reader.u8();
    const ByteView bits = reader.bytes(length);
    if (!reader.ok())
      return make_error(Errc::truncated, "type bit map window at offset " + std::to_string(at) + " is cut off");
    if (window <= previous_window)
      return make_error(Errc::malformed, "type bit map window " + std::to_string(window) + " at offset " +
                                             std::to_string(at) + " is not above window " +
                                             std::to_string(previous_window) + " (RFC 4034 §4.1.2)");
    if (length == 0 || length > 32)
      return make_error(Errc::malformed, "type bit map window " + std::to_string(window) + " has length " +
                                             std::to_string(length) + " (1..32, RFC 4034 §4.1.2)");
    if (bits.back() == 0)
      return make_error(Errc::malformed, "type bit map window " + std::to_string(window) +
                                             " ends with a zero octet (RFC 4034 §4.1.2)");
    previous_window = window;
    for (std::size_t octet = 0; octet < bits.size(); ++octet)
      for (unsigned bit = 0; bit < 8; ++bit)
        if (bits[octet] & (0x80u >> bit))
          bitmap.types.push_back(static_cast<RrType>(window << 8 | static_cast<unsigned>(octet * 8 + bit)));
  }
  return bitmap;
}

Bytes type_bitmap_to_wire(const TypeBitmap& bitmap) {
  Bytes out;
  std::size_t i = 0;
  while (i < bitmap.types.size()) {
    const unsigned window = static_cast<std::uint16_t>(bitmap.types[i]) >> 8;
    std::array<std::uint8_t, 32> bits{};
    std::size_t length = 0;
    for (; i < bitmap.types.size() && (static_cast<std::uint16_t>(bitmap.types[i]) >> 8) == window; ++i) {
      const unsigned low = static_cast<std::uint16_t>(bitmap.types[i]) & 0xff;
      bits[low / 8] = static_cast<std::uint8_t>(bits[low / 8] | 0x80u >> (low % 8));
      length = low / 8 + 1;
    }
    out.push_back(static_cast<std::uint8_t>(window));
    out.push_back(static_cast<std::uint8_t>(length));
    out.insert(out.end(), bits.begin(), bits.begin() + static_cast<std::ptrdiff_t>(length));
  }
  return out;
}

}  // namespace daneel::dns
