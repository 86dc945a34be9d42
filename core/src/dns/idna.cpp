// IDNA2008: mapping of user input, validation of U-labels and A-labels, the
// contextual rules (RFC 5892 Appendix A), the Bidi rule (RFC 5893) and an NFC
// normaliser (UAX #15). The tables come from gen_idna_tables.py at build time.
#include "dns/idna.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dns/punycode.h"

namespace daneel::dns::idna {
namespace {

#include "idna_tables.inc"

// ---------------------------------------------------------------------------
// Table access (encodings: gen_idna_tables.py)
// ---------------------------------------------------------------------------

enum class Derived : std::uint8_t {
  pvalid = 0,
  contextj = 1,
  contexto = 2,
  unassigned = 3,
  dis_unstable = 4,
  dis_ignorable_property = 5,
  dis_ignorable_block = 6,
  dis_old_hangul_jamo = 7,
  dis_not_letter_digit = 8,
  dis_exception = 9,
};

enum class Bidi : std::uint8_t { other, L, R, AL, AN, EN, ES, CS, ET, ON, BN, NSM };
constexpr std::string_view kBidiNames[] = {"other", "L",  "R",  "AL", "AN", "EN",
                                           "ES",    "CS", "ET", "ON", "BN", "NSM"};

enum class Joining : std::uint8_t { U, L, R, D, T, C };
enum class Script : std::uint8_t { other, greek, hebrew, hiragana_katakana_han };

struct Props {
  Derived derived;
  Bidi bidi;
  Joining joining;
  Script script;
  bool mark;
};

constexpr char32_t kMaxCodePoint = 0x10FFFF;

// A canonical decomposition (one step): cp -> first [second].
struct Decomposition {
  char32_t cp;
  char32_t first;
  char32_t second;  // 0: cp decomposes to first alone
  bool composes;    // cp is a primary composite of first + second
};

// The generator stores range starts and decompositions as LEB128 varints of
// differences, a third of the size of plain arrays in the wasm package. They
// are decoded once, at first use, into static arrays (zero-filled storage,
// not part of the binary).
struct Tables {
  std::array<char32_t, kPropRanges> prop_start;
  std::array<char32_t, kCccRanges> ccc_start;
  std::array<Decomposition, kDecompositions> decompositions;  // by cp
  std::array<std::uint16_t, kDecompositions> compose_order;  // indices of the composing ones by (first, second)
  std::size_t composing;                                     // how many of compose_order are used
};

// Reads unsigned LEB128 values from generated data; past the end (which the
// generator's counts rule out) it returns 0 instead of reading further.
class LebReader {
 public:
  explicit LebReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::uint32_t next() {
    std::uint32_t value = 0;
    for (unsigned shift = 0; at_ < bytes_.size() && shift < 32; shift += 7) {
      const std::uint8_t byte = bytes_[at_++];
      value |= static_cast<std::uint32_t>(byte & 0x7FU) << shift;
      if ((byte & 0x80U) == 0) break;
    }
    return value;
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
};

template <std::size_t N>
void decode_starts(std::span<const std::uint8_t> leb, std::array<char32_t, N>& starts) {
  LebReader reader(leb);
  char32_t at = 0;
  for (char32_t& start : starts) start = at += reader.next();
}

void decode(Tables& t) {
  decode_starts(kPropStartLeb, t.prop_start);
  decode_starts(kCccStartLeb, t.ccc_start);
  LebReader cps(kDecompCpLeb), firsts(kDecompFirstLeb), seconds(kDecompSecondLeb);
  char32_t cp = 0;
  t.composing = 0;
  for (std::size_t i = 0; i < kDecompositions; ++i) {
    cp += cps.next();
    const std::uint32_t zigzag = firsts.next();  // cp - first, zigzag-encoded
    const auto half = static_cast<std::int64_t>(zigzag >> 1U);
    const std::int64_t difference = (zigzag & 1U) != 0 ? -half - 1 : half;
    const std::uint32_t second = seconds.next();
    t.decompositions[i] = {cp, static_cast<char32_t>(static_cast<std::int64_t>(cp) - difference),
                           static_cast<char32_t>(second >> 1U), (second & 1U) != 0};
    if (t.decompositions[i].composes) t.compose_order[t.composing++] = static_cast<std::uint16_t>(i);
  }
  std::sort(t.compose_order.begin(), t.compose_order.begin() + static_cast<std::ptrdiff_t>(t.composing),
            [&t](std::uint16_t x, std::uint16_t y) {
              const Decomposition& a = t.decompositions[x];
              const Decomposition& b = t.decompositions[y];
              return a.first != b.first ? a.first < b.first : a.second < b.second;
            });
}

const Tables& tables() {
  static Tables t;
  static const bool decoded = (decode(t), true);
  static_cast<void>(decoded);
  return t;
}

// Index of the range (by sorted start, starts[0] == 0) that holds cp.
template <std::size_t N>
std::size_t range_index(const std::array<char32_t, N>& starts, char32_t cp) {
  const auto it = std::upper_bound(starts.begin(), starts.end(), cp);
  return static_cast<std::size_t>(it - starts.begin()) - 1;
}

Props props(char32_t cp) {
  if (cp > kMaxCodePoint) return {Derived::unassigned, Bidi::other, Joining::U, Script::other, false};
  const unsigned v = kPropValue[range_index(tables().prop_start, cp)];
  return {static_cast<Derived>(v & 0xFU), static_cast<Bidi>((v >> 4) & 0xFU),
          static_cast<Joining>((v >> 8) & 0x7U), static_cast<Script>((v >> 11) & 0x3U),
          ((v >> 13) & 1U) != 0};
}

bool is_valid(Derived d) { return d == Derived::pvalid || d == Derived::contextj || d == Derived::contexto; }

std::uint8_t ccc(char32_t cp) {
  if (cp < 0x300 || cp > kMaxCodePoint) return 0;
  return kCccValue[range_index(tables().ccc_start, cp)];
}

template <std::size_t N>
char32_t map_runs(const MapRun (&runs)[N], char32_t cp) {
  const auto* it = std::upper_bound(std::begin(runs), std::end(runs), cp,
                                    [](char32_t c, const MapRun& run) { return c < run.first; });
  if (it == std::begin(runs)) return cp;
  const MapRun& run = *(it - 1);
  if (cp > run.last || (cp - run.first) % run.stride != 0) return cp;
  return static_cast<char32_t>(static_cast<std::int64_t>(cp) + run.delta);
}

// ---------------------------------------------------------------------------
// UTF-8
// ---------------------------------------------------------------------------

void append_utf8(std::string& out, char32_t cp) {
  const auto byte = [&out](std::uint32_t b) { out.push_back(static_cast<char>(b)); };
  const auto c = static_cast<std::uint32_t>(cp);
  if (c < 0x80) {
    byte(c);
  } else if (c < 0x800) {
    byte(0xC0 | (c >> 6));
    byte(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    byte(0xE0 | (c >> 12));
    byte(0x80 | ((c >> 6) & 0x3F));
    byte(0x80 | (c & 0x3F));
  } else {
    byte(0xF0 | (c >> 18));
    byte(0x80 | ((c >> 12) & 0x3F));
    byte(0x80 | ((c >> 6) & 0x3F));
    byte(0x80 | (c & 0x3F));
  }
}

std::string to_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) append_utf8(out, cp);
  return out;
}

// Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
// Returns the offset of the first bad byte, or npos.
std::size_t decode_utf8(std::string_view in, std::u32string& out) {
  std::size_t i = 0;
  while (i < in.size()) {
    const auto b0 = static_cast<std::uint8_t>(in[i]);
    if (b0 < 0x80) {
      out.push_back(b0);
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2, cp = b0 & 0x1FU, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3, cp = b0 & 0x0FU, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4, cp = b0 & 0x07U, min = 0x10000;
    } else {
      return i;
    }
    if (in.size() - i < len) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<std::uint8_t>(in[i + k]);
      if ((b & 0xC0U) != 0x80U) return i;
      cp = (cp << 6) | (b & 0x3FU);
    }
    if (cp < min || cp > kMaxCodePoint || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    out.push_back(static_cast<char32_t>(cp));
    i += len;
  }
  return std::string_view::npos;
}

bool all_ascii(std::u32string_view text) {
  return std::all_of(text.begin(), text.end(), [](char32_t c) { return c < 0x80; });
}

// ---------------------------------------------------------------------------
// NFC (UAX #15): full canonical decomposition, canonical ordering, composition
// ---------------------------------------------------------------------------

constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28;
constexpr char32_t kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

// Full canonical decompositions are at most this long (the generator checks);
// it bounds the recursion below.
constexpr int kMaxDecompositionLength = 4;

void decompose_into(char32_t cp, std::u32string& out, int depth = 0) {
  if (cp >= kSBase && cp < kSBase + kSCount) {
    const char32_t s = cp - kSBase;
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount != 0) out.push_back(kTBase + s % kTCount);
    return;
  }
  const auto& all = tables().decompositions;
  const auto it = std::lower_bound(all.begin(), all.end(), cp,
                                   [](const Decomposition& d, char32_t c) { return d.cp < c; });
  if (it == all.end() || it->cp != cp || depth >= kMaxDecompositionLength) {
    out.push_back(cp);
    return;
  }
  decompose_into(it->first, out, depth + 1);
  if (it->second != 0) decompose_into(it->second, out, depth + 1);
}

char32_t compose_pair(char32_t a, char32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount) {
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  }
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase &&
      b < kTBase + kTCount) {
    return a + (b - kTBase);
  }
  const Tables& t = tables();
  const auto end = t.compose_order.begin() + static_cast<std::ptrdiff_t>(t.composing);
  const auto it = std::lower_bound(t.compose_order.begin(), end, std::pair{a, b},
                                   [&t](std::uint16_t i, const std::pair<char32_t, char32_t>& key) {
                                     const Decomposition& d = t.decompositions[i];
                                     return std::pair{d.first, d.second} < key;
                                   });
  if (it == end || t.decompositions[*it].first != a || t.decompositions[*it].second != b) return 0;
  return t.decompositions[*it].cp;
}

