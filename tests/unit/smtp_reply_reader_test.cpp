// ReplyReader: RFC 5321 §4.2 reply syntax, every split of the input, and the
// bounds (line length, lines per reply) under hostile input.
#include <catch2/catch_test_macros.hpp>
#include <string>

#include "smtp/reply_reader.h"

using namespace daneel;
using namespace daneel::smtp;

namespace {

struct Parsed {
  std::vector<Reply> replies;
  std::optional<ReplyError> error;
  std::size_t max_buffered = 0;
};

// Feeds `chunks` in order and collects every reply until an error.
Parsed parse(const std::vector<std::string>& chunks, SmtpLimits limits = {}) {
  ReplyReader reader(limits);
  Parsed out;
  TimeMs now = 1000;
  for (const auto& chunk : chunks) {
    ByteView data = as_bytes(chunk);
    while (!data.empty()) {
      ReplyStep step = reader.read(data, now++);
      out.max_buffered = std::max(out.max_buffered, reader.buffered_bytes());
      if (step.error) {
        out.error = step.error;
        return out;
      }
      if (!step.reply) break;
      out.replies.push_back(std::move(*step.reply));
    }
  }
  return out;
}

const std::string kEhloReply =
    "250-mx.example.nl\r\n"
    "250-PIPELINING\r\n"
    "250-SIZE 10240000\r\n"
    "250-STARTTLS\r\n"
    "250-ENHANCEDSTATUSCODES\r\n"
    "250-8BITMIME\r\n"
    "250 CHUNKING\r\n";

}  // namespace

TEST_CASE("reply reader: single- and multi-line replies") {
  const auto parsed = parse({"220 mx.example.nl ESMTP\r\n" + kEhloReply});
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.replies.size() == 2);
  CHECK(parsed.replies[0].code == 220);
  CHECK(parsed.replies[0].lines == std::vector<std::string>{"mx.example.nl ESMTP"});
  CHECK(parsed.replies[1].code == 250);
  CHECK(parsed.replies[1].lines.size() == 7);
  CHECK(parsed.replies[1].lines[2] == "SIZE 10240000");
  CHECK_FALSE(parsed.replies[1].bare_line_feed);
}

TEST_CASE("reply reader: a bare code ends a reply; bare LF is accepted and flagged") {
  const auto parsed = parse({"250-first\n250\n"});
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.replies.size() == 1);
  CHECK(parsed.replies[0].lines == std::vector<std::string>{"first", ""});
  CHECK(parsed.replies[0].bare_line_feed);
}

TEST_CASE("reply reader: every 2-chunk split and byte-by-byte give the same replies") {
  const std::string input = "220-mx.example.nl ESMTP\r\n220 hello\r\n" + kEhloReply + "454 4.7.0 TLS not available\r\n";
  const auto whole = parse({input});
  REQUIRE(whole.replies.size() == 3);
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    const auto split = parse({input.substr(0, cut), input.substr(cut)});
    INFO("cut at " << cut);
    REQUIRE_FALSE(split.error);
    REQUIRE(split.replies.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(split.replies[i].code == whole.replies[i].code);
      CHECK(split.replies[i].lines == whole.replies[i].lines);
    }
  }
  std::vector<std::string> bytes;
  for (const char c : input) bytes.emplace_back(1, c);
  const auto byte_by_byte = parse(bytes);
  REQUIRE(byte_by_byte.replies.size() == 3);
  CHECK(byte_by_byte.replies[1].lines == whole.replies[1].lines);
}

TEST_CASE("reply reader: a 1 MB line is refused without being buffered") {
  const SmtpLimits limits;
  const std::string line = "250 " + std::string(1'000'000, 'A') + "\r\n";
  const auto whole = parse({line});
  REQUIRE(whole.error);
  CHECK(whole.error->outcome == Outcome::line_too_long);
  CHECK(whole.max_buffered <= limits.max_line);
  // Arriving in 1 KiB pieces: the same, and it stops at the limit.
  std::vector<std::string> pieces;
  for (std::size_t i = 0; i < line.size(); i += 1024) pieces.push_back(line.substr(i, 1024));
  const auto pieced = parse(pieces);
  REQUIRE(pieced.error);
  CHECK(pieced.error->outcome == Outcome::line_too_long);
  CHECK(pieced.max_buffered <= limits.max_line);
}

TEST_CASE("reply reader: an endless multi-line reply stops at the line limit") {
  const SmtpLimits limits;
  std::vector<std::string> chunks(10'000, "250-more\r\n");
  const auto parsed = parse(chunks);
  REQUIRE(parsed.error);
  CHECK(parsed.error->outcome == Outcome::too_many_lines);
  CHECK(parsed.max_buffered <= limits.max_reply_lines * std::string("more").size() + limits.max_line);
}

TEST_CASE("reply reader: malformed lines are protocol errors") {
  for (const char* text : {"25O ok\r\n", "150 wrong class\r\n", "260 bad second digit\r\n", "2\r\n", "250_ok\r\n",
                           "\r\n", "HTTP/1.1 400 Bad Request\r\n", "250-a\r\n251 b\r\n"}) {
    const std::string bad = text;
    INFO(bad);
    const auto parsed = parse({bad});
    REQUIRE(parsed.error);
    CHECK(parsed.error->outcome == Outcome::protocol_error);
  }
}

TEST_CASE("reply reader: NUL and non-ASCII bytes are kept and flagged") {
  const std::string input = std::string("220 caf\xc3\xa9 \0 ok\r\n", 16);
  const auto parsed = parse({input});
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.replies.size() == 1);
  CHECK(parsed.replies[0].non_ascii);
  CHECK(parsed.replies[0].lines[0].size() == 10);
}

TEST_CASE("reply reader: bytes after a reply stay with the caller") {
  ReplyReader reader(SmtpLimits{});
  const std::string input = "220 ready\r\nEXTRA";
  ByteView data = as_bytes(input);
  const ReplyStep step = reader.read(data, 0);
  REQUIRE(step.reply);
  CHECK(std::string(data.begin(), data.end()) == "EXTRA");
}
