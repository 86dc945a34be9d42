// What the TLS client is asked to do and what it records. Plain values: the
// check engine copies them into its report, DANE matching reads the chain.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"

namespace daneel::tls {

enum class TlsVersion : std::uint8_t { tls1_2, tls1_3 };

std::string_view to_string(TlsVersion version);

struct TlsLimits {
  // Bytes the server may send before the handshake completes. A real chain is
  // a few KiB; 256 KiB allows huge chains (many intermediates, big RSA keys)
  // and still bounds what a hostile server can make us buffer and parse.
  std::size_t max_handshake_bytes = 256 * 1024;
  // Decrypted application data waiting to be taken (SMTP replies over TLS).
  std::size_t max_plaintext_buffer = 64 * 1024;
  // Certificates kept from the server's chain (RFC 8446 §4.4.2 has no limit;
  // real chains have 1-4 entries).
  std::size_t max_chain_certificates = 16;
};

struct TlsConfig {
  // SNI (RFC 6066 §3): the TLSA base domain (RFC 7672 §8.1), without a
  // trailing dot. Empty: no SNI (e.g. a probe for SNI-dependent certificates).
  std::string server_name;
  TlsVersion min_version = TlsVersion::tls1_2;
  TlsVersion max_version = TlsVersion::tls1_3;
  TlsLimits limits;
};

// What was negotiated, read from Mbed TLS and from the server's plaintext
// handshake messages (server_hello_observer.h).
struct TlsInfo {
  TlsVersion version = TlsVersion::tls1_3;
  std::uint16_t cipher_suite = 0;    // IANA TLS Cipher Suites registry value
  std::string cipher_suite_name;     // IANA name, e.g. TLS_AES_256_GCM_SHA384
  std::uint16_t group = 0;           // IANA TLS Supported Groups value; 0 = unknown
  std::string group_name;            // e.g. x25519, secp256r1, ffdhe/2048-bit
  // Server's signature scheme (IANA TLS SignatureScheme). Visible in TLS 1.2's
  // plaintext ServerKeyExchange only; TLS 1.3 encrypts CertificateVerify
  // (RFC 8446 §4.4.3), so it is absent there.
  std::optional<std::uint16_t> signature_scheme;
  std::string signature_scheme_name;
  bool hello_retry_request = false;  // TLS 1.3: the server asked for another key share
  // TLS 1.2 only (TLS 1.3 has neither: its key schedule always binds the
  // transcript and it has no renegotiation).
  bool extended_master_secret = false;  // RFC 7627
  bool secure_renegotiation = false;    // RFC 5746 renegotiation_info
  // ALPN is never offered (SMTP has no ALPN identifier); recorded for reports.
  bool alpn_offered = false;
  // The certificates the server sent, in the order sent (leaf first), DER.
  std::vector<Bytes> chain;
};

// How a client-initiated renegotiation (TlsClient::renegotiate, TLS 1.2
// only: TLS 1.3 has none) ended. Internet.nl's `renegotiation_client`.
enum class RenegotiationEnd : std::uint8_t {
  pending,   // asked; the server has not answered yet
  accepted,  // the server completed a new handshake in the session
  refused,   // it answered with an alert (no_renegotiation, handshake_failure, ...) or close_notify
  failed,    // the new handshake broke on the checker's side (its TLS library); says nothing of the server
};
std::string_view to_string(RenegotiationEnd end);

// Whose doing a failed handshake is. A report never fails a mail server for
// the checker's own limits (docs/SMTP_TLS.md, "Who a failed handshake is
// blamed on"): `checker` when daneel's TLS library refused something the
// server was entitled to send, `server` for everything else (its alert,
// garbage, a choice that was not offered, a signature that does not verify).
enum class FailureSide : std::uint8_t { server, checker };

struct TlsFailure {
  int mbedtls_error = 0;                     // negative Mbed TLS error code
  std::optional<std::uint8_t> alert_received;  // RFC 8446 §6 AlertDescription
  std::optional<std::uint8_t> alert_sent;
  FailureSide side = FailureSide::server;
  std::string reason;                        // for people: what went wrong
};

}  // namespace daneel::tls
