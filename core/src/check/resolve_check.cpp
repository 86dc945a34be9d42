#include "check/resolve_check.h"

#include <utility>

#include "check/json.h"
#include "dns/record.h"
#include "dnssec/security.h"

namespace daneel::check {

namespace {

Json verdict_json(const dnssec::Verdict& verdict) {
  return Json{{"security", dnssec::to_string(verdict.security)},
              {"reason", dnssec::to_string(verdict.reason)},
              {"ede", dnssec::extended_error_code(verdict.reason)},
              {"detail", verdict.detail}};
}

Json result_json(const ResolveQuestion& question, const dnssec::ValidationResult* result) {
  Json out{{"name", question.name.to_text()}, {"type", dns::to_string(question.type)}};
  if (result == nullptr) {
    out["security"] = "pending";
    return out;
  }
  out.update(verdict_json(result->verdict));
  out["kind"] = dnssec::to_string(result->kind);
  out["final_name"] = result->final_name.to_text();
  Json records = Json::array();
  if (result->answer) {
    out["ttl"] = result->answer->ttl;
    for (const auto& rdata : result->answer->rdatas) records.push_back(dns::rdata_to_text(rdata));
  }
  out["records"] = std::move(records);
  out["signatures"] = result->signatures.size();
  Json chain = Json::array();
  for (const auto& link : result->chain) {
    Json j{{"type", dns::to_string(link.type)},
           {"owner", link.owner.to_text()},
           {"target", link.target.to_text()},
           {"zone", link.zone.to_text()}};
    j.update(verdict_json(link.verdict));
    chain.push_back(std::move(j));
  }
  out["chain"] = std::move(chain);
  Json zones = Json::array();
  for (const auto& zone : result->zones) {
    Json j{{"name", zone.name.to_text()}, {"cut", dnssec::to_string(zone.kind)}};
    j.update(verdict_json(zone.verdict));
    zones.push_back(std::move(j));
  }
  out["zones"] = std::move(zones);
  if (result->query_outcome) {
    out["query_outcome"] = dns::to_string(*result->query_outcome);
    out["query_detail"] = result->query_detail;
  }
  out["explanation"] = dnssec::to_text(*result);
  return out;
}

}  // namespace

Result<std::unique_ptr<ResolveCheck>> ResolveCheck::create(ResolveCheckConfig config) {
  if (Status status = dns::validate_config(config.resolver); !status) return status.error();
  return std::unique_ptr<ResolveCheck>(new ResolveCheck(std::move(config)));
}

ResolveCheck::ResolveCheck(ResolveCheckConfig config)
    : engine_(std::move(config.resolver)), validator_(engine_, std::move(config.validator)) {}

ResolveCheck::~ResolveCheck() = default;

Status ResolveCheck::start(std::vector<ResolveQuestion> questions, TimeMs now) {
  if (started_) return Error{Errc::invalid_argument, "the resolve check was already started"};
  if (questions.empty() || questions.size() > kMaxResolveQuestions) {
    return Error{Errc::invalid_argument, "a resolve check takes 1 to 32 questions"};
  }
  started_ = true;
  questions_ = std::move(questions);
  for (const auto& question : questions_) tickets_.push_back(validator_.validate(question.name, question.type, now));
  progress_.push_back(Progress{"dnssec", "resolving and validating", 0, static_cast<std::uint32_t>(questions_.size())});
  advance(now);
  return {};
}

void ResolveCheck::advance(TimeMs now) {
  validator_.step(now);
  for (auto& request : engine_.take_requests()) {
    actions_.emplace_back(DohExchange{request.id, std::move(request.request)});
  }
  for (const auto id : engine_.take_cancellations()) actions_.emplace_back(CancelDoh{id});
  for (const auto ticket : validator_.take_completed()) {
    ++finished_;
    for (std::size_t i = 0; i < tickets_.size(); ++i) {
      if (tickets_[i] != ticket) continue;
      const dnssec::ValidationResult* result = validator_.result(ticket);
      std::string detail = questions_[i].name.to_text() + " " + dns::to_string(questions_[i].type);
      if (result != nullptr) detail += std::string(": ") + std::string(dnssec::to_string(result->verdict.security));
      progress_.push_back(Progress{done() ? "done" : "dnssec", std::move(detail), static_cast<std::uint32_t>(finished_),
                                   static_cast<std::uint32_t>(questions_.size())});
      break;
    }
  }
}

void ResolveCheck::on_doh_response(dns::RequestId id, const dns::HttpResponse& response, TimeMs now) {
  engine_.on_http_response(id, response, now);
  advance(now);
}

void ResolveCheck::on_doh_failure(dns::RequestId id, std::string_view reason, TimeMs now) {
  engine_.on_http_failure(id, reason, now);
  advance(now);
}

void ResolveCheck::on_connected(ConnectionId /*id*/, const ConnectedInfo& /*info*/, TimeMs /*now*/) {}
void ResolveCheck::on_connect_failed(ConnectionId /*id*/, const CloseReason& /*reason*/, TimeMs /*now*/) {}
void ResolveCheck::on_bytes(ConnectionId /*id*/, ByteView /*data*/, TimeMs /*now*/) {}
void ResolveCheck::on_closed(ConnectionId /*id*/, const CloseReason& /*reason*/, TimeMs /*now*/) {}

void ResolveCheck::on_timer(TimeMs now) {
  engine_.on_timer(now);
  advance(now);
}

std::vector<Action> ResolveCheck::take_actions() { return std::exchange(actions_, {}); }
std::vector<Progress> ResolveCheck::take_progress() { return std::exchange(progress_, {}); }

std::optional<TimeMs> ResolveCheck::next_deadline() const {
  if (done()) return std::nullopt;
  return engine_.next_deadline();
}

bool ResolveCheck::done() const {
  if (!started_) return false;
  for (const auto ticket : tickets_) {
    if (!validator_.done(ticket)) return false;
  }
  return true;
}

std::string ResolveCheck::report_json() const {
  Json results = Json::array();
  for (std::size_t i = 0; i < questions_.size(); ++i) {
    results.push_back(result_json(questions_[i], validator_.result(tickets_[i])));
  }
  const Json report{{"kind", "resolve"}, {"done", done()}, {"requests", engine_.requests_sent()},
                    {"results", std::move(results)}};
  return report.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace daneel::check
