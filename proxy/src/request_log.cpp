#include "request_log.h"

#include <unistd.h>

#include <cstdio>
#include <ctime>

namespace daneel::proxy {
namespace {

// One write(2) per line: lines from the two I/O threads do not interleave.
void write_line(std::string line) {
  line.push_back('\n');
  std::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, rest.data(), rest.size());
    if (n <= 0) return;  // stderr gone: logging must never stop the server
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

std::string escape_for_log(std::string_view text, std::size_t max_length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  const bool truncated = text.size() > max_length;
  if (truncated) text = text.substr(0, max_length);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x21 && byte <= 0x7e && c != '\\') {
      out.push_back(c);
    } else {
      out += "\\x";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0f]);
    }
  }
  if (truncated) out += "...";
  return out;
}

void log_request(const RequestLogEntry& entry) {
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.1fms", static_cast<double>(entry.duration.count()) / 1000.0);
  write_line(utc_timestamp() + " " + escape_for_log(entry.method, 32) + " " + escape_for_log(entry.target) +
             " " + std::to_string(entry.status) + " " + std::to_string(entry.body_bytes) + " " + duration);
}

void log_message_raw(std::string line) {
  write_line(std::move(line));
}

void log_message(std::string_view message) {
  write_line(utc_timestamp() + " " + std::string(message));
}

}  // namespace daneel::proxy