std::u32string nfc(std::u32string_view in) {
  if (all_ascii(in)) return std::u32string(in);
  std::u32string d;
  d.reserve(in.size() + 8);
  for (char32_t cp : in) decompose_into(cp, d);
  // Canonical ordering: a stable insertion sort inside each run of non-starters.
  for (std::size_t i = 1; i < d.size(); ++i) {
    const std::uint8_t c = ccc(d[i]);
    if (c == 0) continue;
    for (std::size_t j = i; j > 0 && ccc(d[j - 1]) > c; --j) std::swap(d[j - 1], d[j]);
  }
  // Canonical composition.
  if (d.empty()) return d;
  std::size_t starter = 0;
  std::size_t out = 1;
  int last = ccc(d[0]) == 0 ? 0 : 256;  // 256: no starter yet, nothing composes
  for (std::size_t i = 1; i < d.size(); ++i) {
    const char32_t cp = d[i];
    const int c = ccc(cp);
    if (last != 256 && (last < c || last == 0)) {
      if (const char32_t composite = compose_pair(d[starter], cp); composite != 0) {
        d[starter] = composite;
        continue;
      }
    }
    if (c == 0) starter = out;
    last = c;
    d[out++] = cp;
  }
  d.resize(out);
  return d;
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

void append_hex(std::string& out, char32_t cp, int min_digits) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  char buf[8];
  int n = 0;
  auto v = static_cast<std::uint32_t>(cp);
  do {
    buf[n++] = kDigits[v & 0xFU];
    v >>= 4;
  } while (v != 0 || n < min_digits);
  while (n > 0) out.push_back(buf[--n]);
}

