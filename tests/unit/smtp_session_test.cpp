// SmtpSession with recorded conversations, friendly and hostile: every
// outcome, every phase's time-out and close, splits at every byte boundary,
// STARTTLS injection, and the bounds on what the session holds.
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

#include "smtp/smtp_session.h"

using namespace daneel;
using namespace daneel::smtp;

namespace {

// A Postfix 3.7 conversation as the world's servers answer (tests/world).
const std::string kGreeting = "220 mx.example.nl ESMTP Postfix (Debian/GNU)\r\n";
const std::string kEhlo =
    "250-mx.example.nl\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n250-STARTTLS\r\n"
    "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n";
const std::string kEhloWithoutStarttls = "250-mx.example.nl\r\n250-PIPELINING\r\n250 8BITMIME\r\n";
const std::string kStarttlsGo = "220 2.0.0 Ready to start TLS\r\n";
const std::string kBye = "221 2.0.0 Bye\r\n";

SmtpConfig test_config() {
  SmtpConfig config;
  config.ehlo_name = "checker.example";
  config.tls.server_name = "mx.example.nl";
  return config;
}

struct Harness {
  explicit Harness(SmtpConfig config = test_config()) : session(std::move(config)) {
    session.on_connected(now);
    collect();
  }
  void server(const std::string& bytes) {
    session.on_bytes(as_bytes(bytes), now);
    collect();
  }
  void collect() {
    const Bytes out = session.take_output();
    if (!out.empty()) last_output.assign(out.begin(), out.end());
    sent.insert(sent.end(), out.begin(), out.end());
    max_buffered = std::max(max_buffered, session.buffered_bytes());
  }
  // Lets time run to the session's next deadline.
  void wait_for_deadline() {
    REQUIRE(session.next_deadline().has_value());
    now = *session.next_deadline();
    session.on_timer(now);
    collect();
  }
  [[nodiscard]] std::string sent_text() const { return std::string(sent.begin(), sent.end()); }
  [[nodiscard]] const SmtpResult& result() const { return session.result(); }

  SmtpSession session;
  TimeMs now = 1'700'000'000'000;
  Bytes sent;
  std::string last_output;
  std::size_t max_buffered = 0;
};

bool looks_like_client_hello(const std::string& bytes) {
  // RFC 8446 §5.1: handshake record (22), legacy version 3.x; handshake type 1.
  return bytes.size() > 9 && bytes[0] == 0x16 && bytes[1] == 0x03 && bytes[5] == 0x01;
}

// Drives a harness to the point where TLS has started (ClientHello sent).
void reach_tls(Harness& h) {
  h.server(kGreeting);
  h.server(kEhlo);
  h.server(kStarttlsGo);
  REQUIRE(h.session.phase() == Phase::tls_handshake);
  REQUIRE(looks_like_client_hello(h.last_output));
}

void never_sent_mail_commands(const Harness& h) {
  const std::string text = h.sent_text();
  for (const char* command : {"MAIL ", "RCPT ", "DATA", "HELO "}) CHECK(text.find(command) == std::string::npos);
}

}  // namespace

TEST_CASE("session: greeting, EHLO, STARTTLS, then TLS starts with a ClientHello") {
  Harness h;
  CHECK(h.session.next_deadline() == h.now + SmtpTimeouts{}.greeting);
  h.server(kGreeting);
  CHECK(h.last_output == "EHLO checker.example\r\n");
  h.server(kEhlo);
  CHECK(h.last_output == "STARTTLS\r\n");
  REQUIRE(h.result().ehlo.has_value());
  CHECK(h.result().ehlo->has("PIPELINING"));
  CHECK(h.result().ehlo->size() == 10240000u);
  h.server(kStarttlsGo);
  CHECK(looks_like_client_hello(h.last_output));
  CHECK(h.session.phase() == Phase::tls_handshake);
  CHECK(h.session.next_deadline() == h.now + SmtpTimeouts{}.tls_handshake);
  CHECK(h.result().replies.size() == 3);
  CHECK(h.result().commands.size() == 2);
  never_sent_mail_commands(h);
}

