// HTTP-date (RFC 9110 §5.6.7): Last-Modified is written as IMF-fixdate;
// If-Modified-Since is read in all three formats a recipient must accept
// (IMF-fixdate, the obsolete RFC 850 form and asctime).
//
// Pure: no clock, no locale, no libc time functions (timegm/gmtime are not
// thread-safe everywhere and depend on TZ); the calendar is computed here.
// Times are seconds since 1970-01-01T00:00:00Z.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace daneel::proxy::policy {

// A value longer than this is no HTTP-date (the longest form has 33 octets).
inline constexpr std::size_t kMaxHttpDateLength = 64;

// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT". Times before 1970 are
// written as 1970, after 9999-12-31T23:59:59 as that instant: a file's mtime
// can be anything, the header must stay a valid date.
[[nodiscard]] std::string format_http_date(std::int64_t seconds);

// nullopt when `text` is not a valid HTTP-date in one of the three formats
// (surrounding spaces allowed), e.g. two dates joined by a comma.
[[nodiscard]] std::optional<std::int64_t> parse_http_date(std::string_view text);

}  // namespace daneel::proxy::policy
