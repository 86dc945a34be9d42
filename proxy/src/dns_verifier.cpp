#include "dns_verifier.h"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dns/answer_cache.h"
#include "dns/query_engine.h"
#include "doh_exchange.h"
#include "policy/destination_check.h"
#include "url.h"

namespace daneel::proxy {
namespace {

namespace net = boost::asio;
using Strand = net::strand<net::io_context::executor_type>;

TimeMs steady_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The engine's settings for one lookup: fail over across the configured
// resolvers (each tried once), all three questions at once, and every
// attempt inside the lookup's timeout.
dns::ResolverConfig resolver_config(const DnsVerifierConfig& c) {
  dns::ResolverConfig r;
  r.servers = c.resolvers;
  r.method = dns::HttpMethod::post;
  r.max_attempts = std::clamp<std::size_t>(c.resolvers.size(), 1, 3);
  r.attempt_timeout = std::max<DurationMs>(100, c.timeout.count() / static_cast<DurationMs>(r.max_attempts));
  r.max_in_flight = 3;
  r.request_budget = 3 * r.max_attempts;
  r.server_penalty = 0;
  return r;
}

VerifyOutcome failure_of(const dns::QueryResult* result) {
  if (result == nullptr) return VerifyOutcome::dns_timeout;
  switch (result->outcome) {
    case dns::QueryOutcome::timeout:
    case dns::QueryOutcome::budget_exceeded:
      return VerifyOutcome::dns_timeout;
    case dns::QueryOutcome::servfail:
      return VerifyOutcome::dns_servfail;
    case dns::QueryOutcome::refused:
      return VerifyOutcome::dns_refused;
    case dns::QueryOutcome::transport_error:
    case dns::QueryOutcome::http_error:
      return VerifyOutcome::dns_unreachable;
    default:
      return VerifyOutcome::dns_bad_answer;
  }
}

// The outcome for one relay request, from what the lookup found (a missing
// result: the lookup ran out of time before it came).
VerifyOutcome judge(const dns::Name& domain, const dns::Name& host, const policy::IpAddress& address,
                    const dns::QueryResult* mx, const dns::QueryResult* same_family) {
  using policy::AddressJudgement;
  using policy::MxJudgement;
  const MxJudgement by_mx = mx ? policy::judge_mx(domain, host, *mx) : MxJudgement::resolver_failed;
  switch (by_mx) {
    case MxJudgement::listed:
    case MxJudgement::implicit:
      break;
    case MxJudgement::not_listed:
      return VerifyOutcome::not_mx;
    case MxJudgement::null_mx:
      return VerifyOutcome::null_mx;
    case MxJudgement::domain_not_found:
      return VerifyOutcome::domain_not_found;
    case MxJudgement::resolver_failed:
      return failure_of(mx);
  }
  const AddressJudgement by_address =
      same_family ? policy::judge_address(host, address, *same_family) : AddressJudgement::resolver_failed;
  switch (by_address) {
    case AddressJudgement::listed:
      return VerifyOutcome::verified;
    case AddressJudgement::not_listed:
      return VerifyOutcome::address_not_of_host;
    case AddressJudgement::host_not_found:
      return VerifyOutcome::host_not_found;
    case AddressJudgement::resolver_failed:
      break;
  }
  return failure_of(same_family);
}

class DnsVerifier;

// One (D, H) lookup: MX of D, A and AAAA of H, on the verifier's strand.
class Lookup : public std::enable_shared_from_this<Lookup> {
 public:
  struct Waiter {
    policy::IpAddress address;
    std::function<void(VerifyOutcome)> done;
  };

  Lookup(DnsVerifier& owner, std::string key, dns::Name domain, dns::Name host);
  void add(Waiter waiter) { waiters_.push_back(std::move(waiter)); }
  [[nodiscard]] std::size_t waiting() const { return waiters_.size(); }
  void start();

 private:
  void pump();
  void on_exchange(dns::RequestId id, Result<dns::HttpResponse> result);
  void on_timer(boost::system::error_code ec);
  [[nodiscard]] bool complete() const;
  void finish();

  DnsVerifier& owner_;
  const std::string key_;
  const dns::Name domain_, host_;
  dns::QueryEngine engine_;
  dns::QueryTicket mx_ = 0, a_ = 0, aaaa_ = 0;
  std::map<dns::RequestId, std::shared_ptr<native::DohExchange>> exchanges_;
  net::steady_timer timer_;
  TimeMs give_up_at_ = 0;
  std::vector<Waiter> waiters_;
  bool finished_ = false;
};

class DnsVerifier final : public DestinationVerifier {
 public:
  explicit DnsVerifier(DnsVerifierConfig config)
      : config_(std::move(config)),
        engine_config_(resolver_config(config_)),
        cache_(config_.cache_entries, config_.cache_max_ttl) {}

