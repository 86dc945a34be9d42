// A resource record: owner, type, class, TTL and typed RDATA.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rr_type.h"
#include "util/result.h"

namespace daneel::dns {

struct Record {
  Name owner;
  RrType type{};
  RrClass rclass = RrClass::in;
  std::uint32_t ttl = 0;
  Rdata rdata;  // the alternative for `type`, or UnknownRdata

  friend bool operator==(const Record&, const Record&) = default;
};

// "owner TTL CLASS TYPE rdata", one line, as dig/kdig print answers.
std::string to_text(const Record& record);

// Parses one presentation line "owner [TTL] [CLASS] TYPE rdata" (TTL and class
// in either order; TTL 0 and class IN when absent), e.g. a trust anchor
// ". IN DS 20326 8 2 E06D...". The owner is absolute; parentheses may span lines.
Result<Record> record_from_text(std::string_view line);

// Whether `rdata` holds the alternative for `type` (UnknownRdata only for
// types without one); writers refuse records that break this.
Status check_rdata_kind(RrType type, const Rdata& rdata);

// Builds a record, checking that `rdata` holds the alternative for `type`
// (UnknownRdata only for types without one).
Result<Record> make_record(Name owner, RrType type, RrClass rclass, std::uint32_t ttl, Rdata rdata);

}  // namespace daneel::dns
