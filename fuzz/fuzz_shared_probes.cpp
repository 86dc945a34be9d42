// Batch mode's probe store (check/shared_probes.h) reads probes as the JSON
// of reports' evidence, and targets to erase. Properties on every input:
//  - no crash, no unbounded work (sanitizers, timeouts);
//  - put is all or nothing: refused input changes neither the entries nor
//    their bytes; accepted input stays within the store's bounds, and every
//    probe it named can be found by its target;
//  - erase never grows the store.
// Seeds: the probes of the recorded world reports (fuzz/corpus/shared_probes).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "check/json.h"
#include "check/shared_probes.h"

using namespace daneel;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check::SharedProbes store(check::SharedProbeLimits{.max_entries = 8, .max_bytes = 64 * 1024});
  const auto put = store.put(input);
  if (!put.ok() && (store.size() != 0 || store.bytes() != 0)) std::abort();
  if (put.ok()) {
    if (store.size() > 8 || store.bytes() > 64 * 1024 || put.value() != store.size()) std::abort();
    const check::Json parsed = check::parse_json(input);
    for (const auto& p : parsed["probes"])
      if (!store.find({p["host"].get<std::string>(), p["address"].get<std::string>(), p["sni"].get<bool>()}))
        std::abort();
  }
  const std::size_t before = store.size();
  (void)store.erase(input);
  if (store.size() > before) std::abort();
  return 0;
}
