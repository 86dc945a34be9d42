// The relay's plaintext SMTP guard (proxy/policy/smtp_plaintext_guard.h)
// takes bytes from a hostile browser and a hostile server. The input is a
// script: byte 0 picks the caps, then ops of [header][bytes]: header bit 7
// says who sends (1: client), bits 0-5 + 1 the length. The script runs twice,
// in the scripted chunks and byte by byte. Properties on every input:
//  - no crash, no read out of bounds (sanitizers watch);
//  - chunking does not matter: the same lines forwarded, the same server
//    plaintext, the same TLS hand-over bytes, the same refusal;
//  - every forwarded client line is one complete line of at most 512 octets
//    ending in CRLF, printable ASCII, with a verb from EHLO HELO STARTTLS NOOP
//    RSET QUIT (EHLO/HELO only with the configured name), and only after a
//    complete greeting; at most max_commands lines and client_bytes octets;
//  - at most server_bytes octets of server plaintext are forwarded;
//  - a refusal is final: later calls forward nothing and repeat it.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/smtp_plaintext_guard.h"

using namespace daneel::proxy::policy;

namespace {

constexpr std::string_view kName = "relay.example";

struct Outcome {
  std::string to_server;
  std::size_t to_client = 0;
  std::string tls_client;
  std::string tls_server;
  std::optional<PlaintextRefusal> refusal;
  unsigned lines = 0;
};

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

void check_line(std::string_view line) {
  if (line.size() < 3 || line.size() > kMaxCommandLine) std::abort();
  if (line.substr(line.size() - 2) != "\r\n") std::abort();
  const std::string_view text = line.substr(0, line.size() - 2);
  for (char c : text)
    if (c < 0x20 || c > 0x7e) std::abort();
  const std::size_t space = text.find(' ');
  const std::string_view verb = text.substr(0, space);
  if (iequal(verb, "EHLO") || iequal(verb, "HELO")) {
    if (space == std::string_view::npos || !iequal(text.substr(space + 1), kName)) std::abort();
    return;
  }
  if (space != std::string_view::npos) std::abort();
  if (!iequal(verb, "STARTTLS") && !iequal(verb, "NOOP") && !iequal(verb, "RSET") && !iequal(verb, "QUIT"))
    std::abort();
}

struct Op {
  bool client;
  const std::uint8_t* data;
  std::size_t size;
};

Outcome run(const std::vector<Op>& ops, const PlaintextLimits& limits, bool byte_by_byte) {
  SmtpPlaintextGuard guard(limits);
  Outcome out;
  for (const Op& op : ops) {
    const std::size_t step = byte_by_byte ? 1 : std::max<std::size_t>(op.size, 1);
    for (std::size_t at = 0; at < op.size; at += step) {
      const Bytes piece(op.data + at, std::min(step, op.size - at));
      const bool greeted = guard.phase() != PlaintextPhase::greeting;
      const std::optional<PlaintextRefusal> before = guard.refusal();
      if (op.client) {
        const ClientStep s = guard.on_client(piece);
        if (before && (!s.forward.empty() || !s.tls.empty() || s.refusal != before)) std::abort();
        if (!s.forward.empty()) {
          if (!greeted) std::abort();
          check_line(std::string_view(reinterpret_cast<const char*>(s.forward.data()), s.forward.size()));
          out.to_server.append(reinterpret_cast<const char*>(s.forward.data()), s.forward.size());
          ++out.lines;
        }
        out.tls_client.append(reinterpret_cast<const char*>(s.tls.data()), s.tls.size());
        if (s.refusal) out.refusal = s.refusal;
      } else {
        const ServerStep s = guard.on_server(piece);
        if (before && (s.plaintext != 0 || !s.tls.empty() || s.refusal != before)) std::abort();
        if (s.plaintext + s.tls.size() > piece.size()) std::abort();
        out.to_client += s.plaintext;
        out.tls_server.append(reinterpret_cast<const char*>(s.tls.data()), s.tls.size());
        if (s.refusal) out.refusal = s.refusal;
      }
      if (out.refusal) return out;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  PlaintextLimits limits;
  limits.ehlo_name = std::string(kName);
  if (data[0] & 1) {  // small caps, so the fuzzer reaches them
    limits.client_bytes = 16 + data[0];
    limits.server_bytes = 32 + data[0];
    limits.max_server_line = 64;
    limits.max_commands = 3;
  }
  std::vector<Op> ops;
  // Each op consumes at least its header byte: bounded by size.
  for (std::size_t at = 1; at < size;) {
    const std::uint8_t header = data[at++];
    const std::size_t length = std::min<std::size_t>((header & 0x3f) + 1u, size - at);
    ops.push_back(Op{(header & 0x80) != 0, data + at, length});
    at += length;
  }
  const Outcome chunks = run(ops, limits, false);
  const Outcome bytes = run(ops, limits, true);
  if (chunks.to_server != bytes.to_server || chunks.to_client != bytes.to_client ||
      chunks.tls_client != bytes.tls_client || chunks.tls_server != bytes.tls_server ||
      chunks.refusal != bytes.refusal)
    std::abort();
  if (chunks.lines > limits.max_commands || chunks.to_server.size() > limits.client_bytes) std::abort();
  if (chunks.to_client > limits.server_bytes) std::abort();
  return 0;
}
