// proxy/policy/admission: concurrency and rate limits with an injected
// clock, sliding windows, and bounded tables.
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <string_view>

#include "policy/admission.h"

using namespace daneel::proxy::policy;
using D = AdmissionDecision;

namespace {

constexpr SteadyMs kSecond = 1'000;
constexpr SteadyMs kMinute = 60 * kSecond;
constexpr SteadyMs kHour = 60 * kMinute;

IpAddress ip(std::string_view text) {
  const auto parsed = parse_ip(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

ClientKey client(unsigned n) {
  return key_of(ip("2001:db8:" + std::to_string(n) + "::1"));
}
IpAddress destination(unsigned n) {
  return ip("192.0.2." + std::to_string(n));
}

// The checklist's client numbers (10 a minute, 100 a day; the defaults are
// higher since issue 14's rate decision), with the destination limits out of
// the way, to test the client's windows.
AdmissionLimits client_only() {
  AdmissionLimits limits;
  limits.client_per_minute = 10;
  limits.client_per_day = 100;
  limits.destination_concurrent = 1000;
  limits.destination_per_minute = kMaxPerMinuteLimit;
  return limits;
}

}  // namespace

TEST_CASE("admission: the defaults (docs/DEPLOYING.md, shared providers and TLS grading)", "[proxy][admission]") {
  const AdmissionLimits limits;
  CHECK(limits.client_concurrent == 2);
  CHECK(limits.client_per_minute == 40);
  CHECK(limits.client_per_day == 400);
  CHECK(limits.global_concurrent == 1000);
  CHECK(limits.destination_concurrent == 1);
  CHECK(limits.destination_per_minute == 16);
  CHECK_FALSE(validate(limits).has_value());
  AdmissionLimits bad;
  bad.client_per_minute = kMaxPerMinuteLimit + 1;
  CHECK(validate(bad).has_value());
  bad = {};
  bad.destination_per_minute = 0;
  CHECK(validate(bad).has_value());
}

TEST_CASE("admission: no per-minute limit (0) only in the test profile", "[proxy][admission]") {
  AdmissionLimits off;
  off.client_per_minute = kNoMinuteLimit;
  off.destination_per_minute = kNoMinuteLimit;
  off.client_concurrent = 1000;
  off.destination_concurrent = 1000;
  off.client_per_day = static_cast<unsigned>(kMaxPerDayLimit);
  // The public profile refuses 0 for either limit, and 17 in both profiles.
  CHECK(validate(off).has_value());
  CHECK(validate(off, LimitProfile::test) == std::nullopt);
  AdmissionLimits one_off;
  one_off.destination_per_minute = kNoMinuteLimit;
  CHECK(validate(one_off).has_value());
  AdmissionLimits over;
  over.client_per_minute = kMaxPerMinuteLimit + 1;
  CHECK(validate(over, LimitProfile::test).has_value());
  // A scenario matrix: 400 sessions from one client in one second, 8 to each
  // of 50 destinations, all admitted; the day limit still counts them.
  Admission admission(off);
  for (unsigned i = 0; i < 400; ++i) {
    REQUIRE(admission.admit(client(1), destination(1 + i % 50), static_cast<SteadyMs>(i)) == D::admitted);
    REQUIRE(admission.release(client(1), destination(1 + i % 50)));
  }
  // With the public limits the same client is refused at its 11th start.
  Admission public_relay(client_only());
  for (unsigned i = 0; i < 10; ++i) {
    REQUIRE(public_relay.admit(client(1), destination(1 + i), 0) == D::admitted);
    REQUIRE(public_relay.release(client(1), destination(1 + i)));
  }
  CHECK(public_relay.admit(client(1), destination(20), 0) == D::client_rate_minute);
  // The destination limit off alone: 16 starts to one address in a second.
  AdmissionLimits dest_off = off;
  dest_off.client_per_minute = kMaxPerMinuteLimit;
  Admission only_destination(dest_off);
  for (unsigned i = 0; i < 16; ++i) {
    REQUIRE(only_destination.admit(client(1 + i), destination(1), 0) == D::admitted);
    REQUIRE(only_destination.release(client(1 + i), destination(1)));
  }
  // The entries still go when they remember nothing.
  only_destination.sweep(kMinute);
  CHECK(only_destination.destination_entries() == 0);
}

TEST_CASE("admission: per-client concurrency, exceeded by one", "[proxy][admission]") {
  Admission admission(client_only());
  CHECK(admission.admit(client(1), destination(1), 0) == D::admitted);
  CHECK(admission.admit(client(1), destination(2), 0) == D::admitted);
  CHECK(admission.admit(client(1), destination(3), 0) == D::client_concurrency);
  // Another address in the same /64 is the same client.
  CHECK(admission.admit(key_of(ip("2001:db8:1::ffff")), destination(3), 0) == D::client_concurrency);
  CHECK(admission.admit(client(2), destination(3), 0) == D::admitted);
  CHECK(admission.active_sessions() == 3);
  CHECK(admission.release(client(1), destination(1)));
  CHECK(admission.admit(client(1), destination(3), 1) == D::admitted);
  // Releasing what is not active changes nothing.
  CHECK(admission.release(client(1), destination(2)));
  CHECK(admission.release(client(1), destination(3)));
  CHECK_FALSE(admission.release(client(1), destination(3)));
  CHECK_FALSE(admission.release(client(9), destination(3)));
  CHECK(admission.active_sessions() == 1);
}

TEST_CASE("admission: 10 per minute per client, sliding", "[proxy][admission]") {
  Admission admission(client_only());
  // Ten starts, one every 5 s (each released at once).
  for (int i = 0; i < 10; ++i) {
    INFO(i);
    REQUIRE(admission.admit(client(1), destination(1), i * 5 * kSecond) == D::admitted);
    REQUIRE(admission.release(client(1), destination(1)));
  }
  // The 11th within the minute of the first: refused, and refusals are not counted.
  CHECK(admission.admit(client(1), destination(1), 50 * kSecond) == D::client_rate_minute);
  CHECK(admission.admit(client(1), destination(1), kMinute - 1) == D::client_rate_minute);
  // A minute after the first start, one slot is free again (the window slides) ...
  CHECK(admission.admit(client(1), destination(1), kMinute) == D::admitted);
  REQUIRE(admission.release(client(1), destination(1)));
  // ... but only one: the second start (at 5 s) leaves the window at 65 s.
  CHECK(admission.admit(client(1), destination(1), kMinute + 1) == D::client_rate_minute);
  CHECK(admission.admit(client(1), destination(1), kMinute + 5 * kSecond) == D::admitted);
  // Other clients are not affected.
  CHECK(admission.admit(client(2), destination(1), kMinute + 1) == D::admitted);
}

TEST_CASE("admission: 100 per day per client, exceeded by one, forgotten after a day", "[proxy][admission]") {
  Admission admission(client_only());
  SteadyMs now = 0;
  for (int i = 0; i < 100; ++i) {
    INFO(i);
    REQUIRE(admission.admit(client(1), destination(1), now) == D::admitted);
    REQUIRE(admission.release(client(1), destination(1)));
    now += 7 * kMinute;  // ten per 70 minutes: never the minute limit; 100 take 11.6 hours
  }
  CHECK(admission.admit(client(1), destination(1), now) == D::client_rate_day);
  CHECK(admission.admit(client(1), destination(1), 23 * kHour) == D::client_rate_day);
  // The first starts (hour 0) are forgotten once 25 hours have begun after them.
  CHECK(admission.admit(client(1), destination(1), 25 * kHour) == D::admitted);
  // Never more than 100 inside any 24 hours: the hour-1 starts still count.
  REQUIRE(admission.release(client(1), destination(1)));
  SteadyMs later = 25 * kHour + kMinute;
  int admitted = 0;
  for (int i = 0; i < 20; ++i, later += kMinute)
    if (admission.admit(client(1), destination(1), later) == D::admitted) {
      ++admitted;
      REQUIRE(admission.release(client(1), destination(1)));
    }
  CHECK(admitted == 8);  // hour 0 held 9 starts (0, 7, ..., 56 min); one went at 25 h
}

TEST_CASE("admission: global concurrency, exceeded by one", "[proxy][admission]") {
  AdmissionLimits limits = client_only();
  limits.global_concurrent = 3;
  Admission admission(limits);
  CHECK(admission.admit(client(1), destination(1), 0) == D::admitted);
  CHECK(admission.admit(client(2), destination(2), 0) == D::admitted);
  CHECK(admission.admit(client(3), destination(3), 0) == D::admitted);
  CHECK(admission.admit(client(4), destination(4), 0) == D::global_concurrency);
  CHECK(admission.release(client(2), destination(2)));
  CHECK(admission.admit(client(4), destination(4), 0) == D::admitted);
}

TEST_CASE("admission: the default global cap of 1000", "[proxy][admission]") {
  Admission admission(AdmissionLimits{});
  for (unsigned i = 0; i < 1000; ++i) {
    const IpAddress to = ip("198.18." + std::to_string(i / 250) + "." + std::to_string(i % 250));
    REQUIRE(admission.admit(key_of(ip("2001:db8:" + std::to_string(i) + "::1")), to, 0) == D::admitted);
  }
  CHECK(admission.admit(client(5000), destination(1), 0) == D::global_concurrency);
}

TEST_CASE("admission: the defaults exceeded by one: 40 a minute per client, 16 a minute per address",
          "[proxy][admission]") {
  Admission admission(AdmissionLimits{});
  // One check with TLS grading: 8 sessions to one address, one after another.
  for (unsigned i = 0; i < 8; ++i) {
    REQUIRE(admission.admit(client(1), destination(1), i * kSecond) == D::admitted);
    REQUIRE(admission.release(client(1), destination(1)));
  }
  // A second checker of the same provider address in the same minute: 8 more.
  for (unsigned i = 0; i < 8; ++i) {
    REQUIRE(admission.admit(client(2), destination(1), 10 * kSecond + i) == D::admitted);
    REQUIRE(admission.release(client(2), destination(1)));
  }
  // The 17th session to that address within the minute is refused, whoever asks.
  CHECK(admission.admit(client(3), destination(1), 20 * kSecond) == D::destination_rate);
  CHECK(admission.admit(client(3), destination(1), kMinute) == D::admitted);
  REQUIRE(admission.release(client(3), destination(1)));
  // A client: 40 sessions in a minute (32 more to other addresses), the 41st refused.
  for (unsigned i = 0; i < 32; ++i) {
    REQUIRE(admission.admit(client(1), destination(10 + i / 8), 30 * kSecond + i) == D::admitted);
    REQUIRE(admission.release(client(1), destination(10 + i / 8)));
  }
  CHECK(admission.admit(client(1), destination(20), 40 * kSecond) == D::client_rate_minute);
  CHECK(admission.admit(client(1), destination(20), kMinute) == D::admitted);
}

TEST_CASE("admission: per destination 1 concurrent and 2 new per minute", "[proxy][admission]") {
  AdmissionLimits limits;
  limits.destination_per_minute = 2;  // the checklist's number
  Admission admission(limits);
  CHECK(admission.admit(client(1), destination(1), 0) == D::admitted);
  CHECK(admission.admit(client(2), destination(1), 0) == D::destination_concurrency);
  CHECK(admission.admit(client(2), destination(2), 0) == D::admitted);  // another address is fine
  CHECK(admission.release(client(1), destination(1)));
  CHECK(admission.admit(client(2), destination(1), 10 * kSecond) == D::admitted);
  CHECK(admission.release(client(2), destination(1)));
  // The third start within the minute: refused.
  CHECK(admission.admit(client(3), destination(1), 20 * kSecond) == D::destination_rate);
  CHECK(admission.admit(client(3), destination(1), kMinute - 1) == D::destination_rate);
  CHECK(admission.admit(client(3), destination(1), kMinute) == D::admitted);
  CHECK(admission.release(client(3), destination(1)));
  CHECK(admission.admit(client(3), destination(1), kMinute + 1) == D::destination_rate);
  CHECK(admission.admit(client(3), destination(1), kMinute + 10 * kSecond) == D::admitted);
}

TEST_CASE("admission: a refusal for the destination does not count for the client", "[proxy][admission]") {
  AdmissionLimits limits;
  limits.client_per_minute = 2;
  Admission admission(limits);
  CHECK(admission.admit(client(1), destination(1), 0) == D::admitted);
  for (int i = 0; i < 5; ++i)
    CHECK(admission.admit(client(2), destination(1), i) == D::destination_concurrency);
  CHECK(admission.admit(client(2), destination(2), 10) == D::admitted);
  CHECK(admission.release(client(2), destination(2)));
  CHECK(admission.admit(client(2), destination(3), 20) == D::admitted);
}

TEST_CASE("admission: bounded tables", "[proxy][admission]") {
  AdmissionLimits limits;
  limits.max_clients = 4;
  limits.max_destinations = 3;
  Admission admission(limits);

  SECTION("a full client table of active clients refuses new clients as throttled") {
    for (unsigned i = 1; i <= 3; ++i) REQUIRE(admission.admit(client(i), destination(i), 0) == D::admitted);
    REQUIRE(admission.admit(client(4), destination(4), 0) == D::destination_table_full);
    CHECK(admission.client_entries() == 3);  // a refusal creates no entry
    for (unsigned i = 1; i <= 3; ++i) REQUIRE(admission.release(client(i), destination(i)));
    // Destinations expire a minute after their last start.
    CHECK(admission.admit(client(4), destination(4), kMinute) == D::admitted);
    CHECK(admission.destination_entries() == 1);
  }
  SECTION("clients: active entries are never evicted, idle ones are under pressure") {
    AdmissionLimits wide = limits;
    wide.max_destinations = 100;
    Admission a(wide);
    for (unsigned i = 1; i <= 4; ++i) REQUIRE(a.admit(client(i), destination(i), 0) == D::admitted);
    CHECK(a.admit(client(5), destination(5), 0) == D::client_table_full);
    CHECK(a.admit(client(5), destination(5), 2 * kMinute) == D::client_table_full);  // all four still active
    CHECK(a.client_entries() == 4);
    REQUIRE(a.release(client(1), destination(1)));
    // Client 1 is idle (no session, no start in the last minute): evicted for client 5.
    CHECK(a.admit(client(5), destination(5), 2 * kMinute + 5 * kSecond) == D::admitted);
    CHECK(a.client_entries() == 4);
    // The sessions of the others are intact and release normally.
    for (unsigned i = 2; i <= 5; ++i) CHECK(a.release(client(i), destination(i)));
    CHECK(a.active_sessions() == 0);
  }
  SECTION("a full table is swept at most once per interval") {
    AdmissionLimits wide = limits;
    wide.max_destinations = 100;
    Admission a(wide);
    for (unsigned i = 1; i <= 4; ++i) REQUIRE(a.admit(client(i), destination(i), 0) == D::admitted);
    REQUIRE(a.release(client(1), destination(1)));
    // Client 1 started less than a minute ago: not idle yet, nothing to evict.
    CHECK(a.admit(client(5), destination(5), 30 * kSecond) == D::client_table_full);
    CHECK(a.admit(client(5), destination(5), 60 * kSecond + 500) == D::admitted);
    REQUIRE(a.release(client(2), destination(2)));
    // Client 2 is idle now, but the last sweep was 0.5 s ago: no new sweep yet.
    CHECK(a.admit(client(6), destination(6), 61 * kSecond) == D::client_table_full);
    CHECK(a.admit(client(6), destination(6), 61 * kSecond + 500) == D::admitted);
  }
  SECTION("sweep forgets clients a day after their last start") {
    REQUIRE(admission.admit(client(1), destination(1), 0) == D::admitted);
    REQUIRE(admission.release(client(1), destination(1)));
    admission.sweep(kHour);
    CHECK(admission.client_entries() == 1);
    CHECK(admission.destination_entries() == 0);
    admission.sweep(25 * kHour);
    CHECK(admission.client_entries() == 0);
  }
  SECTION("many distinct /64s cannot grow the tables") {
    AdmissionLimits wide = limits;
    wide.max_destinations = 100'000;
    wide.max_clients = 1'000;
    wide.global_concurrent = 100'000;
    Admission a(wide);
    unsigned refused = 0;
    for (unsigned i = 0; i < 5'000; ++i) {
      const auto decision = a.admit(client(i), ip("2001:db8:ffff::" + std::to_string(i % 9000 + 1)), 0);
      if (decision == D::client_table_full) ++refused;
    }
    CHECK(a.client_entries() == 1'000);
    CHECK(refused >= 4'000);
  }
}
