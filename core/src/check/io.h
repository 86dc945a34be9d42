// The check engine's seam to the outside world: the actions it asks a driver
// to perform and the events the driver reports back. This is the whole IO
// contract of a check; the JS drivers (wasm/: fetch, WebSocket relay or
// node:net) and the native drivers implement it, and the proxy's relay sits
// behind OpenConnection in the browser. Every event carries `now`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "check/connection_end.h"
#include "dns/doh.h"
#include "dns/query_engine.h"
#include "util/bytes.h"
#include "util/time.h"

namespace daneel::check {

using ConnectionId = std::uint32_t;

// Perform one DoH exchange; answer with Check::on_doh_response / on_doh_failure.
struct DohExchange {
  dns::RequestId id = 0;
  dns::DohRequest request;
};
// Abandon a DoH exchange (it timed out); a late answer is ignored anyway.
struct CancelDoh {
  dns::RequestId id = 0;
};
// Open a TCP connection to an IP literal (never a name: the check resolved it
// through DNSSEC); answer with on_connected / on_connect_failed. The domain
// and MX host say what the address is for: a relay checks them itself
// (docs/PROXY.md) before it connects; a direct driver needs only the address.
struct OpenConnection {
  ConnectionId id = 0;
  std::string address;  // IPv4 dotted quad or IPv6 without brackets
  std::uint16_t port = 25;
  std::string domain;   // the mail domain checked (A-label, no trailing dot)
  std::string mx;       // the MX host the address belongs to (the domain itself without MX)
};

// What the driver learnt when the connection opened. A relay names the EHLO
// name it forwards (its plaintext rules refuse any other); empty: the check's own.
struct ConnectedInfo {
  std::string ehlo_name;
};
// Send bytes on an open connection (in order).
struct SendBytes {
  ConnectionId id = 0;
  Bytes data;
};
// Close a connection once the bytes already sent are written (the last are
// QUIT and close_notify); no more events for it are expected (on_closed may still come).
struct CloseConnection {
  ConnectionId id = 0;
};

using Action = std::variant<DohExchange, CancelDoh, OpenConnection, SendBytes, CloseConnection>;

// Progress for people (a progress bar, a live region): what the check is doing.
struct Progress {
  std::string stage;   // machine-readable: "mx", "dnssec", "tlsa", "address", "smtp", "done"
  std::string detail;  // for people, e.g. "STARTTLS to 192.0.2.1 (mx1.example.nl)"
  std::uint32_t steps_done = 0;
  std::uint32_t steps_known = 0;  // grows as MX hosts and addresses are discovered
};

// The events a driver reports, as one interface so that drivers and tests can
// be written against it without knowing the engine's internals.
class CheckIo {
 public:
  virtual ~CheckIo() = default;
  virtual void on_doh_response(dns::RequestId id, const dns::HttpResponse& response, TimeMs now) = 0;
  virtual void on_doh_failure(dns::RequestId id, std::string_view reason, TimeMs now) = 0;
  virtual void on_connected(ConnectionId id, const ConnectedInfo& info, TimeMs now) = 0;
  // Who failed the connection attempt, or ended the connection, and how
  // (connection_end.h): the report never blames the mail server for a relay
  // or the local network.
  virtual void on_connect_failed(ConnectionId id, const CloseReason& reason, TimeMs now) = 0;
  virtual void on_bytes(ConnectionId id, ByteView data, TimeMs now) = 0;
  virtual void on_closed(ConnectionId id, const CloseReason& reason, TimeMs now) = 0;
  virtual void on_timer(TimeMs now) = 0;

  // Actions to perform now, in order; each is returned once.
  virtual std::vector<Action> take_actions() = 0;
  virtual std::vector<Progress> take_progress() = 0;
  // When on_timer must be called next (none while only waiting for IO events
  // that carry their own deadlines inside the engine).
  [[nodiscard]] virtual std::optional<TimeMs> next_deadline() const = 0;
  [[nodiscard]] virtual bool done() const = 0;
};

}  // namespace daneel::check