// Invisible and control characters, and the quote and backslash, which a
// message cannot show between quotes as they are.
bool needs_escape(char32_t cp) {
  const Derived d = props(cp).derived;
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == '"' || cp == '\\' ||
         (cp != ' ' && (d == Derived::dis_ignorable_property || d == Derived::contextj));
}

// "U+00E9 "é"", or "U+200D" alone for a character that cannot be shown (or
// is not assigned).
// No character names: a table of them (even for a few blocks) was 9 KB of
// the gzip'd npm package; the code point says exactly which character it is.
std::string describe(char32_t cp) {
  std::string out = "U+";
  append_hex(out, cp, 4);
  if (!needs_escape(cp) && props(cp).derived != Derived::unassigned) {
    out += " \"";
    append_utf8(out, cp);
    out += '"';
  }
  return out;
}

// Text shown between quotes in a message: invisible and control characters
// escaped as \u{XXXX}; long text shortened.
std::string shown(std::u32string_view text) {
  constexpr std::size_t kMaxShown = 72;
  std::string out;
  std::size_t n = 0;
  for (char32_t cp : text) {
    if (++n > kMaxShown) {
      out += "...";
      break;
    }
    if (needs_escape(cp)) {
      out += "\\u{";
      append_hex(out, cp, 4);
      out += '}';
    } else {
      append_utf8(out, cp);
    }
  }
  return out;
}

