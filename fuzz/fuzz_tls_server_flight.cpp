// The reader of a server's answer to a grading probe (tls/server_flight.h)
// takes whatever a (possibly hostile) mail server sends after STARTTLS.
// Properties on every input:
//  - no crash, no read out of bounds (sanitizers watch);
//  - bounded: never more certificates than the limit;
//  - a pure function of a prefix: once some prefix is decided, the whole
//    input gives the same decision (the reader stops at its decision, so
//    bytes after it cannot change what a probe concluded).
#include <cstdint>
#include <cstdlib>

#include "tls/grading_tables.h"
#include "tls/server_flight.h"

using namespace daneel;
using namespace daneel::tls;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t cut = data[0] % (size + 1);
  const ByteView input(data + 1, size - 1);
  FlightLimits limits;
  limits.max_certificates = 4;
  const GradingTables& tables = ncsc_2025_05();
  const ServerFlight whole = read_server_flight(input, tables, limits);
  if (whole.certificates.size() > limits.max_certificates) std::abort();
  const ServerFlight prefix = read_server_flight(input.first(std::min(cut, input.size())), tables, limits);
  if (prefix.certificates.size() > limits.max_certificates) std::abort();
  if (prefix.status != FlightStatus::need_more && prefix.status != FlightStatus::too_large &&
      prefix.status != whole.status)
    std::abort();
  if (prefix.status != FlightStatus::need_more && prefix.status != FlightStatus::too_large &&
      (prefix.cipher_suite != whole.cipher_suite || prefix.version != whole.version))
    std::abort();
  return 0;
}
