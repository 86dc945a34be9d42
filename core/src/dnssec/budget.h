// Bounds on the cryptographic work one check may cause (KeyTrap,
// CVE-2023-50387; NSEC3 hashing, CVE-2023-50868). Every signature
// verification and NSEC3 hash goes through a Budget; when a bound is hit the
// answer is bogus with Reason::budget_exceeded, never an endless computation.
// Default figures follow the resolvers listed in ../shared notes (PowerDNS,
// Unbound 1.19.1): see docs/DNSSEC.md.
#pragma once

#include <cstddef>

namespace daneel::dnssec {

struct BudgetLimits {
  std::size_t signatures_per_rrset = 8;       // RRSIGs tried for one RRset (Unbound: 8)
  std::size_t signatures_per_check = 256;     // all verifications in one check
  std::size_t nsec3_hashes_per_proof = 32;    // hash computations for one denial proof
  std::size_t nsec3_hashes_per_check = 600;   // PowerDNS: max-nsec3-hash-computations-per-query
  std::size_t ds_failures_per_zone = 4;       // DS records that match no key before giving up
};

class Budget {
 public:
  explicit Budget(BudgetLimits limits = {}) : limits_(limits) {}

  // Each returns false (and spends nothing) when the check-wide bound is reached.
  [[nodiscard]] bool spend_signature() { return spend(signatures_, limits_.signatures_per_check); }
  [[nodiscard]] bool spend_nsec3_hash() { return spend(nsec3_hashes_, limits_.nsec3_hashes_per_check); }

  [[nodiscard]] const BudgetLimits& limits() const { return limits_; }
  [[nodiscard]] std::size_t signatures_spent() const { return signatures_; }
  [[nodiscard]] std::size_t nsec3_hashes_spent() const { return nsec3_hashes_; }

 private:
  static bool spend(std::size_t& spent, std::size_t limit) {
    if (spent >= limit) return false;
    ++spent;
    return true;
  }

  BudgetLimits limits_;
  std::size_t signatures_ = 0;
  std::size_t nsec3_hashes_ = 0;
};

}  // namespace daneel::dnssec
