// DS records (RFC 4034 §5, RFC 4509, RFC 6605 §2): computing a DNSKEY's
// digest, choosing which DS records of a set to use, and matching them against
// a DNSKEY set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dnssec/algorithms.h"
#include "dnssec/security.h"
#include "util/bytes.h"

namespace daneel::dnssec {

namespace ds_digest {
inline constexpr std::uint8_t sha1 = 1;    // RFC 4034 App. A.2
inline constexpr std::uint8_t sha256 = 2;  // RFC 4509
inline constexpr std::uint8_t sha384 = 4;  // RFC 6605 §2
}  // namespace ds_digest

bool is_supported_ds_digest(std::uint8_t digest_type);

// RFC 4034 §5.1.4: digest = H(canonical owner name | DNSKEY RDATA); nullopt
// for a digest type we do not implement (0 and 3 GOST among them).
std::optional<Bytes> ds_digest_of(const dns::Name& owner, const dns::Dnskey& key, std::uint8_t digest_type);

// The DS record for a key (tests, reports: "publish this DS").
std::optional<dns::Ds> make_ds(const dns::Name& owner, const dns::Dnskey& key, std::uint8_t digest_type);

// True when `ds` names `key` (tag and algorithm) and its digest is the key's.
bool ds_matches_key(const dns::Name& owner, const dns::Ds& ds, const dns::Dnskey& key);

// The DS records of a set a validator may use.
//
// A DS is usable when its digest type and its key algorithm are supported and
// enabled. RFC 4509 §3: "Validator implementations SHOULD ignore DS RRs
// containing SHA-1 digests if DS RRs with SHA-256 digests are present in the DS
// RRset." daneel reads "present" as "present and usable": a SHA-256 DS for an
// algorithm we cannot validate must not take away a SHA-1 DS we can (that
// would turn a secure delegation insecure), while a usable SHA-256 (or SHA-384,
// stronger still) DS does set every SHA-1 DS aside, which is the downgrade the
// rule prevents. SHA-256 is not set aside for SHA-384: RFC 4509 says nothing of
// it, and both are unbroken.
struct DsSelection {
  std::vector<dns::Ds> usable;
  std::size_t unsupported_digest = 0;     // digest type not implemented
  std::size_t unsupported_algorithm = 0;  // key algorithm not implemented
  std::size_t disabled_algorithm = 0;     // key algorithm switched off by policy
  std::size_t sha1_set_aside = 0;         // RFC 4509 §3
};
DsSelection select_usable_ds(std::span<const dns::Ds> ds_set, const ValidationPolicy& policy);

// When `selection.usable` is empty, the zone has no supported authentication
// path (RFC 4035 §5.2): insecure, with the reason that explains it best
// (disabled by policy, then unsupported algorithm, then unsupported digest).
Verdict no_usable_ds_verdict(const DsSelection& selection);

// Which keys the usable DS records point at.
struct DsKeyMatch {
  dns::Ds ds;
  std::size_t key_index;  // into the DNSKEY list passed in
};
struct DsMatching {
  std::vector<DsKeyMatch> matches;
  std::size_t failures = 0;   // DS records that matched no key
  bool gave_up = false;       // stopped at `max_failures` (KeyTrap bound)
};
// Tries each usable DS against the keys with its tag and algorithm; stops after
// `max_failures` DS records that match nothing (BudgetLimits::ds_failures_per_zone).
DsMatching match_ds_to_keys(const dns::Name& owner, std::span<const dns::Ds> usable,
                            std::span<const dns::Dnskey> keys, std::size_t max_failures);

}  // namespace daneel::dnssec
