// proxy/policy/tls_record_budget: TLS record headers after STARTTLS, the
// client's application-data budget, and the TLS-phase byte caps.
#include <catch2/catch_test_macros.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policy/tls_record_budget.h"

using namespace daneel::proxy::policy;

namespace {

using Stream = std::vector<std::uint8_t>;

void add_record(Stream& s, std::uint8_t type, std::size_t length, std::uint8_t minor = 3) {
  s.push_back(type);
  s.push_back(3);
  s.push_back(minor);
  s.push_back(static_cast<std::uint8_t>(length >> 8));
  s.push_back(static_cast<std::uint8_t>(length & 0xff));
  s.insert(s.end(), length, 0xab);
}

struct Fed {
  std::size_t forwarded = 0;
  std::optional<TlsRefusal> refusal;
};

// Feeds one direction in chunks of `chunk` bytes (0: all at once).
Fed feed(TlsRecordBudget& budget, Direction direction, const Stream& s, std::size_t chunk = 0) {
  Fed out;
  const std::size_t step = chunk == 0 ? std::max<std::size_t>(s.size(), 1) : chunk;
  for (std::size_t at = 0; at < s.size(); at += step) {
    const std::span<const std::uint8_t> piece(s.data() + at, std::min(step, s.size() - at));
    const TlsStep result =
        direction == Direction::client_to_server ? budget.on_client(piece) : budget.on_server(piece);
    out.forwarded += result.forward;
    if (result.refusal) {
      out.refusal = result.refusal;
      break;
    }
  }
  return out;
}

// The same stream in one piece, byte by byte and in 7-byte chunks: same outcome.
Fed feed_all_ways(const TlsBudgetLimits& limits, Direction direction, const Stream& s) {
  TlsRecordBudget whole(limits);
  const Fed a = feed(whole, direction, s);
  for (std::size_t chunk : {1u, 7u}) {
    TlsRecordBudget pieces(limits);
    const Fed b = feed(pieces, direction, s, chunk);
    CHECK(b.refusal == a.refusal);
    // Forwarded bytes may differ only by the part of a refused header that
    // arrived in an earlier chunk.
    CHECK(b.forwarded >= a.forwarded);
    CHECK(b.forwarded <= a.forwarded + 4);
  }
  return a;
}

// What the check's client sends after STARTTLS with TLS 1.3 and a 20-octet name:
// ClientHello, CCS (middlebox compatibility), Finished, EHLO, QUIT, close_notify.
Stream check_tls13() {
  Stream s;
  add_record(s, 22, 512, 1);
  add_record(s, 20, 1);
  add_record(s, 23, 80);
  add_record(s, 23, 48);
  add_record(s, 23, 32);
  add_record(s, 23, 32);
  return s;
}

// TLS 1.2, CBC-SHA384: ClientHello, ClientKeyExchange (DHE-3072), CCS,
// Finished, EHLO, QUIT, close_notify.
Stream check_tls12() {
  Stream s;
  add_record(s, 22, 512, 1);
  add_record(s, 22, 390);
  add_record(s, 20, 1);
  add_record(s, 22, 80);
  add_record(s, 23, 96);
  add_record(s, 23, 80);
  add_record(s, 21, 64);
  return s;
}

TlsRefusal client(TlsRule rule) {
  return TlsRefusal{rule, Direction::client_to_server, Cap::client_tls};
}
TlsRefusal server(TlsRule rule) {
  return TlsRefusal{rule, Direction::server_to_client, Cap::server_tls};
}

}  // namespace

TEST_CASE("TLS budget: the calibrated defaults", "[proxy][tls]") {
  const TlsBudgetLimits defaults;
  const TlsBudgetLimits twenty = calibrated_tls_budget(20);
  CHECK(twenty.client_app_records == defaults.client_app_records);
  CHECK(twenty.client_app_bytes == defaults.client_app_bytes);
  CHECK(twenty.client_app_record_bytes == defaults.client_app_record_bytes);
  CHECK(twenty.client_app_records == 5);
  CHECK(twenty.client_app_bytes == 256);
  CHECK(twenty.client_app_record_bytes == 112);
  CHECK(defaults.client_bytes == 8192);
  CHECK(defaults.server_bytes == 131072);
  // A longer name buys exactly the room its EHLO line needs, no more.
  const TlsBudgetLimits long_name = calibrated_tls_budget(253);
  CHECK(long_name.client_app_bytes > twenty.client_app_bytes);
  CHECK(long_name.client_app_bytes - twenty.client_app_bytes <= 253 - 20 + 16);
  CHECK(long_name.client_app_record_bytes >= 16 + 4 + 1 + 253 + 2 + 48);
}