std::string quoted(std::u32string_view text) { return "\"" + shown(text) + "\""; }

std::string label_prefix(std::size_t index, std::u32string_view original) {
  return "label " + std::to_string(index) + " (" + quoted(original) + ") ";
}

Error label_error(std::size_t index, std::u32string_view original, std::string_view why) {
  return make_error(Errc::invalid_argument, label_prefix(index, original) + std::string(why));
}

std::string disallowed_reason(char32_t cp, Derived d) {
  std::string out = "contains " + describe(cp);
  switch (d) {
    case Derived::unassigned:
      return out + ", which is not assigned in Unicode " + kUnicodeVersion +
             " (IDNA2008 refuses unassigned code points)";
    case Derived::dis_unstable:
      if (map_runs(kCaseMap, cp) != cp) return out + " (an uppercase letter), which IDNA2008 disallows";
      return out + ", which IDNA2008 disallows (a compatibility or case variant: normalization "
                   "(NFKC) with case folding turns it into other characters; type those instead)";
    case Derived::dis_ignorable_property:
      return out + ", which IDNA2008 disallows (white space, an invisible formatting character or "
                   "a noncharacter)";
    case Derived::dis_ignorable_block:
      return out + ", which IDNA2008 disallows (a symbol from a block RFC 5892 excludes)";
    case Derived::dis_old_hangul_jamo:
      return out + ", which IDNA2008 disallows (a conjoining Hangul jamo; use precomposed syllables)";
    case Derived::dis_exception:
      return out + ", which IDNA2008 disallows (an exception in RFC 5892 section 2.6)";
    case Derived::dis_not_letter_digit:
    default:
      return out + ", which IDNA2008 disallows (not a letter, digit or combining mark)";
  }
}

// ---------------------------------------------------------------------------
// U-label rules (RFC 5891 section 4.2.3, RFC 5892 Appendix A). Returns the
// reason a label is not a valid U-label, or "" when it is one. Does not check
// the Bidi rule (a property of the whole domain) nor the length.
// ---------------------------------------------------------------------------

bool has_script(std::u32string_view label, std::size_t i, Script script) {
  return i < label.size() && props(label[i]).script == script;
}

