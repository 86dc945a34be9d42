// Verdicts: per address (from the SMTP outcome, the DANE mode of its host and
// the DANE match), then per host, for the domain, and the Internet.nl-style
// subtests. Works on the report alone (plus the per-address inputs), so the
// rules are testable without a check.
#pragma once

#include <cstdint>

#include "check/report.h"

namespace daneel::dane {
struct DaneResult;  // dane/match.h, which shows Mbed TLS types: kept out of check's headers
}  // namespace daneel::dane

namespace daneel::check {

// What a DANE sender does with a host (RFC 7672 §2.2, checklist A8).
enum class DaneMode : std::uint8_t {
  pending,
  authenticate,   // secure, at least one usable record: TLS required, must authenticate
  tls_only,       // secure, every record unusable: TLS required, no authentication
  opportunistic,  // insecure or denied TLSA (or insecure addresses): cleartext allowed
  tlsa_error,     // TLSA lookup failed: DANE senders cannot use this host
  unusable,       // address records bogus/indeterminate: not used at all
};

// Sets address.verdict ("pass" / "fail" / "no-dane") and address.outcome
// from what the address's report says of its session (no outcome: no session
// completed, e.g. a connect failure or the deadline).
void judge_address(AddressReport& address, DaneMode mode, const dane::DaneResult* dane);

// Host verdicts, the domain verdict (unless already decided: error, no-mail)
// and the subtests.
void judge_report(Report& report);

}  // namespace daneel::check
