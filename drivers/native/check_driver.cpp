#include "check_driver.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <array>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "doh_driver.h"  // now_ms()
#include "doh_exchange.h"
#include "smtp_driver.h"  // socket tuning
#include "url.h"

namespace daneel::native {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// Who ended a connection, from the socket's error (check/connection_end.h):
// the local network is named only where the error says the route or the
// address family is missing here; an error that says nothing about either
// side is not pinned on the mail server either.
check::CloseReason close_reason(const boost::system::error_code& ec) {
  namespace error = asio::error;
  using check::CloseCause;
  CloseCause cause = CloseCause::local_network;
  if (!ec || ec == error::eof) cause = CloseCause::server_closed;
  else if (ec == error::connection_refused || ec == error::connection_reset || ec == error::broken_pipe)
    cause = CloseCause::server_reset;
  else if (ec == error::timed_out || ec == error::host_unreachable)
    cause = CloseCause::server_silent;
  return check::CloseReason{cause, 0, ec ? ec.message() : std::string("end of stream")};
}

// One SMTP connection: connect, read loop, ordered writes.
struct Connection {
  explicit Connection(asio::io_context& io) : socket(io) {}
  tcp::socket socket;
  std::array<std::uint8_t, 16 * 1024> buffer{};
  std::deque<Bytes> writes;
  bool writing = false;
  bool closed = false;
  bool close_when_written = false;  // CloseConnection came while bytes were still queued
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
  std::map<dns::RequestId, std::shared_ptr<DohExchange>> calls;
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
            check.on_closed(id, close_reason(ec), now_ms());
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
                              check.on_closed(id, close_reason(ec), now_ms());
                              pump();
                              return;
                            }
                            if (c->writes.empty() && c->close_when_written) return close_connection(id);
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
      auto call = std::make_shared<DohExchange>(io, tls, url.value(), doh->request, options.max_response);
      calls[id] = call;
      call->start([&, id](Result<dns::HttpResponse> result) {
        calls.erase(id);
        if (result.ok()) check.on_doh_response(id, result.value(), now_ms());
        else check.on_doh_failure(id, result.error().message, now_ms());
        pump();
      });
    } else if (auto* cancel = std::get_if<check::CancelDoh>(&action)) {
      if (auto it = calls.find(cancel->id); it != calls.end()) {
        it->second->cancel();
        calls.erase(it);
      }
    } else if (auto* open = std::get_if<check::OpenConnection>(&action)) {
      ++report.connections;
      const check::ConnectionId id = open->id;
      boost::system::error_code parse_error;
      const auto address = asio::ip::make_address(open->address, parse_error);
      if (parse_error) {
        asio::post(io, [&, id, text = open->address] {
          check.on_connect_failed(
              id, check::CloseReason{check::CloseCause::local_network, 0, "not an IP literal: " + text}, now_ms());
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
          check.on_connect_failed(id, close_reason(ec), now_ms());
        } else {
          set_no_delay(c->socket.native_handle());
          check.on_connected(id, {}, now_ms());
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
      // The last bytes (QUIT, close_notify) go out before the connection closes.
      auto it = connections.find(close->id);
      if (it != connections.end() && !it->second->writes.empty()) {
        it->second->close_when_written = true;
      } else {
        close_connection(close->id);
      }
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
  for (auto& [id, call] : calls) call->cancel();
  for (auto& [id, c] : connections) {
    c->closed = true;
    boost::system::error_code ignored;
    c->socket.close(ignored);
  }
  report.wall_ms = now_ms() - started;
  return report;
}

}  // namespace daneel::native
