// Validating a zone's DNSKEY RRset from its parent's DS set or a trust anchor
// (RFC 4035 §5.2): some DNSKEY that a DS (or an anchor) vouches for must sign
// the DNSKEY RRset; then every key of the set may validate the zone's data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dns/rdata.h"
#include "dnssec/algorithms.h"
#include "dnssec/budget.h"
#include "dnssec/ds.h"
#include "dnssec/rrset.h"
#include "dnssec/rrsig.h"
#include "dnssec/security.h"
#include "dnssec/trust_anchors.h"
#include "util/time.h"

namespace daneel::dnssec {

struct KeySetValidation {
  Verdict verdict;
  // When secure: the zone's keys for validate_rrset() (apex = the RRset owner,
  // keys = every DNSKEY of the set; validate_rrset() itself skips keys without
  // the zone key bit or with REVOKE).
  ZoneKeys keys;
  // Evidence for the report.
  DsSelection ds_selection;                 // which DS records were usable (DS path)
  std::vector<DsKeyMatch> ds_matches;       // DS -> key (indices into keys.keys / the RRset's DNSKEYs)
  std::vector<std::size_t> anchor_key_matches;  // DNSKEY anchors found in the set (DNSKEY path)
  RrsetValidation signature;                // the DNSKEY RRset's own RRSIG check by the entry keys
};

// The DNSKEY records of an RRset (other RDATA kinds are skipped).
std::vector<dns::Dnskey> dnskeys_of(const Rrset& dnskey_rrset);

// DS path: `ds_set` is the (validated) DS RRset from the parent. At most
// budget.limits().ds_failures_per_zone DS records may match no key. Insecure
// when no DS is usable (unsupported digest / algorithm, or disabled by policy),
// bogus ds_mismatch when no key matches a usable DS, otherwise the verdict of
// the DNSKEY RRset's signatures by the matching keys.
KeySetValidation validate_dnskey_set(const Rrset& dnskey_rrset, std::span<const dns::Ds> ds_set, TimeMs now,
                                     const ValidationPolicy& policy, Budget& budget);

// Anchor path: the anchor's DS records (as above) and its DNSKEYs (a key of the
// set equal to an anchor DNSKEY, REVOKE bit included, is an entry key). Secure
// when either path is; otherwise the DS path's verdict when the anchor has DS
// records, else the DNSKEY path's.
KeySetValidation validate_dnskey_set(const Rrset& dnskey_rrset, const TrustAnchor& anchor, TimeMs now,
                                     const ValidationPolicy& policy, Budget& budget);

}  // namespace daneel::dnssec
