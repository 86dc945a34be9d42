// The plaintext phase of a relayed SMTP session, judged byte by byte in both
// directions (checklist D10-D13 and C9's plaintext caps).
//
// What it protects: a browser-driven relay must only be able to do what a
// DANE check does before TLS: wait for the greeting, EHLO with the proxy's own
// name, STARTTLS (and NOOP/RSET/QUIT). No mail transaction (MAIL, RCPT, DATA,
// BDAT), no AUTH guessing, no address probing (VRFY, EXPN), no pipelining
// tricks, no STARTTLS command injection (CVE-2011-0411), and no pregreet
// (postscreen would blacklist the relay's address).
//
// How the relay uses it, per chunk as it arrives (any chunking gives the same
// result, because every byte is judged on its own in order):
//   - client -> server: on_client(chunk). The guard buffers a partial line
//     (at most 512 octets) and hands back complete, approved lines only, so a
//     refused command never reaches the server. Once the server has accepted
//     STARTTLS, the bytes come back in `tls` for the TlsRecordBudget.
//   - server -> client: on_server(chunk). Server bytes are forwarded as they
//     come (they go to the checking client, which judges them itself); the
//     guard only follows the replies to know when a command is answered and
//     when TLS starts. Bytes after the 220 reply to STARTTLS come back in `tls`.
// A refusal is final: every later call repeats it. The relay closes then.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "policy/byte_caps.h"
#include "policy/smtp_reply_tally.h"

namespace daneel::proxy::policy {

using Bytes = std::span<const std::uint8_t>;

enum class PlaintextRule : std::uint8_t {
  pregreet,                // a client byte before the server's greeting was complete
  forbidden_command,       // a verb other than EHLO HELO STARTTLS NOOP RSET QUIT (or an empty line)
  malformed_command,       // an allowed verb with arguments it does not take; a control or 8-bit byte
  line_too_long,           // a client line over 512 octets including CRLF
  bare_lf,                 // LF without CR before it
  bare_cr,                 // CR not followed by LF
  nul_byte,                // NUL anywhere in a client line
  pipelining,              // a client byte while a command still waits for its reply
  too_many_commands,       // more commands than allowed in the plaintext phase
  ehlo_name_mismatch,      // EHLO/HELO argument other than the proxy's configured name
  starttls_injection,      // a client byte after STARTTLS before its reply (CVE-2011-0411)
  not_tls_after_starttls,  // the client's first byte after the 220 is not a TLS handshake record (0x16)
  server_line_too_long,    // a server reply line over the limit
  server_bad_reply,        // a server line that is not an SMTP reply line, or a code change inside a reply
  cap_exceeded,            // a plaintext byte cap; see PlaintextRefusal::cap
};

[[nodiscard]] std::string_view to_string(PlaintextRule rule);

struct PlaintextRefusal {
  PlaintextRule rule = PlaintextRule::pregreet;
  Cap cap = Cap::client_plaintext;  // meaningful only for cap_exceeded
  friend bool operator==(const PlaintextRefusal&, const PlaintextRefusal&) = default;
};

struct PlaintextLimits {
  // The proxy's EHLO name: the only EHLO/HELO argument allowed (compared
  // without regard to ASCII case). Operators expect it to match the relay's
  // forward-confirmed reverse DNS.
  std::string ehlo_name;
  // Commands in the plaintext phase. A check needs 2 (EHLO, STARTTLS), or 3
  // with QUIT when STARTTLS is missing or refused.
  unsigned max_commands = 10;
  // Server reply lines, including the line end. RFC 5321 says 512, real
  // servers exceed it (long EHLO AUTH lines, banners); 4096 is what the
  // check's own reply reader accepts (core/src/smtp/smtp_limits.h), so the
  // relay never refuses a server the native check would accept.
  std::size_t max_server_line = 4096;
  std::size_t client_bytes = ByteCaps{}.client_plaintext;
  std::size_t server_bytes = ByteCaps{}.server_plaintext;
};

// RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF.
inline constexpr std::size_t kMaxCommandLine = 512;

enum class PlaintextPhase : std::uint8_t {
  greeting,  // waiting for the server's first complete reply
  commands,  // the client may send one command at a time
  tls,       // the server accepted STARTTLS: bytes are TLS records now
  refused,
};

struct ClientStep {
  // Complete approved command lines to send to the server now. A view into
  // the guard, valid until the next call. At most one line (no pipelining).
  Bytes forward;
  // Bytes of this chunk that belong to the TLS phase (for the TlsRecordBudget).
  Bytes tls;
  // Set when the chunk broke a rule. `forward` then still holds a line
  // approved before the offending byte; the relay may drop it, as it closes.
  std::optional<PlaintextRefusal> refusal;
};

struct ServerStep {
  // Leading bytes of the chunk that are plaintext SMTP (forward them). With a
  // refusal: the bytes before the offending one.
  std::size_t plaintext = 0;
  // The rest of the chunk after the 220 reply to STARTTLS: TLS from the server.
  Bytes tls;
  std::optional<PlaintextRefusal> refusal;
};

class SmtpPlaintextGuard {
 public:
  explicit SmtpPlaintextGuard(PlaintextLimits limits);

  [[nodiscard]] ClientStep on_client(Bytes chunk);
  [[nodiscard]] ServerStep on_server(Bytes chunk);

  [[nodiscard]] PlaintextPhase phase() const { return phase_; }
  [[nodiscard]] std::optional<PlaintextRefusal> refusal() const { return refusal_; }
  [[nodiscard]] unsigned commands() const { return commands_; }
  [[nodiscard]] std::size_t client_bytes() const { return client_bytes_; }
  [[nodiscard]] std::size_t server_bytes() const { return server_bytes_; }
  // The server's complete replies so far, by stage and code class (metrics).
  [[nodiscard]] const ReplyTally& replies() const { return replies_; }

 private:
  enum class Verb : std::uint8_t { none, ehlo, helo, starttls, noop, rset, quit };

  std::optional<PlaintextRefusal> client_byte(std::uint8_t byte, bool& line_done);
  std::optional<PlaintextRefusal> judge_line();
  std::optional<PlaintextRefusal> server_byte(std::uint8_t byte, bool& tls_starts);
  std::optional<PlaintextRefusal> server_line_end(bool& tls_starts);
  PlaintextRefusal refuse(PlaintextRule rule, Cap cap = Cap::client_plaintext);

  PlaintextLimits limits_;
  PlaintextPhase phase_ = PlaintextPhase::greeting;
  std::optional<PlaintextRefusal> refusal_;

  // Client side.
  std::array<std::uint8_t, kMaxCommandLine> line_{};
  std::size_t line_length_ = 0;
  bool client_cr_ = false;
  Verb outstanding_ = Verb::none;  // the command waiting for its reply
  unsigned commands_ = 0;
  std::size_t client_bytes_ = 0;
  bool tls_first_byte_seen_ = false;

  // Server side: only what is needed to read reply codes; nothing is kept.
  std::array<char, 4> server_head_{};  // the first four bytes of the current line
  std::size_t server_line_length_ = 0;
  bool server_cr_ = false;  // the previous server byte was CR
  int reply_code_ = 0;      // code of the multi-line reply in progress, 0 when none
  std::size_t server_bytes_ = 0;
  ReplyTally replies_;
};

}  // namespace daneel::proxy::policy
