#include "check/verdicts.h"

#include <algorithm>
#include <string>

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

void add_subtest(Report& r, std::string name, SubtestStatus status, std::string code, std::string text) {
  r.subtests.push_back(Subtest{std::move(name), status, std::move(code), std::move(text)});
}

bool has_records(const HostReport& h) { return h.tlsa.state == "usable" || h.tlsa.state == "unusable"; }

}  // namespace

void judge_address(AddressReport& a, DaneMode mode, const smtp::SmtpResult* smtp, const dane::DaneResult* dane) {
  const bool tls_ok = smtp && smtp->outcome == smtp::Outcome::ok;
  switch (mode) {
    case DaneMode::authenticate:
      if (!tls_ok) {
        a.verdict = "fail";
        a.outcome = {"starttls_failed", "TLSA records are published, so DANE senders require STARTTLS and a TLS "
                                        "handshake; here: " + smtp_problem(a, smtp) + " (RFC 7672 §2.2)"};
      } else if (dane && dane->verdict == dane::Verdict::matched) {
        a.verdict = "pass";
        std::string text = "the server authenticated with DANE";
        if (dane->matched_record && *dane->matched_record < dane->records.size())
          text += ": " + dane->records[*dane->matched_record].parameters + " record " +
                  std::to_string(*dane->matched_record + 1) + " matched the certificate at depth " +
                  std::to_string(dane->matched_depth.value_or(0));
        if (!a.certificates.empty() && a.certificates.front().validity != "valid" &&
            dane->matched_record && dane->records[*dane->matched_record].record.usage == 3)
          text += "; the certificate is " + a.certificates.front().validity +
                  ", which DANE-EE ignores (RFC 7672 §3.1.1), but senders without DANE may not";
        a.outcome = {"dane_authenticated", text};
      } else {
        a.verdict = "fail";
        std::string text = "no TLSA record authenticates the server";
        if (dane) text += " (" + std::string(dane::to_string(dane->verdict)) + ")";
        text += ": DANE senders will not deliver to it (RFC 7672 §3).";
        if (dane && !dane->agility_note.empty()) text += " " + dane->agility_note;
        a.outcome = {"dane_no_match", text};
      }
      return;
    case DaneMode::tls_only:
      a.verdict = "fail";
      if (!tls_ok)
        a.outcome = {"starttls_failed", "TLSA records are published, so DANE senders require STARTTLS; here: " +
                                            smtp_problem(a, smtp) + " (RFC 7672 §2.2)"};
      else
        a.outcome = {"tlsa_all_unusable", "every TLSA record is unusable for SMTP (only usages 2 and 3 with known "
                                          "selector and matching type count): DANE senders require TLS but cannot "
                                          "authenticate the server (RFC 7672 §2.2, §3.1.3)"};
      return;
    case DaneMode::opportunistic:
      a.verdict = "no-dane";
      if (tls_ok)
        a.outcome = {"starttls_ok", "STARTTLS works, but without secure TLSA records DANE does not protect it"};
      else
        a.outcome = {"starttls_unavailable", "no secure TLSA records, and STARTTLS did not work: " + smtp_problem(a, smtp)};
      return;
    case DaneMode::tlsa_error:
      a.verdict = "fail";
      a.outcome = {"tlsa_lookup_error", "the TLSA lookup failed DNSSEC validation or did not answer: DANE senders "
                                        "cannot deliver via this host (RFC 7672 §2.1.2); STARTTLS probe: " +
                                            (tls_ok ? std::string("works") : smtp_problem(a, smtp))};
      return;
    case DaneMode::pending:
    case DaneMode::unusable:
      a.verdict = "not_tested";
      a.outcome = {"not_tested", "the address was not tested"};
      return;
  }
}

