#include "dns_query.h"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/string.hpp>

#include <array>
#include <atomic>
#include <optional>
#include <random>
#include <variant>

#include "dns/answer_cache.h"
#include "dns/doh.h"
#include "doh_exchange.h"
#include "policy/client_key.h"
#include "policy/doh_query.h"
#include "policy/query_rate.h"
#include "url.h"

namespace daneel::proxy {
namespace {

namespace net = boost::asio;
using Strand = net::strand<net::io_context::executor_type>;

// The query rate's table (clients within one minute); beyond it new clients
// wait for old windows to end.
constexpr std::size_t kMaxRateClients = 16'384;
// An answer body: a whole DNS message (RFC 8484 §6), no more.
constexpr std::size_t kMaxAnswer = dns::kMaxMessageSize;

enum class QueryResult : std::uint8_t {
  ok, bad_request, too_large, media_type, rate_limited, busy, resolver_failed, timeout, count_
};
constexpr std::array<std::string_view, static_cast<std::size_t>(QueryResult::count_)> kResultWords{
    "ok", "bad_request", "too_large", "media_type", "rate_limited", "busy", "resolver_failed", "timeout"};

policy::SteadyMs steady_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool is_dns_message_type(std::string_view value) {
  const auto semicolon = value.find(';');
  std::string_view type = value.substr(0, semicolon);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return boost::beast::iequals(type, dns::kDnsMessageMediaType);
}

}  // namespace

class DnsQueryService::Impl : public std::enable_shared_from_this<Impl> {
 public:
  using Done = std::function<void(Reply)>;

  Impl(DnsQueryConfig config, DnsVerifierConfig resolvers, std::vector<policy::Cidr> front_proxies)
      : config_(config),
        resolvers_(std::move(resolvers)),
        client_keys_{.trusted_proxies = std::move(front_proxies)},
        rate_(config.per_minute, kMaxRateClients, std::random_device{}()) {}

  void start(net::io_context& io) {
    strand_.emplace(net::make_strand(io));
    tls_.set_options(net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
    if (resolvers_.ca_file.empty()) {
      tls_.set_default_verify_paths();
    } else {
      tls_.load_verify_file(resolvers_.ca_file);
    }
  }
  void stop() { strand_.reset(); }

  // On the HTTP session's strand: the request's own checks, then the strand.
  void handle(const Request& head, const std::vector<std::uint8_t>& body, const net::ip::tcp::endpoint& peer,
              const Responses& responses, Done done) {
    const auto fail = [&](QueryResult result, http::status status, std::string_view reason) {
      count(result);
      done(responses.dns_error(head, status, reason));
    };
    policy::DohQuery query;
    if (head.method() == http::verb::get) {
      query = policy::query_from_target(head.target());
    } else {
      if (!is_dns_message_type(head[http::field::content_type]))
        return fail(QueryResult::media_type, http::status::unsupported_media_type, "media_type");
      query = policy::query_from_body(body);
    }
    if (const auto* problem = std::get_if<policy::DohQueryProblem>(&query)) {
      if (*problem == policy::DohQueryProblem::too_large)
        return fail(QueryResult::too_large, http::status::payload_too_large, to_string(*problem));
      return fail(QueryResult::bad_request, http::status::bad_request, to_string(*problem));
    }
    const auto peer_ip = policy::parse_ip(peer.address().to_string());
    if (!peer_ip || !strand_) return fail(QueryResult::busy, http::status::service_unavailable, "unavailable");
    std::vector<std::string_view> forwarded;
    for (auto [it, end] = head.equal_range("X-Forwarded-For"); it != end; ++it) {
      if (forwarded.size() >= policy::kMaxForwardedHops) break;
      forwarded.push_back(it->value());
    }
    const policy::ClientKey key = policy::client_key(*peer_ip, forwarded, client_keys_).key;
    net::post(*strand_, [self = shared_from_this(), head, wire = std::get<Bytes>(std::move(query)), key, &responses,
                         done = std::move(done)]() mutable {
      self->admit(head, std::move(wire), key, responses, std::move(done));
    });
  }

  std::string metrics_text() const {
    std::string out;
    out += "# HELP daneel_dns_query_total Queries to the DoH endpoint /dns-query, by result.\n";
    out += "# TYPE daneel_dns_query_total counter\n";
    for (std::size_t i = 0; i < kResultWords.size(); ++i)
      out += "daneel_dns_query_total{result=\"" + std::string(kResultWords[i]) + "\"} " +
             std::to_string(results_[i].load()) + "\n";
    return out;
  }

 private:
  class Forward;

  void count(QueryResult result) { ++results_[static_cast<std::size_t>(result)]; }

  // On the strand: the rate and the in-flight bound, then the forward.
  void admit(const Request& head, Bytes wire, const policy::ClientKey& key, const Responses& responses, Done done);

  const DnsQueryConfig config_;
  const DnsVerifierConfig resolvers_;
  const policy::ClientKeyConfig client_keys_;
  std::optional<Strand> strand_;
  net::ssl::context tls_{net::ssl::context::tls_client};
  // On the strand only.
  policy::QueryRate rate_;
  std::size_t in_flight_ = 0;
  // Read by /metrics from any thread.
  std::array<std::atomic<std::uint64_t>, kResultWords.size()> results_{};
};

// One forwarded query: the resolvers in order, within the timeout.
class DnsQueryService::Impl::Forward : public std::enable_shared_from_this<Forward> {
 public:
  Forward(std::shared_ptr<Impl> owner, Request head, Bytes wire, const Responses& responses, Done done)
      : owner_(std::move(owner)),
        head_(std::move(head)),
        wire_(std::move(wire)),
        responses_(responses),
        done_(std::move(done)),
        timer_(*owner_->strand_) {}

