#include "relay.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <span>
#include <variant>
#include <vector>

#include "crypto/entropy.h"
#include "policy/close_codes.h"
#include "policy/smtp_plaintext_guard.h"
#include "policy/tls_record_budget.h"
#include "opt_out_file.h"
#include "request_log.h"

namespace daneel::proxy {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// RFC 6455 1003: the relay carries binary frames only.
constexpr std::uint16_t kCloseUnsupportedData = 1003;
// After the client closed, the server gets this long to answer the
// half-close before the upstream connection is dropped.
constexpr std::chrono::milliseconds kLinger{2'000};
// Server -> client reads: one TLS record of the largest legal size fits.
constexpr std::size_t kDownChunk = 16 * 1024;

struct SessionClose {
  std::uint16_t code = 1000;
  std::string reason;
};

SessionClose from_policy(const policy::Close& close) {
  return SessionClose{static_cast<std::uint16_t>(close.code), close.reason};
}

SessionClose make_close(policy::CloseCode code, std::string_view reason) {
  return SessionClose{static_cast<std::uint16_t>(code), std::string(reason)};
}

std::uint64_t random_seed() {
  std::array<std::uint8_t, 8> bytes{};
  (void)daneel::crypto::random_bytes(bytes);  // zero on failure: only the hash spread suffers
  std::uint64_t seed = 0;
  for (const auto b : bytes) seed = (seed << 8) | b;
  return seed;
}

policy::SteadyMs steady_ms(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

net::ip::address to_asio(const policy::IpAddress& a) {
  if (a.family == policy::IpFamily::v4) {
    return net::ip::address_v4(
        net::ip::address_v4::bytes_type{a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]});
  }
  net::ip::address_v6::bytes_type bytes{};
  std::copy(a.bytes.begin(), a.bytes.end(), bytes.begin());
  return net::ip::address_v6(bytes);
}

std::optional<policy::IpAddress> from_asio(const net::ip::address& a) {
  return policy::parse_ip(a.to_string());
}

// The phases a session reaches, in order (the log's "phase").
enum class Reached : std::uint8_t { handshake, upgraded, verify, connect, greeting, plaintext, tls };

std::string_view to_string(Reached r) {
  switch (r) {
    case Reached::handshake:
      return "handshake";
    case Reached::upgraded:
      return "upgraded";
    case Reached::verify:
      return "verify";
    case Reached::connect:
      return "connect";
    case Reached::greeting:
      return "greeting";
    case Reached::plaintext:
      return "plaintext";
    case Reached::tls:
      return "tls";
  }
  return "handshake";
}

std::string connected_frame(const RelayConfig& c, const policy::TlsBudgetLimits& tls,
                            VerifyOutcome verified) {
  const auto ms = [](std::chrono::milliseconds d) { return std::to_string(d.count()); };
  return "connected {\"ehlo_name\":\"" + json_escape(c.ehlo_name) +
         "\",\"port\":" + std::to_string(c.destination_port) + ",\"verified\":\"" +
         std::string(to_string(verified)) +
         "\",\"caps\":{\"client_plaintext_bytes\":" + std::to_string(c.caps.client_plaintext) +
         ",\"server_plaintext_bytes\":" + std::to_string(c.caps.server_plaintext) +
         ",\"client_tls_bytes\":" + std::to_string(c.caps.client_tls) +
         ",\"server_tls_bytes\":" + std::to_string(c.caps.server_tls) +
         ",\"client_tls_app_records\":" + std::to_string(tls.client_app_records) +
         ",\"client_tls_app_bytes\":" + std::to_string(tls.client_app_bytes) +
         ",\"max_frame\":" + std::to_string(c.max_frame) +
         "},\"timeouts_ms\":{\"greeting\":" + ms(c.timeouts.greeting) +
         ",\"plaintext\":" + ms(c.timeouts.plaintext) + ",\"session\":" + ms(c.timeouts.session) +
         ",\"idle\":" + ms(c.timeouts.idle) + "}}";
}

policy::TlsBudgetLimits tls_limits(const RelayConfig& c) {
  policy::TlsBudgetLimits limits = policy::calibrated_tls_budget(c.ehlo_name.size());
  limits.client_bytes = c.caps.client_tls;
  limits.server_bytes = c.caps.server_tls;
  return limits;
}

policy::PlaintextLimits plaintext_limits(const RelayConfig& c) {
  policy::PlaintextLimits limits;
  limits.ehlo_name = c.ehlo_name;
  limits.client_bytes = c.caps.client_plaintext;
  limits.server_bytes = c.caps.server_plaintext;
  return limits;
}

}  // namespace

// One relayed connection: WebSocket (client) <-> TCP (mail server). Two
// chains, each with one operation outstanding: upstream read -> ws write,
// and ws read -> upstream write. Every chunk passes the plaintext guard and,
// after STARTTLS, the TLS record budget; only approved bytes are forwarded.
// One watchdog timer enforces every deadline (connect, greeting, plaintext,
// session, idle, drain, linger).
// What the registry and the drain need of a session, whatever its stream.
class RelaySessionBase {
 public:
  virtual ~RelaySessionBase() = default;
  [[nodiscard]] virtual const net::any_io_executor& executor() const = 0;
  // Posted by RelayService::drain.
  virtual void begin_drain(Clock::time_point deadline) = 0;
};

// `Stream` is the client connection: PlainStream or TlsStream (streams.h).
template <class Stream>
class RelaySession final : public RelaySessionBase,
                           public std::enable_shared_from_this<RelaySession<Stream>> {
 public:
  RelaySession(RelayService& service, Stream&& stream, ConnectionSlot&& slot,
               policy::ClientKey key, std::optional<RelayDestination> destination,
               std::optional<SessionClose> refusal, bool admitted)
      : service_(service),
        ws_(std::move(stream)),
        executor_(ws_.get_executor()),
        upstream_(executor_),
        watchdog_(executor_),
        slot_(std::move(slot)),
        key_(key),
        destination_(std::move(destination)),
        refusal_(std::move(refusal)),
        admitted_(admitted),
        guard_(plaintext_limits(service.config())),
        tls_limits_(tls_limits(service.config())),
        budget_(tls_limits_),
        ws_buffer_(service.config().max_frame),
        down_(std::make_unique<std::array<std::uint8_t, kDownChunk>>()),
        started_(Clock::now()) {}

  RelaySession(const RelaySession&) = delete;
  RelaySession& operator=(const RelaySession&) = delete;

  ~RelaySession() {
    if (admitted_ && destination_) service_.release(key_, destination_->address);
    service_.metrics_.session_ended(final_.code, final_.reason, bytes_up_, bytes_down_);
    service_.metrics_.smtp_replies(guard_.replies());
    service_.remove(id_);
    const std::string client = service_.hasher_.hash(key_);
    const std::string address = destination_ ? policy::to_string(destination_->address) : std::string("-");
    log_session({.client = client,
                 .domain = destination_ ? std::string_view(destination_->domain) : std::string_view{},
                 .mx = destination_ ? std::string_view(destination_->mx) : std::string_view{},
                 .address = address,
                 .verified = verified_ ? to_string(*verified_) : std::string_view("-"),
                 .phase = to_string(reached_),
                 .close_code = final_.code,
                 .close_reason = final_.reason,
                 .bytes_up = bytes_up_,
                 .bytes_down = bytes_down_,
                 .duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_)});
  }

