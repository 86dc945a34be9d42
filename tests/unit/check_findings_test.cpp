// The report's summary for scripts, the MTA-STS / TLS-RPT records, the extra
// subtests (IPv6, stale and oversized TLSA, SNI dependence) and the whole-check deadline.
#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <string>
#include <variant>

#include "capi/check_capi.h"
#include "check/check.h"
#include "check/extra_subtests.h"
#include "check/grading.h"
#include "check/messages.h"
#include "check/script_summary.h"
#include "check/summary.h"
#include "check/txt_policy.h"
#include "check/verdicts.h"
#include "smtp/smtp_result.h"

using namespace daneel;

namespace {

// The enum value whose report word is `word` (the tests below read better
// with the report's words; a word that names nothing fails the test).
template <typename Enum, std::size_t N>
Enum from_word(std::string_view word, const Enum (&values)[N]) {
  for (const Enum value : values)
    if (to_string(value) == word) return value;
  FAIL("no value is called " << word);
  return values[0];
}

check::TlsaState tlsa_state(std::string_view word) {
  using S = check::TlsaState;
  return from_word(word, {S::not_looked_up, S::usable, S::unusable, S::denied, S::insecure, S::error, S::not_applicable});
}

check::AddressVerdict address_verdict(std::string_view word) {
  using V = check::AddressVerdict;
  return from_word(word, {V::not_tested, V::pass, V::fail, V::no_dane});
}

dnssec::Security security(std::string_view word) {
  using S = dnssec::Security;
  return from_word(word, {S::secure, S::insecure, S::bogus, S::indeterminate});
}

check::HostReport host(const std::string& name, const std::string& tlsa,
                       std::initializer_list<std::string> address_verdicts) {
  check::HostReport h;
  h.name = name;
  h.address_security = dnssec::Security::secure;
  h.tlsa.state = tlsa_state(tlsa);
  h.aaaa.kind = dnssec::AnswerKind::nodata;
  int n = 1;
  for (const std::string& v : address_verdicts) {
    check::AddressReport a;
    a.address = "192.0.2." + std::to_string(n++);
    a.smtp_outcome = v == "starttls_failed" ? smtp::Outcome::protocol_error : smtp::Outcome::ok;
    a.verdict = address_verdict(v == "starttls_failed" ? "fail" : v);
    h.addresses.push_back(a);
  }
  return h;
}

check::Report judged(std::vector<check::HostReport> hosts, const std::string& mx = "secure") {
  check::Report r;
  r.domain = "example.nl";
  r.mx_kind = check::MxKind::records;
  r.mx.security = security(mx);
  r.hosts = std::move(hosts);
  check::judge_report(r);
  return r;
}

std::string status(const check::Report& r, const std::string& name) {
  for (const check::Subtest& s : r.subtests)
    if (s.name == name) return std::string(check::to_string(s.status)) + "/" + s.note.code;
  return "missing";
}

}  // namespace

