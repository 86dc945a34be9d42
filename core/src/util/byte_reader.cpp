#include "util/byte_reader.h"

#include <utility>

namespace daneel {

bool ByteReader::take(std::size_t count) {
  if (!ok()) return false;
  if (count > data_.size() - offset_) {
    fail(Errc::truncated, "needed " + std::to_string(count) + " bytes at offset " + std::to_string(offset_) +
                              ", only " + std::to_string(data_.size() - offset_) + " left");
    return false;
  }
  return true;
}

std::uint8_t ByteReader::u8() {
  if (!take(1)) return 0;
  return data_[offset_++];
}

std::uint16_t ByteReader::u16() {
  if (!take(2)) return 0;
  const auto value = static_cast<std::uint16_t>((data_[offset_] << 8) | data_[offset_ + 1]);
  offset_ += 2;
  return value;
}

std::uint32_t ByteReader::u32() {
  if (!take(4)) return 0;
  const std::uint32_t value = (std::uint32_t{data_[offset_]} << 24) | (std::uint32_t{data_[offset_ + 1]} << 16) |
                              (std::uint32_t{data_[offset_ + 2]} << 8) | std::uint32_t{data_[offset_ + 3]};
  offset_ += 4;
  return value;
}

ByteView ByteReader::bytes(std::size_t count) {
  if (!take(count)) return {};
  const ByteView view = data_.subspan(offset_, count);
  offset_ += count;
  return view;
}

void ByteReader::skip(std::size_t count) {
  if (take(count)) offset_ += count;
}

void ByteReader::seek(std::size_t offset) {
  if (!ok()) return;
  if (offset > data_.size()) {
    fail(Errc::out_of_range,
         "offset " + std::to_string(offset) + " is past the end (" + std::to_string(data_.size()) + " bytes)");
    return;
  }
  offset_ = offset;
}

void ByteReader::fail(Errc code, std::string message) {
  if (ok()) error_ = Error{code, std::move(message)};
}

Status ByteReader::status() const {
  if (ok()) return {};
  return *error_;
}

}  // namespace daneel
