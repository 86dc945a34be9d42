// Answers kept across checks, each for as long as its TTL allows (RFC 1035
// §3.2.1; negative answers per RFC 2308 §5). Bounded in entries; the engine
// works without one. Only DNS answers (answer, NODATA, NXDOMAIN) are kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "dns/message.h"
#include "dns/name.h"
#include "dns/rr_type.h"
#include "util/time.h"

namespace daneel::dns {

class AnswerCache {
 public:
  explicit AnswerCache(std::size_t max_entries = 4096, std::uint32_t max_ttl = 3600)
      : max_entries_(max_entries), max_ttl_(max_ttl) {}

  [[nodiscard]] std::optional<Message> find(const Name& name, RrType type, TimeMs now) const;
  // Keeps `response` for its TTL (capped at max_ttl; TTL 0 is not kept). When
  // full, the entry that expires first makes room.
  void store(const Name& name, RrType type, const Message& response, TimeMs now);
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

  // The time a response may be reused: the smallest TTL of its answer records,
  // or for a negative answer the SOA's min(TTL, MINIMUM); 0 if it has neither.
  static std::uint32_t ttl_of(const Message& response);

 private:
  struct Entry {
    Message response;
    TimeMs expires = 0;
  };
  std::size_t max_entries_;
  std::uint32_t max_ttl_;
  std::map<std::pair<Name, RrType>, Entry> entries_;
};

}  // namespace daneel::dns
