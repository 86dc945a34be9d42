#include "dns/query_engine.h"

#include <algorithm>
#include <limits>

namespace daneel::dns {
namespace {

QueryResult failure(QueryOutcome outcome, std::string detail, const std::string& server) {
  QueryResult result;
  result.outcome = outcome;
  result.detail = std::move(detail);
  result.server = server;
  return result;
}

// RFC 8484 §4.1 (ID 0) and RFC 1035 §7.3: a response must echo our question.
std::optional<std::string> mismatch_reason(const Message& response, const Question& question) {
  if (!response.header.qr) return "the QR bit is not set";
  if (response.header.id != 0) return "the ID is " + std::to_string(response.header.id) + ", not 0";
  if (response.header.opcode != Opcode::query) return "the opcode is not QUERY";
  if (response.questions.size() != 1) {
    return "it has " + std::to_string(response.questions.size()) + " questions, not 1";
  }
  const Question& echoed = response.questions.front();
  if (!(echoed.name == question.name) || echoed.type != question.type || echoed.qclass != question.qclass) {
    return "it answers " + echoed.name.to_text() + " " + to_string(echoed.type) + " " + to_string(echoed.qclass);
  }
  return std::nullopt;
}

bool has_answer_records(const Message& response) { return !response.answers.empty(); }

}  // namespace

std::string_view to_string(QueryOutcome outcome) {
  switch (outcome) {
    case QueryOutcome::answer: return "answer";
    case QueryOutcome::nodata: return "nodata";
    case QueryOutcome::nxdomain: return "nxdomain";
    case QueryOutcome::servfail: return "servfail";
    case QueryOutcome::refused: return "refused";
    case QueryOutcome::other_rcode: return "other_rcode";
    case QueryOutcome::mismatch: return "mismatch";
    case QueryOutcome::malformed: return "malformed";
    case QueryOutcome::http_error: return "http_error";
    case QueryOutcome::transport_error: return "transport_error";
    case QueryOutcome::timeout: return "timeout";
    case QueryOutcome::budget_exceeded: return "budget_exceeded";
  }
  return "unknown";
}

Status validate_config(const ResolverConfig& config) {
  if (config.servers.empty()) return make_error(Errc::invalid_argument, "no DoH server given");
  if (config.servers.size() > kMaxServers) {
    return make_error(Errc::invalid_argument, "at most " + std::to_string(kMaxServers) + " DoH servers");
  }
  for (const std::string& server : config.servers) {
    // A 12-byte dummy query is enough to check the URL's form.
    const Bytes probe(12, 0);
    if (auto request = make_doh_request(server, probe, config.method); !request.ok()) return request.error();
  }
  if (config.max_attempts == 0 || config.max_attempts > kMaxAttempts) {
    return make_error(Errc::invalid_argument, "max_attempts must be 1 to " + std::to_string(kMaxAttempts));
  }
  if (config.attempt_timeout <= 0) return make_error(Errc::invalid_argument, "attempt_timeout must be positive");
  if (config.max_in_flight == 0) return make_error(Errc::invalid_argument, "max_in_flight must be positive");
  if (config.server_penalty < 0) return make_error(Errc::invalid_argument, "server_penalty must not be negative");
  return {};
}

QueryEngine::QueryEngine(ResolverConfig config, AnswerCache* cache)
    : config_(std::move(config)), cache_(cache), server_down_until_(config_.servers.size(), 0) {
  if (!validate_config(config_).ok()) fatal("QueryEngine: invalid ResolverConfig (call validate_config first)");
}

QueryTicket QueryEngine::query(const Name& name, RrType type, TimeMs now) {
  // Names compare case-insensitively, so "MX.Example." and "mx.example." share a query.
  const auto key = std::make_pair(name, type);
  if (const auto it = by_question_.find(key); it != by_question_.end()) return it->second;

  Query query;
  query.question = Question{name, type, RrClass::in};
  query.tried.assign(config_.servers.size(), false);
  queries_.push_back(std::move(query));
  const auto ticket = static_cast<QueryTicket>(queries_.size());
  by_question_.emplace(key, ticket);

  if (cache_ != nullptr) {
    if (auto cached = cache_->find(name, type, now)) {
      QueryResult result;
      result.outcome = cached->rcode == Rcode::nxdomain ? QueryOutcome::nxdomain
                       : has_answer_records(*cached)   ? QueryOutcome::answer
                                                       : QueryOutcome::nodata;
      result.message = std::move(cached);
      result.detail = "from the answer cache";
      result.from_cache = true;
      complete(ticket, std::move(result));
      return ticket;
    }
  }
  waiting_.push_back(ticket);
  start_waiting(now);
  return ticket;
}

const QueryResult* QueryEngine::result(QueryTicket ticket) const {
  if (ticket == 0 || ticket > queries_.size()) return nullptr;
  const auto& result = queries_[ticket - 1].result;
  return result ? &*result : nullptr;
}

std::vector<QueryTicket> QueryEngine::take_completed() { return std::exchange(completed_, {}); }
std::vector<HttpRequestAction> QueryEngine::take_requests() { return std::exchange(requests_, {}); }
std::vector<RequestId> QueryEngine::take_cancellations() { return std::exchange(cancellations_, {}); }

void QueryEngine::start_waiting(TimeMs now) {
  while (waiting_head_ < waiting_.size() && in_flight_.size() < config_.max_in_flight) {
    send(waiting_[waiting_head_++], now);
  }
  if (waiting_head_ == waiting_.size()) {
    waiting_.clear();
    waiting_head_ = 0;
  }
}

std::size_t QueryEngine::choose_server(const Query& query, TimeMs now) const {
  // Prefer, in order: untried and healthy; untried; healthy; the one back soonest.
  // Servers keep their configured order within each group.
  const std::size_t count = config_.servers.size();
  for (const bool want_untried : {true, false}) {
    for (std::size_t i = 0; i < count; ++i) {
      if ((!want_untried || !query.tried[i]) && server_down_until_[i] <= now) return i;
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (!query.tried[i]) return i;
  }
  return static_cast<std::size_t>(std::min_element(server_down_until_.begin(), server_down_until_.end()) -
                                  server_down_until_.begin());
}

void QueryEngine::send(QueryTicket ticket, TimeMs now) {
  Query& query = query_of(ticket);
  if (requests_sent_ >= config_.request_budget) {
    complete(ticket,
             failure(QueryOutcome::budget_exceeded,
                     "query budget exceeded: this check already sent " + std::to_string(requests_sent_) +
                         " DNS requests (limit " + std::to_string(config_.request_budget) + ")",
                     ""));
    return;
  }
  const std::size_t server = choose_server(query, now);
  auto wire = build_message(make_query(query.question.name, query.question.type));
  if (!wire.ok()) {
    complete(ticket, failure(QueryOutcome::malformed, "could not build the query: " + wire.error().message, ""));
    return;
  }
  auto request = make_doh_request(config_.servers[server], wire.value(), config_.method);
  if (!request.ok()) fatal("QueryEngine: validated server URL refused");  // validate_config checked it

  const RequestId id = next_request_id_++;
  query.tried[server] = true;
  ++query.attempts;
  ++requests_sent_;
  in_flight_.emplace(id, InFlight{ticket, server, now + config_.attempt_timeout});
  requests_.push_back(HttpRequestAction{id, std::move(request).value()});
}

QueryResult QueryEngine::classify(const Query& query, const HttpResponse& response, std::size_t server) const {
  const std::string& url = config_.servers[server];
  auto parsed = parse_doh_response(response);
  if (!parsed.ok()) {
    const bool http = parsed.error().code == Errc::invalid_argument;
    return failure(http ? QueryOutcome::http_error : QueryOutcome::malformed, parsed.error().message, url);
  }
  Message message = std::move(parsed).value();
  if (auto reason = mismatch_reason(message, query.question)) {
    return failure(QueryOutcome::mismatch, "the response does not match the query: " + *reason, url);
  }
  QueryResult result;
  result.server = url;
  switch (message.rcode) {
    case Rcode::noerror:
      result.outcome = has_answer_records(message) ? QueryOutcome::answer : QueryOutcome::nodata;
      break;
    case Rcode::nxdomain: result.outcome = QueryOutcome::nxdomain; break;
    case Rcode::servfail: result.outcome = QueryOutcome::servfail; break;
    case Rcode::refused: result.outcome = QueryOutcome::refused; break;
    default: result.outcome = QueryOutcome::other_rcode; break;
  }
  result.detail = to_string(message.rcode) + " from " + url;
  if (message.edns) {
    for (const ExtendedError& ede : extended_errors(*message.edns)) result.detail += "; " + to_text(ede);
  }
  result.message = std::move(message);
  return result;
}

void QueryEngine::on_http_response(RequestId id, const HttpResponse& response, TimeMs now) {
  const auto it = in_flight_.find(id);
  if (it == in_flight_.end()) return;  // late (timed out) or unknown: ignore
  const InFlight flight = it->second;
  in_flight_.erase(it);
  QueryResult result = classify(query_of(flight.ticket), response, flight.server);
  if (is_dns_answer(result.outcome)) {
    server_down_until_[flight.server] = 0;
    if (cache_ != nullptr) {
      const Question& q = query_of(flight.ticket).question;
      cache_->store(q.name, q.type, *result.message, now);
    }
    complete(flight.ticket, std::move(result));
  } else {
    // SERVFAIL, REFUSED, mismatches and HTTP errors may be one server's fault:
    // another server may answer.
    attempt_failed(flight.ticket, flight.server, std::move(result), now);
  }
  start_waiting(now);
}

void QueryEngine::on_http_failure(RequestId id, std::string_view reason, TimeMs now) {
  const auto it = in_flight_.find(id);
  if (it == in_flight_.end()) return;
  const InFlight flight = it->second;
  in_flight_.erase(it);
  const std::string& url = config_.servers[flight.server];
  attempt_failed(flight.ticket, flight.server,
                 failure(QueryOutcome::transport_error, "request to " + url + " failed: " + std::string(reason), url),
                 now);
  start_waiting(now);
}

void QueryEngine::on_timer(TimeMs now) {
  std::vector<std::pair<RequestId, InFlight>> expired;
  for (const auto& [id, flight] : in_flight_) {
    if (flight.deadline <= now) expired.emplace_back(id, flight);
  }
  for (const auto& [id, flight] : expired) {
    in_flight_.erase(id);
    cancellations_.push_back(id);
    const std::string& url = config_.servers[flight.server];
    attempt_failed(flight.ticket, flight.server,
                   failure(QueryOutcome::timeout,
                           "no answer from " + url + " within " + std::to_string(config_.attempt_timeout) + " ms",
                           url),
                   now);
  }
  start_waiting(now);
}

void QueryEngine::attempt_failed(QueryTicket ticket, std::size_t server, QueryResult failure, TimeMs now) {
  Query& query = query_of(ticket);
  // Only transport-level trouble marks a server down; a SERVFAIL for one name
  // says little about the next.
  if (is_resolver_trouble(failure.outcome)) server_down_until_[server] = now + config_.server_penalty;
  if (std::find(query.failures.begin(), query.failures.end(), failure.detail) == query.failures.end())
    query.failures.push_back(failure.detail);
  const std::size_t attempt_limit = std::min(config_.max_attempts, config_.servers.size() * 2);
  if (query.attempts < attempt_limit) {
    // Retries go to the front of the queue: they are older than waiting queries.
    waiting_.insert(waiting_.begin() + static_cast<std::ptrdiff_t>(waiting_head_), ticket);
    return;
  }
  failure.detail.clear();
  for (const std::string& said : query.failures) failure.detail += (failure.detail.empty() ? "" : "; ") + said;
  failure.detail += " (after " + std::to_string(query.attempts) + " attempt" + (query.attempts == 1 ? "" : "s") + ")";
  complete(ticket, std::move(failure));
}

void QueryEngine::complete(QueryTicket ticket, QueryResult result) {
  Query& query = query_of(ticket);
  result.attempts = query.attempts;
  query.result = std::move(result);
  completed_.push_back(ticket);
}

std::optional<TimeMs> QueryEngine::next_deadline() const {
  std::optional<TimeMs> next;
  for (const auto& [id, flight] : in_flight_) {
    if (!next || flight.deadline < *next) next = flight.deadline;
  }
  return next;
}

}  // namespace daneel::dns
