// RDATA presentation form: the printing and parsing visitors over each type's
// fields(), plus RFC 3597's generic `\# length hex` form.
#include <algorithm>
#include <span>
#include <string>

#include "dns/address.h"
#include "dns/rdata_parts.h"
#include "util/encoding.h"

namespace daneel::dns {
namespace {

constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  // Proleptic Gregorian days since 1970-01-01 (era-based, exact for all years).
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month, day;
};

constexpr Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::string two_digits(std::int64_t v) { return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)}; }

class FieldPrinter {
 public:
  void u8(const char*, std::uint8_t v) { add(std::to_string(v)); }
  void u16(const char*, std::uint16_t v) { add(std::to_string(v)); }
  void u32(const char*, std::uint32_t v) { add(std::to_string(v)); }
  void time(const char*, std::uint32_t v) { add(rrsig_time_to_text(v)); }
  void type(const char*, RrType v) { add(to_string(v)); }
  void ipv4(const char*, const Ipv4& v) { add(ipv4_to_text(v)); }
  void ipv6(const char*, const Ipv6& v) { add(ipv6_to_text(v)); }
  void name(const char*, const Name& v, NameRule) { add(v.to_text()); }
  void hex(const char*, const Bytes& v) { add(to_upper_hex(v)); }
  void base64(const char*, const Bytes& v) { add(encoding::to_base64(v)); }
  void quoted_rest(const char*, const Bytes& v) { add(quote(v)); }
  void salt(const char*, const Bytes& v) { add(v.empty() ? "-" : to_upper_hex(v)); }  // RFC 5155 §3.3
  void hash(const char*, const Bytes& v) { add(encoding::to_base32hex(v)); }
  void strings(const char*, const std::vector<Bytes>& v) {
    for (const Bytes& s : v) add(quote(s));
  }
  void caa_tag(const char*, const std::string& v) { add(v); }
  void bitmap(const char*, const TypeBitmap& v) {
    for (const RrType t : v.types) add(to_string(t));
  }
  void svc_params(const char*, const std::vector<SvcParam>& v) {
    if (!v.empty()) add(svc_params_to_text(v));
  }
  std::string take() { return std::move(out_); }

 private:
  void add(const std::string& token) {
    if (!out_.empty()) out_.push_back(' ');
    out_ += token;
  }
  std::string out_;
};

// Consumes tokens field by field; the first failure is kept with its field.
class FieldParser {
 public:
  explicit FieldParser(std::span<const Token> tokens) : tokens_(tokens) {}

  void u8(const char* f, std::uint8_t& v) { number(f, v, 255); }
  void u16(const char* f, std::uint16_t& v) { number(f, v, 65535); }
  void u32(const char* f, std::uint32_t& v) { number(f, v, 4294967295u); }
  void time(const char* f, std::uint32_t& v) { convert(f, v, rrsig_time_from_text); }
  void type(const char* f, RrType& v) { convert(f, v, rr_type_from_text); }
  void ipv4(const char* f, Ipv4& v) { convert(f, v, ipv4_from_text); }
  void ipv6(const char* f, Ipv6& v) { convert(f, v, ipv6_from_text); }
  void name(const char* f, Name& v, NameRule) { convert(f, v, Name::from_text); }
  void hex(const char* f, Bytes& v) { joined_rest(f, v, encoding::from_hex); }
  void base64(const char* f, Bytes& v) { joined_rest(f, v, encoding::from_base64); }
  void quoted_rest(const char* f, Bytes& v) {
    if (const Token* t = next(f)) set(f, v, unescape(t->text));
  }
  void salt(const char* f, Bytes& v) {
    const Token* t = next(f);
    if (t == nullptr) return;
    if (t->text == "-") return v.clear();
    set(f, v, encoding::from_hex(t->text));
    if (ok() && v.size() > 255) fail(f, make_error(Errc::limit_exceeded, "longer than 255 octets"));
  }
  void hash(const char* f, Bytes& v) {
    convert(f, v, encoding::from_base32hex);
    if (ok() && (v.empty() || v.size() > 255)) fail(f, make_error(Errc::out_of_range, "must be 1..255 octets"));
  }
  void strings(const char* f, std::vector<Bytes>& v) {
    if (ok() && at_end()) fail(f, make_error(Errc::malformed, "at least one <character-string> is required"));
    while (ok() && !at_end()) {
      Bytes s;
      set(f, s, unescape(next(f)->text));
      if (ok() && s.size() > 255) fail(f, make_error(Errc::limit_exceeded, "a <character-string> longer than 255 octets"));
      v.push_back(std::move(s));
    }
  }
  void caa_tag(const char* f, std::string& v) {
    const Token* t = next(f);
    if (t == nullptr) return;
    if (!is_caa_tag(as_bytes(t->text))) return fail(f, make_error(Errc::malformed, std::string(kCaaTagRule)));
    v = std::string(t->text);
  }
  void bitmap(const char* f, TypeBitmap& v) {
    while (ok() && !at_end()) {
      RrType t{};
      type(f, t);
      v.types.push_back(t);
    }
    std::sort(v.types.begin(), v.types.end());
    v.types.erase(std::unique(v.types.begin(), v.types.end()), v.types.end());
  }
  void svc_params(const char* f, std::vector<SvcParam>& v) {
    if (!ok()) return;
    set(f, v, svc_params_from_text(tokens_.subspan(index_)));
    index_ = tokens_.size();
  }

