#include "check/check.h"

#include <algorithm>

#include "check/domain_input.h"
#include "check/host_decisions.h"
#include "check/messages.h"
#include "check/summary.h"
#include "check/txt_policy.h"
#include "check/verdicts.h"
#include "crypto/entropy.h"
#include "dane/match.h"
#include "smtp/tls_probe_session.h"
#include "dnssec/trust_anchors.h"

namespace daneel::check {

struct Check::Host {
  std::size_t index = 0;  // into report_.hosts and hosts_ (they grow together)
  dns::Name name;
  dnssec::ValidationTicket a = 0, aaaa = 0, tlsa = 0, tlsa_expanded = 0;
  bool addresses_known = false;
  bool decided = false;
  std::optional<dns::Name> expanded;  // securely CNAME-expanded host name
  dns::Name base;
  DaneMode mode = DaneMode::pending;
  std::vector<dns::Tlsa> records;
  std::vector<dns::Name> references;
  std::size_t running = 0;
  // mail_caa (caa.h), with TLS grading: every name of the climb asked at once.
  CaaNames caa;
  std::vector<dnssec::ValidationTicket> caa_tickets;
  CaaFinding caa_finding;
};

struct Check::Address {
  ConnectionId id = 0;    // index in addresses_ + 1
  std::size_t host = 0;   // into hosts_ (= Host::index)
  std::size_t index = 0;  // into the host report's addresses
  std::string text;
  bool sni = true;        // false: the extra probe without SNI (AddressReport::no_sni)
  enum class State : std::uint8_t { queued, connecting, running, finished } state = State::queued;
  std::unique_ptr<smtp::SmtpSession> session;
  TimeMs connect_deadline = 0;
  bool close_sent = false;
  std::optional<smtp::SmtpResult> recorded;  // verify: the replayed probe's session (probe.h)
  // A TLS grading probe for the address `index` (check/grading.h): its kind,
  // and its session in place of `session`.
  std::optional<tls::ProbeKind> grading;
  std::unique_ptr<smtp::TlsProbeSession> probe;
  std::optional<CloseReason> grading_end;  // how the connection failed or ended while the probe needed it

  // The session of either kind, through the driver contract both share.
  void session_connected(const std::string& relay_ehlo_name, TimeMs now) {
    if (probe) {
      if (!relay_ehlo_name.empty()) probe->use_ehlo_name(relay_ehlo_name);
      return probe->on_connected(now);
    }
    if (!relay_ehlo_name.empty()) session->use_ehlo_name(relay_ehlo_name);
    session->on_connected(now);
  }
  void session_bytes(ByteView data, TimeMs now) { probe ? probe->on_bytes(data, now) : session->on_bytes(data, now); }
  void session_closed(TimeMs now) { probe ? probe->on_closed(now) : session->on_closed(now); }
  void session_timer(TimeMs now) { probe ? probe->on_timer(now) : session->on_timer(now); }
  [[nodiscard]] bool session_done() const { return probe ? probe->done() : session->done(); }
  [[nodiscard]] std::optional<TimeMs> session_deadline() const {
    return probe ? probe->next_deadline() : session->next_deadline();
  }
  [[nodiscard]] Bytes session_output() { return probe ? probe->take_output() : session->take_output(); }
};

namespace {

bool chain_secure(const dnssec::ValidationResult& r) {
  return std::all_of(r.chain.begin(), r.chain.end(),
                     [](const dnssec::ChainLink& l) { return l.verdict.security == dnssec::Security::secure; });
}

bool failed(dnssec::Security s) { return s == dnssec::Security::bogus || s == dnssec::Security::indeterminate; }

// The size of the TLSA answer as a resolver receives it: header, question,
// each record and RRSIG with a compressed owner, and the EDNS OPT record.
// An estimate (an authoritative server may add more), good enough to see an
// RRset that does not fit kTlsaAnswerBytesLimit (extra_subtests.h).
std::size_t estimated_answer_bytes(const dnssec::ValidationResult& r) {
  if (!r.answer) return 0;
  std::size_t bytes = 12 + r.qname.wire_size() + 4 + 11;
  for (const dns::Rdata& rdata : r.answer->rdatas)
    if (const auto* t = std::get_if<dns::Tlsa>(&rdata)) bytes += 2 + 10 + 3 + t->data.size();
  for (const dns::Rrsig& sig : r.answer->signatures) bytes += 2 + 10 + 18 + sig.signer.wire_size() + sig.signature.size();
  return bytes;
}

std::string seconds(DurationMs ms) { return std::to_string(ms / 1000); }

// A host name in letters, digits and hyphens (RFC 1123 §2.1), as an EHLO
// argument must be: what a relay names as its EHLO name is sent only if it is one.
bool is_host_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      if (label == 0 || label > 63 || name[i - 1] == '-' || name[i - label] == '-') return false;
      label = 0;
      continue;
    }
    const char c = name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
    ++label;
  }
  return true;
}

}  // namespace

