#include "policy/http_date.h"

#include <array>
#include <cstddef>

namespace daneel::proxy::policy {
namespace {

constexpr std::array<std::string_view, 7> kDays{"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01: Thu
constexpr std::array<std::string_view, 7> kLongDays{"Thursday", "Friday",  "Saturday", "Sunday",
                                                    "Monday",   "Tuesday", "Wednesday"};
constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::int64_t kSecondsPerDay = 86'400;
// 9999-12-31T23:59:59Z, the last instant a four-digit year can name.
constexpr std::int64_t kLastSecond = 253'402'300'799;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil; month 1-12).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146'097 + static_cast<std::int64_t>(doe) - 719'468;
}

struct Civil {
  std::int64_t year;
  unsigned month;  // 1-12
  unsigned day;    // 1-31
};

Civil civil_from_days(std::int64_t z) {
  z += 719'468;
  const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  const auto doe = static_cast<unsigned>(z - era * 146'097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool leap(std::int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(std::int64_t year, unsigned month) {
  constexpr std::array<unsigned, 12> kDaysIn{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDaysIn[month - 1];
}

void append_two(std::string& out, unsigned value) {
  out.push_back(static_cast<char>('0' + value / 10 % 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

// A cursor over the field value; every read checks the remaining length.
class Reader {
 public:
  explicit Reader(std::string_view text) : rest_(text) {}

  bool literal(std::string_view expected) {
    if (!rest_.starts_with(expected)) return false;
    rest_.remove_prefix(expected.size());
    return true;
  }
  // Exactly `digits` decimal digits.
  std::optional<unsigned> number(std::size_t digits) {
    if (rest_.size() < digits) return std::nullopt;
    unsigned value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
      const char c = rest_[i];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    rest_.remove_prefix(digits);
    return value;
  }
  // Index of the name in `names` that the text starts with (case-sensitive:
  // the grammar's names are case-sensitive, RFC 9110 §5.6.7).
  template <std::size_t N>
  std::optional<unsigned> name(const std::array<std::string_view, N>& names) {
    for (std::size_t i = 0; i < N; ++i) {
      if (literal(names[i])) return static_cast<unsigned>(i);
    }
    return std::nullopt;
  }
  [[nodiscard]] bool done() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

struct Fields {
  std::int64_t year = 0;
  unsigned month = 0;  // 1-12
  unsigned day = 0;
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
};

// "08:49:37"
bool read_time(Reader& r, Fields& f) {
  const auto h = r.number(2);
  if (!h || !r.literal(":")) return false;
  const auto m = r.number(2);
  if (!m || !r.literal(":")) return false;
  const auto s = r.number(2);
  if (!s) return false;
  f.hour = *h;
  f.minute = *m;
  f.second = *s;
  return true;
}

bool read_month(Reader& r, Fields& f) {
  const auto month = r.name(kMonths);
  if (!month) return false;
  f.month = *month + 1;
  return true;
}

// "Sun, 06 Nov 1994 08:49:37 GMT"
std::optional<Fields> read_imf_fixdate(std::string_view text) {
  Reader r{text};
  Fields f;
  if (!r.name(kDays) || !r.literal(", ")) return std::nullopt;
  const auto day = r.number(2);
  if (!day || !r.literal(" ") || !read_month(r, f) || !r.literal(" ")) return std::nullopt;
  const auto year = r.number(4);
  if (!year || !r.literal(" ") || !read_time(r, f) || !r.literal(" GMT") || !r.done()) return std::nullopt;
  f.day = *day;
  f.year = *year;
  return f;
}

// "Sunday, 06-Nov-94 08:49:37 GMT". Two-digit years: 70-99 are 19xx, 00-69
// 20xx (RFC 9110 asks for the most recent past year with those digits within
// 50 years; the whole web's caches settled on this fixed pivot).
std::optional<Fields> read_rfc850(std::string_view text) {
  Reader r{text};
  Fields f;
  if (!r.name(kLongDays) || !r.literal(", ")) return std::nullopt;
  const auto day = r.number(2);
  if (!day || !r.literal("-") || !read_month(r, f) || !r.literal("-")) return std::nullopt;
  const auto year = r.number(2);
  if (!year || !r.literal(" ") || !read_time(r, f) || !r.literal(" GMT") || !r.done()) return std::nullopt;
  f.day = *day;
  f.year = *year < 70 ? 2000 + *year : 1900 + *year;
  return f;
}

// "Sun Nov  6 08:49:37 1994"
std::optional<Fields> read_asctime(std::string_view text) {
  Reader r{text};
  Fields f;
  if (!r.name(kDays) || !r.literal(" ") || !read_month(r, f) || !r.literal(" ")) return std::nullopt;
  std::optional<unsigned> day = r.literal(" ") ? r.number(1) : r.number(2);
  if (!day || !r.literal(" ") || !read_time(r, f) || !r.literal(" ")) return std::nullopt;
  const auto year = r.number(4);
  if (!year || !r.done()) return std::nullopt;
  f.day = *day;
  f.year = *year;
  return f;
}

std::optional<std::int64_t> to_seconds(const Fields& f) {
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > days_in_month(f.year, f.month)) return std::nullopt;
  // 60: a leap second, which IMF-fixdate allows; it counts as the next second.
  if (f.hour > 23 || f.minute > 59 || f.second > 60) return std::nullopt;
  return days_from_civil(f.year, f.month, f.day) * kSecondsPerDay + f.hour * 3600 + f.minute * 60 + f.second;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string format_http_date(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  if (seconds > kLastSecond) seconds = kLastSecond;
  const std::int64_t days = seconds / kSecondsPerDay;
  const auto in_day = static_cast<unsigned>(seconds % kSecondsPerDay);
  const Civil date = civil_from_days(days);
  std::string out;
  out.reserve(29);
  out += kDays[static_cast<std::size_t>(days % 7)];
  out += ", ";
  append_two(out, date.day);
  out += ' ';
  out += kMonths[date.month - 1];
  out += ' ';
  const auto year = static_cast<unsigned>(date.year);
  append_two(out, year / 100);
  append_two(out, year % 100);
  out += ' ';
  append_two(out, in_day / 3600);
  out += ':';
  append_two(out, in_day / 60 % 60);
  out += ':';
  append_two(out, in_day % 60);
  out += " GMT";
  return out;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  if (text.size() > kMaxHttpDateLength) return std::nullopt;
  text = trim(text);
  std::optional<Fields> fields = read_imf_fixdate(text);
  if (!fields) fields = read_rfc850(text);
  if (!fields) fields = read_asctime(text);
  if (!fields) return std::nullopt;
  return to_seconds(*fields);
}

}  // namespace daneel::proxy::policy
