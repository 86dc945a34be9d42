#include "check_driver.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <array>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "doh_driver.h"  // now_ms()
#include "smtp_driver.h"  // socket tuning
#include "url.h"

namespace daneel::native {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

using Body = http::vector_body<std::uint8_t>;

// One DoH exchange as a coroutine; closing the stream's socket cancels it.
struct DohCall : std::enable_shared_from_this<DohCall> {
  DohCall(asio::io_context& io, asio::ssl::context& tls) : stream(io, tls) {}
  beast::ssl_stream<beast::tcp_stream> stream;
  bool cancelled = false;

  asio::awaitable<dns::HttpResponse> perform(Url url, http::request<Body> request, std::size_t max_response) {
    auto& tcp_stream = beast::get_lowest_layer(stream);
    co_await tcp_stream.async_connect(tcp::endpoint(asio::ip::make_address(url.host), url.port), asio::use_awaitable);
    http::response_parser<Body> parser;
    parser.body_limit(max_response);
    parser.header_limit(8192);
    beast::flat_buffer buffer;
    if (url.https) {
      stream.set_verify_mode(asio::ssl::verify_peer);
      stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
      co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
      co_await http::async_write(stream, request, asio::use_awaitable);
      co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    } else {
      co_await http::async_write(tcp_stream, request, asio::use_awaitable);
      co_await http::async_read(tcp_stream, buffer, parser, asio::use_awaitable);
    }
    dns::HttpResponse out;
    out.status = static_cast<int>(parser.get().result_int());
    out.content_type = std::string(parser.get()[http::field::content_type]);
    out.body = std::move(parser.get().body());
    beast::error_code ignored;
    tcp_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return out;
  }
};

http::request<Body> to_http(const dns::DohRequest& doh, const Url& url) {
  http::request<Body> request;
  request.method(doh.method == dns::HttpMethod::post ? http::verb::post : http::verb::get);
  request.target(url.target);
  request.version(11);
  request.set(http::field::host, url.host.find(':') == std::string::npos ? url.host : "[" + url.host + "]");
  request.set(http::field::accept, dns::kDnsMessageMediaType);
  request.set(http::field::user_agent, "daneel-check-driver");
  if (doh.method == dns::HttpMethod::post) {
    request.set(http::field::content_type, dns::kDnsMessageMediaType);
    request.body() = doh.body;
  }
  request.prepare_payload();
  return request;
}

// What a DoH coroutine ends with (default-constructible for co_spawn).
struct DohOutcome {
  std::optional<dns::HttpResponse> response;
  std::string error;
};

// One SMTP connection: connect, read loop, ordered writes.
struct Connection {
  explicit Connection(asio::io_context& io) : socket(io) {}
  tcp::socket socket;
  std::array<std::uint8_t, 16 * 1024> buffer{};
  std::deque<Bytes> writes;
  bool writing = false;
  bool closed = false;
};

}  // namespace

