// Most of Unbound's validation scenarios are signed with DSA (algorithm 3),
// which daneel (Mbed TLS) does not implement. To replay them anyway, the
// harness re-signs them with test-time ECDSA P-256 keys (algorithm 13),
// preserving exactly what each original signature and DS record proved:
//  - every DSA DNSKEY gets a deterministic P-256 replacement (same owner,
//    flags, protocol); DS records and trust anchors whose digest matched the
//    DSA key are recomputed for the replacement (same digest type); those that
//    did not match keep a digest that matches nothing;
//  - every DSA RRSIG is verified here (FIPS 186 DSA over SHA-1, with Mbed TLS
//    bignums) against the ORIGINAL data and keys; a valid one is replaced by a
//    P-256 signature over the translated RRset with the same RRSIG fields
//    (type, labels, original TTL, window, signer, new key tag); an invalid one
//    (or one whose key or RRset is absent) by a well-formed signature that does
//    not verify.
// Other algorithms are left alone. Test code only: never part of the core.
#pragma once
#include <string>
#include <vector>

#include "rpl.h"
#include "util/bytes.h"
#include "util/result.h"

namespace daneel::conformance {

struct ResignReport {
  std::size_t keys = 0;              // DSA DNSKEYs replaced
  std::size_t valid_signatures = 0;  // DSA RRSIGs that verified and were re-signed
  std::size_t invalid_signatures = 0;
  std::size_t ds_rewritten = 0;
  std::vector<std::string> notes;
};

// Rewrites `scenario` (RANGE entries) and `anchor_text` (trust-anchor lines, one per line) in place.
Result<ResignReport> resign_unsupported(Scenario& scenario, std::string& anchor_text);

// FIPS 186-2 DSA verification with an RFC 2536 key and signature (T, R, S) over SHA-1(data).
bool dsa_verify(ByteView public_key, ByteView data, ByteView signature);

}  // namespace daneel::conformance
