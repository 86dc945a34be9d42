#include "policy/admission.h"

#include <algorithm>
#include <limits>

namespace daneel::proxy::policy {
namespace {

constexpr SteadyMs kMinuteMs = 60'000;
constexpr SteadyMs kHourMs = 3'600'000;
// "Never": far enough in the past that now - kNever cannot overflow for any
// plausible steady clock value.
constexpr SteadyMs kNever = std::numeric_limits<SteadyMs>::min() / 4;

// The ring index of an hour; also right for negative hours.
std::size_t slot_of(std::int64_t hour, std::size_t slots) {
  const auto n = static_cast<std::int64_t>(slots);
  return static_cast<std::size_t>(((hour % n) + n) % n);
}

std::int64_t hour_of(SteadyMs now) {
  // Floor division, also for a clock that starts below zero.
  return now >= 0 ? now / kHourMs : -((-now + kHourMs - 1) / kHourMs);
}

AdmissionLimits clamped(AdmissionLimits limits) {
  auto clamp = [](unsigned value, unsigned low, std::size_t high) {
    return std::clamp<unsigned>(value, low, static_cast<unsigned>(high));
  };
  const auto per_minute = [&clamp](unsigned value) {
    return value == kNoMinuteLimit ? kNoMinuteLimit : clamp(value, 1, kMaxPerMinuteLimit);
  };
  limits.client_per_minute = per_minute(limits.client_per_minute);
  limits.destination_per_minute = per_minute(limits.destination_per_minute);
  limits.client_per_day = clamp(limits.client_per_day, 1, kMaxPerDayLimit);
  limits.client_concurrent = clamp(limits.client_concurrent, 1, 0xffff);
  limits.destination_concurrent = clamp(limits.destination_concurrent, 1, 0xffff);
  limits.max_clients = std::max<std::size_t>(limits.max_clients, 1);
  limits.max_destinations = std::max<std::size_t>(limits.max_destinations, 1);
  return limits;
}

}  // namespace

std::optional<std::string_view> validate(const AdmissionLimits& limits, LimitProfile profile) {
  const bool test = profile == LimitProfile::test;
  const auto per_minute_ok = [test](unsigned value) {
    return (value >= 1 && value <= kMaxPerMinuteLimit) || (test && value == kNoMinuteLimit);
  };
  if (!per_minute_ok(limits.client_per_minute))
    return test ? "client_per_minute must be 1-64, or 0 (no limit)"
                : "client_per_minute must be 1-64 (0, no limit, only with --test-profile)";
  if (!per_minute_ok(limits.destination_per_minute))
    return test ? "destination_per_minute must be 1-64, or 0 (no limit)"
                : "destination_per_minute must be 1-64 (0, no limit, only with --test-profile)";
  if (limits.client_per_day < 1 || limits.client_per_day > kMaxPerDayLimit)
    return "client_per_day must be 1-10000";
  if (limits.client_concurrent < 1 || limits.client_concurrent > 0xffff)
    return "client_concurrent must be 1-65535";
  if (limits.destination_concurrent < 1 || limits.destination_concurrent > 0xffff)
    return "destination_concurrent must be 1-65535";
  if (limits.global_concurrent < 1) return "global_concurrent must be at least 1";
  if (limits.max_clients < 1 || limits.max_destinations < 1) return "table sizes must be at least 1";
  return std::nullopt;
}

// ---- windows

void Admission::MinuteWindow::init() {
  starts.fill(kNever);
  next = 0;
}

bool Admission::MinuteWindow::allows(SteadyMs now, unsigned limit) const {
  if (limit == kNoMinuteLimit) return true;
  // starts[next] is the oldest of the last `limit` starts (the ring uses exactly `limit` slots).
  return now - starts[next] >= kMinuteMs;
}

void Admission::MinuteWindow::record(SteadyMs now, unsigned limit) {
  if (limit == kNoMinuteLimit) return;  // nothing to measure; empty() stays true
  starts[next] = now;
  next = static_cast<std::uint8_t>((next + 1u) % limit);
}

bool Admission::MinuteWindow::empty(SteadyMs now) const {
  for (SteadyMs start : starts)
    if (now - start < kMinuteMs) return false;
  return true;
}

void Admission::DayWindow::advance(SteadyMs now) {
  const std::int64_t current = hour_of(now);
  if (current <= hour) return;  // same hour (or a clock that went back: keep the counts)
  if (current - hour >= static_cast<std::int64_t>(kHours)) {
    per_hour.fill(0);
  } else {
    for (std::int64_t h = hour + 1; h <= current; ++h) per_hour[slot_of(h, kHours)] = 0;
  }
  hour = current;
}

unsigned Admission::DayWindow::total() const {
  unsigned sum = 0;
  for (std::uint16_t count : per_hour) sum += count;
  return sum;
}

// ---- the tables

Admission::Admission(const AdmissionLimits& limits, std::uint64_t hash_seed)
    : limits_(clamped(limits)),
      clients_(0, ClientKeyHash{hash_seed}),
      destinations_(0, IpHash{hash_seed ^ 0x9e3779b97f4a7c15ull}) {}

AdmissionDecision Admission::admit(const ClientKey& client, const IpAddress& destination, SteadyMs now) {
  if (active_ >= limits_.global_concurrent) return AdmissionDecision::global_concurrency;

  auto client_it = clients_.find(client);
  if (client_it != clients_.end()) {
    ClientEntry& entry = client_it->second;
    entry.day.advance(now);
    if (entry.active >= limits_.client_concurrent) return AdmissionDecision::client_concurrency;
    if (!entry.minute.allows(now, limits_.client_per_minute)) return AdmissionDecision::client_rate_minute;
    if (entry.day.total() >= limits_.client_per_day) return AdmissionDecision::client_rate_day;
  } else if (clients_.size() >= limits_.max_clients && !make_room_for_client(now)) {
    return AdmissionDecision::client_table_full;
  }

  auto destination_it = destinations_.find(destination);
  if (destination_it != destinations_.end()) {
    const DestinationEntry& entry = destination_it->second;
    if (entry.active >= limits_.destination_concurrent) return AdmissionDecision::destination_concurrency;
    if (!entry.minute.allows(now, limits_.destination_per_minute)) return AdmissionDecision::destination_rate;
  } else if (destinations_.size() >= limits_.max_destinations && !make_room_for_destination(now)) {
    return AdmissionDecision::destination_table_full;
  }

  // Admitted: only now are entries created, so refusals never grow the tables.
  if (client_it == clients_.end()) {
    client_it = clients_.emplace(client, ClientEntry{}).first;
    client_it->second.minute.init();
    client_it->second.day.hour = hour_of(now);
  }
  if (destination_it == destinations_.end()) {
    destination_it = destinations_.emplace(destination, DestinationEntry{}).first;
    destination_it->second.minute.init();
  }
  ClientEntry& c = client_it->second;
  c.minute.record(now, limits_.client_per_minute);
  c.day.per_hour[slot_of(c.day.hour, DayWindow::kHours)]++;
  c.active++;
  DestinationEntry& d = destination_it->second;
  d.minute.record(now, limits_.destination_per_minute);
  d.active++;
  active_++;
  return AdmissionDecision::admitted;
}

bool Admission::release(const ClientKey& client, const IpAddress& destination) {
  const auto client_it = clients_.find(client);
  const auto destination_it = destinations_.find(destination);
  if (client_it == clients_.end() || destination_it == destinations_.end()) return false;
  if (client_it->second.active == 0 || destination_it->second.active == 0 || active_ == 0) return false;
  client_it->second.active--;
  destination_it->second.active--;
  active_--;
  return true;
}

void Admission::sweep(SteadyMs now, bool under_pressure) {
  sweep_clients(now, under_pressure);
  sweep_destinations(now);
}

void Admission::sweep_clients(SteadyMs now, bool under_pressure) {
  // Visits every entry once: bounded by the table size.
  for (auto it = clients_.begin(); it != clients_.end();) {
    ClientEntry& entry = it->second;
    entry.day.advance(now);
    const bool forgotten = entry.active == 0 && entry.day.total() == 0;
    const bool idle = entry.active == 0 && entry.minute.empty(now);
    it = (forgotten || (under_pressure && idle)) ? clients_.erase(it) : std::next(it);
  }
}

void Admission::sweep_destinations(SteadyMs now) {
  for (auto it = destinations_.begin(); it != destinations_.end();) {
    const bool forgotten = it->second.active == 0 && it->second.minute.empty(now);
    it = forgotten ? destinations_.erase(it) : std::next(it);
  }
}

bool Admission::make_room_for_client(SteadyMs now) {
  if (last_client_sweep_ && now - *last_client_sweep_ < limits_.sweep_interval_ms) return false;
  last_client_sweep_ = now;
  sweep_clients(now, true);
  return clients_.size() < limits_.max_clients;
}

bool Admission::make_room_for_destination(SteadyMs now) {
  if (last_destination_sweep_ && now - *last_destination_sweep_ < limits_.sweep_interval_ms) return false;
  // Only this table: admit() holds an iterator into the client table.
  last_destination_sweep_ = now;
  sweep_destinations(now);
  return destinations_.size() < limits_.max_destinations;
}

std::string_view to_string(AdmissionDecision decision) {
  switch (decision) {
    case AdmissionDecision::admitted:
      return "admitted";
    case AdmissionDecision::global_concurrency:
      return "global_concurrency";
    case AdmissionDecision::client_concurrency:
      return "client_concurrency";
    case AdmissionDecision::client_rate_minute:
      return "client_rate_minute";
    case AdmissionDecision::client_rate_day:
      return "client_rate_day";
    case AdmissionDecision::destination_concurrency:
      return "destination_concurrency";
    case AdmissionDecision::destination_rate:
      return "destination_rate";
    case AdmissionDecision::client_table_full:
      return "client_table_full";
    case AdmissionDecision::destination_table_full:
      return "destination_table_full";
  }
  return "unknown";
}

}  // namespace daneel::proxy::policy