std::string context_reason(std::u32string_view label, std::size_t i) {
  const char32_t cp = label[i];
  const std::string what = "contains " + describe(cp) + ", which RFC 5892 allows only ";
  const bool after_virama = i > 0 && ccc(label[i - 1]) == 9;
  switch (cp) {
    case 0x200C: {  // ZERO WIDTH NON-JOINER (A.1)
      if (after_virama) return {};
      std::size_t before = i;
      while (before > 0 && props(label[before - 1]).joining == Joining::T) --before;
      std::size_t after = i + 1;
      while (after < label.size() && props(label[after]).joining == Joining::T) ++after;
      if (before > 0 && after < label.size()) {
        const Joining left = props(label[before - 1]).joining;
        const Joining right = props(label[after]).joining;
        if ((left == Joining::L || left == Joining::D) && (right == Joining::R || right == Joining::D)) return {};
      }
      return what + "after a virama or between two joining letters (Appendix A.1)";
    }
    case 0x200D:  // ZERO WIDTH JOINER (A.2)
      if (after_virama) return {};
      return what + "after a virama (Appendix A.2)";
    case 0x00B7:  // MIDDLE DOT (A.3)
      if (i > 0 && label[i - 1] == 'l' && i + 1 < label.size() && label[i + 1] == 'l') return {};
      return what + "between two l's, as in Catalan \"l\u00B7l\" (Appendix A.3)";
    case 0x0375:  // GREEK LOWER NUMERAL SIGN (KERAIA) (A.4)
      if (has_script(label, i + 1, Script::greek)) return {};
      return what + "before a Greek character (Appendix A.4)";
    case 0x05F3:  // HEBREW PUNCTUATION GERESH (A.5)
    case 0x05F4:  // HEBREW PUNCTUATION GERSHAYIM (A.6)
      if (i > 0 && has_script(label, i - 1, Script::hebrew)) return {};
      return what + (cp == 0x05F3 ? "after a Hebrew character (Appendix A.5)"
                                  : "after a Hebrew character (Appendix A.6)");
    case 0x30FB:  // KATAKANA MIDDLE DOT (A.7)
      for (char32_t c : label) {
        if (props(c).script == Script::hiragana_katakana_han) return {};
      }
      return what + "in a label with Hiragana, Katakana or Han characters (Appendix A.7)";
    default:
      break;
  }
  if (cp >= 0x0660 && cp <= 0x0669) {  // ARABIC-INDIC DIGITS (A.8)
    for (char32_t c : label) {
      if (c >= 0x06F0 && c <= 0x06F9) {
        return what + "in a label without Extended Arabic-Indic digits; it also contains " + describe(c) +
               " (Appendix A.8)";
      }
    }
    return {};
  }
  if (cp >= 0x06F0 && cp <= 0x06F9) {  // EXTENDED ARABIC-INDIC DIGITS (A.9)
    for (char32_t c : label) {
      if (c >= 0x0660 && c <= 0x0669) {
        return what + "in a label without Arabic-Indic digits; it also contains " + describe(c) +
               " (Appendix A.9)";
      }
    }
    return {};
  }
  return "contains " + describe(cp) + ", a contextual character without a rule";  // unreachable with RFC 5892's table
}

std::string hyphen_reason(std::u32string_view label) {
  if (label.front() == '-') return "starts with a hyphen";
  if (label.back() == '-') return "ends with a hyphen";
  if (label.size() >= 4 && label[2] == '-' && label[3] == '-') {
    return "has \"--\" in the third and fourth positions, which only \"xn--\" A-labels may have";
  }
  return {};
}

std::string ulabel_reason(std::u32string_view label) {
  if (nfc(label) != label) return "is not in Unicode Normalization Form C";
  if (std::string why = hyphen_reason(label); !why.empty()) return why;
  for (char32_t cp : label) {
    const Derived d = props(cp).derived;
    if (!is_valid(d)) return disallowed_reason(cp, d);
  }
  if (props(label.front()).mark) return "starts with the combining mark " + describe(label.front());
  for (std::size_t i = 0; i < label.size(); ++i) {
    const Derived d = props(label[i]).derived;
    if (d == Derived::contextj || d == Derived::contexto) {
      if (std::string why = context_reason(label, i); !why.empty()) return why;
    }
  }
  return {};
}

// ---------------------------------------------------------------------------
// The Bidi rule (RFC 5893 section 2), for every label of a Bidi domain name.
// ---------------------------------------------------------------------------

bool has_rtl(std::u32string_view label) {
  return std::any_of(label.begin(), label.end(), [](char32_t cp) {
    const Bidi b = props(cp).bidi;
    return b == Bidi::R || b == Bidi::AL || b == Bidi::AN;
  });
}

std::string bidi_class_of(char32_t cp) {
  return describe(cp) + " (bidi class " + std::string(kBidiNames[static_cast<int>(props(cp).bidi)]) + ")";
}

