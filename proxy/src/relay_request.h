// The relay's request: `GET /relay?domain=D&mx=H&ip=A`. D and H must be DNS
// host names in the A-label form the check sends (the project's IDNA2008
// rules, dns::idna::domain_to_ascii, must leave them unchanged); A must be an
// IP literal by the policy's strict parser. No port parameter: the port comes
// from the configuration (25).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "policy/ip_address.h"

namespace daneel::proxy {

struct RelayDestination {
  std::string domain;  // the mail domain being checked
  std::string mx;      // the MX host of that domain the check connects to
  policy::IpAddress address;
};

// A host name as DNS carries it: ASCII letters, digits and hyphens in labels
// of 1-63 octets (A-labels valid under IDNA2008), at least two labels, at most
// 253 characters, no trailing dot, not an IP literal. Case is ignored;
// the accepted form is returned in lower case.
[[nodiscard]] std::optional<std::string> strict_hostname(std::string_view text);

enum class RelayRequestError : std::uint8_t {
  bad_query,  // not exactly domain, mx, ip, each once; or a bad escape
  bad_domain,
  bad_mx,
  bad_address,
};

[[nodiscard]] std::string_view to_string(RelayRequestError error);

struct RelayRequest {
  std::optional<RelayDestination> destination;
  RelayRequestError error = RelayRequestError::bad_query;  // when destination is empty
};

// Parses the request target's query string (the path is already routed).
[[nodiscard]] RelayRequest parse_relay_target(std::string_view target);

}  // namespace daneel::proxy
