#include "check/evidence.h"

#include <array>

#include "dns/message.h"
#include "smtp/ehlo.h"
#include "util/encoding.h"

namespace daneel::check {

namespace {

// The `dns` parameter of a GET request's URL (RFC 8484 §4.1: base64url).
std::optional<Bytes> get_parameter(std::string_view url) {
  const std::size_t query = url.find('?');
  if (query == std::string_view::npos) return std::nullopt;
  std::string_view rest = url.substr(query + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    if (pair.starts_with("dns=")) {
      auto bytes = encoding::from_base64url(pair.substr(4));
      if (!bytes.ok()) return std::nullopt;
      return std::move(bytes).value();
    }
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::optional<Enum> enum_named(std::string_view name, const std::array<Enum, N>& values) {
  for (const Enum value : values)
    if (smtp::to_string(value) == name) return value;
  return std::nullopt;
}

constexpr std::array kOutcomes{smtp::Outcome::ok,
                               smtp::Outcome::no_greeting,
                               smtp::Outcome::greeting_rejected,
                               smtp::Outcome::ehlo_failed,
                               smtp::Outcome::no_starttls,
                               smtp::Outcome::starttls_refused,
                               smtp::Outcome::starttls_injection,
                               smtp::Outcome::handshake_failed,
                               smtp::Outcome::handshake_unsupported,
                               smtp::Outcome::closed_early,
                               smtp::Outcome::timeout,
                               smtp::Outcome::protocol_error,
                               smtp::Outcome::line_too_long,
                               smtp::Outcome::too_many_lines};
constexpr std::array kPhases{smtp::Phase::connecting, smtp::Phase::greeting,      smtp::Phase::ehlo,
                             smtp::Phase::starttls,   smtp::Phase::tls_handshake, smtp::Phase::tls_ehlo,
                             smtp::Phase::tls_renegotiation, smtp::Phase::quit, smtp::Phase::finished};
constexpr std::array kRenegotiations{smtp::Renegotiation::not_asked, smtp::Renegotiation::not_applicable,
                                     smtp::Renegotiation::accepted,  smtp::Renegotiation::refused,
                                     smtp::Renegotiation::timeout,   smtp::Renegotiation::failed};

// The EHLO extensions the session parsed, rebuilt from the recorded 250 reply
// of that phase (SmtpSession::on_ehlo / on_tls_ehlo parse exactly that reply).
std::optional<smtp::EhloInfo> ehlo_of(const std::vector<smtp::Reply>& replies, smtp::Phase phase) {
  for (const smtp::Reply& reply : replies)
    if (reply.phase == phase && reply.code == 250) return smtp::parse_ehlo(reply.lines);
  return std::nullopt;
}

}  // namespace

std::string question_key(const dns::Name& qname, dns::RrType qtype) {
  return qname.canonical().to_text() + " " + dns::to_string(qtype);
}

std::optional<std::string> doh_question_key(const dns::DohRequest& request) {
  std::optional<Bytes> wire;
  if (request.method == dns::HttpMethod::post)
    wire = request.body;
  else
    wire = get_parameter(request.url);
  if (!wire) return std::nullopt;
  auto message = dns::parse_message(*wire);
  if (!message.ok() || message.value().questions.size() != 1) return std::nullopt;
  const dns::Question& question = message.value().questions.front();
  return question_key(question.name, question.type);
}

ProbeEvidence probe_evidence(const ProbeTarget& target, const ProbeReport& probe, const smtp::SmtpResult* smtp) {
  ProbeEvidence p;
  p.host = target.host;
  p.address = target.address;
  p.sni = target.sni;
  p.connected = probe.connected;
  p.connect_error = probe.connect_error;
  p.connection_end = probe.connection_end;
  if (!smtp) return p;
  p.completed = true;
  p.outcome = std::string(smtp::to_string(smtp->outcome));
  p.phase = std::string(smtp::to_string(smtp->phase));
  p.detail = smtp->detail;
  for (const smtp::Reply& reply : smtp->replies)
    p.replies.push_back(
        ReplyEvidence{reply.code, reply.lines, std::string(smtp::to_string(reply.phase)), reply.over_tls});
  if (smtp->tls) {
    p.tls = true;
    p.tls_version = std::string(tls::to_string(smtp->tls->version));
    p.cipher_suite = smtp->tls->cipher_suite;
    p.cipher_suite_name = smtp->tls->cipher_suite_name;
    p.group = smtp->tls->group;
    p.group_name = smtp->tls->group_name;
    p.chain = smtp->tls->chain;
    p.signature_scheme = smtp->tls->signature_scheme;
    p.extended_master_secret = smtp->tls->extended_master_secret;
    p.secure_renegotiation = smtp->tls->secure_renegotiation;
    p.renegotiation = std::string(smtp::to_string(smtp->renegotiation));
    p.renegotiation_alert = smtp->renegotiation_alert;
  }
  return p;
}

Result<ProbeResult> probe_result(const ProbeEvidence& p) {
  ProbeResult out;
  out.connected = p.connected;
  out.connect_error = p.connect_error;
  out.connection_end = p.connection_end;
  if (!p.completed) return out;
  smtp::SmtpResult r;
  const auto outcome = enum_named(p.outcome, kOutcomes);
  const auto phase = enum_named(p.phase, kPhases);
  if (!outcome || !phase)
    return make_error(Errc::malformed, "probe of " + p.address + ": unknown SMTP outcome or phase \"" +
                                           p.outcome + "\" / \"" + p.phase + "\"");
  r.outcome = *outcome;
  r.phase = *phase;
  r.detail = p.detail;
  for (const ReplyEvidence& reply : p.replies) {
    const auto reply_phase = enum_named(reply.phase, kPhases);
    if (!reply_phase)
      return make_error(Errc::malformed,
                        "probe of " + p.address + ": unknown reply phase \"" + reply.phase + "\"");
    smtp::Reply back;
    back.code = reply.code;
    back.lines = reply.lines;
    back.phase = *reply_phase;
    back.over_tls = reply.over_tls;
    r.replies.push_back(std::move(back));
  }
  r.ehlo = ehlo_of(r.replies, smtp::Phase::ehlo);
  r.ehlo_tls = ehlo_of(r.replies, smtp::Phase::tls_ehlo);
  if (p.tls) {
    tls::TlsInfo info;
    if (p.tls_version == tls::to_string(tls::TlsVersion::tls1_2))
      info.version = tls::TlsVersion::tls1_2;
    else if (p.tls_version == tls::to_string(tls::TlsVersion::tls1_3))
      info.version = tls::TlsVersion::tls1_3;
    else
      return make_error(Errc::malformed,
                        "probe of " + p.address + ": unknown TLS version \"" + p.tls_version + "\"");
    info.cipher_suite = p.cipher_suite;
    info.cipher_suite_name = p.cipher_suite_name;
    info.group = p.group;
    info.group_name = p.group_name;
    info.chain = p.chain;
    info.signature_scheme = p.signature_scheme;
    info.extended_master_secret = p.extended_master_secret;
    info.secure_renegotiation = p.secure_renegotiation;
    r.tls = std::move(info);
    const auto renegotiation = enum_named(p.renegotiation, kRenegotiations);
    if (!renegotiation)
      return make_error(Errc::malformed,
                        "probe of " + p.address + ": unknown renegotiation \"" + p.renegotiation + "\"");
    r.renegotiation = *renegotiation;
    r.renegotiation_alert = p.renegotiation_alert;
  }
  out.smtp = std::move(r);
  return out;
}

// --- the recorder -------------------------------------------------------------

bool EvidenceRecorder::fits(std::size_t bytes, const char* what) {
  if (!evidence_.complete) return false;
  if (bytes_ + bytes > limits_.max_bytes) {
    evidence_.complete = false;
    evidence_.incomplete_reason =
        std::string(what) + " would take the evidence over " + std::to_string(limits_.max_bytes) + " bytes";
    return false;
  }
  bytes_ += bytes;
  return true;
}

void EvidenceRecorder::on_request(dns::RequestId id, const dns::DohRequest& request) {
  if (auto key = doh_question_key(request)) pending_[id] = std::move(*key);
}

void EvidenceRecorder::on_cancel(dns::RequestId id) {
  pending_.erase(id);
}

void EvidenceRecorder::on_response(dns::RequestId id, const dns::HttpResponse& response, TimeMs now) {
  const auto it = pending_.find(id);
  if (it == pending_.end()) return;
  std::string key = std::move(it->second);
  pending_.erase(it);
  if (response.status < 200 || response.status > 299 || response.body.empty())
    return;  // replays as a failure
  if (evidence_.dns.size() == limits_.max_dns_answers) {
    if (evidence_.complete) {
      evidence_.complete = false;
      evidence_.incomplete_reason = "more than " + std::to_string(limits_.max_dns_answers) + " DNS answers";
    }
    return;
  }
  if (!fits(response.body.size(), "a DNS answer")) return;
  const std::size_t space = key.find(' ');
  evidence_.dns.push_back(DnsEvidence{key.substr(0, space), key.substr(space + 1), response.body, now});
}

void EvidenceRecorder::on_probe(ProbeEvidence probe) {
  if (evidence_.probes.size() == limits_.max_probes) {
    if (evidence_.complete) {
      evidence_.complete = false;
      evidence_.incomplete_reason = "more than " + std::to_string(limits_.max_probes) + " probes";
    }
    return;
  }
  if (probe.chain.size() > limits_.max_chain_certificates) probe.chain.resize(limits_.max_chain_certificates);
  std::size_t bytes = probe.detail.size() + probe.connect_error.size() +
                      (probe.connection_end ? probe.connection_end->detail.size() : 0);
  for (const Bytes& der : probe.chain) bytes += der.size();
  for (const ReplyEvidence& reply : probe.replies)
    for (const std::string& line : reply.lines) bytes += line.size();
  if (!fits(bytes, "a probe")) return;
  evidence_.probes.push_back(std::move(probe));
}

Evidence EvidenceRecorder::evidence(TimeMs time) const {
  Evidence out = evidence_;
  out.time = time;
  for (DnsEvidence& d : out.dns) d.at = d.at >= time ? d.at - time : 0;
  return out;
}

}  // namespace daneel::check
