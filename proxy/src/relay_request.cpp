#include "relay_request.h"

#include <array>
#include <cstdint>
#include <utility>

#include "dns/idna.h"

namespace daneel::proxy {
namespace {

// Query strings are short: a domain and a host name of at most 253 characters
// each and an address. Anything longer is refused before it is decoded.
constexpr std::size_t kMaxQuery = 1024;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding of one query component ('+' is a space in form encoding,
// and a space is never valid in any of the three values).
std::optional<std::string> decode_component(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+') {
      c = ' ';
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::optional<std::string> strict_hostname(std::string_view text) {
  if (text.empty() || text.size() > dns::idna::kMaxDomainLength) return std::nullopt;
  std::string lower;
  std::size_t labels = 1;
  std::size_t label_length = 0;
  for (const char c : text) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool ok = letter || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) return std::nullopt;
    if (c == '.') {
      if (label_length == 0) return std::nullopt;  // empty label, leading dot
      ++labels;
      label_length = 0;
    } else if (++label_length > dns::idna::kMaxLabelLength) {
      return std::nullopt;
    }
    lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (label_length == 0 || labels < 2) return std::nullopt;  // trailing dot, single label
  if (policy::parse_ip(lower)) return std::nullopt;
  // The last label of a name is never all digits (RFC 3696 §2): "1.2.3.4.5"
  // and "127.1" are not names.
  const std::string_view last = std::string_view(lower).substr(lower.rfind('.') + 1);
  if (last.find_first_not_of("0123456789") == std::string_view::npos) return std::nullopt;
  // The project's IDNA2008 rules: hyphen placement, valid A-labels ("xn--").
  // A name they would change is not in the form the check sends.
  const auto ascii = dns::idna::domain_to_ascii(lower);
  if (!ascii.ok() || ascii.value() != lower) return std::nullopt;
  return lower;
}

std::string_view to_string(RelayRequestError error) {
  switch (error) {
    case RelayRequestError::bad_query:
      return "query";
    case RelayRequestError::bad_domain:
      return "domain";
    case RelayRequestError::bad_mx:
      return "mx";
    case RelayRequestError::bad_address:
      return "ip";
  }
  return "query";
}

RelayRequest parse_relay_target(std::string_view target) {
  RelayRequest out;
  const auto question = target.find('?');
  if (question == std::string_view::npos) return out;
  std::string_view query = target.substr(question + 1);
  if (query.size() > kMaxQuery) return out;
  std::array<std::optional<std::string>, 3> values;  // domain, mx, ip
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) return out;
    const std::string_view name = pair.substr(0, eq);
    std::size_t index = 0;
    if (name == "domain") {
      index = 0;
    } else if (name == "mx") {
      index = 1;
    } else if (name == "ip") {
      index = 2;
    } else {
      return out;  // no other parameter, in particular no port
    }
    if (values[index]) return out;  // each once
    auto value = decode_component(pair.substr(eq + 1));
    if (!value) return out;
    values[index] = std::move(value);
  }
  if (!values[0] || !values[1] || !values[2]) return out;
  auto domain = strict_hostname(*values[0]);
  if (!domain) {
    out.error = RelayRequestError::bad_domain;
    return out;
  }
  auto mx = strict_hostname(*values[1]);
  if (!mx) {
    out.error = RelayRequestError::bad_mx;
    return out;
  }
  const auto address = policy::parse_ip(*values[2]);
  if (!address) {
    out.error = RelayRequestError::bad_address;
    return out;
  }
  out.destination = RelayDestination{std::move(*domain), std::move(*mx), *address};
  return out;
}

}  // namespace daneel::proxy