TEST_CASE("check summary: dane pass / partial / fail / none / bogus / no_mail / error") {
  CHECK(to_string(judged({host("mx1", "usable", {"pass", "pass"}), host("mx2", "usable", {"pass"})}).summary.dane) ==
        "pass");
  CHECK(to_string(judged({host("mx1", "usable", {"pass", "fail"})}).summary.dane) == "partial");
  CHECK(to_string(judged({host("mx1", "usable", {"pass"}), host("mx2", "denied", {"no-dane"})}).summary.dane) ==
        "partial");
  CHECK(to_string(judged({host("mx1", "usable", {"fail"}), host("mx2", "denied", {"no-dane"})}).summary.dane) == "fail");
  CHECK(to_string(judged({host("mx1", "usable", {"starttls_failed"})}).summary.dane) == "fail");
  CHECK(to_string(judged({host("mx1", "denied", {"no-dane"})}).summary.dane) == "none");
  CHECK(to_string(judged({host("mx1", "unusable", {"fail"})}).summary.dane) ==
        "none");  // only usages 0/1: no usable TLSA
  CHECK(to_string(judged({host("mx1", "insecure", {"no-dane"})}, "insecure").summary.dane) == "none");

  check::HostReport bogus = host("mx1", "error", {"fail"});
  bogus.tlsa.dnssec.security = dnssec::Security::bogus;
  CHECK(to_string(judged({bogus, host("mx2", "usable", {"pass"})}).summary.dane) == "bogus");
  check::Report mx_bogus;
  mx_bogus.mx.security = dnssec::Security::bogus;
  mx_bogus.outcome =
      check::note("mx_lookup_error", {{"domain", "x"}, {"security", "bogus"}, {"detail", "-"}});
  check::judge_report(mx_bogus);
  CHECK(to_string(mx_bogus.summary.dane) == "bogus");
  CHECK(to_string(mx_bogus.summary.dnssec) == "bogus");
  CHECK(to_string(mx_bogus.summary.starttls) == "not_tested");

  check::Report null_mx;
  null_mx.verdict = check::DomainVerdict::no_mail;
  null_mx.outcome = check::note("null_mx", {{"domain", "x"}});
  null_mx.mx.security = dnssec::Security::secure;
  check::judge_report(null_mx);
  CHECK(to_string(null_mx.summary.dane) == "no_mail");

  check::Report bad_input;
  bad_input.outcome = check::note("input_invalid", {{"detail", "x"}});
  check::judge_report(bad_input);
  CHECK(to_string(bad_input.summary.dane) == "error");
  CHECK(to_string(bad_input.summary.dnssec) == "indeterminate");

  // Usable TLSA but nothing tested (the deadline ended it): could not test.
  check::HostReport untested = host("mx1", "usable", {});
  check::AddressReport a;
  a.address = "192.0.2.9";
  untested.addresses.push_back(a);
  CHECK(to_string(judged({untested}).summary.dane) == "error");

  // starttls: all / some / none.
  CHECK(to_string(judged({host("mx1", "usable", {"pass", "starttls_failed"})}).summary.starttls) == "some");
  CHECK(to_string(judged({host("mx1", "usable", {"starttls_failed"})}).summary.starttls) == "none");
  CHECK(to_string(judged({host("mx1", "denied", {"no-dane"})}).summary.starttls) == "all");
}

TEST_CASE("check summary: tls_ncsc is the worst of the subtests the NCSC guidelines rate; information is left out") {
  using S = check::SubtestStatus;
  // A judged report whose domain grading has these subtests (name, status).
  const auto graded = [](std::initializer_list<std::pair<std::string, S>> subtests) {
    check::Report r;
    r.domain = "example.nl";
    r.hosts = {host("mx1", "usable", {"pass"})};
    r.grading.emplace();
    for (const auto& [name, status] : subtests) {
      check::GradingSubtest t;
      t.name = name;
      t.status = status;
      r.grading->subtests.push_back(t);
    }
    check::judge_report(r);
    return std::string(to_string(r.summary.tls_ncsc));
  };
  CHECK(to_string(judged({host("mx1", "usable", {"pass"})}).summary.tls_ncsc) == "not_graded");
  CHECK(graded({{"tls_version", S::passed}, {"tls_compression", S::info}, {"extended_master_secret", S::passed}}) ==
        "meets");
  CHECK(graded({{"tls_version", S::passed}, {"tls_ciphers", S::warning}, {"fs_params", S::not_tested}}) == "phase_out");
  CHECK(graded({{"tls_version", S::failed}, {"tls_ciphers", S::warning}, {"fs_params", S::not_tested}}) ==
        "insufficient");
  CHECK(graded({{"tls_version", S::passed}, {"tls_cipher_order", S::not_tested}}) == "not_tested");
  CHECK(graded({{"cert_signature", S::error}}) == "not_tested");
  // Information beside the guidelines changes nothing: a failed cert_hostmatch, a mail_caa warning, cert_trust info.
  CHECK(graded({{"tls_version", S::passed}, {"cert_hostmatch", S::failed}, {"mail_caa", S::warning},
                {"cert_trust", S::info}, {"renegotiation_client", S::failed}}) == "meets");
  // Only mail_caa (no address could be graded): nothing rated.
  CHECK(graded({{"mail_caa", S::passed}}) == "not_graded");
  CHECK(check::rated_by_ncsc("kex_hash_func"));
  CHECK_FALSE(check::rated_by_ncsc("cert_trust"));
}

