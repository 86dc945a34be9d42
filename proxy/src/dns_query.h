// The optional same-origin DoH endpoint /dns-query (issue 14 item 5,
// RFC 8484 GET and POST), so that a deployment need not send its users'
// queries to a third party and the page needs no CORS from public resolvers.
// It forwards each checked query (policy/doh_query.h) to the configured
// resolvers (--resolver, the same ones the relay's verification asks) with the
// native DoH exchange, and passes the answer back unchanged: the wasm
// validates every answer itself (DNSSEC), so the proxy adds no trust.
//
// Bounds: queries of at most 512 octets; answers of at most 65535 octets that
// parse as DNS responses; per client key (the relay's rule: IPv4 address,
// IPv6 /64, X-Forwarded-For only from front proxies) at most
// `per_minute` queries a minute (429); at most `max_in_flight` forwarded
// queries at once (503); each query ends after `timeout` (504), trying the
// resolvers in order.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "relay_config.h"
#include "responses.h"
#include "router.h"

namespace daneel::proxy {

class DnsQueryService {
 public:
  DnsQueryService(DnsQueryConfig config, DnsVerifierConfig resolvers, std::vector<policy::Cidr> front_proxies);
  ~DnsQueryService();
  DnsQueryService(const DnsQueryService&) = delete;
  DnsQueryService& operator=(const DnsQueryService&) = delete;

  // Like RelayService: start() once the io_context exists, stop() before it is destroyed.
  void start(boost::asio::io_context& io);
  void stop();

  // The /dns-query route (Router::add_async).
  [[nodiscard]] Router::AsyncHandler handler(const Responses& responses);
  // Lines for /metrics.
  [[nodiscard]] std::string metrics_text() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace daneel::proxy
