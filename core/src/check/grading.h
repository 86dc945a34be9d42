// TLS grading in the check (issue 18, docs/TLS_GRADING.md): per address, the
// plan's probes (tls::next_probe) after the check's own handshake, within a
// connection budget that counts every connection the check opens to the
// address (its own session, the probe without SNI, the probes). This file
// holds the per-address state and turns it into the report's `grading`
// block; check.cpp schedules the probes through the check's own IO
// (OpenConnection with the domain and MX, so a relay admits or refuses them
// like any session).
//
// The rule that keeps verdicts honest: a subtest the probes made cannot
// decide is `not_tested`, with the typed reason that stopped them (budget,
// rate limit, relay, ...), never passed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "check/caa.h"
#include "check/connection_end.h"
#include "check/note.h"
#include "check/subtest_status.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "smtp/probe_end.h"
#include "smtp/smtp_result.h"
#include "tls/grading_decisions.h"

namespace daneel::check {

struct GradingConfig {
  // Off: the check opens today's connections only (CLI --quick, JS grading: false).
  bool enabled = false;
  // Connections per address for the whole check: its own session, the probe
  // without SNI (DANE hosts, first address) and the grading probes.
  std::size_t max_connections_per_address = 6;
  // The root store cert_trust validates the check's chain against: PEM
  // certificates (the native driver: Debian's ca-certificates bundle; Node:
  // tls.rootCertificates, Mozilla's). Empty: cert_trust is not tested
  // (no_root_store), never guessed. At most dane::kMaxBundleSize bytes.
  std::string root_store;
  // The check's connections go through the relay (docs/TLS_GRADING.md,
  // section 4): it refuses a server's SSL 3.0 records, so the SSL 3.0 probe
  // is not sent and SSL 3.0 is reported not tested (relay).
  bool through_relay = false;
};

// Why the plan stopped before it had nothing more to ask.
enum class GradingStop : std::uint8_t {
  none,               // the plan ran to its end
  no_handshake,       // the check's own session completed no TLS handshake: nothing to grade
  budget,             // max_connections_per_address reached
  rate_limited,       // the server's 4xx greeting (421/450): its rate limit or load
  session_refused,    // the server refused the probe's session (5xx, no STARTTLS, STARTTLS refused)
  connection_failed,  // the server refused, reset or did not answer the connection
  relay_refused,      // the relay's policy or caps (close codes 4008, 1013, ...): not the server's doing
  timeout,            // the probe's SMTP or TLS answer did not come in time
  protocol_error,     // the server's answer could not be read
  check_deadline,     // the whole check's deadline ended it
  checker_error,      // daneel could not build the probe (no randomness): never the server's doing
};
std::string_view to_string(GradingStop stop);

// One probe as made: what it offered, how it ended, what the flight decided.
struct GradingProbe {
  tls::ProbeKind kind = tls::ProbeKind::legacy;
  std::optional<smtp::ProbeEnd> end;    // unset: the connection failed (see connection_end)
  std::optional<CloseReason> connection_end;
  std::string detail;
  std::optional<tls::ServerFlight> flight;  // answered: the decided facts (certificates dropped)
  // tls12_renegotiation only: the session's answer to its renegotiation.
  std::optional<smtp::Renegotiation> renegotiation;
  std::optional<std::uint8_t> renegotiation_alert;
  TimeMs started_at = 0, finished_at = 0;
};

// A tls12_renegotiation session as a probe: `answered` once its TLS 1.2
// handshake completed, with that handshake's facts as the flight (they are
// a TLS 1.2 answer like a probe's: EMS, secure renegotiation, suite, group,
// signature scheme), and the renegotiation's answer; otherwise how the
// session ended, which stops the plan as a probe's end does.
void take_renegotiation_session(const smtp::SmtpResult& session, GradingProbe& probe);

// A report's grading of one address as recorded (verify replays it: the
// probes' decided flight facts, in the order made, and why the plan stopped).
struct RecordedGrading {
  std::size_t budget = 6;
  bool through_relay = false;  // the SSL 3.0 probe was not sent (GradingConfig)
  GradingStop stop = GradingStop::none;
  std::vector<GradingProbe> probes;
};
// Set in CheckConfig::grading_replay (by verify, beside probe_replay): the
// recorded grading of the address `address` of MX host `host`; nullopt: the
// report graded it not.
using GradingReplay = std::function<std::optional<RecordedGrading>(const std::string& host, const std::string& address)>;

// cert_trust and cert_hostmatch (information, as Internet.nl's): decided by
// the check from its own handshake's chain, not by the probe plan, so a
// budget that stops the plan never stops them.
enum class CertTrust : std::uint8_t {
  no_root_store,  // none configured: not tested
  unusable,       // the configured one could not be read: not tested
  trusted,        // the chain validates to one of its roots (dates included, no name check)
  not_trusted,
};
struct CertFindings {
  CertTrust trust = CertTrust::no_root_store;
  std::string trust_problem;  // the first reason it is not trusted
  bool leaf_read = false;     // Mbed TLS parsed the leaf (else the names are not known)
  bool name_matched = false;  // a DNS-ID (or the CN without any) matches a reference identifier
  bool dane_ta = false;       // the host publishes usable DANE-TA (usage 2) records
  std::string matched_name;   // the presented name that matched
  std::string references;     // the reference identifiers, comma-separated
};
// `references` are the DANE reference identifiers of the host (the TLSA base
// domain, the MX host name, ...: host_decisions.h), so that cert_hostmatch
// and the DANE-TA name check are one rule (dane/names.h) over the same names.
CertFindings cert_findings(std::span<const Bytes> chain, std::span<const dns::Name> references,
                           std::span<const dns::Tlsa> tlsa, std::string_view root_store, TimeMs now);

// renegotiation_client (information, as Internet.nl's): decided by the
// check's own TLS 1.2 session, which asks for a new handshake after EHLO
// (smtp::SmtpConfig::renegotiate), so it costs no connection of its own.
// `relay_ended`: the connection's end was the relay's doing (a relay that
// cut the session while the renegotiation waited says nothing of the server).
struct RenegotiationFinding {
  smtp::Renegotiation outcome = smtp::Renegotiation::not_asked;
  std::optional<std::uint8_t> alert;
  bool relay_ended = false;
};

// The per-address state check.cpp keeps while the plan runs.
struct AddressGrading {
  std::size_t budget = 6;
  bool through_relay = false;  // GradingConfig::through_relay (or the record's, in verify)
  std::size_t connections = 0;  // opened or being opened to this address by the check
  tls::ProbeResults results;
  std::vector<GradingProbe> probes;
  GradingStop stop = GradingStop::none;
  bool probe_pending = false;   // one probe at a time: the next depends on its answer
  bool finished = false;
  std::optional<RecordedGrading> recorded;  // verify: answers come from here, no connection is opened
  std::optional<CertFindings> certs;  // set with the check's own handshake
  std::optional<RenegotiationFinding> renegotiation;  // likewise
};

struct GradingSubtest {
  std::string name;  // Internet.nl's: tls_version, tls_ciphers, ...
  tls::Decision decision = tls::Decision::open;
  tls::Rating rating = tls::Rating::unknown;
  SubtestStatus status = SubtestStatus::not_tested;  // passed / warning / failed / info / not_tested
  Note note;           // text and how-to-fix (core/messages), rendered when the check finishes
  std::string reason;  // not_tested: why, when it is the subtest's own (else the plan's stop)
};

// `server_without_tls12`: the probes showed the server has no TLS 1.2 (then
// a TLS 1.3 session makes the subtest not applicable; else not tested, with
// `stop`, what kept the plan from its TLS 1.2 session, as the reason).
GradingSubtest renegotiation_client_subtest(const RenegotiationFinding& f, bool server_without_tls12,
                                            GradingStop stop);

// The report's per-address `grading` block.
struct GradingReport {
  std::size_t connections = 0;
  std::size_t budget = 0;
  GradingStop stop = GradingStop::none;
  std::vector<GradingProbe> probes;
  std::vector<GradingSubtest> subtests;
  std::optional<bool> post_quantum;
  tls::Ssl3 ssl3 = tls::Ssl3::open;  // SSL 3.0 in tls_version's list of versions
  bool through_relay = false;
};

// SSL 3.0 as the report says it: accepted, refused, or why not tested
// (no_legacy, relay, or what stopped the plan); the word of the catalogue's
// `ssl3` table and of the grading block's `ssl3`.
struct Ssl3Status {
  std::string_view status;  // accepted | refused | not_tested
  std::string_view reason;  // empty unless not_tested
};
Ssl3Status ssl3_status(const GradingReport& report);

// Per host and for the domain: each subtest's worst status over the
// addresses graded (as Internet.nl: worst wins; failed > warning >
// not_tested > passed > info, so an untested address never lets a pass
// stand), with that address's note. Unset when no address was graded.
struct GradingSummary {
  std::vector<GradingSubtest> subtests;
  std::optional<bool> post_quantum;  // true when any address negotiated a hybrid; false when all known did not
};
std::optional<GradingSummary> summarize_grading(const std::vector<const GradingReport*>& graded);
// The domain's: the hosts' summaries combined the same way, by subtest name
// (a host's summary adds mail_caa to its addresses' subtests).
std::optional<GradingSummary> combine_summaries(const std::vector<const GradingSummary*>& hosts);
// mail_caa of one MX host (caa.h): passed, warning, or not tested (DNS).
GradingSubtest mail_caa_subtest(const CaaFinding& finding);

// How one probe's end stops the plan (none: it answered).
GradingStop stop_of(const GradingProbe& probe);
GradingReport grading_report(const AddressGrading& grading);

}  // namespace daneel::check
