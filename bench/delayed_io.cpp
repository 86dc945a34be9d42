#include "delayed_io.h"

#include <algorithm>
#include <utility>

#include "dns/message.h"
#include "dns/rr_type.h"

namespace daneel::bench {

namespace {

// "MX ee311.example." for a DoH request (POST body); the id otherwise.
std::string describe(const check::DohExchange& exchange) {
  auto message = dns::parse_message(exchange.request.body);
  if (!message.ok() || message.value().questions.empty()) return "DoH #" + std::to_string(exchange.id);
  const dns::Question& q = message.value().questions.front();
  return std::string(dns::to_string(q.type)) + " " + q.name.to_text();
}

}  // namespace

DelayedCheckIo::DelayedCheckIo(check::CheckIo& inner, DurationMs one_way, TimeMs now)
    : inner_(inner), one_way_(one_way), started_(now), last_now_(now) {
  collect_actions(now);  // the engine's first actions exist from its constructor on
}

DelayedCheckIo::Event DelayedCheckIo::make(EventKind kind, std::uint64_t id) {
  Event e;
  e.kind = kind;
  e.id = id;
  return e;
}

void DelayedCheckIo::mark(TimeMs at, std::string what) { timeline_.push_back({at - started_, std::move(what)}); }

void DelayedCheckIo::schedule(TimeMs at, Event event) {
  if (event.kind != EventKind::doh_response && event.kind != EventKind::doh_failure) {
    // Segments of one connection arrive in order; the server's first bytes no
    // earlier than SYN (arrival at the server) + SYN-ACK + ACK + greeting.
    auto& last = last_delivery_[event.id];
    if (event.kind == EventKind::bytes && greeted_.insert(event.id).second) {
      if (auto syn = syn_sent_.find(event.id); syn != syn_sent_.end()) at = std::max(at, syn->second + 3 * one_way_);
    }
    at = std::max(at, last);
    last = at;
  }
  incoming_.emplace(at, std::move(event));
}

void DelayedCheckIo::on_doh_response(dns::RequestId id, const dns::HttpResponse& response, TimeMs now) {
  Event e = make(EventKind::doh_response, id);
  e.response = response;
  schedule(now + one_way_, std::move(e));
}
void DelayedCheckIo::on_doh_failure(dns::RequestId id, std::string_view reason, TimeMs now) {
  Event e = make(EventKind::doh_failure, id);
  e.reason = std::string(reason);
  schedule(now + one_way_, std::move(e));
}
void DelayedCheckIo::on_connected(check::ConnectionId id, const check::ConnectedInfo& /*info*/, TimeMs now) {
  Event e = make(EventKind::connected, id);
  schedule(now + one_way_, std::move(e));
}
void DelayedCheckIo::on_connect_failed(check::ConnectionId id, const check::CloseReason& reason, TimeMs now) {
  Event e = make(EventKind::connect_failed, id);
  e.close = reason;
  schedule(now + one_way_, std::move(e));
}
void DelayedCheckIo::on_bytes(check::ConnectionId id, ByteView data, TimeMs now) {
  Event e = make(EventKind::bytes, id);
  e.data = Bytes(data.begin(), data.end());
  schedule(now + one_way_, std::move(e));
}
void DelayedCheckIo::on_closed(check::ConnectionId id, const check::CloseReason& reason, TimeMs now) {
  Event e = make(EventKind::closed, id);
  e.close = reason;
  schedule(now + one_way_, std::move(e));
}

void DelayedCheckIo::deliver(Event& event, TimeMs now) {
  // Connection events were queued from a ConnectionId: the narrowing is exact.
  const auto connection = static_cast<check::ConnectionId>(event.id);
  switch (event.kind) {
    case EventKind::doh_response:
      mark(now, "DoH answer #" + std::to_string(event.id));
      return inner_.on_doh_response(event.id, event.response, now);
    case EventKind::doh_failure: return inner_.on_doh_failure(event.id, event.reason, now);
    case EventKind::connected:
      mark(now, "connected #" + std::to_string(event.id));
      return inner_.on_connected(connection, {}, now);
    case EventKind::connect_failed: return inner_.on_connect_failed(connection, event.close, now);
    case EventKind::bytes:
      mark(now, "bytes #" + std::to_string(event.id) + " (" + std::to_string(event.data.size()) + ")");
      return inner_.on_bytes(connection, event.data, now);
    case EventKind::closed: return inner_.on_closed(connection, event.close, now);
  }
}

void DelayedCheckIo::collect_actions(TimeMs now) {
  for (check::Action& action : inner_.take_actions()) {
    if (const auto* doh = std::get_if<check::DohExchange>(&action)) {
      mark(now, "DoH query #" + std::to_string(doh->id) + " " + describe(*doh));
    } else if (const auto* open = std::get_if<check::OpenConnection>(&action)) {
      mark(now, "SYN #" + std::to_string(open->id) + " " + open->address);
      syn_sent_[open->id] = now + one_way_;
    } else if (const auto* send = std::get_if<check::SendBytes>(&action)) {
      mark(now, "send #" + std::to_string(send->id) + " (" + std::to_string(send->data.size()) + ")");
    }
    outgoing_.emplace(now + one_way_, std::move(action));
  }
}

void DelayedCheckIo::catch_up(TimeMs now) {
  last_now_ = std::max(last_now_, now);
  // Bounded by what is queued: each pass removes one event or action.
  while (!incoming_.empty() && incoming_.begin()->first <= now) {
    Event event = std::move(incoming_.begin()->second);
    incoming_.erase(incoming_.begin());
    deliver(event, now);
    collect_actions(now);
  }
  while (!outgoing_.empty() && outgoing_.begin()->first <= now) {
    released_.push_back(std::move(outgoing_.begin()->second));
    outgoing_.erase(outgoing_.begin());
  }
}

void DelayedCheckIo::on_timer(TimeMs now) {
  catch_up(now);
  if (const auto deadline = inner_.next_deadline(); deadline && *deadline <= now) {
    inner_.on_timer(now);
    collect_actions(now);
    catch_up(now);
  }
}

std::vector<check::Action> DelayedCheckIo::take_actions() { return std::exchange(released_, {}); }

std::vector<check::Progress> DelayedCheckIo::take_progress() {
  std::vector<check::Progress> progress = inner_.take_progress();
  for (const check::Progress& p : progress) mark(last_now_, "progress " + p.stage + ": " + p.detail);
  return progress;
}

std::optional<TimeMs> DelayedCheckIo::next_deadline() const {
  std::optional<TimeMs> next = inner_.next_deadline();
  const auto earlier = [&](TimeMs at) { next = next ? std::min(*next, at) : at; };
  if (!incoming_.empty()) earlier(incoming_.begin()->first);
  if (!outgoing_.empty()) earlier(outgoing_.begin()->first);
  if (!released_.empty()) earlier(last_now_);
  return next;
}

}  // namespace daneel::bench
