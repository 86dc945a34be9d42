// What a denial-of-existence proof established, shared by the NSEC
// (nsec.h) and NSEC3 (nsec3.h) checkers and their entry point (denial.h).
//
// A proof result is a verdict plus the evidence for the report: which
// NSEC/NSEC3 records matched or covered which names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.h"
#include "dns/rr_type.h"
#include "dnssec/security.h"

namespace daneel::dnssec {

// What the caller expects the records to prove, from the response's shape.
enum class DenialKind : std::uint8_t {
  nxdomain,         // RCODE NXDOMAIN: the query name does not exist
  nodata,           // NOERROR, empty answer: the name exists without the type
                    // (or only through a wildcard without the type)
  wildcard_answer,  // a positive answer synthesised from a wildcard: the
                    // exact query name must not exist (RFC 4035 §5.3.4)
};
std::string_view to_string(DenialKind kind);

// The question a proof answers: `name`/`type` asked, in the zone whose apex
// signed the NSEC/NSEC3 records (the RRSIGs' signer name).
struct DenialQuery {
  dns::Name name;
  dns::RrType type{};
  dns::Name apex;
};

// What was proven, when the verdict is secure or insecure.
enum class Proven : std::uint8_t {
  nothing,              // bogus: see the verdict
  name_does_not_exist,  // NXDOMAIN with the wildcard denied
  no_data,              // the name exists, the type does not
  empty_non_terminal,   // the name exists only because names below it do
  wildcard_no_data,     // no such name; the wildcard that would answer lacks the type
  no_closer_match,      // wildcard answer: the exact name does not exist
  insecure_delegation,  // DS query: a delegation without DS (the child is unsigned)
  opt_out,              // NSEC3 opt-out span: an unsigned delegation may exist here
  iterations_too_high,  // NSEC3 iterations above the limit: not evaluated
};
std::string_view to_string(Proven proven);

enum class DenialMechanism : std::uint8_t { none, nsec, nsec3 };
std::string_view to_string(DenialMechanism mechanism);

// One record's part in a proof: "<record> matches|covers <subject> (<role>)".
enum class ProofRelation : std::uint8_t { matches, covers };
enum class ProofSubject : std::uint8_t { query_name, closest_encloser, next_closer, wildcard };
std::string_view to_string(ProofRelation relation);
std::string_view to_string(ProofSubject subject);

struct ProofStep {
  dns::Name record;  // owner name of the NSEC/NSEC3 record
  ProofRelation relation = ProofRelation::covers;
  ProofSubject subject = ProofSubject::query_name;
  dns::Name name;  // the name matched or covered (not its hash)
  friend bool operator==(const ProofStep&, const ProofStep&) = default;
};
// "1ab.example. covers next closer z.w.example."
std::string to_text(const ProofStep& step);

struct DenialEvidence {
  std::vector<ProofStep> steps;
  std::optional<dns::Name> closest_encloser;
  std::optional<dns::Name> next_closer;
  std::optional<dns::Name> wildcard;
  std::uint16_t nsec3_iterations = 0;  // of the NSEC3 records used (0 for NSEC)
};

struct DenialResult {
  Verdict verdict;
  Proven proven = Proven::nothing;
  DenialMechanism mechanism = DenialMechanism::none;
  DenialEvidence evidence;
};

// The bounds a proof works under; denial_params() (denial.h) derives them
// from a ValidationPolicy (algorithms.h), which holds the iteration limit.
inline constexpr std::uint16_t kDefaultMaxNsec3Iterations = 50;  // BIND, PowerDNS, Knot (RFC 9276 §3.2)
// A complete NSEC3 proof needs at most 3 records (closest encloser, next
// closer, wildcard), but a CNAME chain's answer carries one proof per link,
// and Unbound accepts more (conformance val_nx_nsec3_collision has 12). The
// cap is not what bounds the hashing (each name is hashed once per proof,
// BudgetLimits::nsec3_hashes_per_proof) nor the signature checks (Budget); it
// bounds the record comparisons on hostile input. Knot Resolver uses 8.
inline constexpr std::size_t kDefaultMaxNsec3Records = 16;
// NSEC proofs need at most 2 records; the bound only limits the work of the
// pairwise searches on hostile input.
inline constexpr std::size_t kDefaultMaxNsecRecords = 16;

struct DenialParams {
  std::uint16_t max_nsec3_iterations = kDefaultMaxNsec3Iterations;
  std::size_t max_nsec3_records = kDefaultMaxNsec3Records;
  std::size_t max_nsec_records = kDefaultMaxNsecRecords;
};

}  // namespace daneel::dnssec