CheckDriverReport run_check(check::CheckIo& check, const CheckDriverOptions& options) {
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_options(asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  if (!options.ca_file.empty()) tls.load_verify_file(options.ca_file);
  asio::io_context io;
  asio::steady_timer timer(io);
  CheckDriverReport report;
  const TimeMs started = now_ms();
  const TimeMs give_up_at = started + options.max_run;
  std::map<dns::RequestId, std::shared_ptr<DohCall>> calls;
  std::map<check::ConnectionId, std::shared_ptr<Connection>> connections;
  std::function<void()> pump;

  const auto close_connection = [&](check::ConnectionId id) {
    auto it = connections.find(id);
    if (it == connections.end()) return;
    it->second->closed = true;
    boost::system::error_code ignored;
    it->second->socket.shutdown(tcp::socket::shutdown_both, ignored);
    it->second->socket.close(ignored);
    connections.erase(it);
  };

  std::function<void(check::ConnectionId, std::shared_ptr<Connection>)> read_more =
      [&](check::ConnectionId id, std::shared_ptr<Connection> c) {
        set_quick_ack(c->socket.native_handle());
        c->socket.async_read_some(asio::buffer(c->buffer), [&, id, c](const boost::system::error_code& ec, std::size_t n) {
          if (c->closed) return;
          if (!ec && n > 0) {
            check.on_bytes(id, ByteView(c->buffer.data(), n), now_ms());
            if (!c->closed) read_more(id, c);
          } else {
            close_connection(id);
            check.on_closed(id, now_ms());
          }
          pump();
        });
      };

  std::function<void(check::ConnectionId, std::shared_ptr<Connection>)> write_next =
      [&](check::ConnectionId id, std::shared_ptr<Connection> c) {
        if (c->writing || c->writes.empty() || c->closed) return;
        c->writing = true;
        asio::async_write(c->socket, asio::buffer(c->writes.front()),
                          [&, id, c](const boost::system::error_code& ec, std::size_t) {
                            c->writing = false;
                            if (c->closed) return;
                            c->writes.pop_front();
                            if (ec) {
                              close_connection(id);
                              check.on_closed(id, now_ms());
                              pump();
                              return;
                            }
                            write_next(id, c);
                          });
      };

  const auto perform = [&](check::Action& action) {
    if (auto* doh = std::get_if<check::DohExchange>(&action)) {
      ++report.doh_exchanges;
      const dns::RequestId id = doh->id;
      auto url = parse_url(doh->request.url);
      if (!url.ok()) {
        asio::post(io, [&, id, message = url.error().message] {
          check.on_doh_failure(id, message, now_ms());
          pump();
        });
        return;
      }
      auto call = std::make_shared<DohCall>(io, tls);
      calls[id] = call;
      asio::co_spawn(
          io,
          [call, url = url.value(), request = to_http(doh->request, url.value()),
           max = options.max_response]() mutable -> asio::awaitable<DohOutcome> {
            DohOutcome outcome;
            try {
              outcome.response = co_await call->perform(std::move(url), std::move(request), max);
            } catch (const std::exception& error) {
              outcome.error = error.what();
            }
            co_return outcome;
          },
          [&, id, call](std::exception_ptr, DohOutcome outcome) {
            if (call->cancelled) return;
            calls.erase(id);
            if (outcome.response) check.on_doh_response(id, *outcome.response, now_ms());
            else check.on_doh_failure(id, outcome.error.empty() ? "the exchange failed" : outcome.error, now_ms());
            pump();
          });
    } else if (auto* cancel = std::get_if<check::CancelDoh>(&action)) {
      if (auto it = calls.find(cancel->id); it != calls.end()) {
        it->second->cancelled = true;
        beast::get_lowest_layer(it->second->stream).close();
        calls.erase(it);
      }
    } else if (auto* open = std::get_if<check::OpenConnection>(&action)) {
      ++report.connections;
      const check::ConnectionId id = open->id;
      boost::system::error_code parse_error;
      const auto address = asio::ip::make_address(open->address, parse_error);
      if (parse_error) {
        asio::post(io, [&, id, text = open->address] {
          check.on_connect_failed(id, "not an IP literal: " + text, now_ms());
          pump();
        });
        return;
      }
      auto c = std::make_shared<Connection>(io);
      connections[id] = c;
      c->socket.async_connect(tcp::endpoint(address, open->port), [&, id, c](const boost::system::error_code& ec) {
        if (c->closed) return;
        if (ec) {
          close_connection(id);
          check.on_connect_failed(id, ec.message(), now_ms());
        } else {
          set_no_delay(c->socket.native_handle());
          check.on_connected(id, now_ms());
          if (!c->closed) {
            read_more(id, c);
            write_next(id, c);
          }
        }
        pump();
      });
    } else if (auto* send = std::get_if<check::SendBytes>(&action)) {
      if (auto it = connections.find(send->id); it != connections.end()) {
        it->second->writes.push_back(std::move(send->data));
        if (it->second->socket.is_open()) write_next(send->id, it->second);
      }
    } else if (auto* close = std::get_if<check::CloseConnection>(&action)) {
      close_connection(close->id);
    }
  };

  pump = [&] {
    for (int round = 0; round < 4; ++round) {
      auto actions = check.take_actions();
      if (actions.empty()) break;
      for (auto& action : actions) perform(action);
    }
    (void)check.take_progress();
    if (check.done()) {
      report.finished = true;
      io.stop();
      return;
    }
    const TimeMs deadline = std::min(check.next_deadline().value_or(give_up_at), give_up_at);
    timer.expires_after(std::chrono::milliseconds(std::max<TimeMs>(0, deadline - now_ms())));
    timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;  // re-armed
      if (now_ms() >= give_up_at) {
        io.stop();
        return;
      }
      check.on_timer(now_ms());
      pump();
    });
  };

  pump();
  if (!report.finished) io.run();
  for (auto& [id, call] : calls) {
    call->cancelled = true;
    beast::get_lowest_layer(call->stream).close();
  }
  for (auto& [id, c] : connections) {
    c->closed = true;
    boost::system::error_code ignored;
    c->socket.close(ignored);
  }
  report.wall_ms = now_ms() - started;
  return report;
}

}  // namespace daneel::native