TEST_CASE("session: every reply split at every byte boundary, and byte by byte") {
  const std::vector<std::string> script{kGreeting, kEhlo, kStarttlsGo};
  for (std::size_t which = 0; which < script.size(); ++which) {
    for (std::size_t cut = 0; cut <= script[which].size(); ++cut) {
      INFO("reply " << which << " cut at " << cut);
      Harness h;
      for (std::size_t i = 0; i < script.size(); ++i) {
        if (i == which) {
          h.server(script[i].substr(0, cut));
          h.server(script[i].substr(cut));
        } else {
          h.server(script[i]);
        }
      }
      REQUIRE(h.session.phase() == Phase::tls_handshake);
      CHECK(looks_like_client_hello(h.last_output));
    }
  }
  Harness h;
  for (const auto& reply : script) {
    for (const char c : reply) h.server(std::string(1, c));
  }
  REQUIRE(h.session.phase() == Phase::tls_handshake);
  CHECK(looks_like_client_hello(h.last_output));
  CHECK(h.result().ehlo->starttls());
}

TEST_CASE("session: STARTTLS not offered -> no_starttls, then QUIT") {
  Harness h;
  h.server(kGreeting);
  h.server(kEhloWithoutStarttls);
  CHECK(h.last_output == "QUIT\r\n");
  CHECK_FALSE(h.session.done());
  h.server(kBye);
  REQUIRE(h.session.done());
  CHECK(h.session.wants_close());
  CHECK(h.result().outcome == Outcome::no_starttls);
  CHECK(h.result().phase == Phase::ehlo);
  CHECK(h.result().quit_acknowledged);
  never_sent_mail_commands(h);
}

TEST_CASE("session: without waiting for the QUIT reply, the session ends when QUIT is sent") {
  SmtpConfig config = test_config();
  config.await_quit_reply = false;
  Harness h(config);
  h.server(kGreeting);
  h.server(kEhloWithoutStarttls);
  CHECK(h.last_output == "QUIT\r\n");
  REQUIRE(h.session.done());
  CHECK(h.session.wants_close());
  CHECK(h.result().outcome == Outcome::no_starttls);
  CHECK(h.result().phase == Phase::ehlo);
  CHECK_FALSE(h.result().quit_acknowledged);
  h.server(kBye);  // a late 221 changes nothing
  CHECK(h.result().outcome == Outcome::no_starttls);
}

TEST_CASE("session: STARTTLS refused with 454 -> starttls_refused") {
  Harness h;
  h.server(kGreeting);
  h.server(kEhlo);
  h.server("454 4.7.0 TLS not available due to local problem\r\n");
  CHECK(h.last_output == "QUIT\r\n");
  h.server(kBye);
  REQUIRE(h.session.done());
  CHECK(h.result().outcome == Outcome::starttls_refused);
  CHECK(h.result().detail.find("454") != std::string::npos);
}

TEST_CASE("session: greeting 554 or 421 -> greeting_rejected with the text") {
  for (const char* text : {"554 5.7.1 No SMTP service here\r\n", "421 4.3.2 Service shutting down\r\n",
                           "554-mx.example.nl\r\n554 go away\r\n"}) {
    const std::string greeting = text;
    INFO(greeting);
    Harness h;
    h.server(greeting);
    CHECK(h.last_output == "QUIT\r\n");  // RFC 5321 §3.1
    h.session.on_closed(h.now);
    REQUIRE(h.session.done());
    CHECK(h.result().outcome == Outcome::greeting_rejected);
    CHECK(h.result().phase == Phase::greeting);
    CHECK(h.result().detail.find(greeting.substr(0, 3)) != std::string::npos);
  }
}

TEST_CASE("session: EHLO rejected -> ehlo_failed, no HELO fallback") {
  Harness h;
  h.server(kGreeting);
  h.server("502 5.5.2 Error: command not recognized\r\n");
  CHECK(h.last_output == "QUIT\r\n");
  h.server(kBye);
  CHECK(h.result().outcome == Outcome::ehlo_failed);
  never_sent_mail_commands(h);
}

TEST_CASE("session: 421 mid-conversation gives the phase's outcome") {
  {
    Harness h;
    h.server(kGreeting);
    h.server("421 4.4.2 mx.example.nl Error: timeout exceeded\r\n");
    h.session.on_closed(h.now);
    CHECK(h.result().outcome == Outcome::ehlo_failed);
  }
  {
    Harness h;
    h.server(kGreeting);
    h.server(kEhlo);
    h.server("421 4.3.0 Server shutting down\r\n");
    h.session.on_closed(h.now);
    CHECK(h.result().outcome == Outcome::starttls_refused);
    CHECK(h.result().phase == Phase::starttls);
  }
}