TEST_CASE("TLS budget: a check's TLS 1.3 and TLS 1.2 sessions fit", "[proxy][tls]") {
  const TlsBudgetLimits limits = calibrated_tls_budget(20);
  for (const Stream& s : {check_tls13(), check_tls12()}) {
    const Fed fed = feed_all_ways(limits, Direction::client_to_server, s);
    CHECK_FALSE(fed.refusal.has_value());
    CHECK(fed.forwarded == s.size());
  }
  TlsRecordBudget budget(limits);
  CHECK_FALSE(feed(budget, Direction::client_to_server, check_tls13()).refusal);
  CHECK(budget.client_app_records() == 4);
  CHECK(budget.client_app_bytes() == 192);
}

TEST_CASE("TLS budget: a mail transaction does not fit", "[proxy][tls]") {
  const TlsBudgetLimits limits = calibrated_tls_budget(20);
  SECTION("one record per command: too many records") {
    Stream s = check_tls13();
    s.resize(s.size() - 37);  // drop close_notify: EHLO, then the transaction
    for (std::size_t length : {48, 48, 32, 64}) add_record(s, 23, length);  // MAIL RCPT DATA body
    const Fed fed = feed_all_ways(limits, Direction::client_to_server, s);
    CHECK(fed.refusal == client(TlsRule::app_data_records));
  }
  SECTION("blind pipelining in one record: too large a record") {
    Stream s;
    add_record(s, 22, 512, 1);
    add_record(s, 23, 80);
    add_record(s, 23, 113);
    CHECK(feed_all_ways(limits, Direction::client_to_server, s).refusal ==
          client(TlsRule::app_data_record_too_long));
  }
  SECTION("several full-size records: too many bytes") {
    Stream s;
    add_record(s, 22, 512, 1);
    add_record(s, 23, 112);
    add_record(s, 23, 112);
    add_record(s, 23, 33);  // 257
    const Fed fed = feed_all_ways(limits, Direction::client_to_server, s);
    CHECK(fed.refusal == client(TlsRule::app_data_bytes));
    CHECK(fed.forwarded == 5 + 512 + 2 * (5 + 112));  // the refused record's header is not forwarded
  }
  SECTION("the budget met exactly") {
    Stream s;
    add_record(s, 23, 112);
    add_record(s, 23, 112);
    add_record(s, 23, 32);  // 256
    CHECK_FALSE(feed_all_ways(limits, Direction::client_to_server, s).refusal);
  }
  SECTION("records counted exactly: five pass, the sixth is refused") {
    Stream s;
    for (int i = 0; i < 5; ++i) add_record(s, 23, 0);
    CHECK_FALSE(feed_all_ways(limits, Direction::client_to_server, s).refusal);
    add_record(s, 23, 0);
    CHECK(feed_all_ways(limits, Direction::client_to_server, s).refusal == client(TlsRule::app_data_records));
  }
  SECTION("the server's application data is not budgeted") {
    Stream s;
    for (int i = 0; i < 20; ++i) add_record(s, 23, 1000);
    CHECK_FALSE(feed_all_ways(limits, Direction::server_to_client, s).refusal);
  }
}

