#include "policy/smtp_plaintext_guard.h"

#include <utility>

namespace daneel::proxy::policy {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

SmtpPlaintextGuard::SmtpPlaintextGuard(PlaintextLimits limits) : limits_(std::move(limits)) {}

PlaintextRefusal SmtpPlaintextGuard::refuse(PlaintextRule rule, Cap cap) {
  refusal_ = PlaintextRefusal{rule, cap};
  phase_ = PlaintextPhase::refused;
  return *refusal_;
}

ClientStep SmtpPlaintextGuard::on_client(Bytes chunk) {
  ClientStep step;
  if (refusal_) {
    step.refusal = refusal_;
    return step;
  }
  std::size_t approved = 0;  // length of a line approved during this call
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    if (phase_ == PlaintextPhase::tls) {
      // D13: the first byte after the server's 220 must open a TLS handshake
      // record; anything else would be plaintext smuggled past STARTTLS.
      if (!tls_first_byte_seen_ && chunk[i] != 0x16) {
        step.refusal = refuse(PlaintextRule::not_tls_after_starttls);
        break;
      }
      tls_first_byte_seen_ = true;
      step.tls = chunk.subspan(i);
      break;
    }
    bool line_done = false;
    const std::size_t length_before = line_length_;
    if (auto refusal = client_byte(chunk[i], line_done)) {
      step.refusal = refusal;
      break;
    }
    // After an approved line the buffer is empty again; the line itself stays
    // in line_ untouched, since any further byte in this call is refused as
    // pipelining before it is stored.
    if (line_done) approved = length_before + 1;
  }
  step.forward = Bytes(line_.data(), approved);
  return step;
}

std::optional<PlaintextRefusal> SmtpPlaintextGuard::client_byte(std::uint8_t byte, bool& line_done) {
  if (client_bytes_ >= limits_.client_bytes)
    return refuse(PlaintextRule::cap_exceeded, Cap::client_plaintext);
  ++client_bytes_;
  if (phase_ == PlaintextPhase::greeting) return refuse(PlaintextRule::pregreet);
  if (outstanding_ == Verb::starttls) return refuse(PlaintextRule::starttls_injection);
  if (outstanding_ != Verb::none) return refuse(PlaintextRule::pipelining);
  if (byte == 0) return refuse(PlaintextRule::nul_byte);
  if (client_cr_) {
    if (byte != '\n') return refuse(PlaintextRule::bare_cr);
    client_cr_ = false;
    if (line_length_ >= kMaxCommandLine) return refuse(PlaintextRule::line_too_long);
    line_[line_length_++] = byte;
    line_done = true;
    return judge_line();
  }
  if (byte == '\n') return refuse(PlaintextRule::bare_lf);
  if (byte == '\r') {
    client_cr_ = true;
  } else if (byte < 0x20 || byte > 0x7e) {
    return refuse(PlaintextRule::malformed_command);
  }
  if (line_length_ >= kMaxCommandLine) return refuse(PlaintextRule::line_too_long);
  line_[line_length_++] = byte;
  return std::nullopt;
}

std::optional<PlaintextRefusal> SmtpPlaintextGuard::judge_line() {
  // line_ holds "VERB[ ARGS]\r\n"; only printable ASCII before the CRLF.
  const std::string_view text(reinterpret_cast<const char*>(line_.data()), line_length_ - 2);
  line_length_ = 0;
  if (text.empty()) return refuse(PlaintextRule::malformed_command);
  const std::size_t space = text.find(' ');
  const std::string_view verb_text = text.substr(0, space);
  Verb verb = Verb::none;
  if (equal_ignoring_case(verb_text, "EHLO"))
    verb = Verb::ehlo;
  else if (equal_ignoring_case(verb_text, "HELO"))
    verb = Verb::helo;
  else if (equal_ignoring_case(verb_text, "STARTTLS"))
    verb = Verb::starttls;
  else if (equal_ignoring_case(verb_text, "NOOP"))
    verb = Verb::noop;
  else if (equal_ignoring_case(verb_text, "RSET"))
    verb = Verb::rset;
  else if (equal_ignoring_case(verb_text, "QUIT"))
    verb = Verb::quit;
  // MAIL, RCPT, DATA, BDAT, AUTH, VRFY, EXPN, ETRN, HELP, XCLIENT, TURN, ...:
  // the line was never forwarded and never will be.
  if (verb == Verb::none) return refuse(PlaintextRule::forbidden_command);
  if (commands_ >= limits_.max_commands) return refuse(PlaintextRule::too_many_commands);
  if (verb == Verb::ehlo || verb == Verb::helo) {
    // Exactly "EHLO name": one space, the configured name, nothing else.
    if (space == std::string_view::npos || limits_.ehlo_name.empty() ||
        !equal_ignoring_case(text.substr(space + 1), limits_.ehlo_name))
      return refuse(PlaintextRule::ehlo_name_mismatch);
  } else if (space != std::string_view::npos) {
    // STARTTLS, NOOP, RSET and QUIT as a check sends them: no argument (NOOP's
    // optional string would only be a place to hide data).
    return refuse(PlaintextRule::malformed_command);
  }
  ++commands_;
  outstanding_ = verb;
  return std::nullopt;
}