  [[nodiscard]] bool ok() const { return !error_.has_value(); }
  [[nodiscard]] bool at_end() const { return index_ >= tokens_.size(); }
  [[nodiscard]] const std::optional<Error>& error() const { return error_; }
  [[nodiscard]] const Token* peek() const { return at_end() ? nullptr : &tokens_[index_]; }

 private:
  void fail(const char* field, const Error& e) {
    if (ok()) error_ = make_error(e.code, std::string(field) + ": " + e.message);
  }
  const Token* next(const char* field) {
    if (!ok()) return nullptr;
    if (at_end()) {
      fail(field, make_error(Errc::truncated, "missing"));
      return nullptr;
    }
    return &tokens_[index_++];
  }
  template <class T, class Value>
  void set(const char* field, T& out, Result<Value> parsed) {
    if (!ok()) return;
    if (!parsed) return fail(field, parsed.error());
    out = std::move(parsed).value();
  }
  template <class T, class Parse>
  void convert(const char* field, T& out, Parse parse) {
    if (const Token* t = next(field)) set(field, out, parse(t->text));
  }
  template <class T>
  void number(const char* field, T& out, std::uint32_t max) {
    const Token* t = next(field);
    if (t == nullptr) return;
    const Result<std::uint32_t> n = parse_decimal(t->text, max);
    if (!n) return fail(field, n.error());
    out = static_cast<T>(n.value());
  }
  // Hex and base64 may be split over several tokens (RFC 4034 §2.2, §5.3).
  template <class Decode>
  void joined_rest(const char* field, Bytes& out, Decode decode) {
    if (ok() && at_end()) return fail(field, make_error(Errc::truncated, "missing"));
    std::string joined;
    while (ok() && !at_end()) joined += tokens_[index_++].text;
    set(field, out, decode(joined));
  }

  std::span<const Token> tokens_;
  std::size_t index_ = 0;
  std::optional<Error> error_;
};

// The presentation form of alternative T's fields.
template <class T>
Result<Rdata> fields_from_tokens(std::span<const Token> tokens) {
  T value;
  FieldParser parser(tokens);
  T::fields(value, parser);
  const std::string what = to_string(T::kType) + " ";
  if (!parser.ok()) return make_error(parser.error()->code, what + parser.error()->message);
  if (!parser.at_end())
    return make_error(Errc::malformed, what + "unexpected \"" + std::string(parser.peek()->text) +
                                           "\" at offset " + std::to_string(parser.peek()->offset) +
                                           " after the last field");
  // Text can say what the wire cannot carry (a 300-octet TXT string is
  // caught above, but e.g. SOA fields are not); writing and re-reading applies
  // every wire rule once more, in one place.
  Rdata rdata = std::move(value);
  const Bytes wire = rdata_to_wire(rdata);
  if (wire.size() > 65535) return make_error(Errc::limit_exceeded, what + "RDATA longer than 65535 octets");
  return rdata_from_wire(T::kType, wire);
}

// The presentation form of whichever of Ts is `type`. Only the parsers of Ts
// are instantiated, so a set of two types does not link the other types'.
template <class... Ts>
Result<Rdata> typed_from_tokens(RrType type, std::span<const Token> tokens, RdataTypes<Ts...>) {
  Result<Rdata> (*parse)(std::span<const Token>) = nullptr;
  ((parse = type == Ts::kType ? &fields_from_tokens<Ts> : parse), ...);
  if (parse == nullptr) {
    return make_error(Errc::unsupported, "no presentation format for " + to_string(type) +
                                             " RDATA; use the generic form \\# LENGTH HEX (RFC 3597 §5)");
  }
  return parse(tokens);
}

