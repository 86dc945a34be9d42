#include "policy/address_filter.h"

#include <array>

namespace daneel::proxy::policy {
namespace {

struct Row {
  std::string_view cidr;
  AddressReason reason;
};

// Denied IPv4 ranges (checklist A4; IANA IPv4 Special-Purpose Address Registry).
constexpr std::array kV4Denied{
    Row{"0.0.0.0/8", AddressReason::v4_this_network},
    Row{"10.0.0.0/8", AddressReason::v4_private_10},
    Row{"100.64.0.0/10", AddressReason::v4_shared_cgnat},
    Row{"127.0.0.0/8", AddressReason::v4_loopback},
    Row{"169.254.0.0/16", AddressReason::v4_link_local},
    Row{"172.16.0.0/12", AddressReason::v4_private_172},
    Row{"192.0.0.0/24", AddressReason::v4_ietf_protocol},
    Row{"192.0.2.0/24", AddressReason::v4_documentation},
    Row{"192.88.99.0/24", AddressReason::v4_6to4_relay},
    Row{"192.168.0.0/16", AddressReason::v4_private_192},
    Row{"198.18.0.0/15", AddressReason::v4_benchmarking},
    Row{"198.51.100.0/24", AddressReason::v4_documentation},
    Row{"203.0.113.0/24", AddressReason::v4_documentation},
    Row{"224.0.0.0/4", AddressReason::v4_multicast},
    Row{"240.0.0.0/4", AddressReason::v4_reserved},
};

// IPv6 outside 2000::/3 is denied anyway; these rows only give the well-known
// ranges a precise reason for logs.
constexpr std::array kV6Named{
    Row{"::/128", AddressReason::v6_unspecified},        Row{"::1/128", AddressReason::v6_loopback},
    Row{"::ffff:0:0/96", AddressReason::v6_ipv4_mapped}, Row{"64:ff9b::/96", AddressReason::v6_nat64},
    Row{"64:ff9b:1::/48", AddressReason::v6_nat64},      Row{"fc00::/7", AddressReason::v6_unique_local},
    Row{"fe80::/10", AddressReason::v6_link_local},      Row{"ff00::/8", AddressReason::v6_multicast},
};

// Denied ranges inside 2000::/3.
constexpr std::array kV6DeniedInGlobal{
    Row{"2001::/23", AddressReason::v6_ietf_protocol},
    Row{"2001:db8::/32", AddressReason::v6_documentation},
    Row{"2002::/16", AddressReason::v6_6to4},
    Row{"3fff::/20", AddressReason::v6_documentation},
};

// The tables are text for readability; parsed once. A typo in them would be
// a programming error, caught by the unit tests (every row is exercised).
template <std::size_t N>
std::array<Cidr, N> parse_rows(const std::array<Row, N>& rows) {
  std::array<Cidr, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = parse_cidr(rows[i].cidr).value_or(Cidr{});
  return out;
}

template <std::size_t N>
const AddressReason* find(const std::array<Row, N>& rows, const std::array<Cidr, N>& cidrs,
                          const IpAddress& address) {
  for (std::size_t i = 0; i < N; ++i)
    if (cidrs[i].contains(address)) return &rows[i].reason;
  return nullptr;
}

bool in_any(const std::vector<Cidr>& list, const IpAddress& address) {
  for (const Cidr& cidr : list)
    if (cidr.contains(address)) return true;
  return false;
}

}  // namespace

AddressVerdict judge_builtin(const IpAddress& address) {
  static const auto v4 = parse_rows(kV4Denied);
  static const auto v6_named = parse_rows(kV6Named);
  static const auto v6_denied = parse_rows(kV6DeniedInGlobal);
  static const Cidr global_unicast = parse_cidr("2000::/3").value_or(Cidr{});

  if (address.family == IpFamily::v4) {
    if (const AddressReason* reason = find(kV4Denied, v4, address)) return {false, *reason};
    return {true, AddressReason::global_unicast};
  }
  if (!global_unicast.contains(address)) {
    if (const AddressReason* reason = find(kV6Named, v6_named, address)) return {false, *reason};
    return {false, AddressReason::v6_not_global};
  }
  // Most specific first would matter only for overlapping rows; 2001::/23 and
  // 2001:db8::/32 do not overlap (db8 > 1ff), so order is irrelevant here.
  if (const AddressReason* reason = find(kV6DeniedInGlobal, v6_denied, address)) return {false, *reason};
  return {true, AddressReason::global_unicast};
}

AddressVerdict AddressFilter::judge(const IpAddress& address) const {
  if (in_any(config_.deny, address)) return {false, AddressReason::operator_deny_list};
  if (in_any(config_.test_allow, address)) return {true, AddressReason::test_allow_list};
  return judge_builtin(address);
}

std::string_view to_string(AddressReason reason) {
  switch (reason) {
    case AddressReason::global_unicast:
      return "global_unicast";
    case AddressReason::test_allow_list:
      return "test_allow_list";
    case AddressReason::operator_deny_list:
      return "operator_deny_list";
    case AddressReason::v4_this_network:
      return "this_network";
    case AddressReason::v4_private_10:
      return "private_10";
    case AddressReason::v4_shared_cgnat:
      return "shared_cgnat";
    case AddressReason::v4_loopback:
      return "loopback";
    case AddressReason::v4_link_local:
      return "link_local";
    case AddressReason::v4_private_172:
      return "private_172";
    case AddressReason::v4_ietf_protocol:
      return "ietf_protocol";
    case AddressReason::v4_documentation:
      return "documentation";
    case AddressReason::v4_6to4_relay:
      return "6to4_relay";
    case AddressReason::v4_private_192:
      return "private_192";
    case AddressReason::v4_benchmarking:
      return "benchmarking";
    case AddressReason::v4_multicast:
      return "multicast";
    case AddressReason::v4_reserved:
      return "reserved";
    case AddressReason::v6_unspecified:
      return "unspecified";
    case AddressReason::v6_loopback:
      return "loopback";
    case AddressReason::v6_ipv4_mapped:
      return "ipv4_mapped";
    case AddressReason::v6_nat64:
      return "nat64";
    case AddressReason::v6_unique_local:
      return "unique_local";
    case AddressReason::v6_link_local:
      return "link_local";
    case AddressReason::v6_multicast:
      return "multicast";
    case AddressReason::v6_not_global:
      return "not_global_unicast";
    case AddressReason::v6_ietf_protocol:
      return "ietf_protocol";
    case AddressReason::v6_documentation:
      return "documentation";
    case AddressReason::v6_6to4:
      return "6to4";
  }
  return "unknown";
}

}  // namespace daneel::proxy::policy
