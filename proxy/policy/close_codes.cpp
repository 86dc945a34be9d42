#include "policy/close_codes.h"

#include <array>

namespace daneel::proxy::policy {
namespace {

constexpr std::array kTable{
    CloseCodeInfo{CloseCode::closed, "closed", "normal close"},
    CloseCodeInfo{CloseCode::going_away, "relay_going_away", "relay shutting down"},
    CloseCodeInfo{CloseCode::abnormal, "relay_unreachable", "no WebSocket, or dropped without a close frame"},
    CloseCodeInfo{CloseCode::policy, "policy", "refused (generic)"},
    CloseCodeInfo{CloseCode::internal_error, "relay_error", "relay internal failure"},
    CloseCodeInfo{CloseCode::busy, "relay_busy", "overloaded, try later"},
    CloseCodeInfo{CloseCode::bad_request, "bad_request", "query parameters missing or malformed"},
    CloseCodeInfo{CloseCode::forbidden_destination, "forbidden_destination",
                  "address not allowed by the relay's policy (reason: the range)"},
    CloseCodeInfo{CloseCode::connect_refused, "connect_refused", "TCP RST from the mail server"},
    CloseCodeInfo{CloseCode::connect_timeout, "connect_timeout", "TCP connect timed out"},
    CloseCodeInfo{CloseCode::unreachable, "unreachable", "no route / network unreachable"},
    CloseCodeInfo{CloseCode::upstream_closed, "upstream_closed",
                  "the mail server closed (after `connected`)"},
    CloseCodeInfo{CloseCode::upstream_reset, "upstream_reset", "the mail server reset the connection"},
    CloseCodeInfo{CloseCode::idle_timeout, "idle_timeout", "no traffic for too long"},
    CloseCodeInfo{CloseCode::rate_limited, "rate_limited", "throttled (reason: which limit)"},
    CloseCodeInfo{CloseCode::too_much_data, "too_much_data", "a byte cap was reached (reason: which cap)"},
    CloseCodeInfo{CloseCode::not_mx, "not_mx", "the host is not an MX of the domain"},
    CloseCodeInfo{CloseCode::address_not_of_host, "address_not_of_host",
                  "the address is not one of the host's addresses"},
    CloseCodeInfo{CloseCode::smtp_refused, "smtp_refused",
                  "an SMTP command or line the relay does not forward (reason: the rule)"},
    CloseCodeInfo{CloseCode::pregreet, "pregreet", "the client sent bytes before the server's greeting"},
    CloseCodeInfo{CloseCode::origin_refused, "origin_refused", "the page's Origin is missing or not allowed"},
    CloseCodeInfo{CloseCode::tls_refused, "tls_refused",
                  "a TLS record outside the relay's policy (reason: the rule)"},
    CloseCodeInfo{CloseCode::upstream_protocol, "upstream_protocol",
                  "the mail server sent plaintext that is not SMTP"},
    CloseCodeInfo{CloseCode::dns_failed, "relay_dns_failed",
                  "the relay's own DNS resolver failed while verifying the destination (reason: how)"},
    CloseCodeInfo{CloseCode::opted_out, "opted_out",
                  "the mail server's operator asked not to be tested (reason: domain, MX host or address)"},
};

Close make(CloseCode code, std::string_view reason) {
  return Close{code, std::string(reason.substr(0, kMaxCloseReason))};
}

}  // namespace

std::span<const CloseCodeInfo> close_code_table() {
  return kTable;
}

const CloseCodeInfo& info(CloseCode code) {
  for (const CloseCodeInfo& row : kTable)
    if (row.code == code) return row;
  return kTable[3];  // unreachable for enum values; every one has a row (tested)
}

Close close_for(const AddressVerdict& verdict) {
  return make(CloseCode::forbidden_destination, to_string(verdict.reason));
}

Close close_for(OriginDecision decision) {
  return make(CloseCode::origin_refused, to_string(decision));
}

Close close_for(AdmissionDecision decision) {
  if (decision == AdmissionDecision::global_concurrency) return make(CloseCode::busy, to_string(decision));
  return make(CloseCode::rate_limited, to_string(decision));
}

Close close_for(const PlaintextRefusal& refusal) {
  switch (refusal.rule) {
    case PlaintextRule::pregreet:
      return make(CloseCode::pregreet, to_string(refusal.rule));
    case PlaintextRule::cap_exceeded:
      return make(CloseCode::too_much_data, to_string(refusal.cap));
    case PlaintextRule::server_line_too_long:
    case PlaintextRule::server_bad_reply:
      return make(CloseCode::upstream_protocol, to_string(refusal.rule));
    default:
      return make(CloseCode::smtp_refused, to_string(refusal.rule));
  }
}

Close close_for(OptOutKind kind) {
  return make(CloseCode::opted_out, to_string(kind));
}

Close close_for(const TlsRefusal& refusal) {
  if (refusal.rule == TlsRule::cap_exceeded) return make(CloseCode::too_much_data, to_string(refusal.cap));
  const bool from_client = refusal.direction == Direction::client_to_server;
  return make(CloseCode::tls_refused,
              std::string(from_client ? "client " : "server ") + std::string(to_string(refusal.rule)));
}

}  // namespace daneel::proxy::policy
