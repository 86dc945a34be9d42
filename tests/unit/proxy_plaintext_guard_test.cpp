// proxy/policy/smtp_plaintext_guard: the plaintext SMTP phase, fed as a
// relay would feed it, in whole chunks and byte by byte.
#include <catch2/catch_test_macros.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/smtp_plaintext_guard.h"

using namespace daneel::proxy::policy;
using R = PlaintextRule;

namespace {

constexpr std::string_view kName = "relay.daneel.example";

enum class From { server, client };
struct Event {
  From from;
  std::string bytes;
};

PlaintextLimits limits() {
  PlaintextLimits l;
  l.ehlo_name = std::string(kName);
  return l;
}

Bytes view(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
std::string text(Bytes b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// What the relay would have done: the client lines it forwarded, the server
// plaintext it forwarded, the TLS bytes it handed on, and the refusal.
struct Outcome {
  std::string to_server;
  std::string to_client;
  std::string tls_from_client;
  std::string tls_from_server;
  std::optional<PlaintextRefusal> refusal;
  PlaintextPhase phase = PlaintextPhase::greeting;
};

Outcome run(const std::vector<Event>& events, bool byte_by_byte, PlaintextLimits l = limits()) {
  SmtpPlaintextGuard guard(l);
  Outcome out;
  for (const Event& event : events) {
    std::vector<std::string> pieces;
    if (byte_by_byte) {
      for (char c : event.bytes) pieces.emplace_back(1, c);
    } else {
      pieces.push_back(event.bytes);
    }
    for (const std::string& piece : pieces) {
      if (event.from == From::client) {
        const ClientStep step = guard.on_client(view(piece));
        out.to_server += text(step.forward);
        out.tls_from_client += text(step.tls);
        if (step.refusal) out.refusal = step.refusal;
      } else {
        const ServerStep step = guard.on_server(view(piece));
        out.to_client += piece.substr(0, step.plaintext);
        out.tls_from_server += text(step.tls);
        if (step.refusal) out.refusal = step.refusal;
      }
      if (out.refusal) break;
    }
    if (out.refusal) break;
  }
  out.phase = guard.phase();
  return out;
}

// Runs both ways and requires the same result: chunking never matters.
Outcome run_both(const std::vector<Event>& events, PlaintextLimits l = limits()) {
  const Outcome whole = run(events, false, l);
  const Outcome bytes = run(events, true, l);
  CHECK(whole.to_server == bytes.to_server);
  CHECK(whole.to_client == bytes.to_client);
  CHECK(whole.tls_from_client == bytes.tls_from_client);
  CHECK(whole.tls_from_server == bytes.tls_from_server);
  CHECK(whole.refusal == bytes.refusal);
  CHECK(whole.phase == bytes.phase);
  return whole;
}

Event server(std::string s) {
  return {From::server, std::move(s)};
}
Event client(std::string s) {
  return {From::client, std::move(s)};
}

const std::string kGreeting = "220 mx.example.org ESMTP\r\n";
const std::string kEhlo = "EHLO relay.daneel.example\r\n";
const std::string kEhloReply = "250-mx.example.org\r\n250-PIPELINING\r\n250 STARTTLS\r\n";

PlaintextRefusal rule(R r) {
  return PlaintextRefusal{r, Cap::client_plaintext};
}

}  // namespace

TEST_CASE("plaintext guard: a check's session passes, TLS is handed on", "[proxy][plaintext]") {
  const std::string client_hello = std::string("\x16\x03\x01\x00\x05hello", 10);
  const Outcome out = run_both({server("220-mx.example.org ESMTP\r\n220-second line\r\n220 ready\r\n"),
                                client(kEhlo), server(kEhloReply), client("STARTTLS\r\n"),
                                server("220 2.0.0 Ready to start TLS\r\n\x16\x03\x03"), client(client_hello),
                                server(std::string("\x00\x02xy", 4))});
  CHECK_FALSE(out.refusal.has_value());
  CHECK(out.phase == PlaintextPhase::tls);
  CHECK(out.to_server == kEhlo + "STARTTLS\r\n");
  CHECK(out.to_client == "220-mx.example.org ESMTP\r\n220-second line\r\n220 ready\r\n" + kEhloReply +
                             "220 2.0.0 Ready to start TLS\r\n");
  CHECK(out.tls_from_client == client_hello);
  CHECK(out.tls_from_server == std::string("\x16\x03\x03\x00\x02xy", 7));
}

TEST_CASE("plaintext guard: verbs in any case; HELO, NOOP, RSET, QUIT", "[proxy][plaintext]") {
  const Outcome out =
      run_both({server(kGreeting), client("helo RELAY.daneel.EXAMPLE\r\n"), server("250 ok\r\n"),
                client("noop\r\n"), server("250 ok\r\n"), client("RsEt\r\n"), server("250 ok\r\n"),
                client("ehlo relay.daneel.example\r\n"), server("250 ok\r\n"), client("Quit\r\n"),
                server("221 bye\r\n")});
  CHECK_FALSE(out.refusal.has_value());
  CHECK(out.to_server ==
        "helo RELAY.daneel.EXAMPLE\r\nnoop\r\nRsEt\r\nehlo relay.daneel.example\r\nQuit\r\n");
}

TEST_CASE("plaintext guard: every forbidden verb is refused and never forwarded", "[proxy][plaintext]") {
  for (std::string_view line : {"MAIL FROM:<a@example.org>",
                                "mail from:<>",
                                "RCPT TO:<postmaster@example.org>",
                                "DATA",
                                "BDAT 10 LAST",
                                "AUTH PLAIN AGFAYg==",
                                "VRFY root",
                                "EXPN staff",
                                "ETRN example.org",
                                "HELP",
                                "XCLIENT ADDR=1.2.3.4",
                                "XFORWARD NAME=x",
                                "TURN",
                                "ATRN",
                                "SEND FROM:<a@b>",
                                "SOML FROM:<a@b>",
                                "SAML FROM:<a@b>",
                                "LHLO x",
                                "EHLOX relay.daneel.example",
                                "STARTTLSX",
                                "GET / HTTP/1.1",
                                "EHL",
                                " EHLO relay.daneel.example"}) {
    INFO(line);
    const Outcome out =
        run_both({server(kGreeting), client(kEhlo), server(kEhloReply), client(std::string(line) + "\r\n")});
    CHECK(out.refusal == rule(R::forbidden_command));
    CHECK(out.to_server == kEhlo);  // the forbidden line never reached the server
  }
}

TEST_CASE("plaintext guard: pregreet", "[proxy][plaintext]") {
  CHECK(run_both({client("E")}).refusal == rule(R::pregreet));
  CHECK(run_both({client(kEhlo), server(kGreeting)}).refusal == rule(R::pregreet));
  // A multi-line greeting is complete only with its last line.
  const Outcome out = run_both({server("220-mx.example.org\r\n"), client(kEhlo)});
  CHECK(out.refusal == rule(R::pregreet));
  CHECK(out.to_server.empty());
  // Half a greeting line is not a greeting either.
  CHECK(run_both({server("220 mx.example.org"), client(kEhlo)}).refusal == rule(R::pregreet));
  // After a 554 greeting the check still sends QUIT.
  CHECK_FALSE(
      run_both({server("554 no\r\n"), client("QUIT\r\n"), server("221 bye\r\n")}).refusal.has_value());
}

TEST_CASE("plaintext guard: the STARTTLS injection (CVE-2011-0411)", "[proxy][plaintext]") {
  SECTION("a command after STARTTLS in the same write") {
    const Outcome out =
        run_both({server(kGreeting), client(kEhlo), server(kEhloReply), client("STARTTLS\r\nRSET\r\n")});
    CHECK(out.refusal == rule(R::starttls_injection));
    CHECK(out.to_server == kEhlo + "STARTTLS\r\n");  // approved before the offending byte; the relay closes
  }
  SECTION("a later write before the server's reply") {
    const Outcome out = run_both({server(kGreeting), client(kEhlo), server(kEhloReply),
                                  client("STARTTLS\r\n"), client("MAIL FROM:<>\r\n")});
    CHECK(out.refusal == rule(R::starttls_injection));
    CHECK(out.to_server == kEhlo + "STARTTLS\r\n");
  }
  SECTION("plaintext instead of a TLS handshake after the 220") {
    const Outcome out =
        run_both({server(kGreeting), client(kEhlo), server(kEhloReply), client("STARTTLS\r\n"),
                  server("220 go ahead\r\n"), client("MAIL FROM:<>\r\n")});
    CHECK(out.refusal == rule(R::not_tls_after_starttls));
    CHECK(out.tls_from_client.empty());
  }
  SECTION("a refused STARTTLS returns to plaintext") {
    const Outcome out =
        run_both({server(kGreeting), client(kEhlo), server(kEhloReply), client("STARTTLS\r\n"),
                  server("454 4.7.0 TLS not available\r\n"), client("QUIT\r\n"), server("221 bye\r\n")});
    CHECK_FALSE(out.refusal.has_value());
    CHECK(out.phase == PlaintextPhase::commands);
    CHECK(out.to_server == kEhlo + "STARTTLS\r\nQUIT\r\n");
  }
}

TEST_CASE("plaintext guard: pipelining", "[proxy][plaintext]") {
  CHECK(run_both({server(kGreeting), client(kEhlo + "NOOP\r\n")}).refusal == rule(R::pipelining));
  CHECK(run_both({server(kGreeting), client(kEhlo), client("N")}).refusal == rule(R::pipelining));
  // Only the final line of a multi-line reply answers the command.
  CHECK(run_both({server(kGreeting), client(kEhlo), server("250-mx.example.org\r\n"), client("NOOP\r\n")})
            .refusal == rule(R::pipelining));
  CHECK_FALSE(run_both({server(kGreeting), client(kEhlo), server(kEhloReply), client("NOOP\r\n")})
                  .refusal.has_value());
}

TEST_CASE("plaintext guard: line rules", "[proxy][plaintext]") {
  const std::vector<Event> ready = {server(kGreeting)};
  auto after_greeting = [&](std::string line) {
    std::vector<Event> events = ready;
    events.push_back(client(std::move(line)));
    return run_both(events);
  };
  CHECK(after_greeting("NOOP\n").refusal == rule(R::bare_lf));
  CHECK(after_greeting("NOOP\rX").refusal == rule(R::bare_cr));
  CHECK(after_greeting("NOOP\r\r\n").refusal == rule(R::bare_cr));
  CHECK(after_greeting(std::string("NO\0OP\r\n", 7)).refusal == rule(R::nul_byte));
  CHECK(after_greeting("NOOP\t\r\n").refusal == rule(R::malformed_command));
  CHECK(after_greeting("NOOP \xc3\xa9\r\n").refusal == rule(R::malformed_command));
  CHECK(after_greeting("NOOP hidden data\r\n").refusal == rule(R::malformed_command));
  CHECK(after_greeting("STARTTLS now\r\n").refusal == rule(R::malformed_command));
  CHECK(after_greeting("QUIT \r\n").refusal == rule(R::malformed_command));
  CHECK(after_greeting("\r\n").refusal == rule(R::malformed_command));
  CHECK(after_greeting("EHLO evil.example\r\n").refusal == rule(R::ehlo_name_mismatch));
  CHECK(after_greeting("EHLO\r\n").refusal == rule(R::ehlo_name_mismatch));
  CHECK(after_greeting("EHLO  relay.daneel.example\r\n").refusal == rule(R::ehlo_name_mismatch));
  CHECK(after_greeting("EHLO relay.daneel.example \r\n").refusal == rule(R::ehlo_name_mismatch));
  CHECK(after_greeting("HELO relay.daneel.example.evil\r\n").refusal == rule(R::ehlo_name_mismatch));

  SECTION("512 octets including CRLF pass, 513 do not") {
    PlaintextLimits l = limits();
    l.ehlo_name = std::string(505, 'a');  // "EHLO " + 505 + CRLF = 512
    const Outcome exact = run_both({server(kGreeting), client("EHLO " + l.ehlo_name + "\r\n")}, l);
    CHECK_FALSE(exact.refusal.has_value());
    CHECK(exact.to_server.size() == 512);
    l.ehlo_name = std::string(506, 'a');
    const Outcome over = run_both({server(kGreeting), client("EHLO " + l.ehlo_name + "\r\n")}, l);
    CHECK(over.refusal == rule(R::line_too_long));
    CHECK(over.to_server.empty());
    // Without any line end at all the buffer stops at 512.
    CHECK(after_greeting(std::string(600, 'N')).refusal == rule(R::line_too_long));
  }
}

TEST_CASE("plaintext guard: at most 10 commands", "[proxy][plaintext]") {
  std::vector<Event> events = {server(kGreeting)};
  for (int i = 0; i < 10; ++i) {
    events.push_back(client("NOOP\r\n"));
    events.push_back(server("250 ok\r\n"));
  }
  const Outcome ten = run_both(events);
  CHECK_FALSE(ten.refusal.has_value());
  CHECK(ten.to_server.size() == 60);
  events.push_back(client("QUIT\r\n"));
  const Outcome eleven = run_both(events);
  CHECK(eleven.refusal == rule(R::too_many_commands));
  CHECK(eleven.to_server.size() == 60);
}

TEST_CASE("plaintext guard: byte caps met exactly pass, one more byte is refused", "[proxy][plaintext]") {
  SECTION("defaults") {
    const PlaintextLimits l;
    CHECK(l.client_bytes == 1024);
    CHECK(l.server_bytes == 16384);
    CHECK(l.max_commands == 10);
  }
  SECTION("client -> server, default 1024") {
    // Four EHLO lines of 256 octets = 1024.
    PlaintextLimits l = limits();
    l.ehlo_name = std::string(249, 'b');
    const std::string line = "EHLO " + l.ehlo_name + "\r\n";
    REQUIRE(line.size() == 256);
    std::vector<Event> events = {server(kGreeting)};
    for (int i = 0; i < 4; ++i) {
      events.push_back(client(line));
      events.push_back(server("250 ok\r\n"));
    }
    const Outcome exact = run_both(events, l);
    CHECK_FALSE(exact.refusal.has_value());
    CHECK(exact.to_server.size() == 1024);
    events.push_back(client("N"));
    const Outcome over = run_both(events, l);
    CHECK(over.refusal == PlaintextRefusal{R::cap_exceeded, Cap::client_plaintext});
    CHECK(over.to_server.size() == 1024);
  }
  SECTION("server -> client, default 16384") {
    // The greeting line fills the cap to the octet: 220- lines of 1024 octets.
    std::string greeting;
    for (int i = 0; i < 15; ++i) greeting += "220-" + std::string(1018, 'x') + "\r\n";
    greeting += "220 " + std::string(1018, 'y') + "\r\n";
    REQUIRE(greeting.size() == 16384);
    const Outcome exact = run_both({server(greeting), client("QUIT\r\n")});
    CHECK_FALSE(exact.refusal.has_value());
    CHECK(exact.to_client.size() == 16384);
    const Outcome over = run_both({server(greeting), client("QUIT\r\n"), server("2")});
    CHECK(over.refusal == PlaintextRefusal{R::cap_exceeded, Cap::server_plaintext});
    CHECK(over.to_client.size() == 16384);
  }
  SECTION("configured caps") {
    PlaintextLimits l = limits();
    l.client_bytes = kEhlo.size();
    l.server_bytes = kGreeting.size() + 8;
    const Outcome exact = run_both({server(kGreeting), client(kEhlo), server("250 ok\r\n")}, l);
    CHECK_FALSE(exact.refusal.has_value());
    const Outcome client_over =
        run_both({server(kGreeting), client(kEhlo), server("250 ok\r\n"), client("Q")}, l);
    CHECK(client_over.refusal == PlaintextRefusal{R::cap_exceeded, Cap::client_plaintext});
    const Outcome server_over = run_both({server(kGreeting), client(kEhlo), server("250 ok\r\n2")}, l);
    CHECK(server_over.refusal == PlaintextRefusal{R::cap_exceeded, Cap::server_plaintext});
    CHECK(server_over.to_client == kGreeting + "250 ok\r\n");
  }
}

TEST_CASE("plaintext guard: server replies are read like the check reads them", "[proxy][plaintext]") {
  CHECK_FALSE(run_both({server("220 ok\n"), client("QUIT\r\n")})
                  .refusal.has_value());  // bare LF: the check judges it
  CHECK_FALSE(run_both({server("220\r\n"), client("QUIT\r\n")}).refusal.has_value());
  CHECK(run_both({server("SSH-2.0-OpenSSH\r\n")}).refusal == rule(R::server_bad_reply));
  CHECK(run_both({server("220-a\r\n250 b\r\n")}).refusal == rule(R::server_bad_reply));
  CHECK(run_both({server("620 x\r\n")}).refusal == rule(R::server_bad_reply));
  CHECK(run_both({server("22\r\n")}).refusal == rule(R::server_bad_reply));
  CHECK(run_both({server("220_x\r\n")}).refusal == rule(R::server_bad_reply));
  const Outcome long_line = run_both({server("220 " + std::string(5000, 'x'))});
  CHECK(long_line.refusal == rule(R::server_line_too_long));
  CHECK(long_line.to_client.size() == 4096);
}

TEST_CASE("plaintext guard: a refusal is final", "[proxy][plaintext]") {
  SmtpPlaintextGuard guard(limits());
  CHECK(guard.on_client(view("x")).refusal == rule(R::pregreet));
  CHECK(guard.on_server(view(kGreeting)).refusal == rule(R::pregreet));
  const ClientStep step = guard.on_client(view(kEhlo));
  CHECK(step.refusal == rule(R::pregreet));
  CHECK(step.forward.empty());
  CHECK(guard.phase() == PlaintextPhase::refused);
}

TEST_CASE("plaintext guard: the server's replies tallied by stage and code class", "[proxy][plaintext]") {
  using S = ReplyStage;
  using B = ReplyBucket;
  static_assert(bucket_of(421) == B::c421 && bucket_of(450) == B::c4xx && bucket_of(554) == B::c554);
  static_assert(bucket_of(550) == B::c5xx && bucket_of(220) == B::c2xx && bucket_of(354) == B::c3xx);
  for (const bool byte_by_byte : {false, true}) {
    // A 554 greeting (multi-line: counted once), then the check's QUIT.
    SmtpPlaintextGuard refused(limits());
    const auto feed = [byte_by_byte](SmtpPlaintextGuard& g, From from, std::string_view bytes) {
      const std::size_t step = byte_by_byte ? 1 : bytes.size();
      for (std::size_t i = 0; i < bytes.size(); i += step) {
        const auto piece = view(bytes.substr(i, step));
        if (from == From::server) {
          REQUIRE_FALSE(g.on_server(piece).refusal);
        } else {
          REQUIRE_FALSE(g.on_client(piece).refusal);
        }
      }
    };
    feed(refused, From::server, "554-mx.example no\r\n554 go away\r\n");
    feed(refused, From::client, "QUIT\r\n");
    feed(refused, From::server, "221 bye\r\n");
    CHECK(refused.replies().at(S::greeting, B::c554) == 1);
    CHECK(refused.replies().at(S::command, B::c2xx) == 1);
    CHECK(refused.replies().at(S::greeting, B::c2xx) == 0);

    // A 220 greeting, EHLO 250, then an unsolicited 421 before the server closes.
    SmtpPlaintextGuard busy(limits());
    feed(busy, From::server, "220 mx ESMTP\r\n");
    feed(busy, From::client, "EHLO relay.daneel.example\r\n");
    feed(busy, From::server, "250-mx\r\n250 STARTTLS\r\n");
    feed(busy, From::server, "421 4.7.0 too many connections\r\n");
    CHECK(busy.replies().at(S::greeting, B::c2xx) == 1);
    CHECK(busy.replies().at(S::command, B::c2xx) == 1);
    CHECK(busy.replies().at(S::command, B::c421) == 1);
    std::uint32_t total = 0;
    for (const auto& stage : busy.replies().counts)
      for (const auto n : stage) total += n;
    CHECK(total == 3);
  }
}
