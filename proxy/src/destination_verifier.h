// Between the address filter and the connect, the relay asks a
// DestinationVerifier whether the destination is what the URL says: H in D's
// MX RRset (D itself without MX; null MX refused) and A one of H's addresses,
// resolved on the proxy's side (issue 14, proxy-security.md A2-A3).
//
// Implementations:
//   - DNS verification through the configured resolver (dns_verifier.h): the
//     only one outside the test profile, and the test profile's default;
//   - the test profile's explicit opt-out (--test-unverified): every
//     destination that passed the address filter is accepted, and the outcome
//     says "not verified" (the `connected` frame and the session log carry it);
//   - no resolver configured outside the test profile: unavailable, /relay
//     answers 503. No stub pretends to verify.
#pragma once

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "relay_config.h"
#include "relay_request.h"

namespace daneel::proxy {

// Every way a verification can end: each word is fixed (logs, metrics,
// close reasons), and each maps to one of the relay's close codes (kind_of).
enum class VerifyOutcome : std::uint8_t {
  verified,                  // H is an MX of D (or D without MX) and A an address of H
  accepted_unverified_test,  // test profile with --test-unverified: accepted without any lookup
  not_mx,                    // 4010: D has MX records and H is not one
  null_mx,                   // 4010: D's MX is "." (RFC 7505)
  domain_not_found,          // 4010: NXDOMAIN for D
  address_not_of_host,       // 4011: A is not in H's A/AAAA RRset
  host_not_found,            // 4011: NXDOMAIN for H
  dns_timeout,               // 4017: the resolver did not answer in time
  dns_servfail,              // 4017: SERVFAIL
  dns_refused,               // 4017: REFUSED
  dns_unreachable,           // 4017: no connection or an HTTP error from the resolver
  dns_bad_answer,            // 4017: a malformed, mismatched or otherwise failed answer
  dns_busy,                  // 4017: too many lookups in flight
  unavailable,               // no verification possible: the relay must not connect
};
inline constexpr std::size_t kVerifyOutcomes = static_cast<std::size_t>(VerifyOutcome::unavailable) + 1;

[[nodiscard]] std::string_view to_string(VerifyOutcome outcome);

enum class VerifyKind : std::uint8_t { accepted, not_mx, address_not_of_host, resolver_failed, unavailable };
[[nodiscard]] VerifyKind kind_of(VerifyOutcome outcome);

class DestinationVerifier {
 public:
  virtual ~DestinationVerifier() = default;
  // Called once from main() when the io_context exists, before any verify().
  virtual void start(boost::asio::io_context& /*io*/) {}
  // Called once from main() before the io_context is destroyed (after its
  // threads ended): releases every I/O object that would outlive it.
  virtual void stop() {}
  // False: the relay cannot verify destinations and must not run (503).
  [[nodiscard]] virtual bool available() const = 0;
  // One line for the startup log.
  [[nodiscard]] virtual std::string describe() const = 0;
  // Lines for /metrics (Prometheus text), or "".
  [[nodiscard]] virtual std::string metrics_text() const { return {}; }
  // Calls `done` exactly once, possibly before returning (the caller posts
  // the result back to its own executor). Called from any I/O thread at once:
  // implementations must be thread-safe.
  virtual void verify(const RelayDestination& destination, std::function<void(VerifyOutcome)> done) = 0;
};

[[nodiscard]] std::unique_ptr<DestinationVerifier> make_destination_verifier(const RelayConfig& config);

}  // namespace daneel::proxy
