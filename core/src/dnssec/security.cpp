#include "dnssec/security.h"

namespace daneel::dnssec {

std::string_view to_string(Security security) {
  switch (security) {
    case Security::secure: return "secure";
    case Security::insecure: return "insecure";
    case Security::bogus: return "bogus";
    case Security::indeterminate: return "indeterminate";
  }
  return "unknown";
}

Security combine(Security a, Security b) {
  for (const Security worst : {Security::bogus, Security::indeterminate, Security::insecure}) {
    if (a == worst || b == worst) return worst;
  }
  return Security::secure;
}

std::string_view to_string(Reason reason) {
  switch (reason) {
    case Reason::none: return "none";
    case Reason::unsupported_dnskey_algorithm: return "unsupported_dnskey_algorithm";
    case Reason::unsupported_ds_digest: return "unsupported_ds_digest";
    case Reason::dnssec_indeterminate: return "dnssec_indeterminate";
    case Reason::dnssec_bogus: return "dnssec_bogus";
    case Reason::signature_expired: return "signature_expired";
    case Reason::signature_not_yet_valid: return "signature_not_yet_valid";
    case Reason::dnskey_missing: return "dnskey_missing";
    case Reason::rrsigs_missing: return "rrsigs_missing";
    case Reason::no_zone_key_bit: return "no_zone_key_bit";
    case Reason::nsec_missing: return "nsec_missing";
    case Reason::unsupported_nsec3_iterations: return "unsupported_nsec3_iterations";
    case Reason::signature_invalid: return "signature_invalid";
    case Reason::rrsig_mismatch: return "rrsig_mismatch";
    case Reason::expiration_before_inception: return "expiration_before_inception";
    case Reason::revoked_key: return "revoked_key";
    case Reason::ds_mismatch: return "ds_mismatch";
    case Reason::no_ds_proven: return "no_ds_proven";
    case Reason::unsigned_zone: return "unsigned_zone";
    case Reason::algorithm_disabled_by_policy: return "algorithm_disabled_by_policy";
    case Reason::wildcard_proof_missing: return "wildcard_proof_missing";
    case Reason::denial_proof_invalid: return "denial_proof_invalid";
    case Reason::chain_too_long: return "chain_too_long";
    case Reason::budget_exceeded: return "budget_exceeded";
    case Reason::query_failed: return "query_failed";
  }
  return "unknown";
}

std::uint16_t extended_error_code(Reason reason) {
  switch (reason) {
    case Reason::none: return 0;
    case Reason::unsupported_dnskey_algorithm:
    case Reason::algorithm_disabled_by_policy: return 1;
    case Reason::unsupported_ds_digest: return 2;
    case Reason::dnssec_indeterminate:
    case Reason::query_failed: return 5;
    case Reason::signature_expired: return 7;
    case Reason::signature_not_yet_valid: return 8;
    case Reason::dnskey_missing:
    case Reason::ds_mismatch: return 9;
    case Reason::rrsigs_missing: return 10;
    case Reason::no_zone_key_bit: return 11;
    case Reason::nsec_missing: return 12;
    case Reason::unsupported_nsec3_iterations: return 27;
    default: return 6;
  }
}

}  // namespace daneel::dnssec
