// Presentation-format building blocks shared by names, RDATA and records
// (RFC 1035 §5.1): escapes, <character-string>s and the token stream of a
// zone-file line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace daneel::dns {

// One escape sequence: `\X` stands for the character X, `\DDD` for the octet
// with decimal value DDD (exactly three digits, at most 255).
struct EscapedOctet {
  std::uint8_t octet;
  std::size_t length;  // characters of text consumed, the backslash included
};
// Reads the escape that starts with the backslash at text[at].
Result<EscapedOctet> read_escape(std::string_view text, std::size_t at);

// Where an octet is printed: inside a name (dots and zone-file specials are
// escaped) or inside a quoted <character-string> (only `"` and `\`).
enum class EscapeContext : std::uint8_t { name, quoted };
// Appends c, escaped as needed; octets outside printable ASCII become `\DDD`.
void append_escaped(std::string& out, std::uint8_t c, EscapeContext context);

// A <character-string> in double quotes, e.g. "v=spf1 -all".
std::string quote(ByteView octets);
// Resolves the escapes in a token (quotes already removed) to octets.
Result<Bytes> unescape(std::string_view token);

// One token of a presentation line.
struct Token {
  std::string_view text;  // raw: escapes kept, quotes removed
  bool quoted = false;
  std::size_t offset = 0;  // in the line, for error messages
};
// Splits a line into tokens: whitespace separates, `"..."` is one token,
// parentheses only group lines (RFC 1035 §5.1) and `;` starts a comment.
Result<std::vector<Token>> tokenize(std::string_view line);

// Unsigned decimal with no sign, no leading zeros (except "0") and at most `max`.
Result<std::uint32_t> parse_decimal(std::string_view text, std::uint32_t max);

}  // namespace daneel::dns
