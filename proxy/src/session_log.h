// The relay's privacy-preserving session log (proxy-security.md F15): one JSON
// line per session on stderr. The client appears only as a keyed hash of its
// client key (IPv4 address or IPv6 /64): HMAC-SHA256 (Mbed TLS) under a random
// secret that is replaced every UTC day and never stored, so lines of one day
// can be grouped by client, but nobody (the operator included) can map a hash
// back to an address or link two days. Never payloads, never the raw client
// address.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "policy/client_key.h"

namespace daneel::proxy {

class ClientKeyHasher {
 public:
  // 32 hex digits: the first 128 bits of the HMAC.
  [[nodiscard]] std::string hash(const policy::ClientKey& key);

 private:
  std::mutex mutex_;
  std::int64_t day_ = -1;  // UTC day of secret_
  std::array<std::uint8_t, 32> secret_{};
};

struct SessionLogEntry {
  std::string_view client;  // ClientKeyHasher::hash
  std::string_view domain;  // empty when the request was malformed
  std::string_view mx;
  std::string_view address;   // the destination (a mail server), never the client
  std::string_view verified;  // VerifyOutcome words, or "-"
  std::string_view phase;     // the furthest phase reached
  unsigned close_code = 0;
  std::string_view close_reason;
  std::uint64_t bytes_up = 0;    // client -> server, forwarded
  std::uint64_t bytes_down = 0;  // server -> client, forwarded
  std::chrono::milliseconds duration{0};
};

void log_session(const SessionLogEntry& entry);

// JSON string contents: printable ASCII kept, '"' and '\\' escaped, anything
// else as \u00XX; cut at max_length input bytes.
[[nodiscard]] std::string json_escape(std::string_view text, std::size_t max_length = 256);

}  // namespace daneel::proxy
