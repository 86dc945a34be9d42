// The report of one check: a plain struct (for the C ABI and tests) and its
// JSON form (report_to_json). Every finding carries a stable machine `code`
// and named parameters; its `text` and `fix` come from the message catalogue
// (core/messages/<lang>.json, messages.h) in the check's language.
// Shape and vocabulary: docs/CHECK.md; JSON Schema: docs/report-schema.json.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/connection_end.h"
#include "check/decisions.h"
#include "check/grading.h"
#include "check/note.h"
#include "check/report_evidence.h"
#include "check/subtest_status.h"
#include "dane/validity.h"
#include "dane/verdict.h"
#include "dnssec/answer_kind.h"
#include "dnssec/security.h"
#include "dnssec/trust_anchors.h"
#include "smtp/smtp_result.h"
#include "util/time.h"

namespace daneel::check {

// The version of the report's JSON shape (docs/report-schema.json): the major
// number changes when a field is removed or changes meaning.
// 1.1 added each probe's connection_end, 1.2 the report's trust_anchors, 1.3 each
// address's TLS grading (present only when grading ran), 1.4 the certificate
// and CAA grading subtests, 1.5 summary.tls_ncsc, renegotiation_client (its
// answer in the evidence's tls object) and each address's grading.ssl3 and
// grading.through_relay.
inline constexpr std::string_view kReportSchemaVersion = "1.5";


// A DNSSEC verdict as reported: security, reason (dnssec::Reason name), and
// the validator's detail.
struct DnssecSummary {
  dnssec::Security security = dnssec::Security::indeterminate;
  std::string reason;
  std::string detail;
  std::optional<dnssec::AnswerKind> kind;  // unset: not looked up
  std::string final_name;           // after CNAME/DNAME links
  std::vector<std::string> chain;   // "owner CNAME target (security)"
  std::string query_failure;        // engine outcome + detail when a query failed
};

struct CertificateSummary {
  std::size_t depth = 0;
  std::string subject, issuer;
  std::vector<std::string> dns_names;
  std::int64_t not_before = 0, not_after = 0;  // Unix seconds
  dane::Validity validity = dane::Validity::valid;
  std::string key;                  // "EC P-256 (256 bits)"
  std::string sha256;               // whole certificate (`3 0 1` data)
  std::string spki_sha256;          // `3 1 1` data
  std::string tlsa_3_1_1;           // the record to publish for this key: "3 1 1 <hex>"
};

struct RecordOutcome {
  std::string record;               // "3 1 1 88ef..."
  std::uint8_t usage = 0;           // of `record` (dane::Usage; not in the JSON, where it is the first number)
  std::string parameters;           // "DANE-EE(3) SPKI(1) SHA2-256(1)"
  bool usable = false;
  bool in_force = false;            // digest agility keeps it
  bool authenticates = false;
  std::vector<std::size_t> matching_depths;
  std::string explanation;
};

struct DaneSummary {
  dane::Verdict verdict = dane::Verdict::no_usable_records;
  bool agile_match = false;         // what Postfix/OpenSSL senders do
  bool naive_match = false;         // any usable record authenticates
  std::string agility_note;
  std::optional<std::size_t> matched_record, matched_depth;
  std::vector<RecordOutcome> records;
};

// What one probe of an address found: the connection, the SMTP session, TLS,
// the served chain and its DANE match. An address has its probe with SNI
// (AddressReport's own) and, for a DANE host's first address, one without
// (AddressReport::no_sni, CheckConfig::probe_without_sni).
struct ProbeReport {
  bool connected = false;
  std::string connect_error;
  // How the driver said the connection attempt failed or the connection
  // ended while the session still needed it; unset when the check closed it.
  std::optional<CloseReason> connection_end;
  std::optional<smtp::Outcome> smtp_outcome;  // unset: no session (no connection, deadline)
  std::optional<smtp::Phase> smtp_phase;
  std::string smtp_detail;
  std::vector<std::string> replies;    // "220 mx.example ESMTP" (first line of each, phase)
  bool starttls_offered = false;
  bool tls = false;
  std::string tls_version, tls_cipher, tls_group;
  std::vector<CertificateSummary> certificates;
  std::optional<DaneSummary> dane;
  TimeMs started_at = 0, finished_at = 0;

