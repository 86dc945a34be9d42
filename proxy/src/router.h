// The route table: exact-path handlers first, then static files from the web root.
//
// The relay: `/relay` with a WebSocket upgrade goes to the upgrade table
// (HttpSession consults it before dispatch()); without one it answers 426.
#pragma once

#include "config.h"
#include "connection_slot.h"
#include "responses.h"
#include "static_files.h"
#include "streams.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace daneel::proxy {

class Router {
 public:
  // Handlers get the router's Responses so that they hold no references of their own.
  using Handler = std::function<Reply(const Request&, const Responses&)>;

  Router(Responses responses, StaticFiles files)
      : responses_(std::move(responses)), files_(std::move(files)) {}

  // A WebSocket upgrade handler: returns a reply to send instead (e.g. 403),
  // or nullopt after taking over the stream, the request and the slot.
  // The stream is the connection's, plain or TLS.
  using UpgradeHandler = std::function<std::optional<Reply>(AnyStream, Request&, ConnectionSlot&,
                                                            const Responses&)>;

  // Exact-match path (no query); wins over a file of the same name.
  void add(std::string path, Handler handler);

  // A route answered later (the DoH endpoint): GET, or POST with a body of at
  // most `max_body` octets that the session reads first. `done` is called
  // exactly once, from any thread, with the reply.
  using AsyncHandler = std::function<void(const Request& head, std::vector<std::uint8_t> body,
                                          const boost::asio::ip::tcp::endpoint& peer,
                                          std::function<void(Reply)> done)>;
  struct AsyncRoute {
    AsyncHandler handler;
    std::size_t max_body = 0;
  };
  void add_async(std::string path, AsyncHandler handler, std::size_t max_body);
  [[nodiscard]] const AsyncRoute* async_for(std::string_view target) const;
  // Exact-match path for WebSocket upgrade requests (websocket::is_upgrade).
  void add_upgrade(std::string path, UpgradeHandler handler);
  // The upgrade handler for a request target, or nullptr.
  [[nodiscard]] const UpgradeHandler* upgrade_for(std::string_view target) const;

  // Method check (GET/HEAD only), then routes, then static files.
  [[nodiscard]] Reply dispatch(const Request& req) const;

  [[nodiscard]] const Responses& responses() const { return responses_; }

 private:
  [[nodiscard]] Reply serve_file(const Request& req) const;

  Responses responses_;
  StaticFiles files_;
  std::map<std::string, Handler, std::less<>> routes_;
  std::map<std::string, UpgradeHandler, std::less<>> upgrades_;
  std::map<std::string, AsyncRoute, std::less<>> async_routes_;
};

// The proxy's routes: /healthz, /relay without an upgrade (426), static files.
// main() adds the /relay upgrade handler (RelayService).
[[nodiscard]] Router make_router(const Config& config);

}  // namespace daneel::proxy
