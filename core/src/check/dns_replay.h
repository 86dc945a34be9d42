// DoH answers from a report's evidence, by question, in the recorded order;
// the last one answers again if the question is asked again (a retry after a
// timeout). The check's query engine asks each question once. Used by
// verify's replay and by the engine tests that script connections.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "check/report_evidence.h"
#include "dns/doh.h"

namespace daneel::check {

class DnsReplay {
 public:
  explicit DnsReplay(const std::vector<DnsEvidence>& dns);

  // Null when the evidence has no answer to the request's question (the
  // question is then remembered, see take_unanswered).
  const DnsEvidence* answer(const dns::DohRequest& request);

  // The questions asked that the evidence does not answer (at most 64).
  std::vector<std::string> take_unanswered() { return std::move(unanswered_); }

 private:
  static constexpr std::size_t kMaxUnanswered = 64;
  std::map<std::string, std::vector<const DnsEvidence*>> answers_;
  std::vector<std::string> unanswered_;
};

}  // namespace daneel::check
