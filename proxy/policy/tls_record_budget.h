// After STARTTLS the relay sees only TLS records. It cannot read them (TLS is
// end to end between the browser and the mail server), but the 5-byte record
// headers are in the clear: content type, version, length. That is enough to
// keep the session shaped like a DANE check (checklist E14 and C9):
//   - only handshake (22), change_cipher_spec (20), alert (21) and
//     application_data (23) records, with a TLS record version 3.1-3.3;
//   - no record longer than the protocol allows;
//   - from the client, application data bounded so tightly (records, bytes,
//     bytes per record) that the check's EHLO and QUIT fit but a mail
//     transaction does not realistically: the relay must not become a way
//     to send mail from its address inside TLS;
//   - byte caps per direction.
//
// Per chunk, any chunking: on_client / on_server return how many leading
// bytes of the chunk may be forwarded, and a refusal when a header broke a
// rule (the bytes from that header on are not forwarded; a refused header
// that began in an earlier chunk had only parts of its 5 bytes forwarded,
// which the peer cannot act on). A refusal is final.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "policy/byte_caps.h"

namespace daneel::proxy::policy {

enum class TlsRule : std::uint8_t {
  bad_content_type,          // not 20, 21, 22 or 23 (e.g. heartbeat 24, SSLv2 hello)
  bad_version,               // record version other than 3.1, 3.2, 3.3
  record_too_long,           // longer than the protocol's ciphertext limit
  app_data_records,          // more client application_data records than the budget
  app_data_bytes,            // more client application_data payload bytes than the budget
  app_data_record_too_long,  // one client application_data record larger than the budget per record
  cap_exceeded,              // a TLS-phase byte cap; see TlsRefusal::cap
};

[[nodiscard]] std::string_view to_string(TlsRule rule);

enum class Direction : std::uint8_t { client_to_server, server_to_client };

struct TlsRefusal {
  TlsRule rule = TlsRule::bad_content_type;
  Direction direction = Direction::client_to_server;
  Cap cap = Cap::client_tls;  // meaningful only for cap_exceeded
  friend bool operator==(const TlsRefusal&, const TlsRefusal&) = default;
};

struct TlsBudgetLimits {
  // RFC 8446 §5.2: TLSCiphertext.length <= 2^14 + 256. The client is the
  // check's own Mbed TLS, which never comes near it.
  std::size_t max_client_record = (1u << 14) + 256;
  // RFC 5246 §6.2.3 allows TLS 1.2 servers 2^14 + 2048. The server's records
  // go to the checking client only, so the looser limit costs nothing and
  // never fails a legal server.
  std::size_t max_server_record = (1u << 14) + 2048;
  unsigned client_app_records = 5;
  std::size_t client_app_bytes = 256;
  std::size_t client_app_record_bytes = 112;
  std::size_t client_bytes = ByteCaps{}.client_tls;
  std::size_t server_bytes = ByteCaps{}.server_tls;
};

// The calibrated application-data budget for a proxy whose EHLO name has
// `ehlo_name_length` octets (the check sends "EHLO <name>\r\n" inside TLS;
// see the derivation in tls_record_budget.cpp). Byte caps and record limits
// keep their defaults.
[[nodiscard]] TlsBudgetLimits calibrated_tls_budget(std::size_t ehlo_name_length);

struct TlsStep {
  std::size_t forward = 0;  // leading bytes of the chunk that may be forwarded
  std::optional<TlsRefusal> refusal;
};

class TlsRecordBudget {
 public:
  explicit TlsRecordBudget(const TlsBudgetLimits& limits) : limits_(limits) {}

  [[nodiscard]] TlsStep on_client(std::span<const std::uint8_t> chunk);
  [[nodiscard]] TlsStep on_server(std::span<const std::uint8_t> chunk);

  [[nodiscard]] std::optional<TlsRefusal> refusal() const { return refusal_; }
  [[nodiscard]] unsigned client_app_records() const { return client_app_records_; }
  [[nodiscard]] std::size_t client_app_bytes() const { return client_app_bytes_; }
  [[nodiscard]] std::size_t client_bytes() const { return client_.total; }
  [[nodiscard]] std::size_t server_bytes() const { return server_.total; }

 private:
  // Where one direction is in its record stream. Only the 5 header bytes are
  // ever held; payload bytes are counted past.
  struct Stream {
    std::array<std::uint8_t, 5> header{};
    std::size_t header_have = 0;
    std::size_t payload_left = 0;
    std::size_t total = 0;
  };

  TlsStep feed(Stream& stream, Direction direction, std::span<const std::uint8_t> chunk);
  std::optional<TlsRule> judge_header(const Stream& stream, Direction direction);

  TlsBudgetLimits limits_;
  Stream client_;
  Stream server_;
  unsigned client_app_records_ = 0;
  std::size_t client_app_bytes_ = 0;
  std::optional<TlsRefusal> refusal_;
};

}  // namespace daneel::proxy::policy