TEST_CASE("TLS budget: record headers", "[proxy][tls]") {
  TlsBudgetLimits limits;
  limits.client_bytes = 1 << 20;  // the caps have their own test

  auto one = [&](std::uint8_t type, std::uint8_t major, std::uint8_t minor, std::size_t length,
                 Direction direction = Direction::client_to_server) {
    Stream s = {type, major, minor, static_cast<std::uint8_t>(length >> 8),
                static_cast<std::uint8_t>(length)};
    s.insert(s.end(), length, 0);
    return feed_all_ways(limits, direction, s).refusal;
  };
  CHECK_FALSE(one(22, 3, 1, 100));
  CHECK_FALSE(one(22, 3, 2, 100));
  CHECK_FALSE(one(21, 3, 3, 2));
  CHECK_FALSE(one(20, 3, 3, 1));
  CHECK(one(24, 3, 3, 3) == client(TlsRule::bad_content_type));  // heartbeat
  CHECK(one(19, 3, 3, 3) == client(TlsRule::bad_content_type));
  CHECK(one(0x80, 0x2e, 1, 0) == client(TlsRule::bad_content_type));  // SSLv2-style hello
  CHECK(one('E', 'H', 'L', 0) == client(TlsRule::bad_content_type));
  CHECK(one(22, 3, 0, 100) == client(TlsRule::bad_version));  // SSL 3.0
  CHECK(one(22, 3, 4, 100) == client(TlsRule::bad_version));
  CHECK(one(22, 2, 0, 100) == client(TlsRule::bad_version));
  CHECK(one(22, 4, 3, 100) == client(TlsRule::bad_version));
  CHECK_FALSE(one(22, 3, 3, 16384 + 256));
  CHECK(one(22, 3, 3, 16384 + 257) == client(TlsRule::record_too_long));
  CHECK_FALSE(one(22, 3, 3, 16384 + 2048, Direction::server_to_client));
  CHECK(one(22, 3, 3, 16384 + 2049, Direction::server_to_client) == server(TlsRule::record_too_long));
}

TEST_CASE("TLS budget: byte caps met exactly pass, one more byte is refused", "[proxy][tls]") {
  const TlsBudgetLimits limits;
  SECTION("client -> server, 8 KiB") {
    Stream s;
    add_record(s, 22, 8192 - 5);
    const Fed exact = feed_all_ways(limits, Direction::client_to_server, s);
    CHECK_FALSE(exact.refusal);
    CHECK(exact.forwarded == 8192);
    s.push_back(21);
    const Fed over = feed_all_ways(limits, Direction::client_to_server, s);
    CHECK(over.refusal == TlsRefusal{TlsRule::cap_exceeded, Direction::client_to_server, Cap::client_tls});
    CHECK(over.forwarded == 8192);
  }
  SECTION("server -> client, 128 KiB") {
    Stream s;
    for (int i = 0; i < 8; ++i) add_record(s, 22, 16384 - 5);
    REQUIRE(s.size() == 131072);
    const Fed exact = feed_all_ways(limits, Direction::server_to_client, s);
    CHECK_FALSE(exact.refusal);
    CHECK(exact.forwarded == 131072);
    s.push_back(23);
    const Fed over = feed_all_ways(limits, Direction::server_to_client, s);
    CHECK(over.refusal == TlsRefusal{TlsRule::cap_exceeded, Direction::server_to_client, Cap::server_tls});
    CHECK(over.forwarded == 131072);
  }
  SECTION("the cap can end inside a record's payload") {
    TlsBudgetLimits small = limits;
    small.client_bytes = 100;
    Stream s;
    add_record(s, 22, 200);
    const Fed over = feed_all_ways(small, Direction::client_to_server, s);
    CHECK(over.refusal == TlsRefusal{TlsRule::cap_exceeded, Direction::client_to_server, Cap::client_tls});
    CHECK(over.forwarded == 100);
  }
}

TEST_CASE("TLS budget: the two directions are independent, a refusal is final", "[proxy][tls]") {
  TlsRecordBudget budget(TlsBudgetLimits{});
  Stream client_part;
  add_record(client_part, 22, 10);
  Stream server_part;
  add_record(server_part, 22, 10);
  // Interleaved halves: each direction keeps its own header state.
  CHECK(budget.on_client({client_part.data(), 3}).forward == 3);
  CHECK(budget.on_server({server_part.data(), 4}).forward == 4);
  CHECK(budget.on_client({client_part.data() + 3, client_part.size() - 3}).forward == client_part.size() - 3);
  CHECK(budget.on_server({server_part.data() + 4, server_part.size() - 4}).forward == server_part.size() - 4);
  CHECK_FALSE(budget.refusal());
  const std::uint8_t bad[] = {99, 3, 3, 0, 0};
  CHECK(budget.on_server(bad).refusal == server(TlsRule::bad_content_type));
  const TlsStep after = budget.on_client(client_part);
  CHECK(after.refusal == server(TlsRule::bad_content_type));
  CHECK(after.forward == 0);
}
