// One line per request (and a few lifecycle lines) on stderr. No client addresses
// are logged (privacy; see the proxy security policy, item F). Request targets are
// escaped and truncated so a client cannot forge or flood log lines.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace daneel::proxy {

// Now in UTC, "2026-12-06T23:59:59Z": the time stamp of every log line.
std::string utc_timestamp();

// Written when the reply is handed to the socket: status and body size as queued,
// duration from the complete request header to the reply being ready.
struct RequestLogEntry {
  std::string_view method;  // "-" when the request could not be parsed
  std::string_view target;
  unsigned status = 0;
  std::uint64_t body_bytes = 0;
  std::chrono::microseconds duration{0};
};

void log_request(const RequestLogEntry& entry);

// A free-form lifecycle message ("listening", "stopping", accept errors).
void log_message(std::string_view message);

// A line written exactly as given (the relay's JSON session lines).
void log_message_raw(std::string line);

// Printable ASCII kept, everything else as \xHH; cut at max_length input bytes.
[[nodiscard]] std::string escape_for_log(std::string_view text, std::size_t max_length = 256);

}  // namespace daneel::proxy
