#include "dns/answer_cache.h"

#include <algorithm>
#include <limits>

namespace daneel::dns {

std::uint32_t AnswerCache::ttl_of(const Message& response) {
  std::uint32_t ttl = std::numeric_limits<std::uint32_t>::max();
  bool found = false;
  for (const Record& record : response.answers) {
    ttl = std::min(ttl, record.ttl);
    found = true;
  }
  if (found) return ttl;
  // RFC 2308 §5: a negative answer lives min(SOA TTL, SOA MINIMUM).
  for (const Record& record : response.authority) {
    if (const auto* soa = std::get_if<Soa>(&record.rdata)) return std::min(record.ttl, soa->minimum);
  }
  return 0;
}

std::optional<Message> AnswerCache::find(const Name& name, RrType type, TimeMs now) const {
  const auto it = entries_.find({name, type});
  if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.response;
}

void AnswerCache::store(const Name& name, RrType type, const Message& response, TimeMs now) {
  const std::uint32_t ttl = std::min(ttl_of(response), max_ttl_);
  if (ttl == 0 || max_entries_ == 0) return;
  const TimeMs expires = now + static_cast<TimeMs>(ttl) * 1000;
  auto key = std::make_pair(name, type);
  if (entries_.find(key) == entries_.end() && entries_.size() >= max_entries_) {
    // Expired entries go first; otherwise the one that would expire soonest.
    const auto victim = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
      return a.second.expires < b.second.expires;
    });
    entries_.erase(victim);
  }
  entries_.insert_or_assign(std::move(key), Entry{response, expires});
}

}  // namespace daneel::dns
