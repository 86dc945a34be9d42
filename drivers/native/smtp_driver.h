// A native driver for smtp::SmtpSession: one TCP connection (Boost.Asio) to
// an IP literal and port, the system clock as `now`, and the session's
// deadlines as timers. For integration tests and benchmarks; the product's
// driver is JavaScript (WebSocket relay) in wasm/. Never resolves names.
#pragma once

#include <cstdint>
#include <string>

#include "smtp/smtp_session.h"
#include "smtp/tls_probe_session.h"
#include "util/time.h"

namespace daneel::native {

struct SmtpDriverOptions {
  std::string address;  // IPv4 or IPv6 literal, e.g. "127.0.1.11" or "::1"
  std::uint16_t port = 25;
  DurationMs connect_timeout = 10'000;
};

struct SmtpDriverReport {
  bool connected = false;
  std::string error;  // why the connection could not be made
};

// Tunes a connected TCP socket (its native handle) for SMTP's small
// request/response exchanges: TCP_NODELAY, and TCP_QUICKACK (Linux; the
// kernel resets it, so call it again before each read).
void set_no_delay(int native_handle);
void set_quick_ack(int native_handle);

// Connects, runs the session until it is done (or wants the connection
// closed), then closes. The session's own deadlines bound the run.
SmtpDriverReport run_smtp_session(smtp::SmtpSession& session, const SmtpDriverOptions& options);
// The same for one grading probe (greeting .. STARTTLS, ClientHello, the server's first flight).
SmtpDriverReport run_smtp_session(smtp::TlsProbeSession& session, const SmtpDriverOptions& options);

}  // namespace daneel::native
