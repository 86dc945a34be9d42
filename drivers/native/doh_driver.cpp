#include "doh_driver.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <map>
#include <memory>

#include "doh_exchange.h"
#include "url.h"

namespace daneel::native {

namespace asio = boost::asio;

TimeMs now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool DohDriver::run(dns::QueryEngine& engine) {
  // The TLS context outlives the io_context, whose destruction frees any
  // exchange still suspended (and with it the TLS stream using the context).
  asio::ssl::context tls(asio::ssl::context::tls_client);
  asio::io_context io;
  tls.set_options(asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  if (!options_.ca_file.empty()) tls.load_verify_file(options_.ca_file);

  std::map<dns::RequestId, std::shared_ptr<DohExchange>> exchanges;
  asio::steady_timer timer(io);
  const TimeMs give_up_at = now_ms() + options_.max_run;
  bool finished = false;

  // Starts what the engine asked for and re-arms the timer; stops the loop when idle.
  std::function<void()> pump = [&] {
    for (const dns::RequestId id : engine.take_cancellations()) {
      if (auto it = exchanges.find(id); it != exchanges.end()) {
        it->second->cancel();
        exchanges.erase(it);
      }
    }
    for (auto& action : engine.take_requests()) {
      auto url = parse_url(action.request.url);
      if (!url.ok()) {
        const dns::RequestId id = action.id;
        asio::post(io, [&engine, &pump, id, message = url.error().message] {
          engine.on_http_failure(id, message, now_ms());
          pump();
        });
        continue;
      }
      auto exchange = std::make_shared<DohExchange>(io, tls, url.value(), action.request, options_.max_response);
      exchanges.emplace(action.id, exchange);
      exchange->start([&, id = action.id](Result<dns::HttpResponse> result) {
        exchanges.erase(id);
        if (result.ok()) {
          engine.on_http_response(id, result.value(), now_ms());
        } else {
          engine.on_http_failure(id, result.error().message, now_ms());
        }
        pump();
      });
    }
    if (engine.in_flight() == 0 && exchanges.empty()) {
      finished = true;
      timer.cancel();
      return;
    }
    const TimeMs deadline = std::min(engine.next_deadline().value_or(give_up_at), give_up_at);
    timer.expires_after(std::chrono::milliseconds(std::max<TimeMs>(0, deadline - now_ms())));
    timer.async_wait([&](const boost::system::error_code& error) {
      if (error) return;  // re-armed or cancelled
      const TimeMs now = now_ms();
      if (now >= give_up_at) {
        for (auto& [id, exchange] : exchanges) exchange->cancel();
        exchanges.clear();
        io.stop();
        return;
      }
      engine.on_timer(now);
      pump();
    });
  };

  pump();
  io.run();
  return finished;
}

}  // namespace daneel::native
