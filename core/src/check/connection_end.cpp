#include "check/connection_end.h"

#include <array>

namespace daneel::check {

namespace {

constexpr std::array kCauses{CloseCause::server_closed, CloseCause::server_reset,  CloseCause::server_silent,
                             CloseCause::relay_refused, CloseCause::relay_cap,     CloseCause::relay_failed,
                             CloseCause::local_network};

}  // namespace

std::string_view to_string(CloseCause cause) {
  switch (cause) {
    case CloseCause::server_closed: return "server_closed";
    case CloseCause::server_reset: return "server_reset";
    case CloseCause::server_silent: return "server_silent";
    case CloseCause::relay_refused: return "relay_refused";
    case CloseCause::relay_cap: return "relay_cap";
    case CloseCause::relay_failed: return "relay_failed";
    case CloseCause::local_network: return "local_network";
  }
  return "server_closed";
}

std::optional<CloseCause> close_cause_named(std::string_view word) {
  for (const CloseCause cause : kCauses)
    if (to_string(cause) == word) return cause;
  return std::nullopt;
}

bool blames_mail_server(CloseCause cause) {
  return cause == CloseCause::server_closed || cause == CloseCause::server_reset || cause == CloseCause::server_silent;
}

bool ended_not_by_mail_server(const std::optional<CloseReason>& end) {
  return end.has_value() && !blames_mail_server(end->cause);
}

}  // namespace daneel::check
