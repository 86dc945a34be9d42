#include "smtp/smtp_session.h"

#include <algorithm>

namespace daneel::smtp {

namespace {

std::string reply_text(const Reply& reply) {
  std::string text = std::to_string(reply.code);
  if (!reply.lines.empty()) text += " " + reply.lines.back();
  if (text.size() > 200) text.resize(200);
  return text;
}

std::string seconds(DurationMs duration) { return std::to_string(duration / 1000) + " s"; }

}  // namespace

SmtpSession::SmtpSession(SmtpConfig config) : config_(std::move(config)), reader_(config_.limits) {}

DurationMs SmtpSession::timeout_for(Phase phase) const {
  const SmtpTimeouts& t = config_.timeouts;
  switch (phase) {
    case Phase::greeting: return t.greeting;
    case Phase::ehlo: return t.ehlo;
    case Phase::starttls: return t.starttls;
    case Phase::tls_handshake: return t.tls_handshake;
    case Phase::tls_ehlo: return t.tls_ehlo;
    case Phase::tls_renegotiation: return t.tls_handshake;  // a new handshake: the same bound
    case Phase::quit: return t.quit;
    case Phase::connecting:
    case Phase::finished: break;
  }
  return t.session;
}

void SmtpSession::enter(Phase phase, TimeMs now) {
  phase_ = phase;
  phase_deadline_ = now + timeout_for(phase);
  phase_bytes_ = 0;
  reader_.reset();
}

std::optional<TimeMs> SmtpSession::next_deadline() const {
  if (phase_ == Phase::connecting || phase_ == Phase::finished) return std::nullopt;
  return std::min(phase_deadline_, session_deadline_);
}

std::size_t SmtpSession::buffered_bytes() const {
  return reader_.buffered_bytes() + output_.size() + (tls_ != nullptr ? tls_->buffered_plaintext() : 0);
}

Bytes SmtpSession::take_output() {
  Bytes out;
  out.swap(output_);
  result_.bytes_sent += out.size();
  return out;
}

void SmtpSession::use_ehlo_name(std::string name) {
  if (phase_ == Phase::connecting || phase_ == Phase::greeting) config_.ehlo_name = std::move(name);
}

void SmtpSession::on_connected(TimeMs now) {
  if (phase_ != Phase::connecting) return;
  result_.connected_at = now;
  session_deadline_ = now + config_.timeouts.session;
  enter(Phase::greeting, now);
}

void SmtpSession::decide(Outcome outcome, std::string detail) {
  if (decided_) return;
  decided_ = true;
  result_.outcome = outcome;
  result_.phase = phase_;
  result_.detail = std::move(detail);
}

void SmtpSession::finish(Outcome outcome, std::string detail, TimeMs now) {
  if (phase_ == Phase::finished) return;
  decide(outcome, std::move(detail));
  // RFC 8446 §6.1: end an established session with close_notify.
  if (tls_ != nullptr && tls_->state() == tls::TlsState::established) {
    tls_->close_notify();
    const Bytes alert = tls_->take_output();
    output_.insert(output_.end(), alert.begin(), alert.end());
  }
  phase_ = Phase::finished;
  wants_close_ = true;
  result_.finished_at = now;
}

void SmtpSession::decide_then_quit(Outcome outcome, std::string detail, TimeMs now) {
  decide(outcome, std::move(detail));
  send("QUIT", Phase::quit, now);
  if (!config_.await_quit_reply) finish(Outcome::ok, {}, now);  // outcome already decided
}

void SmtpSession::send(std::string command, Phase next, TimeMs now) {
  const bool over_tls = tls_ != nullptr && tls_->state() == tls::TlsState::established;
  result_.commands.push_back(Command{command, next, now, over_tls});
  command += "\r\n";
  if (over_tls) {
    if (!tls_->write(as_bytes(command)).ok()) {
      result_.tls_failure = tls_->failure();
      return finish(Outcome::protocol_error, "TLS failed while sending " + result_.commands.back().text, now);
    }
    const Bytes records = tls_->take_output();
    output_.insert(output_.end(), records.begin(), records.end());
  } else {
    const ByteView bytes = as_bytes(command);
    output_.insert(output_.end(), bytes.begin(), bytes.end());
  }
  enter(next, now);
}

void SmtpSession::on_bytes(ByteView data, TimeMs now) {
  if (phase_ == Phase::finished || phase_ == Phase::connecting || handed_off() || data.empty()) return;
  // As with the phase budget: handle what fits, then judge the excess.
  const std::size_t budget =
      config_.limits.max_session_bytes - std::min(result_.bytes_received, config_.limits.max_session_bytes);
  const bool over_budget = data.size() > budget;
  data = data.first(std::min(data.size(), budget));
  result_.bytes_received += data.size();
  if (tls_ != nullptr) {
    on_tls_bytes(data, now);
  } else {
    on_plain_bytes(data, now);
  }
  if (over_budget && phase_ != Phase::finished) {
    // The outcome was decided at EHLO; the cap cut the renegotiation off
    // before the server's answer was complete: no answer, not "not asked".
    if (phase_ == Phase::tls_renegotiation) result_.renegotiation = Renegotiation::failed;
    finish(Outcome::protocol_error,
           "the server sent more than " + std::to_string(config_.limits.max_session_bytes) + " bytes", now);
  }
}

void SmtpSession::on_plain_bytes(ByteView data, TimeMs now) { read_within_phase_budget(data, now, false); }

void SmtpSession::read_within_phase_budget(ByteView data, TimeMs now, bool over_tls) {
  // Parse what fits in the phase's budget first, so that a single huge chunk
  // is diagnosed as what it is (e.g. line_too_long) rather than "too much".
  const std::size_t budget = config_.limits.max_phase_bytes - std::min(phase_bytes_, config_.limits.max_phase_bytes);
  const bool over_budget = data.size() > budget;
  const ByteView allowed = data.first(std::min(data.size(), budget));
  phase_bytes_ += allowed.size();
  read_replies(allowed, now, over_tls);
  if (over_budget && phase_ != Phase::finished) {
    finish(Outcome::protocol_error, "the server sent more than " + std::to_string(config_.limits.max_phase_bytes) +
                                        " bytes during " + std::string(to_string(phase_)),
           now);
  }
}

void SmtpSession::read_replies(ByteView data, TimeMs now, bool over_tls) {
  // Each round consumes at least one byte or returns.
  while (!data.empty() && phase_ != Phase::finished) {
    const Phase before = phase_;
    ReplyStep step = reader_.read(data, now);
    if (step.error) return finish(step.error->outcome, std::move(step.error->detail), now);
    if (!step.reply) return;
    step.reply->over_tls = over_tls;
    on_reply(std::move(*step.reply), now);
    if (phase_ == Phase::finished || data.empty()) return;
    // Bytes after a complete reply arrived before our next command could
    // have been sent (we send only after this call returns): the server did
    // not wait for us. We never pipeline, so nothing may be outstanding.
    if (before == Phase::starttls && phase_ == Phase::tls_handshake) {
      // RFC 3207 §4.2 / CVE-2011-0411: these bytes would be taken as the
      // start of TLS; a man in the middle can inject commands or replies
      // that way. Report them; never feed them to TLS.
      result_.injected_bytes = data.size();
      const std::size_t keep = std::min(data.size(), config_.limits.max_injection_sample);
      result_.injected_sample.assign(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(keep));
      output_.clear();  // do not start TLS on a tainted stream
      return finish(Outcome::starttls_injection,
                    std::to_string(data.size()) + " bytes followed the STARTTLS 220 reply before TLS began", now);
    }
    phase_ = before;  // the outcome belongs to the reply they followed
    output_.clear();  // our next command is moot
    return finish(Outcome::protocol_error,
                  std::to_string(data.size()) + " unsolicited bytes followed the reply in " +
                      std::string(to_string(before)) + " (the server did not wait for our command)",
                  now);
  }
}

void SmtpSession::on_reply(Reply reply, TimeMs now) {
  reply.phase = phase_;
  result_.replies.push_back(std::move(reply));
  const Reply& current = result_.replies.back();
  switch (phase_) {
    case Phase::greeting: return on_greeting(current, now);
    case Phase::ehlo: return on_ehlo(current, now);
    case Phase::starttls: return on_starttls(current, now);
    case Phase::tls_ehlo: return on_tls_ehlo(current, now);
    case Phase::quit:
      result_.quit_acknowledged = true;
      return finish(Outcome::ok, {}, now);  // the outcome was decided before QUIT
    case Phase::connecting:
    case Phase::tls_handshake:
    case Phase::tls_renegotiation:
    case Phase::finished: break;
  }
  finish(Outcome::protocol_error, "a reply while none was expected", now);
}

// RFC 5321 §4.3.1 / §3.1: 220 opens the session; 554 (and 421, §3.8) refuse it.
void SmtpSession::on_greeting(const Reply& reply, TimeMs now) {
  if (reply.code == 220) return send("EHLO " + config_.ehlo_name, Phase::ehlo, now);
  if (reply.code >= 400) {
    // §3.1: after a 554 greeting the client SHOULD send QUIT.
    return decide_then_quit(Outcome::greeting_rejected, "the server refused the session: " + reply_text(reply), now);
  }
  finish(Outcome::protocol_error, "unexpected greeting: " + reply_text(reply), now);
}

// No HELO fallback: STARTTLS is an ESMTP extension (RFC 3207 §4), only
// announced in an EHLO reply, so a server that refuses EHLO cannot do TLS.
void SmtpSession::on_ehlo(const Reply& reply, TimeMs now) {
  if (reply.code == 250) {
    result_.ehlo = parse_ehlo(reply.lines);
    if (result_.ehlo->starttls()) return send("STARTTLS", Phase::starttls, now);
    return decide_then_quit(Outcome::no_starttls, "the EHLO reply does not offer STARTTLS", now);
  }
  if (reply.code >= 400) return decide_then_quit(Outcome::ehlo_failed, "EHLO refused: " + reply_text(reply), now);
  finish(Outcome::protocol_error, "unexpected reply to EHLO: " + reply_text(reply), now);
}

// RFC 3207 §4: 220 = go ahead; 454 = TLS temporarily unavailable; 501 syntax.
void SmtpSession::on_starttls(const Reply& reply, TimeMs now) {
  if (reply.code == 220 && config_.hand_off_at_starttls) {
    // The same phase as a handshake of our own, so read_replies() still
    // treats bytes after the 220 as an injection.
    enter(Phase::tls_handshake, now);
    result_.tls_started_at = now;
    handed_off_ = true;
    return;
  }
  if (reply.code == 220) return start_tls(now);
  if (reply.code >= 400) {
    return decide_then_quit(Outcome::starttls_refused, "STARTTLS refused: " + reply_text(reply), now);
  }
  finish(Outcome::protocol_error, "unexpected reply to STARTTLS: " + reply_text(reply), now);
}

void SmtpSession::on_tls_ehlo(const Reply& reply, TimeMs now) {
  if (reply.code == 250) {
    result_.ehlo_tls = parse_ehlo(reply.lines);
    if (config_.renegotiate) return start_renegotiation(now);
    return decide_then_quit(Outcome::ok, {}, now);
  }
  if (reply.code >= 400) {
    return decide_then_quit(Outcome::ehlo_failed, "EHLO over TLS refused: " + reply_text(reply), now);
  }
  finish(Outcome::protocol_error, "unexpected reply to EHLO over TLS: " + reply_text(reply), now);
}

void SmtpSession::start_tls(TimeMs now) {
  tls_ = std::make_unique<tls::TlsClient>(config_.tls);
  enter(Phase::tls_handshake, now);
  result_.tls_started_at = now;
  tls_->start();
  after_tls_progress(now);
}

// The check's answer is complete (outcome ok); what follows only asks the
// server whether it takes a new handshake from the client.
void SmtpSession::start_renegotiation(TimeMs now) {
  decide(Outcome::ok, {});
  if (tls_->info().version != tls::TlsVersion::tls1_2) {
    result_.renegotiation = Renegotiation::not_applicable;  // TLS 1.3 (RFC 8446 §4.1.2: no renegotiation)
    return decide_then_quit(Outcome::ok, {}, now);
  }
  if (!tls_->renegotiate().ok()) {
    result_.renegotiation = Renegotiation::failed;
    return decide_then_quit(Outcome::ok, {}, now);
  }
  enter(Phase::tls_renegotiation, now);
  after_tls_progress(now);  // the new ClientHello goes out
}

void SmtpSession::after_renegotiation_progress(TimeMs now) {
  const std::optional<tls::RenegotiationEnd> end = tls_->renegotiation();
  if (!end || *end == tls::RenegotiationEnd::pending) return;
  result_.renegotiation_alert = tls_->renegotiation_alert();
  switch (*end) {
    case tls::RenegotiationEnd::accepted:
      result_.renegotiation = Renegotiation::accepted;
      // The old session's data rules still hold: nothing may come unasked.
      if (tls_->buffered_plaintext() > 0)
        return finish(Outcome::ok, "the server sent data over TLS after the renegotiation", now);
      return decide_then_quit(Outcome::ok, {}, now);
    case tls::RenegotiationEnd::refused:
      // Mbed TLS still waits for a ServerHello and would not write: no QUIT, close.
      result_.renegotiation = Renegotiation::refused;
      return finish(Outcome::ok, {}, now);
    case tls::RenegotiationEnd::failed:
    case tls::RenegotiationEnd::pending: break;
  }
  result_.renegotiation = Renegotiation::failed;
  return finish(Outcome::ok, {}, now);
}

void SmtpSession::on_tls_bytes(ByteView data, TimeMs now) {
  tls_->on_bytes(data);
  after_tls_progress(now);
}

void SmtpSession::after_tls_progress(TimeMs now) {
  const Bytes records = tls_->take_output();
  output_.insert(output_.end(), records.begin(), records.end());
  if (phase_ == Phase::tls_renegotiation) return after_renegotiation_progress(now);
  switch (tls_->state()) {
    case tls::TlsState::idle:
    case tls::TlsState::handshaking:
      return;
    case tls::TlsState::failed:
      result_.tls_failure = tls_->failure();
      if (!tls_->handshake_completed()) {
        const bool ours = tls_->failure().side == tls::FailureSide::checker;
        return finish(ours ? Outcome::handshake_unsupported : Outcome::handshake_failed, tls_->failure().reason, now);
      }
      return finish(Outcome::protocol_error, "TLS failed after the handshake: " + tls_->failure().reason, now);
    case tls::TlsState::closed:
    case tls::TlsState::established:
      break;
  }
  if (phase_ == Phase::tls_handshake && tls_->state() == tls::TlsState::established) {
    result_.tls = tls_->info();
    result_.tls_completed_at = now;
    // RFC 3207 §4.2: the client sends EHLO first; anything before it is unsolicited.
    if (tls_->buffered_plaintext() > 0) {
      return finish(Outcome::protocol_error, "the server sent data over TLS before our EHLO", now);
    }
    return send("EHLO " + config_.ehlo_name, Phase::tls_ehlo, now);
  }
  // Replies decrypted before a close_notify still count (e.g. the QUIT reply).
  if (const Bytes plaintext = tls_->take_plaintext(); !plaintext.empty()) {
    read_within_phase_budget(plaintext, now, /*over_tls=*/true);
  }
  if (tls_->state() == tls::TlsState::closed && phase_ != Phase::finished) {
    if (phase_ == Phase::quit) return finish(Outcome::ok, {}, now);  // outcome already decided
    finish(Outcome::closed_early, "the server ended the TLS session (close_notify) during " +
                                      std::string(to_string(phase_)), now);
  }
}

void SmtpSession::on_closed(TimeMs now) {
  if (phase_ == Phase::finished || handed_off()) return;
  if (phase_ == Phase::quit) return finish(Outcome::ok, {}, now);  // outcome already decided
  if (phase_ == Phase::tls_renegotiation) {
    result_.renegotiation = Renegotiation::refused;  // the server closed rather than start a new handshake
    return finish(Outcome::ok, {}, now);           // outcome already decided
  }
  std::string detail = "the server closed the connection during " + std::string(to_string(phase_));
  if (reader_.in_reply()) detail += " (in the middle of a reply)";
  finish(Outcome::closed_early, std::move(detail), now);
}

void SmtpSession::on_timer(TimeMs now) {
  if (phase_ == Phase::finished || phase_ == Phase::connecting || handed_off()) return;
  if (phase_ == Phase::tls_renegotiation && (now >= session_deadline_ || now >= phase_deadline_)) {
    result_.renegotiation = Renegotiation::timeout;
    return finish(Outcome::ok, {}, now);  // outcome already decided
  }
  if (now >= session_deadline_) {
    return finish(Outcome::timeout, "the session took longer than " + seconds(config_.timeouts.session), now);
  }
  if (now < phase_deadline_) return;
  const std::string waited = seconds(timeout_for(phase_));
  switch (phase_) {
    case Phase::greeting:
      return finish(Outcome::no_greeting,
                    (reader_.in_reply() ? "the greeting was not complete within " : "no greeting within ") + waited,
                    now);
    case Phase::quit:
      return finish(Outcome::ok, {}, now);  // outcome already decided; QUIT is a courtesy
    default:
      return finish(Outcome::timeout, "no answer during " + std::string(to_string(phase_)) + " within " + waited,
                    now);
  }
}

}  // namespace daneel::smtp
