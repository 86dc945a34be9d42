#include "destination_verifier.h"

namespace daneel::proxy {
namespace {

// The test world is loopback: its MX records name 127.0.1.x addresses that
// the relay reaches directly. Nothing is looked up and nothing is claimed.
class TestProfileAcceptance final : public DestinationVerifier {
 public:
  bool available() const override { return true; }
  std::string_view describe() const override {
    return "test profile: destinations are NOT verified against DNS (loopback test world only)";
  }
  void verify(const RelayDestination& /*destination*/, std::function<void(VerifyOutcome)> done) override {
    done(VerifyOutcome::accepted_unverified_test);
  }
};

// Any other profile, until DNS verification lands: the relay stays off.
class VerificationNotImplemented final : public DestinationVerifier {
 public:
  bool available() const override { return false; }
  std::string_view describe() const override {
    return "disabled: destination verification through DNS is not implemented yet, so /relay answers 503 "
           "outside the test profile";
  }
  void verify(const RelayDestination& /*destination*/, std::function<void(VerifyOutcome)> done) override {
    done(VerifyOutcome::unavailable);
  }
};

}  // namespace

std::string_view to_string(VerifyOutcome outcome) {
  switch (outcome) {
    case VerifyOutcome::verified:
      return "verified";
    case VerifyOutcome::accepted_unverified_test:
      return "unverified_test_profile";
    case VerifyOutcome::not_mx:
      return "not_mx";
    case VerifyOutcome::address_not_of_host:
      return "address_not_of_host";
    case VerifyOutcome::unavailable:
      return "unavailable";
  }
  return "unavailable";
}

std::unique_ptr<DestinationVerifier> make_destination_verifier(const RelayConfig& config) {
  if (config.test_profile) return std::make_unique<TestProfileAcceptance>();
  return std::make_unique<VerificationNotImplemented>();
}

}  // namespace daneel::proxy