Check::Check(std::string_view input, CheckConfig config, TimeMs now) : config_(std::move(config)) {
  report_.input = std::string(input);
  report_.started_at = now;
  report_.finished_at = now;
  deadline_ = now + config_.limits.check_deadline;
  if (!is_supported_language(config_.lang)) {
    const std::string lang = config_.lang;
    config_.lang = std::string(kDefaultLanguage);
    fail_early("config_invalid", "lang must be " + supported_languages_text() + ", not \"" + lang + "\"", now);
    return;
  }
  // The anchors are read first, so that every report names them (even one for bad input).
  auto anchors = dnssec::TrustAnchors::from_config(config_.trust_anchors);
  if (!anchors.ok()) { fail_early("config_invalid", "trust anchors: " + anchors.error().message, now); return; }
  report_.trust_anchors = anchors.value().keys();
  const ParsedInput domain = parse_mail_domain(input);
  if (!domain.ok()) { refuse_input(domain.refusal, now); return; }
  report_.domain = domain.domain->ascii;
  report_.domain_unicode = domain.domain->unicode;
  auto name = dns::Name::from_text(report_.domain);
  if (!name.ok()) { refuse_input(InputRefusal{InputProblem::invalid_name, name.error().message}, now); return; }
  domain_ = name.value();
  if (const daneel::Status status = dns::validate_config(config_.resolver); !status.ok())
    { fail_early("config_invalid", "resolver configuration: " + status.error().message, now); return; }
  dnssec::ValidatorConfig validator_config;
  validator_config.anchors = std::move(anchors).value();
  validator_config.policy = config_.policy;
  engine_ = std::make_unique<dns::QueryEngine>(config_.resolver);
  validator_ = std::make_unique<dnssec::Validator>(*engine_, validator_config);
  progress("mx", "MX records of " + report_.domain);
  mx_ticket_ = validator_->validate(domain_, dns::RrType::mx, now);
  // The chain of trust towards the domain is asked for with MX, all cuts at
  // once, instead of one cut per round trip after the MX answer names its signer.
  validator_->prefetch_chain(domain_, now);
  // MTA-STS and TLS-RPT records (information only), also in parallel with MX.
  if (auto owner = dns::Name::from_text("_mta-sts." + report_.domain); owner.ok())
    mta_sts_ticket_ = validator_->validate(owner.value(), dns::RrType::txt, now);
  if (auto owner = dns::Name::from_text("_smtp._tls." + report_.domain); owner.ok())
    tls_rpt_ticket_ = validator_->validate(owner.value(), dns::RrType::txt, now);
  advance(now);
}

Check::~Check() = default;

void Check::fail_early(std::string_view code, std::vector<Param> params, TimeMs now) {
  report_.verdict = DomainVerdict::error;
  report_.outcome = note(code, std::move(params));
  finish(now);
}

void Check::fail_early(std::string_view code, std::string detail, TimeMs now) {
  fail_early(code, std::vector<Param>{{"detail", std::move(detail)}}, now);
}

// The problem is a code the catalogue words in the report's language; the
// detail keeps the English sentence with the specifics.
void Check::refuse_input(const InputRefusal& refusal, TimeMs now) {
  fail_early("input_invalid", {{"problem", std::string(to_string(refusal.problem))}, {"detail", refusal.detail}}, now);
}

void Check::progress(std::string stage, std::string detail) {
  progress_.push_back(Progress{std::move(stage), std::move(detail), steps_done_, steps_known_});
}

// --- events -------------------------------------------------------------------

void Check::on_doh_response(dns::RequestId id, const dns::HttpResponse& response, TimeMs now) {
  if (done_ || !engine_) return;
  evidence_.on_response(id, response, now);
  engine_->on_http_response(id, response, now);
  advance(now);
}

void Check::on_doh_failure(dns::RequestId id, std::string_view reason, TimeMs now) {
  if (done_ || !engine_) return;
  engine_->on_http_failure(id, reason, now);
  advance(now);
}

Check::Address* Check::address_of(ConnectionId id) {
  if (id == 0 || id > addresses_.size()) return nullptr;
  return addresses_[id - 1].get();
}

void Check::on_connected(ConnectionId id, const ConnectedInfo& info, TimeMs now) {
  Address* a = address_of(id);
  if (done_ || !a || a->state != Address::State::connecting) return;
  a->state = Address::State::running;
  if (!a->grading) probe_report(*a).connected = true;
  // A relay forwards only its own EHLO name; a name that is not a host name is ignored.
  a->session_connected(is_host_name(info.ehlo_name) ? info.ehlo_name : std::string(), now);
  pump_session(*a, now);
  advance(now);
}

void Check::on_connect_failed(ConnectionId id, const CloseReason& reason, TimeMs now) {
  Address* a = address_of(id);
  if (done_ || !a || a->state != Address::State::connecting) return;
  if (a->grading) {
    a->grading_end = reason;
    a->close_sent = true;
    finish_address(*a, now);
    return advance(now);
  }
  probe_report(*a).connect_error = reason.detail.empty() ? std::string(to_string(reason.cause)) : reason.detail;
  probe_report(*a).connection_end = reason;
  a->close_sent = true;
  finish_address(*a, now);
  advance(now);
}

void Check::on_bytes(ConnectionId id, ByteView data, TimeMs now) {
  Address* a = address_of(id);
  if (done_ || !a || a->state != Address::State::running) return;
  a->session_bytes(data, now);
  pump_session(*a, now);
  advance(now);
}

