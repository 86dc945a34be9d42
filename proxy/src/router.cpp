#include "router.h"

#include <utility>

#ifndef DANEEL_VERSION
#error "DANEEL_VERSION must be defined by the build (proxy/CMakeLists.txt)"
#endif

namespace daneel::proxy {

void Router::add(std::string path, Handler handler) {
  routes_.insert_or_assign(std::move(path), std::move(handler));
}

Reply Router::dispatch(const Request& req) const {
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    return responses_.method_not_allowed(req);
  }
  if (const auto path = route_path(req.target())) {
    if (const auto it = routes_.find(*path); it != routes_.end()) return it->second(req, responses_);
  }
  return serve_file(req);
}

Reply Router::serve_file(const Request& req) const {
  const SplitPath split = split_url_path(req.target());
  switch (split.problem) {
    case PathProblem::None:
      break;
    case PathProblem::BadRequest:
      return responses_.error(req, http::status::bad_request);
    case PathProblem::Refused:
      return responses_.error(req, http::status::not_found);
  }
  auto opened = files_.open(split.segments);
  if (!opened) return responses_.error(req, http::status::not_found);
  return responses_.file(req, std::move(opened->fd), opened->size, mime_type_for(split.segments.back()));
}

Router make_router(const Config& config) {
  Router router{Responses{build_csp(config.connect_src)}, StaticFiles{config.web_root}};
  router.add("/healthz", [](const Request& req, const Responses& responses) {
    return responses.text(req, http::status::ok, "application/json",
                          R"({"status":"ok","version":")" DANEEL_VERSION R"("})");
  });

  // Seam: the WebSocket -> port 25 relay (docs/PROXY.md, proxy-security policy).
  // Not implemented yet; the upgrade will be intercepted by the session before
  // dispatch() once it exists, and this entry then only answers non-upgrade GETs.
  router.add("/relay", [](const Request& req, const Responses& responses) {
    return responses.error(req, http::status::not_implemented);
  });
  return router;
}

}  // namespace daneel::proxy
