#include "util/encoding.h"

#include <array>
#include <cstdint>

namespace daneel::encoding {
namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";
constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kBase32Hex = "0123456789abcdefghijklmnopqrstuv";

constexpr std::uint8_t kInvalid = 0xff;

// Reverse lookup table for an alphabet; with fold_case, uppercase letters map
// like their lowercase forms (base32hex is case-insensitive, base64 is not).
std::array<std::uint8_t, 256> decode_table(std::string_view alphabet, bool fold_case) {
  std::array<std::uint8_t, 256> table{};
  table.fill(kInvalid);
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    const auto c = static_cast<unsigned char>(alphabet[i]);
    table[c] = static_cast<std::uint8_t>(i);
    if (fold_case && c >= 'a' && c <= 'z') table[c - 'a' + 'A'] = static_cast<std::uint8_t>(i);
  }
  return table;
}

std::string describe_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u <= 0x7e) return std::string("'") + c + "'";
  return "byte 0x" + std::string{kHexDigits[u >> 4], kHexDigits[u & 0xf]};
}

Error bad_char(std::string_view what, char c, std::size_t offset) {
  return make_error(Errc::malformed,
                    "invalid " + std::string(what) + " character " + describe_char(c) + " at offset " +
                        std::to_string(offset));
}

// Packs groups of `bits`-bit symbols into bytes, MSB first. Shared by base64
// (6 bits) and base32hex (5 bits). `length` symbols of `text` are decoded.
Result<Bytes> decode_bits(std::string_view what, std::string_view text, std::size_t length,
                          const std::array<std::uint8_t, 256>& table, unsigned bits) {
  Bytes out;
  out.reserve(length * bits / 8);
  std::uint32_t buffer = 0;
  unsigned buffered = 0;
  for (std::size_t i = 0; i < length; ++i) {
    const std::uint8_t v = table[static_cast<unsigned char>(text[i])];
    if (v == kInvalid) return bad_char(what, text[i], i);
    buffer = (buffer << bits) | v;
    buffered += bits;
    if (buffered >= 8) {
      buffered -= 8;
      out.push_back(static_cast<std::uint8_t>(buffer >> buffered));
      buffer &= (1u << buffered) - 1;
    }
  }
  // Leftover bits must be zero, or two texts would decode to the same bytes.
  if (buffer != 0) {
    return make_error(Errc::malformed, std::string(what) + " text is not canonical: unused trailing bits are not zero");
  }
  return out;
}

std::string encode_bits(ByteView data, std::string_view alphabet, unsigned bits) {
  std::string out;
  out.reserve((data.size() * 8 + bits - 1) / bits);
  std::uint32_t buffer = 0;
  unsigned buffered = 0;
  const std::uint32_t mask = (1u << bits) - 1;
  for (const std::uint8_t byte : data) {
    buffer = (buffer << 8) | byte;
    buffered += 8;
    while (buffered >= bits) {
      buffered -= bits;
      out.push_back(alphabet[(buffer >> buffered) & mask]);
    }
    buffer &= (1u << buffered) - 1;
  }
  if (buffered > 0) out.push_back(alphabet[(buffer << (bits - buffered)) & mask]);
  return out;
}

}  // namespace

std::string to_hex(ByteView data) {
  std::string out;
  out.reserve(data.size() * 2);
  for (const std::uint8_t byte : data) {
    out.push_back(kHexDigits[byte >> 4]);
    out.push_back(kHexDigits[byte & 0xf]);
  }
  return out;
}

Result<Bytes> from_hex(std::string_view text) {
  static const auto table = decode_table(kHexDigits, /*fold_case=*/true);
  if (text.size() % 2 != 0) {
    return make_error(Errc::malformed, "odd number of hex digits (" + std::to_string(text.size()) + ")");
  }
  return decode_bits("hex", text, text.size(), table, 4);
}

std::string to_base64(ByteView data) {
  std::string out = encode_bits(data, kBase64, 6);
  out.append((4 - out.size() % 4) % 4, '=');
  return out;
}

Result<Bytes> from_base64(std::string_view text) {
  static const auto table = decode_table(kBase64, /*fold_case=*/false);
  if (text.size() % 4 != 0) {
    return make_error(Errc::malformed,
                      "base64 length " + std::to_string(text.size()) + " is not a multiple of 4");
  }
  std::size_t length = text.size();
  for (int pad = 0; pad < 2 && length > 0 && text[length - 1] == '='; ++pad) --length;
  return decode_bits("base64", text, length, table, 6);
}

std::string to_base64url(ByteView data) { return encode_bits(data, kBase64Url, 6); }

Result<Bytes> from_base64url(std::string_view text) {
  static const auto table = decode_table(kBase64Url, /*fold_case=*/false);
  if (text.size() % 4 == 1) {
    return make_error(Errc::malformed, "base64url length " + std::to_string(text.size()) + " is impossible");
  }
  return decode_bits("base64url", text, text.size(), table, 6);
}

std::string to_base32hex(ByteView data) { return encode_bits(data, kBase32Hex, 5); }

Result<Bytes> from_base32hex(std::string_view text) {
  static const auto table = decode_table(kBase32Hex, /*fold_case=*/true);
  switch (text.size() % 8) {
    case 1:
    case 3:
    case 6:
      return make_error(Errc::malformed, "base32hex length " + std::to_string(text.size()) + " is impossible");
    default:
      break;
  }
  return decode_bits("base32hex", text, text.size(), table, 5);
}

}  // namespace daneel::encoding
