// The mail servers' SMTP replies a relayed session saw in its plaintext phase,
// counted by stage and code class for /metrics (docs/DEPLOYING.md
// "Monitoring"): a rise in 421 or 554 greetings means servers refuse the
// relay's egress address (a block list, missing reverse DNS, a rate limit).
// 421 and 554 are kept apart from the rest of their class because they are
// the refusals an operator watches; everything else is its class. Fixed
// size: two stages, six buckets, no per-client or per-server detail.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace daneel::proxy::policy {

enum class ReplyStage : std::uint8_t {
  greeting,  // the server's first reply (220, or 421/554 when it refuses the client)
  command,   // a reply to EHLO/HELO/STARTTLS/NOOP/RSET/QUIT, or an unsolicited one (421 before a close)
};
inline constexpr std::size_t kReplyStages = 2;

enum class ReplyBucket : std::uint8_t { c2xx, c3xx, c421, c4xx, c554, c5xx };
inline constexpr std::size_t kReplyBuckets = 6;

// A reply code (200-559, as the guard accepts them) to its bucket.
[[nodiscard]] constexpr ReplyBucket bucket_of(int code) {
  if (code == 421) return ReplyBucket::c421;
  if (code == 554) return ReplyBucket::c554;
  if (code >= 500) return ReplyBucket::c5xx;
  if (code >= 400) return ReplyBucket::c4xx;
  if (code >= 300) return ReplyBucket::c3xx;
  return ReplyBucket::c2xx;
}

[[nodiscard]] constexpr std::string_view to_string(ReplyStage stage) {
  return stage == ReplyStage::greeting ? "greeting" : "command";
}

// The label value: "421" and "554" exactly, else the class ("4xx" is every
// 4yz but 421, "5xx" every 5yz but 554).
[[nodiscard]] constexpr std::string_view to_string(ReplyBucket bucket) {
  switch (bucket) {
    case ReplyBucket::c2xx:
      return "2xx";
    case ReplyBucket::c3xx:
      return "3xx";
    case ReplyBucket::c421:
      return "421";
    case ReplyBucket::c4xx:
      return "4xx";
    case ReplyBucket::c554:
      return "554";
    case ReplyBucket::c5xx:
      return "5xx";
  }
  return "5xx";
}

struct ReplyTally {
  std::array<std::array<std::uint32_t, kReplyBuckets>, kReplyStages> counts{};

  void count(ReplyStage stage, int code) {
    auto& n = counts[static_cast<std::size_t>(stage)][static_cast<std::size_t>(bucket_of(code))];
    if (n < UINT32_MAX) ++n;
  }
  [[nodiscard]] std::uint32_t at(ReplyStage stage, ReplyBucket bucket) const {
    return counts[static_cast<std::size_t>(stage)][static_cast<std::size_t>(bucket)];
  }
};

}  // namespace daneel::proxy::policy
