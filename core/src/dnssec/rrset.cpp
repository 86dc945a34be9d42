#include "dnssec/rrset.h"

#include <algorithm>

namespace daneel::dnssec {

std::vector<Rrset> group_rrsets(const std::vector<dns::Record>& records) {
  std::vector<Rrset> rrsets;
  auto find_or_add = [&](const dns::Record& record, dns::RrType type) -> Rrset& {
    for (Rrset& rrset : rrsets) {
      if (rrset.type == type && rrset.rclass == record.rclass && rrset.owner == record.owner) return rrset;
    }
    rrsets.push_back(Rrset{record.owner, type, record.rclass, record.ttl, {}, {}});
    return rrsets.back();
  };
  // Data first, so RRSIGs find their RRsets whatever the order in the section.
  for (const dns::Record& record : records) {
    if (record.type == dns::RrType::rrsig) continue;
    Rrset& rrset = find_or_add(record, record.type);
    rrset.ttl = std::min(rrset.ttl, record.ttl);
    if (std::find(rrset.rdatas.begin(), rrset.rdatas.end(), record.rdata) == rrset.rdatas.end()) {
      rrset.rdatas.push_back(record.rdata);
    }
  }
  for (const dns::Record& record : records) {
    const auto* sig = std::get_if<dns::Rrsig>(&record.rdata);
    if (sig == nullptr) continue;
    for (Rrset& rrset : rrsets) {
      if (rrset.type == sig->type_covered && rrset.rclass == record.rclass && rrset.owner == record.owner) {
        rrset.signatures.push_back(*sig);
        break;
      }
    }
  }
  return rrsets;
}

const Rrset* find_rrset(const std::vector<Rrset>& rrsets, const dns::Name& owner, dns::RrType type) {
  for (const Rrset& rrset : rrsets) {
    if (rrset.type == type && rrset.owner == owner) return &rrset;
  }
  return nullptr;
}

}  // namespace daneel::dnssec