void judge_report(Report& r) {
  // Host verdicts.
  for (HostReport& h : r.hosts) {
    if (h.tlsa.state == "not_looked_up" && h.address_security != "secure" && h.address_security != "insecure") {
      h.verdict = "fail";
      h.outcome = {"address_dnssec_error", "the address records of " + h.name + " are " + h.address_security +
                                               ": DANE senders cannot use this host (RFC 7672 §2.2.3)"};
      continue;
    }
    if (h.addresses.empty()) {
      h.verdict = "skipped";
      h.outcome = {"host_no_addresses", h.name + " has no IPv4 or IPv6 address: senders skip it"};
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
      h.outcome = {"tlsa_lookup_error", "the TLSA lookup of " + h.tlsa.owner + " is " + h.tlsa.dnssec.security +
                                            ": DANE senders cannot deliver via this host (RFC 7672 §2.1.2)"};
    } else if (fail > 0) {
      h.verdict = "fail";
      h.outcome = {"address_failed", std::to_string(fail) + " of " + std::to_string(h.addresses.size()) +
                                         " addresses fail; DANE senders must authenticate every one"};
    } else if (no_dane > 0) {
      h.verdict = "no-dane";
      h.outcome = {"no_secure_tlsa", h.tlsa.state == "denied"
                                         ? "no TLSA records (securely denied): DANE does not protect this host"
                                         : "the TLSA records (or addresses) are not DNSSEC-signed: DANE does not apply"};
    } else if (pass > 0 && untested == 0) {
      h.verdict = "pass";
      h.outcome = {"dane_authenticated", "every address authenticates with DANE"};
    } else {
      h.verdict = "not_tested";
      h.outcome = {"not_tested", "not every address could be tested"};
    }
  }

  if (r.mx.security == "insecure" &&
      std::any_of(r.hosts.begin(), r.hosts.end(), [](const HostReport& h) { return has_records(h); }))
    r.warnings.push_back({"mx_insecure", "the MX records are not DNSSEC-signed: an attacker can forge them and steer "
                                         "delivery to a host without DANE (RFC 7672 §2.2.1)"});

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
      r.outcome = {"no_reachable_mx", "no MX host has an address: mail cannot be delivered"};
    } else if (fail > 0) {
      r.verdict = "fail";
      r.outcome = {"mx_host_failed", std::to_string(fail) + " of " + std::to_string(considered) +
                                         " MX hosts fail DANE: DANE senders cannot deliver there"};
    } else if (pass > 0 && (no_dane > 0 || other > 0)) {
      r.verdict = "warn";
      r.outcome = {"every_mx_has_tlsa", "some MX hosts have no working DANE: an attacker can steer delivery to them"};
    } else if (pass > 0) {
      const bool downgraded = has_warning(r, "null_mx_mixed") || has_warning(r, "mx_insecure") ||
                              has_warning(r, "mx_hosts_truncated") || considered < r.hosts.size();
      r.verdict = downgraded ? "warn" : "pass";
      r.outcome = downgraded ? Note{"dane_with_warnings", "every MX host authenticates with DANE, with warnings"}
                             : Note{"dane_ok", "every MX host authenticates with DANE"};
    } else if (no_dane > 0) {
      r.verdict = "no-dane";
      r.outcome = {"no_dane", "no MX host is protected by DANE"};
    } else {
      r.verdict = "error";
      r.outcome = {"not_tested", "the MX hosts could not be tested"};
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
    for (const AddressReport& a : h.addresses) {
      if (!a.smtp_outcome.empty() || !a.connect_error.empty()) {
        ++tested;
        if (a.smtp_outcome == "ok") ++starttls_ok;
      }
      if (has_records(h) && a.verdict != "pass") host_valid = false;
      if (a.dane && !a.dane->agility_note.empty()) ++stale_agility;
    }
    if (has_records(h)) ++(host_valid ? valid : invalid);
  }
  if (considered == 0) {
    for (const char* name : {"starttls_available", "dane_exists", "dane_valid", "dane_rollover", "dnssec_mx_domain",
                             "dnssec_mx_hosts", "every_mx_has_tlsa", "mx_insecure", "digest_agility"})
      add_subtest(r, name, SubtestStatus::not_tested, r.outcome.code, r.outcome.text);
    return;
  }
  if (tested == 0) add_subtest(r, "starttls_available", SubtestStatus::not_tested, "not_tested", "no address was tested");
  else if (starttls_ok == tested) add_subtest(r, "starttls_available", SubtestStatus::passed, "starttls_ok", "every address offers working STARTTLS");
  else add_subtest(r, "starttls_available", SubtestStatus::failed, "starttls_missing",
                   std::to_string(tested - starttls_ok) + " of " + std::to_string(tested) + " addresses have no working STARTTLS");

  if (tlsa_errors > 0) add_subtest(r, "dane_exists", SubtestStatus::failed, "tlsa_lookup_error", "a TLSA lookup is bogus or failed");
  else if (with_records == considered) add_subtest(r, "dane_exists", SubtestStatus::passed, "tlsa_secure", "every MX host has secure TLSA records");
  else add_subtest(r, "dane_exists", SubtestStatus::failed, "tlsa_missing",
                   std::to_string(considered - with_records) + " of " + std::to_string(considered) + " MX hosts have no secure TLSA records");

  if (with_records == 0) add_subtest(r, "dane_valid", SubtestStatus::not_tested, "no_tlsa", "no secure TLSA records to validate");
  else if (invalid == 0) add_subtest(r, "dane_valid", SubtestStatus::passed, "dane_authenticated", "every address of every MX host with TLSA authenticates");
  else add_subtest(r, "dane_valid", SubtestStatus::failed, "dane_no_match", std::to_string(invalid) + " MX hosts with TLSA do not authenticate on every address");

  if (with_records == 0) add_subtest(r, "dane_rollover", SubtestStatus::not_tested, "no_tlsa", "no secure TLSA records");
  else if (rollover_ok == with_records) add_subtest(r, "dane_rollover", SubtestStatus::passed, "rollover_scheme", "every MX host publishes, next to the record that matches now, one that survives a key change (a standby key, or DANE-TA next to DANE-EE)");
  else add_subtest(r, "dane_rollover", SubtestStatus::info, "no_rollover_scheme", "not every MX host publishes a record for the next key (or DANE-TA next to DANE-EE); publish it at least two TTLs before a rollover (RFC 7671 §8, RFC 7672 §4)");

  if (r.mx_kind == "implicit") add_subtest(r, "dnssec_mx_domain", r.mx.security == "secure" ? SubtestStatus::passed : SubtestStatus::failed, "mx_implicit_" + r.mx.security, "no MX records; their absence is " + r.mx.security);
  else if (r.mx.security == "secure") add_subtest(r, "dnssec_mx_domain", SubtestStatus::passed, "mx_secure", "the MX records are DNSSEC-signed and valid");
  else add_subtest(r, "dnssec_mx_domain", SubtestStatus::failed, "mx_" + r.mx.security, "the MX records are " + r.mx.security);

  if (bogus_hosts > 0) add_subtest(r, "dnssec_mx_hosts", SubtestStatus::error, "mx_host_bogus", "the address records of some MX hosts are bogus or failed");
  else if (secure_hosts == considered) add_subtest(r, "dnssec_mx_hosts", SubtestStatus::passed, "mx_hosts_secure", "every MX host's addresses are DNSSEC-signed");
  else add_subtest(r, "dnssec_mx_hosts", SubtestStatus::failed, "mx_hosts_insecure", std::to_string(considered - secure_hosts) + " MX hosts have unsigned addresses");

  if (with_records == considered) add_subtest(r, "every_mx_has_tlsa", SubtestStatus::passed, "every_mx_has_tlsa", "every MX host publishes TLSA records");
  else if (with_records == 0) add_subtest(r, "every_mx_has_tlsa", SubtestStatus::not_tested, "no_tlsa", "no MX host publishes secure TLSA records");
  else add_subtest(r, "every_mx_has_tlsa", SubtestStatus::failed, "mx_without_tlsa", "some MX hosts lack secure TLSA records: an attacker can steer delivery to them (RFC 7672 §2.2)");

  if (has_warning(r, "mx_insecure")) add_subtest(r, "mx_insecure", SubtestStatus::warning, "mx_insecure", "the MX records are not signed: downgradable by a forged MX");
  else add_subtest(r, "mx_insecure", SubtestStatus::passed, "mx_not_downgradable", "the MX records cannot be forged undetected (or DANE is not used)");

  if (stale_agility > 0) add_subtest(r, "digest_agility", SubtestStatus::warning, "digest_agility_mismatch", "a record with a stronger digest does not match while a weaker one does; agile senders (Postfix) fail (RFC 7671 §9)");
  else add_subtest(r, "digest_agility", with_records ? SubtestStatus::passed : SubtestStatus::not_tested, "digest_agility_ok", "no digest agility problem");
}

}  // namespace daneel::check
