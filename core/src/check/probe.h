// The probe seam: the per-address work of a check (TCP connect, SMTP,
// STARTTLS, TLS) ends in one ProbeResult, whatever produced it. A live check
// runs an smtp::SmtpSession over the driver's connection; `verify` replays the
// probe recorded in a report's evidence instead of opening a connection.
// Later producers (the proxy's relay, a TLS grading probe) hook in here too.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "check/connection_end.h"
#include "smtp/smtp_result.h"

namespace daneel::check {

// Which address of which MX host is probed, and how.
struct ProbeTarget {
  std::string host;     // the MX host as reported (A-label, no trailing dot)
  std::string address;  // IPv4 dotted quad or IPv6 text
  // true: SNI = TLSA base domain (RFC 7672 §8.1); false: the extra probe
  // without SNI (CheckConfig::probe_without_sni). Part of the probe's key.
  bool sni = true;
};

struct ProbeResult {
  bool connected = false;
  std::string connect_error;             // why there was no connection (empty when connected)
  std::optional<CloseReason> connection_end;  // who failed or ended the connection, as the driver said
  std::optional<smtp::SmtpResult> smtp;  // the session's result, when it ran to its end
};

// Set in CheckConfig::probe_replay: the check opens no connections and takes
// each probe's result from here (called once per probe, synchronously).
using ProbeReplay = std::function<ProbeResult(const ProbeTarget& target)>;

// Set in CheckConfig::probe_source (mixed mode, beside ProbeReplay): a probe
// made earlier, by another check of a domain using the same MX host (batch
// mode's shared per-host work, shared_probes.h). A target it knows is taken
// from it; for one it does not (nullopt) the check opens a connection as
// usual. Called synchronously when the probe would start, and again while
// it waits for a connection slot (a probe made meanwhile is then taken). The
// check judges a shared result exactly as a live one (DANE match
// with its own TLSA records, reference identifiers and `now`).
using ProbeSource = std::function<std::optional<ProbeResult>(const ProbeTarget& target)>;

}  // namespace daneel::check
