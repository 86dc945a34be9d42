// Whether a new relay session may start (checklist B7): concurrency and rate
// limits per client, per destination address and overall.
//
// Why these limits (docs/DEPLOYING.md "Shared mail providers and the
// per-destination limits"): a check opens up to 8 SMTP sessions per address
// (the STARTTLS/DANE session, one without SNI for a DANE host, up to 6 TLS
// grading probes), one after another. Per destination address, 1 at a time
// and 16 new a minute: the mail server sees one polite client, and two whole
// checks a minute of a shared provider's address fit (at the checklist's 2 a
// minute one check took four minutes). Per client, 2 at a time, 40 a minute
// (a dual-stack domain with two MX hosts: 4 addresses, 32 sessions) and 400 a
// day (about a dozen such checks; a scanner is stopped). The global cap
// bounds sockets and memory.
//
// Pure and clock-free: every call takes `now` (milliseconds of a monotonic
// clock, injected), so tests move time by hand.
//
// Memory is bounded: at most `max_clients` and `max_destinations` entries.
// An entry is dropped as soon as it remembers nothing (no active session and
// no start inside its longest window). When a table is full, sweep() first
// drops such entries and, for clients, entries that are idle (no active
// session, no start in the last minute: only their day count is lost); if it
// is still full the new client or destination is refused as throttled. Active
// entries are never evicted, so releasing a session always finds its entry.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "policy/client_key.h"
#include "policy/ip_address.h"

namespace daneel::proxy::policy {

// Milliseconds of a monotonic clock (std::chrono::steady_clock in the relay).
using SteadyMs = std::int64_t;

inline constexpr std::size_t kMaxPerMinuteLimit = 64;  // size of the per-entry start rings
inline constexpr std::size_t kMaxPerDayLimit = 10'000;
// A per-minute limit of 0 means none: the test profile only (validate), so a
// test run can open a whole scenario matrix (hundreds of sessions a minute
// from one client) through the real relay. The rings stay 64 entries, so a
// public limit can never be raised past what they measure exactly.
inline constexpr unsigned kNoMinuteLimit = 0;

// Which limits validate() admits: the public ranges, or also kNoMinuteLimit.
enum class LimitProfile : std::uint8_t { public_relay, test };

struct AdmissionLimits {
  unsigned client_concurrent = 2;
  unsigned client_per_minute = 40;  // 1..kMaxPerMinuteLimit (kNoMinuteLimit: test profile)
  unsigned client_per_day = 400;    // 1..kMaxPerDayLimit
  unsigned global_concurrent = 1000;
  unsigned destination_concurrent = 1;
  unsigned destination_per_minute = 16;  // 1..kMaxPerMinuteLimit (kNoMinuteLimit: test profile)
  std::size_t max_clients = 16'384;      // ~0.7 KB each (a 64-entry ring): ~11 MB at most
  std::size_t max_destinations = 4'096;
  // A full table is swept at most this often (a sweep walks the whole table).
  SteadyMs sweep_interval_ms = 1'000;
};

// nullopt when the limits are usable, else what is wrong with them.
[[nodiscard]] std::optional<std::string_view> validate(const AdmissionLimits& limits,
                                                       LimitProfile profile = LimitProfile::public_relay);

enum class AdmissionDecision : std::uint8_t {
  admitted,
  global_concurrency,
  client_concurrency,
  client_rate_minute,
  client_rate_day,
  destination_concurrency,
  destination_rate,
  client_table_full,       // too many distinct clients remembered: throttled
  destination_table_full,  // too many distinct destinations remembered: throttled
};

[[nodiscard]] std::string_view to_string(AdmissionDecision decision);

class Admission {
 public:
  // `limits` must pass validate() (out-of-range values are clamped;
  // kNoMinuteLimit is kept).
  // `hash_seed`: random per process, so clients cannot aim at one hash bucket.
  explicit Admission(const AdmissionLimits& limits, std::uint64_t hash_seed = 0);

  // Decides, and on `admitted` counts the session as started and active.
  // Refused attempts are not counted: hammering does not extend a refusal.
  [[nodiscard]] AdmissionDecision admit(const ClientKey& client, const IpAddress& destination, SteadyMs now);

  // The session admitted for (client, destination) has ended. False when no
  // such session is active (a bug in the caller; nothing is changed then).
  bool release(const ClientKey& client, const IpAddress& destination);

  // Drops entries that remember nothing; with `under_pressure`, also idle
  // client entries. The relay may call it from a timer; admit() calls it when
  // a table is full.
  void sweep(SteadyMs now, bool under_pressure = false);

  [[nodiscard]] unsigned active_sessions() const { return active_; }
  [[nodiscard]] std::size_t client_entries() const { return clients_.size(); }
  [[nodiscard]] std::size_t destination_entries() const { return destinations_.size(); }

 private:
  // The times of the last `limit` starts; a start is allowed when the oldest
  // of them is at least a minute old (an exact sliding window).
  struct MinuteWindow {
    std::array<SteadyMs, kMaxPerMinuteLimit> starts{};
    std::uint8_t next = 0;
    void init();
    [[nodiscard]] bool allows(SteadyMs now, unsigned limit) const;
    void record(SteadyMs now, unsigned limit);
    [[nodiscard]] bool empty(SteadyMs now) const;  // no start within the last minute
  };
  // Starts per hour for the current hour and the 24 before it: a start is
  // forgotten 24 to 25 hours later, so no 24-hour window ever holds more than
  // the limit (conservative by up to an hour). 25 counters instead of 100
  // timestamps per client.
  struct DayWindow {
    static constexpr std::size_t kHours = 25;
    std::array<std::uint16_t, kHours> per_hour{};
    std::int64_t hour = 0;  // the hour of per_hour's newest counter
    void advance(SteadyMs now);
    [[nodiscard]] unsigned total() const;
  };
  struct ClientEntry {
    MinuteWindow minute;
    DayWindow day;
    std::uint16_t active = 0;
  };
  struct DestinationEntry {
    MinuteWindow minute;
    std::uint16_t active = 0;
  };
  struct IpHash {
    std::uint64_t seed = 0;
    std::size_t operator()(const IpAddress& a) const { return static_cast<std::size_t>(hash_ip(a, seed)); }
  };

  void sweep_clients(SteadyMs now, bool under_pressure);
  void sweep_destinations(SteadyMs now);
  bool make_room_for_client(SteadyMs now);
  bool make_room_for_destination(SteadyMs now);

  AdmissionLimits limits_;
  std::unordered_map<ClientKey, ClientEntry, ClientKeyHash> clients_;
  std::unordered_map<IpAddress, DestinationEntry, IpHash> destinations_;
  unsigned active_ = 0;
  std::optional<SteadyMs> last_client_sweep_;
  std::optional<SteadyMs> last_destination_sweep_;
};

}  // namespace daneel::proxy::policy
