#include "metrics.h"

#include "policy/close_codes.h"

namespace daneel::proxy {

namespace {

// The close codes that are the relay's refusals (its policy said no), as
// opposed to the mail server's doing, a cap, or the relay failing.
bool is_refusal(std::uint16_t code) {
  using policy::CloseCode;
  switch (static_cast<CloseCode>(code)) {
    case CloseCode::policy:
    case CloseCode::busy:
    case CloseCode::bad_request:
    case CloseCode::forbidden_destination:
    case CloseCode::rate_limited:
    case CloseCode::not_mx:
    case CloseCode::address_not_of_host:
    case CloseCode::smtp_refused:
    case CloseCode::pregreet:
    case CloseCode::origin_refused:
    case CloseCode::tls_refused:
    case CloseCode::opted_out:
      return true;
    default:
      return false;
  }
}

// A label value as the exposition format wants it (the words are [a-z0-9_]
// by construction; anything else is replaced, so no reason can break a line).
std::string label_value(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 64))
    out += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_';
  return out.empty() ? "none" : out;
}

// The word of a close code: the relay's table, or "websocket" for the
// RFC 6455 codes Beast sends itself (1002, 1003, 1009).
std::string word_of(std::uint16_t code) {
  for (const policy::CloseCodeInfo& row : policy::close_code_table())
    if (static_cast<std::uint16_t>(row.code) == code) return label_value(row.word);
  return "websocket";
}

// The rule a refusal names: its reason's first word ("link_local", "client_rate_minute",
// "forbidden_command").
std::string rule_of(std::uint16_t code, std::string_view reason) {
  // The plaintext guard and the record budget say which side: "client forbidden_command".
  for (const std::string_view side : {"client ", "server "})
    if (reason.starts_with(side)) reason.remove_prefix(side.size());
  const std::size_t end = reason.find_first_of(" :(");
  const std::string_view word = reason.substr(0, end);
  if (!word.empty()) return label_value(word);
  return word_of(code);
}

}  // namespace

void RelayMetrics::count_refusal(std::string_view rule) {
  const std::string key(rule);
  if (refusals_.size() < kMaxLabels || refusals_.contains(key)) ++refusals_[key];
  else ++refusals_["other"];
}

void RelayMetrics::session_ended(std::uint16_t code, std::string_view reason, std::uint64_t bytes_up,
                                 std::uint64_t bytes_down) {
  const std::lock_guard lock(mutex_);
  auto key = std::make_pair(code, word_of(code));
  if (sessions_.size() < kMaxLabels || sessions_.contains(key)) ++sessions_[key];
  else ++sessions_[{0, "other"}];
  bytes_up_ += bytes_up;
  bytes_down_ += bytes_down;
  if (is_refusal(code)) count_refusal(rule_of(code, reason));
}

void RelayMetrics::smtp_replies(const policy::ReplyTally& tally) {
  const std::lock_guard lock(mutex_);
  for (std::size_t stage = 0; stage < policy::kReplyStages; ++stage)
    for (std::size_t bucket = 0; bucket < policy::kReplyBuckets; ++bucket)
      replies_[stage][bucket] += tally.counts[stage][bucket];
}

void RelayMetrics::refused_before_upgrade(std::string_view rule) {
  const std::lock_guard lock(mutex_);
  count_refusal(label_value(rule));
}

std::string RelayMetrics::render(std::size_t active) const {
  const std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP daneel_relay_sessions_total Relay sessions ended, by WebSocket close code.\n";
  out += "# TYPE daneel_relay_sessions_total counter\n";
  for (const auto& [key, n] : sessions_)
    out += "daneel_relay_sessions_total{code=\"" + std::to_string(key.first) + "\",word=\"" + key.second + "\"} " +
           std::to_string(n) + "\n";
  out += "# HELP daneel_relay_refusals_total Relay requests and sessions refused by the policy, by rule.\n";
  out += "# TYPE daneel_relay_refusals_total counter\n";
  for (const auto& [rule, n] : refusals_)
    out += "daneel_relay_refusals_total{rule=\"" + rule + "\"} " + std::to_string(n) + "\n";
  out += "# HELP daneel_relay_bytes_total Bytes relayed, client to mail server (up) and back (down).\n";
  out += "# TYPE daneel_relay_bytes_total counter\n";
  out += "daneel_relay_bytes_total{direction=\"up\"} " + std::to_string(bytes_up_) + "\n";
  out += "daneel_relay_bytes_total{direction=\"down\"} " + std::to_string(bytes_down_) + "\n";
  // Every series always (zeros included), so a rate over them needs no
  // first occurrence; 2 stages x 6 buckets.
  out += "# HELP daneel_relay_smtp_replies_total Mail servers' plaintext SMTP replies, by stage and code "
         "(421 and 554 exactly, else the class).\n";
  out += "# TYPE daneel_relay_smtp_replies_total counter\n";
  for (std::size_t stage = 0; stage < policy::kReplyStages; ++stage)
    for (std::size_t bucket = 0; bucket < policy::kReplyBuckets; ++bucket)
      out += "daneel_relay_smtp_replies_total{stage=\"" +
             std::string(to_string(static_cast<policy::ReplyStage>(stage))) + "\",code=\"" +
             std::string(to_string(static_cast<policy::ReplyBucket>(bucket))) + "\"} " +
             std::to_string(replies_[stage][bucket]) + "\n";
  out += "# HELP daneel_relay_active_sessions Relay sessions open now.\n";
  out += "# TYPE daneel_relay_active_sessions gauge\n";
  out += "daneel_relay_active_sessions " + std::to_string(active) + "\n";
  return out;
}

}  // namespace daneel::proxy
