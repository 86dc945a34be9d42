// Why a connection ended, or never opened, as the driver that ran it knows
// it. The report blames the mail server only for what the mail server did:
// a relay that refused or cut a session, or a local network without a route,
// leaves the address untested (docs/CHECK.md, "Who ended a connection").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace daneel::check {

enum class CloseCause : std::uint8_t {
  server_closed,  // the mail server closed the connection (FIN); also what a driver reports when it cannot tell
  server_reset,   // the mail server reset it (RST), or refused the connection
  server_silent,  // the mail server did not answer the connection attempt in time
  relay_refused,  // the relay refused by its policy (destination, rate, origin, SMTP rules)
  relay_cap,      // one of the relay's caps ended the session (idle, bytes, session time)
  relay_failed,   // the relay could not be reached, failed, or shut down
  local_network,  // this machine's network: no route, no address of that family
};

std::string_view to_string(CloseCause cause);
// The cause named by `word` (the words of to_string); unset for anything else.
std::optional<CloseCause> close_cause_named(std::string_view word);

// True for the causes that are the mail server's doing.
bool blames_mail_server(CloseCause cause);

struct CloseReason {
  CloseCause cause = CloseCause::server_closed;
  std::uint16_t relay_code = 0;  // the relay's WebSocket close code (relay causes), else 0
  std::string detail;            // the driver's words, for people
  friend bool operator==(const CloseReason&, const CloseReason&) = default;
};

// A connection that ended so (unset: not ended by anyone) was ended by the
// relay or the local network, not by the mail server: it says nothing of it.
bool ended_not_by_mail_server(const std::optional<CloseReason>& end);

}  // namespace daneel::check
