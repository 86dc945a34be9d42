#include "smtp/tls_probe_session.h"

#include <algorithm>

#include "tls/probe_hello.h"

namespace daneel::smtp {

namespace {

SmtpConfig smtp_config(const TlsProbeConfig& config) {
  SmtpConfig smtp;
  smtp.ehlo_name = config.ehlo_name;
  smtp.limits = config.limits;
  smtp.timeouts = config.timeouts;
  smtp.hand_off_at_starttls = true;
  // A refused session is answered with QUIT, without waiting: the probe has
  // learnt what it can.
  smtp.await_quit_reply = false;
  return smtp;
}

}  // namespace

ProbeEnd probe_end_of(const SmtpResult& smtp) {
  switch (smtp.outcome) {
    case Outcome::greeting_rejected: {
      const bool temporary = !smtp.replies.empty() && smtp.replies.back().code >= 400 && smtp.replies.back().code < 500;
      return temporary ? ProbeEnd::rate_limited : ProbeEnd::session_refused;
    }
    case Outcome::ehlo_failed:
    case Outcome::no_starttls:
    case Outcome::starttls_refused:
      return ProbeEnd::session_refused;
    case Outcome::no_greeting:
    case Outcome::timeout:
      return ProbeEnd::timeout;
    case Outcome::closed_early:
      return ProbeEnd::closed;
    case Outcome::ok:
    case Outcome::starttls_injection:
    case Outcome::handshake_failed:
    case Outcome::handshake_unsupported:
    case Outcome::protocol_error:
    case Outcome::line_too_long:
    case Outcome::too_many_lines:
      break;
  }
  return ProbeEnd::protocol_error;
}

std::string_view to_string(ProbeEnd end) {
  switch (end) {
    case ProbeEnd::answered: return "answered";
    case ProbeEnd::rate_limited: return "rate_limited";
    case ProbeEnd::session_refused: return "session_refused";
    case ProbeEnd::closed: return "closed";
    case ProbeEnd::timeout: return "timeout";
    case ProbeEnd::protocol_error: return "protocol_error";
  }
  return "unknown";
}

Result<Bytes> make_probe_client_hello(tls::ProbeKind kind, const tls::GradingTables& tables,
                                      std::string_view server_name, ByteView entropy) {
  if (entropy.size() < 128) return Error{Errc::invalid_argument, "a probe ClientHello needs 128 bytes of entropy"};
  auto offer = tls::probe_offer(kind, tables, server_name, entropy.subspan(64, 64));
  if (!offer.ok()) return offer.error();
  return tls::build_probe_client_hello(offer.value(), entropy.first(32), entropy.subspan(32, 32));
}

TlsProbeSession::TlsProbeSession(TlsProbeConfig config, const tls::GradingTables& tables)
    : config_(std::move(config)), tables_(tables), smtp_(smtp_config(config_)) {}

void TlsProbeSession::on_connected(TimeMs now) {
  if (done()) return;
  smtp_.on_connected(now);
  after_smtp(now);
}

std::optional<TimeMs> TlsProbeSession::next_deadline() const {
  if (done()) return std::nullopt;
  if (hello_sent_) return flight_deadline_;
  return smtp_.next_deadline();
}

Bytes TlsProbeSession::take_output() {
  Bytes out;
  out.swap(output_);
  return out;
}

void TlsProbeSession::finish(ProbeEnd end, std::string detail, TimeMs now) {
  if (done()) return;
  TlsProbeResult result;
  result.kind = config_.kind;
  result.end = end;
  result.detail = std::move(detail);
  result.smtp = smtp_.result();
  result.finished_at = now;
  result.flight_bytes = received_.size();
  if (hello_sent_) result.hello_sent_at = result.smtp.tls_started_at;
  if (end == ProbeEnd::answered) result.flight = tls::read_server_flight(received_, tables_, config_.flight_limits);
  result.received = std::move(received_);
  result_ = std::move(result);
}

// Moves the SMTP session's output on and, at the hand-off, sends the ClientHello.
void TlsProbeSession::after_smtp(TimeMs now) {
  const Bytes smtp_out = smtp_.take_output();
  output_.insert(output_.end(), smtp_out.begin(), smtp_out.end());
  if (smtp_.done()) return finish(probe_end_of(smtp_.result()), smtp_.result().detail, now);
  if (!smtp_.handed_off() || hello_sent_) return;
  hello_sent_ = true;
  flight_deadline_ = now + config_.timeouts.tls_handshake;
  output_.insert(output_.end(), config_.client_hello.begin(), config_.client_hello.end());
}

void TlsProbeSession::on_bytes(ByteView data, TimeMs now) {
  if (done() || data.empty()) return;
  if (!hello_sent_) {
    smtp_.on_bytes(data, now);
    return after_smtp(now);
  }
  // Bytes before our ClientHello could have arrived were dealt with by the
  // SMTP session (an injection); these are the server's TLS answer.
  const std::size_t room = config_.flight_limits.max_bytes + 1 - std::min(received_.size(), config_.flight_limits.max_bytes + 1);
  received_.insert(received_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(std::min(room, data.size())));
  const tls::ServerFlight flight = tls::read_server_flight(received_, tables_, config_.flight_limits);
  switch (flight.status) {
    case tls::FlightStatus::need_more:
      return;
    case tls::FlightStatus::malformed:
    case tls::FlightStatus::too_large:
      return finish(ProbeEnd::protocol_error, "the server's answer to the ClientHello: " + flight.problem, now);
    case tls::FlightStatus::server_hello_tls13:
    case tls::FlightStatus::hello_retry:
    case tls::FlightStatus::server_hello_done:
    case tls::FlightStatus::alert:
      return finish(ProbeEnd::answered, {}, now);
  }
}

void TlsProbeSession::on_closed(TimeMs now) {
  if (done()) return;
  if (!hello_sent_) {
    smtp_.on_closed(now);
    return after_smtp(now);
  }
  finish(ProbeEnd::closed,
         received_.empty() ? "the server closed the connection after the ClientHello without an answer"
                           : "the server closed the connection in the middle of its answer",
         now);
}

void TlsProbeSession::on_timer(TimeMs now) {
  if (done()) return;
  if (!hello_sent_) {
    smtp_.on_timer(now);
    return after_smtp(now);
  }
  if (now >= flight_deadline_) finish(ProbeEnd::timeout, "no complete answer to the ClientHello in time", now);
}

}  // namespace daneel::smtp
