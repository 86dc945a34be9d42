// Trust anchors (RFC 4033 §2, RFC 7958): the DS or DNSKEY records a chain of
// trust starts from. Default: the root's two KSKs (KSK-2017, tag 20326, and
// KSK-2024, tag 38696) as DS records from IANA's root-anchors.xml; tests and
// operators can anchor any name, as DS or DNSKEY presentation lines.
#pragma once

#include <cstddef>
#include <cstdint>
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

// What names one anchor record for people and reports (the report's
// "trust_anchors", verify's comparison): the key it stands for.
struct TrustAnchorKey {
  dns::Name owner;
  dns::RrType type = dns::RrType::ds;  // ds or dnskey
  std::uint16_t key_tag = 0;           // the DS's, or the DNSKEY's own (RFC 4034 App. B)
  std::uint8_t algorithm = 0;
  std::uint8_t digest_type = 0;        // DS only (0 for a DNSKEY)

  // The same key: owner, key tag and algorithm (a DS and the DNSKEY it
  // digests, or two DS digests of one key, name the same key).
  [[nodiscard]] bool same_key(const TrustAnchorKey& other) const {
    return owner == other.owner && key_tag == other.key_tag && algorithm == other.algorithm;
  }
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

  // The anchors a configuration gives: a check's (CheckConfig), verify's
  // (VerifyConfig) and the C ABI's "trust_anchors". The one reader of such
  // text, so every entry point accepts and refuses the same: empty text means
  // none given, the root's KSKs; otherwise from_text, and at least one record.
  static Result<TrustAnchors> from_config(std::string_view text);

  Status add(const dns::Record& record);

  [[nodiscard]] bool empty() const { return anchors_.empty(); }
  [[nodiscard]] const std::vector<TrustAnchor>& anchors() const { return anchors_; }
  // The anchor at exactly `owner`, or nullptr.
  [[nodiscard]] const TrustAnchor* find(const dns::Name& owner) const;
  // The deepest anchor at or above `name` (where its chain of trust starts), or nullptr.
  [[nodiscard]] const TrustAnchor* closest_enclosing(const dns::Name& name) const;
  // Every anchor record's key, by owner (as first given), DS before DNSKEY.
  [[nodiscard]] std::vector<TrustAnchorKey> keys() const;

 private:
  std::size_t records_ = 0;
  std::vector<TrustAnchor> anchors_;
};

}  // namespace daneel::dnssec
