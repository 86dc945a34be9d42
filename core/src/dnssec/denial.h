// Authenticated denial of existence: the one entry point the validator calls
// for NXDOMAIN, NODATA, wildcard answers and insecure delegation proofs.
//
// It takes the authority section's RRsets and picks the NSEC or NSEC3
// records in them. It checks the LOGIC of the proof only: the caller must
// have validated the RRSIGs of those RRsets with the keys of the zone
// `apex` (their signer) and pass only RRsets that validated. NSEC is tried
// first when both kinds are present; NSEC3 when NSEC proves nothing.
//
// The verdict:
// - secure: proven (see DenialResult::proven and the evidence);
// - insecure: an insecure delegation (no DS, or an NSEC3 opt-out span) or
//   NSEC3 iterations above the limit (Reason::unsupported_nsec3_iterations);
// - bogus: Reason::nsec_missing when there are no usable NSEC/NSEC3 records,
//   Reason::denial_proof_invalid (or wildcard_proof_missing) when they do not
//   prove the claim, with a sentence naming what is missing, and
//   Reason::budget_exceeded when the hashing or record bounds were hit.
#pragma once

#include <cstddef>
#include <vector>

#include "dns/name.h"
#include "dns/rr_type.h"
#include "dnssec/algorithms.h"
#include "dnssec/budget.h"
#include "dnssec/denial_result.h"
#include "dnssec/rrset.h"

namespace daneel::dnssec {

// The proof bounds a validation policy implies (the NSEC3 iteration limit;
// the record caps keep their defaults).
inline DenialParams denial_params(const ValidationPolicy& policy) {
  DenialParams params;
  params.max_nsec3_iterations = policy.nsec3_iteration_limit;
  return params;
}

// What the response claims. For a wildcard answer, `rrsig_labels` is the
// Labels field of the answer's RRSIG (RFC 4034 §3.1.3), which names the
// closest encloser; it is ignored for the other kinds.
struct DenialClaim {
  DenialKind kind = DenialKind::nodata;
  std::size_t rrsig_labels = 0;
};

DenialResult prove_denial(const dns::Name& name, dns::RrType type, const dns::Name& apex,
                          const std::vector<Rrset>& authority, DenialClaim claim, const DenialParams& params,
                          Budget& budget);

// The parent zone `apex` proves `delegation` has no DS (RFC 4035 §5.2,
// RFC 5155 §8.6/§8.9, RFC 6840 §4.4), from a DS NODATA answer or a referral:
// insecure (Reason::no_ds_proven, Proven::insecure_delegation or opt_out)
// when it is a delegation without DS; secure (Proven::no_data or
// empty_non_terminal) when the name exists in the parent zone but is no
// zone cut; bogus otherwise.
DenialResult prove_no_ds(const dns::Name& delegation, const dns::Name& apex, const std::vector<Rrset>& authority,
                         const DenialParams& params, Budget& budget);

}  // namespace daneel::dnssec
