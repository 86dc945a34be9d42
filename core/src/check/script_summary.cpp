#include "check/script_summary.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace daneel::check {

bool is_tested(const AddressReport& a) {
  return (a.smtp_outcome || !a.connect_error.empty()) && !a.judges_nothing();
}

namespace {

using dnssec::Security;

SummaryStarttls summarize_starttls(const Report& r) {
  std::size_t tested = 0, starttls = 0;
  for (const HostReport& h : r.hosts)
    for (const AddressReport& a : h.addresses)
      if (is_tested(a)) {
        ++tested;
        if (a.starttls_ok()) ++starttls;
      }
  return tested == 0             ? SummaryStarttls::not_tested
         : starttls == tested    ? SummaryStarttls::all
         : starttls == 0         ? SummaryStarttls::none
                                 : SummaryStarttls::some;
}

// A DNSSEC failure anywhere DANE senders look: they defer or skip the host.
bool dnssec_bogus(const Report& r) {
  return r.mx.security == Security::bogus ||
         std::any_of(r.hosts.begin(), r.hosts.end(), [](const HostReport& h) {
           return h.address_security == Security::bogus ||
                  (h.tlsa.state == TlsaState::error && h.tlsa.dnssec.security == Security::bogus);
         });
}

SummaryDane summarize_dane(const Report& r) {
  if (r.verdict == DomainVerdict::no_mail) return SummaryDane::no_mail;
  if (dnssec_bogus(r)) return SummaryDane::bogus;
  // Bad input, MX lookup without an answer, deadline before the MX answer.
  if (r.hosts.empty()) return SummaryDane::error;
  std::size_t considered = 0, passed = 0, some_pass = 0, usable = 0, tested_usable = 0;
  for (const HostReport& h : r.hosts) {
    if (h.verdict == HostVerdict::skipped) continue;
    ++considered;
    if (h.verdict == HostVerdict::pass) ++passed;
    if (std::any_of(h.addresses.begin(), h.addresses.end(),
                    [](const AddressReport& a) { return a.verdict == AddressVerdict::pass; }))
      ++some_pass;
    if (h.tlsa.state == TlsaState::usable) {
      ++usable;
      if (std::any_of(h.addresses.begin(), h.addresses.end(), is_tested)) ++tested_usable;
    }
  }
  if (considered == 0) return SummaryDane::error;  // no MX host has an address
  if (passed == considered) return SummaryDane::pass;
  if (some_pass > 0) return SummaryDane::partial;
  if (tested_usable > 0) return SummaryDane::fail;
  if (usable > 0) return SummaryDane::error;  // usable TLSA, but nothing tested
  if (std::any_of(r.hosts.begin(), r.hosts.end(), [](const HostReport& h) { return h.tlsa.state == TlsaState::error; }))
    return SummaryDane::error;  // a TLSA lookup without an answer
  return SummaryDane::none;
}

SummaryTlsNcsc summarize_tls_ncsc(const Report& r) {
  if (!r.grading) return SummaryTlsNcsc::not_graded;
  bool rated = false, phase_out = false, undecided = false;
  for (const GradingSubtest& s : r.grading->subtests) {
    if (!rated_by_ncsc(s.name)) continue;
    rated = true;
    switch (s.status) {
      case SubtestStatus::failed:
        return SummaryTlsNcsc::insufficient;
      case SubtestStatus::warning:
        phase_out = true;
        break;
      case SubtestStatus::not_tested:
      case SubtestStatus::error:
        undecided = true;
        break;
      case SubtestStatus::passed:
      case SubtestStatus::info:  // not applicable (TLS 1.3 only: no renegotiation, ...)
        break;
    }
  }
  // Only mail_caa (no address graded): nothing the guidelines rate.
  if (!rated) return SummaryTlsNcsc::not_graded;
  if (phase_out) return SummaryTlsNcsc::phase_out;
  return undecided ? SummaryTlsNcsc::not_tested : SummaryTlsNcsc::meets;
}

}  // namespace

bool rated_by_ncsc(std::string_view name) {
  static constexpr std::array<std::string_view, 10> kRated = {
      "tls_version",     "tls_ciphers",          "tls_cipher_order",       "fs_params",   "kex_hash_func",
      "tls_compression", "renegotiation_secure", "extended_master_secret", "cert_pubkey", "cert_signature"};
  return std::find(kRated.begin(), kRated.end(), name) != kRated.end();
}

ScriptSummary summarize_for_scripts(const Report& r) {
  return ScriptSummary{.dane = summarize_dane(r),
                       .dnssec = r.mx.security,
                       .starttls = summarize_starttls(r),
                       .tls_ncsc = summarize_tls_ncsc(r)};
}

}  // namespace daneel::check
