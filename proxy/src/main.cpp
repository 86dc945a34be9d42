// daneel-proxy: serves the web page and /healthz, and relays SMTP bytes between a
// WebSocket and port 25 (docs/PROXY.md). main() only wires things together.
#include "config.h"
#include "dns_query.h"
#include "policy/doh_query.h"
#include "http_server.h"
#include "limits.h"
#include "relay.h"
#include "request_log.h"
#include "router.h"
#include "tls_context.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <exception>
#include <functional>
#include <memory>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace net = boost::asio;
using daneel::proxy::ParseOutcome;

std::string format_endpoint(const net::ip::tcp::endpoint& endpoint) {
  // Built with append(): GCC 12 at -O3 reports a false -Wrestrict for "[" + s + "]".
  const auto address = endpoint.address();
  std::string out;
  if (address.is_v6()) out.append("[");
  out.append(address.to_string());
  if (address.is_v6()) out.append("]");
  out.append(":").append(std::to_string(endpoint.port()));
  return out;
}

// Runs the io_context; an escaping exception stops the whole server.
void run_io(net::io_context& ioc, std::exception_ptr& failure) {
  try {
    ioc.run();
  } catch (...) {
    failure = std::current_exception();
    ioc.stop();
  }
}

int serve(const daneel::proxy::Config& config, boost::asio::ssl::context* tls) {
  daneel::proxy::Limits limits;
  limits.max_connections = config.max_connections;

  // Declared before the io_context so they outlive every handler that refers to them.
  daneel::proxy::RelayService relay{config.relay, daneel::proxy::make_destination_verifier(config.relay)};
  daneel::proxy::Router router = daneel::proxy::make_router(config);
  router.add_upgrade(
      "/relay", [&relay](daneel::proxy::AnyStream stream, daneel::proxy::Request& req,
                         daneel::proxy::ConnectionSlot& slot, const daneel::proxy::Responses& responses) {
        return relay.take_over(stream, req, slot, responses);
      });
  // The optional DoH endpoint (--dns-query), forwarding to the relay's resolvers.
  daneel::proxy::DnsQueryService dns_query{config.relay.dns_query, config.relay.dns, config.relay.front_proxies};
  if (config.relay.dns_query.enabled) {
    router.add_async("/dns-query", dns_query.handler(router.responses()), daneel::proxy::policy::kMaxDohQuery);
  }
  router.add("/metrics", [&relay, &dns_query, &config](const daneel::proxy::Request& req,
                                                      const daneel::proxy::Responses& responses) {
    std::string text = relay.metrics_text();
    if (config.relay.dns_query.enabled) text += dns_query.metrics_text();
    return responses.text(req, boost::beast::http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                          std::move(text));
  });
  net::io_context ioc{static_cast<int>(limits.io_threads)};
  // Declared after the io_context, so it runs before the io_context is
  // destroyed, on every way out of serve(): the verifier's strand must not
  // outlive the io_context.
  struct StopRelay {
    daneel::proxy::RelayService& relay;
    daneel::proxy::DnsQueryService& dns_query;
    ~StopRelay() {
      relay.stop();
      dns_query.stop();
    }
  } stop_relay{relay, dns_query};
  relay.start(ioc);  // the DNS verifier's strand and TLS context (a bad --resolver-ca throws: exit 1)
  if (config.relay.dns_query.enabled) dns_query.start(ioc);

  const net::ip::tcp::endpoint endpoint{net::ip::make_address(config.listen_host), config.listen_port};
  daneel::proxy::HttpServer server{ioc, endpoint, router, limits, tls};

  // Graceful stop: stop accepting; relay sessions get the drain time, then close
  // 1001 (plus a bounded closing handshake); then the loop stops. Plain HTTP
  // connections are dropped when the io_context is destroyed.
  net::signal_set signals{ioc, SIGINT, SIGTERM};
  net::steady_timer drain_timer{ioc};
  const auto drain_limit =
      config.relay.timeouts.drain + std::min<std::chrono::milliseconds>(config.relay.timeouts.ws_handshake,
                                                                        std::chrono::milliseconds(5'000));
  std::chrono::steady_clock::time_point drain_end{};
  std::function<void()> wait_for_relays = [&] {
    if (relay.live_sessions() == 0 || std::chrono::steady_clock::now() >= drain_end) {
      ioc.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([&](const boost::system::error_code& timer_ec) {
      if (!timer_ec) wait_for_relays();
    });
  };
  signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;
    daneel::proxy::log_message("stopping on signal " + std::to_string(signal_number));
    server.stop();
    relay.drain();
    drain_end = std::chrono::steady_clock::now() + drain_limit;
    wait_for_relays();
  });

  // SIGHUP reads the opt-out list again (relay.reload_opt_out); every other
  // setting needs a restart.
  net::signal_set reload_signal{ioc, SIGHUP};
  std::function<void()> wait_for_reload = [&] {
    reload_signal.async_wait([&](const boost::system::error_code& ec, int /*signal_number*/) {
      if (ec) return;
      daneel::proxy::log_message(relay.reload_opt_out());
      wait_for_reload();
    });
  };
  wait_for_reload();

  const std::string where = format_endpoint(server.local_endpoint());
  std::cout << "listening on " << where << std::endl;  // first stdout line; tests parse it
  daneel::proxy::log_message("daneel-proxy " DANEEL_VERSION " listening on " + where +
                             (tls != nullptr ? " (TLS)" : "") + ", web root " + config.web_root.string());
  daneel::proxy::log_message(relay.describe());
  server.start();

  std::vector<std::exception_ptr> failures(limits.io_threads);
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < limits.io_threads; ++i) {
    threads.emplace_back([&ioc, &failure = failures[i]] { run_io(ioc, failure); });
  }
  run_io(ioc, failures[0]);
  for (auto& thread : threads) thread.join();

  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  daneel::proxy::log_message("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  const ParseOutcome outcome = daneel::proxy::parse_args(args);
  switch (outcome.kind) {
    case ParseOutcome::Kind::Help:
      std::cout << daneel::proxy::usage();
      return 0;
    case ParseOutcome::Kind::Version:
      std::cout << "daneel-proxy " DANEEL_VERSION "\n";
      return 0;
    case ParseOutcome::Kind::Error:
      std::cerr << "daneel-proxy: " << outcome.error << "\n"
                << "Try 'daneel-proxy --help'.\n";
      return 2;
    case ParseOutcome::Kind::Run:
      break;
  }
  // TLS on the listener: the files are read before anything listens, and a
  // bad certificate or key is a configuration error (status 2).
  std::unique_ptr<boost::asio::ssl::context> tls;
  if (!outcome.config.tls_cert.empty()) {
    daneel::proxy::TlsContextLoad loaded =
        daneel::proxy::make_tls_context(outcome.config.tls_cert, outcome.config.tls_key);
    if (!loaded.context) {
      std::cerr << "daneel-proxy: " << loaded.error << "\n";
      return 2;
    }
    tls = std::move(loaded.context);
  }
  try {
    return serve(outcome.config, tls.get());
  } catch (const std::exception& e) {
    std::cerr << "daneel-proxy: " << e.what() << "\n";
    return 1;
  }
}
