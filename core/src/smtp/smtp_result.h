// The value an SMTP session produces: one outcome, the phase it ended in, and
// the evidence (every reply and command with times, the EHLO extensions
// before and after TLS, what TLS negotiated and the server's chain).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/ehlo.h"
#include "tls/tls_types.h"
#include "util/bytes.h"
#include "util/time.h"

namespace daneel::smtp {

enum class Phase : std::uint8_t {
  connecting,     // before on_connected()
  greeting,       // waiting for 220 (RFC 5321 §4.3.1 / §3.1)
  ehlo,           // EHLO sent (RFC 5321 §4.1.1.1)
  starttls,       // STARTTLS sent (RFC 3207 §4)
  tls_handshake,  // TLS handshake in progress
  tls_ehlo,       // EHLO over TLS (RFC 3207 §4.2: the client MUST discard prior knowledge)
  tls_renegotiation,  // the TLS grading's client-initiated renegotiation (SmtpConfig::renegotiate)
  quit,           // QUIT sent (RFC 5321 §4.1.1.10)
  finished,
};

enum class Outcome : std::uint8_t {
  ok,                  // STARTTLS, TLS handshake and EHLO over TLS all worked
  no_greeting,         // no (complete) greeting before the deadline
  greeting_rejected,   // 554 / 421 / other 4xx-5xx instead of 220
  ehlo_failed,         // EHLO refused (before or, with phase tls_ehlo, after TLS)
  no_starttls,         // EHLO did not offer STARTTLS
  starttls_refused,    // STARTTLS answered with e.g. 454 / 421 / 5xx
  starttls_injection,  // bytes after the STARTTLS 220 before TLS (CVE-2011-0411 class)
  handshake_failed,    // TLS handshake failed because of the server (see tls_failure)
  handshake_unsupported,  // TLS handshake failed on daneel's side: its TLS library
                          // cannot do what the server legitimately chose (tls_failure)
  closed_early,        // the server closed the connection (see phase)
  timeout,             // a phase deadline passed (see phase)
  protocol_error,      // malformed or unsolicited data (see detail)
  line_too_long,       // a reply line longer than SmtpLimits::max_line
  too_many_lines,      // a reply with more than SmtpLimits::max_reply_lines lines
};

// The TLS grading's client-initiated renegotiation, asked after EHLO over
// TLS and before QUIT (SmtpConfig::renegotiate; Internet.nl's
// renegotiation_client). It never changes the session's outcome, which is
// decided by then.
enum class Renegotiation : std::uint8_t {
  not_asked,       // not configured, or the session ended before EHLO over TLS succeeded
  not_applicable,  // the session is TLS 1.3, which has no renegotiation
  accepted,        // the server completed a new handshake
  refused,         // an alert (no_renegotiation, handshake_failure), close_notify, or the connection closed
  timeout,         // no answer within SmtpTimeouts::tls_handshake
  failed,          // the checker broke off the new handshake: its TLS library, or the session's
                   // byte cap (SmtpLimits::max_session_bytes) reached mid-way (not the server's answer)
};

std::string_view to_string(Phase phase);
std::string_view to_string(Outcome outcome);
std::string_view to_string(Renegotiation renegotiation);

struct Reply {
  int code = 0;                    // e.g. 250
  std::vector<std::string> lines;  // text after "250-" / "250 ", one per line
  Phase phase = Phase::greeting;
  TimeMs first_byte_at = 0;
  TimeMs completed_at = 0;
  bool over_tls = false;
  bool bare_line_feed = false;     // some line ended in LF without CR (RFC 5321 §2.3.8 wants CRLF)
  bool non_ascii = false;          // bytes outside printable ASCII (kept as received)
};

struct Command {
  std::string text;  // without CRLF
  Phase phase = Phase::greeting;
  TimeMs sent_at = 0;
  bool over_tls = false;
};

struct SmtpResult {
  Outcome outcome = Outcome::protocol_error;
  Phase phase = Phase::connecting;  // where the outcome was decided
  std::string detail;               // for people
  std::vector<Reply> replies;
  std::vector<Command> commands;
  std::optional<EhloInfo> ehlo;      // before TLS
  std::optional<EhloInfo> ehlo_tls;  // after TLS
  std::optional<tls::TlsInfo> tls;   // a completed handshake (chain for DANE)
  std::optional<tls::TlsFailure> tls_failure;
  std::size_t injected_bytes = 0;
  Bytes injected_sample;             // first bytes of an injection
  bool quit_acknowledged = false;    // the server answered QUIT
  Renegotiation renegotiation = Renegotiation::not_asked;
  std::optional<std::uint8_t> renegotiation_alert;  // the alert that refused it, if one did
  TimeMs connected_at = 0;
  TimeMs tls_started_at = 0;
  TimeMs tls_completed_at = 0;
  TimeMs finished_at = 0;
  std::size_t bytes_received = 0;
  std::size_t bytes_sent = 0;
};

}  // namespace daneel::smtp
