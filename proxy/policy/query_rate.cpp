#include "policy/query_rate.h"

namespace daneel::proxy::policy {

std::string_view to_string(QueryRateDecision decision) {
  switch (decision) {
    case QueryRateDecision::allowed:
      return "allowed";
    case QueryRateDecision::client_rate:
      return "client_rate_minute";
    case QueryRateDecision::table_full:
      return "table_full";
  }
  return "table_full";
}

void QueryRate::drop_ended(SteadyMs now) {
  std::erase_if(clients_, [now](const auto& entry) { return now - entry.second.start >= kQueryWindowMs; });
}

QueryRateDecision QueryRate::admit(const ClientKey& client, SteadyMs now) {
  auto it = clients_.find(client);
  if (it == clients_.end()) {
    if (clients_.size() >= max_clients_) drop_ended(now);
    if (clients_.size() >= max_clients_) return QueryRateDecision::table_full;
    it = clients_.emplace(client, Window{now, 0}).first;
  } else if (now - it->second.start >= kQueryWindowMs) {
    it->second = Window{now, 0};
  }
  if (it->second.count >= per_minute_) return QueryRateDecision::client_rate;
  ++it->second.count;
  return QueryRateDecision::allowed;
}

}  // namespace daneel::proxy::policy
