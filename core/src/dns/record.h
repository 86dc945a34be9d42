// A resource record: owner, type, class, TTL and typed RDATA.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rr_type.h"
#include "dns/text.h"
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
// Every type: record_line_from_text, then record_from_line<AllRdataTypes>.
Result<Record> record_from_text(std::string_view line);

// A presentation line read up to its RDATA: the record's head and the tokens
// of its RDATA, not parsed yet (views into the line, which must outlive them).
struct RecordLine {
  Name owner;
  RrType type{};
  RrClass rclass = RrClass::in;
  std::uint32_t ttl = 0;
  std::vector<Token> tokens;    // the whole line's
  std::size_t rdata_start = 0;  // the RDATA's first token in `tokens`
};
// Step one of record_from_text: a caller can refuse a line by its head
// (class, type) before the RDATA is read.
Result<RecordLine> record_line_from_text(std::string_view line);
// Step two: the RDATA in the presentation form of the alternatives in `Types`
// (AllRdataTypes or DnssecKeyRdataTypes), any type in the generic `\# len hex`
// form. A program that reads only DS and DNSKEY text (trust anchors) links
// only their parsers.
template <class Types>
Result<Record> record_from_line(RecordLine line);

// Whether `rdata` holds the alternative for `type` (UnknownRdata only for
// types without one); writers refuse records that break this.
Status check_rdata_kind(RrType type, const Rdata& rdata);

// Builds a record, checking that `rdata` holds the alternative for `type`
// (UnknownRdata only for types without one).
Result<Record> make_record(Name owner, RrType type, RrClass rclass, std::uint32_t ttl, Rdata rdata);

}  // namespace daneel::dns