  [[nodiscard]] const net::any_io_executor& executor() const override { return executor_; }
  void set_id(std::uint64_t id) { id_ = id; }

  void start(Request req) {
    const RelayConfig& c = service_.config();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = c.timeouts.ws_handshake;    // also the closing handshake
    timeouts.idle_timeout = websocket::stream_base::none();  // the watchdog's idle rule applies
    timeouts.keep_alive_pings = false;
    beast::get_lowest_layer(ws_).expires_never();  // the websocket stream's timeouts take over
    ws_.set_option(timeouts);
    ws_.read_message_max(c.max_frame);
    ws_.auto_fragment(false);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "daneel-proxy"); }));
    ws_.async_accept(req, beast::bind_front_handler(&RelaySession::on_accept, this->shared_from_this()));
  }

  void begin_drain(Clock::time_point deadline) override {
    if (finished_) return;
    drain_deadline_ = deadline;
    if (ws_open_) arm_watchdog();
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return finish(SessionClose{1006, "handshake_failed"});
    ws_open_ = true;
    reached_ = Reached::upgraded;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ignored);
    arm_watchdog();
    if (refusal_) return finish(*refusal_);
    reached_ = Reached::verify;
    // The connect timeout counts from here: verification and connect together
    // end before the browser's wait for `connected` does (docs/WASM.md). The
    // verifier's own timeout is shorter (config.cpp), so its 4017 comes first.
    connect_deadline_ = Clock::now() + service_.config().timeouts.connect;
    arm_watchdog();
    auto self = this->shared_from_this();
    service_.verifier_->verify(*destination_, [self](VerifyOutcome outcome) {
      net::post(self->executor_, [self, outcome] { self->on_verified(outcome); });
    });
  }

  void on_verified(VerifyOutcome outcome) {
    verified_ = outcome;
    if (finished_) return;
    const std::string_view word = to_string(outcome);
    switch (kind_of(outcome)) {
      case VerifyKind::accepted:
        return connect();
      case VerifyKind::not_mx:
        return finish(make_close(policy::CloseCode::not_mx, word));
      case VerifyKind::address_not_of_host:
        return finish(make_close(policy::CloseCode::address_not_of_host, word));
      case VerifyKind::resolver_failed:
        return finish(make_close(policy::CloseCode::dns_failed, word));
      case VerifyKind::unavailable:
        break;
    }
    finish(make_close(policy::CloseCode::policy, "verification_unavailable"));
  }

  void connect() {
    reached_ = Reached::connect;
    const tcp::endpoint endpoint{to_asio(destination_->address), service_.config().destination_port};
    upstream_.async_connect(endpoint,
                            beast::bind_front_handler(&RelaySession::on_connect, this->shared_from_this()));
  }

  void on_connect(beast::error_code ec) {
    if (finished_) return;
    if (ec) {
      if (ec == net::error::connection_refused)
        return finish(make_close(policy::CloseCode::connect_refused, ""));
      if (ec == net::error::timed_out) return finish(make_close(policy::CloseCode::connect_timeout, ""));
      return finish(make_close(policy::CloseCode::unreachable, ""));
    }
    beast::error_code ignored;
    upstream_.set_option(tcp::no_delay(true), ignored);
    connect_deadline_.reset();
    connected_at_ = last_activity_ = Clock::now();
    reached_ = Reached::greeting;
    arm_watchdog();
    connected_text_ = connected_frame(service_.config(), tls_limits_, *verified_);
    ws_.text(true);
    ws_.async_write(net::buffer(connected_text_),
                    beast::bind_front_handler(&RelaySession::on_connected_written, this->shared_from_this()));
  }

  void on_connected_written(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) ws_failed_ = true;
    if (finished_) return;
    if (ec) return finish(SessionClose{1006, "client_gone"});
    ws_.binary(true);
    read_upstream();
    read_client();
  }

  // --- server -> client --------------------------------------------------

  void read_upstream() {
    upstream_.async_read_some(net::buffer(*down_),
                              beast::bind_front_handler(&RelaySession::on_upstream_read, this->shared_from_this()));
  }

  void on_upstream_read(beast::error_code ec, std::size_t n) {
    if (finished_) return;
    if (ec == net::error::eof) return finish(make_close(policy::CloseCode::upstream_closed, ""));
    if (ec) return finish(make_close(policy::CloseCode::upstream_reset, ""));
    last_activity_ = Clock::now();
    const std::span<const std::uint8_t> chunk(down_->data(), n);
    const policy::ServerStep step = guard_.on_server(chunk);
    std::size_t forward = step.plaintext;
    std::optional<SessionClose> refusal;
    if (step.refusal) {
      refusal = from_policy(policy::close_for(*step.refusal));
    } else if (!step.tls.empty()) {
      const policy::TlsStep tls = budget_.on_server(step.tls);
      forward += tls.forward;
      if (tls.refusal) refusal = from_policy(policy::close_for(*tls.refusal));
    }
    note_phase();
    if (client_closed_) {
      // Nobody to forward to: the server's answer to the half-close is dropped.
      if (refusal) return finish(*refusal);
      return read_upstream();
    }
    pending_close_ = std::move(refusal);
    if (forward == 0) {
      if (pending_close_) return finish(*pending_close_);
      return read_upstream();
    }
    ws_.async_write(net::buffer(down_->data(), forward),
                    beast::bind_front_handler(&RelaySession::on_client_written, this->shared_from_this()));
  }

  void on_client_written(beast::error_code ec, std::size_t n) {
    if (ec) ws_failed_ = true;
    if (finished_) return;
    if (ec) return finish(SessionClose{1006, "client_gone"});
    bytes_down_ += n;
    if (pending_close_) return finish(*pending_close_);
    read_upstream();
  }

  // --- client -> server --------------------------------------------------

  void read_client() {
    ws_.async_read(ws_buffer_, beast::bind_front_handler(&RelaySession::on_client_read, this->shared_from_this()));
  }

  void on_client_read(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec == websocket::error::closed) {
      // The client closed (Beast has answered its close frame). Pass the
      // end on to the server as a half-close and give it a moment.
      client_closed_ = true;
      if (finished_) return;
      const auto code = ws_.reason().code;
      client_close_ = SessionClose{static_cast<std::uint16_t>(code), "client_closed"};
      beast::error_code ignored;
      upstream_.shutdown(tcp::socket::shutdown_send, ignored);
      linger_deadline_ = Clock::now() + kLinger;
      arm_watchdog();
      return;
    }
    if (ec) {
      ws_failed_ = true;
      if (finished_) return;
      // Beast has already failed the connection with its close frame.
      if (ec == websocket::error::message_too_big) return finish(SessionClose{1009, "message_too_big"});
      if (ec == websocket::condition::protocol_violation)
        return finish(SessionClose{1002, "protocol_violation"});
      return finish(SessionClose{1006, "client_gone"});
    }
    if (finished_) return;
    if (!ws_.got_binary()) return finish(SessionClose{kCloseUnsupportedData, "text_frame"});
    // Empty messages (like pings) are no activity: they cannot hold a session open.
    if (ws_buffer_.size() > 0) last_activity_ = Clock::now();
    const auto data = ws_buffer_.cdata();
    const std::span<const std::uint8_t> chunk(static_cast<const std::uint8_t*>(data.data()), data.size());
    const policy::ClientStep step = guard_.on_client(chunk);
    // On any refusal nothing of this chunk is forwarded, not even a line the
    // guard approved before the offending byte.
    if (step.refusal) return finish(from_policy(policy::close_for(*step.refusal)));
    out_.assign(step.forward.begin(), step.forward.end());
    if (!step.tls.empty()) {
      const policy::TlsStep tls = budget_.on_client(step.tls);
      if (tls.refusal) return finish(from_policy(policy::close_for(*tls.refusal)));
      out_.insert(out_.end(), step.tls.begin(), step.tls.begin() + static_cast<std::ptrdiff_t>(tls.forward));
    }
    ws_buffer_.consume(ws_buffer_.size());
    if (out_.empty()) return read_client();
    net::async_write(upstream_, net::buffer(out_),
                     beast::bind_front_handler(&RelaySession::on_upstream_written, this->shared_from_this()));
  }

  void on_upstream_written(beast::error_code ec, std::size_t n) {
    if (finished_) return;
    if (ec) return finish(make_close(policy::CloseCode::upstream_reset, ""));
    bytes_up_ += n;
    read_client();
  }

  // --- deadlines ---------------------------------------------------------

  enum class Deadline : std::uint8_t { session, connect, greeting, plaintext, idle, drain, linger };

  std::optional<std::pair<Clock::time_point, Deadline>> next_deadline() const {
    const RelayTimeouts& t = service_.config().timeouts;
    std::optional<std::pair<Clock::time_point, Deadline>> best;
    const auto consider = [&best](Clock::time_point at, Deadline which) {
      if (!best || at < best->first) best = std::pair{at, which};
    };
    consider(started_ + t.session, Deadline::session);
    if (connect_deadline_) consider(*connect_deadline_, Deadline::connect);
    if (connected_at_) {
      if (reached_ < Reached::plaintext) consider(*connected_at_ + t.greeting, Deadline::greeting);
      if (reached_ < Reached::tls) consider(*connected_at_ + t.plaintext, Deadline::plaintext);
      consider(last_activity_ + t.idle, Deadline::idle);
    }
    if (drain_deadline_) consider(*drain_deadline_, Deadline::drain);
    if (linger_deadline_) consider(*linger_deadline_, Deadline::linger);
    return best;
  }

  void arm_watchdog() {
    if (finished_) return;
    const auto next = next_deadline();
    if (!next) return;
    watchdog_.expires_at(next->first);
    watchdog_.async_wait(beast::bind_front_handler(&RelaySession::on_watchdog, this->shared_from_this()));
  }

  void on_watchdog(beast::error_code ec) {
    if (ec || finished_) return;
    const auto next = next_deadline();
    if (!next) return;
    if (next->first > Clock::now()) return arm_watchdog();  // activity moved the idle deadline
    switch (next->second) {
      case Deadline::session:
        return finish(make_close(policy::CloseCode::idle_timeout, "session_timeout"));
      case Deadline::connect:
        // Still verifying: the resolver's delay, never the mail server's.
        if (reached_ == Reached::verify) return finish(make_close(policy::CloseCode::dns_failed, "dns_timeout"));
        return finish(make_close(policy::CloseCode::connect_timeout, ""));
      case Deadline::greeting:
        return finish(make_close(policy::CloseCode::idle_timeout, "greeting_timeout"));
      case Deadline::plaintext:
        return finish(make_close(policy::CloseCode::idle_timeout, "plaintext_timeout"));
      case Deadline::idle:
        return finish(make_close(policy::CloseCode::idle_timeout, "idle_timeout"));
      case Deadline::drain:
        return finish(make_close(policy::CloseCode::going_away, "draining"));
      case Deadline::linger:
        return finish(client_close_ ? *client_close_ : SessionClose{1000, "client_closed"});
    }
  }

  void note_phase() {
    const auto phase = guard_.phase();
    if (phase == policy::PlaintextPhase::commands && reached_ < Reached::plaintext)
      reached_ = Reached::plaintext;
    if (phase == policy::PlaintextPhase::tls) reached_ = Reached::tls;
  }

  // Ends the session once: the upstream connection is closed at once; the
  // WebSocket gets a close frame with `close` unless it is already gone (the
  // close waits for a write in flight; Beast bounds the closing handshake
  // with the handshake timeout and then drops the socket).
  void finish(SessionClose close) {
    if (finished_) return;
    finished_ = true;
    final_ = client_closed_ && client_close_ ? *client_close_ : close;
    watchdog_.cancel();
    beast::error_code ignored;
    upstream_.close(ignored);
    if (ws_open_ && !client_closed_ && !ws_failed_) {
      websocket::close_reason reason;
      reason.code = close.code;
      const std::string_view text = std::string_view(close.reason).substr(0, policy::kMaxCloseReason);
      reason.reason.assign(text.data(), text.size());
      ws_.async_close(reason, [self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::get_lowest_layer(ws_).close();
    }
  }

  RelayService& service_;
  websocket::stream<Stream> ws_;
  const net::any_io_executor executor_;
  tcp::socket upstream_;
  net::steady_timer watchdog_;
  ConnectionSlot slot_;
  const policy::ClientKey key_;
  const std::optional<RelayDestination> destination_;
  const std::optional<SessionClose> refusal_;
  const bool admitted_;
  std::uint64_t id_ = 0;

  policy::SmtpPlaintextGuard guard_;
  const policy::TlsBudgetLimits tls_limits_;
  policy::TlsRecordBudget budget_;
  beast::flat_buffer ws_buffer_;                                // at most max_frame
  std::vector<std::uint8_t> out_;                               // approved client bytes in flight
  std::unique_ptr<std::array<std::uint8_t, kDownChunk>> down_;  // server bytes in flight
  std::string connected_text_;

  const Clock::time_point started_;
  std::optional<Clock::time_point> connect_deadline_;
  std::optional<Clock::time_point> connected_at_;
  Clock::time_point last_activity_{};
  std::optional<Clock::time_point> drain_deadline_;
  std::optional<Clock::time_point> linger_deadline_;

  Reached reached_ = Reached::handshake;
  std::optional<VerifyOutcome> verified_;
  bool ws_open_ = false;
  bool ws_failed_ = false;
  bool client_closed_ = false;
  bool finished_ = false;
  std::optional<SessionClose> client_close_;
  std::optional<SessionClose> pending_close_;
  SessionClose final_{1006, ""};
  std::uint64_t bytes_up_ = 0;
  std::uint64_t bytes_down_ = 0;
};

RelayService::RelayService(RelayConfig config, std::unique_ptr<DestinationVerifier> verifier)
    : config_(std::move(config)),
      verifier_(std::move(verifier)),
      origins_(config_.origins),
      filter_(policy::AddressFilterConfig{.deny = config_.deny, .test_allow = config_.test_allow}),
      client_keys_{.trusted_proxies = config_.front_proxies},
      opt_out_(config_.opt_out),
      admission_(config_.admission, random_seed()) {}

std::string RelayService::reload_opt_out() {
  if (config_.opt_out_file.empty()) return "SIGHUP: no opt-out list configured (--opt-out)";
  OptOutLoad loaded = load_opt_out_file(config_.opt_out_file);
  if (!loaded.list) return "SIGHUP: opt-out list not reloaded, the old one stays: " + loaded.error;
  const std::string counts = daneel::proxy::describe(*loaded.list);
  {
    const std::lock_guard lock(mutex_);
    opt_out_ = std::move(loaded.list);
  }
  return "SIGHUP: opt-out list reloaded: " + counts;
}

RelayService::~RelayService() = default;

std::string RelayService::describe() const {
  if (config_.ehlo_name.empty()) return "relay: not configured (no --ehlo-name), /relay answers 503";
  return "relay: " + std::string(verifier_->describe()) + "; EHLO name " + config_.ehlo_name + ", " +
         std::to_string(config_.origins.size()) + " allowed origin(s), destination port " +
         std::to_string(config_.destination_port) +
         (opt_out_ ? "; opt-out list: " + daneel::proxy::describe(*opt_out_) : std::string());
}

std::optional<Reply> RelayService::take_over(AnyStream stream, Request& req, ConnectionSlot& slot,
                                             const Responses& responses) {
  return std::visit([&](auto* s) { return take_over_on(*s, req, slot, responses); }, stream);
}

template <class Stream>
std::optional<Reply> RelayService::take_over_on(Stream& stream, Request& req, ConnectionSlot& slot,
                                                const Responses& responses) {
  // B5: the Origin, before the upgrade (403).
  std::optional<std::string_view> origin;
  const auto origin_fields = req.count(http::field::origin);
  if (origin_fields == 1) origin = req[http::field::origin];
  if (origin_fields > 1) origin = std::string_view{};  // never on the list
  if (origins_.check(origin) != policy::OriginDecision::allowed) {
    metrics_.refused_before_upgrade("origin_refused");
    return responses.error(req, http::status::forbidden);
  }
  if (config_.ehlo_name.empty() || !verifier_->available()) {
    metrics_.refused_before_upgrade("relay_unavailable");
    return responses.text(req, http::status::service_unavailable, "text/plain; charset=utf-8",
                          config_.ehlo_name.empty() ? "the relay is not configured\n"
                                                    : "the relay is disabled: no resolver is configured to "
                                                      "verify destinations through DNS\n");
  }
  if (draining_.load()) {
    metrics_.refused_before_upgrade("draining");
    return responses.error(req, http::status::service_unavailable);
  }

  beast::error_code ec;
  const auto peer_endpoint = beast::get_lowest_layer(stream).socket().remote_endpoint(ec);
  const auto peer = ec ? std::nullopt : from_asio(peer_endpoint.address());
  if (!peer) return responses.error(req, http::status::bad_request);

  // B6: the client key; X-Forwarded-For counts only from a front proxy.
  std::vector<std::string_view> forwarded;
  for (auto [it, end] = req.equal_range("X-Forwarded-For"); it != end; ++it) {
    if (forwarded.size() >= policy::kMaxForwardedHops) break;
    forwarded.push_back(it->value());
  }
  const policy::ClientKey key = policy::client_key(*peer, forwarded, client_keys_).key;

  // The request's syntax, then A4's address table, then B7's admission. Each
  // refusal is decided here and sent as a close code after the upgrade,
  // because a browser cannot read the status of a failed handshake.
  const RelayRequest parsed = parse_relay_target(req.target());
  std::optional<SessionClose> refusal;
  bool admitted = false;
  if (!parsed.destination) {
    refusal = make_close(policy::CloseCode::bad_request, "bad_" + std::string(to_string(parsed.error)));
  } else if (const auto verdict = filter_.judge(parsed.destination->address); !verdict.allowed) {
    refusal = from_policy(policy::close_for(verdict));
  } else {
    const std::lock_guard lock(mutex_);
    // The opt-out list before admission: an opted-out server costs the client
    // no rate, and nothing is looked up or connected for it.
    const RelayDestination& d = *parsed.destination;
    const auto opted_out = opt_out_ ? opt_out_->match(d.domain, d.mx, d.address) : std::nullopt;
    if (opted_out) {
      refusal = from_policy(policy::close_for(*opted_out));
    } else {
      const auto decision = admission_.admit(key, d.address, steady_ms(Clock::now()));
      if (decision == policy::AdmissionDecision::admitted) {
        admitted = true;
      } else {
        refusal = from_policy(policy::close_for(decision));
      }
    }
  }

  auto session = std::make_shared<RelaySession<Stream>>(*this, std::move(stream), std::move(slot), key,
                                                parsed.destination, std::move(refusal), admitted);
  {
    const std::lock_guard lock(mutex_);
    const std::uint64_t id = next_id_++;
    session->set_id(id);
    sessions_.emplace(id, session);
  }
  session->start(std::move(req));
  return std::nullopt;
}

void RelayService::remove(std::uint64_t id) {
  const std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

void RelayService::release(const policy::ClientKey& client, const policy::IpAddress& destination) {
  const std::lock_guard lock(mutex_);
  (void)admission_.release(client, destination);
}

void RelayService::drain() {
  draining_.store(true);
  const auto deadline = Clock::now() + config_.timeouts.drain;
  std::vector<std::shared_ptr<RelaySessionBase>> live;
  {
    const std::lock_guard lock(mutex_);
    live.reserve(sessions_.size());
    for (const auto& [id, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  // Outside the lock: the last reference to a session may be dropped here, and
  // its destructor takes the lock to leave the registry.
  for (auto& session : live) {
    net::post(session->executor(), [session, deadline] { session->begin_drain(deadline); });
  }
}

std::size_t RelayService::live_sessions() const {
  const std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace daneel::proxy
