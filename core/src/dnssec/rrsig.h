// Verifying an RRset's RRSIGs with a zone's DNSKEYs (RFC 4035 §5.3).
//
// validate_rrset() is the one entry point; the helpers below it are exposed
// for the key-set validation, the denial proofs and the tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dnssec/algorithms.h"
#include "dnssec/budget.h"
#include "dnssec/rrset.h"
#include "dnssec/security.h"
#include "util/bytes.h"
#include "util/result.h"
#include "util/time.h"

namespace daneel::dnssec {

// The DNSKEYs of one zone, as validate_rrset() uses them: `apex` is the zone
// (the RRSIG signer name must be it), `keys` its DNSKEY RRset (validated by the
// caller, or the candidates a DS pointed at).
struct ZoneKeys {
  dns::Name apex;
  std::vector<dns::Dnskey> keys;
};

// --- Validity window (RFC 4034 §3.1.5, RFC 1982 serial arithmetic) ----------

// a < b in 32-bit serial number arithmetic (RFC 1982 §3.2); false when the two
// are exactly 2^31 apart (undefined there).
bool serial_less(std::uint32_t a, std::uint32_t b);

enum class ValidityCheck : std::uint8_t { valid, expired, not_yet_valid, expiration_before_inception };
// Whether `now` lies within [inception, expiration], compared as serial
// numbers against `now` in seconds modulo 2^32 (so the window survives 2106).
ValidityCheck check_validity(std::uint32_t inception, std::uint32_t expiration, TimeMs now);

// --- Signed data (RFC 4034 §3.1.8.1, §6.2, §6.3; RFC 4035 §5.3.2) -------------

// The owner name the RRSIG signed: the RRset's owner, or, when the RRSIG's
// Labels field is smaller than the owner's label count (not counting a leading
// "*"), the wildcard "*." + the owner's rightmost `labels` labels. Fails when
// Labels exceeds the owner's count.
Result<dns::Name> signed_owner(const dns::Name& owner, const dns::Rrsig& rrsig);

// RRSIG RDATA without the signature (signer name lowercased) followed by every
// RR of the set in canonical form: owner as signed_owner(), the RRSIG's
// original TTL, RDATA in canonical form, sorted as octet strings and without
// duplicates.
Result<Bytes> signed_data(const Rrset& rrset, const dns::Rrsig& rrsig);

// --- Validation ------------------------------------------------------------

// What happened to one RRSIG, for the report.
struct SignatureAttempt {
  std::uint16_t key_tag = 0;
  std::uint8_t algorithm = 0;
  std::uint8_t labels = 0;
  dns::Name signer;
  std::uint32_t inception = 0;
  std::uint32_t expiration = 0;
  Reason outcome = Reason::none;      // none: this RRSIG validated the RRset
  std::size_t verifications = 0;      // signature checks spent on it (one per candidate key)
};

// An answer synthesised from a wildcard (RFC 4035 §5.3.4): the caller must
// also prove that the query name does not exist (RFC 4035 §5.3.4, RFC 5155
// §8.8): NSEC covering the owner, or NSEC3 covering `next_closer`.
struct WildcardExpansion {
  dns::Name wildcard;            // "*." + closest encloser: the name that owns the records in the zone
  dns::Name closest_encloser;    // the owner's rightmost `labels` labels
  dns::Name next_closer;         // closest encloser plus one label of the owner (RFC 5155 §1.3)
  std::uint8_t labels = 0;       // the RRSIG Labels field
};

struct RrsetValidation {
  Verdict verdict;
  std::vector<SignatureAttempt> attempts;    // one per RRSIG of the RRset, in order
  std::optional<std::size_t> validated_by;   // index into attempts when secure
  std::optional<WildcardExpansion> wildcard; // set when the validating RRSIG proves wildcard expansion
  // RFC 4035 §5.3.3: the TTL to keep: the smallest of the RRset TTL, the
  // RRSIG's original TTL and the seconds until the RRSIG expires.
  std::uint32_t ttl = 0;
  std::size_t verifications = 0;            // signature checks spent (all RRSIGs)
};

// Validates `rrset` with `zone`'s keys (RFC 4035 §5.3.1):
//  - each RRSIG must cover the RRset's type, have Labels <= the owner's
//    label count, a signer equal to the zone apex with the owner at or below
//    it, an algorithm that is supported and enabled, a key in `zone.keys`
//    with its tag and algorithm, protocol 3, the zone key bit and no REVOKE
//    bit, and a validity window containing `now`;
//  - those that pass are verified, key-tag collisions included, at most
//    budget.limits().signatures_per_rrset times for this RRset, each spending
//    budget.spend_signature();
//  - the first valid one makes the RRset secure.
// Otherwise: insecure when every RRSIG uses an unsupported (or policy-disabled)
// algorithm (RFC 4035 §5.2); bogus with budget_exceeded when a bound stopped
// the work; else bogus with the reason of the RRSIG that got furthest:
// signature_invalid, then the validity window (expired / not yet valid /
// expiration before inception), then key problems (revoked_key,
// no_zone_key_bit, dnskey_missing), then rrsig_mismatch; rrsigs_missing when
// there is no RRSIG at all.
RrsetValidation validate_rrset(const Rrset& rrset, const ZoneKeys& zone, TimeMs now, const ValidationPolicy& policy,
                               Budget& budget);

}  // namespace daneel::dnssec
