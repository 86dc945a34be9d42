// Probes made by earlier checks, kept for later checks of domains that use the
// same MX host (batch mode's shared per-host work, docs/MEASURING.md). A
// probe of an MX host address (`_25._tcp.<mx>`, SNI = the MX host's TLSA base)
// does not depend on which domain points at the host; the verdict does (the
// domain's DNSSEC, the TLSA answers, the DANE-TA name check with the domain as
// a reference identifier), so a check takes only the probe from here and
// judges it itself (CheckConfig::probe_source, probe.h).
//
// Filled with the probe evidence of earlier reports, the JSON that verify
// reads (evidence_json.h, "probes"). Which probes are worth sharing and for
// how long is the caller's policy (wasm/src/batch/share.mjs); this store only
// keeps what it is given, bounded in entries and bytes.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "check/evidence.h"
#include "check/probe.h"
#include "util/result.h"

namespace daneel::check {

struct SharedProbeLimits {
  // 20 MX hosts x 8 addresses x 2 probes per provider; a few hundred
  // providers serve most domains.
  std::size_t max_entries = 4096;
  std::size_t max_bytes = 64 * 1024 * 1024;  // chains and replies together
};

class SharedProbes {
 public:
  explicit SharedProbes(SharedProbeLimits limits = {}) : limits_(limits) {}

  // Adds (or replaces) probes: {"probes": [<evidence probe>, ...]} (at most
  // EvidenceLimits::max_probes per call). All or nothing: malformed input or
  // a bound that would be passed is an error and changes nothing. Returns the
  // number of entries after the call.
  Result<std::size_t> put(std::string_view probes_json);
  // Removes probes: [{"host", "address", "sni"}, ...]. Returns how many were kept.
  Result<std::size_t> erase(std::string_view targets_json);

  // The probe of `target`, when kept.
  [[nodiscard]] std::optional<ProbeResult> find(const ProbeTarget& target) const;
  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  [[nodiscard]] std::size_t bytes() const { return bytes_; }

  // The key of a target: "host address sni|nosni" (host and address hold no spaces).
  static std::string key(const ProbeTarget& target);

 private:
  struct Entry {
    ProbeResult probe;
    std::size_t bytes = 0;
  };
  SharedProbeLimits limits_;
  std::map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
};

}  // namespace daneel::check
