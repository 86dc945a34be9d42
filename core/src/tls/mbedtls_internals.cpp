// See mbedtls_internals.h: the only translation unit reading private fields.
#define MBEDTLS_ALLOW_PRIVATE_ACCESS
#include "tls/mbedtls_internals.h"

#include <mbedtls/ssl.h>

#include <cstddef>

namespace daneel::tls {

std::optional<std::uint8_t> fatal_alert_received(const mbedtls_ssl_context& ssl) {
  // ssl_msg.c: an alert record has in_msglen == 2, in_msg = {level, description}.
  if (ssl.in_msgtype != MBEDTLS_SSL_MSG_ALERT || ssl.in_msg == nullptr || ssl.in_msglen != 2) return std::nullopt;
  return ssl.in_msg[1];
}

std::optional<std::uint8_t> held_alert(const mbedtls_ssl_context& ssl) {
  // The same record layout as above; ssl_tls12_client.c keeps the record
  // (keep_current_message) and returns before reading another one.
  return fatal_alert_received(ssl);
}

std::optional<std::uint8_t> fatal_alert_sent(const mbedtls_ssl_context& ssl) {
  // mbedtls_ssl_pend_fatal_alert() sets alert_reason (an error code, never 0)
  // together with alert_type; send_alert is cleared once the alert is written.
  if (ssl.alert_reason == 0) return std::nullopt;
  return ssl.alert_type;
}

bool signature_scheme_offered(const mbedtls_ssl_context& ssl, std::uint16_t scheme) {
  if (ssl.conf == nullptr || ssl.conf->sig_algs == nullptr) return false;
  // The list ends with MBEDTLS_TLS1_3_SIG_NONE (0) (ssl.h, mbedtls_ssl_conf_sig_algs);
  // presets have about ten entries, 64 bounds a list we never configured.
  for (std::size_t i = 0; i < 64 && ssl.conf->sig_algs[i] != MBEDTLS_TLS1_3_SIG_NONE; ++i)
    if (ssl.conf->sig_algs[i] == scheme) return true;
  return false;
}

}  // namespace daneel::tls
