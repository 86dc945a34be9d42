// The accept loop and the per-connection HTTP session.
//
// One io_context runs on a few threads; each connection gets its own strand, so a
// session's handlers never run concurrently. Bounds come from Limits (header size,
// no request bodies, read/idle and write timeouts, requests per connection) and
// the --max-connections cap (excess connections are accepted and closed at once).
#pragma once

#include "limits.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <memory>

namespace daneel::proxy {

class Router;
class Listener;

class HttpServer {
 public:
  // Binds and listens (throws boost::system::system_error on failure). `router`
  // must outlive the io_context's handlers, and so must `tls` (TLS on the
  // listener, tls_context.h; null: plain HTTP).
  HttpServer(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint,
             const Router& router, const Limits& limits, boost::asio::ssl::context* tls = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  [[nodiscard]] boost::asio::ip::tcp::endpoint local_endpoint() const;

  // Starts the accept loop.
  void start();
  // Stops accepting; open sessions are not touched. Safe from any thread.
  void stop();

 private:
  std::shared_ptr<Listener> listener_;
};

}  // namespace daneel::proxy
