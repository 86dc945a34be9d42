// The facts about a failed handshake that Mbed TLS 3.6 keeps only in private
// fields of mbedtls_ssl_context: which fatal alert the peer sent, which one
// Mbed TLS sent back, and which signature schemes it offered. Isolated here (the one file compiled with
// MBEDTLS_ALLOW_PRIVATE_ACCESS) so an Mbed TLS update touches one place;
// tests/unit/tls_client_test.cpp covers both.
#pragma once

#include <cstdint>
#include <optional>

struct mbedtls_ssl_context;

namespace daneel::tls {

// After mbedtls_ssl_handshake()/read() returned MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE:
// the AlertDescription of the record it just processed (also when encrypted).
std::optional<std::uint8_t> fatal_alert_received(const mbedtls_ssl_context& ssl);
// After mbedtls_ssl_renegotiate() returned MBEDTLS_ERR_SSL_WAITING_SERVER_HELLO_RENEGO
// (a record other than a handshake message came while it waited for the
// ServerHello, and is held for the next read): that record's AlertDescription
// when it is an alert (e.g. a warning no_renegotiation, RFC 5246 §7.2.2).
std::optional<std::uint8_t> held_alert(const mbedtls_ssl_context& ssl);
// The fatal alert Mbed TLS queued (mbedtls_ssl_pend_fatal_alert) on a failure.
std::optional<std::uint8_t> fatal_alert_sent(const mbedtls_ssl_context& ssl);
// Whether the configuration's signature_algorithms list (what the ClientHello
// offers; Mbed TLS checks the server's choice against the same list) holds
// `scheme` (IANA SignatureScheme).
bool signature_scheme_offered(const mbedtls_ssl_context& ssl, std::uint16_t scheme);

}  // namespace daneel::tls
