// The relay's WebSocket close codes: one table, from which docs/PROXY.md's
// table and (in a later step) the browser's RELAY_CLOSE_CODES
// (wasm/src/transport-websocket.mjs) are checked. The existing numbers and
// words are the ones the browser transport already knows; new codes continue
// at 4010. Refusals pick their code here, and the close reason names the
// rule (never a payload, never an address), within the 123 octets a close
// frame allows.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "policy/address_filter.h"
#include "policy/admission.h"
#include "policy/opt_out.h"
#include "policy/origin_allowlist.h"
#include "policy/smtp_plaintext_guard.h"
#include "policy/tls_record_budget.h"

namespace daneel::proxy::policy {

enum class CloseCode : std::uint16_t {
  closed = 1000,
  going_away = 1001,  // the relay drains on SIGTERM
  abnormal = 1006,    // never sent; what the browser reports when no close frame came
  policy = 1008,      // generic refusal (also: a text frame, RFC 6455 1003 is not used by the JS)
  internal_error = 1011,
  busy = 1013,                   // global concurrency reached
  bad_request = 4000,            // missing or malformed query parameters
  forbidden_destination = 4001,  // the address is in a denied range (reason: the range)
  connect_refused = 4002,
  connect_timeout = 4003,
  unreachable = 4004,
  upstream_closed = 4005,
  upstream_reset = 4006,
  idle_timeout = 4007,
  rate_limited = 4008,   // throttled (reason: which limit)
  too_much_data = 4009,  // a byte cap (reason: which one)
  not_mx = 4010,         // the host is not in the domain's MX set
  address_not_of_host = 4011,
  smtp_refused = 4012,  // a client SMTP line the relay does not forward (reason: the rule)
  pregreet = 4013,
  origin_refused = 4014,
  tls_refused = 4015,        // a TLS record outside the policy (reason: the rule)
  upstream_protocol = 4016,  // the mail server's plaintext is not SMTP
  dns_failed = 4017,         // the relay's resolver failed while verifying the destination (reason: how)
  opted_out = 4018,          // on the operator's opt-out list (reason: domain, MX host or address)
};

struct CloseCodeInfo {
  CloseCode code;
  std::string_view word;     // the error word the browser reports
  std::string_view meaning;  // one line for docs/PROXY.md
};

[[nodiscard]] std::span<const CloseCodeInfo> close_code_table();
[[nodiscard]] const CloseCodeInfo& info(CloseCode code);

// RFC 6455 §5.5: a control frame payload is at most 125 octets, two of which
// carry the code.
inline constexpr std::size_t kMaxCloseReason = 123;

struct Close {
  CloseCode code = CloseCode::policy;
  std::string reason;
};

[[nodiscard]] Close close_for(const AddressVerdict& verdict);  // only for a denied address
[[nodiscard]] Close close_for(OriginDecision decision);        // only for a refusal
[[nodiscard]] Close close_for(AdmissionDecision decision);     // only for a refusal
[[nodiscard]] Close close_for(const PlaintextRefusal& refusal);
[[nodiscard]] Close close_for(const TlsRefusal& refusal);
[[nodiscard]] Close close_for(OptOutKind kind);

}  // namespace daneel::proxy::policy
