#include "policy/destination_check.h"

#include <algorithm>
#include <optional>
#include <variant>

namespace daneel::proxy::policy {
namespace {

const dns::Name* cname_target(std::span<const dns::Record> answers, const dns::Name& owner) {
  for (const dns::Record& record : answers) {
    if (record.type != dns::RrType::cname || record.owner != owner) continue;
    if (const auto* cname = std::get_if<dns::Cname>(&record.rdata)) return &cname->target;
  }
  return nullptr;
}

// An IP address of an A or AAAA record, in the policy's form.
std::optional<IpAddress> address_of(const dns::Record& record) {
  IpAddress out;
  if (const auto* a = std::get_if<dns::A>(&record.rdata)) {
    out.family = IpFamily::v4;
    std::copy(a->address.begin(), a->address.end(), out.bytes.begin());
    return out;
  }
  if (const auto* aaaa = std::get_if<dns::Aaaa>(&record.rdata)) {
    out.family = IpFamily::v6;
    out.bytes = aaaa->address;
    return out;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(MxJudgement judgement) {
  switch (judgement) {
    case MxJudgement::listed:
      return "listed";
    case MxJudgement::implicit:
      return "implicit";
    case MxJudgement::not_listed:
      return "not_mx";
    case MxJudgement::null_mx:
      return "null_mx";
    case MxJudgement::domain_not_found:
      return "domain_not_found";
    case MxJudgement::resolver_failed:
      return "resolver_failed";
  }
  return "resolver_failed";
}

std::string_view to_string(AddressJudgement judgement) {
  switch (judgement) {
    case AddressJudgement::listed:
      return "listed";
    case AddressJudgement::not_listed:
      return "address_not_of_host";
    case AddressJudgement::host_not_found:
      return "host_not_found";
    case AddressJudgement::resolver_failed:
      return "resolver_failed";
  }
  return "resolver_failed";
}

std::vector<const dns::Record*> records_at_chain_end(std::span<const dns::Record> answers, const dns::Name& name,
                                                     dns::RrType type) {
  dns::Name current = name;
  // The chain is walked at most kMaxCnameChain links: a loop (a -> b -> a)
  // or an absurdly long chain ends there, with whatever the last name holds.
  for (std::size_t links = 0; links < kMaxCnameChain; ++links) {
    const dns::Name* next = cname_target(answers, current);
    if (next == nullptr) break;
    current = *next;
  }
  std::vector<const dns::Record*> out;
  for (const dns::Record& record : answers) {
    if (out.size() >= kMaxRrsetRecords) break;
    if (record.type == type && record.owner == current) out.push_back(&record);
  }
  return out;
}

MxJudgement judge_mx(const dns::Name& domain, const dns::Name& host, const dns::QueryResult& mx) {
  switch (mx.outcome) {
    case dns::QueryOutcome::nxdomain:
      return MxJudgement::domain_not_found;
    case dns::QueryOutcome::nodata:
      // RFC 5321 §5.1: no MX records, the domain itself is the implicit MX.
      return host == domain ? MxJudgement::implicit : MxJudgement::not_listed;
    case dns::QueryOutcome::answer:
      break;
    default:
      return MxJudgement::resolver_failed;
  }
  if (!mx.message) return MxJudgement::resolver_failed;
  const auto records = records_at_chain_end(mx.message->answers, domain, dns::RrType::mx);
  // An answer that is only a CNAME chain without MX at its end: no MX, so
  // the implicit MX is the domain itself.
  if (records.empty()) return host == domain ? MxJudgement::implicit : MxJudgement::not_listed;
  bool only_null = true;
  for (const dns::Record* record : records) {
    const auto* rdata = std::get_if<dns::Mx>(&record->rdata);
    if (rdata == nullptr) continue;
    // A "." next to real exchanges is a misconfiguration the check reports
    // and skips (scenario null-mx-mixed); only an RRset of "." alone is a null MX.
    if (rdata->exchange.is_root()) continue;
    only_null = false;
    if (rdata->exchange == host) return MxJudgement::listed;
  }
  return only_null ? MxJudgement::null_mx : MxJudgement::not_listed;
}

AddressJudgement judge_address(const dns::Name& host, const IpAddress& address,
                               const dns::QueryResult& same_family) {
  switch (same_family.outcome) {
    case dns::QueryOutcome::nxdomain:
      return AddressJudgement::host_not_found;
    case dns::QueryOutcome::nodata:
      return AddressJudgement::not_listed;
    case dns::QueryOutcome::answer:
      break;
    default:
      return AddressJudgement::resolver_failed;
  }
  if (!same_family.message) return AddressJudgement::resolver_failed;
  const dns::RrType type = address.family == IpFamily::v4 ? dns::RrType::a : dns::RrType::aaaa;
  for (const dns::Record* record : records_at_chain_end(same_family.message->answers, host, type)) {
    if (address_of(*record) == address) return AddressJudgement::listed;
  }
  return AddressJudgement::not_listed;
}

}  // namespace daneel::proxy::policy
