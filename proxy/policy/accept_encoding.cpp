#include "policy/accept_encoding.h"

#include <optional>

namespace daneel::proxy::policy {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

bool token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '!' ||
         c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*' || c == '+' || c == '.' ||
         c == '^' || c == '_' || c == '`' || c == '|' || c == '~';
}

bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!token_char(c)) return false;
  }
  return true;
}

// qvalue (RFC 9110 §12.4.2): "0" [ "." 0*3DIGIT ] / "1" [ "." 0*3("0") ].
// Returns whether the weight is above zero; nullopt when malformed.
std::optional<bool> weight_above_zero(std::string_view q) {
  if (q.empty() || (q[0] != '0' && q[0] != '1')) return std::nullopt;
  if (q.size() == 1) return q[0] == '1';
  if (q[1] != '.' || q.size() > 5) return std::nullopt;
  bool nonzero_fraction = false;
  for (const char c : q.substr(2)) {
    if (c < '0' || c > '9' || (q[0] == '1' && c != '0')) return std::nullopt;
    nonzero_fraction = nonzero_fraction || c != '0';
  }
  return q[0] == '1' || nonzero_fraction;
}

// One member, "coding" or "coding;q=0.5": the coding and whether its weight
// is above zero; nullopt when malformed.
struct Member {
  std::string_view coding;
  bool allowed;
};

std::optional<Member> parse_member(std::string_view text) {
  const std::size_t semicolon = text.find(';');
  const std::string_view coding = trim(text.substr(0, semicolon));
  if (!is_token(coding)) return std::nullopt;
  if (semicolon == std::string_view::npos) return Member{coding, true};
  const std::string_view parameter = trim(text.substr(semicolon + 1));
  const std::size_t equals = parameter.find('=');
  if (equals == std::string_view::npos || !iequals(trim(parameter.substr(0, equals)), "q")) return std::nullopt;
  const auto allowed = weight_above_zero(trim(parameter.substr(equals + 1)));
  if (!allowed) return std::nullopt;
  return Member{coding, *allowed};
}

}  // namespace

bool accepts_gzip(std::string_view field) {
  if (field.size() > kMaxAcceptEncodingField) return false;
  std::optional<bool> gzip;      // an explicit gzip/x-gzip member
  std::optional<bool> wildcard;  // "*"
  std::size_t members = 0;
  while (!field.empty()) {
    const std::size_t comma = field.find(',');
    const std::string_view text = trim(field.substr(0, comma));
    field = comma == std::string_view::npos ? std::string_view{} : field.substr(comma + 1);
    if (text.empty()) continue;  // empty list members are allowed (RFC 9110 §5.6.1.2)
    if (++members > kMaxAcceptEncodingMembers) return false;
    const auto member = parse_member(text);
    if (!member) return false;
    if (iequals(member->coding, "gzip") || iequals(member->coding, "x-gzip")) {
      // Listed twice: a refusal wins.
      gzip = gzip.value_or(true) && member->allowed;
    } else if (member->coding == "*") {
      wildcard = wildcard.value_or(true) && member->allowed;
    }
  }
  if (gzip) return *gzip;
  return wildcard.value_or(false);
}

}  // namespace daneel::proxy::policy
