// Replays one parsed scenario against daneel's validator: trust anchors and
// date from the config, each STEP QUERY through a dnssec::Validator whose
// query engine is answered by the mock upstream, each CHECK_ANSWER compared.
#pragma once
#include <string>
#include <vector>

#include "rpl.h"

namespace daneel::conformance {

struct StepOutcome {
  std::uint32_t step = 0;
  bool passed = false;
  std::string detail;  // expected vs got
};

struct ReplayResult {
  bool passed = false;
  std::string first_difference;  // empty when passed
  std::vector<StepOutcome> checks;
  std::vector<std::string> log;  // upstream rules and validator explanations (verbose)
};

struct ReplayOptions {
  bool verbose = false;
};

ReplayResult replay(const Scenario& scenario, const ReplayOptions& options);

}  // namespace daneel::conformance