TEST_CASE("check verdicts: a handshake that failed on daneel's side is not tested, never failed") {
  smtp::SmtpResult ours;
  ours.outcome = smtp::Outcome::handshake_unsupported;
  ours.phase = smtp::Phase::tls_handshake;
  ours.detail = "TLS handshake failed: X509 - ...; alert sent: bad_certificate";
  smtp::SmtpResult theirs = ours;
  theirs.outcome = smtp::Outcome::handshake_failed;
  for (const check::DaneMode mode : {check::DaneMode::authenticate, check::DaneMode::tls_only,
                                     check::DaneMode::opportunistic, check::DaneMode::tlsa_error}) {
    check::AddressReport a;
    check::summarize_smtp(ours, a, 0);
    check::judge_address(a, mode, nullptr);
    CHECK(to_string(a.verdict) == "not_tested");
    CHECK(a.outcome.code == "tls_unsupported_by_daneel");
    check::AddressReport b;
    check::summarize_smtp(theirs, b, 0);
    check::judge_address(b, mode, nullptr);
    CHECK(to_string(b.verdict) != "not_tested");  // the server's failure stays the server's
    // The problem named is the session's: outcome, phase and detail.
    REQUIRE(b.outcome.params.size() == 1);
    CHECK(b.outcome.params.front().name == "problem");
    CHECK(b.outcome.params.front().value ==
          "handshake_failed in phase tls_handshake (TLS handshake failed: X509 - ...; alert sent: bad_certificate)");
  }

  // One address of two limited: the other decides; nothing counts as missing STARTTLS.
  check::HostReport h = host("mx1", "usable", {"pass", "pass"});
  h.addresses[1].smtp_outcome = smtp::Outcome::handshake_unsupported;
  h.addresses[1].verdict = check::AddressVerdict::not_tested;
  const check::Report mixed = judged({h});
  CHECK(status(mixed, "starttls_available") == "passed/starttls_all");
  CHECK(status(mixed, "dane_valid") == "passed/dane_valid_ok");
  CHECK(to_string(mixed.summary.starttls) == "all");

  // Every address limited: not tested anywhere, and the domain names daneel's limit.
  for (check::AddressReport& a : h.addresses) {
    a.smtp_outcome = smtp::Outcome::handshake_unsupported;
    a.verdict = check::AddressVerdict::not_tested;
  }
  const check::Report limited = judged({h});
  CHECK(to_string(limited.verdict) == "error");
  CHECK(limited.outcome.code == "mx_not_tested_checker_limit");
  CHECK(status(limited, "starttls_available") == "not_tested/starttls_untested_checker_limit");
  CHECK(status(limited, "dane_valid") == "not_tested/dane_valid_unjudged");
  CHECK(status(limited, "dane_rollover") == "not_tested/rollover_unjudged");
  CHECK(to_string(limited.summary.starttls) == "not_tested");
  CHECK(to_string(limited.summary.dane) == "error");
}

