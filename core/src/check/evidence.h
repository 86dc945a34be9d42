// The evidence of a check (Report::evidence): every DoH answer the check
// consumed, as DNS wire, and every address's probe result, with the served
// certificate chain as DER. `verify` (verify.h) replays a check from it alone.
//
// The recorder sits on the check's side of the IO seam: it sees each DoH
// exchange the check asks for, the answer the driver brings back, and each
// finished probe. It is bounded (EvidenceLimits); past a bound it stops
// recording and marks the evidence incomplete, and verify then says it cannot
// verify rather than reporting differences that the bound caused.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "check/probe.h"
#include "check/report.h"
#include "check/report_evidence.h"
#include "dns/doh.h"
#include "dns/query_engine.h"
#include "util/result.h"

namespace daneel::check {

struct EvidenceLimits {
  // A check asks ~4 questions per MX host plus the DNSKEY/DS chain: a few
  // dozen; 20 hosts in 20 zones stay well below 1024.
  std::size_t max_dns_answers = 1024;
  std::size_t max_probes = 256;  // 20 hosts x 8 addresses = 160, + 20 without SNI
  // DNS wire, certificate DER and reply text together (before base64).
  std::size_t max_bytes = 4 * 1024 * 1024;
  std::size_t max_chain_certificates = 16;  // tls::TlsLimits::max_chain_certificates
};

// The question of a DoH request (the POST body, or GET's ?dns= parameter),
// as the key evidence is filed under: "<name in lower case, trailing dot> <TYPE>".
std::optional<std::string> doh_question_key(const dns::DohRequest& request);
std::string question_key(const dns::Name& qname, dns::RrType qtype);

// A probe as evidence, and back. `smtp` is null when no session completed.
ProbeEvidence probe_evidence(const ProbeTarget& target, const ProbeReport& probe, const smtp::SmtpResult* smtp);
// Fails (malformed) on names that are not smtp::Outcome / Phase / TLS version names.
Result<ProbeResult> probe_result(const ProbeEvidence& evidence);

class EvidenceRecorder {
 public:
  explicit EvidenceRecorder(EvidenceLimits limits = {}) : limits_(limits) {}

  void on_request(dns::RequestId id, const dns::DohRequest& request);
  void on_cancel(dns::RequestId id);
  // Records 2xx answers to requests seen in on_request (a late answer to a
  // cancelled request is not consumed by the check and is not recorded).
  void on_response(dns::RequestId id, const dns::HttpResponse& response, TimeMs now);
  void on_probe(ProbeEvidence probe);

  // The evidence so far, stamped with the check's start time (answers' `at` relative to it).
  [[nodiscard]] Evidence evidence(TimeMs time) const;

 private:
  bool fits(std::size_t bytes, const char* what);

  EvidenceLimits limits_;
  std::map<dns::RequestId, std::string> pending_;  // request id -> question key
  Evidence evidence_;
  std::size_t bytes_ = 0;
};

}  // namespace daneel::check
