// A TLS 1.2/1.3 client session (Mbed TLS 3.6) over memory buffers: bytes from
// the server go in with on_bytes(), bytes for the server come out of
// take_output(). No socket, no clock, no verification by Mbed TLS: the
// caller authenticates the chain with DANE (RFC 7672 §3) and gets the whole
// chain the server sent, as DER, in TlsInfo::chain.
//
// Lifecycle: start() writes the ClientHello; on_bytes() drives the handshake
// until state() is established or failed; then write() encrypts application
// data and take_plaintext() hands out what was decrypted.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "tls/tls_types.h"
#include "util/bytes.h"
#include "util/result.h"

namespace daneel::tls {

enum class TlsState : std::uint8_t { idle, handshaking, established, closed, failed };

class TlsClient {
 public:
  explicit TlsClient(TlsConfig config);
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  // Sets Mbed TLS up and produces the ClientHello. Failure (e.g. entropy
  // unavailable) leaves state() == failed with failure() set.
  void start();
  // Ciphertext from the server. Drives the handshake, or decrypts records
  // into the plaintext buffer once established.
  void on_bytes(ByteView data);
  // Encrypts application data (established only).
  Status write(ByteView plaintext);
  // Sends close_notify (RFC 8446 §6.1) if the session is established.
  void close_notify();
  // Asks the server for a new handshake inside the session: client-initiated
  // renegotiation (RFC 5246 §7.4.1.2, secured by RFC 5746), for the TLS
  // grading's renegotiation_client. TLS 1.2, established, no plaintext
  // waiting, and once per session; anything else is refused with an error
  // and changes nothing. The answer arrives through on_bytes():
  // renegotiation() turns from pending to accepted, refused or failed, and
  // the session stays usable (write()) only when accepted. The server's
  // bytes while pending are bounded by TlsLimits::max_handshake_bytes, as
  // the first handshake; the caller bounds the time.
  Status renegotiate();
  [[nodiscard]] std::optional<RenegotiationEnd> renegotiation() const { return renegotiation_; }
  // The alert the server answered the renegotiation with (refused), if any.
  [[nodiscard]] std::optional<std::uint8_t> renegotiation_alert() const { return renegotiation_alert_; }

  [[nodiscard]] Bytes take_output();
  [[nodiscard]] Bytes take_plaintext();
  [[nodiscard]] std::size_t buffered_plaintext() const;

  [[nodiscard]] TlsState state() const { return state_; }
  // Valid once established (and kept afterwards, also if the session later fails).
  [[nodiscard]] const TlsInfo& info() const { return info_; }
  [[nodiscard]] bool handshake_completed() const { return handshake_completed_; }
  // Valid when state() == failed.
  [[nodiscard]] const TlsFailure& failure() const { return failure_; }
  [[nodiscard]] std::size_t handshake_bytes_received() const { return handshake_bytes_; }

  struct Engine;  // Mbed TLS contexts; public only for the BIO callbacks

 private:
  void drive_handshake();
  void drive_renegotiation();
  void read_application_data();
  void fail(int mbedtls_error, std::string reason);
  void record_negotiated();

  TlsConfig config_;
  std::unique_ptr<Engine> engine_;
  TlsState state_ = TlsState::idle;
  bool handshake_completed_ = false;
  std::size_t handshake_bytes_ = 0;
  std::size_t renegotiation_bytes_ = 0;
  std::optional<RenegotiationEnd> renegotiation_;
  std::optional<std::uint8_t> renegotiation_alert_;
  TlsInfo info_;
  TlsFailure failure_;
};

}  // namespace daneel::tls
