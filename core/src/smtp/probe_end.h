// How a grading probe (smtp/tls_probe_session.h) ended: its own header, so
// that the report's types (check/grading.h) need not include the session.
#pragma once

#include <cstdint>
#include <string_view>

namespace daneel::smtp {

// How a probe ended. Only `answered` carries a flight that decides anything;
// every other end leaves the probe's questions open (never a pass).
enum class ProbeEnd : std::uint8_t {
  answered,          // the flight is decided: ServerHello(s) or an alert
  rate_limited,      // a 4xx greeting (421/450: the server's rate limit or load)
  session_refused,   // a 5xx greeting, EHLO refused, no STARTTLS, STARTTLS refused
  closed,            // the server closed the connection before the flight was decided
  timeout,           // a phase deadline passed
  protocol_error,    // SMTP garbage, an injection after STARTTLS, a malformed or too large flight
};
std::string_view to_string(ProbeEnd end);

struct SmtpResult;
// What an SMTP session's end means for a probe that needed it: a 4xx greeting
// is how a mail server says "not now" (rate limits, load: RFC 5321 §3.8,
// 421), which the check reports as such, never as the server's TLS answer.
// For a session that completed no TLS handshake; anything unknown is a
// protocol error.
ProbeEnd probe_end_of(const SmtpResult& smtp);

}  // namespace daneel::smtp
