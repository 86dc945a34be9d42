#include "check/verdicts.h"

#include <algorithm>
#include <string>

#include "check/extra_subtests.h"
#include "check/messages.h"
#include "check/script_summary.h"

namespace daneel::check {

namespace {

std::string smtp_problem(const AddressReport& a, const smtp::SmtpResult* smtp) {
  if (!smtp) return a.connect_error.empty() ? "no SMTP session completed" : "no connection: " + a.connect_error;
  return std::string(smtp::to_string(smtp->outcome)) + " in phase " + std::string(smtp::to_string(smtp->phase)) +
         (smtp->detail.empty() ? "" : " (" + smtp->detail + ")");
}

bool has_warning(const Report& r, const std::string& code) {
  return std::any_of(r.warnings.begin(), r.warnings.end(), [&](const Note& n) { return n.code == code; });
}

void add_subtest(Report& r, std::string name, SubtestStatus status, Note n) {
  r.subtests.push_back(Subtest{std::move(name), status, std::move(n)});
}

std::string count(std::size_t n) { return std::to_string(n); }

// Some address was left untested because daneel's TLS library could not do
// what its server chose: "not tested" must then not send the reader to port 25.
bool any_checker_limit(const Report& r) {
  return std::any_of(r.hosts.begin(), r.hosts.end(), [](const HostReport& h) {
    return std::any_of(h.addresses.begin(), h.addresses.end(), [](const AddressReport& a) { return a.checker_limit; });
  });
}


bool has_records(const HostReport& h) { return h.tlsa.state == "usable" || h.tlsa.state == "unusable"; }

// The host's addresses failed DNSSEC, so its TLSA records were never asked
// for (A6): whether it publishes any is unknown, not "no".
bool tlsa_unknown(const HostReport& h) {
  return h.tlsa.state == "not_looked_up" && h.address_security != "secure" && h.address_security != "insecure";
}

}  // namespace

void judge_address(AddressReport& a, DaneMode mode, const smtp::SmtpResult* smtp, const dane::DaneResult* dane) {
  const bool tls_ok = smtp && smtp->outcome == smtp::Outcome::ok;
  const bool probed = mode != DaneMode::pending && mode != DaneMode::unusable;
  if (probed && smtp && smtp->outcome == smtp::Outcome::handshake_unsupported) {
    // Never fail a mail server for the checker's own limits (docs/SMTP_TLS.md).
    a.verdict = "not_tested";
    a.outcome = note("tls_unsupported_by_daneel", {{"problem", smtp->detail}});
    return;
  }
  switch (mode) {
    case DaneMode::authenticate:
      if (!tls_ok) {
        a.verdict = "fail";
        a.outcome = note("starttls_failed", {{"problem", smtp_problem(a, smtp)}});
      } else if (dane && dane->verdict == dane::Verdict::matched) {
        a.verdict = "pass";
        const bool known = dane->matched_record && *dane->matched_record < dane->records.size();
        std::vector<Param> params{
            {"parameters", known ? dane->records[*dane->matched_record].parameters : "?"},
            {"record", known ? std::to_string(*dane->matched_record + 1) : "?"},
            {"depth", std::to_string(dane->matched_depth.value_or(0))}};
        // DANE-EE ignores the validity dates (RFC 7672 §3.1.1); senders without DANE may not.
        const std::string validity = a.certificates.empty() ? "valid" : a.certificates.front().validity;
        const bool ee = known && dane->records[*dane->matched_record].record.usage == 3;
        if (!ee || validity == "valid") a.outcome = note("dane_authenticated", std::move(params));
        else if (validity == "expired") a.outcome = note("dane_authenticated_cert_expired", std::move(params));
        else a.outcome = note("dane_authenticated_cert_not_yet_valid", std::move(params));
      } else {
        a.verdict = "fail";
        a.outcome = note("dane_no_match", {{"dane_verdict", dane ? std::string(dane::to_string(dane->verdict))
                                                                 : std::string("no_usable_records")}});
      }
      return;
    case DaneMode::tls_only:
      a.verdict = "fail";
      a.outcome = tls_ok ? note("tlsa_all_unusable") : note("starttls_failed", {{"problem", smtp_problem(a, smtp)}});
      return;
    case DaneMode::opportunistic:
      a.verdict = "no-dane";
      a.outcome = tls_ok ? note("starttls_ok") : note("starttls_unavailable", {{"problem", smtp_problem(a, smtp)}});
      return;
    case DaneMode::tlsa_error:
      a.verdict = "fail";
      a.outcome = tls_ok ? note("tlsa_error_starttls_ok")
                         : note("tlsa_error_starttls_failed", {{"problem", smtp_problem(a, smtp)}});
      return;
    case DaneMode::pending:
    case DaneMode::unusable:
      a.verdict = "not_tested";
      a.outcome = note("address_not_tested");
      return;
  }
}

void judge_report(Report& r) {
  // Host verdicts.
  for (HostReport& h : r.hosts) {
    if (h.tlsa.state == "not_looked_up" && h.address_security != "secure" && h.address_security != "insecure") {
      h.verdict = "fail";
      h.outcome = note("address_dnssec_error", {{"host", h.name}, {"security", h.address_security}});
      continue;
    }
    if (h.addresses.empty()) {
      h.verdict = "skipped";
      h.outcome = note("host_no_addresses", {{"host", h.name}});
      continue;
    }
    std::size_t pass = 0, fail = 0, no_dane = 0, untested = 0;
    for (const AddressReport& a : h.addresses) {
      if (a.verdict == "pass") ++pass;
      else if (a.verdict == "fail") ++fail;
      else if (a.verdict == "no-dane") ++no_dane;
      else ++untested;
    }
    if (h.tlsa.state == "error") {
      h.verdict = "fail";
      h.outcome = note("host_tlsa_error", {{"owner", h.tlsa.owner}, {"security", h.tlsa.dnssec.security}});
    } else if (fail > 0) {
      h.verdict = "fail";
      h.outcome = note("address_failed", {{"failed", count(fail)}, {"total", count(h.addresses.size())}});
    } else if (no_dane > 0) {
      h.verdict = "no-dane";
      const bool denied = h.tlsa.state == "denied";
      h.outcome = note(denied ? "no_tlsa_denied" : "no_tlsa_insecure");
    } else if (pass > 0 && untested == 0) {
      h.verdict = "pass";
      h.outcome = note("host_dane_ok");
    } else {
      h.verdict = "not_tested";
      h.outcome = note("host_not_tested");
    }
  }

  if (r.mx.security == "insecure" &&
      std::any_of(r.hosts.begin(), r.hosts.end(), [](const HostReport& h) { return has_records(h); }))
    r.warnings.push_back(note("mx_insecure"));

  // Domain verdict (error and no-mail are decided before the hosts).
  if (r.outcome.code.empty()) {
    std::size_t pass = 0, fail = 0, no_dane = 0, other = 0, considered = 0;
    for (const HostReport& h : r.hosts) {
      if (h.verdict == "skipped") continue;
      ++considered;
      if (h.verdict == "pass") ++pass;
      else if (h.verdict == "fail") ++fail;
      else if (h.verdict == "no-dane") ++no_dane;
      else ++other;
    }
    if (considered == 0) {
      r.verdict = "error";
      r.outcome = note("no_reachable_mx");
    } else if (fail > 0) {
      r.verdict = "fail";
      r.outcome = note("mx_host_failed", {{"failed", count(fail)}, {"total", count(considered)}});
    } else if (pass > 0 && (no_dane > 0 || other > 0)) {
      r.verdict = "warn";
      std::vector<std::string> unprotected;
      for (const HostReport& h : r.hosts)
        if (h.verdict != "skipped" && h.verdict != "pass") unprotected.push_back(h.name);
      r.outcome = note("mx_without_dane", {{"hosts", list_param(unprotected)}});
    } else if (pass > 0) {
      const bool downgraded = has_warning(r, "null_mx_mixed") || has_warning(r, "mx_insecure") ||
                              has_warning(r, "mx_hosts_truncated") || considered < r.hosts.size();
      r.verdict = downgraded ? "warn" : "pass";
      r.outcome = note(downgraded ? "dane_with_warnings" : "dane_ok");
    } else if (no_dane > 0) {
      r.verdict = "no-dane";
      r.outcome = note("no_dane");
    } else {
      r.verdict = "error";
      r.outcome = any_checker_limit(r) ? note("mx_not_tested_checker_limit") : note("mx_not_tested");
    }
  }

  // Subtests (Internet.nl names plus our own).
  r.subtests.clear();
  std::size_t tested = 0, starttls_ok = 0, with_records = 0, valid = 0, invalid = 0;
  std::size_t considered = 0, secure_hosts = 0, bogus_hosts = 0, tlsa_errors = 0, rollover_ok = 0;
  std::size_t stale_agility = 0;
  for (const HostReport& h : r.hosts) {
    if (h.verdict == "skipped") continue;
    ++considered;
    if (h.address_security == "secure") ++secure_hosts;
    if (h.address_security == "bogus" || h.address_security == "indeterminate") ++bogus_hosts;
    if (h.tlsa.state == "error") ++tlsa_errors;
    if (has_records(h)) {
      ++with_records;
      // A rollover scheme (RFC 7671 §8, RFC 7672 §4) on every tested address:
      // a record in force authenticates the served chain, and another record
      // in force survives a key change: a standby record that matches nothing
      // served now (the next key), or DANE-TA next to DANE-EE (Internet.nl's
      // "3 + 2"). Stricter than Internet.nl's count of records, which a stale
      // digest of the same key also satisfies.
      bool all_ok = false;
      for (const AddressReport& a : h.addresses) {
        if (!a.dane) continue;
        bool authenticates = false, standby = false, ee = false, ta = false;
        for (const RecordOutcome& rec : a.dane->records) {
          if (!rec.usable || !rec.in_force) continue;
          if (rec.authenticates) authenticates = true;
          if (rec.matching_depths.empty() && !rec.authenticates) standby = true;
          if (rec.authenticates && rec.record.starts_with("3 ")) ee = true;
          if (rec.authenticates && rec.record.starts_with("2 ")) ta = true;
        }
        const bool ok = authenticates && (standby || (ee && ta));
        if (!ok) {
          all_ok = false;
          break;
        }
        all_ok = true;
      }
      if (all_ok) ++rollover_ok;
    }
    bool host_valid = has_records(h);
    bool host_judged = false;  // an address whose handshake daneel could not do judges nothing
    for (const AddressReport& a : h.addresses) {
      if (is_tested(a)) {
        ++tested;
        if (a.smtp_outcome == "ok") ++starttls_ok;
      }
      if (!a.checker_limit) host_judged = true;
      if (has_records(h) && !a.checker_limit && a.verdict != "pass") host_valid = false;
      if (a.dane && !a.dane->agility_note.empty()) ++stale_agility;
    }
    if (has_records(h) && host_judged) ++(host_valid ? valid : invalid);
  }
  if (considered == 0) {
    for (const char* name : {"starttls_available", "dane_exists", "dane_valid", "dane_rollover", "dnssec_mx_domain",
                             "dnssec_mx_hosts", "every_mx_has_tlsa", "mx_insecure", "digest_agility"})
      add_subtest(r, name, SubtestStatus::not_tested, r.outcome);
    add_extra_subtests(r);
    r.summary = summarize_for_scripts(r);
    return;
  }
  if (tested == 0)
    add_subtest(r, "starttls_available", SubtestStatus::not_tested,
                any_checker_limit(r) ? note("starttls_untested_checker_limit") : note("starttls_untested"));
  else if (starttls_ok == tested) add_subtest(r, "starttls_available", SubtestStatus::passed, note("starttls_all"));
  else add_subtest(r, "starttls_available", SubtestStatus::failed,
                   note("starttls_missing", {{"missing", count(tested - starttls_ok)}, {"tested", count(tested)}}));

  std::vector<std::string> unknown_tlsa;
  for (const HostReport& h : r.hosts)
    if (h.verdict != "skipped" && tlsa_unknown(h)) unknown_tlsa.push_back(h.name);
  if (tlsa_errors > 0) add_subtest(r, "dane_exists", SubtestStatus::failed, note("dane_exists_error"));
  else if (!unknown_tlsa.empty())
    add_subtest(r, "dane_exists", SubtestStatus::error, note("tlsa_unknown", {{"hosts", list_param(unknown_tlsa)}}));
  else if (with_records == considered) add_subtest(r, "dane_exists", SubtestStatus::passed, note("tlsa_secure"));
  else add_subtest(r, "dane_exists", SubtestStatus::failed,
                   note("tlsa_missing", {{"missing", count(considered - with_records)}, {"total", count(considered)}}));

  // Records, but no address daneel could judge them on (its TLS limits).
  const bool unjudged = with_records > 0 && valid + invalid == 0;
  if (with_records == 0) add_subtest(r, "dane_valid", SubtestStatus::not_tested, note("dane_valid_untested"));
  else if (unjudged) add_subtest(r, "dane_valid", SubtestStatus::not_tested, note("dane_valid_unjudged"));
  else if (invalid == 0) add_subtest(r, "dane_valid", SubtestStatus::passed, note("dane_valid_ok"));
  else add_subtest(r, "dane_valid", SubtestStatus::failed, note("dane_valid_failed", {{"failed", count(invalid)}}));

  if (with_records == 0) add_subtest(r, "dane_rollover", SubtestStatus::not_tested, note("rollover_untested"));
  else if (unjudged) add_subtest(r, "dane_rollover", SubtestStatus::not_tested, note("rollover_unjudged"));
  else if (rollover_ok == with_records) add_subtest(r, "dane_rollover", SubtestStatus::passed, note("rollover_scheme"));
  else add_subtest(r, "dane_rollover", SubtestStatus::info, note("no_rollover_scheme"));

  const bool mx_secure = r.mx.security == "secure";
  if (r.mx_kind == "implicit")
    add_subtest(r, "dnssec_mx_domain", mx_secure ? SubtestStatus::passed : SubtestStatus::failed,
                note(mx_secure ? "mx_absence_secure" : "mx_absence_insecure"));
  else if (r.mx.security == "secure") add_subtest(r, "dnssec_mx_domain", SubtestStatus::passed, note("mx_dnssec_secure"));
  else add_subtest(r, "dnssec_mx_domain", SubtestStatus::failed, note("mx_dnssec_not_secure", {{"security", r.mx.security}}));

  if (bogus_hosts > 0) add_subtest(r, "dnssec_mx_hosts", SubtestStatus::error, note("mx_host_bogus"));
  else if (secure_hosts == considered) add_subtest(r, "dnssec_mx_hosts", SubtestStatus::passed, note("mx_hosts_secure"));
  else add_subtest(r, "dnssec_mx_hosts", SubtestStatus::failed,
                   note("mx_hosts_insecure", {{"insecure", count(considered - secure_hosts)}}));

  std::vector<std::string> without_tlsa;
  for (const HostReport& h : r.hosts)
    if (h.verdict != "skipped" && !has_records(h) && !tlsa_unknown(h)) without_tlsa.push_back(h.name);
  if (!unknown_tlsa.empty() && without_tlsa.empty())
    add_subtest(r, "every_mx_has_tlsa", SubtestStatus::error, note("tlsa_unknown", {{"hosts", list_param(unknown_tlsa)}}));
  else if (with_records == considered) add_subtest(r, "every_mx_has_tlsa", SubtestStatus::passed, note("every_mx_has_tlsa"));
  else if (with_records == 0) add_subtest(r, "every_mx_has_tlsa", SubtestStatus::not_tested, note("no_mx_has_tlsa"));
  else add_subtest(r, "every_mx_has_tlsa", SubtestStatus::failed, note("mx_without_tlsa", {{"hosts", list_param(without_tlsa)}}));

  if (has_warning(r, "mx_insecure")) add_subtest(r, "mx_insecure", SubtestStatus::warning, note("mx_downgradable"));
  else add_subtest(r, "mx_insecure", SubtestStatus::passed, note("mx_not_downgradable"));

  if (stale_agility > 0) add_subtest(r, "digest_agility", SubtestStatus::warning, note("digest_agility_mismatch"));
  else if (with_records > 0) add_subtest(r, "digest_agility", SubtestStatus::passed, note("digest_agility_ok"));
  else add_subtest(r, "digest_agility", SubtestStatus::not_tested, note("digest_agility_untested"));

  add_extra_subtests(r);
  r.summary = summarize_for_scripts(r);
}

}  // namespace daneel::check
