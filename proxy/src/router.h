// The route table: exact-path handlers first, then static files from the web root.
//
// Seam for the relay: `/relay` is registered here and answers 501 for now. The
// WebSocket relay will not fit the Request -> Reply shape (it takes over the
// connection), so it will arrive as a second table of "upgrade" handlers that
// HttpSession consults before dispatch(); see docs/PROXY.md.
#pragma once

#include "config.h"
#include "responses.h"
#include "static_files.h"

#include <functional>
#include <map>
#include <string>

namespace daneel::proxy {

class Router {
 public:
  // Handlers get the router's Responses so that they hold no references of their own.
  using Handler = std::function<Reply(const Request&, const Responses&)>;

  Router(Responses responses, StaticFiles files)
      : responses_(std::move(responses)), files_(std::move(files)) {}

  // Exact-match path (no query); wins over a file of the same name.
  void add(std::string path, Handler handler);

  // Method check (GET/HEAD only), then routes, then static files.
  [[nodiscard]] Reply dispatch(const Request& req) const;

  [[nodiscard]] const Responses& responses() const { return responses_; }

 private:
  [[nodiscard]] Reply serve_file(const Request& req) const;

  Responses responses_;
  StaticFiles files_;
  std::map<std::string, Handler, std::less<>> routes_;
};

// The proxy's routes: /healthz, /relay (501 until the relay lands), static files.
[[nodiscard]] Router make_router(const Config& config);

}  // namespace daneel::proxy
