// TlsProbeSession (smtp/tls_probe_session.h) with scripted conversations:
// greeting, EHLO and STARTTLS through the SMTP session's own code, then the
// probe's ClientHello exactly once and nothing after it, the server's first
// flight (recorded from the world's Postfix) read in every split until
// decided; and every way a probe ends without an answer (a 421 greeting, no
// STARTTLS, an injection, a close, a time-out), which must carry no flight.
#include <catch2/catch_test_macros.hpp>
#include <string>

#include "data/tls/probe_flights.h"
#include "smtp/tls_probe_session.h"
#include "util/encoding.h"

using namespace daneel;
using namespace daneel::smtp;
namespace testdata = daneel::tls::testdata;

namespace {

const std::string kGreeting = "220 mx.example.nl ESMTP Postfix (Debian/GNU)\r\n";
const std::string kEhlo = "250-mx.example.nl\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 CHUNKING\r\n";
const std::string kStarttlsGo = "220 2.0.0 Ready to start TLS\r\n";

const tls::GradingTables& tables() { return tls::ncsc_2025_05(); }

Bytes hello(tls::ProbeKind kind) {
  Bytes entropy(128);
  for (std::size_t i = 0; i < entropy.size(); ++i) entropy[i] = static_cast<std::uint8_t>(i * 7 + 3);
  auto record = make_probe_client_hello(kind, tables(), "mx.example.nl", entropy);
  REQUIRE(record.ok());
  return std::move(record).value();
}

struct Harness {
  explicit Harness(tls::ProbeKind kind = tls::ProbeKind::tls12_worst_first)
      : client_hello(hello(kind)), session(config(kind, client_hello), tables()) {
    session.on_connected(now);
    collect();
  }
  static TlsProbeConfig config(tls::ProbeKind kind, const Bytes& client_hello) {
    TlsProbeConfig c;
    c.kind = kind;
    c.client_hello = client_hello;
    c.ehlo_name = "checker.example";
    return c;
  }
  void server(const std::string& text) { server(as_bytes(text)); }
  void server(ByteView bytes) {
    session.on_bytes(bytes, now);
    collect();
  }
  void collect() {
    const Bytes out = session.take_output();
    sent.insert(sent.end(), out.begin(), out.end());
  }
  void to_starttls() {
    server(kGreeting);
    server(kEhlo);
    server(kStarttlsGo);
  }
  [[nodiscard]] std::string sent_text() const { return {sent.begin(), sent.end()}; }

  Bytes client_hello;
  TlsProbeSession session;
  Bytes sent;
  TimeMs now = 1000;
};

Bytes recorded(std::string_view hex) { return encoding::from_hex(hex).value(); }

}  // namespace

TEST_CASE("probe session: EHLO and STARTTLS by the SMTP session, then the ClientHello once, then nothing") {
  Harness h;
  h.server(kGreeting);
  CHECK(h.sent_text() == "EHLO checker.example\r\n");
  h.server(kEhlo);
  CHECK(h.sent_text() == "EHLO checker.example\r\nSTARTTLS\r\n");
  const std::size_t before_hello = h.sent.size();
  h.server(kStarttlsGo);
  REQUIRE(h.sent.size() == before_hello + h.client_hello.size());
  CHECK(Bytes(h.sent.begin() + static_cast<std::ptrdiff_t>(before_hello), h.sent.end()) == h.client_hello);
  CHECK(h.sent[before_hello] == 0x16);  // a handshake record first, as the relay requires
  CHECK_FALSE(h.session.done());
  REQUIRE(h.session.next_deadline().has_value());

  const Bytes flight = recorded(testdata::kProbeEcdheRsaCbcX25519);
  h.server(ByteView(flight).first(flight.size() - 1));
  CHECK_FALSE(h.session.done());
  h.server(ByteView(flight).last(1));
  REQUIRE(h.session.done());
  CHECK(h.session.wants_close());
  const TlsProbeResult& r = h.session.result();
  CHECK(r.end == ProbeEnd::answered);
  REQUIRE(r.flight.has_value());
  CHECK(r.flight->status == tls::FlightStatus::server_hello_done);
  CHECK(r.flight->cipher_suite == std::optional<std::uint16_t>(0xc028));
  CHECK(r.flight->group == std::optional<std::uint16_t>(0x001d));
  CHECK(r.kind == tls::ProbeKind::tls12_worst_first);
  CHECK(r.smtp.commands.size() == 2);  // EHLO, STARTTLS: no QUIT, nothing after the ClientHello
  CHECK(h.sent.size() == before_hello + h.client_hello.size());
  CHECK(r.flight_bytes == flight.size());
}

