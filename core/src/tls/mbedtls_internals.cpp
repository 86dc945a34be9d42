// See mbedtls_internals.h: the only translation unit reading private fields.
#define MBEDTLS_ALLOW_PRIVATE_ACCESS
#include "tls/mbedtls_internals.h"

#include <mbedtls/ssl.h>

namespace daneel::tls {

std::optional<std::uint8_t> fatal_alert_received(const mbedtls_ssl_context& ssl) {
  // ssl_msg.c: an alert record has in_msglen == 2, in_msg = {level, description}.
  if (ssl.in_msgtype != MBEDTLS_SSL_MSG_ALERT || ssl.in_msg == nullptr || ssl.in_msglen != 2) return std::nullopt;
  return ssl.in_msg[1];
}

std::optional<std::uint8_t> fatal_alert_sent(const mbedtls_ssl_context& ssl) {
  // mbedtls_ssl_pend_fatal_alert() sets alert_reason (an error code, never 0)
  // together with alert_type; send_alert is cleared once the alert is written.
  if (ssl.alert_reason == 0) return std::nullopt;
  return ssl.alert_type;
}

}  // namespace daneel::tls
