#include "dns/text.h"

namespace daneel::dns {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Characters with a meaning in zone files (RFC 1035 §5.1), escaped inside names
// so that a printed name always reads back as the same name.
bool special_in_name(std::uint8_t c) {
  switch (c) {
    case '.': case '\\': case '"': case '(': case ')': case ';': case '@': case '$': return true;
    default: return false;
  }
}

}  // namespace

Result<EscapedOctet> read_escape(std::string_view text, std::size_t at) {
  if (at + 1 >= text.size()) return make_error(Errc::malformed, "backslash at the end (offset " + std::to_string(at) + ")");
  if (!is_digit(text[at + 1])) return EscapedOctet{static_cast<std::uint8_t>(text[at + 1]), 2};
  if (at + 4 > text.size() || !is_digit(text[at + 2]) || !is_digit(text[at + 3]))
    return make_error(Errc::malformed, "\\DDD escape needs three digits (offset " + std::to_string(at) + ")");
  const int value = (text[at + 1] - '0') * 100 + (text[at + 2] - '0') * 10 + (text[at + 3] - '0');
  if (value > 255)
    return make_error(Errc::out_of_range, "escape \\" + std::string(text.substr(at + 1, 3)) + " is above 255 (offset " +
                                              std::to_string(at) + ")");
  return EscapedOctet{static_cast<std::uint8_t>(value), 4};
}

void append_escaped(std::string& out, std::uint8_t c, EscapeContext context) {
  if (c < 0x21 || c > 0x7e) {
    if (c == ' ' && context == EscapeContext::quoted) {
      out.push_back(' ');
      return;
    }
    out.push_back('\\');
    out.push_back(static_cast<char>('0' + c / 100));
    out.push_back(static_cast<char>('0' + c / 10 % 10));
    out.push_back(static_cast<char>('0' + c % 10));
    return;
  }
  const bool escape = context == EscapeContext::name ? special_in_name(c) : (c == '"' || c == '\\');
  if (escape) out.push_back('\\');
  out.push_back(static_cast<char>(c));
}

std::string quote(ByteView octets) {
  std::string out = "\"";
  for (const std::uint8_t c : octets) append_escaped(out, c, EscapeContext::quoted);
  out.push_back('"');
  return out;
}

Result<Bytes> unescape(std::string_view token) {
  Bytes out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '\\') {
      out.push_back(static_cast<std::uint8_t>(token[i]));
      continue;
    }
    const Result<EscapedOctet> escaped = read_escape(token, i);
    if (!escaped) return escaped.error();
    out.push_back(escaped.value().octet);
    i += escaped.value().length - 1;
  }
  return out;
}

Result<std::vector<Token>> tokenize(std::string_view line) {
  std::vector<Token> tokens;
  int depth = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '(' || c == ')') {
      depth += c == '(' ? 1 : -1;
      if (depth < 0 || depth > 1)
        return make_error(Errc::malformed, "unbalanced parenthesis at offset " + std::to_string(i));
      ++i;
    } else if (c == ';') {
      while (i < line.size() && line[i] != '\n') ++i;
    } else if (c == '"') {
      const std::size_t start = ++i;
      while (i < line.size() && line[i] != '"') i += line[i] == '\\' ? 2 : 1;
      if (i >= line.size()) return make_error(Errc::malformed, "unterminated quote at offset " + std::to_string(start - 1));
      tokens.push_back({line.substr(start, i - start), true, start - 1});
      ++i;
    } else {
      const std::size_t start = i;
      while (i < line.size()) {
        const char d = line[i];
        if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == '(' || d == ')' || d == ';' || d == '"') break;
        i += d == '\\' ? 2 : 1;
      }
      if (i > line.size()) i = line.size();  // a trailing backslash; unescape() reports it
      tokens.push_back({line.substr(start, i - start), false, start});
    }
  }
  if (depth != 0) return make_error(Errc::malformed, "unclosed parenthesis");
  return tokens;
}

Result<std::uint32_t> parse_decimal(std::string_view text, std::uint32_t max) {
  if (text.empty() || text.size() > 10 || (text.size() > 1 && text[0] == '0'))
    return make_error(Errc::malformed, "\"" + std::string(text) + "\" is not a decimal number");
  std::uint64_t value = 0;
  for (const char c : text) {
    if (!is_digit(c)) return make_error(Errc::malformed, "\"" + std::string(text) + "\" is not a decimal number");
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value > max)
    return make_error(Errc::out_of_range, std::string(text) + " is above " + std::to_string(max));
  return static_cast<std::uint32_t>(value);
}

}  // namespace daneel::dns