  void start(net::io_context& io) override {
    strand_.emplace(net::make_strand(io));
    tls_.set_options(net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
    if (config_.ca_file.empty()) {
      tls_.set_default_verify_paths();
    } else {
      tls_.load_verify_file(config_.ca_file);  // throws: main() reports it and exits 1
    }
  }

  // Before the io_context is destroyed: a strand that outlived it would
  // touch its freed strand service. Lookups in flight are owned by their
  // pending handlers (the map holds weak pointers) and go with the io_context.
  void stop() override {
    lookups_.clear();
    strand_.reset();
  }

  bool available() const override { return true; }

  std::string describe() const override {
    std::string out = "destinations verified through DNS (resolver";
    for (const auto& url : config_.resolvers) out += " " + url;
    out += ", timeout " + std::to_string(config_.timeout.count()) + " ms, cache " +
           std::to_string(config_.cache_entries) + " answers up to " + std::to_string(config_.cache_max_ttl) + " s)";
    return out;
  }

  std::string metrics_text() const override;

  void verify(const RelayDestination& destination, std::function<void(VerifyOutcome)> done) override {
    if (!strand_) return done(VerifyOutcome::unavailable);  // start() was not called
    net::post(*strand_, [this, destination, done = std::move(done)]() mutable {
      on_strand(destination, std::move(done));
    });
  }

  // For Lookup, on the strand.
  Strand& strand() { return *strand_; }
  net::ssl::context& tls() { return tls_; }
  dns::AnswerCache& cache() { return cache_; }
  const dns::ResolverConfig& engine_config() const { return engine_config_; }
  std::chrono::milliseconds timeout() const { return config_.timeout; }
  void count_query(bool from_cache) { ++(from_cache ? cache_hits_ : cache_misses_); }
  void lookup_done(const std::string& key) { lookups_.erase(key); }
  void count(VerifyOutcome outcome) { ++outcomes_[static_cast<std::size_t>(outcome)]; }

 private:
  void on_strand(const RelayDestination& destination, std::function<void(VerifyOutcome)> done) {
    const auto finish = [&](VerifyOutcome outcome) {
      count(outcome);
      done(outcome);
    };
    std::string key = destination.domain + " " + destination.mx;
    if (const auto it = lookups_.find(key); it != lookups_.end()) {
      const auto lookup = it->second.lock();
      if (!lookup) return finish(VerifyOutcome::dns_busy);  // not reached: finish() erases it first
      if (lookup->waiting() >= kMaxWaiters) return finish(VerifyOutcome::dns_busy);
      ++coalesced_;
      lookup->add({destination.address, std::move(done)});
      return;
    }
    if (lookups_.size() >= config_.max_lookups) return finish(VerifyOutcome::dns_busy);
    auto domain = dns::Name::from_text(destination.domain);
    auto host = dns::Name::from_text(destination.mx);
    // relay_request.cpp's strict_hostname already accepted both names.
    if (!domain.ok() || !host.ok()) return finish(VerifyOutcome::not_mx);
    auto lookup = std::make_shared<Lookup>(*this, key, std::move(domain).value(), std::move(host).value());
    lookup->add({destination.address, std::move(done)});
    lookups_.emplace(std::move(key), lookup);
    lookup->start();
  }

  const DnsVerifierConfig config_;
  const dns::ResolverConfig engine_config_;
  std::optional<Strand> strand_;
  net::ssl::context tls_{net::ssl::context::tls_client};
  // On the strand only.
  dns::AnswerCache cache_;
  // Unfinished lookups: each is owned by its pending timer wait and
  // exchanges, so none outlives the io_context.
  std::map<std::string, std::weak_ptr<Lookup>> lookups_;
  // Read by /metrics from any thread.
  std::atomic<std::uint64_t> cache_hits_{0}, cache_misses_{0}, coalesced_{0};
  std::array<std::atomic<std::uint64_t>, kVerifyOutcomes> outcomes_{};
};

Lookup::Lookup(DnsVerifier& owner, std::string key, dns::Name domain, dns::Name host)
    : owner_(owner),
      key_(std::move(key)),
      domain_(std::move(domain)),
      host_(std::move(host)),
      engine_(owner.engine_config(), &owner.cache()),
      timer_(owner.strand()) {}

void Lookup::start() {
  const TimeMs now = steady_now();
  give_up_at_ = now + owner_.timeout().count();
  mx_ = engine_.query(domain_, dns::RrType::mx, now);
  a_ = engine_.query(host_, dns::RrType::a, now);
  aaaa_ = engine_.query(host_, dns::RrType::aaaa, now);
  pump();
}

bool Lookup::complete() const {
  return engine_.result(mx_) && engine_.result(a_) && engine_.result(aaaa_);
}

// Starts the exchanges the engine asked for, abandons the ones it gave up,
// and waits for the next deadline; ends the lookup when every answer is in.
void Lookup::pump() {
  if (finished_) return;
  for (const dns::RequestId id : engine_.take_cancellations()) {
    if (const auto it = exchanges_.find(id); it != exchanges_.end()) {
      it->second->cancel();
      exchanges_.erase(it);
    }
  }
  for (auto& action : engine_.take_requests()) {
    auto url = native::parse_url(action.request.url);
    if (!url.ok()) {  // config.cpp accepted every resolver URL; kept for safety
      engine_.on_http_failure(action.id, url.error().message, steady_now());
      continue;
    }
    // On the strand: the exchange's steps, its completion and cancel() never race.
    auto exchange = std::make_shared<native::DohExchange>(net::any_io_executor(owner_.strand()), owner_.tls(),
                                                          std::move(url).value(), action.request, kMaxDohResponse);
    exchanges_.emplace(action.id, exchange);
    // Posted, not called: start() may complete at once, and pump() is still running.
    exchange->start([self = shared_from_this(), id = action.id](Result<dns::HttpResponse> result) {
      net::post(self->owner_.strand(),
                [self, id, result = std::move(result)]() mutable { self->on_exchange(id, std::move(result)); });
    });
  }
  if (complete()) return finish();
  const TimeMs deadline = std::min(engine_.next_deadline().value_or(give_up_at_), give_up_at_);
  timer_.expires_after(std::chrono::milliseconds(std::max<TimeMs>(0, deadline - steady_now())));
  timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) { self->on_timer(ec); });
}

void Lookup::on_exchange(dns::RequestId id, Result<dns::HttpResponse> result) {
  if (finished_ || exchanges_.erase(id) == 0) return;
  if (result.ok()) {
    engine_.on_http_response(id, result.value(), steady_now());
  } else {
    engine_.on_http_failure(id, result.error().message, steady_now());
  }
  pump();
}

void Lookup::on_timer(boost::system::error_code ec) {
  if (ec || finished_) return;  // re-armed by pump(), or finished
  const TimeMs now = steady_now();
  if (now >= give_up_at_) return finish();
  engine_.on_timer(now);
  pump();
}

void Lookup::finish() {
  if (finished_) return;
  finished_ = true;
  timer_.cancel();
  for (auto& [id, exchange] : exchanges_) exchange->cancel();
  exchanges_.clear();
  for (const dns::QueryTicket ticket : {mx_, a_, aaaa_}) {
    if (const dns::QueryResult* r = engine_.result(ticket); r && dns::is_dns_answer(r->outcome))
      owner_.count_query(r->from_cache);
  }
  const dns::QueryResult* mx = engine_.result(mx_);
  for (Waiter& waiter : waiters_) {
    const dns::QueryResult* same_family =
        engine_.result(waiter.address.family == policy::IpFamily::v4 ? a_ : aaaa_);
    const VerifyOutcome outcome = judge(domain_, host_, waiter.address, mx, same_family);
    owner_.count(outcome);
    waiter.done(outcome);
  }
  waiters_.clear();
  owner_.lookup_done(key_);
}

std::string DnsVerifier::metrics_text() const {
  std::string out;
  out += "# HELP daneel_relay_dns_cache_total DNS answers for destination verification, from the cache (hit) or "
         "the resolver (miss).\n";
  out += "# TYPE daneel_relay_dns_cache_total counter\n";
  out += "daneel_relay_dns_cache_total{result=\"hit\"} " + std::to_string(cache_hits_.load()) + "\n";
  out += "daneel_relay_dns_cache_total{result=\"miss\"} " + std::to_string(cache_misses_.load()) + "\n";
  out += "# HELP daneel_relay_dns_coalesced_total Relay requests that joined a lookup already in flight.\n";
  out += "# TYPE daneel_relay_dns_coalesced_total counter\n";
  out += "daneel_relay_dns_coalesced_total " + std::to_string(coalesced_.load()) + "\n";
  out += "# HELP daneel_relay_verifications_total Destination verifications, by outcome.\n";
  out += "# TYPE daneel_relay_verifications_total counter\n";
  for (std::size_t i = 0; i < kVerifyOutcomes; ++i) {
    const auto outcome = static_cast<VerifyOutcome>(i);
    if (outcome == VerifyOutcome::accepted_unverified_test || outcome == VerifyOutcome::unavailable) continue;
    out += "daneel_relay_verifications_total{outcome=\"" + std::string(to_string(outcome)) + "\"} " +
           std::to_string(outcomes_[i].load()) + "\n";
  }
  return out;
}

}  // namespace

std::unique_ptr<DestinationVerifier> make_dns_verifier(const DnsVerifierConfig& config) {
  return std::make_unique<DnsVerifier>(config);
}

}  // namespace daneel::proxy
