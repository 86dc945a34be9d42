#include "dns/address.h"

#include <cstddef>

#include "dns/text.h"

namespace daneel::dns {
namespace {

Error bad(std::string_view what, std::string_view text) {
  return make_error(Errc::malformed, "\"" + std::string(text) + "\" is not an " + std::string(what) + " address");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string ipv4_to_text(const Ipv4& address) {
  return std::to_string(address[0]) + "." + std::to_string(address[1]) + "." + std::to_string(address[2]) + "." +
         std::to_string(address[3]);
}

Result<Ipv4> ipv4_from_text(std::string_view text) {
  Ipv4 out{};
  std::string_view rest = text;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::size_t dot = rest.find('.');
    if ((dot == std::string_view::npos) != (i == 3)) return bad("IPv4", text);
    const Result<std::uint32_t> octet = parse_decimal(rest.substr(0, dot), 255);
    if (!octet) return bad("IPv4", text);
    out[i] = static_cast<std::uint8_t>(octet.value());
    if (dot != std::string_view::npos) rest.remove_prefix(dot + 1);
  }
  return out;
}

std::string ipv6_to_text(const Ipv6& address) {
  std::array<unsigned, 8> groups{};
  for (std::size_t i = 0; i < 8; ++i) groups[i] = unsigned{address[2 * i]} << 8 | address[2 * i + 1];
  std::size_t best = 8, best_length = 0;
  for (std::size_t i = 0; i < 8;) {
    std::size_t j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_length && j - i >= 2) best = i, best_length = j - i;
    i = j == i ? i + 1 : j;
  }
  // glibc's inet_ntop: ::a.b.c.d and ::ffff:a.b.c.d for compatible/mapped addresses.
  const bool embedded_ipv4 = best == 0 && (best_length == 6 || (best_length == 5 && groups[5] == 0xffff));
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < (embedded_ipv4 ? 6u : 8u);) {
    if (i == best) {
      out += "::";
      i += best_length;
      continue;
    }
    if (!out.empty() && out.back() != ':') out.push_back(':');
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned digit = groups[i] >> shift & 0xf;
      if (digit != 0 || started || shift == 0) out.push_back(kDigits[digit]), started = true;
    }
    ++i;
  }
  if (embedded_ipv4) {
    if (out.back() != ':') out.push_back(':');
    out += ipv4_to_text({address[12], address[13], address[14], address[15]});
  }
  return out;
}

Result<Ipv6> ipv6_from_text(std::string_view text) {
  if (text.size() < 2 || text.size() > 45) return bad("IPv6", text);
  std::array<std::uint16_t, 8> groups{};
  std::size_t count = 0;
  std::size_t gap = 8;  // index in `groups` where "::" stands, 8 = none
  std::size_t i = 0;
  if (text.substr(0, 2) == "::") {
    gap = 0;
    i = 2;
  } else if (text[0] == ':') {
    return bad("IPv6", text);
  }
  while (i < text.size()) {
    if (count == 8) return bad("IPv6", text);
    std::size_t end = i;
    while (end < text.size() && text[end] != ':') ++end;
    const std::string_view part = text.substr(i, end - i);
    if (part.find('.') != std::string_view::npos) {  // trailing dotted quad: two groups
      const Result<Ipv4> v4 = ipv4_from_text(part);
      if (!v4 || end != text.size() || count > 6) return bad("IPv6", text);
      groups[count++] = static_cast<std::uint16_t>(v4.value()[0] << 8 | v4.value()[1]);
      groups[count++] = static_cast<std::uint16_t>(v4.value()[2] << 8 | v4.value()[3]);
      i = end;
      break;
    }
    if (part.empty() || part.size() > 4) return bad("IPv6", text);
    unsigned value = 0;
    for (const char c : part) {
      const int digit = hex_value(c);
      if (digit < 0) return bad("IPv6", text);
      value = value << 4 | static_cast<unsigned>(digit);
    }
    groups[count++] = static_cast<std::uint16_t>(value);
    i = end;
    if (i == text.size()) break;
    ++i;  // the ':'
    if (i < text.size() && text[i] == ':') {
      if (gap != 8) return bad("IPv6", text);
      gap = count;
      ++i;
    } else if (i == text.size()) {
      return bad("IPv6", text);  // a single trailing ':'
    }
  }
  if ((gap == 8 && count != 8) || (gap != 8 && count > 7)) return bad("IPv6", text);
  Ipv6 out{};
  const std::size_t zeros = 8 - count;
  for (std::size_t g = 0, k = 0; g < 8; ++g) {
    const std::uint16_t value = (gap != 8 && g >= gap && g < gap + zeros) ? 0 : groups[k++];
    out[2 * g] = static_cast<std::uint8_t>(value >> 8);
    out[2 * g + 1] = static_cast<std::uint8_t>(value);
  }
  return out;
}

}  // namespace daneel::dns
