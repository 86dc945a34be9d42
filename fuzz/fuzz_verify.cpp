// verify reads reports that come from anywhere (a file a user was sent, a
// batch result) and replays the whole check from their evidence. Properties
// on every input:
//  - no crash, no read out of bounds, no unbounded work (sanitizers, timeouts);
//  - the input is either refused with an error or judged: ok only when the
//    evidence is complete and nothing differs.
// Seeds: two recorded test-world reports (fuzz/corpus/verify), verified
// against the world's trust anchor so that mutations reach the validator and
// DANE matching rather than stopping at a bogus root.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "check/verify.h"
#include "check_verify/recorded_reports.h"

using namespace daneel;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check::VerifyConfig config;
  config.trust_anchors = std::string(verify_recorded::kTrustAnchor);
  config.max_input = 256 * 1024;  // keeps each run short; the reader's own bounds still apply below it
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto result = check::verify_report(input, config);
  if (!result.ok()) return 0;
  const check::VerifyResult& verdict = result.value();
  if (verdict.ok && (!verdict.differences.empty() || !verdict.cannot_verify.empty())) std::abort();
  return 0;
}
