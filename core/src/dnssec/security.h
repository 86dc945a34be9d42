// The vocabulary of DNSSEC verdicts, shared by every part of the validator.
//
// A verdict is a value, not an error (RFC 4033 §5, RFC 4035 §4.3): secure,
// insecure, bogus or indeterminate, with a machine-readable reason that uses
// the Extended DNS Error registry (RFC 8914 §4) where it fits, and a sentence
// for people.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace daneel::dnssec {

enum class Security : std::uint8_t {
  secure,         // a chain of trust from an anchor validates it
  insecure,       // provably outside any chain of trust (e.g. a proven missing DS)
  bogus,          // should validate and does not
  indeterminate,  // could not be decided (no answer, budget, timeout)
};
std::string_view to_string(Security security);

// Combines the states of the links of a chain (CNAME/DNAME, or the RRsets a
// conclusion rests on): bogus wins, then indeterminate, then insecure; secure
// only when every part is secure.
Security combine(Security a, Security b);

// Why a verdict is what it is. Values with an EDE code carry it (RFC 8914 §4);
// the others are daneel's own refinements and map to the nearest EDE.
enum class Reason : std::uint16_t {
  none = 0,                       // secure, nothing to explain
  // RFC 8914 codes
  unsupported_dnskey_algorithm,   // EDE 1
  unsupported_ds_digest,          // EDE 2
  dnssec_indeterminate,           // EDE 5
  dnssec_bogus,                   // EDE 6 (when nothing more specific fits)
  signature_expired,              // EDE 7
  signature_not_yet_valid,        // EDE 8
  dnskey_missing,                 // EDE 9: no DNSKEY matches the DS / RRSIG
  rrsigs_missing,                 // EDE 10
  no_zone_key_bit,                // EDE 11
  nsec_missing,                   // EDE 12: a denial without its proof
  unsupported_nsec3_iterations,   // EDE 27
  // daneel's refinements (EDE 6 unless noted)
  signature_invalid,              // the cryptography says no
  rrsig_mismatch,                 // labels, signer, type covered or class do not fit the RRset
  expiration_before_inception,
  revoked_key,
  ds_mismatch,                    // no DNSKEY hashes to any DS (EDE 9)
  no_ds_proven,                   // insecure: the parent proves there is no DS
  unsigned_zone,                  // insecure: above a proven insecure cut
  algorithm_disabled_by_policy,   // insecure: e.g. SHA-1 algorithms off (RFC 9905), EDE 1
  wildcard_proof_missing,         // a wildcard answer without the proof the name does not exist
  denial_proof_invalid,           // NSEC/NSEC3 records that do not prove what is claimed
  chain_too_long,                 // CNAME/DNAME chain beyond the bound
  budget_exceeded,                // crypto work bound hit (KeyTrap defence)
  query_failed,                   // indeterminate: the DNS did not answer (EDE 5)
};
std::string_view to_string(Reason reason);
// The RFC 8914 INFO-CODE for a reason (6 "DNSSEC Bogus" for refinements of bogus).
std::uint16_t extended_error_code(Reason reason);

// A verdict with its reason and a sentence for people.
struct Verdict {
  Security security = Security::indeterminate;
  Reason reason = Reason::dnssec_indeterminate;
  std::string detail;

  static Verdict secure() { return {Security::secure, Reason::none, {}}; }
  static Verdict insecure(Reason why, std::string detail) { return {Security::insecure, why, std::move(detail)}; }
  static Verdict bogus(Reason why, std::string detail) { return {Security::bogus, why, std::move(detail)}; }
  static Verdict indeterminate(Reason why, std::string detail) {
    return {Security::indeterminate, why, std::move(detail)};
  }
};

}  // namespace daneel::dnssec
