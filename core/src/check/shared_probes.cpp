#include "check/shared_probes.h"

#include <utility>

#include "check/evidence_json.h"
#include "check/json.h"

namespace daneel::check {

namespace {

constexpr std::size_t kMaxDepth = 16;                // a probe's JSON nests 6 levels
constexpr std::size_t kMaxInput = 16 * 1024 * 1024;  // bytes of JSON per call

Json parse_bounded(std::string_view text) {
  if (text.size() > kMaxInput || !json_nesting_within(text, kMaxDepth)) return Json(Json::value_t::discarded);
  return parse_json(text);
}

// What an entry holds, roughly: its chain, replies and texts.
std::size_t size_of(const ProbeEvidence& p) {
  std::size_t n = p.host.size() + p.address.size() + p.connect_error.size() + p.detail.size() + 256;
  for (const Bytes& der : p.chain) n += der.size();
  for (const ReplyEvidence& reply : p.replies)
    for (const std::string& line : reply.lines) n += line.size() + 16;
  return n;
}

}  // namespace

std::string SharedProbes::key(const ProbeTarget& target) {
  return target.host + " " + target.address + (target.sni ? " sni" : " nosni");
}

Result<std::size_t> SharedProbes::put(std::string_view probes_json) {
  const Json in = parse_bounded(probes_json);
  if (!in.is_object() || !in.contains("probes"))
    return make_error(Errc::malformed, "shared probes: expected {\"probes\": [...]}");
  // The evidence reader checks every field and bound: the probes are read as
  // the evidence of a check without DNS answers.
  const Json evidence{{"time", 0}, {"complete", true}, {"incomplete_reason", ""},
                      {"dns", Json::array()},          {"probes", in["probes"]}};
  auto parsed = evidence_from_json(evidence, EvidenceLimits{});
  if (!parsed.ok()) return parsed.error();
  std::map<std::string, Entry> added;
  for (const ProbeEvidence& p : parsed.value().probes) {
    if (p.host.empty() || p.address.empty() || p.host.find(' ') != std::string::npos ||
        p.address.find(' ') != std::string::npos)
      return make_error(Errc::malformed, "shared probes: a probe needs a host and an address without spaces");
    auto probe = probe_result(p);
    if (!probe.ok()) return probe.error();
    added[key(ProbeTarget{p.host, p.address, p.sni})] = Entry{std::move(probe).value(), size_of(p)};
  }
  std::size_t entries = entries_.size(), bytes = bytes_;
  for (const auto& [k, entry] : added) {
    if (const auto old = entries_.find(k); old != entries_.end())
      bytes -= old->second.bytes;
    else
      ++entries;
    bytes += entry.bytes;
  }
  if (entries > limits_.max_entries || bytes > limits_.max_bytes)
    return make_error(Errc::limit_exceeded, "shared probes: more than " + std::to_string(limits_.max_entries) +
                                                " entries or " + std::to_string(limits_.max_bytes) + " bytes");
  for (auto& [k, entry] : added) entries_[k] = std::move(entry);
  bytes_ = bytes;
  return entries_.size();
}

Result<std::size_t> SharedProbes::erase(std::string_view targets_json) {
  const Json in = parse_bounded(targets_json);
  if (!in.is_array() || in.size() > limits_.max_entries)
    return make_error(Errc::malformed, "shared probes: expected [{\"host\", \"address\", \"sni\"}, ...]");
  std::size_t erased = 0;
  for (const Json& t : in) {
    const bool typed = t.is_object() && t.contains("host") && t["host"].is_string() && t.contains("address") &&
                       t["address"].is_string() && t.contains("sni") && t["sni"].is_boolean();
    if (!typed) return make_error(Errc::malformed, "shared probes: a target is {\"host\", \"address\", \"sni\"}");
  }
  for (const Json& t : in) {
    const auto it = entries_.find(
        key(ProbeTarget{t["host"].get<std::string>(), t["address"].get<std::string>(), t["sni"].get<bool>()}));
    if (it == entries_.end()) continue;
    bytes_ -= it->second.bytes;
    entries_.erase(it);
    ++erased;
  }
  return erased;
}

std::optional<ProbeResult> SharedProbes::find(const ProbeTarget& target) const {
  const auto it = entries_.find(key(target));
  if (it == entries_.end()) return std::nullopt;
  return it->second.probe;
}

}  // namespace daneel::check
