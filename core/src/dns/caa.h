// What a CAA RRset says (RFC 8659 §4): the `issue` and `issuewild`
// properties with their issuer domain and parameters, `iodef`, and the
// critical properties nobody here understands. The wire form of one CAA
// record is dns::Caa (rdata.h); this reads its value, which is free text a
// zone owner wrote, so the reader is bounded and never refuses a record: a
// value that does not follow the grammar is kept and marked malformed (a CA
// treats such an issue property as forbidding issuance, RFC 8659 §4.2).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "dns/rdata.h"
#include "util/bytes.h"

namespace daneel::dns {

// Bounds on what is kept (a CAA value may be up to 64 KiB of rdata).
inline constexpr std::size_t kMaxCaaParameters = 16;
inline constexpr std::size_t kMaxCaaProperties = 64;

// An issue/issuewild value: issuer-domain-name [";" parameters] (RFC 8659 §4.2).
struct CaaIssuer {
  std::string domain;  // empty: no CA may issue (the value ";" or empty)
  std::vector<std::pair<std::string, std::string>> parameters;  // tag = value, in order
  bool malformed = false;  // not the §4.2 grammar (or more than kMaxCaaParameters)
  friend bool operator==(const CaaIssuer&, const CaaIssuer&) = default;
};
CaaIssuer read_caa_issuer(ByteView value);
// The value as a zone file would carry it ("ca.example; account=1"); a
// well-formed issuer reads back to itself (fuzz_caa checks it).
std::string caa_issuer_text(const CaaIssuer& issuer);

struct CaaPolicy {
  std::vector<CaaIssuer> issue, issuewild;
  std::size_t iodef = 0;
  // Properties with the critical flag (bit 7 of flags) and a tag this reader
  // does not know: a CA must not issue (RFC 8659 §4.1), shown as found.
  std::vector<std::string> critical_unknown;
  std::size_t records = 0;
  bool truncated = false;  // more than kMaxCaaProperties records: the rest unread
};
// Tags compare ASCII case-insensitively (RFC 8659 §4.1).
CaaPolicy read_caa_policy(std::span<const Caa> records);

}  // namespace daneel::dns