void Check::on_closed(ConnectionId id, const CloseReason& reason, TimeMs now) {
  Address* a = address_of(id);
  if (done_ || !a) return;
  a->close_sent = true;  // nothing left to close
  if (a->grading) {
    if (a->state == Address::State::running && !a->session_done()) {
      a->grading_end = reason;
      a->session_closed(now);
      pump_session(*a, now);
    } else if (a->state == Address::State::connecting) {
      a->grading_end = reason;
      finish_address(*a, now);
    }
    return advance(now);
  }
  if (a->state == Address::State::connecting) {
    probe_report(*a).connect_error = "the connection closed while opening";
    probe_report(*a).connection_end = reason;
    finish_address(*a, now);
  } else if (a->state == Address::State::running) {
    // Kept only while the session still needed the connection: a close after
    // the session's outcome is known changes nothing.
    if (!a->session->done()) probe_report(*a).connection_end = reason;
    a->session->on_closed(now);
    pump_session(*a, now);
  }
  advance(now);
}

void Check::on_timer(TimeMs now) {
  if (done_) return;
  if (engine_) engine_->on_timer(now);
  // By index: finishing a session may queue a grading probe (addresses_ grows).
  for (std::size_t i = 0; i < addresses_.size(); ++i) {
    Address* a = addresses_[i].get();
    if (a->state == Address::State::connecting && now >= a->connect_deadline && a->grading) {
      a->grading_end = CloseReason{CloseCause::server_silent, 0, "no TCP connection in time"};
      finish_address(*a, now);
    } else if (a->state == Address::State::connecting && now >= a->connect_deadline) {
      probe_report(*a).connect_error =
          "no TCP connection within " + std::to_string(config_.limits.connect_timeout / 1000) + " s";
      probe_report(*a).connection_end = CloseReason{CloseCause::server_silent, 0, probe_report(*a).connect_error};
      finish_address(*a, now);
    } else if (a->state == Address::State::running) {
      a->session_timer(now);
      pump_session(*a, now);
    }
  }
  advance(now);
}

// --- actions ------------------------------------------------------------------

std::vector<Action> Check::take_actions() {
  if (engine_ && !done_) {
    for (const dns::RequestId id : engine_->take_cancellations()) {
      evidence_.on_cancel(id);
      actions_.emplace_back(CancelDoh{id});
    }
    for (auto& request : engine_->take_requests()) {
      evidence_.on_request(request.id, request.request);
      actions_.emplace_back(DohExchange{request.id, std::move(request.request)});
    }
  }
  return std::exchange(actions_, {});
}

std::vector<Progress> Check::take_progress() { return std::exchange(progress_, {}); }

std::optional<TimeMs> Check::next_deadline() const {
  if (done_) return std::nullopt;
  TimeMs next = deadline_;
  if (engine_)
    if (auto d = engine_->next_deadline()) next = std::min(next, *d);
  for (const auto& a : addresses_) {
    if (a->state == Address::State::connecting) next = std::min(next, a->connect_deadline);
    if (a->state == Address::State::running)
      if (auto d = a->session_deadline()) next = std::min(next, *d);
  }
  return next;
}

// --- the procedure --------------------------------------------------------------

void Check::advance(TimeMs now) {
  if (done_) return;
  for (int round = 0; round < 8; ++round) {
    validator_->step(now);
    const std::size_t before = hosts_.size() + addresses_.size();
    std::size_t decided_before = 0;
    for (const auto& h : hosts_) decided_before += h->decided ? 1 : 0;
    if (!mx_done_ && validator_->done(mx_ticket_)) {
      mx_done_ = true;
      on_mx(*validator_->result(mx_ticket_), now);
      if (done_) return;
    }
    for (auto& h : hosts_) advance_host(*h, now);
    for (auto& h : hosts_) collect_caa(*h);
    collect_txt_policies();
    std::size_t decided_after = 0;
    for (const auto& h : hosts_) decided_after += h->decided ? 1 : 0;
    if (hosts_.size() + addresses_.size() == before && decided_after == decided_before) break;
  }
  // Grading probes are queued here, never while a loop walks addresses_.
  for (auto& [key, grading] : gradings_) next_grading_probe(key);
  start_sessions(now);

  const bool all_decided = std::all_of(hosts_.begin(), hosts_.end(), [](const auto& h) {
    return h->decided && (h->caa_tickets.empty() || h->caa_finding.state != CaaState::pending);
  });
  const bool all_finished = std::all_of(addresses_.begin(), addresses_.end(),
                                        [](const auto& a) { return a->state == Address::State::finished; });
  const bool policies_known = (mta_sts_ticket_ == 0 || report_.mta_sts.looked_up) &&
                              (tls_rpt_ticket_ == 0 || report_.tls_rpt.looked_up);
  if (mx_done_ && all_decided && all_finished && policies_known) return finish(now);
  if (now >= deadline_) {
    report_.timed_out = true;
    report_.warnings.push_back(note("check_deadline", {{"seconds", seconds(config_.limits.check_deadline)}}));
    for (auto& [key, grading] : gradings_)
      if (!grading.finished) {
        if (grading.stop == GradingStop::none) grading.stop = GradingStop::check_deadline;
        grading.finished = true;
      }
    for (auto& a : addresses_) {
      if (a->state == Address::State::running && !a->session_done()) a->session_closed(now);
      if (a->state != Address::State::finished && a->state != Address::State::queued) finish_address(*a, now);
    }
    if (!mx_done_) {
      report_.verdict = DomainVerdict::error;
      report_.outcome = note("check_deadline_mx", {{"seconds", seconds(config_.limits.check_deadline)}});
    }
    return finish(now);
  }
}

