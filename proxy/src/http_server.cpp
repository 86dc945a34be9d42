#include "http_server.h"

#include "connection_slot.h"
#include "request_log.h"
#include "responses.h"
#include "router.h"
#include "streams.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_generator.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/vector_body.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace daneel::proxy {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

// One client connection, plain (PlainStream) or TLS (TlsStream, streams.h):
// the same HTTP handling either way; TLS first completes its handshake within
// the header timeout.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream&& stream, const Router& router, const Limits& limits, ConnectionSlot slot)
      : stream_(std::move(stream)),
        buffer_(limits.read_buffer_limit),
        router_(router),
        limits_(limits),
        slot_(std::move(slot)) {}

  void start() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
        beast::get_lowest_layer(self->stream_).expires_after(self->limits_.read_timeout);
        self->stream_.async_handshake(net::ssl::stream_base::server,
                                      [self](beast::error_code ec) {
                                        if (ec) return self->close();  // not TLS, or a failed handshake
                                        self->read_request();
                                      });
      });
    } else {
      net::dispatch(stream_.get_executor(),
                    beast::bind_front_handler(&Session::read_request, this->shared_from_this()));
    }
  }

 private:
  auto& lowest() { return beast::get_lowest_layer(stream_); }

  void read_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits_.header_limit));
    // Bodies are never read (see on_header), so the parser's body limit must not turn
    // a POST with a body into a header error before the method can be answered with 405.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    lowest().expires_after(limits_.read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, this->shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t /*bytes*/) {
    started_ = std::chrono::steady_clock::now();
    if (ec) return on_read_error(ec);

    Request& req = parser_->get();
    method_ = std::string(req.method_string());
    target_ = std::string(req.target());
    ++requests_;
    if (requests_ >= limits_.max_requests_per_connection) req.keep_alive(false);

    const bool safe_method = req.method() == http::verb::get || req.method() == http::verb::head;
    if (!parser_->is_done() && safe_method) {
      // No request bodies: refuse without reading it, then close the connection.
      req.keep_alive(false);
      return write(router_.responses().error(req, http::status::payload_too_large));
    }
    if (boost::beast::websocket::is_upgrade(req)) {
      if (const auto* upgrade = router_.upgrade_for(req.target())) {
        std::optional<Reply> reply = (*upgrade)(AnyStream{&stream_}, req, slot_, router_.responses());
        if (reply) return write(std::move(*reply));
        // Taken over (the relay logs its own session line).
        log_request({.method = method_,
                     .target = target_,
                     .status = 101,
                     .body_bytes = 0,
                     .duration = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::steady_clock::now() - started_)});
        return;
      }
    }
    if (const auto* route = router_.async_for(req.target())) return serve_async(*route);
    // Other methods get 405 from the router, which also closes the connection.
    write(router_.dispatch(req));
  }

  // A route answered later (router.h AsyncRoute): GET at once; POST after its
  // body, which must have a Content-Length of at most the route's max_body
  // (no chunked bodies); anything else 405.
  void serve_async(const Router::AsyncRoute& route) {
    const Request head = parser_->get();
    if (head.method() == http::verb::get) return call_async(route, head, {});
    if (head.method() != http::verb::post) {
      return write(router_.responses().dns_error(head, http::status::method_not_allowed, "method"));
    }
    const auto length = parser_->content_length();
    if (!length || *length > route.max_body || parser_->chunked()) {
      Request closing = head;
      closing.keep_alive(false);  // the body stays unread
      return write(router_.responses().dns_error(closing, http::status::payload_too_large, "body_size"));
    }
    auto body = std::make_shared<http::request_parser<http::vector_body<std::uint8_t>>>(std::move(*parser_));
    body->body_limit(route.max_body);
    http::async_read(stream_, buffer_, *body,
                     [self = this->shared_from_this(), body, head, &route](beast::error_code ec, std::size_t) {
                       if (ec) return self->close();  // timeout (10 s), reset, or a body over its length
                       self->call_async(route, head, std::move(body->get().body()));
                     });
  }

  void call_async(const Router::AsyncRoute& route, const Request& head, std::vector<std::uint8_t> body) {
    beast::error_code ec;
    const auto peer = lowest().socket().remote_endpoint(ec);
    if (ec) return close();
    lowest().expires_never();  // the route bounds its own wait; write() sets the write timeout
    route.handler(head, std::move(body), peer, [self = this->shared_from_this()](Reply reply) {
      auto shared = std::make_shared<Reply>(std::move(reply));
      net::post(self->stream_.get_executor(), [self, shared] { self->write(std::move(*shared)); });
    });
  }

  void on_read_error(beast::error_code ec) {
    method_ = "-";
    target_ = "-";
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      return write(router_.responses().error_without_request(http::status::request_header_fields_too_large));
    }
    if (ec == http::error::end_of_stream || ec == http::error::partial_message) return close();
    if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
      return write(router_.responses().error_without_request(http::status::bad_request));
    }
    // Timeout (the stream is already closed), reset, or shutdown: nothing to answer.
  }

  // Logs the request, then sends the reply. Logging before the write means a reply
  // the client received is always in the log, even if a signal stops the loop next.
  void write(Reply reply) {
    const auto elapsed = std::chrono::steady_clock::now() - started_;
    log_request({.method = method_,
                 .target = target_,
                 .status = static_cast<unsigned>(reply.status),
                 .body_bytes = reply.body_bytes,
                 .duration = std::chrono::duration_cast<std::chrono::microseconds>(elapsed)});
    const bool keep_alive = reply.message.keep_alive();
    lowest().expires_after(limits_.write_timeout);
    beast::async_write(stream_, std::move(reply.message),
                       [self = this->shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                         self->on_write(keep_alive, ec);
                       });
  }

  void on_write(bool keep_alive, beast::error_code ec) {
    if (ec) return;
    if (!keep_alive) return close();
    read_request();
  }

  // TLS: no close_notify (the client has its whole response; HTTP/1.1 framing
  // tells it where the response ends), the TCP connection just ends.
  void close() {
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest().close();
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> parser_;
  const Router& router_;
  const Limits limits_;
  ConnectionSlot slot_;
  unsigned requests_ = 0;
  // For the log line of the request in flight.
  std::chrono::steady_clock::time_point started_;
  std::string method_;
  std::string target_;
};

}  // namespace

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, const tcp::endpoint& endpoint, const Router& router, const Limits& limits,
           net::ssl::context* tls)
      : ioc_(ioc),
        tls_(tls),
        acceptor_(net::make_strand(ioc)),
        retry_timer_(acceptor_.get_executor()),
        router_(router),
        limits_(limits),
        active_(std::make_shared<std::atomic<unsigned>>(0)) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    if (endpoint.address().is_v6()) acceptor_.set_option(net::ip::v6_only(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  [[nodiscard]] tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

  void start() {
    net::dispatch(acceptor_.get_executor(), beast::bind_front_handler(&Listener::accept, shared_from_this()));
  }

  void stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      self->stopped_ = true;
      beast::error_code ignored;
      self->acceptor_.close(ignored);
      self->retry_timer_.cancel();
    });
  }

 private:
  void accept() {
    if (stopped_) return;
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (stopped_ || ec == net::error::operation_aborted) return;
    if (ec) {
      // E.g. out of file descriptors: back off briefly instead of spinning.
      log_message("accept failed: " + ec.message());
      retry_timer_.expires_after(std::chrono::milliseconds(100));
      retry_timer_.async_wait([self = shared_from_this()](beast::error_code timer_ec) {
        if (!timer_ec) self->accept();
      });
      return;
    }
    if (active_->fetch_add(1, std::memory_order_relaxed) >= limits_.max_connections) {
      active_->fetch_sub(1, std::memory_order_relaxed);
      log_message("connection refused: --max-connections reached");
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      if (tls_ != nullptr) {
        std::make_shared<Session<TlsStream>>(TlsStream(std::move(socket), *tls_), router_, limits_,
                                             ConnectionSlot{active_})
            ->start();
      } else {
        std::make_shared<Session<PlainStream>>(PlainStream(std::move(socket)), router_, limits_,
                                               ConnectionSlot{active_})
            ->start();
      }
    }
    accept();
  }

  net::io_context& ioc_;
  net::ssl::context* const tls_;  // null: plain HTTP
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;
  const Router& router_;
  const Limits limits_;
  std::shared_ptr<std::atomic<unsigned>> active_;
  bool stopped_ = false;  // touched only on the acceptor's strand
};

HttpServer::HttpServer(net::io_context& ioc, const tcp::endpoint& endpoint, const Router& router,
                       const Limits& limits, net::ssl::context* tls)
    : listener_(std::make_shared<Listener>(ioc, endpoint, router, limits, tls)) {}

HttpServer::~HttpServer() = default;

tcp::endpoint HttpServer::local_endpoint() const {
  return listener_->local_endpoint();
}

void HttpServer::start() {
  listener_->start();
}

void HttpServer::stop() {
  listener_->stop();
}

}  // namespace daneel::proxy
