// The few URL parts a native DoH exchange needs. Hosts must be IP literals:
// the native driver serves tests and benchmarks on loopback and must never ask
// the system resolver (a test-world name would leak off the machine).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.h"

namespace daneel::native {

struct Url {
  bool https = true;
  std::string host;    // an IPv4 or IPv6 literal, without brackets
  std::uint16_t port = 443;
  std::string target;  // path and query, at least "/"
};

Result<Url> parse_url(std::string_view url);

}  // namespace daneel::native
