#include "dns/caa.h"

#include <string_view>

namespace daneel::dns {

namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_wsp(char c) { return c == ' ' || c == '\t'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool tag_is(std::string_view tag, std::string_view want) {
  if (tag.size() != want.size()) return false;
  for (std::size_t i = 0; i < tag.size(); ++i)
    if (lower(tag[i]) != want[i]) return false;
  return true;
}

// label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT)): no hyphen at either end.
bool is_label(std::string_view label) {
  if (label.empty() || !is_alnum(label.front()) || !is_alnum(label.back())) return false;
  for (const char c : label)
    if (!is_alnum(c) && c != '-') return false;
  return true;
}

bool is_issuer_domain(std::string_view text) {
  if (text.empty()) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    if (!is_label(text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start)))
      return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// value = *(%x21-3A / %x3C-7E): printable, no ';' and no space.
bool is_parameter_value(std::string_view value) {
  for (const char c : value)
    if (c < 0x21 || c > 0x7e || c == ';') return false;
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_wsp(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_wsp(text.back())) text.remove_suffix(1);
  return text;
}

// One "tag = value" of the parameter list; false when not the grammar.
bool read_parameter(std::string_view text, CaaIssuer& issuer) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) return false;
  const std::string_view tag = trim(text.substr(0, equals));
  const std::string_view value = trim(text.substr(equals + 1));
  if (!is_label(tag) || !is_parameter_value(value)) return false;
  issuer.parameters.emplace_back(std::string(tag), std::string(value));
  return true;
}

}  // namespace

CaaIssuer read_caa_issuer(ByteView value) {
  CaaIssuer issuer;
  const std::string_view text(reinterpret_cast<const char*>(value.data()), value.size());
  const std::size_t semicolon = text.find(';');
  const std::string_view domain = trim(text.substr(0, semicolon));
  if (!domain.empty()) {
    if (!is_issuer_domain(domain)) issuer.malformed = true;
    issuer.domain = std::string(domain);
  }
  if (semicolon == std::string_view::npos) return issuer;
  std::string_view rest = trim(text.substr(semicolon + 1));
  // parameters = parameter *(*WSP ";" *WSP parameter); an empty list is allowed.
  while (!rest.empty()) {
    if (issuer.parameters.size() == kMaxCaaParameters) {
      issuer.malformed = true;
      break;
    }
    const std::size_t next = rest.find(';');
    if (!read_parameter(rest.substr(0, next), issuer)) {
      issuer.malformed = true;
      break;
    }
    if (next == std::string_view::npos) break;
    rest = trim(rest.substr(next + 1));
    if (rest.empty()) issuer.malformed = true;  // a trailing ';' after a parameter
  }
  return issuer;
}

std::string caa_issuer_text(const CaaIssuer& issuer) {
  std::string text = issuer.domain;
  if (issuer.domain.empty() || !issuer.parameters.empty()) text += ";";
  for (std::size_t i = 0; i < issuer.parameters.size(); ++i)
    text += (i == 0 ? " " : "; ") + issuer.parameters[i].first + "=" + issuer.parameters[i].second;
  return text;
}

CaaPolicy read_caa_policy(std::span<const Caa> records) {
  CaaPolicy policy;
  for (const Caa& record : records) {
    if (policy.records == kMaxCaaProperties) {
      policy.truncated = true;
      break;
    }
    ++policy.records;
    if (tag_is(record.tag, "issue")) policy.issue.push_back(read_caa_issuer(record.value));
    else if (tag_is(record.tag, "issuewild")) policy.issuewild.push_back(read_caa_issuer(record.value));
    else if (tag_is(record.tag, "iodef")) ++policy.iodef;
    // Bit 7 of the flags (RFC 8659 §4.1: "Issuer Critical").
    else if ((record.flags & 0x80) != 0) policy.critical_unknown.push_back(record.tag);
  }
  return policy;
}

}  // namespace daneel::dns
