// Punycode, RFC 3492 sections 5-6, with the overflow handling of section 6.4.
#include "dns/punycode.h"

#include <cstdint>
#include <limits>

namespace daneel::dns::punycode {
namespace {

constexpr std::uint32_t kBase = 36;
constexpr std::uint32_t kTMin = 1;
constexpr std::uint32_t kTMax = 26;
constexpr std::uint32_t kSkew = 38;
constexpr std::uint32_t kDamp = 700;
constexpr std::uint32_t kInitialBias = 72;
constexpr std::uint32_t kInitialN = 0x80;
constexpr char kDelimiter = '-';
constexpr std::uint32_t kMaxInt = std::numeric_limits<std::uint32_t>::max();

std::uint32_t adapt(std::uint32_t delta, std::uint32_t num_points, bool first_time) {
  delta = first_time ? delta / kDamp : delta / 2;
  delta += delta / num_points;
  std::uint32_t k = 0;
  while (delta > ((kBase - kTMin) * kTMax) / 2) {
    delta /= kBase - kTMin;
    k += kBase;
  }
  return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
}

char encode_digit(std::uint32_t d) {  // 0..25 -> a..z, 26..35 -> 0..9
  return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26));
}

// Returns kBase for a character that is not a digit.
std::uint32_t decode_digit(char c) {
  if (c >= '0' && c <= '9') return static_cast<std::uint32_t>(c - '0') + 26;
  if (c >= 'a' && c <= 'z') return static_cast<std::uint32_t>(c - 'a');
  if (c >= 'A' && c <= 'Z') return static_cast<std::uint32_t>(c - 'A');
  return kBase;
}

std::uint32_t threshold(std::uint32_t k, std::uint32_t bias) {
  if (k <= bias) return kTMin;
  if (k >= bias + kTMax) return kTMax;
  return k - bias;
}

bool is_scalar(std::uint32_t cp) { return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF); }

}  // namespace

Result<std::string> encode(std::u32string_view input) {
  if (input.size() > kMaxPunycodeInput) {
    return make_error(Errc::limit_exceeded, "Punycode input is too long");
  }
  std::string out;
  for (char32_t c : input) {
    if (!is_scalar(c)) return make_error(Errc::out_of_range, "Punycode input is not a Unicode scalar value");
    if (c < 0x80) out.push_back(static_cast<char>(c));
  }
  const auto basic = static_cast<std::uint32_t>(out.size());
  std::uint32_t handled = basic;
  if (basic > 0) out.push_back(kDelimiter);

  std::uint32_t n = kInitialN;
  std::uint32_t delta = 0;
  std::uint32_t bias = kInitialBias;
  const auto length = static_cast<std::uint32_t>(input.size());
  while (handled < length) {
    std::uint32_t m = kMaxInt;
    for (char32_t c : input) {
      if (c >= n && c < m) m = c;
    }
    if (m - n > (kMaxInt - delta) / (handled + 1)) {
      return make_error(Errc::out_of_range, "Punycode overflow");
    }
    delta += (m - n) * (handled + 1);
    n = m;
    for (char32_t c : input) {
      if (c < n) {
        if (++delta == 0) return make_error(Errc::out_of_range, "Punycode overflow");
      }
      if (c == n) {
        std::uint32_t q = delta;
        for (std::uint32_t k = kBase;; k += kBase) {
          const std::uint32_t t = threshold(k, bias);
          if (q < t) break;
          out.push_back(encode_digit(t + (q - t) % (kBase - t)));
          q = (q - t) / (kBase - t);
        }
        out.push_back(encode_digit(q));
        bias = adapt(delta, handled + 1, handled == basic);
        delta = 0;
        ++handled;
      }
    }
    ++delta;
    ++n;
  }
  return out;
}

Result<std::u32string> decode(std::string_view input) {
  if (input.size() > kMaxPunycodeInput) {
    return make_error(Errc::limit_exceeded, "Punycode input is too long");
  }
  std::u32string out;
  std::size_t b = 0;  // number of basic code points: those before the last delimiter
  if (const auto last = input.rfind(kDelimiter); last != std::string_view::npos) b = last;
  for (std::size_t j = 0; j < b; ++j) {
    const auto c = static_cast<unsigned char>(input[j]);
    if (c >= 0x80) return make_error(Errc::malformed, "Punycode: non-ASCII character in the basic part");
    out.push_back(c);
  }
  std::size_t in = b > 0 ? b + 1 : 0;
  std::uint32_t n = kInitialN;
  std::uint32_t i = 0;
  std::uint32_t bias = kInitialBias;
  while (in < input.size()) {
    const std::uint32_t old_i = i;
    std::uint32_t w = 1;
    for (std::uint32_t k = kBase;; k += kBase) {
      if (in >= input.size()) return make_error(Errc::malformed, "Punycode: the last number is incomplete");
      const std::uint32_t digit = decode_digit(input[in++]);
      if (digit >= kBase) return make_error(Errc::malformed, "Punycode: not a base-36 digit");
      if (digit > (kMaxInt - i) / w) return make_error(Errc::out_of_range, "Punycode overflow");
      i += digit * w;
      const std::uint32_t t = threshold(k, bias);
      if (digit < t) break;
      if (w > kMaxInt / (kBase - t)) return make_error(Errc::out_of_range, "Punycode overflow");
      w *= kBase - t;
    }
    const auto count = static_cast<std::uint32_t>(out.size() + 1);
    bias = adapt(i - old_i, count, old_i == 0);
    if (i / count > kMaxInt - n) return make_error(Errc::out_of_range, "Punycode overflow");
    n += i / count;
    i %= count;
    if (!is_scalar(n) || n < kInitialN) {
      return make_error(Errc::out_of_range, "Punycode: decodes to a code point that is not a Unicode scalar value");
    }
    out.insert(out.begin() + i, static_cast<char32_t>(n));
    ++i;
  }
  return out;
}

}  // namespace daneel::dns::punycode