std::string bidi_reason(std::u32string_view label) {
  const std::string rule = "breaks the Bidi rule of RFC 5893 (the domain name has right-to-left labels): ";
  const Bidi first = props(label.front()).bidi;
  if (first != Bidi::L && first != Bidi::R && first != Bidi::AL) {
    return rule + "a label must start with a letter, but it starts with " + bidi_class_of(label.front()) +
           " (condition 1)";
  }
  const bool rtl = first != Bidi::L;
  bool has_en = false;
  bool has_an = false;
  for (char32_t cp : label) {
    const Bidi b = props(cp).bidi;
    has_en = has_en || b == Bidi::EN;
    has_an = has_an || b == Bidi::AN;
    const bool common = b == Bidi::EN || b == Bidi::ES || b == Bidi::CS || b == Bidi::ET || b == Bidi::ON ||
                        b == Bidi::BN || b == Bidi::NSM;
    if (rtl && !(common || b == Bidi::R || b == Bidi::AL || b == Bidi::AN)) {
      return rule + "a right-to-left label may not contain " + bidi_class_of(cp) + " (condition 2)";
    }
    if (!rtl && !(common || b == Bidi::L)) {
      return rule + "a left-to-right label may not contain " + bidi_class_of(cp) + " (condition 5)";
    }
  }
  std::size_t end = label.size();
  while (end > 1 && props(label[end - 1]).bidi == Bidi::NSM) --end;
  const char32_t last_cp = label[end - 1];
  const Bidi last = props(last_cp).bidi;
  if (rtl && !(last == Bidi::R || last == Bidi::AL || last == Bidi::EN || last == Bidi::AN)) {
    return rule + "a right-to-left label must end with a right-to-left letter or a digit, but it ends with " +
           bidi_class_of(last_cp) + " (condition 3)";
  }
  if (!rtl && !(last == Bidi::L || last == Bidi::EN)) {
    return rule + "a left-to-right label must end with a letter or a European digit, but it ends with " +
           bidi_class_of(last_cp) + " (condition 6)";
  }
  if (rtl && has_en && has_an) {
    return rule + "a right-to-left label may not mix European digits and Arabic-Indic digits (condition 4)";
  }
  return {};
}

// ---------------------------------------------------------------------------
// Labels and domains
// ---------------------------------------------------------------------------

struct Label {
  std::u32string original;  // as given (for messages)
  std::u32string unicode;   // the U-label, or the LDH label, as code points
  std::string ascii;        // the A-label or LDH label
};

std::string length_reason(std::size_t length, std::string_view form) {
  return "is " + std::to_string(length) + " characters long " + std::string(form) + "; the limit is " +
         std::to_string(kMaxLabelLength);
}

// Checks an "xn--" label (lowercase ASCII) and decodes it into `unicode`.
std::string alabel_reason(std::string_view alabel, std::u32string& unicode) {
  const std::string prefix = "is not a valid A-label: ";
  auto decoded = punycode::decode(alabel.substr(4));
  if (!decoded.ok()) return prefix + decoded.error().message;
  unicode = std::move(decoded).value();
  if (unicode.empty()) return prefix + "nothing follows \"xn--\"";
  if (all_ascii(unicode)) {
    return prefix + "it decodes to " + quoted(unicode) + ", which has no non-ASCII character (a fake A-label)";
  }
  if (std::string why = ulabel_reason(unicode); !why.empty()) {
    return prefix + "it decodes to " + quoted(unicode) + ", which " + why;
  }
  auto encoded = punycode::encode(unicode);
  if (!encoded.ok() || encoded.value() != alabel.substr(4)) {
    return prefix + "it decodes to " + quoted(unicode) + ", which encodes to \"xn--" +
           (encoded.ok() ? encoded.value() : std::string("?")) + "\" (a fake A-label: it does not round-trip)";
  }
  return {};
}

// An all-ASCII label, lowercased in `label.ascii`. Checks the characters
// (LDH, plus '_' when allowed), the hyphen rules (LDH labels), A-labels.
std::string ascii_label_reason(Label& label, bool display) {
  std::string& s = label.ascii;
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') continue;
    if (c == '_') {
      if (display) continue;
      return "contains \"_\" (U+005F LOW LINE): a mail domain is a host name, and host names may not "
             "contain underscores";
    }
    const auto cp = static_cast<char32_t>(static_cast<unsigned char>(c));
    return disallowed_reason(cp, props(cp).derived);
  }
  if (s.size() > kMaxLabelLength) return length_reason(s.size(), "");
  if (s.size() >= 4 && s.compare(0, 4, "xn--") == 0) return alabel_reason(s, label.unicode);
  label.unicode.assign(s.begin(), s.end());
  if (display) return {};
  return hyphen_reason(label.unicode);
}

