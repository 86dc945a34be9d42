// verify: re-judge a report from its evidence alone, offline, for the time it
// was made. Sans IO and synchronous: it runs the same check::Check with a
// replay in place of the network (DoH answers from evidence.dns, matched on
// the question; probe results from evidence.probes through the probe seam,
// probe.h), `now` = evidence.time, then compares the verdicts of the new
// report with the given one's.
//
// Compared: the domain verdict and outcome code, the summary block (when the
// given report has one), every subtest's status and code, and per host and
// per address the name, verdict and outcome code, and the TLS grading's
// subtests (status and code, per address, per host and for the domain:
// replayed from the probes' recorded answers, grading.h; mail_caa from the
// recorded CAA answers; cert_trust with VerifyConfig::root_store). Texts, timings and DNS details
// (which name the DoH server) are not verdicts and are not compared.
//
// Answers are delivered at their recorded times (`at`), so events keep their
// live order. A question the evidence does not answer gets no answer (the
// query engine's timeout fails it, as a lost answer would), and a probe it
// lacks replays as a connection failure: both show up as differences.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/check.h"
#include "check/evidence.h"
#include "check/report.h"
#include "dnssec/algorithms.h"
#include "dnssec/trust_anchors.h"
#include "util/result.h"

namespace daneel::check {

struct VerifyConfig {
  std::string trust_anchors;  // as CheckConfig::trust_anchors (empty: the root's KSKs)
  // The language of trust_anchors_differ's text (empty or not supported: the
  // report's language, else the default).
  std::string lang;
  dnssec::ValidationPolicy policy;
  CheckLimits limits;  // the counts that shaped the original check
  // The root store cert_trust is replayed with (GradingConfig::root_store):
  // the check's own, or its cert_trust may differ (the report's roots were
  // others). Empty (a browser has none to hand over): cert_trust is not
  // replayed, and where it differs that is listed in not_replayed, not in
  // differences.
  std::string root_store;
  EvidenceLimits evidence;
  std::size_t max_input = 32 * 1024 * 1024;  // bytes of report JSON
};

struct Difference {
  std::string path;      // e.g. "hosts[0].addresses[1].verdict"
  std::string reported;  // in the given report (JSON text; "(absent)" when missing)
  std::string verified;  // in the replayed one
};

// What verify could not replay here, and so did not compare.
enum class NotReplayedReason : std::uint8_t {
  no_root_store,  // cert_trust: VerifyConfig::root_store is empty
};
std::string_view to_string(NotReplayedReason reason);

struct NotReplayed {
  std::string path;  // as a Difference's, e.g. "grading.subtests.cert_trust.status"
  NotReplayedReason reason = NotReplayedReason::no_root_store;
};

struct VerifyResult {
  bool ok = false;            // evidence complete and no differences (not_replayed does not count)
  std::string cannot_verify;  // why the evidence cannot be replayed (absent, incomplete)
  std::vector<Difference> differences;
  // Where the report and the replay differ in what the replay could not
  // judge as the check did (cert_trust without a root store).
  std::vector<NotReplayed> not_replayed;
  // Questions the replay asked that the evidence does not answer ("<name> <TYPE>",
  // at most 64): they replayed as DoH failures. A live check may finish before
  // answers it no longer needs arrive, so a question here need not cause a difference.
  std::vector<std::string> unanswered;
  std::optional<Report> report;  // the replayed check's report
  // The trust anchors the report names (schema 1.2; nullopt for an older
  // report, which names none) and those verify judged with. When the report
  // names anchors that are not the same keys (owner, key tag, algorithm) as
  // verify's, trust_anchors_differ is the finding that says so
  // ("verify_trust_anchors_differ", rendered in VerifyConfig::lang): the
  // differences then follow from the anchors alone, whatever the evidence.
  std::optional<std::vector<dnssec::TrustAnchorKey>> report_trust_anchors;
  std::vector<dnssec::TrustAnchorKey> verify_trust_anchors;
  std::optional<Note> trust_anchors_differ;
};

// Errors (the input is not a report): malformed JSON, too deep or too large
// (limit_exceeded), missing or mistyped fields; verify's own trust anchors
// that do not parse (invalid_argument). A report without evidence,
// with incomplete evidence, or one that hit the check deadline (timed_out), is
// not an error: ok = false, cannot_verify says why.
Result<VerifyResult> verify_report(std::string_view report_json, const VerifyConfig& config);

// {"ok": bool, "trust_anchors_differ": {"code", "params", "text", "fix"} | null,
//  "cannot_verify": string (only when set),
//  "differences": [{"path", "report", "verify"}], "unanswered": ["<name> <TYPE>"],
//  "not_replayed": [{"path", "reason"}] (only when there is one),
//  "trust_anchors": {"report": [...] | null, "verify": [...]} (evidence_json.h's form),
//  "report": {...} | null}
std::string verify_result_to_json(const VerifyResult& result);

}  // namespace daneel::check
