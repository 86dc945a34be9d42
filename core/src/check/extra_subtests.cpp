#include "check/extra_subtests.h"

#include <algorithm>
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
    if (h.aaaa.kind != dnssec::AnswerKind::answer) without_aaaa.push_back(h.name);
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
    if (h.tlsa.state != TlsaState::usable) continue;
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

bool authenticates(const std::optional<DaneSummary>& dane) { return dane && dane->verdict == dane::Verdict::matched; }

bool same_chain(const std::vector<CertificateSummary>& x, const std::vector<CertificateSummary>& y) {
  return x.size() == y.size() &&
         std::equal(x.begin(), x.end(), y.begin(),
                    [](const CertificateSummary& a, const CertificateSummary& b) { return a.sha256 == b.sha256; });
}

// Worst first: the domain's status is its worst host's.
int severity(SubtestStatus s) {
  switch (s) {
    case SubtestStatus::failed: return 4;
    case SubtestStatus::warning: return 3;
    case SubtestStatus::info: return 2;
    case SubtestStatus::passed: return 1;
    default: return 0;
  }
}

void judge_sni(Report& r) {
  const Subtest* worst = nullptr;
  const Subtest* untested = nullptr;
  for (HostReport& h : r.hosts) {
    h.sni_dependence = judge_sni_dependence(h);
    if (!h.sni_dependence) continue;
    const Subtest& s = *h.sni_dependence;
    if (severity(s.status) == 0) {
      if (!untested) untested = &s;
    } else if (!worst || severity(s.status) > severity(worst->status)) {
      worst = &s;
    }
  }
  if (worst && worst->status == SubtestStatus::passed)
    add(r, "sni_dependence", SubtestStatus::passed, note("sni_independent_all"));
  else if (worst)
    add(r, "sni_dependence", worst->status, worst->note);
  else if (untested)
    add(r, "sni_dependence", SubtestStatus::not_tested, untested->note);
  else
    add(r, "sni_dependence", SubtestStatus::not_tested, note("sni_untested"));
}

}  // namespace

// RFC 7672 §8.1: a DANE sender sends SNI = TLSA base domain, so the chain
// served with SNI is the one that counts (dane_valid). A server that serves
// another chain without SNI fails senders that omit SNI (warning) or, the
// other way round, has its SNI map point at the wrong certificate (failed).
// The probe without SNI failing is information, never a failure on its own.
std::optional<Subtest> judge_sni_dependence(const HostReport& h) {
  if (h.tlsa.state != TlsaState::usable) return std::nullopt;
  const auto a = std::find_if(h.addresses.begin(), h.addresses.end(),
                              [](const AddressReport& x) { return x.no_sni.has_value(); });
  if (a == h.addresses.end()) return std::nullopt;
  const ProbeReport& bare = *a->no_sni;
  const auto finding = [](SubtestStatus status, Note n) { return Subtest{"sni_dependence", status, std::move(n)}; };
  const Param host{"host", h.name}, address{"address", a->address}, base{"base", h.tlsa.base};
  if (!a->starttls_ok() || a->certificates.empty())
    return finding(SubtestStatus::not_tested, note("sni_probe_untested", {host, address}));
  if (!bare.starttls_ok() || bare.certificates.empty())
    return finding(SubtestStatus::info, note("sni_probe_incomplete", {host, address, {"problem", smtp_problem(bare)}}));
  if (same_chain(a->certificates, bare.certificates))
    return finding(SubtestStatus::passed, note("sni_independent", {host, address}));
  const bool with_sni = authenticates(a->dane), without_sni = authenticates(bare.dane);
  if (with_sni && without_sni) return finding(SubtestStatus::info, note("sni_different_both_valid", {host, address}));
  if (with_sni) return finding(SubtestStatus::warning, note("sni_required", {host, address, base}));
  if (without_sni) return finding(SubtestStatus::failed, note("sni_wrong_certificate", {host, address, base}));
  return finding(SubtestStatus::info, note("sni_different_neither_valid", {host, address}));
}

void add_extra_subtests(Report& r) {
  judge_ipv6(r);
  judge_stale(r);
  judge_size(r);
  r.subtests.push_back(judge_mta_sts(r.mta_sts));
  r.subtests.push_back(judge_tls_rpt(r.tls_rpt));
  judge_sni(r);
}

}  // namespace daneel::check