// The user-input mapping of one character: width (full-width and half-width
// forms to their plain forms), then case (to lowercase; simple case folding
// where there is no lowercase mapping) for characters that are not valid as
// they are. A character whose mapping is not valid either is left as typed, so
// that the message names what the user typed (U+3000 IDEOGRAPHIC SPACE, not
// the U+0020 SPACE it maps to).
void map_char(char32_t typed, std::u32string& out) {
  if (is_valid(props(typed).derived)) {
    out.push_back(typed);
    return;
  }
  const char32_t cp = map_runs(kWidthMap, typed);
  for (const SpecialLower& special : kSpecialLower) {
    if (special.cp == cp) {
      out.push_back(special.first);
      out.push_back(special.second);
      return;
    }
  }
  const char32_t mapped = is_valid(props(cp).derived) ? cp : map_runs(kCaseMap, cp);
  out.push_back(is_valid(props(mapped).derived) ? mapped : typed);
}

std::u32string map_label(std::u32string_view label) {
  std::u32string out;
  out.reserve(label.size());
  for (char32_t cp : label) map_char(cp, out);
  return out;
}

// Whitespace trimmed by domain_to_ascii.
bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_separator(char32_t cp) { return cp == '.' || cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61; }

// Splits into labels; drops one trailing separator. Fails on empty labels.
Result<std::vector<Label>> split_labels(std::u32string_view text, std::string_view what) {
  if (text.empty()) return make_error(Errc::invalid_argument, "no domain name given (the input is empty)");
  std::vector<Label> labels;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && !is_separator(text[i])) continue;
    if (i == text.size() && start == text.size() && !labels.empty()) break;  // one trailing dot
    Label label;
    label.original = text.substr(start, i - start);
    labels.push_back(std::move(label));
    start = i + 1;
  }
  if (labels.size() == 1 && labels[0].original.empty()) {
    return make_error(Errc::invalid_argument, std::string(what) + " is only a dot: no domain name given");
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].original.empty()) {
      const char* where = i == 0 ? "the name starts with a dot" : "two dots in a row";
      return make_error(Errc::invalid_argument,
                        "label " + std::to_string(i + 1) + " is empty (" + where + ")");
    }
  }
  return labels;
}

Status check_domain(const std::vector<Label>& labels) {
  if (std::any_of(labels.begin(), labels.end(), [](const Label& l) { return has_rtl(l.unicode); })) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (std::string why = bidi_reason(labels[i].unicode); !why.empty()) {
        return label_error(i + 1, labels[i].original, why);
      }
    }
  }
  std::size_t length = labels.size() - 1;
  for (const Label& l : labels) length += l.ascii.size();
  if (length > kMaxDomainLength) {
    return make_error(Errc::invalid_argument, "the domain name is " + std::to_string(length) +
                                                  " characters long in ASCII form; the limit is " +
                                                  std::to_string(kMaxDomainLength));
  }
  return {};
}

// The common case: an all-ASCII name of LDH labels without A-labels. Returns
// false for anything else (including every error), which the general path
// then handles and explains.
bool fast_ascii(std::string_view input, std::string& out) {
  if (input.empty() || input.size() > kMaxDomainLength + 1) return false;
  out.clear();
  out.reserve(input.size());
  std::size_t start = 0;  // start of the current label in `out`
  for (std::size_t i = 0; i <= input.size(); ++i) {
    if (i == input.size() || input[i] == '.') {
      const std::size_t length = out.size() - start;
      if (length == 0) {
        if (i != input.size() || start == 0) return false;  // empty label
        out.pop_back();                                      // one trailing dot, dropped
        return out.size() <= kMaxDomainLength;
      }
      if (length > kMaxLabelLength || out[start] == '-' || out.back() == '-') return false;
      if (length >= 4 && out[start + 2] == '-' && out[start + 3] == '-') return false;  // xn-- and reserved
      if (i == input.size()) break;
      out.push_back('.');
      start = out.size();
      continue;
    }
    char c = input[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    out.push_back(c);
  }
  return out.size() <= kMaxDomainLength;
}

Error too_long(std::size_t size) {
  return make_error(Errc::limit_exceeded, "the input is " + std::to_string(size) +
                                              " bytes long; a domain name has at most 253 characters");
}

}  // namespace

std::string_view unicode_version() { return kUnicodeVersion; }

Result<std::string> to_nfc(std::string_view utf8) {
  std::u32string text;
  if (const std::size_t bad = decode_utf8(utf8, text); bad != std::string_view::npos) {
    return make_error(Errc::invalid_argument, "not valid UTF-8 at byte " + std::to_string(bad));
  }
  return to_utf8(nfc(text));
}