TEST_CASE("probe session: every recorded answer decides in every two-part split") {
  for (const std::string_view hex : {testdata::kProbeEcdheRsaCbcX25519, testdata::kProbeDheRsaGcmFfdhe2048,
                                     testdata::kProbeRsaGcm, testdata::kProbeTls13P256,
                                     testdata::kProbeAlertHandshakeFailure}) {
    const Bytes flight = recorded(hex);
    const tls::FlightStatus whole = tls::read_server_flight(flight, tables()).status;
    for (std::size_t cut = 0; cut <= flight.size(); cut += std::max<std::size_t>(1, flight.size() / 97)) {
      Harness h;
      h.to_starttls();
      h.server(ByteView(flight).first(cut));
      if (!h.session.done()) h.server(ByteView(flight).subspan(cut));
      REQUIRE(h.session.done());
      CHECK(h.session.result().end == ProbeEnd::answered);
      CHECK(h.session.result().flight->status == whole);
    }
  }
}

TEST_CASE("probe session: an alert is an answer (refused), not a failure") {
  Harness h(tls::ProbeKind::tls12_insufficient);
  h.to_starttls();
  h.server(recorded(testdata::kProbeAlertHandshakeFailure));
  REQUIRE(h.session.done());
  CHECK(h.session.result().end == ProbeEnd::answered);
  CHECK(h.session.result().flight->status == tls::FlightStatus::alert);
  CHECK(h.session.result().flight->alert_description == std::optional<std::uint8_t>(40));
}

TEST_CASE("probe session: a 421 greeting is the server's rate limit, a 554 a refusal; no ClientHello, no flight") {
  Harness limited;
  limited.server("421 4.7.0 mx.example.nl Error: too many connections from 192.0.2.1\r\n");
  REQUIRE(limited.session.done());
  CHECK(limited.session.result().end == ProbeEnd::rate_limited);
  CHECK_FALSE(limited.session.result().flight.has_value());
  CHECK(limited.sent_text() == "QUIT\r\n");

  Harness refused;
  refused.server("554 5.7.1 go away\r\n");
  CHECK(refused.session.result().end == ProbeEnd::session_refused);
}

TEST_CASE("probe session: no STARTTLS, an injection after the 220, a close and a time-out end without an answer") {
  Harness no_tls;
  no_tls.server(kGreeting);
  no_tls.server("250-mx.example.nl\r\n250 8BITMIME\r\n");
  CHECK(no_tls.session.result().end == ProbeEnd::session_refused);

  Harness injected;
  injected.server(kGreeting);
  injected.server(kEhlo);
  injected.server(kStarttlsGo + "250 injected\r\n");
  REQUIRE(injected.session.done());
  CHECK(injected.session.result().end == ProbeEnd::protocol_error);
  CHECK(injected.session.result().smtp.outcome == Outcome::starttls_injection);
  CHECK(injected.sent_text().find('\x16') == std::string::npos);  // no ClientHello on a tainted stream

  Harness closed;
  closed.to_starttls();
  const Bytes flight = recorded(testdata::kProbeTls13P256);
  closed.server(ByteView(flight).first(20));
  closed.session.on_closed(closed.now);
  CHECK(closed.session.result().end == ProbeEnd::closed);
  CHECK_FALSE(closed.session.result().flight.has_value());

  Harness slow;
  slow.to_starttls();
  const TimeMs deadline = *slow.session.next_deadline();
  slow.session.on_timer(deadline - 1);
  CHECK_FALSE(slow.session.done());
  slow.session.on_timer(deadline);
  CHECK(slow.session.result().end == ProbeEnd::timeout);

  Harness silent;
  silent.session.on_timer(*silent.session.next_deadline());
  CHECK(silent.session.result().end == ProbeEnd::timeout);
}

TEST_CASE("probe session: garbage instead of TLS is a protocol error; a flight beyond the limit is too large") {
  Harness garbage;
  garbage.to_starttls();
  garbage.server(std::string("HTTP/1.1 400 Bad Request\r\n\r\n"));
  CHECK(garbage.session.result().end == ProbeEnd::protocol_error);

  Harness big;
  big.to_starttls();
  // A handshake record header announcing 16 KiB, repeated: never decided, then too large.
  Bytes chunk{0x16, 0x03, 0x03, 0x40, 0x00};
  chunk.resize(5 + 0x4000, 0x0b);
  for (int i = 0; i < 20 && !big.session.done(); ++i) big.server(chunk);
  REQUIRE(big.session.done());
  CHECK(big.session.result().end == ProbeEnd::protocol_error);
}
