// The opt-out list (docs/DEPLOYING.md "The opt-out list"): mail domains, MX
// host names and addresses whose operators asked not to be tested through
// this relay. The relay refuses a matching request before any DNS lookup or
// connection, with its own close code (4018 opted_out), so the check reports
// the address as not tested, never as failed.
//
// The list is text, one entry a line, so an operator can keep it by hand and
// reload it with SIGHUP:
//
//   # comments and blank lines are ignored
//   domain example.org          # D is example.org or a name below it
//   mx     mail.example.net     # H is mail.example.net or a name below it
//   address 192.0.2.25          # A is this address
//   address 2001:db8:1::/48     # or in this prefix
//
// Names match themselves and every name below them, at a label boundary
// only ("example.org" matches "mx.example.org", never "badexample.org").
// Names are compared without regard to ASCII case; a trailing dot is
// dropped. A name needs two labels at least (a lone "com" would opt out a
// whole top-level domain, which is almost surely a mistake).
//
// Pure and bounded: at most kMaxOptOutEntries entries in all and
// kMaxOptOutPrefixes addresses/prefixes; a lookup walks the labels of two
// names (at most 127 each) and the prefixes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "policy/ip_address.h"

namespace daneel::proxy::policy {

inline constexpr std::size_t kMaxOptOutEntries = 100'000;
inline constexpr std::size_t kMaxOptOutPrefixes = 4'096;
inline constexpr std::size_t kMaxOptOutText = 4 * 1024 * 1024;

enum class OptOutKind : std::uint8_t { domain, mx, address };

// The close reason's rule word: "opt_out_domain", "opt_out_mx", "opt_out_address".
[[nodiscard]] std::string_view to_string(OptOutKind kind);

class OptOutList {
 public:
  // Which entry a request matches first (domain, then MX host, then address).
  [[nodiscard]] std::optional<OptOutKind> match(std::string_view domain, std::string_view mx,
                                                const IpAddress& address) const;

  [[nodiscard]] std::size_t domains() const { return domains_.size(); }
  [[nodiscard]] std::size_t mx_hosts() const { return mx_hosts_.size(); }
  [[nodiscard]] std::size_t prefixes() const { return prefixes_.size(); }
  [[nodiscard]] bool empty() const { return domains_.empty() && mx_hosts_.empty() && prefixes_.empty(); }

 private:
  friend struct OptOutParser;
  std::unordered_set<std::string> domains_;
  std::unordered_set<std::string> mx_hosts_;
  std::vector<Cidr> prefixes_;
};

struct OptOutParse {
  std::optional<OptOutList> list;  // set when the whole text is valid
  std::size_t line = 0;            // else: the first bad line (1-based)
  std::string error;               // and what is wrong with it
};

// Parses the whole list; one bad line refuses it all (a reload then keeps
// the old list, so a typo never silently drops an operator's opt-out).
[[nodiscard]] OptOutParse parse_opt_out(std::string_view text);

}  // namespace daneel::proxy::policy
