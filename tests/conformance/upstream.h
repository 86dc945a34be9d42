// The mock upstream: answers (qname, qtype) as a recursive resolver queried
// with CD=1 would, from the union of a scenario's RANGE entries (which were
// written as authoritative servers for a resolver that walks referrals).
// Rules: docs/CONFORMANCE.md "Mapping the scenario to a DoH resolver".
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dns/message.h"
#include "rpl.h"

namespace daneel::conformance {

struct UpstreamAnswer {
  dns::Message message;   // QR, RA, rcode and sections; id/question filled by answer()
  std::string rule;       // which mapping rule produced it (for the log)
};

class Upstream {
 public:
  explicit Upstream(const Scenario& scenario) : scenario_(scenario) {}
  // The answer to `question` at replay step `step` (RANGE step bounds apply).
  [[nodiscard]] UpstreamAnswer answer(const dns::Question& question, std::uint32_t step) const;

 private:
  [[nodiscard]] std::optional<UpstreamAnswer> walk(const dns::Question& question, std::uint32_t step) const;
  [[nodiscard]] UpstreamAnswer answer_one(const dns::Question& question, std::uint32_t step) const;
  const Scenario& scenario_;
};

// True when `e` (an entry of a RANGE) matches the question by its MATCH rules.
bool entry_matches(const Entry& e, const dns::Question& question);
// An entry that only refers the resolver elsewhere: NOERROR without AA, no
// answer records, NS in the authority section, no SOA.
bool is_referral(const Entry& e);
// Moves every RRSIG to the section that holds the RRset it covers (as
// Unbound's message parser attaches signatures wherever they appear).
void attach_signatures(dns::Message& message);

}  // namespace daneel::conformance
