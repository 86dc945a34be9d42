// A native driver for check::CheckIo (a whole mail-domain check): performs
// its DoH exchanges (HTTP/1.1 over TLS or plain, Boost.Beast) and its SMTP
// connections (Boost.Asio, IP literals only, many at once) on one thread,
// with the system clock as `now`, until the check is done or a wall-clock
// cap passes. For integration tests and benchmarks; the product's drivers
// are JavaScript (wasm/).
#pragma once

#include <cstddef>
#include <string>

#include "check/io.h"
#include "util/time.h"

namespace daneel::native {

struct CheckDriverOptions {
  std::string ca_file;                        // PEM bundle that https:// DoH servers must chain to
  DurationMs max_run = 180'000;               // wall-clock cap for the whole check
  std::size_t max_response = 65'535 + 8'192;  // DoH body plus headers, per exchange
};

struct CheckDriverReport {
  bool finished = false;  // the check reported done() (false: the cap passed)
  std::size_t doh_exchanges = 0;
  std::size_t connections = 0;
  DurationMs wall_ms = 0;
};

CheckDriverReport run_check(check::CheckIo& check, const CheckDriverOptions& options);

}  // namespace daneel::native
