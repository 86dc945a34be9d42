// Fixed resource bounds of the HTTP side of the proxy. One place, so that
// docs/PROXY.md and the tests have a single source to agree with.
#pragma once

#include <chrono>
#include <cstddef>

namespace daneel::proxy {

struct Limits {
  // Request line + all header fields. Larger requests get 431 and the connection closes.
  std::size_t header_limit = 8 * 1024;
  // Read buffer per connection (headers plus any pipelined bytes).
  std::size_t read_buffer_limit = 16 * 1024;
  // The whole request header must arrive within this time; also the keep-alive idle time.
  std::chrono::seconds read_timeout{10};
  // Writing one response (a large .wasm on a slow link) must finish within this time.
  std::chrono::seconds write_timeout{60};
  // Requests served on one keep-alive connection before it is closed.
  unsigned max_requests_per_connection = 100;
  // Default for --max-connections: open client connections; more are accepted and closed at once.
  unsigned max_connections = 256;
  // Threads running the single io_context.
  unsigned io_threads = 2;
};

}  // namespace daneel::proxy
