#include "policy/origin_allowlist.h"

#include <utility>

namespace daneel::proxy::policy {

OriginDecision OriginAllowlist::check(std::optional<std::string_view> origin) const {
  if (!origin) return OriginDecision::missing;
  for (const std::string& allowed : origins_)
    if (*origin == allowed) return OriginDecision::allowed;
  return OriginDecision::not_listed;
}

std::string_view to_string(OriginDecision decision) {
  switch (decision) {
    case OriginDecision::allowed:
      return "allowed";
    case OriginDecision::missing:
      return "origin_missing";
    case OriginDecision::not_listed:
      return "origin_not_listed";
  }
  return "unknown";
}

std::optional<std::string> validate_origin_entry(std::string_view entry) {
  std::string_view rest;
  std::string_view default_port;
  if (entry.starts_with("https://")) {
    rest = entry.substr(8);
    default_port = "443";
  } else if (entry.starts_with("http://")) {
    rest = entry.substr(7);
    default_port = "80";
  } else {
    return "an origin starts with http:// or https:// (lower case)";
  }
  std::string_view host = rest;
  std::string_view port;
  // An IPv6 literal host is bracketed; the port follows the closing bracket.
  const std::size_t host_end = rest.starts_with('[') ? rest.find(']') : rest.find(':');
  if (rest.starts_with('[')) {
    if (host_end == std::string_view::npos) return "unterminated IPv6 literal";
    host = rest.substr(0, host_end + 1);
    const std::string_view after = rest.substr(host_end + 1);
    if (!after.empty()) {
      if (after.front() != ':') return "only :PORT may follow the host";
      port = after.substr(1);
    }
  } else if (host_end != std::string_view::npos) {
    host = rest.substr(0, host_end);
    port = rest.substr(host_end + 1);
    if (port.empty()) return "empty port";
  }
  if (host.empty()) return "empty host";
  const bool bracketed = host.front() == '[';
  const std::string_view inner = bracketed ? host.substr(1, host.size() - 2) : host;
  if (inner.empty()) return "empty host";
  for (char c : inner) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || (bracketed ? c == ':' : c == '-');
    if (!ok) return "the host must be lower case, with no path, user info or trailing slash";
  }
  if (!port.empty()) {
    if (port.size() > 5 || port.front() == '0') return "bad port";
    unsigned value = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return "bad port";
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return "bad port";
    if (port == default_port) return "browsers omit the default port; leave it out";
  }
  return std::nullopt;
}

}  // namespace daneel::proxy::policy
