// The chain-of-trust validator (RFC 4033-4035, 5155, 6840; RFC 7672 §2.1.1),
// sans IO: it sits on a dns::QueryEngine, asks it for RRsets and makes
// progress when the caller reports that queries completed.
//
// Usage (one Validator per check; it shares the engine's lifetime):
//
//   dns::QueryEngine engine(resolver_config);
//   dnssec::Validator validator(engine, dnssec::ValidatorConfig{});   // root anchors
//   ValidationTicket t = validator.validate(name, dns::RrType::tlsa, now);
//   while (!validator.idle()) {
//     ... the driver performs engine.take_requests(), feeds on_http_response /
//         on_http_failure / on_timer into the engine ...
//     validator.step(now);            // consumes engine.take_completed(), asks follow-ups
//   }
//   const ValidationResult* r = validator.result(t);   // non-null once done(t)
//
// step() may be called at any time (also when nothing completed); it is the
// only place the validator does work after validate(). validate() itself runs
// one step, so an answer already known to the engine may be done at once.
// The validator calls engine.take_completed() in step(): callers that also
// need completion notices should not share the engine's completion queue.
//
// What it does for (name, type):
//  1. asks for (name, type) (DO+CD, the engine's default) and classifies the
//     response: positive answer, CNAME/DNAME chain (each link validated,
//     DNAME-synthesised CNAMEs checked against their DNAME, at most
//     ValidatorConfig::max_chain_links links; a chain the response leaves
//     unfinished is continued with a new query for the target), NODATA, NXDOMAIN;
//  2. for each RRset finds the zone that signed it (the RRSIG signer name) and
//     walks from the closest trust anchor down to it, one label at a time,
//     asking DS for each name below the last known zone: a DS RRset (validated
//     with the parent's keys) plus the child's DNSKEY RRset (validated from the
//     DS, dnskey_set.h) make a secure zone cut; a DS NODATA/NXDOMAIN proven by
//     NSEC/NSEC3 (prove_no_ds) is either an insecure delegation (everything
//     below is insecure) or a name that is not a zone cut (the walk continues
//     in the same zone). Validated key sets (and proven-insecure and bogus
//     cuts) are cached per name for the validator's lifetime (one check);
//  3. unsigned RRsets are insecure only when the walk towards their owner
//     reaches a proven insecure cut; in a secure zone they are bogus
//     (rrsigs_missing);
//  4. negative answers and wildcard expansions get their proof from the
//     authority section's NSEC/NSEC3 RRsets validated with the signer zone's
//     keys (denial.h); a signer zone above the trust anchor closest to the
//     name cannot prove it insecure (the anchor says its zone is signed);
//  5. any query that fails (timeout, SERVFAIL, budget, mismatch, ...) makes
//     the result indeterminate with Reason::query_failed and the engine's
//     detail: never insecure (RFC 7672 §2.1.1).
//
// Bounds: max_walk_depth labels below a trust anchor, max_chain_links
// CNAME/DNAME links, the crypto Budget (budget.h) for the whole check, and
// max_queries distinct questions per Validator (beyond it: indeterminate,
// Reason::budget_exceeded).
//
// The result is a plain value (no JSON dependency): the verdict, the final
// RRset or the proven denial, the chain with per-link verdicts, and for every
// zone on the path the DS records, DNSKEYs and RRSIGs that decided it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dns/name.h"
#include "dns/query_engine.h"
#include "dns/rr_type.h"
#include "dnssec/answer_kind.h"
#include "dnssec/algorithms.h"
#include "dnssec/budget.h"
#include "dnssec/denial_result.h"
#include "dnssec/rrset.h"
#include "dnssec/rrsig.h"
#include "dnssec/security.h"
#include "dnssec/trust_anchors.h"
#include "util/time.h"

