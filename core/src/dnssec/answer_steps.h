// The pure steps of the validator's work on one answer (validator.cpp): what
// a response says next along a CNAME/DNAME chain, and when a trust anchor
// overrules an insecure denial. Apart from the query and signature machinery,
// so that each is testable alone (dnssec_answer_steps_test).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "dns/name.h"
#include "dns/rr_type.h"
#include "dnssec/denial_result.h"
#include "dnssec/rrset.h"
#include "dnssec/security.h"
#include "dnssec/trust_anchors.h"

namespace daneel::dnssec {

// A CNAME or DNAME link from one name of a chain to the next.
struct ChainLinkStep {
  dns::RrType type = dns::RrType::cname;
  Rrset rrset;       // the CNAME at the name, or the DNAME above it that applies
  dns::Name target;  // the next name (for a DNAME: the substituted name)
};

// What one response's answer section says about `current` for a question of
// `qtype`.
struct ChainStep {
  enum class Kind : std::uint8_t {
    answer,     // `answer` is the RRset of qtype at current
    link,       // follow `link`
    none,       // nothing more about current in this response
    malformed,  // the response breaks the chain rules: `malformed` (bogus)
  };
  Kind kind = Kind::none;
  const Rrset* answer = nullptr;  // points into the caller's `answers`
  std::optional<ChainLinkStep> link;
  std::optional<Verdict> malformed;
};

// The deepest DNAME above `current` substitutes (RFC 6672), and a CNAME
// beside it must say the same; otherwise a CNAME at `current` is followed
// unless the question is for the CNAME itself. A CNAME or DNAME RRset must
// hold exactly one record.
[[nodiscard]] ChainStep next_chain_step(const std::vector<Rrset>& answers, const dns::Name& current,
                                        dns::RrType qtype);

// A trust anchor between the zone that proved a denial and the name says the
// name's zone is signed, so records of a zone above it (an opt-out span, a
// delegation without DS) cannot make the name insecure: that proof from the
// name's own zone is missing (bogus, as Unbound judges it). Nullopt when the
// proof stands.
[[nodiscard]] std::optional<Verdict> anchor_contradiction(const TrustAnchors& anchors, const dns::Name& name,
                                                          const dns::Name& proving_zone, const DenialResult& proof);

}  // namespace daneel::dnssec
