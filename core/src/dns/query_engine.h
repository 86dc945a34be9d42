// The query engine: asks DoH servers for RRsets, sans IO.
//
// Callers ask for (name, type) and get a ticket; the engine emits HTTP requests
// as actions and consumes the driver's responses and timer ticks as events,
// each with `now`. It runs many queries at once, merges identical ones,
// remembers every outcome for the rest of the check (one consistent snapshot
// for the report), optionally reuses answers across checks by TTL (AnswerCache),
// times out and fails over across a list of servers without hammering them,
// and stops at a per-check budget of HTTP requests.
//
// Every DNS query asks with DO and CD set: daneel validates DNSSEC itself and
// needs the RRSIGs and the data even when the resolver would call it bogus.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dns/answer_cache.h"
#include "dns/doh.h"
#include "dns/message.h"
#include "dns/name.h"
#include "dns/rr_type.h"
#include "util/time.h"

namespace daneel::dns {

struct ResolverConfig {
  std::vector<std::string> servers;          // DoH URLs, most preferred first
  HttpMethod method = HttpMethod::post;
  DurationMs attempt_timeout = 4000;         // one HTTP exchange
  std::size_t max_attempts = 3;              // per query, across servers
  std::size_t max_in_flight = 16;            // HTTP requests at once; more wait in order
  std::size_t request_budget = 600;          // HTTP requests per engine (one check)
  DurationMs server_penalty = 30000;         // a server that failed is avoided this long
};

// Limits a config must respect (validate_config refuses the rest).
inline constexpr std::size_t kMaxServers = 16;
inline constexpr std::size_t kMaxAttempts = 8;

// How a query ended. The first three are answers from the DNS; the rest are
// failures to get one (after fail-over), which DNSSEC treats as indeterminate.
enum class QueryOutcome : std::uint8_t {
  answer,           // NOERROR with records of the type (or a CNAME/DNAME chain)
  nodata,           // NOERROR, no records of the type
  nxdomain,         // the name does not exist
  servfail,         // SERVFAIL from every server tried last
  refused,          // REFUSED
  other_rcode,      // FORMERR, NOTIMP, ...
  mismatch,         // the response does not answer our question (ID, QR, name, type, class)
  malformed,        // bad HTTP media type or body, unparseable DNS message, truncated
  http_error,       // non-2xx HTTP status
  transport_error,  // the driver could not complete the exchange (connect, TLS, reset)
  timeout,          // no response within attempt_timeout
  budget_exceeded,  // the check's request budget was spent
};
std::string_view to_string(QueryOutcome outcome);
// True for outcomes that are answers from the DNS (answer, nodata, nxdomain).
constexpr bool is_dns_answer(QueryOutcome o) {
  return o == QueryOutcome::answer || o == QueryOutcome::nodata || o == QueryOutcome::nxdomain;
}
// True for outcomes that say the resolver itself could not be reached or used
// (no DNS answer at all, for reasons of the server or the way to it): the
// engine marks such a server down, and a check reports its resolvers unreachable.
constexpr bool is_resolver_trouble(QueryOutcome o) {
  return o == QueryOutcome::timeout || o == QueryOutcome::transport_error || o == QueryOutcome::http_error;
}

struct QueryResult {
  QueryOutcome outcome = QueryOutcome::timeout;
  std::optional<Message> message;  // the response, when one was parsed
  std::string detail;              // for people: what happened, from which server
  std::string server;              // the server of the final attempt ("" if none)
  std::size_t attempts = 0;        // HTTP requests this query made
  bool from_cache = false;         // answered from the cross-check AnswerCache
};

using QueryTicket = std::uint32_t;
using RequestId = std::uint64_t;

// An action: perform this HTTP exchange and report back with `id`.
struct HttpRequestAction {
  RequestId id = 0;
  DohRequest request;
};

Status validate_config(const ResolverConfig& config);

class QueryEngine {
 public:
  // `config` must pass validate_config. `cache` may be null; it must outlive the engine.
  explicit QueryEngine(ResolverConfig config, AnswerCache* cache = nullptr);

  // Asks for (name, type). The same question gets the same ticket for the
  // engine's lifetime; its result may be ready at once (memo or cache).
  QueryTicket query(const Name& name, RrType type, TimeMs now);

  // nullptr while the query is pending.
  [[nodiscard]] const QueryResult* result(QueryTicket ticket) const;
  // Tickets completed since the last call, each reported once.
  std::vector<QueryTicket> take_completed();

  // Actions for the driver: HTTP exchanges to start, and exchanges to abandon
  // (timed out: abort them; a late response is ignored anyway).
  std::vector<HttpRequestAction> take_requests();
  std::vector<RequestId> take_cancellations();

  // Events from the driver.
  void on_http_response(RequestId id, const HttpResponse& response, TimeMs now);
  void on_http_failure(RequestId id, std::string_view reason, TimeMs now);
  void on_timer(TimeMs now);

  // When on_timer must be called next, if anything is in flight.
  [[nodiscard]] std::optional<TimeMs> next_deadline() const;
  [[nodiscard]] std::size_t requests_sent() const { return requests_sent_; }
  [[nodiscard]] std::size_t in_flight() const { return in_flight_.size(); }

 private:
  struct Query {
    Question question;
    std::vector<bool> tried;  // per server, for this query
    std::size_t attempts = 0;
    // What each failed attempt said (at most max_attempts): the final failure
    // names every server tried, not only the last.
    std::vector<std::string> failures;
    std::optional<QueryResult> result;
  };
  struct InFlight {
    QueryTicket ticket = 0;
    std::size_t server = 0;
    TimeMs deadline = 0;
  };

  Query& query_of(QueryTicket ticket) { return queries_[ticket - 1]; }
  void start_waiting(TimeMs now);
  void send(QueryTicket ticket, TimeMs now);
  std::size_t choose_server(const Query& query, TimeMs now) const;
  // Ends an attempt that failed: penalizes the server, then retries elsewhere
  // or completes the query with this failure.
  void attempt_failed(QueryTicket ticket, std::size_t server, QueryResult failure, TimeMs now);
  void complete(QueryTicket ticket, QueryResult result);
  QueryResult classify(const Query& query, const HttpResponse& response, std::size_t server) const;

  ResolverConfig config_;
  AnswerCache* cache_;
  std::vector<Query> queries_;                                 // ticket - 1 -> query
  std::map<std::pair<Name, RrType>, QueryTicket> by_question_;  // memo and de-duplication
  std::vector<QueryTicket> waiting_;                           // FIFO, beyond max_in_flight
  std::size_t waiting_head_ = 0;
  std::map<RequestId, InFlight> in_flight_;
  std::vector<TimeMs> server_down_until_;
  RequestId next_request_id_ = 1;
  std::size_t requests_sent_ = 0;
  std::vector<HttpRequestAction> requests_;
  std::vector<RequestId> cancellations_;
  std::vector<QueryTicket> completed_;
};

}  // namespace daneel::dns