void Check::on_mx(const dnssec::ValidationResult& mx, TimeMs now) {
  report_.mx = summarize(mx);
  ++steps_done_;
  const dnssec::Security security = mx.verdict.security;
  if (failed(security) || mx.kind == dnssec::AnswerKind::failed) {
    report_.mx_kind = MxKind::error;
    const std::string detail = !mx.verdict.detail.empty() ? mx.verdict.detail
                               : !mx.query_detail.empty() ? mx.query_detail
                                                          : std::string("-");
    // No host is checked; advance() finishes once the MTA-STS/TLS-RPT
    // lookups are in too, so the report never depends on which came first.
    report_.verdict = DomainVerdict::error;
    if (mx.query_outcome && dns::is_resolver_trouble(*mx.query_outcome)) {
      // Nothing about the domain is known: say once that the resolvers could
      // not be used, which ones, and what they said (every subtest is not_tested).
      report_.outcome = note("resolvers_unreachable",
                             {{"servers", list_param(config_.resolver.servers)}, {"detail", detail}});
      return;
    }
    report_.outcome = note("mx_lookup_error", {{"domain", report_.domain},
                                               {"security", std::string(dnssec::to_string(security))},
                                               {"detail", detail}});
    return;
  }
  mx_secure_ = security == dnssec::Security::secure;
  if (mx.kind == dnssec::AnswerKind::nxdomain) {
    report_.mx_kind = MxKind::nxdomain;
    report_.verdict = DomainVerdict::no_mail;
    report_.outcome = note("domain_nxdomain", {{"domain", report_.domain}});
    return;  // no host: advance() finishes with the MTA-STS/TLS-RPT lookups
  }
  if (mx.kind == dnssec::AnswerKind::nodata) {
    report_.mx_kind = MxKind::implicit;
    report_.warnings.push_back(note("mx_implicit", {{"domain", report_.domain}}));
    add_host(domain_, 0, true, now);
    return;
  }
  struct Entry {
    std::uint16_t preference;
    dns::Name name;
  };
  std::vector<Entry> entries;
  bool null_mx = false;
  if (mx.answer)
    for (const dns::Rdata& rdata : mx.answer->rdatas)
      if (const auto* record = std::get_if<dns::Mx>(&rdata)) {
        if (record->exchange.is_root()) null_mx = true;
        else entries.push_back(Entry{record->preference, record->exchange});
      }
  if (entries.empty()) {
    report_.mx_kind = MxKind::null;
    report_.verdict = DomainVerdict::no_mail;
    report_.outcome = note("null_mx", {{"domain", report_.domain}});
    return;  // no host: advance() finishes with the MTA-STS/TLS-RPT lookups
  }
  report_.mx_kind = null_mx ? MxKind::mixed_null : MxKind::records;
  if (null_mx)
    report_.warnings.push_back(note("null_mx_mixed"));
  // Entries with equal keys are the same name byte for byte, so an unstable
  // sort gives the same order (and is less code than std::stable_sort).
  std::sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) {
    return x.preference != y.preference ? x.preference < y.preference : x.name.to_text() < y.name.to_text();
  });
  std::vector<dns::Name> seen;
  for (const Entry& e : entries) {
    if (std::find(seen.begin(), seen.end(), e.name) != seen.end()) continue;
    if (seen.size() == config_.limits.max_mx_hosts) {
      report_.hosts_truncated = true;
      report_.warnings.push_back(note("mx_hosts_truncated", {{"limit", std::to_string(config_.limits.max_mx_hosts)}}));
      break;
    }
    seen.push_back(e.name);
    add_host(e.name, e.preference, false, now);
  }
}

void Check::collect_txt_policies() {
  if (mta_sts_ticket_ != 0 && !report_.mta_sts.looked_up && validator_->done(mta_sts_ticket_))
    summarize_txt_policy(*validator_->result(mta_sts_ticket_), kMtaStsVersion, report_.mta_sts);
  if (tls_rpt_ticket_ != 0 && !report_.tls_rpt.looked_up && validator_->done(tls_rpt_ticket_))
    summarize_txt_policy(*validator_->result(tls_rpt_ticket_), kTlsRptVersion, report_.tls_rpt);
}

void Check::add_host(const dns::Name& name, std::uint16_t preference, bool implicit, TimeMs now) {
  auto host = std::make_unique<Host>();
  host->index = report_.hosts.size();
  host->name = name;
  host->base = name;
  HostReport r;
  r.name = display_name(name);
  r.preference = preference;
  r.implicit = implicit;
  report_.hosts.push_back(std::move(r));
  // A host usually lives in its parent's zone (often another provider's):
  // its chain of trust travels with the A, AAAA and TLSA queries.
  if (name.label_count() > 1) validator_->prefetch_chain(name.parent(), now);
  host->a = validator_->validate(name, dns::RrType::a, now);
  host->aaaa = validator_->validate(name, dns::RrType::aaaa, now);
  if (auto owner = tlsa_owner(name)) host->tlsa = validator_->validate(*owner, dns::RrType::tlsa, now);
  // mail_caa is part of the grading: no query of its own without it.
  if (config_.grading.enabled) {
    host->caa = caa_names(name);
    for (const dns::Name& owner : host->caa.names)
      host->caa_tickets.push_back(validator_->validate(owner, dns::RrType::caa, now));
  }
  steps_known_ += 1;
  progress("tlsa", "addresses and TLSA records of " + display_name(name));
  hosts_.push_back(std::move(host));
}

