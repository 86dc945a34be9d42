#include "dnssec/denial.h"

#include <string>
#include <utility>
#include <variant>

#include "dnssec/denial_rules.h"
#include "dnssec/nsec.h"
#include "dnssec/nsec3.h"

namespace daneel::dnssec {
namespace {

// The NSEC and NSEC3 records of the authority section, as the proofs take them.
struct DenialRecords {
  std::vector<nsec::NsecRecord> nsec;
  std::vector<nsec3::Nsec3Record> nsec3;
};

DenialRecords collect(const std::vector<Rrset>& authority) {
  DenialRecords records;
  for (const Rrset& rrset : authority) {
    for (const dns::Rdata& rdata : rrset.rdatas) {
      if (const auto* nsec = std::get_if<dns::Nsec>(&rdata)) records.nsec.push_back({rrset.owner, *nsec});
      if (const auto* nsec3 = std::get_if<dns::Nsec3>(&rdata)) records.nsec3.push_back({rrset.owner, *nsec3});
    }
  }
  return records;
}

bool decided(const DenialResult& result) { return result.verdict.security != Security::bogus; }

DenialResult prove_with_nsec(const DenialQuery& query, DenialClaim claim, const std::vector<nsec::NsecRecord>& records) {
  switch (claim.kind) {
    case DenialKind::nxdomain: return nsec::prove_nxdomain(query, records);
    case DenialKind::nodata: return nsec::prove_nodata(query, records);
    case DenialKind::wildcard_answer: return nsec::prove_wildcard_answer(query, claim.rrsig_labels, records);
  }
  return denial_bogus(Reason::dnssec_bogus, "unknown denial kind", DenialMechanism::nsec);
}

DenialResult prove_with_nsec3(const DenialQuery& query, DenialClaim claim,
                              const std::vector<nsec3::Nsec3Record>& records, const DenialParams& params,
                              Budget& budget) {
  switch (claim.kind) {
    case DenialKind::nxdomain: return nsec3::prove_nxdomain(query, records, params, budget);
    case DenialKind::nodata: return nsec3::prove_nodata(query, records, params, budget);
    case DenialKind::wildcard_answer:
      return nsec3::prove_wildcard_answer(query, claim.rrsig_labels, records, params, budget);
  }
  return denial_bogus(Reason::dnssec_bogus, "unknown denial kind", DenialMechanism::nsec3);
}

}  // namespace

DenialResult prove_denial(const dns::Name& name, dns::RrType type, const dns::Name& apex,
                          const std::vector<Rrset>& authority, DenialClaim claim, const DenialParams& params,
                          Budget& budget) {
  const DenialRecords records = collect(authority);
  if (records.nsec.empty() && records.nsec3.empty()) {
    const Reason reason = claim.kind == DenialKind::wildcard_answer ? Reason::wildcard_proof_missing : Reason::nsec_missing;
    return denial_bogus(reason,
                        "no NSEC or NSEC3 records in the authority section to prove " +
                            std::string(to_string(claim.kind)) + " for " + name.to_text() + " " + dns::to_string(type),
                        DenialMechanism::none);
  }
  const DenialQuery query{name, type, apex};
  std::optional<DenialResult> from_nsec;
  if (!records.nsec.empty()) {
    if (records.nsec.size() > params.max_nsec_records) {
      from_nsec = denial_bogus(Reason::budget_exceeded,
                               std::to_string(records.nsec.size()) +
                                   " NSEC records in one response, more than the limit of " +
                                   std::to_string(params.max_nsec_records),
                               DenialMechanism::nsec);
    } else {
      from_nsec = prove_with_nsec(query, claim, records.nsec);
    }
    if (decided(*from_nsec) || records.nsec3.empty()) return std::move(*from_nsec);
  }
  DenialResult from_nsec3 = prove_with_nsec3(query, claim, records.nsec3, params, budget);
  // When both failed, the NSEC reason is as good as any; NSEC3's names the hashing work.
  return from_nsec && !decided(from_nsec3) && from_nsec3.verdict.reason != Reason::budget_exceeded
             ? std::move(*from_nsec)
             : from_nsec3;
}

DenialResult prove_no_ds(const dns::Name& delegation, const dns::Name& apex, const std::vector<Rrset>& authority,
                         const DenialParams& params, Budget& budget) {
  return prove_denial(delegation, dns::RrType::ds, apex, authority, DenialClaim{DenialKind::nodata, 0}, params, budget);
}

}  // namespace daneel::dnssec
