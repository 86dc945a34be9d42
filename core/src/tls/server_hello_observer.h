// Reads the server's side of the handshake as it goes past, without taking
// part in it: Mbed TLS 3.6 does not expose the negotiated key-exchange group,
// the TLS 1.2 signature scheme, or whether extended master secret and secure
// renegotiation were agreed. All of them are in messages the server sends in
// the clear (RFC 8446 §4.1.3 ServerHello incl. HelloRetryRequest; RFC 5246
// §7.4.3 / RFC 8422 §5.4 ServerKeyExchange), so we parse those ourselves.
//
// Bounded: one record (at most 2^14 + 2048 bytes, RFC 5246 §6.2.3) and one
// interesting handshake message (ServerHello / ServerKeyExchange, at most
// 64 KiB) are buffered; everything else is counted and skipped. Observation
// stops at the first encrypted record, so the cost is a few KiB per session.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "util/bytes.h"

namespace daneel::tls {

struct ObservedHandshake {
  std::optional<std::uint16_t> version;       // 0x0303 TLS 1.2, 0x0304 TLS 1.3
  std::optional<std::uint16_t> cipher_suite;
  std::optional<std::uint16_t> group;         // TLS 1.3 key_share / TLS 1.2 ECDHE named curve
  std::optional<std::uint16_t> dh_prime_bits;  // TLS 1.2 DHE: size of the server's prime
  std::optional<std::uint16_t> signature_scheme;  // TLS 1.2 ServerKeyExchange
  bool hello_retry_request = false;
  bool extended_master_secret = false;
  bool renegotiation_info = false;
  std::optional<std::uint8_t> alert_level;    // first plaintext alert from the server
  std::optional<std::uint8_t> alert_description;
  bool malformed = false;  // something did not parse (Mbed TLS will say what)
};

class ServerHelloObserver {
 public:
  // Bytes the server sent, in order, exactly as Mbed TLS receives them.
  void on_bytes(ByteView data);
  [[nodiscard]] const ObservedHandshake& seen() const { return seen_; }
  [[nodiscard]] bool finished() const { return finished_; }

 private:
  void on_record(std::uint8_t type, ByteView body);
  void on_handshake_bytes(ByteView data);
  void on_message(std::uint8_t type, ByteView body);
  void parse_server_hello(ByteView body);
  void parse_server_key_exchange(ByteView body);
  void stop(bool malformed);

  ObservedHandshake seen_;
  bool finished_ = false;
  Bytes record_;          // current record: header + body so far
  Bytes message_header_;  // current handshake message header (4 bytes)
  Bytes message_body_;    // body of an interesting message
  std::size_t message_wanted_ = 0;
  std::size_t skip_ = 0;  // bytes of an uninteresting message still to skip
};

}  // namespace daneel::tls
