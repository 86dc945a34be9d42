#include "router.h"

#include "policy/accept_encoding.h"
#include "policy/conditional_get.h"
#include "policy/http_date.h"

#include <utility>

#ifndef DANEEL_VERSION
#error "DANEEL_VERSION must be defined by the build (proxy/CMakeLists.txt)"
#endif

namespace daneel::proxy {
namespace {

// All field lines of one name, joined with ", " (RFC 9110 §5.3); nullopt when
// absent. Bounded by the parser's header limit (Limits::header_limit).
std::optional<std::string> joined_field(const Request& req, http::field name) {
  const auto [first, last] = req.equal_range(name);
  if (first == last) return std::nullopt;
  std::string joined;
  for (auto it = first; it != last; ++it) {
    if (!joined.empty()) joined += ", ";
    joined += it->value();
  }
  return joined;
}

std::optional<std::string_view> view(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return std::string_view{*text};
}

}  // namespace

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
  const auto accept_encoding = joined_field(req, http::field::accept_encoding);
  const bool gzip = accept_encoding && policy::accepts_gzip(*accept_encoding);
  auto sent = files_.open(split.segments, gzip ? GzipVariant::prefer : GzipVariant::ignore);
  if (!sent) return responses_.error(req, http::status::not_found);
  const policy::FileVersion& version = sent->file.version;
  const FileHeaders headers{.content_type = mime_type_for(split.segments.back()),
                            .entity_tag = policy::format_entity_tag(version, sent->coding),
                            .last_modified = policy::format_http_date(policy::mtime_seconds(version)),
                            .coding = sent->coding};
  const auto if_none_match = joined_field(req, http::field::if_none_match);
  const auto if_modified_since = joined_field(req, http::field::if_modified_since);
  const policy::Preconditions preconditions{.if_none_match = view(if_none_match),
                                            .if_modified_since = view(if_modified_since)};
  if (policy::evaluate_preconditions(preconditions, headers.entity_tag, policy::mtime_seconds(version)) ==
      policy::Freshness::not_modified) {
    return responses_.not_modified(req, headers);
  }
  return responses_.file(req, std::move(sent->file.fd), version.size, headers);
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
