#include "check/report.h"

#include "check/evidence_json.h"
#include "check/grading_json.h"
#include "check/json.h"

namespace daneel::check {

std::string_view to_string(SubtestStatus status) {
  switch (status) {
    case SubtestStatus::passed: return "passed";
    case SubtestStatus::failed: return "failed";
    case SubtestStatus::warning: return "warning";
    case SubtestStatus::info: return "info";
    case SubtestStatus::not_tested: return "not_tested";
    case SubtestStatus::error: return "error";
  }
  return "error";
}

std::string smtp_problem(const ProbeReport& p) {
  if (!p.smtp_outcome) return p.connect_error.empty() ? "no SMTP session completed" : "no connection: " + p.connect_error;
  std::string text = std::string(smtp::to_string(*p.smtp_outcome));
  if (p.smtp_phase) text += " in phase " + std::string(smtp::to_string(*p.smtp_phase));
  if (!p.smtp_detail.empty()) text += " (" + p.smtp_detail + ")";
  return text;
}

namespace {

// A finding: code, its parameters (an object), and the rendered texts.
Json note(const Note& n) {
  Json params = Json::object();
  for (const Param& p : n.params) params[p.name] = p.value;
  return Json{{"code", n.code}, {"params", params}, {"text", n.text}, {"fix", n.fix}};
}

// An optional enum's word; "" when unset.
template <typename Enum>
std::string_view word(const std::optional<Enum>& value) {
  return value ? to_string(*value) : std::string_view();
}

Json dnssec(const DnssecSummary& d) {
  Json j{{"security", dnssec::to_string(d.security)}, {"reason", d.reason}, {"detail", d.detail},
         {"kind", word(d.kind)},
         {"final_name", d.final_name}, {"chain", d.chain}};
  if (!d.query_failure.empty()) j["query_failure"] = d.query_failure;
  return j;
}

Json txt_policy(const TxtPolicy& p) {
  return Json{{"owner", p.owner}, {"looked_up", p.looked_up}, {"dnssec", dnssec(p.dnssec)},
              {"records", p.records}, {"other", p.other}};
}

Json certificate(const CertificateSummary& c) {
  return Json{{"depth", c.depth},         {"subject", c.subject},       {"issuer", c.issuer},
              {"dns_names", c.dns_names}, {"not_before", c.not_before}, {"not_after", c.not_after},
              {"validity", dane::to_string(c.validity)},   {"key", c.key},               {"sha256", c.sha256},
              {"spki_sha256", c.spki_sha256}, {"tlsa_3_1_1", c.tlsa_3_1_1}};
}

Json optional_index(const std::optional<std::size_t>& v) { return v ? Json(*v) : Json(nullptr); }

Json dane(const DaneSummary& d) {
  Json records = Json::array();
  for (const RecordOutcome& r : d.records)
    records.push_back(Json{{"record", r.record},
                           {"parameters", r.parameters},
                           {"usable", r.usable},
                           {"in_force", r.in_force},
                           {"authenticates", r.authenticates},
                           {"matching_depths", r.matching_depths},
                           {"explanation", r.explanation}});
  return Json{{"verdict", dane::to_string(d.verdict)},
              {"agile_match", d.agile_match},
              {"naive_match", d.naive_match},
              {"agility_note", d.agility_note},
              {"matched_record", optional_index(d.matched_record)},
              {"matched_depth", optional_index(d.matched_depth)},
              {"records", records}};
}

Json certificates(const std::vector<CertificateSummary>& list) {
  Json certs = Json::array();
  for (const CertificateSummary& c : list) certs.push_back(certificate(c));
  return certs;
}

// A probe's members, in the report's order. The address's own probe adds
// smtp.starttls_offered (its verdict rests on it); the probe without SNI does not.
Json probe(const ProbeReport& p) {
  return Json{{"connected", p.connected},
              {"connect_error", p.connect_error},
              {"connection_end", connection_end_to_json(p.connection_end)},
              {"smtp", Json{{"outcome", word(p.smtp_outcome)},
                            {"phase", word(p.smtp_phase)},
                            {"detail", p.smtp_detail},
                            {"replies", p.replies}}},
              {"tls", p.tls ? Json{{"version", p.tls_version}, {"cipher", p.tls_cipher}, {"group", p.tls_group}}
                            : Json(nullptr)},
              {"certificates", certificates(p.certificates)},
              {"dane", p.dane ? dane(*p.dane) : Json(nullptr)},
              {"duration_ms", p.finished_at >= p.started_at ? p.finished_at - p.started_at : 0}};
}

Json no_sni(const ProbeReport& p) {
  Json j{{"sni", false}};
  j.update(probe(p));
  return j;
}

Json subtest(const Subtest& s) {
  Json entry{{"status", to_string(s.status)}};
  entry.update(note(s.note));
  return entry;
}

Json address(const AddressReport& a) {
  Json j{{"address", a.address}, {"ipv6", a.ipv6}, {"verdict", to_string(a.verdict)}, {"outcome", note(a.outcome)}};
  j.update(probe(a));
  j["smtp"]["starttls_offered"] = a.starttls_offered;
  j["no_sni"] = a.no_sni ? no_sni(*a.no_sni) : Json(nullptr);
  // Only when grading ran: reports of checks without it keep their shape.
  if (a.grading) j["grading"] = grading_to_json(*a.grading);
  return j;
}

Json host(const HostReport& h) {
  Json addresses = Json::array();
  for (const AddressReport& a : h.addresses) addresses.push_back(address(a));
  Json j{{"name", h.name},
              {"preference", h.preference},
              {"implicit", h.implicit},
              {"a", dnssec(h.a)},
              {"aaaa", dnssec(h.aaaa)},
              {"address_security", dnssec::to_string(h.address_security)},
              {"tlsa", Json{{"owner", h.tlsa.owner},
                            {"base", h.tlsa.base},
                            {"state", to_string(h.tlsa.state)},
                            {"dnssec", dnssec(h.tlsa.dnssec)},
                            {"records", h.tlsa.records},
                            {"answer_bytes", h.tlsa.answer_bytes},
                            {"note", h.tlsa.note.code.empty() ? Json(nullptr) : note(h.tlsa.note)}}},
              {"verdict", to_string(h.verdict)},
              {"outcome", note(h.outcome)},
              {"addresses", addresses},
              {"addresses_truncated", h.addresses_truncated},
              {"sni_dependence", h.sni_dependence ? subtest(*h.sni_dependence) : Json(nullptr)}};
  if (h.grading) j["grading"] = grading_summary_to_json(*h.grading);  // only when grading ran
  return j;
}

}  // namespace

std::string report_to_json(const Report& r, int indent) {
  Json hosts = Json::array();
  for (const HostReport& h : r.hosts) hosts.push_back(host(h));
  Json warnings = Json::array();
  for (const Note& n : r.warnings) warnings.push_back(note(n));
  Json subtests = Json::object();
  for (const Subtest& s : r.subtests) subtests[s.name] = subtest(s);
  // The summary first: what batch tools and monitoring read (script_summary.h).
  Json j{{"summary", Json{{"dane", to_string(r.summary.dane)},
                                {"dnssec", dnssec::to_string(r.summary.dnssec)},
                                {"starttls", to_string(r.summary.starttls)},
                                {"tls_ncsc", to_string(r.summary.tls_ncsc)}}},
               {"schema_version", kReportSchemaVersion},
               {"lang", r.lang},
               {"input", r.input},
               {"domain", r.domain},
               {"domain_unicode", r.domain_unicode},
               {"verdict", to_string(r.verdict)},
               {"outcome", note(r.outcome)},
               {"subtests", subtests},
               {"warnings", warnings},
               {"mx", Json{{"kind", to_string(r.mx_kind)}, {"dnssec", dnssec(r.mx)}}},
               {"mta_sts", txt_policy(r.mta_sts)},
               {"tls_rpt", txt_policy(r.tls_rpt)},
               {"hosts", hosts},
               {"hosts_truncated", r.hosts_truncated},
               {"timing", Json{{"started_at", r.started_at},
                               {"finished_at", r.finished_at},
                               {"duration_ms", r.finished_at >= r.started_at ? r.finished_at - r.started_at : 0}}},
               {"dns_requests", r.dns_requests},
               {"timed_out", r.timed_out},
               {"trust_anchors", trust_anchors_to_json(r.trust_anchors)},
               {"evidence", evidence_to_json(r.evidence)}};
  // Only when grading ran (appended: a schema 1.3 addition).
  if (r.grading) j["grading"] = grading_summary_to_json(*r.grading);
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace daneel::check
