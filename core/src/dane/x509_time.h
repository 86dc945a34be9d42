// X.509 validity times as Unix seconds. Mbed TLS is built without a clock
// (docs/THIRD_PARTY.md), so it never compares dates; daneel compares them with
// the `now` the driver passes in.
#pragma once

#include <cstdint>
#include <string>

#include <mbedtls/x509.h>

#include "dane/validity.h"

namespace daneel::dane {

// Seconds since the epoch for a proleptic Gregorian UTC date-time (Mbed TLS
// has already checked the ranges of each field when parsing).
std::int64_t unix_seconds(const mbedtls_x509_time& time);

// "2049-12-31T23:59:59Z".
std::string format_utc(std::int64_t unix_seconds);

// Where `now` lies relative to [not_before, not_after] (RFC 5280 §4.1.2.5: both
// ends inclusive).
Validity validity_at(std::int64_t not_before, std::int64_t not_after, std::int64_t now);

}  // namespace daneel::dane
