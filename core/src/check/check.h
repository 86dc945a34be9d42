// The check engine: one mail domain through the RFC 7672 procedure, sans IO.
//
//   Check check(user_input, config, now);     // the first actions are ready at once
//   while (!check.done()) {
//     perform check.take_actions() (DoH exchanges, TCP connections, bytes);
//     feed the events back (on_doh_response, on_connected, on_bytes, ...),
//     and on_timer(now) at next_deadline();
//   }
//   const Report& report = check.report();    // report_to_json(report)
//
// The procedure (docs/CHECK.md; checklist A1-A18 of RFC 7672):
//  1. validate the MX RRset of the domain (and, at the same time, the
//     domain's DNSKEY so the chain of trust is walked while MX is in flight);
//  2. per MX host (by preference, at most max_mx_hosts): A, AAAA and
//     `_25._tcp.<host>` TLSA validated, all hosts at once; a securely
//     CNAME-expanded host also gets TLSA at the expanded name (A7);
//  3. per address (every IPv4 and IPv6 one, at most max_addresses_per_host):
//     an SmtpSession with SNI = TLSA base domain, bounded concurrency; for a
//     DANE host, one more session to its first address without SNI;
//  4. with the served chain, dane::match against the secure TLSA RRset;
//  5. verdicts per address, host and domain, and Internet.nl-style subtests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/domain_input.h"
#include "check/evidence.h"
#include "check/grading.h"
#include "check/io.h"
#include "check/probe.h"
#include "check/report.h"
#include "check/verdicts.h"
#include "dns/query_engine.h"
#include "dnssec/algorithms.h"
#include "dnssec/validator.h"
#include "smtp/smtp_limits.h"
#include "smtp/smtp_session.h"
#include "util/time.h"

namespace daneel::check {

struct CheckLimits {
  std::size_t max_mx_hosts = 20;            // more are reported (hosts_truncated), not checked
  std::size_t max_addresses_per_host = 8;   // per family combined
  std::size_t max_connections = 8;          // SMTP sessions at once
  // SMTP sessions at once to one MX host: 3 so that a dual-stack host's
  // second address need not wait for the first address's pair of probes
  // (with SNI and, for DANE hosts, without: probe_without_sni).
  std::size_t max_per_destination = 3;
  // SMTP sessions at once to one address: 2 lets the probe without SNI run
  // beside its address's probe; through a relay that admits one session per
  // destination address (daneel-proxy's public default) it must be 1, and
  // max_connections its per-client limit (wasm/src/transport-websocket.mjs).
  std::size_t max_per_address = 2;
  DurationMs connect_timeout = 10'000;
  DurationMs check_deadline = 60'000;       // the whole check; then everything still open is ended and
                                            // the report says what is known (timed_out, warning check_deadline)
};

struct CheckConfig {
  dns::ResolverConfig resolver;             // DoH servers
  std::string trust_anchors;                // DS/DNSKEY text; empty: the root's (IANA)
  dnssec::ValidationPolicy policy;
  std::string ehlo_name = "daneel.invalid";
  std::string lang = "en";                  // texts of the report: "en" | "nl" (anything else: config_invalid)
  CheckLimits limits;
  // RFC 7672 §8.1 (A15): DANE senders send SNI = TLSA base domain, and the
  // check does. For each host where DANE applies (secure, usable TLSA) it
  // also probes the first address once without SNI, at the same time, to see
  // whether the certificate depends on SNI (subtest sni_dependence).
  bool probe_without_sni = true;
  smtp::SmtpTimeouts timeouts{.greeting = 20'000,
                              .ehlo = 15'000,
                              .starttls = 15'000,
                              .tls_handshake = 15'000,
                              .tls_ehlo = 15'000,
                              .quit = 2'000,
                              .session = 60'000};
  // Set (by verify): no connections; each address's probe result comes from
  // here instead (the probe seam, probe.h).
  ProbeReplay probe_replay;
  // TLS grading (issue 18, check/grading.h): the plan's probes per address
  // after the check's own session, within a per-address connection budget.
  // Off under probe_replay (verify replays the check's own probes only).
  GradingConfig grading;
  // Set (by verify, beside probe_replay): each address's recorded grading,
  // replayed through the same decisions (grading.h); no connection is opened.
  GradingReplay grading_replay;
  // Set (by batch mode's sharing): probes it knows are taken from it, the
  // others run live (probe.h). Ignored when probe_replay is set.
  ProbeSource probe_source;
};

class Check : public CheckIo {
 public:
  // A bad input or config makes a check that is done at once, its report
  // saying why (verdict "error").
  Check(std::string_view input, CheckConfig config, TimeMs now);
  ~Check() override;
  Check(const Check&) = delete;
  Check& operator=(const Check&) = delete;

