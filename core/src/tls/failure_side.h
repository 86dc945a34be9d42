// Who a failed handshake is blamed on (tls_types.h FailureSide). One rule,
// documented in docs/SMTP_TLS.md: the report never fails a mail server for
// what daneel's own TLS library cannot do.
#pragma once

#include <cstdint>
#include <optional>

#include "tls/tls_types.h"

namespace daneel::tls {

struct FailureFacts {
  int mbedtls_error = 0;             // the negative Mbed TLS error code of the failure
  bool alert_received = false;       // the server sent a fatal alert
  // TLS 1.2: the signature scheme of the server's ServerKeyExchange, and
  // whether daneel offered it in its ClientHello's signature_algorithms.
  std::optional<std::uint16_t> server_signature_scheme;
  bool server_signature_scheme_offered = false;
};

// `checker` when the server did nothing wrong that daneel can see and daneel
// refused what it sent for want of support: a certificate its X.509 parser
// cannot read (unknown version, signature or key algorithm, curve, an
// unsupported critical extension), a feature Mbed TLS lacks, or a
// ServerKeyExchange signed with a scheme daneel itself offered but then
// rejected (Mbed TLS 3.6.6's RSA-PSS regression is of that class). Everything
// else is `server`: its alert, malformed messages, choices daneel did not
// offer, signatures that do not verify, weak parameters, byte caps.
FailureSide blame_handshake_failure(const FailureFacts& facts);

}  // namespace daneel::tls