TEST_CASE("check txt policies: MTA-STS and TLS-RPT record syntax") {
  std::string value;
  CHECK(check::mta_sts_record_valid("v=STSv1; id=20240101T000000;", value));
  CHECK(value == "20240101T000000");
  CHECK(check::mta_sts_record_valid("v=STSv1;id=abc", value));
  CHECK(check::mta_sts_record_valid("v=STSv1; id=abc; ext_1=some-value", value));
  CHECK_FALSE(check::mta_sts_record_valid("v=STSv1", value));  // no id
  CHECK_FALSE(check::mta_sts_record_valid("v=STSv1; id=", value));
  CHECK_FALSE(check::mta_sts_record_valid("v=STSv1; id=has-dash", value));  // alphanumeric only
  CHECK_FALSE(check::mta_sts_record_valid("v=STSv1; id=123456789012345678901234567890123", value));  // 33
  CHECK_FALSE(check::mta_sts_record_valid("v=STSv1; id=a; id=b", value));
  CHECK_FALSE(check::mta_sts_record_valid("v=STSv1;; id=a", value));
  CHECK_FALSE(check::mta_sts_record_valid("id=a; v=STSv1", value));
  CHECK_FALSE(check::mta_sts_record_valid("v=STSv2; id=a", value));

  CHECK(check::tls_rpt_record_valid("v=TLSRPTv1; rua=mailto:tlsrpt@example.nl", value));
  CHECK(value == "mailto:tlsrpt@example.nl");
  CHECK(
      check::tls_rpt_record_valid("v=TLSRPTv1;rua=mailto:a@example.nl, https://r.example.nl/tlsrpt;", value));
  CHECK(value == "mailto:a@example.nl, https://r.example.nl/tlsrpt");
  CHECK_FALSE(check::tls_rpt_record_valid("v=TLSRPTv1", value));  // no rua
  CHECK_FALSE(check::tls_rpt_record_valid("v=TLSRPTv1; rua=ftp://x.example", value));
  CHECK_FALSE(check::tls_rpt_record_valid("v=TLSRPTv1; rua=", value));
  std::string many = "v=TLSRPTv1; rua=mailto:a@x.nl";
  for (int i = 0; i < 16; ++i) many += ",mailto:a@x.nl";
  CHECK_FALSE(check::tls_rpt_record_valid(many, value));  // 17 URIs: over the bound
  CHECK_FALSE(check::tls_rpt_record_valid("v=TLSRPTv1; rua=mailto:a@x.nl; rua=mailto:b@x.nl", value));

  check::TxtPolicy p;
  CHECK(check::judge_mta_sts(p).note.code == "mta_sts_untested");
  p.looked_up = true;
  p.dnssec.security = dnssec::Security::secure;
  p.dnssec.kind = dnssec::AnswerKind::nxdomain;
  CHECK(check::judge_mta_sts(p).note.code == "mta_sts_absent");
  CHECK(check::judge_mta_sts(p).status == check::SubtestStatus::info);
  p.dnssec.kind = dnssec::AnswerKind::answer;
  p.records = {"v=STSv1; id=1", "v=STSv1; id=2"};
  CHECK(check::judge_mta_sts(p).note.code == "mta_sts_multiple");
  p.records = {"v=STSv1; idx=1"};
  CHECK(check::judge_mta_sts(p).note.code == "mta_sts_syntax");
  p.records = {"v=STSv1; id=1"};
  CHECK(check::judge_mta_sts(p).status == check::SubtestStatus::passed);
  p.dnssec.security = dnssec::Security::bogus;
  CHECK(check::judge_mta_sts(p).note.code == "mta_sts_lookup_error");
}

TEST_CASE("check extra subtests: IPv6 of the MX hosts") {
  check::HostReport h = host("mx1", "usable", {"pass"});
  CHECK(status(judged({h}), "mx_ipv6") == "failed/mx_ipv6_missing");
  h.aaaa.kind = dnssec::AnswerKind::answer;
  check::AddressReport v6;
  v6.address = "2001:db8::25";
  v6.ipv6 = true;
  v6.connect_error = "connection refused";
  v6.verdict = check::AddressVerdict::fail;
  h.addresses.push_back(v6);
  CHECK(status(judged({h}), "mx_ipv6") == "failed/mx_ipv6_unreachable");
  h.addresses.back().connected = true;
  h.addresses.back().connect_error.clear();
  h.addresses.back().smtp_outcome = smtp::Outcome::ok;
  CHECK(status(judged({h}), "mx_ipv6") == "passed/mx_ipv6_ok");
}

TEST_CASE("check extra subtests: stale TLSA records, judged against a sound standby") {
  auto record = [](const std::string& text, bool usable, bool authenticates, bool matches) {
    check::RecordOutcome o;
    o.record = text;
    o.parameters = text.substr(0, 5);
    o.usable = usable;
    o.in_force = usable;
    o.authenticates = authenticates;
    if (matches) o.matching_depths = {0};
    return o;
  };
  check::HostReport h = host("mx1", "usable", {"pass"});
  h.addresses[0].dane = check::DaneSummary{};
  auto& records = h.addresses[0].dane->records;
  records = {record("3 1 1 aa", true, true, true)};
  CHECK(status(judged({h}), "tlsa_stale") == "passed/tlsa_stale_none");
  // One record for the next key: a sound standby, not stale.
  records.push_back(record("3 1 1 bb", true, false, false));
  CHECK(status(judged({h}), "tlsa_stale") == "passed/tlsa_stale_none");
  // A second idle record of the same kind: one more than a standby explains.
  records.push_back(record("3 1 1 cc", true, false, false));
  CHECK(status(judged({h}), "tlsa_stale") == "info/tlsa_stale_records");
  // A record idle on one address but matching on another is in use.
  check::AddressReport second = h.addresses[0];
  second.address = "192.0.2.2";
  second.dane->records[2].matching_depths = {0};
  h.addresses.push_back(second);
  CHECK(status(judged({h}), "tlsa_stale") == "passed/tlsa_stale_none");
  // PKIX-EE (usage 1) next to DANE-EE: ignored by senders.
  h.addresses.pop_back();  // (the vector may have moved: no `records` reference below)
  h.addresses[0].dane->records = {record("3 1 1 aa", true, true, true),
                                  record("1 1 1 aa", false, false, true)};
  CHECK(status(judged({h}), "tlsa_stale") == "info/tlsa_unusable_ignored");
  // Nothing authenticates: dane_valid reports it, no stale judgement.
  h.addresses[0].dane->records = {record("3 1 1 aa", true, false, false)};
  h.addresses[0].verdict = check::AddressVerdict::fail;
  CHECK(status(judged({h}), "tlsa_stale") == "not_tested/tlsa_stale_untested");
}