namespace daneel::dnssec {

struct ValidatorConfig {
  TrustAnchors anchors = TrustAnchors::root();
  ValidationPolicy policy;
  BudgetLimits limits;
  std::size_t max_chain_links = 11;  // CNAME/DNAME links followed (NLnetLabs domain: 11)
  std::size_t max_walk_depth = 32;   // labels walked below a trust anchor
  std::size_t max_queries = 400;     // distinct questions this validator may ask
};

using ValidationTicket = std::uint32_t;

// --- Evidence (plain structs for the report) --------------------------------

// One RRSIG as checked (data, DS, DNSKEY or NSEC/NSEC3 RRsets).
struct SignatureEvidence {
  dns::Name owner;                  // of the RRset it covers
  dns::RrType type_covered{};
  dns::Name signer;
  std::uint16_t key_tag = 0;
  std::uint8_t algorithm = 0;
  std::uint8_t labels = 0;
  std::uint32_t inception = 0;      // seconds since the epoch modulo 2^32
  std::uint32_t expiration = 0;
  Reason outcome = Reason::none;    // none: this RRSIG validated the RRset
};

struct DsEvidence {
  std::uint16_t key_tag = 0;
  std::uint8_t algorithm = 0;
  std::uint8_t digest_type = 0;
  bool usable = false;              // supported digest and algorithm (ds.h select_usable_ds)
  bool matched = false;             // a DNSKEY of the child hashes to it
};

struct KeyEvidence {
  std::uint16_t key_tag = 0;
  std::uint8_t algorithm = 0;
  std::uint16_t flags = 0;
  bool entry = false;               // vouched for by a DS or a trust anchor
  bool signed_key_set = false;      // its RRSIG validated the DNSKEY RRset
};

// How the walk from the trust anchor saw one name on the path.
enum class CutKind : std::uint8_t {
  trust_anchor,         // the anchored zone (DNSKEY set checked against the anchor)
  secure_delegation,    // DS + DNSKEY validated: a secure zone
  not_a_cut,            // the parent proves the name exists but is no delegation
  insecure_delegation,  // the parent proves there is no DS (or the DS algorithms are unsupported)
  bogus,                // the DS, the proof or the DNSKEY set failed
  indeterminate,        // a query failed
};
std::string_view to_string(CutKind kind);

struct ZoneEvidence {
  dns::Name name;                   // the zone (or the name that proved not to be one)
  dns::Name parent;                 // the zone that answered for its DS ("" root for anchors)
  CutKind kind = CutKind::indeterminate;
  Verdict verdict;                  // of the cut: secure, insecure (why), bogus (why)...
  std::vector<DsEvidence> ds;
  std::vector<KeyEvidence> dnskeys;
  std::vector<SignatureEvidence> signatures;  // over the DS and the DNSKEY RRsets
  std::optional<DenialResult> no_ds_proof;    // DS NODATA/NXDOMAIN: the NSEC/NSEC3 proof
};

// One CNAME or DNAME link of a chain.
struct ChainLink {
  dns::RrType type = dns::RrType::cname;  // cname or dname
  dns::Name owner;                        // the CNAME owner, or the DNAME owner
  dns::Name from;                         // the name being resolved when the link applied
  dns::Name target;                       // where the chain goes next
  dns::Name zone;                         // the signer zone ("." when unsigned)
  Verdict verdict;
  std::vector<SignatureEvidence> signatures;
};

struct ValidationResult {
  dns::Name qname;
  dns::RrType qtype{};
  Verdict verdict;                  // combined over the chain and the final element
  AnswerKind kind = AnswerKind::failed;
  dns::Name final_name;             // after the CNAME/DNAME chain
  std::optional<Rrset> answer;      // kind == answer: the final RRset (with its RRSIGs)
  Verdict final_verdict;            // the final element alone (answer or denial)
  std::vector<ChainLink> chain;
  std::optional<DenialResult> denial;       // nodata / nxdomain / wildcard proof
  dns::Name denial_zone;                    // the zone whose NSEC/NSEC3 records proved it
  std::optional<WildcardExpansion> wildcard;
  std::vector<SignatureEvidence> signatures;  // RRSIGs checked on the final data and its proof
  std::vector<ZoneEvidence> zones;            // every name on the walked paths, top down
  // When a query failed: its outcome and the engine's detail.
  std::optional<dns::QueryOutcome> query_outcome;
  std::string query_detail;
};

// A multi-line explanation for people and logs.
std::string to_text(const ValidationResult& result);

class Validator {
 public:
  // `engine` must outlive the validator. Anchors, policy and limits are fixed
  // for its lifetime; the crypto budget is shared by every validation.
  Validator(dns::QueryEngine& engine, ValidatorConfig config);
  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  // Starts validating (name, type). The same question gets the same ticket.
  ValidationTicket validate(const dns::Name& name, dns::RrType type, TimeMs now);

  // Asks, without waiting for anything, the DNSKEY of the trust anchor above
  // `zone` and the DS and DNSKEY of every name from there down to `zone`: the
  // chain of trust a later validation under `zone` walks one zone cut at a
  // time is then in flight at once, saving a round trip per cut. A name that
  // is no zone cut costs a NODATA answer. Bounded like a walk
  // (max_walk_depth, max_queries).
  void prefetch_chain(const dns::Name& zone, TimeMs now);

  // Consumes the engine's completions and advances every pending validation
  // (asking follow-up queries). Cheap when nothing changed.
  void step(TimeMs now);

  [[nodiscard]] bool done(ValidationTicket ticket) const;
  // nullptr while pending.
  [[nodiscard]] const ValidationResult* result(ValidationTicket ticket) const;
  // Tickets finished since the last call, each reported once.
  std::vector<ValidationTicket> take_completed();
  // True when no validation is pending.
  [[nodiscard]] bool idle() const;

  [[nodiscard]] const Budget& budget() const;
  [[nodiscard]] const ValidatorConfig& config() const;

  struct State;  // implementation (validator.cpp)

 private:
  std::unique_ptr<State> state_;
};

}  // namespace daneel::dnssec