  // The handshake failed on daneel's side (smtp::Outcome::handshake_unsupported):
  // the address counts as not tested, never as failing.
  [[nodiscard]] bool checker_limit() const { return smtp_outcome == smtp::Outcome::handshake_unsupported; }
  [[nodiscard]] bool starttls_ok() const { return smtp_outcome == smtp::Outcome::ok; }
  // The relay or the local network, not the mail server, failed or ended the
  // connection before the session's outcome was known: the address counts
  // as not tested, never as failing.
  [[nodiscard]] bool cut_off() const {
    return ended_not_by_mail_server(connection_end) && !starttls_ok();
  }
  // Whatever happened says nothing about the mail server.
  [[nodiscard]] bool judges_nothing() const { return checker_limit() || cut_off(); }
};

// An address, its verdict and its probe with SNI = TLSA base domain.
// What went wrong with a probe's session, in words for a finding's
// "problem" parameter: its SMTP outcome and phase, or why there was none.
[[nodiscard]] std::string smtp_problem(const ProbeReport& probe);

struct AddressReport : ProbeReport {
  std::string address;
  bool ipv6 = false;
  AddressVerdict verdict = AddressVerdict::not_tested;
  Note outcome;                        // why the verdict
  // The extra probe without SNI (RFC 7672 §8.1 A15: senders must send SNI;
  // this shows whether the certificate depends on it). Technical details only:
  // the sni_dependence subtest compares it with this address's probe.
  std::optional<ProbeReport> no_sni;
  // TLS grading by the NCSC guidelines (issue 18, check/grading.h): unset
  // when grading was off (CheckConfig::grading) or under verify's replay.
  std::optional<GradingReport> grading;
};

struct TlsaSummary {
  std::string owner;                   // _25._tcp.<base> asked
  std::string base;                    // TLSA base domain (SNI)
  TlsaState state = TlsaState::not_looked_up;
  DnssecSummary dnssec;
  std::vector<std::string> records;    // "3 1 1 <hex>" (usable or not)
  std::size_t answer_bytes = 0;        // estimated DNS answer size with RRSIGs and EDNS
  Note note;                           // why this base / this state (code empty: nothing to say)
};

struct Subtest {
  std::string name;                    // starttls_available, dane_exists, ...
  SubtestStatus status = SubtestStatus::not_tested;
  Note note;
};

struct HostReport {
  std::string name;                    // the MX exchange (A-label, no trailing dot)
  std::uint16_t preference = 0;
  bool implicit = false;               // the domain itself (no MX RRset)
  DnssecSummary a, aaaa;
  dnssec::Security address_security = dnssec::Security::indeterminate;  // combined over A and AAAA
  TlsaSummary tlsa;
  HostVerdict verdict = HostVerdict::not_tested;
  Note outcome;
  std::vector<AddressReport> addresses;
  bool addresses_truncated = false;
  // This host's part of the sni_dependence subtest (extra_subtests.h); unset
  // when DANE does not apply or the probe was not made.
  std::optional<Subtest> sni_dependence;
  // The grading's subtests over this host's addresses, worst wins (grading.h);
  // unset when none was graded.
  std::optional<GradingSummary> grading;
};

// A TXT policy record of the mail domain (MTA-STS, TLS-RPT): information only.
struct TxtPolicy {
  std::string owner;                   // _mta-sts.<domain> / _smtp._tls.<domain>
  bool looked_up = false;
  bool unanswered = false;             // the resolvers could not be used (dns::is_resolver_trouble)
  DnssecSummary dnssec;
  std::vector<std::string> records;    // the TXT records that start with the version tag
  std::vector<std::string> other;      // other TXT records at the owner (ignored)
};

// What batch tools and monitoring read first (docs/CHECK.md, "summary";
// the rules: script_summary.h).
struct ScriptSummary {
  SummaryDane dane = SummaryDane::error;
  dnssec::Security dnssec = dnssec::Security::indeterminate;  // the MX answer of the domain
  SummaryStarttls starttls = SummaryStarttls::not_tested;      // over the tested addresses
  SummaryTlsNcsc tls_ncsc = SummaryTlsNcsc::not_graded;        // the grading, when it ran
};

struct Report {
  ScriptSummary summary;
  std::string lang = "en";             // the language of every text and fix
  std::string input;                   // as typed
  std::string domain;                  // A-label, no trailing dot
  std::string domain_unicode;
  TimeMs started_at = 0, finished_at = 0;
  MxKind mx_kind = MxKind::unknown;
  DnssecSummary mx;
  std::vector<HostReport> hosts;       // by preference
  bool hosts_truncated = false;        // more than CheckLimits::max_mx_hosts
  TxtPolicy mta_sts, tls_rpt;
  std::vector<Note> warnings;
  std::vector<Subtest> subtests;
  // The grading's subtests over every host, worst wins; unset when none was
  // graded. Kept apart from `subtests`: it changes no verdict (yet).
  std::optional<GradingSummary> grading;
  DomainVerdict verdict = DomainVerdict::error;
  Note outcome;
  std::size_t dns_requests = 0;
  bool timed_out = false;              // the whole-check deadline ended it
  // The trust anchors the check was judged with (its configuration's, the
  // root's KSKs by default): verify compares them with its own. JSON:
  // evidence_json.h (trust_anchors_to_json).
  std::vector<dnssec::TrustAnchorKey> trust_anchors;
  Evidence evidence;                   // what the check consumed, for verify (report_evidence.h)
};

// The report as JSON text (UTF-8; invalid bytes in server replies replaced).
std::string report_to_json(const Report& report, int indent = -1);

}  // namespace daneel::check
