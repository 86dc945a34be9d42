#include "check/extra_subtests.h"

#include <map>
#include <string>
#include <vector>

#include "check/messages.h"
#include "check/txt_policy.h"

namespace daneel::check {

namespace {

void add(Report& r, const char* name, SubtestStatus status, Note n) {
  r.subtests.push_back(Subtest{name, status, std::move(n)});
}


void judge_ipv6(Report& r) {
  std::vector<std::string> without_aaaa, unreachable;
  for (const HostReport& h : r.hosts) {
    if (h.aaaa.kind != "answer") without_aaaa.push_back(h.name);
    for (const AddressReport& a : h.addresses)
      if (a.ipv6 && !a.connected && !a.connect_error.empty()) unreachable.push_back(a.address);
  }
  if (r.hosts.empty())
    add(r, "mx_ipv6", SubtestStatus::not_tested, note("mx_ipv6_untested"));
  else if (!without_aaaa.empty())
    add(r, "mx_ipv6", SubtestStatus::failed, note("mx_ipv6_missing", {{"hosts", list_param(without_aaaa)}}));
  else if (!unreachable.empty())
    add(r, "mx_ipv6", SubtestStatus::failed,
        note("mx_ipv6_unreachable", {{"addresses", list_param(unreachable)}}));
  else
    add(r, "mx_ipv6", SubtestStatus::passed, note("mx_ipv6_ok"));
}

// Stale records. A record in force that matches nothing served on any
// address, while another authenticates, is either the standby for the next
// key (a sound rollover, RFC 7671 §8.1) or a leftover of an earlier one; the
// two cannot be told apart from DNS alone. One such record per parameter set
// (usage, selector, matching type) is taken as the standby; each further one
// is reported. Unusable records (PKIX-TA/EE, unknown parameters) next to
// usable ones are ignored by every DANE sender: clutter, and often a
// misunderstanding worth pointing out.
void judge_stale(Report& r) {
  bool judged = false;
  for (const HostReport& h : r.hosts) {
    if (h.tlsa.state != "usable") continue;
    const AddressReport* first = nullptr;
    bool any_auth = false;
    for (const AddressReport& a : h.addresses)
      if (a.dane) {
        if (!first) first = &a;
        for (const RecordOutcome& rec : a.dane->records) any_auth = any_auth || rec.authenticates;
      }
    if (!first || !any_auth) continue;  // nothing authenticates: dane_valid says so
    judged = true;
    std::size_t unusable = 0;
    for (const RecordOutcome& rec : first->dane->records) unusable += rec.usable ? 0 : 1;
    if (unusable > 0) {
      add(r, "tlsa_stale", SubtestStatus::info,
          note("tlsa_unusable_ignored", {{"host", h.name}, {"count", std::to_string(unusable)}}));
      return;
    }
    // Records (by index) that match nothing on any address with a DANE result.
    std::map<std::string, std::size_t> idle_per_parameters;
    for (std::size_t i = 0; i < first->dane->records.size(); ++i) {
      const RecordOutcome& rec = first->dane->records[i];
      if (!rec.usable || !rec.in_force) continue;
      bool matches_somewhere = false;
      for (const AddressReport& a : h.addresses)
        if (a.dane && i < a.dane->records.size())
          matches_somewhere = matches_somewhere || !a.dane->records[i].matching_depths.empty() ||
                              a.dane->records[i].authenticates;
      if (!matches_somewhere) ++idle_per_parameters[rec.parameters];
    }
    std::size_t stale = 0;
    for (const auto& [parameters, idle] : idle_per_parameters) stale += idle > 1 ? idle - 1 : 0;
    if (stale > 0) {
      add(r, "tlsa_stale", SubtestStatus::info,
          note("tlsa_stale_records", {{"host", h.name}, {"count", std::to_string(stale)}}));
      return;
    }
  }
  if (judged)
    add(r, "tlsa_stale", SubtestStatus::passed, note("tlsa_stale_none"));
  else
    add(r, "tlsa_stale", SubtestStatus::not_tested, note("tlsa_stale_untested"));
}

void judge_size(Report& r) {
  bool judged = false;
  for (const HostReport& h : r.hosts) {
    if (h.tlsa.records.empty()) continue;
    judged = true;
    if (h.tlsa.records.size() > kTlsaRecordsLimit || h.tlsa.answer_bytes > kTlsaAnswerBytesLimit) {
      add(r, "tlsa_size", SubtestStatus::warning,
          note("tlsa_size_large", {{"host", h.name},
                                   {"count", std::to_string(h.tlsa.records.size())},
                                   {"bytes", std::to_string(h.tlsa.answer_bytes)}}));
      return;
    }
  }
  if (judged)
    add(r, "tlsa_size", SubtestStatus::passed, note("tlsa_size_ok"));
  else
    add(r, "tlsa_size", SubtestStatus::not_tested, note("tlsa_size_untested"));
}

}  // namespace

void add_extra_subtests(Report& r) {
  judge_ipv6(r);
  judge_stale(r);
  judge_size(r);
  r.subtests.push_back(judge_mta_sts(r.mta_sts));
  r.subtests.push_back(judge_tls_rpt(r.tls_rpt));
}

}  // namespace daneel::check
