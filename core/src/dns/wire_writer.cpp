#include "dns/wire_writer.h"

namespace daneel::dns {

void WireWriter::u16(std::uint16_t value) {
  out_.push_back(static_cast<std::uint8_t>(value >> 8));
  out_.push_back(static_cast<std::uint8_t>(value));
}

void WireWriter::u32(std::uint32_t value) {
  u16(static_cast<std::uint16_t>(value >> 16));
  u16(static_cast<std::uint16_t>(value));
}

void WireWriter::patch_u16(std::size_t at, std::uint16_t value) {
  if (at + 2 > out_.size()) fatal("WireWriter::patch_u16 past the end");
  out_[at] = static_cast<std::uint8_t>(value >> 8);
  out_[at + 1] = static_cast<std::uint8_t>(value);
}

void WireWriter::name(const Name& name, NameRule rule) {
  if (mode_ == Mode::canonical && rule.canonical_lowercase) {
    bytes(name.canonical().wire());
    return;
  }
  if (mode_ != Mode::compressing || !rule.compressible) {
    bytes(name.wire());
    return;
  }
  // Write labels until the rest of the name was written before, then point there.
  const std::size_t labels = name.label_count();
  for (std::size_t i = 0; i < labels; ++i) {
    Name suffix = name.strip_left(i);
    if (const auto found = suffixes_.find(suffix); found != suffixes_.end()) {
      u16(static_cast<std::uint16_t>(0xC000 | found->second));
      return;
    }
    constexpr std::size_t kMaxPointerTarget = 0x3FFF;
    if (out_.size() <= kMaxPointerTarget) suffixes_.emplace(std::move(suffix), static_cast<std::uint16_t>(out_.size()));
    const ByteView label = name.label(i);
    u8(static_cast<std::uint8_t>(label.size()));
    bytes(label);
  }
  u8(0);
}

}  // namespace daneel::dns
