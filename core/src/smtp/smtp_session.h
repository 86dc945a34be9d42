// The SMTP side of a DANE check, as a sans-IO state machine (RFC 5321,
// RFC 3207): greeting, EHLO, STARTTLS (only when offered), TLS handshake
// (tls::TlsClient), EHLO over TLS, QUIT. Never sends MAIL, RCPT or DATA.
//
// The driver connects, then calls on_connected(); passes every chunk the
// server sends to on_bytes(); sends take_output() after every call; calls
// on_timer() at next_deadline(); closes the connection when wants_close();
// calls on_closed() when the server closed it. done() -> result().
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "smtp/reply_reader.h"
#include "smtp/smtp_limits.h"
#include "smtp/smtp_result.h"
#include "tls/tls_client.h"
#include "util/bytes.h"
#include "util/time.h"

namespace daneel::smtp {

struct SmtpConfig {
  // The EHLO argument (RFC 5321 §4.1.1.1: the client's FQDN or an address
  // literal). The check engine passes the relay's public name.
  std::string ehlo_name = "localhost";
  tls::TlsConfig tls;  // SNI = TLSA base domain (RFC 7672 §8.1)
  SmtpLimits limits;
  SmtpTimeouts timeouts;
  // Wait for the 221 after QUIT. A check knows its outcome when it sends
  // QUIT; not waiting saves one round trip per address (RFC 5321 §4.1.1.10:
  // the client SHOULD wait, it need not). Without waiting, the session ends
  // right after QUIT (and close_notify over TLS); the driver must send all
  // output before it closes the connection.
  bool await_quit_reply = true;
  // Stop at the STARTTLS 220 and leave the TLS part to the caller (a grading
  // probe sends its own ClientHello: smtp/tls_probe_session.h). The session
  // then reports handed_off() and takes no more bytes; an injection after the
  // 220 is still caught (starttls_injection) and nothing is handed off.
  bool hand_off_at_starttls = false;
  // After EHLO over TLS succeeded, ask the server once for a new TLS 1.2
  // handshake before QUIT (the TLS grading's renegotiation_client,
  // docs/TLS_GRADING.md §3): SmtpResult::renegotiation says how it ended.
  // No new connection; bounded by timeouts.tls_handshake and the TLS
  // client's handshake byte cap. The session's outcome is decided before it.
  bool renegotiate = false;
};

class SmtpSession {
 public:
  explicit SmtpSession(SmtpConfig config);

  void on_connected(TimeMs now);
  // Replaces the configured EHLO name before the first EHLO goes out (a
  // relay's own name: docs/PROXY.md); ignored once an EHLO was sent.
  void use_ehlo_name(std::string name);
  void on_bytes(ByteView data, TimeMs now);
  void on_closed(TimeMs now);
  void on_timer(TimeMs now);

  [[nodiscard]] Bytes take_output();
  [[nodiscard]] bool wants_close() const { return wants_close_; }
  [[nodiscard]] std::optional<TimeMs> next_deadline() const;
  [[nodiscard]] bool done() const { return phase_ == Phase::finished; }
  [[nodiscard]] const SmtpResult& result() const { return result_; }
  [[nodiscard]] Phase phase() const { return phase_; }
  // hand_off_at_starttls: the server said 220 to STARTTLS and nothing
  // followed it; the connection is the caller's now (not done()).
  [[nodiscard]] bool handed_off() const { return handed_off_ && phase_ == Phase::tls_handshake; }
  // Bytes held inside the session (reply reader, pending output): for tests
  // that assert the bounds.
  [[nodiscard]] std::size_t buffered_bytes() const;

 private:
  void on_plain_bytes(ByteView data, TimeMs now);
  void on_tls_bytes(ByteView data, TimeMs now);
  // Reads replies from at most the phase's remaining byte budget (SmtpLimits::max_phase_bytes).
  void read_within_phase_budget(ByteView data, TimeMs now, bool over_tls);
  // Reads replies from `data` and acts on them; `over_tls` marks where they came from.
  void read_replies(ByteView data, TimeMs now, bool over_tls);
  void on_reply(Reply reply, TimeMs now);
  void on_greeting(const Reply& reply, TimeMs now);
  void on_ehlo(const Reply& reply, TimeMs now);
  void on_starttls(const Reply& reply, TimeMs now);
  void on_tls_ehlo(const Reply& reply, TimeMs now);
  void start_tls(TimeMs now);
  void after_tls_progress(TimeMs now);
  void start_renegotiation(TimeMs now);
  void after_renegotiation_progress(TimeMs now);
  // Records the outcome unless one was decided before.
  void decide(Outcome outcome, std::string detail);

  void send(std::string command, Phase next, TimeMs now);
  void enter(Phase phase, TimeMs now);
  // Records the outcome (the first decision wins) and sends QUIT.
  void decide_then_quit(Outcome outcome, std::string detail, TimeMs now);
  // Records the outcome (the first decision wins) and ends the session.
  void finish(Outcome outcome, std::string detail, TimeMs now);
  [[nodiscard]] DurationMs timeout_for(Phase phase) const;

  SmtpConfig config_;
  ReplyReader reader_;
  std::unique_ptr<tls::TlsClient> tls_;
  Phase phase_ = Phase::connecting;
  bool decided_ = false;
  bool handed_off_ = false;
  bool wants_close_ = false;
  TimeMs phase_deadline_ = 0;
  TimeMs session_deadline_ = 0;
  std::size_t phase_bytes_ = 0;
  Bytes output_;
  SmtpResult result_;
};

}  // namespace daneel::smtp
