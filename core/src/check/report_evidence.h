// The evidence part of a report (Report::evidence, JSON "evidence"): what a
// check consumed, so that `verify` (verify.h) can replay it offline and get the
// same verdicts for the time the check was made. Recorded by EvidenceRecorder
// (evidence.h); JSON in evidence_json.{h,cpp}; docs/CHECK.md, "Evidence and verify".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/connection_end.h"
#include "util/bytes.h"
#include "util/time.h"

namespace daneel::check {

// One DoH answer the check consumed. The DoH server is not evidence: the
// answer is judged by its DNSSEC signatures, not by who served it.
struct DnsEvidence {
  std::string qname;  // the question, canonical (lower case), trailing dot
  std::string qtype;  // "TLSA", "TYPE65280"
  Bytes wire;         // the DNS message as received (JSON: base64)
  DurationMs at = 0;  // when it arrived, ms after Evidence::time: the replay keeps the order of events
};

struct ReplyEvidence {
  int code = 0;
  std::vector<std::string> lines;
  std::string phase;  // smtp::Phase name
  bool over_tls = false;
};

// One address's probe: the connection, the SMTP session's result and the
// certificate chain the server served.
struct ProbeEvidence {
  std::string host, address;
  bool sni = true;  // false: the extra probe without SNI (JSON "sni"; absent in older reports: true)
  bool connected = false;
  std::string connect_error;
  std::optional<CloseReason> connection_end;  // JSON "connection_end" (absent in older reports: unset)
  bool completed = false;              // the SMTP session ran to its end (JSON: "smtp" is null otherwise)
  std::string outcome, phase, detail;  // smtp::Outcome and smtp::Phase names
  std::vector<ReplyEvidence> replies;
  bool tls = false;  // a completed handshake (JSON: "tls" is null otherwise)
  std::string tls_version;
  std::uint16_t cipher_suite = 0, group = 0;
  std::string cipher_suite_name, group_name;
  std::vector<Bytes> chain;  // DER, as served (leaf first; JSON: base64)
  // What the TLS grading reads of the handshake (schema 1.3; absent in older
  // reports: unset / false, and those carry no grading to replay).
  std::optional<std::uint16_t> signature_scheme;
  bool extended_master_secret = false;
  bool secure_renegotiation = false;
  // The client-initiated renegotiation after EHLO over TLS (schema 1.5;
  // smtp::Renegotiation's word; absent in older reports: not_asked) and the
  // alert that refused it.
  std::string renegotiation = "not_asked";
  std::optional<std::uint8_t> renegotiation_alert;
};

struct Evidence {
  TimeMs time = 0;  // the check's start: `now` for RRSIG validity and certificate dates on replay
  std::vector<DnsEvidence> dns;
  std::vector<ProbeEvidence> probes;
  bool complete = true;  // false: a bound was hit (EvidenceLimits); verify cannot verify
  std::string incomplete_reason;
};

}  // namespace daneel::check
