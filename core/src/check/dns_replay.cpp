#include "check/dns_replay.h"

#include <algorithm>

#include "check/evidence.h"
#include "dns/name.h"
#include "dns/rr_type.h"

namespace daneel::check {

DnsReplay::DnsReplay(const std::vector<DnsEvidence>& dns) {
  for (const DnsEvidence& d : dns) {
    auto name = dns::Name::from_text(d.qname);
    auto type = dns::rr_type_from_text(d.qtype);
    if (name.ok() && type.ok()) answers_[question_key(name.value(), type.value())].push_back(&d);
  }
}

const DnsEvidence* DnsReplay::answer(const dns::DohRequest& request) {
  const auto key = doh_question_key(request);
  auto it = key ? answers_.find(*key) : answers_.end();
  if (it == answers_.end()) {
    const std::string question = key.value_or("(unreadable question)");
    if (unanswered_.size() < kMaxUnanswered &&
        std::find(unanswered_.begin(), unanswered_.end(), question) == unanswered_.end())
      unanswered_.push_back(question);
    return nullptr;
  }
  const DnsEvidence* answer = it->second.front();
  if (it->second.size() > 1) it->second.erase(it->second.begin());
  return answer;
}

}  // namespace daneel::check