// mail_caa: decided once the answers the climb needs are in (caa.h).
void Check::collect_caa(Host& host) {
  if (host.caa_tickets.empty() || host.caa_finding.state != CaaState::pending) return;
  std::vector<const dnssec::ValidationResult*> answers;
  for (const dnssec::ValidationTicket ticket : host.caa_tickets)
    answers.push_back(validator_->done(ticket) ? validator_->result(ticket) : nullptr);
  host.caa_finding = decide_caa(host.caa, answers);
}

void Check::advance_host(Host& host, TimeMs now) {
  if (host.decided) return;
  HostReport& r = report_.hosts[host.index];
  if (!host.addresses_known) {
    if (!validator_->done(host.a) || !validator_->done(host.aaaa)) return;
    host.addresses_known = true;
    const dnssec::ValidationResult& a = *validator_->result(host.a);
    const dnssec::ValidationResult& aaaa = *validator_->result(host.aaaa);
    r.a = summarize(a);
    r.aaaa = summarize(aaaa);
    // Once per host: its warnings must not repeat while the TLSA answer is awaited.
    r.address_security = address_security(a, aaaa, report_.warnings);
    // A7: a fully secure CNAME chain: TLSA at the expanded name first.
    const dnssec::ValidationResult& aliased = !a.chain.empty() ? a : aaaa;
    if (!aliased.chain.empty() && chain_secure(aliased) && !(aliased.final_name == host.name)) {
      host.expanded = aliased.final_name;
      if (auto owner = tlsa_owner(aliased.final_name))
        host.tlsa_expanded = validator_->validate(*owner, dns::RrType::tlsa, now);
    }
  }
  decide_tlsa(host);
}

void Check::decide_tlsa(Host& host) {
  HostReport& r = report_.hosts[host.index];
  if (!decide_tlsa_state(host, r)) return;  // a TLSA answer is still awaited
  host.decided = true;
  host.mode = dane_mode(r.tlsa.state);
  if (r.tlsa.base.empty()) r.tlsa.base = display_name(host.base);
  host.references = reference_names(host.base, host.name, domain_, mx_secure_);
  if (host.mode == DaneMode::unusable) return;
  add_addresses(host);
  ++steps_done_;
}

bool Check::decide_tlsa_state(Host& host, HostReport& r) {
  const dnssec::ValidationResult& a = *validator_->result(host.a);
  const dnssec::ValidationResult& aaaa = *validator_->result(host.aaaa);
  if (failed(r.address_security)) {
    r.tlsa.state = TlsaState::not_looked_up;
    r.tlsa.note = note("tlsa_address_failed", {{"security", std::string(dnssec::to_string(r.address_security))}});
    return true;
  }
  if (dane_not_applicable(r.address_security, a, aaaa)) {
    r.tlsa.state = TlsaState::not_applicable;
    r.tlsa.note = note("tlsa_address_insecure");
    return true;
  }
  const dnssec::ValidationResult* chosen = nullptr;
  if (!choose_tlsa_answer(host, r, chosen)) return false;
  r.tlsa.base = display_name(host.base);
  if (auto owner = tlsa_owner(host.base)) r.tlsa.owner = display_name(*owner);
  if (!chosen) {
    r.tlsa.state = TlsaState::error;
    r.tlsa.note = note("tlsa_owner_too_long");
    return true;
  }
  r.tlsa.dnssec = summarize(*chosen);
  r.tlsa.state = classify_tlsa_answer(*chosen);
  if (r.tlsa.state == TlsaState::usable || r.tlsa.state == TlsaState::unusable) {
    r.tlsa.answer_bytes = estimated_answer_bytes(*chosen);
    host.records = tlsa_records(*chosen);
    for (const dns::Tlsa& t : host.records) r.tlsa.records.push_back(tlsa_text(t));
  }
  return true;
}

// A7: the answer at the CNAME-expanded name unless it is a secure denial,
// then the original name's. Null when the original owner name is too long.
bool Check::choose_tlsa_answer(Host& host, HostReport& r, const dnssec::ValidationResult*& chosen) {
  if (host.tlsa_expanded != 0) {
    if (!validator_->done(host.tlsa_expanded)) return false;
    const dnssec::ValidationResult& expanded = *validator_->result(host.tlsa_expanded);
    if (!securely_denied(expanded)) {
      chosen = &expanded;
      host.base = *host.expanded;
      r.tlsa.note = note("tlsa_base_expanded", {{"base", display_name(*host.expanded)}});
      return true;
    }
  }
  if (host.tlsa == 0) return true;
  if (!validator_->done(host.tlsa)) return false;
  chosen = validator_->result(host.tlsa);
  return true;
}

void Check::add_addresses(Host& host) {
  HostReport& r = report_.hosts[host.index];
  for (const std::string& text : address_texts(*validator_->result(host.a), *validator_->result(host.aaaa))) {
    if (r.addresses.size() == config_.limits.max_addresses_per_host) {
      r.addresses_truncated = true;
      report_.warnings.push_back(note("addresses_truncated",
                                      {{"host", r.name}, {"limit", std::to_string(config_.limits.max_addresses_per_host)}}));
      break;
    }
    AddressReport address;
    address.address = text;
    address.ipv6 = text.find(':') != std::string::npos;
    r.addresses.push_back(std::move(address));
    queue_probe(host, r.addresses.size() - 1, text, true);
    // The probe without SNI of the first address (A15), queued right behind
    // its SNI probe so that both start together; only where DANE applies.
    if (r.addresses.size() == 1 && host.mode == DaneMode::authenticate && config_.probe_without_sni)
      queue_probe(host, 0, text, false);
  }
}

