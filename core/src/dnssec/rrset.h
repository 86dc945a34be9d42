// An RRset (RFC 2181 §5) with the RRSIGs that cover it, as the validator
// consumes it: grouped out of a response's section by owner, class and type.
#pragma once

#include <vector>

#include "dns/message.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rr_type.h"

namespace daneel::dnssec {

struct Rrset {
  dns::Name owner;
  dns::RrType type{};
  dns::RrClass rclass = dns::RrClass::in;
  std::uint32_t ttl = 0;                  // the smallest TTL among the records
  std::vector<dns::Rdata> rdatas;         // distinct (RFC 2181 §5: duplicates are one record)
  std::vector<dns::Rrsig> signatures;     // RRSIGs at the owner covering `type`
};

// Groups records (e.g. one message section) into RRsets, attaching each RRSIG
// to the RRset it covers; RRSIGs whose RRset is absent form no RRset.
std::vector<Rrset> group_rrsets(const std::vector<dns::Record>& records);

// The RRset of (owner, type) among `rrsets`, or nullptr.
const Rrset* find_rrset(const std::vector<Rrset>& rrsets, const dns::Name& owner, dns::RrType type);

}  // namespace daneel::dnssec
