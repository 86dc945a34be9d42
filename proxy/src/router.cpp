#include "router.h"

#include <utility>

#ifndef DANEEL_VERSION
#error "DANEEL_VERSION must be defined by the build (proxy/CMakeLists.txt)"
#endif

namespace daneel::proxy {

void Router::add(std::string path, Handler handler) {
  routes_.insert_or_assign(std::move(path), std::move(handler));
}

void Router::add_upgrade(std::string path, UpgradeHandler handler) {
  upgrades_.insert_or_assign(std::move(path), std::move(handler));
}

const Router::UpgradeHandler* Router::upgrade_for(std::string_view target) const {
  const auto path = route_path(target);
  if (!path) return nullptr;
  const auto it = upgrades_.find(*path);
  return it == upgrades_.end() ? nullptr : &it->second;
}

void Router::add_async(std::string path, AsyncHandler handler, std::size_t max_body) {
  async_routes_.insert_or_assign(std::move(path), AsyncRoute{std::move(handler), max_body});
}

const Router::AsyncRoute* Router::async_for(std::string_view target) const {
  const auto path = route_path(target);
  if (!path) return nullptr;
  const auto it = async_routes_.find(*path);
  return it == async_routes_.end() ? nullptr : &it->second;
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

  // The relay itself is an upgrade handler (main.cpp); a plain GET gets 426.
  router.add("/relay", [](const Request& req, const Responses& responses) {
    return responses.error(req, http::status::upgrade_required);
  });
  return router;
}

}  // namespace daneel::proxy