void Check::queue_probe(const Host& host, std::size_t address_index, const std::string& text, bool sni) {
  auto probe = std::make_unique<Address>();
  probe->host = host.index;
  probe->index = address_index;
  probe->id = static_cast<ConnectionId>(addresses_.size() + 1);
  probe->text = text;
  probe->sni = sni;
  addresses_.push_back(std::move(probe));
  ++steps_known_;
}

void Check::start_sessions(TimeMs now) {
  std::size_t running = 0;
  for (const auto& a : addresses_)
    if (a->state == Address::State::connecting || a->state == Address::State::running) ++running;
  for (std::size_t i = 0; i < addresses_.size() && running < config_.limits.max_connections; ++i) {
    Address& a = *addresses_[i];
    Host& host = *hosts_[a.host];
    if (a.state != Address::State::queued) continue;
    if (config_.probe_replay) { replay_probe(a, now); continue; }
    // A shared probe needs no connection slot: taken before the limits. Only
    // the check's own probes are shared, never a TLS grading probe.
    if (config_.probe_source && !a.grading) {
      if (std::optional<ProbeResult> shared = config_.probe_source(ProbeTarget{display_name(host.name), a.text, a.sni})) {
        take_probe(a, std::move(*shared), now);
        continue;
      }
    }
    if (host.running >= config_.limits.max_per_destination) continue;
    if (sessions_to(a.text) >= config_.limits.max_per_address) continue;
    if (a.grading) {
      if (!start_grading_probe(a, host)) {
        AddressGrading& grading = gradings_[{a.host, a.index}];
        grading.stop = GradingStop::checker_error;
        grading.probe_pending = false;
        grading.finished = true;
        a.state = Address::State::finished;
        a.close_sent = true;
        ++steps_done_;
        continue;
      }
      a.state = Address::State::connecting;
      a.connect_deadline = now + config_.limits.connect_timeout;
      ++host.running;
      ++running;
      actions_.emplace_back(OpenConnection{static_cast<ConnectionId>(i + 1), a.text, 25, report_.domain,
                                           display_name(host.name)});
      progress("smtp", "TLS grading probe (" + std::string(tls::to_string(*a.grading)) + ") to " + a.text + " (" +
                           display_name(host.name) + ")");
      continue;
    }
    a.session = std::make_unique<smtp::SmtpSession>(session_config(host, a.sni));
    a.state = Address::State::connecting;
    a.connect_deadline = now + config_.limits.connect_timeout;
    probe_report(a).started_at = now;
    ++host.running;
    ++running;
    actions_.emplace_back(OpenConnection{static_cast<ConnectionId>(i + 1), a.text, 25, report_.domain,
                                         display_name(host.name)});
    progress("smtp", std::string(a.sni ? "STARTTLS to " : "STARTTLS without SNI to ") + a.text + " (" +
                         display_name(host.name) + ")");
  }
}

// The check's own session to an address of `host`.
smtp::SmtpConfig Check::session_config(const Host& host, bool sni) const {
  smtp::SmtpConfig smtp_config;
  smtp_config.ehlo_name = config_.ehlo_name;
  // SNI = TLSA base domain (RFC 7672 §8.1); empty: none (the extra probe).
  if (sni) smtp_config.tls.server_name = display_name(host.base);
  smtp_config.timeouts = config_.timeouts;
  // The outcome is known when QUIT goes out; the 221 would cost a round trip.
  smtp_config.await_quit_reply = false;
  // renegotiation_client rides on the check's own session (no connection of
  // its own): asked only when grading, only with SNI (the graded session).
  smtp_config.renegotiate = config_.grading.enabled && sni;
  return smtp_config;
}

// A grading probe's session: the plan's ClientHello (SNI as the check's
// handshake, docs/TLS_GRADING.md §3), or for tls12_renegotiation a session
// of the check's own kind capped at TLS 1.2. False: no randomness for the
// ClientHello (never the server's doing).
bool Check::start_grading_probe(Address& a, const Host& host) {
  if (*a.grading == tls::ProbeKind::tls12_renegotiation) {
    smtp::SmtpConfig smtp_config = session_config(host, true);
    smtp_config.tls.max_version = tls::TlsVersion::tls1_2;
    a.session = std::make_unique<smtp::SmtpSession>(smtp_config);
    return true;
  }
  std::array<std::uint8_t, 128> entropy{};
  if (!crypto::random_bytes(entropy)) return false;
  auto hello = smtp::make_probe_client_hello(*a.grading, tls::ncsc_2025_05(), display_name(host.base), entropy);
  if (!hello.ok()) return false;
  smtp::TlsProbeConfig probe_config;
  probe_config.kind = *a.grading;
  probe_config.client_hello = std::move(hello).value();
  probe_config.ehlo_name = config_.ehlo_name;
  probe_config.timeouts = config_.timeouts;
  a.probe = std::make_unique<smtp::TlsProbeSession>(std::move(probe_config), tls::ncsc_2025_05());
  return true;
}

// Sessions connecting or running to one address (its probes with and without SNI).
std::size_t Check::sessions_to(const std::string& address) const {
  return static_cast<std::size_t>(std::count_if(addresses_.begin(), addresses_.end(), [&](const auto& a) {
    return a->text == address && (a->state == Address::State::connecting || a->state == Address::State::running);
  }));
}