TEST_CASE("session: bytes after the STARTTLS 220 are an injection, not TLS") {
  Harness h;
  h.server(kGreeting);
  h.server(kEhlo);
  h.server(kStarttlsGo + "250 2.1.0 injected\r\n");
  REQUIRE(h.session.done());
  CHECK(h.session.wants_close());
  CHECK(h.result().outcome == Outcome::starttls_injection);
  CHECK(h.result().injected_bytes == 20);
  CHECK(std::string(h.result().injected_sample.begin(), h.result().injected_sample.end()) == "250 2.1.0 injected\r\n");
  CHECK(h.sent_text().ends_with("STARTTLS\r\n"));  // no ClientHello on a tainted stream
}

TEST_CASE("session: unsolicited data after a reply is refused") {
  Harness h;
  h.server(kGreeting + "250 I did not wait\r\n");
  REQUIRE(h.session.done());
  CHECK(h.result().outcome == Outcome::protocol_error);
  CHECK(h.result().phase == Phase::greeting);
}

TEST_CASE("session: hostile replies stay within the bounds") {
  const SmtpLimits limits;
  SECTION("endless multi-line EHLO reply") {
    Harness h;
    h.server(kGreeting);
    for (int i = 0; i < 100'000 && !h.session.done(); ++i) h.server("250-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n");
    REQUIRE(h.session.done());
    CHECK(h.result().outcome == Outcome::too_many_lines);
    CHECK(h.max_buffered <= limits.max_reply_lines * 40 + limits.max_line);
  }
  SECTION("a 1 MB greeting line") {
    Harness h;
    h.server("220 " + std::string(1'000'000, 'x') + "\r\n");
    REQUIRE(h.session.done());
    CHECK(h.result().outcome == Outcome::line_too_long);
    CHECK(h.max_buffered <= limits.max_line);
  }
  SECTION("a 1 MB line in 1 KiB pieces") {
    Harness h;
    for (int i = 0; i < 1024 && !h.session.done(); ++i) h.server(std::string(1024, 'x'));
    REQUIRE(h.session.done());
    CHECK(h.result().outcome == Outcome::line_too_long);
    CHECK(h.max_buffered <= limits.max_line);
  }
  SECTION("NUL and non-ASCII bytes in a greeting are kept and flagged") {
    Harness h;
    h.server(std::string("220 mx \0\xff\xfe caf\xc3\xa9\r\n", 18));
    CHECK(h.last_output == "EHLO checker.example\r\n");
    CHECK(h.result().replies[0].non_ascii);
  }
  SECTION("binary garbage instead of a greeting") {
    Harness h;
    h.server(std::string("\x16\x03\x01\x00\x05hello\n", 11));
    CHECK(h.result().outcome == Outcome::protocol_error);
  }
  SECTION("more bytes per phase than allowed") {
    SmtpConfig config = test_config();
    config.limits.max_phase_bytes = 100;
    Harness h(config);
    h.server(std::string(200, '2'));
    CHECK(h.result().outcome == Outcome::protocol_error);
  }
}

TEST_CASE("session: the server is silent at each phase") {
  SECTION("greeting") {
    Harness h;
    h.wait_for_deadline();
    CHECK(h.result().outcome == Outcome::no_greeting);
    CHECK(h.session.wants_close());
  }
  SECTION("half a greeting") {
    Harness h;
    h.server("220 mx.exa");
    h.wait_for_deadline();
    CHECK(h.result().outcome == Outcome::no_greeting);
    CHECK(h.result().detail.find("not complete") != std::string::npos);
  }
  SECTION("EHLO") {
    Harness h;
    h.server(kGreeting);
    h.wait_for_deadline();
    CHECK(h.result().outcome == Outcome::timeout);
    CHECK(h.result().phase == Phase::ehlo);
  }
  SECTION("STARTTLS") {
    Harness h;
    h.server(kGreeting);
    h.server(kEhlo);
    h.wait_for_deadline();
    CHECK(h.result().outcome == Outcome::timeout);
    CHECK(h.result().phase == Phase::starttls);
  }
  SECTION("TLS handshake") {
    Harness h;
    reach_tls(h);
    h.wait_for_deadline();
    CHECK(h.result().outcome == Outcome::timeout);
    CHECK(h.result().phase == Phase::tls_handshake);
  }
  SECTION("QUIT: the outcome decided before stays") {
    Harness h;
    h.server(kGreeting);
    h.server(kEhloWithoutStarttls);
    h.wait_for_deadline();
    REQUIRE(h.session.done());
    CHECK(h.result().outcome == Outcome::no_starttls);
    CHECK_FALSE(h.result().quit_acknowledged);
  }
  SECTION("a timer before the deadline does nothing") {
    Harness h;
    h.session.on_timer(h.now + 1);
    CHECK_FALSE(h.session.done());
  }
  SECTION("the whole-session cap") {
    SmtpConfig config = test_config();
    config.timeouts.session = 10'000;
    Harness h(config);
    h.server(kGreeting);
    CHECK(h.session.next_deadline() == h.now + 10'000);
    h.wait_for_deadline();
    CHECK(h.result().outcome == Outcome::timeout);
    CHECK(h.result().detail.find("session") != std::string::npos);
  }
}

TEST_CASE("session: the server closes at each phase") {
  const auto closed_in = [](const std::vector<std::string>& replies, Phase expected) {
    Harness h;
    for (const auto& reply : replies) h.server(reply);
    h.session.on_closed(h.now);
    REQUIRE(h.session.done());
    CHECK(h.result().outcome == Outcome::closed_early);
    CHECK(h.result().phase == expected);
  };
  closed_in({}, Phase::greeting);
  closed_in({"220-partial\r\n"}, Phase::greeting);
  closed_in({kGreeting}, Phase::ehlo);
  closed_in({kGreeting, kEhlo}, Phase::starttls);
  closed_in({kGreeting, kEhlo, kStarttlsGo}, Phase::tls_handshake);
  // After QUIT the close is expected: the decided outcome stays.
  Harness h;
  h.server(kGreeting);
  h.server(kEhloWithoutStarttls);
  h.session.on_closed(h.now);
  CHECK(h.result().outcome == Outcome::no_starttls);
}

TEST_CASE("session: garbage or an alert instead of a ServerHello -> handshake_failed") {
  SECTION("an SMTP reply where TLS should be") {
    Harness h;
    reach_tls(h);
    h.server("250 2.0.0 Ok\r\n");
    REQUIRE(h.session.done());
    CHECK(h.result().outcome == Outcome::handshake_failed);
    REQUIRE(h.result().tls_failure.has_value());
    CHECK(h.result().tls_failure->mbedtls_error != 0);
    CHECK_FALSE(h.result().tls_failure->reason.empty());
  }
  SECTION("a fatal handshake_failure alert") {
    Harness h;
    reach_tls(h);
    h.server(std::string("\x15\x03\x03\x00\x02\x02\x28", 7));
    REQUIRE(h.session.done());
    CHECK(h.result().outcome == Outcome::handshake_failed);
    REQUIRE(h.result().tls_failure.has_value());
    CHECK(h.result().tls_failure->alert_received == 40);
    CHECK(h.result().tls_failure->reason.find("handshake_failure") != std::string::npos);
  }
  SECTION("an oversized handshake") {
    SmtpConfig config = test_config();
    config.tls.limits.max_handshake_bytes = 1000;
    Harness h(config);
    reach_tls(h);
    // A handshake record announcing 16 KiB, sent in pieces: refused at the cap.
    h.server(std::string("\x16\x03\x03\x40\x00", 5));
    for (int i = 0; i < 20 && !h.session.done(); ++i) h.server(std::string(512, '\x0b'));
    REQUIRE(h.session.done());
    CHECK(h.result().outcome == Outcome::handshake_failed);
  }
}

TEST_CASE("session: bytes before on_connected and after the end are ignored") {
  SmtpSession session(test_config());
  session.on_bytes(as_bytes(kGreeting), 0);
  CHECK(session.take_output().empty());
  CHECK_FALSE(session.next_deadline().has_value());
  session.on_connected(0);
  session.on_closed(1);
  REQUIRE(session.done());
  session.on_bytes(as_bytes(kGreeting), 2);
  CHECK(session.take_output().empty());
  CHECK(session.result().outcome == Outcome::closed_early);
}
