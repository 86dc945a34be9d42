#include "check/caa.h"

#include "dns/caa.h"
#include "dns/rdata.h"

namespace daneel::check {

CaaNames caa_names(const dns::Name& host) {
  CaaNames out;
  // A TLD has one label: climb while the name has two or more.
  for (dns::Name name = host; name.label_count() >= 2; name = name.parent()) {
    if (out.names.size() == kMaxCaaNames) {
      out.truncated = true;
      break;
    }
    out.names.push_back(name);
  }
  return out;
}

std::string_view to_string(CaaState state) {
  switch (state) {
    case CaaState::pending: return "pending";
    case CaaState::issue_found: return "issue_found";
    case CaaState::no_issue: return "no_issue";
    case CaaState::none: return "none";
    case CaaState::dns_failed: return "dns_failed";
    case CaaState::bogus: return "bogus";
    case CaaState::climb_limit: return "climb_limit";
  }
  return "pending";
}

namespace {

std::vector<dns::Caa> caa_records(const dnssec::ValidationResult& r) {
  std::vector<dns::Caa> records;
  if (r.answer)
    for (const dns::Rdata& rdata : r.answer->rdatas)
      if (const auto* caa = std::get_if<dns::Caa>(&rdata)) records.push_back(*caa);
  return records;
}

std::string without_dot(std::string text) {
  if (text.size() > 1 && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

CaaFinding decide_caa(const CaaNames& names, std::span<const dnssec::ValidationResult* const> answers) {
  CaaFinding finding;
  // In climbing order: a name decides only when every name below it had no CAA.
  for (std::size_t i = 0; i < names.names.size(); ++i) {
    const dnssec::ValidationResult* r = i < answers.size() ? answers[i] : nullptr;
    if (r == nullptr) return finding;  // pending
    if (r->verdict.security == dnssec::Security::bogus) {
      finding.state = CaaState::bogus;
      return finding;
    }
    if (r->verdict.security == dnssec::Security::indeterminate || r->kind == dnssec::AnswerKind::failed) {
      finding.state = CaaState::dns_failed;
      return finding;
    }
    const std::vector<dns::Caa> records = caa_records(*r);
    if (records.empty()) continue;  // nodata, nxdomain (or an answer of another type): climb
    const dns::CaaPolicy policy = dns::read_caa_policy(records);
    finding.state = policy.issue.empty() && policy.issuewild.empty() ? CaaState::no_issue : CaaState::issue_found;
    finding.owner = without_dot(names.names[i].to_text());
    for (const dns::Caa& caa : records) finding.records.push_back(dns::rdata_to_text(dns::Rdata(caa)));
    return finding;
  }
  finding.state = names.truncated ? CaaState::climb_limit : CaaState::none;
  return finding;
}

}  // namespace daneel::check
