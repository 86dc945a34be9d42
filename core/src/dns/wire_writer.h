// Builds wire data: integers in network byte order, names with optional
// compression (RFC 1035 §4.1.4) or in canonical form (RFC 4034 §6.2).
#pragma once

#include <cstdint>
#include <map>

#include "dns/name.h"
#include "dns/rdata.h"
#include "util/bytes.h"

namespace daneel::dns {

class WireWriter {
 public:
  enum class Mode : std::uint8_t {
    plain,        // names as they are, never compressed
    compressing,  // names compressed where their rule allows (messages)
    canonical,    // names lowercased where their rule says, never compressed (DNSSEC)
  };

  explicit WireWriter(Mode mode) : mode_(mode) {}

  void u8(std::uint8_t value) { out_.push_back(value); }
  void u16(std::uint16_t value);
  void u32(std::uint32_t value);
  void bytes(ByteView data) { out_.insert(out_.end(), data.begin(), data.end()); }
  // Owner and question names are always compressible: pass kRfc1035Name.
  void name(const Name& name, NameRule rule);
  // Overwrites two bytes written earlier (RDLENGTH, section counts).
  void patch_u16(std::size_t at, std::uint16_t value);

  [[nodiscard]] std::size_t size() const { return out_.size(); }
  [[nodiscard]] const Bytes& data() const { return out_; }
  [[nodiscard]] Bytes take() { return std::move(out_); }

 private:
  Mode mode_;
  Bytes out_;
  // Suffixes already written uncompressed, with their offsets (only offsets a
  // 14-bit pointer can reach). Name's ordering is case-insensitive, so a
  // lookup finds "Example." for "example." as compression allows.
  std::map<Name, std::uint16_t> suffixes_;
};

}  // namespace daneel::dns
