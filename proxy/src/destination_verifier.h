// Between the address filter and the connect, the relay asks a
// DestinationVerifier whether the destination is what the URL says: H in D's
// MX RRset (D itself without MX; null MX refused) and A one of H's addresses,
// resolved on the proxy's side (issue 14, proxy-security.md A2-A3).
//
// That verification through the project's DNS code is NOT written yet. The
// two implementations here say so instead of pretending:
//   - in the test profile (loopback test world, --test-profile) every
//     destination that passed the address filter is accepted, and the
//     outcome says "not verified" (the `connected` frame and the session log
//     carry it);
//   - in every other profile the verifier is unavailable, and the relay
//     refuses to run at all: /relay answers 503.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "relay_config.h"
#include "relay_request.h"

namespace daneel::proxy {

enum class VerifyOutcome : std::uint8_t {
  verified,                  // H is an MX of D and A an address of H (no implementation yet)
  accepted_unverified_test,  // test profile: accepted without any DNS lookup
  not_mx,                    // close 4010
  address_not_of_host,       // close 4011
  unavailable,               // no verification possible: the relay must not connect
};

[[nodiscard]] std::string_view to_string(VerifyOutcome outcome);

class DestinationVerifier {
 public:
  virtual ~DestinationVerifier() = default;
  // False: the relay cannot verify destinations and must not run (503).
  [[nodiscard]] virtual bool available() const = 0;
  // One line for the startup log.
  [[nodiscard]] virtual std::string_view describe() const = 0;
  // Calls `done` exactly once, possibly before returning (the caller posts
  // the result back to its own executor). Called from any I/O thread at once:
  // implementations must be thread-safe.
  virtual void verify(const RelayDestination& destination, std::function<void(VerifyOutcome)> done) = 0;
};

[[nodiscard]] std::unique_ptr<DestinationVerifier> make_destination_verifier(const RelayConfig& config);

}  // namespace daneel::proxy
