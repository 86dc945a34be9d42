// Trust anchors (RFC 4033 §2, RFC 7958): the DS or DNSKEY records a chain of
// trust starts from. Default: the root's two KSKs (KSK-2017, tag 20326, and
// KSK-2024, tag 38696) as DS records from IANA's root-anchors.xml; tests and
// operators can anchor any name, as DS or DNSKEY presentation lines.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/record.h"
#include "util/result.h"

namespace daneel::dnssec {

// Every anchor for one name: a DNSKEY RRset at `owner` is trusted when a key
// matching one of the DS records, or equal to one of the DNSKEYs, signs it.
struct TrustAnchor {
  dns::Name owner;
  std::vector<dns::Ds> ds;
  std::vector<dns::Dnskey> dnskeys;
};

// Bounds on configured anchors: a configuration, not a zone, but still text we parse.
inline constexpr std::size_t kMaxTrustAnchorRecords = 64;
inline constexpr std::size_t kMaxTrustAnchorText = 64 * 1024;

class TrustAnchors {
 public:
  TrustAnchors() = default;

  // KSK-2017 (20326) and KSK-2024 (38696), both digest type 2.
  static TrustAnchors root();

  // Presentation lines ("owner [TTL] [IN] DS|DNSKEY rdata"), one record per
  // line (parentheses may span lines, `;` starts a comment, blank lines are
  // skipped). Anything but class IN DS/DNSKEY is refused, and so is a DNSKEY
  // anchor whose protocol is not 3 or without the zone key bit.
  static Result<TrustAnchors> from_text(std::string_view text);

  Status add(const dns::Record& record);

  [[nodiscard]] bool empty() const { return anchors_.empty(); }
  [[nodiscard]] const std::vector<TrustAnchor>& anchors() const { return anchors_; }
  // The anchor at exactly `owner`, or nullptr.
  [[nodiscard]] const TrustAnchor* find(const dns::Name& owner) const;
  // The deepest anchor at or above `name` (where its chain of trust starts), or nullptr.
  [[nodiscard]] const TrustAnchor* closest_enclosing(const dns::Name& name) const;

 private:
  std::size_t records_ = 0;
  std::vector<TrustAnchor> anchors_;
};

}  // namespace daneel::dnssec
