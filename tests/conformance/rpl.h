// A parser for Unbound's testbound replay format (.rpl), enough for the
// validation scenarios (testdata/val_*.rpl): the config header, RANGE blocks
// of ENTRY blocks (MATCH / ADJUST / REPLY / SECTION ...), and the STEPs.
// Written from the format's description (docs/CONFORMANCE.md); bounded in
// file size, entries and records.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dns/message.h"
#include "dns/name.h"
#include "dns/record.h"
#include "dns/rr_type.h"
#include "util/result.h"

namespace daneel::conformance {

inline constexpr std::size_t kMaxRplSize = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxEntries = 4096;
inline constexpr std::size_t kMaxRecordsPerEntry = 512;

struct Entry {
  std::size_t line = 0;  // where ENTRY_BEGIN is
  // MATCH keywords
  bool match_opcode = false, match_qtype = false, match_qname = false, match_subdomain = false;
  bool match_all = false, match_tcp = false;
  std::vector<std::string> match_other;  // e.g. "ede=9", "ttl"
  // ADJUST keywords (copy_id, copy_query, ...)
  std::vector<std::string> adjust;
  // REPLY flags and rcode
  dns::Header header;
  bool do_bit = false;
  dns::Rcode rcode = dns::Rcode::noerror;
  std::vector<dns::Question> question;
  std::vector<dns::Record> answer, authority, additional;
};

struct Range {
  std::size_t line = 0;
  std::uint32_t first_step = 0, last_step = 0;
  std::vector<std::string> addresses;
  std::vector<Entry> entries;
};

enum class StepKind : std::uint8_t { query, check_answer, time_passes, other };

struct Step {
  std::size_t line = 0;
  std::uint32_t number = 0;
  StepKind kind = StepKind::other;
  std::string keyword;        // QUERY, CHECK_ANSWER, TIME_PASSES, TRAFFIC, ...
  std::uint64_t elapse_ms = 0;  // TIME_PASSES ELAPSE x (seconds, may have decimals)
  bool has_entry = false;
  Entry entry;
};

struct ConfigOption {
  std::string section;  // "server", "stub-zone", "forward-zone", ...
  std::string key;
  std::string value;    // unquoted
};

struct Scenario {
  std::string title;
  std::vector<ConfigOption> config;
  std::vector<Range> ranges;
  std::vector<Step> steps;
  std::size_t entry_count = 0;

  // Every value of `key` (any section), in order.
  [[nodiscard]] std::vector<std::string> config_values(std::string_view key) const;
  [[nodiscard]] bool has_config(std::string_view key) const { return !config_values(key).empty(); }
};

// Parses a whole .rpl file. Errors name the line.
Result<Scenario> parse_rpl(std::string_view text);

// A presentation line with DS/DNSKEY/RRSIG algorithm mnemonics replaced by
// numbers and an absent RRSIG signature given one zero octet (see rpl.cpp).
std::string normalise_record(std::string_view line);

// "YYYYMMDDHHMMSS" (UTC) -> seconds since the epoch.
Result<std::int64_t> parse_override_date(std::string_view text);

}  // namespace daneel::conformance