  void start() {
    timer_.expires_after(owner_->resolvers_.timeout);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->finish(QueryResult::timeout, std::nullopt);
    });
    try_next();
  }

 private:
  void try_next() {
    if (finished_) return;
    if (next_ >= owner_->resolvers_.resolvers.size()) return finish(QueryResult::resolver_failed, std::nullopt);
    const std::string& server = owner_->resolvers_.resolvers[next_++];
    auto request = dns::make_doh_request(server, wire_, dns::HttpMethod::post);
    auto url = native::parse_url(server);
    if (!request.ok() || !url.ok()) return try_next();  // config.cpp accepted them all
    exchange_ = std::make_shared<native::DohExchange>(net::any_io_executor(*owner_->strand_), owner_->tls_,
                                                      std::move(url).value(), request.value(), kMaxAnswer);
    exchange_->start([self = shared_from_this()](Result<dns::HttpResponse> result) {
      net::post(*self->owner_->strand_,
                [self, result = std::move(result)]() mutable { self->on_answer(std::move(result)); });
    });
  }

  // Only a DNS response that parses (and is not truncated) goes back; its
  // smallest TTL says how long the browser may cache it.
  void on_answer(Result<dns::HttpResponse> result) {
    if (finished_) return;
    exchange_.reset();  // its stored callback holds this Forward: no cycle left behind
    if (!result.ok()) return try_next();
    auto message = dns::parse_doh_response(result.value());
    if (!message.ok() || !message.value().header.qr) return try_next();
    const std::uint32_t max_age = std::min<std::uint32_t>(dns::AnswerCache::ttl_of(message.value()), 86'400);
    const auto& body = result.value().body;
    finish(QueryResult::ok, std::string(body.begin(), body.end()), max_age);
  }

  void finish(QueryResult outcome, std::optional<std::string> answer, std::uint32_t max_age = 0) {
    if (finished_) return;
    finished_ = true;
    timer_.cancel();
    if (exchange_) exchange_->cancel();
    exchange_.reset();
    --owner_->in_flight_;
    owner_->count(outcome);
    if (answer) return done_(responses_.dns_message(head_, std::move(*answer), max_age));
    done_(responses_.dns_error(head_,
                               outcome == QueryResult::timeout ? http::status::gateway_timeout
                                                               : http::status::bad_gateway,
                               kResultWords[static_cast<std::size_t>(outcome)]));
  }

  std::shared_ptr<Impl> owner_;
  const Request head_;
  const Bytes wire_;
  const Responses& responses_;
  Done done_;
  net::steady_timer timer_;
  std::shared_ptr<native::DohExchange> exchange_;
  std::size_t next_ = 0;
  bool finished_ = false;
};

void DnsQueryService::Impl::admit(const Request& head, Bytes wire, const policy::ClientKey& key,
                                  const Responses& responses, Done done) {
  const auto decision = rate_.admit(key, steady_now());
  if (decision != policy::QueryRateDecision::allowed) {
    count(QueryResult::rate_limited);
    return done(responses.dns_error(head, http::status::too_many_requests, to_string(decision)));
  }
  if (in_flight_ >= config_.max_in_flight) {
    count(QueryResult::busy);
    return done(responses.dns_error(head, http::status::service_unavailable, "busy"));
  }
  ++in_flight_;
  std::make_shared<Forward>(shared_from_this(), head, std::move(wire), responses, std::move(done))->start();
}

DnsQueryService::DnsQueryService(DnsQueryConfig config, DnsVerifierConfig resolvers,
                                 std::vector<policy::Cidr> front_proxies)
    : impl_(std::make_shared<Impl>(config, std::move(resolvers), std::move(front_proxies))) {}

DnsQueryService::~DnsQueryService() = default;

void DnsQueryService::start(net::io_context& io) {
  impl_->start(io);
}

void DnsQueryService::stop() {
  impl_->stop();
}

Router::AsyncHandler DnsQueryService::handler(const Responses& responses) {
  return [impl = impl_, &responses](const Request& head, std::vector<std::uint8_t> body,
                                    const net::ip::tcp::endpoint& peer, std::function<void(Reply)> done) {
    impl->handle(head, body, peer, responses, std::move(done));
  };
}

std::string DnsQueryService::metrics_text() const {
  return impl_->metrics_text();
}

}  // namespace daneel::proxy
