#include "check/verdicts.h"

#include <algorithm>
#include <string>

#include "check/extra_subtests.h"
#include "check/messages.h"
#include "check/script_summary.h"
#include "dane/match.h"
#include "dane/usability.h"

namespace daneel::check {

namespace {

void add_subtest(Report& r, std::string name, SubtestStatus status, Note n) {
  r.subtests.push_back(Subtest{std::move(name), status, std::move(n)});
}

std::string count(std::size_t n) { return std::to_string(n); }

// Whether some address of some host has `property`.
template <class Property>
bool any_address(const Report& r, Property property) {
  return std::any_of(r.hosts.begin(), r.hosts.end(), [&](const HostReport& h) {
    return std::any_of(h.addresses.begin(), h.addresses.end(), property);
  });
}

// Some address was left untested because daneel's TLS library could not do
// what its server chose: "not tested" must then not send the reader to port 25.
bool any_checker_limit(const Report& r) {
  return any_address(r, [](const AddressReport& a) { return a.checker_limit(); });
}

// Some address was left untested because the relay or the local network
// ended its connection.
bool any_cut_off(const Report& r) {
  return any_address(r, [](const AddressReport& a) { return a.cut_off(); });
}


bool has_records(const HostReport& h) { return h.tlsa.state == TlsaState::usable || h.tlsa.state == TlsaState::unusable; }

// The host's addresses failed DNSSEC, so its TLSA records were never asked
// for (A6): whether it publishes any is unknown, not "no".
bool tlsa_unknown(const HostReport& h) {
  return h.tlsa.state == TlsaState::not_looked_up && h.address_security != dnssec::Security::secure &&
         h.address_security != dnssec::Security::insecure;
}

}  // namespace

void judge_address(AddressReport& a, DaneMode mode, const dane::DaneResult* dane) {
  const bool tls_ok = a.starttls_ok();
  const bool probed = mode != DaneMode::pending && mode != DaneMode::unusable;
  if (probed && a.cut_off()) {
    // The relay or the local network, not the mail server, ended it.
    const CloseReason& end = *a.connection_end;
    const bool relay = end.cause != CloseCause::local_network;
    a.verdict = AddressVerdict::not_tested;
    a.outcome = relay ? note("connection_cut_by_relay", {{"code", end.relay_code ? std::to_string(end.relay_code) : "-"},
                                                          {"detail", end.detail.empty() ? "-" : end.detail}})
                      : note("connection_failed_locally", {{"detail", end.detail.empty() ? "-" : end.detail}});
    return;
  }
  if (probed && a.checker_limit()) {
    // Never fail a mail server for the checker's own limits (docs/SMTP_TLS.md).
    a.verdict = AddressVerdict::not_tested;
    a.outcome = note("tls_unsupported_by_daneel", {{"problem", a.smtp_detail}});
    return;
  }
  switch (mode) {
    case DaneMode::authenticate:
      if (!tls_ok) {
        a.verdict = AddressVerdict::fail;
        a.outcome = note("starttls_failed", {{"problem", smtp_problem(a)}});
      } else if (dane && dane->verdict == dane::Verdict::matched) {
        a.verdict = AddressVerdict::pass;
        const bool known = dane->matched_record && *dane->matched_record < dane->records.size();
        std::vector<Param> params{
            {"parameters", known ? dane->records[*dane->matched_record].parameters : "?"},
            {"record", known ? std::to_string(*dane->matched_record + 1) : "?"},
            {"depth", std::to_string(dane->matched_depth.value_or(0))}};
        // DANE-EE ignores the validity dates (RFC 7672 §3.1.1); senders without DANE may not.
        const dane::Validity validity = a.certificates.empty() ? dane::Validity::valid : a.certificates.front().validity;
        const bool ee = known && dane->records[*dane->matched_record].record.usage ==
                                     static_cast<std::uint8_t>(dane::Usage::dane_ee);
        if (!ee || validity == dane::Validity::valid) a.outcome = note("dane_authenticated", std::move(params));
        else if (validity == dane::Validity::expired) a.outcome = note("dane_authenticated_cert_expired", std::move(params));
        else a.outcome = note("dane_authenticated_cert_not_yet_valid", std::move(params));
      } else {
        a.verdict = AddressVerdict::fail;
        a.outcome = note("dane_no_match", {{"dane_verdict", dane ? std::string(dane::to_string(dane->verdict))
                                                                 : std::string("no_usable_records")}});
      }
      return;
    case DaneMode::tls_only:
      a.verdict = AddressVerdict::fail;
      a.outcome = tls_ok ? note("tlsa_all_unusable") : note("starttls_failed", {{"problem", smtp_problem(a)}});
      return;
    case DaneMode::opportunistic:
      a.verdict = AddressVerdict::no_dane;
      a.outcome = tls_ok ? note("starttls_ok") : note("starttls_unavailable", {{"problem", smtp_problem(a)}});
      return;
    case DaneMode::tlsa_error:
      a.verdict = AddressVerdict::fail;
      a.outcome = tls_ok ? note("tlsa_error_starttls_ok")
                         : note("tlsa_error_starttls_failed", {{"problem", smtp_problem(a)}});
      return;
    case DaneMode::pending:
    case DaneMode::unusable:
      a.verdict = AddressVerdict::not_tested;
      a.outcome = note("address_not_tested");
      return;
  }
}

namespace {

void judge_host(HostReport& h) {
  if (tlsa_unknown(h)) {
    h.verdict = HostVerdict::fail;
    h.outcome = note("address_dnssec_error",
                     {{"host", h.name}, {"security", std::string(dnssec::to_string(h.address_security))}});
    return;
  }
  if (h.addresses.empty()) {
    h.verdict = HostVerdict::skipped;
    h.outcome = note("host_no_addresses", {{"host", h.name}});
    return;
  }
  std::size_t pass = 0, fail = 0, no_dane = 0, untested = 0;
  for (const AddressReport& a : h.addresses) {
    switch (a.verdict) {
      case AddressVerdict::pass: ++pass; break;
      case AddressVerdict::fail: ++fail; break;
      case AddressVerdict::no_dane: ++no_dane; break;
      case AddressVerdict::not_tested: ++untested; break;
    }
  }
  if (h.tlsa.state == TlsaState::error) {
    h.verdict = HostVerdict::fail;
    h.outcome = note("host_tlsa_error", {{"owner", h.tlsa.owner},
                                         {"security", std::string(dnssec::to_string(h.tlsa.dnssec.security))}});
  } else if (fail > 0) {
    h.verdict = HostVerdict::fail;
    h.outcome = note("address_failed", {{"failed", count(fail)}, {"total", count(h.addresses.size())}});
  } else if (no_dane > 0) {
    h.verdict = HostVerdict::no_dane;
    h.outcome = note(h.tlsa.state == TlsaState::denied ? "no_tlsa_denied" : "no_tlsa_insecure");
  } else if (pass > 0 && untested == 0) {
    h.verdict = HostVerdict::pass;
    h.outcome = note("host_dane_ok");
  } else {
    h.verdict = HostVerdict::not_tested;
    h.outcome = note("host_not_tested");
  }
}

// The MX answer is insecure while some host publishes TLSA records: an
// attacker who forges the MX records takes DANE away (warning mx_insecure).
bool mx_downgradable(const Report& r) {
  return r.mx.security == dnssec::Security::insecure &&
         std::any_of(r.hosts.begin(), r.hosts.end(), [](const HostReport& h) { return has_records(h); });
}

// The domain verdict, unless decided before the hosts (error, no-mail).
void judge_domain(Report& r, bool mx_insecure) {
  std::size_t pass = 0, fail = 0, no_dane = 0, other = 0, considered = 0;
  for (const HostReport& h : r.hosts) {
    if (h.verdict == HostVerdict::skipped) continue;
    ++considered;
    if (h.verdict == HostVerdict::pass) ++pass;
    else if (h.verdict == HostVerdict::fail) ++fail;
    else if (h.verdict == HostVerdict::no_dane) ++no_dane;
    else ++other;
  }
  if (considered == 0) {
    r.verdict = DomainVerdict::error;
    r.outcome = note("no_reachable_mx");
  } else if (fail > 0) {
    r.verdict = DomainVerdict::fail;
    r.outcome = note("mx_host_failed", {{"failed", count(fail)}, {"total", count(considered)}});
  } else if (pass > 0 && (no_dane > 0 || other > 0)) {
    r.verdict = DomainVerdict::warn;
    std::vector<std::string> unprotected;
    for (const HostReport& h : r.hosts)
      if (h.verdict != HostVerdict::skipped && h.verdict != HostVerdict::pass) unprotected.push_back(h.name);
    r.outcome = note("mx_without_dane", {{"hosts", list_param(unprotected)}});
  } else if (pass > 0) {
    const bool downgraded =
        r.mx_kind == MxKind::mixed_null || mx_insecure || r.hosts_truncated || considered < r.hosts.size();
    r.verdict = downgraded ? DomainVerdict::warn : DomainVerdict::pass;
    r.outcome = note(downgraded ? "dane_with_warnings" : "dane_ok");
  } else if (no_dane > 0) {
    r.verdict = DomainVerdict::no_dane;
    r.outcome = note("no_dane");
  } else {
    r.verdict = DomainVerdict::error;
    // Nothing was tested: say so for daneel's TLS limits and for a relay or
    // local network that ended the connections, so the reader is not sent to port 25.
    r.outcome = any_checker_limit(r) ? note("mx_not_tested_checker_limit")
                : any_cut_off(r)     ? note("mx_not_tested_cut_off")
                                     : note("mx_not_tested");
  }
}

// A rollover scheme (RFC 7671 §8, RFC 7672 §4) on every tested address: a
// record in force authenticates the served chain, and another record in
// force survives a key change: a standby record that matches nothing served
// now (the next key), or DANE-TA next to DANE-EE (Internet.nl's "3 + 2").
// Stricter than Internet.nl's count of records, which a stale digest of the
// same key also satisfies.
bool has_rollover_scheme(const HostReport& h) {
  bool all_ok = false;
  for (const AddressReport& a : h.addresses) {
    if (!a.dane) continue;
    bool authenticates = false, standby = false, ee = false, ta = false;
    for (const RecordOutcome& rec : a.dane->records) {
      if (!rec.usable || !rec.in_force) continue;
      if (rec.authenticates) authenticates = true;
      if (rec.matching_depths.empty() && !rec.authenticates) standby = true;
      if (rec.authenticates && rec.usage == static_cast<std::uint8_t>(dane::Usage::dane_ee)) ee = true;
      if (rec.authenticates && rec.usage == static_cast<std::uint8_t>(dane::Usage::dane_ta)) ta = true;
    }
    if (!(authenticates && (standby || (ee && ta)))) return false;
    all_ok = true;
  }
  return all_ok;
}

// What the subtests count over the hosts that have addresses.
struct Tally {
  std::size_t considered = 0;      // hosts not skipped
  std::size_t tested = 0;          // addresses tested (is_tested)
  std::size_t starttls_ok = 0;     // of those, STARTTLS worked
  std::size_t with_records = 0;    // hosts with secure TLSA records
  std::size_t valid = 0, invalid = 0;  // of those, judged on an address: all pass / not
  std::size_t secure_hosts = 0, bogus_hosts = 0, tlsa_errors = 0, rollover_ok = 0, stale_agility = 0;
  std::vector<std::string> unknown_tlsa;   // hosts whose TLSA were never asked for (A6)
  std::vector<std::string> without_tlsa;   // hosts known to publish no usable-or-not TLSA
};

Tally tally(const Report& r) {
  Tally t;
  for (const HostReport& h : r.hosts) {
    if (h.verdict == HostVerdict::skipped) continue;
    ++t.considered;
    if (h.address_security == dnssec::Security::secure) ++t.secure_hosts;
    if (h.address_security == dnssec::Security::bogus || h.address_security == dnssec::Security::indeterminate)
      ++t.bogus_hosts;
    if (h.tlsa.state == TlsaState::error) ++t.tlsa_errors;
    if (tlsa_unknown(h)) t.unknown_tlsa.push_back(h.name);
    else if (!has_records(h)) t.without_tlsa.push_back(h.name);
    if (has_records(h)) {
      ++t.with_records;
      if (has_rollover_scheme(h)) ++t.rollover_ok;
    }
    bool host_valid = has_records(h);
    bool host_judged = false;  // an address whose handshake daneel could not do judges nothing
    for (const AddressReport& a : h.addresses) {
      if (is_tested(a)) {
        ++t.tested;
        if (a.starttls_ok()) ++t.starttls_ok;
      }
      if (!a.judges_nothing()) host_judged = true;
      if (has_records(h) && !a.judges_nothing() && a.verdict != AddressVerdict::pass) host_valid = false;
      if (a.dane && !a.dane->agility_note.empty()) ++t.stale_agility;
    }
    if (has_records(h) && host_judged) ++(host_valid ? t.valid : t.invalid);
  }
  return t;
}

void add_starttls_available(Report& r, const Tally& t) {
  if (t.tested == 0)
    add_subtest(r, "starttls_available", SubtestStatus::not_tested,
                any_checker_limit(r) ? note("starttls_untested_checker_limit")
                : any_cut_off(r)     ? note("starttls_untested_cut_off")
                                     : note("starttls_untested"));
  else if (t.starttls_ok == t.tested)
    add_subtest(r, "starttls_available", SubtestStatus::passed, note("starttls_all"));
  else
    add_subtest(r, "starttls_available", SubtestStatus::failed,
                note("starttls_missing", {{"missing", count(t.tested - t.starttls_ok)}, {"tested", count(t.tested)}}));
}

void add_dane_subtests(Report& r, const Tally& t) {
  if (t.tlsa_errors > 0) add_subtest(r, "dane_exists", SubtestStatus::failed, note("dane_exists_error"));
  else if (!t.unknown_tlsa.empty())
    add_subtest(r, "dane_exists", SubtestStatus::error, note("tlsa_unknown", {{"hosts", list_param(t.unknown_tlsa)}}));
  else if (t.with_records == t.considered) add_subtest(r, "dane_exists", SubtestStatus::passed, note("tlsa_secure"));
  else add_subtest(r, "dane_exists", SubtestStatus::failed,
                   note("tlsa_missing", {{"missing", count(t.considered - t.with_records)}, {"total", count(t.considered)}}));

  // Records, but no address daneel could judge them on (its TLS limits).
  const bool unjudged = t.with_records > 0 && t.valid + t.invalid == 0;
  if (t.with_records == 0) add_subtest(r, "dane_valid", SubtestStatus::not_tested, note("dane_valid_untested"));
  else if (unjudged) add_subtest(r, "dane_valid", SubtestStatus::not_tested, note("dane_valid_unjudged"));
  else if (t.invalid == 0) add_subtest(r, "dane_valid", SubtestStatus::passed, note("dane_valid_ok"));
  else add_subtest(r, "dane_valid", SubtestStatus::failed, note("dane_valid_failed", {{"failed", count(t.invalid)}}));

  if (t.with_records == 0) add_subtest(r, "dane_rollover", SubtestStatus::not_tested, note("rollover_untested"));
  else if (unjudged) add_subtest(r, "dane_rollover", SubtestStatus::not_tested, note("rollover_unjudged"));
  else if (t.rollover_ok == t.with_records) add_subtest(r, "dane_rollover", SubtestStatus::passed, note("rollover_scheme"));
  else add_subtest(r, "dane_rollover", SubtestStatus::info, note("no_rollover_scheme"));
}

void add_dnssec_subtests(Report& r, const Tally& t) {
  const bool mx_secure = r.mx.security == dnssec::Security::secure;
  if (r.mx_kind == MxKind::implicit)
    add_subtest(r, "dnssec_mx_domain", mx_secure ? SubtestStatus::passed : SubtestStatus::failed,
                note(mx_secure ? "mx_absence_secure" : "mx_absence_insecure"));
  else if (mx_secure) add_subtest(r, "dnssec_mx_domain", SubtestStatus::passed, note("mx_dnssec_secure"));
  else add_subtest(r, "dnssec_mx_domain", SubtestStatus::failed,
                   note("mx_dnssec_not_secure", {{"security", std::string(dnssec::to_string(r.mx.security))}}));

  if (t.bogus_hosts > 0) add_subtest(r, "dnssec_mx_hosts", SubtestStatus::error, note("mx_host_bogus"));
  else if (t.secure_hosts == t.considered) add_subtest(r, "dnssec_mx_hosts", SubtestStatus::passed, note("mx_hosts_secure"));
  else add_subtest(r, "dnssec_mx_hosts", SubtestStatus::failed,
                   note("mx_hosts_insecure", {{"insecure", count(t.considered - t.secure_hosts)}}));
}

void add_tlsa_coverage_subtests(Report& r, const Tally& t, bool mx_insecure) {
  if (!t.unknown_tlsa.empty() && t.without_tlsa.empty())
    add_subtest(r, "every_mx_has_tlsa", SubtestStatus::error, note("tlsa_unknown", {{"hosts", list_param(t.unknown_tlsa)}}));
  else if (t.with_records == t.considered) add_subtest(r, "every_mx_has_tlsa", SubtestStatus::passed, note("every_mx_has_tlsa"));
  else if (t.with_records == 0) add_subtest(r, "every_mx_has_tlsa", SubtestStatus::not_tested, note("no_mx_has_tlsa"));
  else add_subtest(r, "every_mx_has_tlsa", SubtestStatus::failed, note("mx_without_tlsa", {{"hosts", list_param(t.without_tlsa)}}));

  if (mx_insecure) add_subtest(r, "mx_insecure", SubtestStatus::warning, note("mx_downgradable"));
  else add_subtest(r, "mx_insecure", SubtestStatus::passed, note("mx_not_downgradable"));

  if (t.stale_agility > 0) add_subtest(r, "digest_agility", SubtestStatus::warning, note("digest_agility_mismatch"));
  else if (t.with_records > 0) add_subtest(r, "digest_agility", SubtestStatus::passed, note("digest_agility_ok"));
  else add_subtest(r, "digest_agility", SubtestStatus::not_tested, note("digest_agility_untested"));
}

}  // namespace

void judge_report(Report& r) {
  for (HostReport& h : r.hosts) judge_host(h);
  const bool mx_insecure = mx_downgradable(r);
  if (mx_insecure) r.warnings.push_back(note("mx_insecure"));
  if (r.outcome.code.empty()) judge_domain(r, mx_insecure);

  // Subtests (Internet.nl names plus our own).
  r.subtests.clear();
  const Tally t = tally(r);
  if (t.considered == 0) {
    for (const char* name : {"starttls_available", "dane_exists", "dane_valid", "dane_rollover", "dnssec_mx_domain",
                             "dnssec_mx_hosts", "every_mx_has_tlsa", "mx_insecure", "digest_agility"})
      add_subtest(r, name, SubtestStatus::not_tested, r.outcome);
  } else {
    add_starttls_available(r, t);
    add_dane_subtests(r, t);
    add_dnssec_subtests(r, t);
    add_tlsa_coverage_subtests(r, t, mx_insecure);
  }
  add_extra_subtests(r);
  r.summary = summarize_for_scripts(r);
}

}  // namespace daneel::check
