// Authenticated denial of existence with NSEC3 (RFC 5155 §8, RFC 9276 §3.2).
//
// These functions check only the logic of a proof. The caller must already
// have validated the RRSIGs of every NSEC3 record it passes; `apex` in the
// query is the zone that signed them. Every name hashed is paid for from the
// Budget (check-wide) and from BudgetLimits::nsec3_hashes_per_proof; running
// out makes the proof bogus with Reason::budget_exceeded.
//
// Rules applied before any hashing:
// - more than DenialParams::max_nsec3_records (16) NSEC3 records -> bogus
//   (budget_exceeded): a proof needs at most three, a CNAME chain one proof
//   per link (denial_result.h says why 16);
// - records with a hash algorithm other than SHA-1 (RFC 5155 §8.1), flags
//   other than 0 or opt-out (§8.2), or an owner that is not one base32hex
//   hash label below the apex are ignored; none left -> bogus (nsec_missing);
// - any usable record with more iterations than
//   DenialParams::max_nsec3_iterations -> insecure
//   (unsupported_nsec3_iterations, the count in the detail; RFC 9276 §3.2).
// Records with different parameters (salt, iterations) may be mixed: each
// record is compared with the name hashed under its own parameters, as
// Unbound does; RFC 5155 does not make a validator refuse them.
#pragma once

#include <cstddef>
#include <span>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dnssec/budget.h"
#include "dnssec/denial_result.h"

namespace daneel::dnssec::nsec3 {

struct Nsec3Record {
  dns::Name owner;
  dns::Nsec3 rdata;
};

// NXDOMAIN (RFC 5155 §8.4): a closest encloser proof (§8.3) for the name and
// an NSEC3 covering the wildcard at the closest encloser. An opt-out NSEC3
// covering the next closer name leaves room for an unsigned delegation:
// insecure (Proven::opt_out), as Unbound does.
DenialResult prove_nxdomain(const DenialQuery& query, std::span<const Nsec3Record> records,
                            const DenialParams& params, Budget& budget);

// NODATA: an NSEC3 matching the name without the type and CNAME (§8.5; DS:
// §8.6, NS without DS -> insecure delegation); else a closest encloser proof
// and an NSEC3 matching the wildcard there without the type (§8.7; insecure
// when the NSEC3 covering the next closer name has opt-out, since an unsigned
// delegation may sit there, as Unbound does); else an opt-out NSEC3 covering
// the next closer name (DS: §8.6; other types: the empty non-terminal of an
// opt-out delegation, Errata 3441): insecure.
DenialResult prove_nodata(const DenialQuery& query, std::span<const Nsec3Record> records, const DenialParams& params,
                          Budget& budget);

// A wildcard-expanded answer (§8.8): `rrsig_labels` gives the closest
// encloser; an NSEC3 must cover the next closer name. Opt-out -> insecure.
DenialResult prove_wildcard_answer(const DenialQuery& query, std::size_t rrsig_labels,
                                   std::span<const Nsec3Record> records, const DenialParams& params, Budget& budget);

}  // namespace daneel::dnssec::nsec3
