// A native driver for the query engine: performs its DoH exchanges over
// HTTP/1.1 (plain or TLS) with Boost.Beast and feeds the results back, with
// the system clock as `now`. For tests and benchmarks; the product's driver
// is JavaScript (fetch) in wasm/.
#pragma once

#include <string>

#include "dns/query_engine.h"
#include "util/time.h"

namespace daneel::native {

struct DohDriverOptions {
  std::string ca_file;              // PEM bundle that https:// servers must chain to
  DurationMs max_run = 60'000;      // run() gives up (cancelling everything) after this
  std::size_t max_response = 65'535 + 8'192;  // body plus headers, per exchange
};

// Milliseconds since the epoch from the system clock.
TimeMs now_ms();

class DohDriver {
 public:
  explicit DohDriver(DohDriverOptions options) : options_(std::move(options)) {}

  // Runs the engine's exchanges until nothing is in flight or waiting, or until
  // max_run has passed. Returns false in the latter case.
  bool run(dns::QueryEngine& engine);

 private:
  DohDriverOptions options_;
};

}  // namespace daneel::native