  void on_doh_response(dns::RequestId id, const dns::HttpResponse& response, TimeMs now) override;
  void on_doh_failure(dns::RequestId id, std::string_view reason, TimeMs now) override;
  void on_connected(ConnectionId id, const ConnectedInfo& info, TimeMs now) override;
  void on_connect_failed(ConnectionId id, const CloseReason& reason, TimeMs now) override;
  void on_bytes(ConnectionId id, ByteView data, TimeMs now) override;
  void on_closed(ConnectionId id, const CloseReason& reason, TimeMs now) override;
  void on_timer(TimeMs now) override;

  std::vector<Action> take_actions() override;
  std::vector<Progress> take_progress() override;
  [[nodiscard]] std::optional<TimeMs> next_deadline() const override;
  [[nodiscard]] bool done() const override { return done_; }

  // Complete once done(); partial (but consistent) before.
  [[nodiscard]] const Report& report() const { return report_; }
  // What went wrong rendering the report's messages (tests assert it is empty).
  [[nodiscard]] const std::vector<std::string>& message_problems() const { return message_problems_; }

  struct Host;
  struct Address;

 private:
  void advance(TimeMs now);
  void on_mx(const dnssec::ValidationResult& mx, TimeMs now);
  void add_host(const dns::Name& name, std::uint16_t preference, bool implicit, TimeMs now);
  void advance_host(Host& host, TimeMs now);
  void decide_tlsa(Host& host);
  bool decide_tlsa_state(Host& host, HostReport& report);
  bool choose_tlsa_answer(Host& host, HostReport& report, const dnssec::ValidationResult*& chosen);
  void add_addresses(Host& host);
  void queue_probe(const Host& host, std::size_t address_index, const std::string& text, bool sni);
  void start_sessions(TimeMs now);
  void pump_session(Address& address, TimeMs now);
  void replay_probe(Address& address, TimeMs now);
  void take_probe(Address& address, ProbeResult probe, TimeMs now);
  void finish_address(Address& address, TimeMs now);
  // Where a probe's findings go: the address's own report, or its no_sni.
  ProbeReport& probe_report(const Address& address);
  // TLS grading (check/grading.h): start the plan after an address's own
  // session, queue its next probe, take a probe's answer.
  void start_grading(const Address& address, const smtp::SmtpResult* smtp, TimeMs now);
  void collect_caa(Host& host);
  void next_grading_probe(const std::pair<std::size_t, std::size_t>& key);
  void finish_grading_probe(Address& probe, TimeMs now);
  void replay_grading(AddressGrading& grading);
  void finish(TimeMs now);
  void fail_early(std::string_view code, std::vector<Param> params, TimeMs now);
  void fail_early(std::string_view code, std::string detail, TimeMs now);
  void refuse_input(const InputRefusal& refusal, TimeMs now);
  [[nodiscard]] std::size_t sessions_to(const std::string& address) const;
  [[nodiscard]] smtp::SmtpConfig session_config(const Host& host, bool sni) const;
  [[nodiscard]] bool start_grading_probe(Address& probe, const Host& host);
  void collect_txt_policies();
  void progress(std::string stage, std::string detail);
  Address* address_of(ConnectionId id);

  CheckConfig config_;
  Report report_;
  bool done_ = false;
  dns::Name domain_;
  std::unique_ptr<dns::QueryEngine> engine_;
  std::unique_ptr<dnssec::Validator> validator_;
  dnssec::ValidationTicket mx_ticket_ = 0;
  dnssec::ValidationTicket mta_sts_ticket_ = 0, tls_rpt_ticket_ = 0;
  std::vector<std::string> message_problems_;
  bool mx_done_ = false;
  bool mx_secure_ = false;
  std::vector<std::unique_ptr<Host>> hosts_;
  std::vector<std::unique_ptr<Address>> addresses_;  // ConnectionId = index + 1
  std::vector<Action> actions_;
  std::vector<Progress> progress_;
  std::uint32_t steps_done_ = 0, steps_known_ = 1;
  TimeMs deadline_ = 0;
  EvidenceRecorder evidence_;  // Report::evidence, for verify
  // Per (host, address index): the grading plan's state (check/grading.h).
  std::map<std::pair<std::size_t, std::size_t>, AddressGrading> gradings_;
};

}  // namespace daneel::check