bool is_generic_form(std::span<const Token> t) {
  return !t.empty() && !t[0].quoted && t[0].text == "\\#";
}

// RFC 3597 §5: `\# length hex`, read as wire RDATA of `type` (any type).
Result<Rdata> generic_from_tokens(RrType type, std::span<const Token> t) {
  if (t.size() < 2) return make_error(Errc::malformed, to_string(type) + " \\#: length missing");
  const Result<std::uint32_t> length = parse_decimal(t[1].text, 65535);
  if (!length)
    return make_error(length.error().code, to_string(type) + " \\# length: " + length.error().message);
  std::string hex;
  for (std::size_t i = 2; i < t.size(); ++i) hex += t[i].text;
  const Result<Bytes> data = encoding::from_hex(hex);
  if (!data) return make_error(data.error().code, to_string(type) + " \\# data: " + data.error().message);
  if (data.value().size() != length.value())
    return make_error(Errc::malformed, to_string(type) + " \\# says " + std::to_string(length.value()) +
                                           " octets but has " + std::to_string(data.value().size()));
  return rdata_from_wire(type, data.value());
}

}  // namespace

std::string to_upper_hex(ByteView data) {
  std::string hex = encoding::to_hex(data);
  for (char& c : hex)
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 32);
  return hex;
}

std::string rrsig_time_to_text(std::uint32_t seconds) {
  const std::int64_t days = seconds / 86400;
  const std::uint32_t rest = seconds % 86400;
  const Civil date = civil_from_days(days);
  return std::to_string(date.year) + two_digits(date.month) + two_digits(date.day) + two_digits(rest / 3600) +
         two_digits(rest / 60 % 60) + two_digits(rest % 60);
}

Result<std::uint32_t> rrsig_time_from_text(std::string_view text) {
  if (text.size() != 14) return parse_decimal(text, 4294967295u);  // RFC 4034 §3.2: plain seconds
  std::int64_t parts[6] = {};
  const std::size_t widths[6] = {4, 2, 2, 2, 2, 2};
  std::size_t at = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    for (std::size_t k = 0; k < widths[i]; ++k, ++at) {
      if (text[at] < '0' || text[at] > '9')
        return make_error(Errc::malformed, "\"" + std::string(text) + "\" is not a YYYYMMDDHHmmSS time");
      parts[i] = parts[i] * 10 + (text[at] - '0');
    }
  }
  const auto month = static_cast<unsigned>(parts[1]);
  const auto day = static_cast<unsigned>(parts[2]);
  const bool valid_date = month >= 1 && month <= 12 && day >= 1 &&
                          civil_from_days(days_from_civil(parts[0], month, day)).month == month;
  if (!valid_date || parts[3] > 23 || parts[4] > 59 || parts[5] > 59)
    return make_error(Errc::malformed, "\"" + std::string(text) + "\" is not a valid date and time");
  const std::int64_t seconds = days_from_civil(parts[0], month, day) * 86400 + parts[3] * 3600 + parts[4] * 60 + parts[5];
  if (seconds < 0 || seconds > 4294967295)
    return make_error(Errc::out_of_range, "\"" + std::string(text) + "\" is outside 1970..2106");
  return static_cast<std::uint32_t>(seconds);
}

std::string rdata_to_text(const Rdata& rdata) {
  return std::visit(
      [](const auto& value) -> std::string {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, UnknownRdata>) {
          std::string out = "\\# " + std::to_string(value.data.size());  // RFC 3597 §5
          if (!value.data.empty()) out += " " + to_upper_hex(value.data);
          return out;
        } else {
          FieldPrinter printer;
          T::fields(value, printer);
          return printer.take();
        }
      },
      rdata);
}

template <class Types>
Result<Rdata> rdata_from_tokens(RrType type, std::span<const Token> tokens) {
  if (is_generic_form(tokens)) return generic_from_tokens(type, tokens);
  return typed_from_tokens(type, tokens, Types{});
}
template Result<Rdata> rdata_from_tokens<AllRdataTypes>(RrType, std::span<const Token>);
template Result<Rdata> rdata_from_tokens<DnssecKeyRdataTypes>(RrType, std::span<const Token>);

Result<Rdata> rdata_from_text(RrType type, std::string_view text) {
  const Result<std::vector<Token>> tokens = tokenize(text);
  if (!tokens) return make_error(tokens.error().code, to_string(type) + " " + tokens.error().message);
  return rdata_from_tokens<AllRdataTypes>(type, tokens.value());
}

}  // namespace daneel::dns