ServerStep SmtpPlaintextGuard::on_server(Bytes chunk) {
  ServerStep step;
  if (refusal_) {
    step.refusal = refusal_;
    return step;
  }
  if (phase_ == PlaintextPhase::tls) {
    step.tls = chunk;
    return step;
  }
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    bool tls_starts = false;
    if (auto refusal = server_byte(chunk[i], tls_starts)) {
      step.plaintext = i;
      step.refusal = refusal;
      return step;
    }
    if (tls_starts) {
      step.plaintext = i + 1;
      step.tls = chunk.subspan(i + 1);
      return step;
    }
  }
  step.plaintext = chunk.size();
  return step;
}

std::optional<PlaintextRefusal> SmtpPlaintextGuard::server_byte(std::uint8_t byte, bool& tls_starts) {
  if (server_bytes_ >= limits_.server_bytes)
    return refuse(PlaintextRule::cap_exceeded, Cap::server_plaintext);
  ++server_bytes_;
  ++server_line_length_;
  if (server_line_length_ > limits_.max_server_line) return refuse(PlaintextRule::server_line_too_long);
  if (byte == '\n') return server_line_end(tls_starts);
  if (server_line_length_ <= server_head_.size())
    server_head_[server_line_length_ - 1] = static_cast<char>(byte);
  server_cr_ = byte == '\r';
  return std::nullopt;
}

std::optional<PlaintextRefusal> SmtpPlaintextGuard::server_line_end(bool& tls_starts) {
  // Like the check's reply reader: the line end is LF, a CR before it is
  // dropped; "ddd", "ddd text" end a reply, "ddd-text" continues it.
  const std::size_t length = server_line_length_ - 1 - (server_cr_ ? 1 : 0);
  server_line_length_ = 0;
  server_cr_ = false;
  const auto& h = server_head_;
  // RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39.
  const bool code_ok =
      length >= 3 && h[0] >= '2' && h[0] <= '5' && h[1] >= '0' && h[1] <= '5' && is_digit(h[2]);
  const char separator = length > 3 ? h[3] : ' ';
  if (!code_ok || (separator != ' ' && separator != '-')) return refuse(PlaintextRule::server_bad_reply);
  const int code = (h[0] - '0') * 100 + (h[1] - '0') * 10 + (h[2] - '0');
  if (reply_code_ != 0 && code != reply_code_) return refuse(PlaintextRule::server_bad_reply);
  if (separator == '-') {
    reply_code_ = code;
    return std::nullopt;
  }
  reply_code_ = 0;
  // A complete reply.
  replies_.count(phase_ == PlaintextPhase::greeting ? ReplyStage::greeting : ReplyStage::command, code);
  if (phase_ == PlaintextPhase::greeting) {
    phase_ = PlaintextPhase::commands;  // any greeting code: after a 554 the check still sends QUIT
  } else if (outstanding_ == Verb::starttls && code == 220) {
    phase_ = PlaintextPhase::tls;
    outstanding_ = Verb::none;
    tls_starts = true;
  } else {
    // The reply to the outstanding command (a refused STARTTLS goes back to
    // plaintext), or an unsolicited one such as 421 before a close.
    outstanding_ = Verb::none;
  }
  return std::nullopt;
}

std::string_view to_string(PlaintextRule rule) {
  switch (rule) {
    case PlaintextRule::pregreet:
      return "pregreet";
    case PlaintextRule::forbidden_command:
      return "forbidden_command";
    case PlaintextRule::malformed_command:
      return "malformed_command";
    case PlaintextRule::line_too_long:
      return "line_too_long";
    case PlaintextRule::bare_lf:
      return "bare_lf";
    case PlaintextRule::bare_cr:
      return "bare_cr";
    case PlaintextRule::nul_byte:
      return "nul_byte";
    case PlaintextRule::pipelining:
      return "pipelining";
    case PlaintextRule::too_many_commands:
      return "too_many_commands";
    case PlaintextRule::ehlo_name_mismatch:
      return "ehlo_name_mismatch";
    case PlaintextRule::starttls_injection:
      return "starttls_injection";
    case PlaintextRule::not_tls_after_starttls:
      return "not_tls_after_starttls";
    case PlaintextRule::server_line_too_long:
      return "server_line_too_long";
    case PlaintextRule::server_bad_reply:
      return "server_bad_reply";
    case PlaintextRule::cap_exceeded:
      return "cap_exceeded";
  }
  return "unknown";
}

}  // namespace daneel::proxy::policy
