// Every bound of an SMTP session in one place (docs/SMTP_TLS.md explains the
// numbers). The session never buffers more than these allow, whatever the
// server sends.
#pragma once

#include <cstddef>

#include "util/time.h"

namespace daneel::smtp {

struct SmtpLimits {
  // RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets including CRLF.
  // Real servers exceed it (long EHLO AUTH lines, chatty banners), so we allow
  // 8x slack; anything longer is line_too_long, never buffered further.
  std::size_t max_line = 4096;
  // Lines in one (multi-line, "250-") reply. An EHLO reply has ~10-20; 100
  // stops an endless "250-" stream early (too_many_lines).
  std::size_t max_reply_lines = 100;
  // Bytes of SMTP text per phase (one reply plus whatever else arrives).
  std::size_t max_phase_bytes = 64 * 1024;
  // Bytes from the server for the whole session, TLS included.
  std::size_t max_session_bytes = 512 * 1024;
  // Bytes kept from a STARTTLS injection (CVE-2011-0411 class) for the report.
  std::size_t max_injection_sample = 256;
};

// Per-phase deadlines. RFC 5321 §4.5.3.2 asks delivering clients for 5
// minutes (greeting, MAIL, ...); Postfix waits smtp_helo_timeout=300s and
// smtp_starttls_timeout=300s. A checker answers a person who is waiting, and
// a server that needs more than 30 s per step is worth reporting in itself,
// so the defaults are scaled down; whole-session cap 150 s.
struct SmtpTimeouts {
  DurationMs greeting = 30'000;
  DurationMs ehlo = 30'000;
  DurationMs starttls = 30'000;
  DurationMs tls_handshake = 30'000;
  DurationMs tls_ehlo = 30'000;
  DurationMs quit = 5'000;  // courtesy only: the outcome is known by then
  DurationMs session = 150'000;
};

}  // namespace daneel::smtp
