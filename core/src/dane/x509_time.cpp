#include "dane/x509_time.h"

#include <cstdio>

namespace daneel::dane {

namespace {

// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil algorithm).
std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

std::int64_t unix_seconds(const mbedtls_x509_time& time) {
  return days_from_civil(time.year, time.mon, time.day) * 86400 + std::int64_t{time.hour} * 3600 +
         std::int64_t{time.min} * 60 + time.sec;
}

std::string format_utc(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    days -= 1;
  }
  // civil_from_days (the inverse of the above).
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp + (mp < 10 ? 3 : -9);
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char text[128];
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return text;
}

Validity validity_at(std::int64_t not_before, std::int64_t not_after, std::int64_t now) {
  if (now < not_before) return Validity::not_yet_valid;
  if (now > not_after) return Validity::expired;
  return Validity::valid;
}

}  // namespace daneel::dane

namespace daneel::dane {

std::string_view to_string(Validity validity) {
  switch (validity) {
    case Validity::valid: return "valid";
    case Validity::expired: return "expired";
    case Validity::not_yet_valid: return "not_yet_valid";
  }
  return "valid";
}

}  // namespace daneel::dane
