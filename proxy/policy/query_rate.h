// Rate limit of the same-origin DoH endpoint /dns-query (issue 14 item 5):
// at most `per_minute` queries per client key in each fixed 60-second window
// of that client (its first query opens the window). Pure: the clock is
// injected, no sockets. The table is bounded: when it is full, clients whose
// window ended are dropped; if none has ended, a new client is refused
// (throttled), never an existing one evicted, so a flood of fresh addresses
// cannot reset anyone's count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "policy/admission.h"
#include "policy/client_key.h"

namespace daneel::proxy::policy {

inline constexpr SteadyMs kQueryWindowMs = 60'000;

enum class QueryRateDecision : std::uint8_t { allowed, client_rate, table_full };
[[nodiscard]] std::string_view to_string(QueryRateDecision decision);

class QueryRate {
 public:
  QueryRate(std::uint32_t per_minute, std::size_t max_clients, std::uint64_t hash_seed)
      : per_minute_(per_minute), max_clients_(max_clients), clients_(16, ClientKeyHash{hash_seed}) {}

  [[nodiscard]] QueryRateDecision admit(const ClientKey& client, SteadyMs now);
  [[nodiscard]] std::size_t clients() const { return clients_.size(); }

 private:
  struct Window {
    SteadyMs start = 0;
    std::uint32_t count = 0;
  };
  void drop_ended(SteadyMs now);

  std::uint32_t per_minute_;
  std::size_t max_clients_;
  std::unordered_map<ClientKey, Window, ClientKeyHash> clients_;
};

}  // namespace daneel::proxy::policy
