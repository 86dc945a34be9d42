// A bounds-checked cursor over untrusted bytes with a sticky error.
//
// After the first failed read every later read returns zero / an empty view and
// the first error is kept. Parsers can therefore read a whole structure in
// straight-line code and check `ok()` once at the end, without ever reading
// past the buffer (the style of Knot DNS's wire cursor).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "util/bytes.h"
#include "util/result.h"

namespace daneel {

class ByteReader {
 public:
  explicit ByteReader(ByteView data) : data_(data) {}

  [[nodiscard]] std::uint8_t u8();
  [[nodiscard]] std::uint16_t u16();  // network byte order
  [[nodiscard]] std::uint32_t u32();  // network byte order
  // The next `count` bytes; an empty view if fewer remain.
  [[nodiscard]] ByteView bytes(std::size_t count);
  void skip(std::size_t count);
  // Moves to an absolute offset (DNS compression pointers); offsets past the
  // end fail. The caller bounds how often it jumps.
  void seek(std::size_t offset);

  // Marks the reader failed with a caller's reason (e.g. a value out of range),
  // unless it already failed: the first error wins.
  void fail(Errc code, std::string message);

  [[nodiscard]] bool ok() const { return !error_.has_value(); }
  [[nodiscard]] const std::optional<Error>& error() const { return error_; }
  // The error as a Status, for returning from a parser.
  [[nodiscard]] Status status() const;

  [[nodiscard]] std::size_t offset() const { return offset_; }
  [[nodiscard]] std::size_t remaining() const { return ok() ? data_.size() - offset_ : 0; }
  [[nodiscard]] std::size_t size() const { return data_.size(); }
  [[nodiscard]] bool at_end() const { return remaining() == 0; }
  [[nodiscard]] ByteView whole() const { return data_; }

 private:
  // True when `count` bytes can be read; otherwise records a truncation.
  bool take(std::size_t count);

  ByteView data_;
  std::size_t offset_ = 0;
  std::optional<Error> error_;
};

}  // namespace daneel
