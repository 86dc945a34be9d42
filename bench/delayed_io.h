// A CheckIo decorator that puts a link with a fixed one-way delay between a
// check and its driver, for the latency benchmark (bench_latency.cpp): the
// kernel here has no netem, so the delay is added where the engine meets the
// network. Every action (DoH request, SYN, segment, close) leaves `one_way`
// late and every event (DoH answer, SYN-ACK, segment, close) arrives
// `one_way` late, so a request/answer costs one round trip of 2 * one_way.
// The server's first bytes on a connection (the SMTP greeting) come no
// earlier than two round trips after the SYN, as over a real link: SYN,
// SYN-ACK, the client's ACK lets the server accept, then the greeting travels.
// DoH exchanges are modelled on an already open connection (what a browser's
// HTTP/2 connection to its DoH server gives after the first query).
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "check/io.h"

namespace daneel::bench {

class DelayedCheckIo : public check::CheckIo {
 public:
  DelayedCheckIo(check::CheckIo& inner, DurationMs one_way, TimeMs now);

  void on_doh_response(dns::RequestId id, const dns::HttpResponse& response, TimeMs now) override;
  void on_doh_failure(dns::RequestId id, std::string_view reason, TimeMs now) override;
  void on_connected(check::ConnectionId id, const check::ConnectedInfo& info, TimeMs now) override;
  void on_connect_failed(check::ConnectionId id, const check::CloseReason& reason, TimeMs now) override;
  void on_bytes(check::ConnectionId id, ByteView data, TimeMs now) override;
  void on_closed(check::ConnectionId id, const check::CloseReason& reason, TimeMs now) override;
  void on_timer(TimeMs now) override;

  std::vector<check::Action> take_actions() override;
  std::vector<check::Progress> take_progress() override;
  [[nodiscard]] std::optional<TimeMs> next_deadline() const override;
  [[nodiscard]] bool done() const override { return inner_.done(); }

  // What the engine saw, with the time it saw it: for the benchmark's timeline.
  struct Mark {
    TimeMs at = 0;
    std::string what;
  };
  [[nodiscard]] const std::vector<Mark>& timeline() const { return timeline_; }

 private:
  enum class EventKind { doh_response, doh_failure, connected, connect_failed, bytes, closed };
  struct Event {
    EventKind kind = EventKind::closed;
    std::uint64_t id = 0;  // RequestId or ConnectionId
    dns::HttpResponse response;
    std::string reason;
    check::CloseReason close;  // connect_failed, closed
    Bytes data;
  };

  static Event make(EventKind kind, std::uint64_t id);
  // Queues an event for delivery at `at`, after everything queued before it.
  void schedule(TimeMs at, Event event);
  // Delivers due events and releases due actions.
  void catch_up(TimeMs now);
  void deliver(Event& event, TimeMs now);
  // Pulls the engine's new actions onto the outgoing link.
  void collect_actions(TimeMs now);
  void mark(TimeMs at, std::string what);

  check::CheckIo& inner_;
  DurationMs one_way_;
  TimeMs started_;
  TimeMs last_now_;
  std::multimap<TimeMs, Event> incoming_;           // by delivery time; equal times keep order
  std::multimap<TimeMs, check::Action> outgoing_;   // by release time
  std::vector<check::Action> released_;
  std::map<std::uint64_t, TimeMs> syn_sent_;      // release time of each OpenConnection
  std::map<std::uint64_t, TimeMs> last_delivery_;
  std::set<std::uint64_t> greeted_;              // connections whose first bytes came
  std::vector<Mark> timeline_;
};

}  // namespace daneel::bench
