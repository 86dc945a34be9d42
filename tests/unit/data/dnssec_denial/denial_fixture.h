// Helpers shared by the denial-of-existence tests: records from zone-file
// lines, grouped into the authority section's RRsets.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch_test_macros.hpp>

#include "dns/name.h"
#include "dns/record.h"
#include "dnssec/denial.h"
#include "dnssec/rrset.h"

namespace denial_fixture {

inline daneel::dns::Name name(std::string_view text) {
  auto parsed = daneel::dns::Name::from_text(text);
  REQUIRE(parsed.ok());
  return parsed.value();
}

inline daneel::dns::Record record(std::string_view line) {
  auto parsed = daneel::dns::record_from_text(line);
  INFO(line);
  REQUIRE(parsed.ok());
  return parsed.value();
}

inline std::vector<daneel::dnssec::Rrset> authority(const std::vector<std::string>& lines) {
  std::vector<daneel::dns::Record> records;
  for (const std::string& line : lines) records.push_back(record(line));
  return daneel::dnssec::group_rrsets(records);
}

// The evidence as text lines, for readable assertions.
inline std::vector<std::string> steps(const daneel::dnssec::DenialResult& result) {
  std::vector<std::string> lines;
  for (const auto& step : result.evidence.steps) lines.push_back(daneel::dnssec::to_text(step));
  return lines;
}

}  // namespace denial_fixture