TEST_CASE("check extra subtests: oversized TLSA RRsets") {
  check::HostReport h = host("mx1", "usable", {"pass"});
  h.tlsa.records = {"3 1 1 aa", "3 1 1 bb"};
  h.tlsa.answer_bytes = 300;
  CHECK(status(judged({h}), "tlsa_size") == "passed/tlsa_size_ok");
  h.tlsa.answer_bytes = check::kTlsaAnswerBytesLimit + 1;
  CHECK(status(judged({h}), "tlsa_size") == "warning/tlsa_size_large");
  h.tlsa.answer_bytes = 300;
  h.tlsa.records.assign(check::kTlsaRecordsLimit + 1, "3 1 1 aa");
  CHECK(status(judged({h}), "tlsa_size") == "warning/tlsa_size_large");
  CHECK(status(judged({host("mx1", "denied", {"no-dane"})}), "tlsa_size") == "not_tested/tlsa_size_untested");
}

// The probe without SNI (RFC 7672 §8.1, A15) against the probe with SNI, per
// DANE host, and the domain's worst host (extra_subtests.h).
TEST_CASE("check extra subtests: SNI dependence of the certificate") {
  auto certificate = [](const std::string& sha256) {
    check::CertificateSummary c;
    c.sha256 = sha256;
    return c;
  };
  auto dane = [](bool authenticates) {
    check::DaneSummary d;
    d.verdict = authenticates ? dane::Verdict::matched : dane::Verdict::no_match;
    return d;
  };
  // A DANE host whose first address served `with` (SNI) and `without` (no SNI).
  auto sni_host = [&](const std::string& name, const std::string& with, bool with_ok, const std::string& without,
                      bool without_ok) {
    check::HostReport h = host(name, "usable", {with_ok ? "pass" : "fail"});
    h.tlsa.base = name;
    h.addresses[0].certificates = {certificate(with)};
    h.addresses[0].dane = dane(with_ok);
    check::ProbeReport bare;
    bare.connected = true;
    bare.smtp_outcome = smtp::Outcome::ok;
    bare.tls = true;
    bare.certificates = {certificate(without)};
    bare.dane = dane(without_ok);
    h.addresses[0].no_sni = bare;
    return h;
  };
  const auto host_status = [](const check::Report& r, std::size_t i) {
    const auto& s = r.hosts.at(i).sni_dependence;
    return s ? std::string(check::to_string(s->status)) + "/" + s->note.code : std::string("none");
  };

  // Same chain: passed, whether or not it authenticates (dane_valid judges that).
  check::Report r = judged({sni_host("mx1", "aa", true, "aa", true)});
  CHECK(status(r, "sni_dependence") == "passed/sni_independent_all");
  CHECK(host_status(r, 0) == "passed/sni_independent");
  CHECK(status(judged({sni_host("mx1", "aa", false, "aa", false)}), "sni_dependence") ==
        "passed/sni_independent_all");
  // A different chain that the records also authenticate: information.
  CHECK(status(judged({sni_host("mx1", "aa", true, "bb", true)}), "sni_dependence") ==
        "info/sni_different_both_valid");
  // Only the SNI chain authenticates: senders without SNI fail.
  r = judged({sni_host("mx1", "aa", true, "bb", false)});
  CHECK(status(r, "sni_dependence") == "warning/sni_required");
  CHECK(to_string(r.verdict) == "pass");  // DANE senders send SNI: the domain still passes
  CHECK(to_string(r.summary.dane) == "pass");
  // Only the default chain authenticates: the SNI map serves the wrong certificate.
  r = judged({sni_host("mx1", "aa", false, "bb", true)});
  CHECK(status(r, "sni_dependence") == "failed/sni_wrong_certificate");
  CHECK(status(r, "dane_valid") == "failed/dane_valid_failed");
  CHECK(to_string(r.verdict) == "fail");
  bool base_param = false;
  for (const check::Param& p : r.hosts[0].sni_dependence->note.params) base_param = base_param || p.name == "base";
  CHECK(base_param);
  CHECK(status(judged({sni_host("mx1", "aa", false, "bb", false)}), "sni_dependence") ==
        "info/sni_different_neither_valid");

  // The probe without SNI did not complete: information with the reason, never a failure.
  check::HostReport incomplete = sni_host("mx1", "aa", true, "bb", false);
  incomplete.addresses[0].no_sni->smtp_outcome = smtp::Outcome::handshake_failed;
  incomplete.addresses[0].no_sni->smtp_phase = smtp::Phase::tls_handshake;
  incomplete.addresses[0].no_sni->certificates.clear();
  r = judged({incomplete});
  CHECK(status(r, "sni_dependence") == "info/sni_probe_incomplete");
  CHECK(to_string(r.verdict) == "pass");
  incomplete.addresses[0].no_sni = check::ProbeReport{};
  incomplete.addresses[0].no_sni->connect_error = "connection refused";
  CHECK(status(judged({incomplete}), "sni_dependence") == "info/sni_probe_incomplete");
  // The probe with SNI did not complete: nothing to compare.
  check::HostReport broken = sni_host("mx1", "aa", true, "aa", true);
  broken.addresses[0].smtp_outcome = smtp::Outcome::handshake_failed;
  CHECK(status(judged({broken}), "sni_dependence") == "not_tested/sni_probe_untested");

  // No DANE (no usable TLSA) or no probe without SNI: not judged.
  check::HostReport plain = host("mx1", "denied", {"no-dane"});
  r = judged({plain});
  CHECK(status(r, "sni_dependence") == "not_tested/sni_untested");
  CHECK_FALSE(r.hosts[0].sni_dependence.has_value());
  check::HostReport unprobed = sni_host("mx1", "aa", true, "aa", true);
  unprobed.addresses[0].no_sni.reset();
  CHECK(status(judged({unprobed}), "sni_dependence") == "not_tested/sni_untested");
  check::HostReport unusable = sni_host("mx1", "aa", true, "bb", false);
  unusable.tlsa.state = check::TlsaState::unusable;
  CHECK(status(judged({unusable}), "sni_dependence") == "not_tested/sni_untested");

  // Several hosts: the worst one speaks for the domain.
  r = judged({sni_host("mx1", "aa", true, "aa", true), sni_host("mx2", "cc", true, "dd", false),
              sni_host("mx3", "ee", true, "ff", true), plain});
  CHECK(status(r, "sni_dependence") == "warning/sni_required");
  CHECK(host_status(r, 0) == "passed/sni_independent");
  CHECK(host_status(r, 1) == "warning/sni_required");
  CHECK(host_status(r, 2) == "info/sni_different_both_valid");
  CHECK(host_status(r, 3) == "none");
  CHECK(r.subtests.back().note.params.at(0).value == "mx2");
  // The findings render in both languages.
  CHECK(check::render_messages(r, "nl").empty());
  CHECK(r.hosts[1].sni_dependence->note.text.find("mx2") != std::string::npos);
  CHECK_FALSE(r.hosts[1].sni_dependence->note.fix.empty());
  // The JSON carries the host's finding and the probe without SNI.
  const std::string json = check::report_to_json(r);
  CHECK(json.find(R"("sni_dependence":{"status":"warning","code":"sni_required")") != std::string::npos);
  CHECK(json.find(R"("no_sni":{"sni":false,"connected":true)") != std::string::npos);
}