Result<std::string> domain_to_ascii(std::string_view user_input) {
  if (user_input.size() > kMaxInputBytes) return too_long(user_input.size());
  std::size_t begin = 0;
  std::size_t end = user_input.size();
  while (begin < end && is_ascii_space(user_input[begin])) ++begin;
  while (end > begin && is_ascii_space(user_input[end - 1])) --end;
  const std::string_view input = user_input.substr(begin, end - begin);
  if (std::string fast; fast_ascii(input, fast)) return fast;

  std::u32string text;
  if (const std::size_t bad = decode_utf8(input, text); bad != std::string_view::npos) {
    return make_error(Errc::invalid_argument, "the input is not valid UTF-8 (byte " + std::to_string(begin + bad) +
                                                  " starts no valid character)");
  }
  if (text.find(U'@') != std::u32string::npos) {
    return make_error(Errc::invalid_argument, quoted(text) + " looks like an e-mail address: give only the "
                                                             "domain, the part after \"@\"");
  }
  auto split = split_labels(text, "the input");
  if (!split.ok()) return split.error();
  std::vector<Label>& labels = split.value();

  for (std::size_t i = 0; i < labels.size(); ++i) {
    Label& label = labels[i];
    std::string why;
    std::u32string mapped;
    if (all_ascii(label.original)) {
      label.ascii.assign(label.original.begin(), label.original.end());
      why = ascii_label_reason(label, false);
    } else if (label.original.size() > 4 * kMaxLabelLength) {
      // NFC composes at most four code points into one: this cannot become a
      // U-label, and refusing it here bounds the normaliser's work.
      why = "is " + std::to_string(label.original.size()) + " characters long; a label has at most " +
            std::to_string(kMaxLabelLength) + " characters as an A-label";
    } else {
      mapped = nfc(map_label(label.original));
      if (all_ascii(mapped)) {
        label.ascii.assign(mapped.begin(), mapped.end());
        why = ascii_label_reason(label, false);
      } else if (mapped.size() > kMaxLabelLength - 4) {
        // An A-label has at least one character per code point after "xn--".
        why = length_reason(mapped.size() + 4, "at least as an A-label");
      } else {
        why = ulabel_reason(mapped);
        if (why.empty()) {
          auto encoded = punycode::encode(mapped);
          if (!encoded.ok()) {
            why = encoded.error().message;
          } else {
            label.ascii = "xn--" + encoded.value();
            label.unicode = std::move(mapped);
            if (label.ascii.size() > kMaxLabelLength) {
              why = length_reason(label.ascii.size(), "as an A-label (\"" + label.ascii + "\")");
            }
          }
        }
      }
    }
    if (!why.empty()) return label_error(i + 1, label.original, why);
  }
  if (Status status = check_domain(labels); !status.ok()) return status.error();

  std::string out;
  for (const Label& label : labels) {
    if (!out.empty()) out += '.';
    out += label.ascii;
  }
  return out;
}

Result<std::string> domain_to_unicode(std::string_view ascii) {
  if (ascii.size() > kMaxInputBytes) return too_long(ascii.size());
  for (std::size_t i = 0; i < ascii.size(); ++i) {
    if (static_cast<unsigned char>(ascii[i]) >= 0x80) {
      return make_error(Errc::invalid_argument,
                        "the domain name is not ASCII (byte " + std::to_string(i) + "); this takes A-labels");
    }
  }
  const std::u32string text(ascii.begin(), ascii.end());
  auto split = split_labels(text, "the domain name");
  if (!split.ok()) return split.error();
  std::vector<Label>& labels = split.value();
  for (std::size_t i = 0; i < labels.size(); ++i) {
    Label& label = labels[i];
    label.ascii.assign(label.original.begin(), label.original.end());
    if (std::string why = ascii_label_reason(label, true); !why.empty()) {
      return label_error(i + 1, label.original, why);
    }
  }
  if (Status status = check_domain(labels); !status.ok()) return status.error();
  std::string out;
  for (const Label& label : labels) {
    if (!out.empty()) out += '.';
    out += to_utf8(label.unicode);
  }
  return out;
}

}  // namespace daneel::dns::idna
