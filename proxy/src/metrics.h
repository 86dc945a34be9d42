// /metrics (issue 14 item 4): the relay's counters in the Prometheus text
// format (version 0.0.4). No per-client label ever: the labels are close codes
// and the policy's rule words, both from fixed sets, and each label set is
// bounded (a word outside the first kMaxLabels is counted as "other").
// Thread-safe: sessions end on any io thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "policy/smtp_reply_tally.h"

namespace daneel::proxy {

class RelayMetrics {
 public:
  static constexpr std::size_t kMaxLabels = 128;

  // A session ended with this close code and reason, after relaying these bytes.
  void session_ended(std::uint16_t code, std::string_view reason, std::uint64_t bytes_up, std::uint64_t bytes_down);
  // The mail server's plaintext replies of one session (its plaintext guard's tally).
  void smtp_replies(const policy::ReplyTally& tally);
  // A relay request refused before the upgrade (the Origin, the relay unavailable, draining).
  void refused_before_upgrade(std::string_view rule);

  // The whole page; `active` is the number of open relay sessions now.
  [[nodiscard]] std::string render(std::size_t active) const;

 private:
  void count_refusal(std::string_view rule);

  mutable std::mutex mutex_;
  std::map<std::pair<std::uint16_t, std::string>, std::uint64_t> sessions_;  // (code, word)
  std::map<std::string, std::uint64_t> refusals_;                           // rule
  std::uint64_t bytes_up_ = 0, bytes_down_ = 0;
  std::array<std::array<std::uint64_t, policy::kReplyBuckets>, policy::kReplyStages> replies_{};
};

}  // namespace daneel::proxy
