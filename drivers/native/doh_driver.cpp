#include "doh_driver.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <map>
#include <memory>

#include "url.h"

namespace daneel::native {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

TimeMs now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

using Request = http::request<http::vector_body<std::uint8_t>>;
using Response = http::response<http::vector_body<std::uint8_t>>;

Request make_http_request(const dns::DohRequest& doh, const Url& url) {
  Request request;
  request.method(doh.method == dns::HttpMethod::post ? http::verb::post : http::verb::get);
  request.target(url.target);
  request.version(11);
  request.set(http::field::host, url.host.find(':') == std::string::npos ? url.host : "[" + url.host + "]");
  request.set(http::field::accept, dns::kDnsMessageMediaType);
  request.set(http::field::user_agent, "daneel-native-driver");
  if (doh.method == dns::HttpMethod::post) {
    request.set(http::field::content_type, dns::kDnsMessageMediaType);
    request.body() = doh.body;
  }
  request.prepare_payload();
  return request;
}

// One exchange: connect, (TLS), write, read. Closing the socket cancels it.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  using Done = std::function<void(dns::RequestId, Result<dns::HttpResponse>)>;

  Exchange(asio::io_context& io, asio::ssl::context& tls, dns::RequestId id, Url url, Request request,
           std::size_t max_response, Done done)
      : tls_stream_(io, tls), id_(id), url_(std::move(url)), request_(std::move(request)), done_(std::move(done)) {
    parser_.body_limit(max_response);
    parser_.header_limit(8192);
  }

  void start() {
    asio::co_spawn(tls_stream_.get_executor(), run(shared_from_this()), asio::detached);
  }

  void cancel() {
    cancelled_ = true;
    beast::get_lowest_layer(tls_stream_).close();
  }

 private:
  static asio::awaitable<void> run(std::shared_ptr<Exchange> self) {
    Result<dns::HttpResponse> result = make_error(Errc::internal, "not run");
    try {
      result = co_await self->exchange();
    } catch (const std::exception& error) {
      result = make_error(Errc::invalid_argument, error.what());
    }
    if (!self->cancelled_) self->done_(self->id_, std::move(result));
  }

  asio::awaitable<Result<dns::HttpResponse>> exchange() {
    auto& tcp = beast::get_lowest_layer(tls_stream_);
    const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(url_.host), url_.port);
    co_await tcp.async_connect(endpoint, asio::use_awaitable);
    beast::flat_buffer buffer;
    if (url_.https) {
      // Verify the server's certificate against the CA file and its IP address.
      tls_stream_.set_verify_mode(asio::ssl::verify_peer);
      tls_stream_.set_verify_callback(asio::ssl::host_name_verification(url_.host));
      co_await tls_stream_.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
      co_await http::async_write(tls_stream_, request_, asio::use_awaitable);
      co_await http::async_read(tls_stream_, buffer, parser_, asio::use_awaitable);
    } else {
      co_await http::async_write(tcp, request_, asio::use_awaitable);
      co_await http::async_read(tcp, buffer, parser_, asio::use_awaitable);
    }
    Response& response = parser_.get();
    dns::HttpResponse out;
    out.status = static_cast<int>(response.result_int());
    out.content_type = std::string(response[http::field::content_type]);
    out.body = std::move(response.body());
    beast::error_code ignored;
    tcp.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    co_return out;
  }

  beast::ssl_stream<beast::tcp_stream> tls_stream_;
  http::response_parser<http::vector_body<std::uint8_t>> parser_;
  dns::RequestId id_;
  Url url_;
  Request request_;
  Done done_;
  bool cancelled_ = false;
};

}  // namespace

bool DohDriver::run(dns::QueryEngine& engine) {
  // The TLS context outlives the io_context, whose destruction frees any
  // exchange still suspended (and with it the TLS stream using the context).
  asio::ssl::context tls(asio::ssl::context::tls_client);
  asio::io_context io;
  tls.set_options(asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  if (!options_.ca_file.empty()) tls.load_verify_file(options_.ca_file);

  std::map<dns::RequestId, std::shared_ptr<Exchange>> exchanges;
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
      auto exchange = std::make_shared<Exchange>(
          io, tls, action.id, url.value(), make_http_request(action.request, url.value()), options_.max_response,
          [&](dns::RequestId id, Result<dns::HttpResponse> result) {
            exchanges.erase(id);
            if (result.ok()) {
              engine.on_http_response(id, result.value(), now_ms());
            } else {
              engine.on_http_failure(id, result.error().message, now_ms());
            }
            pump();
          });
      exchanges.emplace(action.id, exchange);
      exchange->start();
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
