#include "doh_exchange.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>

namespace daneel::native {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// RFC 8484 §4.1: Accept on every request, Content-Type on POST.
http::request<http::vector_body<std::uint8_t>> to_http(const dns::DohRequest& doh, const Url& url) {
  http::request<http::vector_body<std::uint8_t>> request;
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

}  // namespace

DohExchange::DohExchange(asio::io_context& io, asio::ssl::context& tls, Url url, const dns::DohRequest& request,
                         std::size_t max_response)
    : stream_(io, tls), url_(std::move(url)), request_(to_http(request, url_)) {
  parser_.body_limit(max_response);
  parser_.header_limit(8192);
}

DohExchange::DohExchange(const asio::any_io_executor& executor, asio::ssl::context& tls, Url url,
                         const dns::DohRequest& request, std::size_t max_response)
    : stream_(executor, tls), url_(std::move(url)), request_(to_http(request, url_)) {
  parser_.body_limit(max_response);
  parser_.header_limit(8192);
}

void DohExchange::start(Done done) {
  done_ = std::move(done);
  asio::co_spawn(
      stream_.get_executor(),
      [self = shared_from_this()]() -> asio::awaitable<void> {
        Result<dns::HttpResponse> result = make_error(Errc::internal, "not run");
        try {
          auto& tcp = beast::get_lowest_layer(self->stream_);
          co_await tcp.async_connect(
              asio::ip::tcp::endpoint(asio::ip::make_address(self->url_.host), self->url_.port), asio::use_awaitable);
          beast::flat_buffer buffer;
          if (self->url_.https) {
            self->stream_.set_verify_mode(asio::ssl::verify_peer);
            self->stream_.set_verify_callback(asio::ssl::host_name_verification(self->url_.host));
            co_await self->stream_.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
            co_await http::async_write(self->stream_, self->request_, asio::use_awaitable);
            co_await http::async_read(self->stream_, buffer, self->parser_, asio::use_awaitable);
          } else {
            co_await http::async_write(tcp, self->request_, asio::use_awaitable);
            co_await http::async_read(tcp, buffer, self->parser_, asio::use_awaitable);
          }
          result = self->finish();
        } catch (const std::exception& error) {
          result = make_error(Errc::invalid_argument, error.what());
        }
        if (!self->cancelled_) self->done_(std::move(result));
      },
      asio::detached);
}

void DohExchange::cancel() {
  cancelled_ = true;
  beast::get_lowest_layer(stream_).close();
}

Result<dns::HttpResponse> DohExchange::finish() {
  auto& response = parser_.get();
  dns::HttpResponse out;
  out.status = static_cast<int>(response.result_int());
  out.content_type = std::string(response[http::field::content_type]);
  out.body = std::move(response.body());
  beast::error_code ignored;
  beast::get_lowest_layer(stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  return out;
}

}  // namespace daneel::native