// verify: the recorded probe result stands in for the connection and session.
void Check::replay_probe(Address& a, TimeMs now) {
  Host& host = *hosts_[a.host];
  take_probe(a, config_.probe_replay(ProbeTarget{display_name(host.name), a.text, a.sni}), now);
}

// A probe result made elsewhere (replayed or shared) stands in for the session.
void Check::take_probe(Address& a, ProbeResult probe, TimeMs now) {
  ProbeReport& r = probe_report(a);
  r.started_at = now;
  r.connected = probe.connected;
  r.connect_error = probe.connect_error;
  r.connection_end = probe.connection_end;
  a.recorded = std::move(probe.smtp);
  a.close_sent = true;  // nothing was opened
  finish_address(a, now);
}

void Check::pump_session(Address& a, TimeMs now) {
  const ConnectionId conn = a.id;
  if (Bytes out = a.session_output(); !out.empty()) actions_.emplace_back(SendBytes{conn, std::move(out)});
  if (a.session_done()) finish_address(a, now);
}

void Check::finish_address(Address& a, TimeMs now) {
  if (a.state == Address::State::finished) return;
  const ConnectionId conn = a.id;
  if (!a.close_sent) {
    actions_.emplace_back(CloseConnection{conn});
    a.close_sent = true;
  }
  Host& host = *hosts_[a.host];
  if (a.state == Address::State::connecting || a.state == Address::State::running) --host.running;
  a.state = Address::State::finished;
  ++steps_done_;
  if (a.grading) return finish_grading_probe(a, now);
  const smtp::SmtpResult* smtp = a.session && a.session->done() ? &a.session->result()
                                 : a.recorded                   ? &*a.recorded
                                                                : nullptr;
  ProbeReport& r = probe_report(a);
  r.finished_at = now;
  std::optional<dane::DaneResult> dane_result;
  evidence_.on_probe(probe_evidence(ProbeTarget{display_name(host.name), a.text, a.sni}, r, smtp));
  if (smtp) {
    summarize_smtp(*smtp, r, now);
    if (smtp->tls && (host.mode == DaneMode::authenticate || host.mode == DaneMode::tls_only)) {
      dane_result = dane::match(dane::MatchInput{smtp->tls->chain, host.records, host.references, now});
      r.dane = summarize(*dane_result);
    }
  }
  // The probe without SNI has no verdict of its own: the sni_dependence
  // subtest compares it with the address's probe (extra_subtests.h).
  if (a.sni)
    judge_address(report_.hosts[host.index].addresses[a.index], host.mode, dane_result ? &*dane_result : nullptr);
  if (a.sni && config_.grading.enabled && !config_.probe_replay) start_grading(a, smtp, now);
  if (a.sni && config_.probe_replay && config_.grading_replay) {
    if (auto recorded = config_.grading_replay(display_name(host.name), a.text)) {
      start_grading(a, smtp, now);
      AddressGrading& grading = gradings_[{a.host, a.index}];
      grading.budget = recorded->budget;
      grading.through_relay = recorded->through_relay;
      grading.recorded = std::move(recorded);
      // At once: replay opens nothing, so nothing is queued while a loop walks addresses_.
      if (!grading.finished) replay_grading(grading);
    }
  }
}

// --- TLS grading (check/grading.h) ----------------------------------------------

namespace {

tls::PlanOptions plan_options(const AddressGrading& grading) {
  // The relay refuses a server's SSL 3.0 records (docs/TLS_GRADING.md §4).
  // The check's own TLS 1.3 session could not ask for a renegotiation.
  return {.ssl3 = !grading.through_relay,
          .renegotiation_session =
              grading.renegotiation && grading.renegotiation->outcome == smtp::Renegotiation::not_applicable};
}

// A tls12_renegotiation session's answer is renegotiation_client's, in
// place of the check's own TLS 1.3 session's (none).
void take_renegotiation(AddressGrading& grading, const GradingProbe& probe) {
  if (!probe.renegotiation || *probe.renegotiation == smtp::Renegotiation::not_asked) return;
  grading.renegotiation = RenegotiationFinding{*probe.renegotiation, probe.renegotiation_alert,
                                               ended_not_by_mail_server(probe.connection_end)};
}

}  // namespace

void Check::start_grading(const Address& a, const smtp::SmtpResult* smtp, TimeMs now) {
  AddressGrading& grading = gradings_[{a.host, a.index}];
  grading.budget = config_.grading.max_connections_per_address;
  grading.through_relay = config_.grading.through_relay;
  // Every connection the check opens to this address counts: its own, and the
  // probe without SNI when this address has one (queued with it, add_addresses).
  grading.connections = static_cast<std::size_t>(std::count_if(
      addresses_.begin(), addresses_.end(),
      [&](const auto& other) { return !other->grading && other->host == a.host && other->index == a.index; }));
  if (smtp == nullptr || !smtp->tls) {
    grading.stop = GradingStop::no_handshake;
    grading.finished = true;
    return;
  }
  grading.results.normal = tls::normal_handshake_facts(*smtp->tls);
  const Host& host = *hosts_[a.host];
  grading.certs = cert_findings(smtp->tls->chain, host.references, host.records, config_.grading.root_store, now);
  grading.renegotiation = RenegotiationFinding{smtp->renegotiation, smtp->renegotiation_alert,
                                               ended_not_by_mail_server(probe_report(a).connection_end)};
}

