#include "policy/ip_address.h"

#include <cstddef>

namespace daneel::proxy::policy {
namespace {

// The longest IPv6 text form: 8 groups of 4 digits with 7 colons is 39
// characters; with a dotted quad at the end, 45. Anything longer is refused
// before any loop looks at it.
constexpr std::size_t kMaxIpText = 45;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four decimal octets, each 0-255, no leading zero, no sign, no spaces.
std::optional<std::array<std::uint8_t, 4>> parse_dotted_quad(std::string_view text) {
  std::array<std::uint8_t, 4> out{};
  std::size_t octet = 0;
  std::size_t i = 0;
  while (true) {
    if (octet == 4) return std::nullopt;
    const std::size_t start = i;
    unsigned value = 0;
    while (i < text.size() && is_digit(text[i]) && i - start < 3) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
    }
    const std::size_t digits = i - start;
    if (digits == 0 || value > 255) return std::nullopt;
    if (digits > 1 && text[start] == '0') return std::nullopt;  // "010": octal or decimal?
    out[octet++] = static_cast<std::uint8_t>(value);
    if (i == text.size()) break;
    if (text[i] != '.') return std::nullopt;
    ++i;
  }
  if (octet != 4) return std::nullopt;
  return out;
}

// Colon-separated hex groups (no "::" inside). The last group may be a dotted
// quad when `allow_quad` is set. Appends 16-bit groups to `groups`.
bool parse_groups(std::string_view text, bool allow_quad, std::array<std::uint16_t, 8>& groups,
                  std::size_t& count) {
  if (text.empty()) return true;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(':', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view group = text.substr(start, end - start);
    const bool last = end == text.size();
    if (last && allow_quad && group.find('.') != std::string_view::npos) {
      const auto quad = parse_dotted_quad(group);
      if (!quad || count + 2 > 8) return false;
      groups[count++] = static_cast<std::uint16_t>((*quad)[0] << 8 | (*quad)[1]);
      groups[count++] = static_cast<std::uint16_t>((*quad)[2] << 8 | (*quad)[3]);
      return true;
    }
    if (group.empty() || group.size() > 4 || count == 8) return false;
    unsigned value = 0;
    for (char c : group) {
      const int v = hex_value(c);
      if (v < 0) return false;
      value = value * 16 + static_cast<unsigned>(v);
    }
    groups[count++] = static_cast<std::uint16_t>(value);
    if (last) return true;
    start = end + 1;
  }
  return false;  // text ended with ':' (the loop ran past the end)
}

std::optional<IpAddress> parse_ipv6(std::string_view text) {
  std::array<std::uint16_t, 8> head{};
  std::array<std::uint16_t, 8> tail{};
  std::size_t head_count = 0;
  std::size_t tail_count = 0;
  const std::size_t gap = text.find("::");
  if (gap == std::string_view::npos) {
    if (!parse_groups(text, true, head, head_count) || head_count != 8) return std::nullopt;
  } else {
    const std::string_view before = text.substr(0, gap);
    const std::string_view after = text.substr(gap + 2);
    if (after.find("::") != std::string_view::npos) return std::nullopt;  // two gaps
    if (!after.empty() && after.front() == ':') return std::nullopt;      // ":::"
    if (!parse_groups(before, false, head, head_count)) return std::nullopt;
    if (!parse_groups(after, true, tail, tail_count)) return std::nullopt;
    if (head_count + tail_count > 7) return std::nullopt;  // "::" stands for at least one group
  }
  IpAddress out;
  out.family = IpFamily::v6;
  for (std::size_t i = 0; i < head_count; ++i) {
    out.bytes[2 * i] = static_cast<std::uint8_t>(head[i] >> 8);
    out.bytes[2 * i + 1] = static_cast<std::uint8_t>(head[i] & 0xff);
  }
  const std::size_t tail_start = 8 - tail_count;
  for (std::size_t i = 0; i < tail_count; ++i) {
    out.bytes[2 * (tail_start + i)] = static_cast<std::uint8_t>(tail[i] >> 8);
    out.bytes[2 * (tail_start + i) + 1] = static_cast<std::uint8_t>(tail[i] & 0xff);
  }
  return out;
}

bool is_ipv4_mapped(const IpAddress& a) {
  if (a.family != IpFamily::v6) return false;
  for (std::size_t i = 0; i < 10; ++i)
    if (a.bytes[i] != 0) return false;
  return a.bytes[10] == 0xff && a.bytes[11] == 0xff;
}

void append_quad(std::string& out, const std::uint8_t* b) {
  for (std::size_t i = 0; i < 4; ++i) {
    if (i > 0) out += '.';
    out += std::to_string(b[i]);
  }
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > kMaxIpText) return std::nullopt;
  if (text.find(':') == std::string_view::npos) {
    const auto quad = parse_dotted_quad(text);
    if (!quad) return std::nullopt;
    IpAddress out;
    for (std::size_t i = 0; i < 4; ++i) out.bytes[i] = (*quad)[i];
    return out;
  }
  return parse_ipv6(text);
}

