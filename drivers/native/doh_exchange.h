// One DNS-over-HTTPS exchange over HTTP/1.1, plain or TLS (Boost.Beast): the
// piece every native driver uses to carry a core DohRequest. Connects to the
// URL's IP literal only; TLS verifies the server against the context's CA
// file and its IP address. Closing the socket (cancel) ends it at once.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cstdint>
#include <functional>
#include <memory>

#include "dns/doh.h"
#include "url.h"
#include "util/result.h"

namespace daneel::native {

class DohExchange : public std::enable_shared_from_this<DohExchange> {
 public:
  using Done = std::function<void(Result<dns::HttpResponse>)>;

  // `url` is the parsed form of request.url; `max_response` bounds the body.
  DohExchange(boost::asio::io_context& io, boost::asio::ssl::context& tls, Url url, const dns::DohRequest& request,
              std::size_t max_response);
  // The same on `executor` (e.g. a strand): every step of the exchange, its
  // `done` and cancel() must then run there (the proxy's io_context has
  // several threads, and cancel() must not race the exchange's own steps).
  DohExchange(const boost::asio::any_io_executor& executor, boost::asio::ssl::context& tls, Url url,
              const dns::DohRequest& request, std::size_t max_response);

  // Runs the exchange; `done` is called once with its outcome, unless cancel()
  // came first. Keep the object owned by a shared_ptr.
  void start(Done done);
  void cancel();

 private:
  using Body = boost::beast::http::vector_body<std::uint8_t>;

  Result<dns::HttpResponse> finish();

  boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
  boost::beast::http::response_parser<Body> parser_;
  Url url_;
  boost::beast::http::request<Body> request_;
  Done done_;
  bool cancelled_ = false;
};

}  // namespace daneel::native
