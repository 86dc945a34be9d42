// Which destination addresses the relay may connect to (checklist A4).
//
// The relay is a public machine that opens TCP connections on strangers'
// behalf, so anything that is not a globally routed unicast address is off
// limits: loopback and private ranges (SSRF into the proxy's own network),
// link-local (cloud metadata at 169.254.169.254), IPv4-mapped and NAT64
// prefixes (the same private targets written as IPv6), documentation,
// benchmarking, multicast and reserved space. IPv6 is judged by an allow
// list (only 2000::/3, RFC 4291 global unicast) with deny ranges carved out,
// so a future special-purpose assignment outside 2000::/3 is denied by default.
//
// Order of the decision: the operator's deny list, then the test-only allow
// list (only when configured explicitly, for loopback test worlds), then the
// built-in table.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/ip_address.h"

namespace daneel::proxy::policy {

// Why an address is allowed or denied. One value per row of the built-in table,
// so logs and metrics can say which range a refused address fell into.
enum class AddressReason : std::uint8_t {
  global_unicast,      // allowed: not in any denied range
  test_allow_list,     // allowed: in the explicitly configured test-only list
  operator_deny_list,  // denied by the operator's list
  // IPv4 (RFC 6890 and successors)
  v4_this_network,   // 0.0.0.0/8
  v4_private_10,     // 10.0.0.0/8
  v4_shared_cgnat,   // 100.64.0.0/10
  v4_loopback,       // 127.0.0.0/8
  v4_link_local,     // 169.254.0.0/16
  v4_private_172,    // 172.16.0.0/12
  v4_ietf_protocol,  // 192.0.0.0/24
  v4_documentation,  // 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24
  v4_6to4_relay,     // 192.88.99.0/24
  v4_private_192,    // 192.168.0.0/16
  v4_benchmarking,   // 198.18.0.0/15
  v4_multicast,      // 224.0.0.0/4
  v4_reserved,       // 240.0.0.0/4, including 255.255.255.255
  // IPv6: named reasons for the well-known ranges outside 2000::/3 ...
  v6_unspecified,   // ::/128
  v6_loopback,      // ::1/128
  v6_ipv4_mapped,   // ::ffff:0:0/96
  v6_nat64,         // 64:ff9b::/96 and 64:ff9b:1::/48
  v6_unique_local,  // fc00::/7
  v6_link_local,    // fe80::/10
  v6_multicast,     // ff00::/8
  v6_not_global,    // anything else outside 2000::/3
  // ... and the deny ranges inside it.
  v6_ietf_protocol,  // 2001::/23 (Teredo, benchmarking, ORCHID, ...)
  v6_documentation,  // 2001:db8::/32 and 3fff::/20
  v6_6to4,           // 2002::/16
};

[[nodiscard]] std::string_view to_string(AddressReason reason);

struct AddressVerdict {
  bool allowed = false;
  AddressReason reason = AddressReason::v6_not_global;
};

struct AddressFilterConfig {
  // Operator deny list, checked first: "never connect there" wins over everything.
  std::vector<Cidr> deny;
  // Test-only: ranges allowed although the built-in table denies them (e.g.
  // 127.0.0.0/8 for a loopback test world). Empty in every public profile;
  // the configuration refuses to combine it with the public profile.
  std::vector<Cidr> test_allow;
};

class AddressFilter {
 public:
  explicit AddressFilter(AddressFilterConfig config = {}) : config_(std::move(config)) {}

  [[nodiscard]] AddressVerdict judge(const IpAddress& address) const;

 private:
  AddressFilterConfig config_;
};

// The built-in table alone (no operator or test lists).
[[nodiscard]] AddressVerdict judge_builtin(const IpAddress& address);

}  // namespace daneel::proxy::policy
