#include "smtp_driver.h"

#include <array>
#include <boost/asio.hpp>
#include <chrono>
#include <optional>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "doh_driver.h"  // now_ms()

namespace daneel::native {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

std::chrono::milliseconds until(TimeMs deadline) {
  return std::chrono::milliseconds(std::max<TimeMs>(0, deadline - now_ms()));
}

bool connect(asio::io_context& io, tcp::socket& socket, const SmtpDriverOptions& options, std::string& error) {
  boost::system::error_code parse_error;
  const auto address = asio::ip::make_address(options.address, parse_error);
  if (parse_error) {
    error = "not an IP literal: " + options.address;
    return false;
  }
  asio::steady_timer timer(io, std::chrono::milliseconds(options.connect_timeout));
  std::optional<boost::system::error_code> result;
  socket.async_connect(tcp::endpoint(address, options.port), [&](const boost::system::error_code& ec) {
    result = ec;
    timer.cancel();
  });
  timer.async_wait([&](const boost::system::error_code& ec) {
    if (!ec) socket.close();
  });
  io.restart();
  io.run();
  if (!result || *result) {
    error = result ? result->message() : "connect timed out";
    if (result && *result == asio::error::operation_aborted) error = "connect timed out";
    return false;
  }
  return true;
}

}  // namespace

void set_no_delay(int native_handle) {
  const int on = 1;
  ::setsockopt(native_handle, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

void set_quick_ack(int native_handle) {
  const int on = 1;
  ::setsockopt(native_handle, IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);  // Linux; reset by the kernel
}

namespace {

// Both session kinds share the driver contract (on_connected, on_bytes,
// take_output, next_deadline, on_timer, wants_close, on_closed, done).
template <class Session>
SmtpDriverReport run_session(Session& session, const SmtpDriverOptions& options) {
  asio::io_context io;
  tcp::socket socket(io);
  SmtpDriverReport report;
  if (!connect(io, socket, options, report.error)) return report;
  report.connected = true;
  // Small request/response exchanges: send each command at once, and ACK at
  // once so a server's Nagle algorithm does not hold its next small write
  // (e.g. the EHLO reply after TLS 1.3 session tickets) for a delayed ACK.
  set_no_delay(socket.native_handle());
  const auto quick_ack = [&socket] { set_quick_ack(socket.native_handle()); };
  session.on_connected(now_ms());

  std::array<std::uint8_t, 16 * 1024> buffer{};
  asio::steady_timer timer(io);
  // Each round: send what the session wrote, then wait for bytes or its deadline.
  while (true) {
    if (const Bytes out = session.take_output(); !out.empty()) {
      boost::system::error_code ec;
      asio::write(socket, asio::buffer(out), ec);
      if (ec) session.on_closed(now_ms());
    }
    if (session.done() || session.wants_close()) break;
    const auto deadline = session.next_deadline();
    quick_ack();
    std::optional<boost::system::error_code> read_error;
    std::size_t received = 0;
    bool timer_fired = false;
    socket.async_read_some(asio::buffer(buffer), [&](const boost::system::error_code& ec, std::size_t n) {
      read_error = ec;
      received = n;
      timer.cancel();
    });
    timer.expires_after(deadline ? until(*deadline) : std::chrono::milliseconds(60'000));
    timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      timer_fired = true;
      socket.cancel();
    });
    io.restart();
    io.run();
    if (read_error && !*read_error && received > 0) {
      session.on_bytes(ByteView(buffer.data(), received), now_ms());
    } else if (read_error && *read_error != asio::error::operation_aborted) {
      session.on_closed(now_ms());  // EOF or reset
    }
    if (timer_fired) session.on_timer(now_ms());
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
  return report;
}

}  // namespace

SmtpDriverReport run_smtp_session(smtp::SmtpSession& session, const SmtpDriverOptions& options) {
  return run_session(session, options);
}

SmtpDriverReport run_smtp_session(smtp::TlsProbeSession& session, const SmtpDriverOptions& options) {
  return run_session(session, options);
}

}  // namespace daneel::native
