#include "dns/edns.h"

#include <algorithm>
#include <array>

#include "dns/text.h"
#include "util/byte_reader.h"

namespace daneel::dns {
namespace {

// RFC 8914 §5.2 and later IANA assignments.
constexpr std::array<std::string_view, 30> kExtendedErrors{
    "Other Error", "Unsupported DNSKEY Algorithm", "Unsupported DS Digest Type", "Stale Answer", "Forged Answer",
    "DNSSEC Indeterminate", "DNSSEC Bogus", "Signature Expired", "Signature Not Yet Valid", "DNSKEY Missing",
    "RRSIGs Missing", "No Zone Key Bit Set", "NSEC Missing", "Cached Error", "Not Ready", "Blocked", "Censored",
    "Filtered", "Prohibited", "Stale NXDomain Answer", "Not Authoritative", "Not Supported",
    "No Reachable Authority", "Network Error", "Invalid Data", "Signature Expired before Valid", "Too Early",
    "Unsupported NSEC3 Iterations Value", "Unable to conform to policy", "Synthesized",
};

std::string text_of(ByteView data) { return std::string(data.begin(), data.end()); }

}  // namespace

bool is_valid_utf8(ByteView text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::uint8_t c = text[i];
    std::size_t length = 0;
    std::uint32_t min = 0, value = 0;
    if (c < 0x80) length = 1, value = c;
    else if ((c & 0xE0) == 0xC0) length = 2, min = 0x80, value = c & 0x1Fu;
    else if ((c & 0xF0) == 0xE0) length = 3, min = 0x800, value = c & 0x0Fu;
    else if ((c & 0xF8) == 0xF0) length = 4, min = 0x10000, value = c & 0x07u;
    else return false;
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((text[i + k] & 0xC0) != 0x80) return false;
      value = value << 6 | (text[i + k] & 0x3Fu);
    }
    if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

Result<std::vector<EdnsOption>> edns_options_from_wire(ByteView rdata) {
  std::vector<EdnsOption> options;
  ByteReader reader(rdata);
  while (reader.ok() && !reader.at_end()) {
    const std::size_t at = reader.offset();
    const std::uint16_t code = reader.u16();
    const std::uint16_t length = reader.u16();
    const ByteView data = reader.bytes(length);
    if (!reader.ok())
      return make_error(Errc::truncated, "EDNS option " + std::to_string(code) + " at RDATA offset " +
                                             std::to_string(at) + " is cut off (OPTION-LENGTH " +
                                             std::to_string(length) + ", RFC 6891 §6.1.2)");
    if (code == static_cast<std::uint16_t>(EdnsOptionCode::extended_error)) {
      if (data.size() < 2)
        return make_error(Errc::malformed, "Extended DNS Error option of " + std::to_string(data.size()) +
                                               " octets lacks its INFO-CODE (RFC 8914 §2)");
      if (!is_valid_utf8(data.subspan(2)))
        return make_error(Errc::malformed, "Extended DNS Error EXTRA-TEXT is not valid UTF-8 (RFC 8914 §2)");
    }
    options.push_back({code, Bytes(data.begin(), data.end())});
  }
  return options;
}

std::vector<ExtendedError> extended_errors(const Edns& edns) {
  std::vector<ExtendedError> errors;
  for (const EdnsOption& option : edns.options) {
    if (option.code != static_cast<std::uint16_t>(EdnsOptionCode::extended_error) || option.data.size() < 2) continue;
    errors.push_back({static_cast<std::uint16_t>(option.data[0] << 8 | option.data[1]),
                      text_of(ByteView(option.data).subspan(2))});
  }
  return errors;
}

EdnsOption make_extended_error_option(const ExtendedError& error) {
  EdnsOption option{static_cast<std::uint16_t>(EdnsOptionCode::extended_error), Bytes(2 + error.extra_text.size())};
  option.data[0] = static_cast<std::uint8_t>(error.info_code >> 8);
  option.data[1] = static_cast<std::uint8_t>(error.info_code);
  std::copy(error.extra_text.begin(), error.extra_text.end(), option.data.begin() + 2);
  return option;
}

std::string_view extended_error_name(std::uint16_t info_code) {
  return info_code < kExtendedErrors.size() ? kExtendedErrors[info_code] : std::string_view();
}

std::string to_text(const ExtendedError& error) {
  std::string out = "EDE " + std::to_string(error.info_code);
  if (const std::string_view name = extended_error_name(error.info_code); !name.empty()) out += " (" + std::string(name) + ")";
  if (!error.extra_text.empty()) out += ": " + quote(as_bytes(error.extra_text));
  return out;
}

}  // namespace daneel::dns