TEST_CASE("check engine: after the whole-check deadline a complete report of what is known") {
  check::CheckConfig config;
  config.resolver.servers = {"https://192.0.2.53/dns-query"};
  config.resolver.attempt_timeout = 30'000;  // longer than the deadline: nothing answers before it
  config.limits.check_deadline = 5'000;
  config.lang = "nl";
  CHECK(check::CheckConfig{}.limits.check_deadline == 60'000);  // the default
  check::Check c("example.nl", config, 1000);
  REQUIRE_FALSE(c.done());
  std::size_t asked = 0;
  for (const check::Action& action : c.take_actions())
    asked += std::holds_alternative<check::DohExchange>(action) ? 1 : 0;
  CHECK(asked >= 4);  // MX, DNSKEY, _mta-sts TXT and _smtp._tls TXT at once
  REQUIRE(c.next_deadline().has_value());
  CHECK(*c.next_deadline() <= 6'000);
  c.on_timer(6'000);
  REQUIRE(c.done());
  const check::Report& r = c.report();
  CHECK(r.timed_out);
  CHECK(to_string(r.verdict) == "error");
  CHECK(r.outcome.code == "check_deadline_mx");
  CHECK(r.outcome.text.find("5 seconden") != std::string::npos);
  CHECK(to_string(r.summary.dane) == "error");
  CHECK(r.lang == "nl");
  CHECK(c.message_problems().empty());
  CHECK_FALSE(r.subtests.empty());
  for (const check::Subtest& s : r.subtests) CHECK_FALSE(s.note.text.empty());
}

TEST_CASE("check engine: an unknown language is a config error") {
  check::CheckConfig config;
  config.resolver.servers = {"https://192.0.2.53/dns-query"};
  config.lang = "de";
  check::Check c("example.nl", config, 1000);
  CHECK(c.done());
  CHECK(c.report().outcome.code == "config_invalid");
  CHECK(c.report().outcome.text.find("lang must be") != std::string::npos);
  CHECK(c.report().lang == "en");
}

TEST_CASE("check C ABI: the config key lang is \"en\" or \"nl\", anything else a clear error") {
  const auto create = [](const std::string& config) {
    return daneel_check_create(config.data(), config.size());
  };
  const std::string servers = R"("kind":"check","servers":["https://192.0.2.53/dns-query"])";
  CHECK(create("{" + servers + R"(,"lang":"de"})") == 0);
  CHECK(std::string(daneel_last_error()).find(R"(lang must be \"en\" or \"nl\")") != std::string::npos);
  CHECK(create("{" + servers + R"(,"lang":7})") == 0);
  const std::uint32_t handle = create("{" + servers + R"(,"lang":"nl"})");
  REQUIRE(handle != 0);
  const std::string input = "not a domain!";
  REQUIRE(daneel_check_start(handle, input.data(), input.size(), 1000) == 0);
  const std::string report = daneel_check_report(handle);
  CHECK(report.find(R"("lang":"nl")") != std::string::npos);
  CHECK(report.find("Dit is geen maildomein dat getest kan worden") != std::string::npos);
  daneel_check_free(handle);
}

TEST_CASE("check C ABI: root_store is PEM text within the bound, or absent") {
  const auto create = [](const std::string& config) {
    return daneel_check_create(config.data(), config.size());
  };
  const std::string servers = R"("kind":"check","servers":["https://192.0.2.53/dns-query"])";
  CHECK(create("{" + servers + R"(,"root_store":7})") == 0);
  CHECK(std::string(daneel_last_error()).find("root_store must be PEM certificates") != std::string::npos);
  CHECK(create("{" + servers + R"(,"root_store":")" + std::string(4 * 1024 * 1024 + 1, 'A') + R"("})") == 0);
  for (const std::string fine : {R"(,"root_store":null)", R"(,"root_store":"-----BEGIN CERTIFICATE-----")"}) {
    const std::uint32_t handle = create("{" + servers + fine + "}");
    CHECK(handle != 0);
    daneel_check_free(handle);
  }
  const std::string report = "{}";
  const std::string bad_verify = R"({"root_store":false})";
  CHECK(daneel_verify(report.data(), report.size(), bad_verify.data(), bad_verify.size()) == nullptr);
  CHECK(std::string(daneel_last_error()).find("root_store must be PEM certificates") != std::string::npos);
}
