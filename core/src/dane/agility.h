// Digest algorithm agility (RFC 7671 §9, RFC 7672 §5): for each (usage,
// selector) pair, a client uses only the records whose digest is the most
// preferred one present in the RRset (SHA2-512 over SHA2-256); Full(0) records
// always count. Publishing a stronger digest thereby *replaces* the weaker ones:
// a stale `3 1 2` next to a correct `3 1 1` fails at senders that implement
// agility (Postfix, OpenSSL's DANE code), although a naive "any record matches"
// check passes. daneel reports both views.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "dane/usability.h"
#include "dns/rdata.h"

namespace daneel::dane {

struct AgilityDecision {
  bool in_force = false;   // usable and not superseded
  std::string superseded;  // why a usable record is ignored, else empty
};

// One decision per record; `usability` is parallel to `records`.
std::vector<AgilityDecision> apply_digest_agility(std::span<const dns::Tlsa> records,
                                                  std::span<const Usability> usability);

}  // namespace daneel::dane