void Check::next_grading_probe(const std::pair<std::size_t, std::size_t>& key) {
  AddressGrading& grading = gradings_[key];
  if (grading.finished || grading.probe_pending) return;
  if (grading.recorded) return replay_grading(grading);
  const auto next = tls::next_probe(grading.results, tls::ncsc_2025_05(), plan_options(grading));
  if (!next) {
    grading.finished = true;
    return;
  }
  if (grading.connections >= grading.budget) {
    grading.stop = GradingStop::budget;
    grading.finished = true;
    return;
  }
  ++grading.connections;
  grading.probe_pending = true;
  const Host& host = *hosts_[key.first];
  queue_probe(host, key.second, report_.hosts[host.index].addresses[key.second].address, true);
  addresses_.back()->grading = *next;
}

// verify: the plan runs again over the recorded answers, in the order the
// decisions ask for them; where the record ends (or answered another
// question), its own stop says why. Bounded by the record (at most 64 probes).
void Check::replay_grading(AddressGrading& grading) {
  const RecordedGrading& record = *grading.recorded;
  while (!grading.finished) {
    const auto next = tls::next_probe(grading.results, tls::ncsc_2025_05(), plan_options(grading));
    if (!next) {
      grading.finished = true;
      break;
    }
    if (grading.connections >= grading.budget) {
      grading.stop = GradingStop::budget;
      grading.finished = true;
      break;
    }
    const std::size_t i = grading.probes.size();
    if (i >= record.probes.size() || record.probes[i].kind != *next) {
      grading.stop = record.stop;
      grading.finished = true;
      break;
    }
    GradingProbe probe = record.probes[i];
    ++grading.connections;
    if (probe.end == smtp::ProbeEnd::answered && probe.flight) grading.results.set(*next, *probe.flight);
    take_renegotiation(grading, probe);
    const GradingStop stop = stop_of(probe);
    grading.probes.push_back(std::move(probe));
    if (stop != GradingStop::none) {
      grading.stop = stop;
      grading.finished = true;
    }
  }
}

void Check::finish_grading_probe(Address& a, TimeMs now) {
  AddressGrading& grading = gradings_[{a.host, a.index}];
  grading.probe_pending = false;
  if (grading.finished) return;  // the check's deadline ended the plan
  GradingProbe probe;
  probe.kind = *a.grading;
  probe.connection_end = a.grading_end;
  if (a.grading_end) probe.detail = a.grading_end->detail;
  probe.started_at = a.connect_deadline - config_.limits.connect_timeout;
  probe.finished_at = now;
  if (a.probe && a.probe->done()) {
    const smtp::TlsProbeResult& result = a.probe->result();
    probe.end = result.end;
    probe.detail = result.detail;
    probe.flight = result.flight;
    if (result.end == smtp::ProbeEnd::answered && result.flight) grading.results.set(*a.grading, *result.flight);
  }
  if (a.session && a.session->done()) {  // tls12_renegotiation
    take_renegotiation_session(a.session->result(), probe);
    if (probe.end == smtp::ProbeEnd::answered && probe.flight) grading.results.set(*a.grading, *probe.flight);
    take_renegotiation(grading, probe);  // probe.connection_end is a.grading_end
  }
  const GradingStop stop = stop_of(probe);
  grading.probes.push_back(std::move(probe));
  if (stop != GradingStop::none) {
    // A refused connection, the server's rate limit or the relay stops the
    // plan: the questions left stay not tested, with this reason.
    grading.stop = stop;
    grading.finished = true;
  }
  // advance() queues the next probe.
}

ProbeReport& Check::probe_report(const Address& a) {
  AddressReport& r = report_.hosts[hosts_[a.host]->index].addresses[a.index];
  if (a.sni) return r;
  return r.no_sni ? *r.no_sni : r.no_sni.emplace();
}

void Check::finish(TimeMs now) {
  if (done_) return;
  done_ = true;
  report_.finished_at = now;
  if (engine_) report_.dns_requests = engine_->requests_sent();
  for (auto& a : addresses_)
    if (a->state != Address::State::finished && a->state != Address::State::queued && !a->close_sent) {
      actions_.emplace_back(CloseConnection{a->id});
      a->close_sent = true;
    }
  if (engine_) {
    for (const dns::RequestId id : engine_->take_cancellations()) actions_.emplace_back(CancelDoh{id});
    (void)engine_->take_requests();
  }
  for (auto& [key, grading] : gradings_) {
    if (!grading.finished && grading.stop == GradingStop::none) grading.stop = GradingStop::check_deadline;
    report_.hosts[hosts_[key.first]->index].addresses[key.second].grading = grading_report(grading);
  }
  std::vector<const GradingSummary*> hosts;
  for (const auto& host : hosts_) {
    HostReport& h = report_.hosts[host->index];
    std::vector<const GradingReport*> graded;
    for (const AddressReport& a : h.addresses)
      if (a.grading) graded.push_back(&*a.grading);
    h.grading = summarize_grading(graded);
    // The host's own subtest: its CAA records, also when no address could be graded.
    if (!host->caa_tickets.empty()) {
      if (!h.grading) h.grading.emplace();
      h.grading->subtests.push_back(mail_caa_subtest(host->caa_finding));
    }
    if (h.grading) hosts.push_back(&*h.grading);
  }
  report_.grading = combine_summaries(hosts);
  judge_report(report_);
  message_problems_ = render_messages(report_, config_.lang);
  report_.evidence = evidence_.evidence(report_.started_at);
  steps_done_ = steps_known_;
  progress("done", "verdict: " + std::string(to_string(report_.verdict)));
}

}  // namespace daneel::check