std::string to_string(const IpAddress& address) {
  std::string out;
  if (address.family == IpFamily::v4) {
    append_quad(out, address.bytes.data());
    return out;
  }
  if (is_ipv4_mapped(address)) {
    out = "::ffff:";
    append_quad(out, address.bytes.data() + 12);
    return out;
  }
  std::array<unsigned, 8> groups{};
  for (std::size_t i = 0; i < 8; ++i) groups[i] = address.bytes[2 * i] << 8 | address.bytes[2 * i + 1];
  // RFC 5952 §4.2: compress the longest run of two or more zero groups (the first if tied).
  std::size_t best_start = 8;
  std::size_t best_length = 1;
  for (std::size_t i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_length) {
      best_start = i;
      best_length = j - i;
    }
    i = j;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    bool leading = true;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned digit = (groups[i] >> shift) & 0xf;
      if (leading && digit == 0 && shift > 0) continue;
      leading = false;
      out += kHex[digit];
    }
  }
  return out;
}

IpAddress unmap_ipv4(const IpAddress& address) {
  if (!is_ipv4_mapped(address)) return address;
  IpAddress out;
  for (std::size_t i = 0; i < 4; ++i) out.bytes[i] = address.bytes[12 + i];
  return out;
}

IpAddress mask(const IpAddress& address, std::size_t prefix_length) {
  IpAddress out = address;
  for (std::size_t byte = 0; byte < out.bytes.size(); ++byte) {
    const std::size_t first_bit = byte * 8;
    if (first_bit >= prefix_length) {
      out.bytes[byte] = 0;
    } else if (prefix_length - first_bit < 8) {
      const unsigned keep = 0xffu << (8 - (prefix_length - first_bit));
      out.bytes[byte] = static_cast<std::uint8_t>(out.bytes[byte] & keep);
    }
  }
  return out;
}

bool Cidr::contains(const IpAddress& address) const {
  return address.family == network.family && mask(address, prefix_length) == network;
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  const std::size_t slash = text.find('/');
  const auto address = parse_ip(text.substr(0, slash));
  if (!address) return std::nullopt;
  std::size_t length = address->bit_length();
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
    length = 0;
    for (char c : digits) {
      if (!is_digit(c)) return std::nullopt;
      length = length * 10 + static_cast<std::size_t>(c - '0');
    }
    if (length > address->bit_length()) return std::nullopt;
  }
  if (mask(*address, length) != *address) return std::nullopt;  // host bits set
  return Cidr{*address, static_cast<std::uint8_t>(length)};
}

std::uint64_t hash_ip(const IpAddress& address, std::uint64_t seed) {
  // FNV-1a from a seeded start, then the splitmix64 finaliser to spread the bits.
  std::uint64_t hash = 14695981039346656037ull ^ seed;
  auto mix = [&](std::uint8_t byte) {
    hash ^= byte;
    hash *= 1099511628211ull;
  };
  mix(static_cast<std::uint8_t>(address.family));
  for (std::uint8_t byte : address.bytes) mix(byte);
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ull;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebull;
  hash ^= hash >> 31;
  return hash;
}

std::string to_string(const Cidr& cidr) {
  return to_string(cidr.network) + "/" + std::to_string(cidr.prefix_length);
}

}  // namespace daneel::proxy::policy
