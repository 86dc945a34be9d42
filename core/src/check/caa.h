// mail_caa (Internet.nl's subtest, docs/TLS_GRADING.md §5): the CAA records
// (RFC 8659) that govern certificates for an MX host name. The relevant RRset
// is the first non-empty CAA RRset met climbing from the host name towards
// the root (RFC 8659 §3); the climb stops below the TLD (a TLD's CAA says
// nothing about one mail server) and at kMaxCaaNames names. Every answer is
// DNSSEC-validated like the check's others; a failed or bogus one decides
// nothing (not tested), never "no CAA".
//
// Pure functions: check.cpp asks every name of caa_names() at once (one
// round trip, not one per label) and decides with decide_caa() as answers come.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.h"
#include "dnssec/validator.h"

namespace daneel::check {

inline constexpr std::size_t kMaxCaaNames = 8;

// The host name, then its parents, down to (not including) the TLD; at most
// kMaxCaaNames. `truncated`: the name had more, unasked.
struct CaaNames {
  std::vector<dns::Name> names;
  bool truncated = false;
};
CaaNames caa_names(const dns::Name& host);

enum class CaaState : std::uint8_t {
  pending,       // an answer the decision needs is not in yet
  issue_found,   // a CAA RRset with an issue or issuewild property: passed
  no_issue,      // a CAA RRset without any: warning (nothing restricts issuance)
  none,          // no CAA RRset up to below the TLD: warning
  dns_failed,    // an answer the decision needs failed (indeterminate): not tested
  bogus,         // an answer the decision needs is bogus: not tested
  climb_limit,   // kMaxCaaNames names without an RRset, the name has more: not tested
};
std::string_view to_string(CaaState state);

struct CaaFinding {
  CaaState state = CaaState::pending;
  std::string owner;                 // where the RRset was found (presentation, no trailing dot)
  std::vector<std::string> records;  // its records as presentation text ("0 issue \"ca.example\"")
};

// `answers[i]` answers `names.names[i]` (nullptr: not in yet).
CaaFinding decide_caa(const CaaNames& names, std::span<const dnssec::ValidationResult* const> answers);

}  // namespace daneel::check
