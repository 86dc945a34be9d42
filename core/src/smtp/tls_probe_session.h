// One grading probe (docs/TLS_GRADING.md, sections 2-3) as a sans-IO state
// machine: greeting, EHLO and STARTTLS by the check's own SMTP code
// (SmtpSession with hand_off_at_starttls, so the plaintext rules, limits and
// injection check are the same), then one ClientHello built by the core
// (tls::build_probe_client_hello), the server's first flight read with
// tls::read_server_flight until it is decided, then close. Never sends
// anything after the ClientHello: no key exchange, no application data, no
// QUIT (the TLS layer owns the connection by then; closing is enough).
//
// Driver contract as SmtpSession's: on_connected(), on_bytes(), take_output()
// after every call, on_timer() at next_deadline(), close when wants_close(),
// on_closed() when the server closed; done() -> result().
#pragma once

#include <optional>
#include <string>

#include "smtp/probe_end.h"
#include "smtp/smtp_session.h"
#include "tls/grading_tables.h"
#include "tls/probe_plan.h"
#include "tls/server_flight.h"
#include "util/bytes.h"
#include "util/result.h"
#include "util/time.h"

namespace daneel::smtp {


struct TlsProbeConfig {
  tls::ProbeKind kind = tls::ProbeKind::legacy;
  Bytes client_hello;       // the whole record: make_probe_client_hello()
  std::string ehlo_name = "localhost";
  SmtpLimits limits;
  SmtpTimeouts timeouts;    // greeting .. starttls as the check; tls_handshake bounds the flight
  tls::FlightLimits flight_limits;
};

struct TlsProbeResult {
  tls::ProbeKind kind = tls::ProbeKind::legacy;
  ProbeEnd end = ProbeEnd::protocol_error;
  std::string detail;                     // for people: why it ended so
  std::optional<tls::ServerFlight> flight;  // answered: the decided flight (status != need_more)
  SmtpResult smtp;                        // the plaintext part, as far as it went
  TimeMs hello_sent_at = 0;
  TimeMs finished_at = 0;
  std::size_t flight_bytes = 0;
  Bytes received;  // the server's TLS bytes as received (bounded by flight_limits; for recordings)
};

// The probe's ClientHello record for `kind`: the plan's offer for
// `server_name` (tls::probe_offer) with 128 bytes of `entropy` (32 random, 32
// session id, 64 for key shares).
Result<Bytes> make_probe_client_hello(tls::ProbeKind kind, const tls::GradingTables& tables,
                                      std::string_view server_name, ByteView entropy);

class TlsProbeSession {
 public:
  TlsProbeSession(TlsProbeConfig config, const tls::GradingTables& tables);

  void on_connected(TimeMs now);
  void use_ehlo_name(std::string name) { smtp_.use_ehlo_name(std::move(name)); }
  void on_bytes(ByteView data, TimeMs now);
  void on_closed(TimeMs now);
  void on_timer(TimeMs now);

  [[nodiscard]] Bytes take_output();
  [[nodiscard]] bool wants_close() const { return done(); }
  [[nodiscard]] std::optional<TimeMs> next_deadline() const;
  [[nodiscard]] bool done() const { return result_.has_value(); }
  [[nodiscard]] const TlsProbeResult& result() const { return *result_; }

 private:
  void after_smtp(TimeMs now);
  void finish(ProbeEnd end, std::string detail, TimeMs now);

  TlsProbeConfig config_;
  const tls::GradingTables& tables_;
  SmtpSession smtp_;
  bool hello_sent_ = false;
  TimeMs flight_deadline_ = 0;
  Bytes received_;  // the server's TLS bytes, at most flight_limits.max_bytes
  Bytes output_;
  std::optional<TlsProbeResult> result_;
};

}  // namespace daneel::smtp
