// Time as the core sees it: a number the driver passes in. The core has no
// clock; every event carries `now`, and deadlines go back out as the same type.
#pragma once

#include <cstdint>

namespace daneel {

// Milliseconds since the Unix epoch (UTC), from the driver's clock.
using TimeMs = std::int64_t;

// Durations in milliseconds.
using DurationMs = std::int64_t;

// Seconds since the epoch, as DNSSEC signature times and X.509 validity compare.
constexpr std::int64_t to_unix_seconds(TimeMs time) { return time / 1000; }

}  // namespace daneel
