#include "destination_verifier.h"

#include "dns_verifier.h"

namespace daneel::proxy {
namespace {

// The test profile's explicit opt-out (--test-unverified), for tests that
// need loopback destinations no DNS names (a local SMTP sink). Nothing is
// looked up and nothing is claimed.
class TestProfileAcceptance final : public DestinationVerifier {
 public:
  bool available() const override { return true; }
  std::string describe() const override {
    return "test profile with --test-unverified: destinations are NOT verified against DNS";
  }
  void verify(const RelayDestination& /*destination*/, std::function<void(VerifyOutcome)> done) override {
    done(VerifyOutcome::accepted_unverified_test);
  }
};

// Outside the test profile without a resolver: the relay stays off.
class NoResolver final : public DestinationVerifier {
 public:
  bool available() const override { return false; }
  std::string describe() const override {
    return "disabled: no --resolver to verify destinations through DNS, so /relay answers 503";
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
    case VerifyOutcome::null_mx:
      return "null_mx";
    case VerifyOutcome::domain_not_found:
      return "domain_not_found";
    case VerifyOutcome::address_not_of_host:
      return "address_not_of_host";
    case VerifyOutcome::host_not_found:
      return "host_not_found";
    case VerifyOutcome::dns_timeout:
      return "dns_timeout";
    case VerifyOutcome::dns_servfail:
      return "dns_servfail";
    case VerifyOutcome::dns_refused:
      return "dns_refused";
    case VerifyOutcome::dns_unreachable:
      return "dns_unreachable";
    case VerifyOutcome::dns_bad_answer:
      return "dns_bad_answer";
    case VerifyOutcome::dns_busy:
      return "dns_busy";
    case VerifyOutcome::unavailable:
      return "unavailable";
  }
  return "unavailable";
}

VerifyKind kind_of(VerifyOutcome outcome) {
  switch (outcome) {
    case VerifyOutcome::verified:
    case VerifyOutcome::accepted_unverified_test:
      return VerifyKind::accepted;
    case VerifyOutcome::not_mx:
    case VerifyOutcome::null_mx:
    case VerifyOutcome::domain_not_found:
      return VerifyKind::not_mx;
    case VerifyOutcome::address_not_of_host:
    case VerifyOutcome::host_not_found:
      return VerifyKind::address_not_of_host;
    case VerifyOutcome::dns_timeout:
    case VerifyOutcome::dns_servfail:
    case VerifyOutcome::dns_refused:
    case VerifyOutcome::dns_unreachable:
    case VerifyOutcome::dns_bad_answer:
    case VerifyOutcome::dns_busy:
      return VerifyKind::resolver_failed;
    case VerifyOutcome::unavailable:
      return VerifyKind::unavailable;
  }
  return VerifyKind::unavailable;
}

std::unique_ptr<DestinationVerifier> make_destination_verifier(const RelayConfig& config) {
  if (config.test_profile && config.test_unverified) return std::make_unique<TestProfileAcceptance>();
  if (config.dns.resolvers.empty()) return std::make_unique<NoResolver>();
  return make_dns_verifier(config.dns);
}

}  // namespace daneel::proxy
