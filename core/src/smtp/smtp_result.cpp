#include "smtp/smtp_result.h"

namespace daneel::smtp {

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::connecting: return "connecting";
    case Phase::greeting: return "greeting";
    case Phase::ehlo: return "ehlo";
    case Phase::starttls: return "starttls";
    case Phase::tls_handshake: return "tls_handshake";
    case Phase::tls_ehlo: return "tls_ehlo";
    case Phase::tls_renegotiation: return "tls_renegotiation";
    case Phase::quit: return "quit";
    case Phase::finished: return "finished";
  }
  return "unknown";
}

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok: return "ok";
    case Outcome::no_greeting: return "no_greeting";
    case Outcome::greeting_rejected: return "greeting_rejected";
    case Outcome::ehlo_failed: return "ehlo_failed";
    case Outcome::no_starttls: return "no_starttls";
    case Outcome::starttls_refused: return "starttls_refused";
    case Outcome::starttls_injection: return "starttls_injection";
    case Outcome::handshake_failed: return "handshake_failed";
    case Outcome::handshake_unsupported: return "handshake_unsupported";
    case Outcome::closed_early: return "closed_early";
    case Outcome::timeout: return "timeout";
    case Outcome::protocol_error: return "protocol_error";
    case Outcome::line_too_long: return "line_too_long";
    case Outcome::too_many_lines: return "too_many_lines";
  }
  return "unknown";
}

std::string_view to_string(Renegotiation renegotiation) {
  switch (renegotiation) {
    case Renegotiation::not_asked: return "not_asked";
    case Renegotiation::not_applicable: return "not_applicable";
    case Renegotiation::accepted: return "accepted";
    case Renegotiation::refused: return "refused";
    case Renegotiation::timeout: return "timeout";
    case Renegotiation::failed: return "failed";
  }
  return "failed";
}

}  // namespace daneel::smtp
