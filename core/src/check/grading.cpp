#include "check/grading.h"

#include <algorithm>
#include <limits>

#include "check/grading_json.h"
#include "check/messages.h"

#include "check/evidence_json.h"
#include "dane/certificate.h"
#include "dane/names.h"
#include "dane/pkix.h"
#include "util/encoding.h"

namespace daneel::check {

namespace {

// A decided rating as the subtest statuses Internet.nl's users know; open is
// not_tested, whatever the partial answers looked like.
SubtestStatus status_of(const tls::Grade& grade) {
  switch (grade.decision) {
    case tls::Decision::open: return SubtestStatus::not_tested;
    case tls::Decision::not_applicable: return SubtestStatus::info;
    case tls::Decision::decided: break;
  }
  switch (grade.rating) {
    case tls::Rating::good:
    case tls::Rating::sufficient: return SubtestStatus::passed;
    case tls::Rating::phase_out: return SubtestStatus::warning;
    case tls::Rating::insufficient: return SubtestStatus::failed;
    case tls::Rating::unknown: return SubtestStatus::not_tested;
  }
  return SubtestStatus::not_tested;
}

Json optional_u16(const std::optional<std::uint16_t>& v) { return v ? Json(*v) : Json(nullptr); }
Json optional_u8(const std::optional<std::uint8_t>& v) { return v ? Json(*v) : Json(nullptr); }

// The decided facts of a flight, as `verify` and people read them (the
// certificates are graded from the check's own chain and not repeated here).
Json flight_json(const tls::ServerFlight& f) {
  Json j{{"status", tls::to_string(f.status)},
         {"version", optional_u16(f.version)},
         {"cipher_suite", optional_u16(f.cipher_suite)},
         {"group", optional_u16(f.group)},
         {"compression_method", optional_u8(f.compression_method)},
         {"extended_master_secret", f.extended_master_secret},
         {"renegotiation_info", f.renegotiation_info},
         {"dh_prime_bits", optional_u16(f.dh_prime_bits)},
         // The prime itself: fs_params recognises RFC 7919 groups by value, and verify replays it.
         {"dh_prime", f.dh_prime.empty() ? Json(nullptr) : Json(encoding::to_hex(f.dh_prime))},
         {"signature_scheme", optional_u16(f.signature_scheme)},
         {"alert", optional_u8(f.alert_description)},
         {"certificates", f.certificates.size()}};
  return j;
}

}  // namespace

std::string_view to_string(GradingStop stop) {
  switch (stop) {
    case GradingStop::none: return "none";
    case GradingStop::no_handshake: return "no_handshake";
    case GradingStop::budget: return "budget";
    case GradingStop::rate_limited: return "rate_limited";
    case GradingStop::session_refused: return "session_refused";
    case GradingStop::connection_failed: return "connection_failed";
    case GradingStop::relay_refused: return "relay_refused";
    case GradingStop::timeout: return "timeout";
    case GradingStop::protocol_error: return "protocol_error";
    case GradingStop::check_deadline: return "check_deadline";
    case GradingStop::checker_error: return "checker_error";
  }
  return "none";
}

GradingStop stop_of(const GradingProbe& probe) {
  if (!probe.end) {
    // No session: the connection failed. The relay's refusals are never the server's fault.
    if (ended_not_by_mail_server(probe.connection_end)) return GradingStop::relay_refused;
    return GradingStop::connection_failed;
  }
  // A connection the relay ended while the probe still needed it.
  if (*probe.end != smtp::ProbeEnd::answered && ended_not_by_mail_server(probe.connection_end))
    return GradingStop::relay_refused;
  switch (*probe.end) {
    case smtp::ProbeEnd::answered: return GradingStop::none;
    case smtp::ProbeEnd::rate_limited: return GradingStop::rate_limited;
    case smtp::ProbeEnd::session_refused: return GradingStop::session_refused;
    case smtp::ProbeEnd::closed: return GradingStop::connection_failed;
    case smtp::ProbeEnd::timeout: return GradingStop::timeout;
    case smtp::ProbeEnd::protocol_error: return GradingStop::protocol_error;
  }
  return GradingStop::protocol_error;
}

namespace {

tls::ServerFlight flight_of(const tls::TlsInfo& info) {
  tls::ServerFlight f;
  f.status = tls::FlightStatus::server_hello_done;
  f.version = 0x0303;
  f.legacy_version = 0x0303;
  f.cipher_suite = info.cipher_suite;
  f.compression_method = 0;  // Mbed TLS offers none
  if (info.group != 0) f.group = info.group;
  f.signature_scheme = info.signature_scheme;
  f.extended_master_secret = info.extended_master_secret;
  f.renegotiation_info = info.secure_renegotiation;
  return f;
}

}  // namespace

void take_renegotiation_session(const smtp::SmtpResult& session, GradingProbe& probe) {
  probe.detail = session.detail;
  probe.renegotiation = session.renegotiation;
  probe.renegotiation_alert = session.renegotiation_alert;
  // Capped at TLS 1.2, so a completed handshake is a TLS 1.2 one.
  if (session.tls && session.tls->version == tls::TlsVersion::tls1_2) {
    probe.end = smtp::ProbeEnd::answered;
    probe.flight = flight_of(*session.tls);
    return;
  }
  probe.end = session.tls ? smtp::ProbeEnd::protocol_error : smtp::probe_end_of(session);
}

namespace {

// Each subtest's finding, its codes written out (check_messages_test reads
// the codes the engine emits from its sources).
Note finding(std::string_view name, bool ok, tls::Rating rating) {
  const std::vector<Param> rated{{"rating", std::string(tls::to_string(rating))}};
  if (name == "tls_version") return ok ? note("tls_version_ok", {}) : note("tls_version_bad", rated);
  if (name == "tls_ciphers") return ok ? note("tls_ciphers_ok", {}) : note("tls_ciphers_bad", rated);
  if (name == "tls_cipher_order") return ok ? note("tls_cipher_order_ok", {}) : note("tls_cipher_order_bad", {});
  if (name == "fs_params") return ok ? note("fs_params_ok", {}) : note("fs_params_bad", rated);
  if (name == "kex_hash_func") return ok ? note("kex_hash_func_ok", {}) : note("kex_hash_func_bad", rated);
  if (name == "tls_compression") return ok ? note("tls_compression_ok", {}) : note("tls_compression_bad", {});
  if (name == "renegotiation_secure")
    return ok ? note("renegotiation_secure_ok", {}) : note("renegotiation_secure_bad", {});
  if (name == "extended_master_secret")
    return ok ? note("extended_master_secret_ok", {}) : note("extended_master_secret_bad", {});
  if (name == "cert_pubkey") return ok ? note("cert_pubkey_ok", {}) : note("cert_pubkey_bad", rated);
  return ok ? note("cert_signature_ok", {}) : note("cert_signature_bad", rated);
}

}  // namespace

// --- cert_trust, cert_hostmatch (information) ----------------------------------

CertFindings cert_findings(std::span<const Bytes> chain, std::span<const dns::Name> references,
                           std::span<const dns::Tlsa> tlsa, std::string_view root_store, TimeMs now) {
  CertFindings f;
  f.dane_ta = std::any_of(tlsa.begin(), tlsa.end(), [](const dns::Tlsa& t) { return t.usage == 2; });
  const std::vector<std::string> names = dane::reference_texts(references);
  for (const std::string& name : names) f.references += (f.references.empty() ? "" : ", ") + name;
  if (!chain.empty()) {
    const dane::X509Parse leaf = dane::parse_x509(chain.front());
    if (leaf.crt) {
      // The rule the DANE-TA name check applies (dane/names.h): one source.
      const dane::NameCheck check = dane::check_names(dane::presented_names(*leaf.crt), names);
      f.leaf_read = true;
      f.name_matched = check.matched;
      f.matched_name = check.presented;
    }
  }
  if (root_store.empty()) return f;
  // The chain alone (no name: that is cert_hostmatch's question), at the check's time.
  const dane::PkixResult pkix = dane::validate_pkix(dane::PkixInput{
      chain, ByteView(reinterpret_cast<const std::uint8_t*>(root_store.data()), root_store.size()), {}, now});
  switch (pkix.status) {
    case dane::PkixStatus::valid: f.trust = CertTrust::trusted; break;
    case dane::PkixStatus::bundle_error: f.trust = CertTrust::unusable; break;
    case dane::PkixStatus::invalid:
    case dane::PkixStatus::no_certificates: f.trust = CertTrust::not_trusted; break;
  }
  if (!pkix.problems.empty()) f.trust_problem = pkix.problems.front();
  return f;
}

namespace {

GradingSubtest not_tested_subtest(std::string_view name, std::string_view reason) {
  GradingSubtest s{std::string(name), tls::Decision::open, tls::Rating::unknown, SubtestStatus::not_tested, {}, std::string(reason)};
  s.note = note("tls_grading_not_tested", {{"grading_stop", std::string(reason)}});
  return s;
}

// Decided; `status` as Internet.nl shows an information-only test ("info"
// when its finding is negative, failed only where its rule says so).
GradingSubtest decided_subtest(std::string_view name, bool good, SubtestStatus status, Note n) {
  return GradingSubtest{std::string(name), tls::Decision::decided,
                        good ? tls::Rating::good : tls::Rating::insufficient, status, std::move(n), {}};
}

GradingSubtest cert_trust_subtest(const CertFindings& f) {
  switch (f.trust) {
    case CertTrust::no_root_store: return not_tested_subtest("cert_trust", "no_root_store");
    case CertTrust::unusable: return not_tested_subtest("cert_trust", "root_store_unusable");
    case CertTrust::trusted: return decided_subtest("cert_trust", true, SubtestStatus::passed, note("cert_trust_ok", {}));
    case CertTrust::not_trusted: break;
  }
  return decided_subtest("cert_trust", false, SubtestStatus::info, note("cert_trust_bad", {{"problem", f.trust_problem}}));
}

GradingSubtest cert_hostmatch_subtest(const CertFindings& f) {
  if (!f.leaf_read) return not_tested_subtest("cert_hostmatch", "leaf_unreadable");
  if (f.name_matched)
    return decided_subtest("cert_hostmatch", true, SubtestStatus::passed, note("cert_hostmatch_ok", {{"name", f.matched_name}}));
  // Internet.nl's rule, and our DANE verdict's: with DANE-TA the name must match.
  if (f.dane_ta)
    return decided_subtest("cert_hostmatch", false, SubtestStatus::failed,
                           note("cert_hostmatch_bad_dane_ta", {{"references", f.references}}));
  return decided_subtest("cert_hostmatch", false, SubtestStatus::info, note("cert_hostmatch_bad", {{"references", f.references}}));
}

}  // namespace

// Internet.nl rates client-initiated renegotiation as information: allowed is
// a negative finding (info, decided), refused passes; TLS 1.3 has none.
GradingSubtest renegotiation_client_subtest(const RenegotiationFinding& f, bool server_without_tls12,
                                            GradingStop stop) {
  using smtp::Renegotiation;
  switch (f.outcome) {
    case Renegotiation::accepted:
      return decided_subtest("renegotiation_client", false, SubtestStatus::info, note("renegotiation_client_bad", {}));
    case Renegotiation::refused:
      // A relay that cut the waiting session is no answer from the server.
      if (f.relay_ended) return not_tested_subtest("renegotiation_client", "relay_refused");
      return decided_subtest("renegotiation_client", true, SubtestStatus::passed, note("renegotiation_client_ok", {}));
    case Renegotiation::not_applicable: {
      // The session was TLS 1.3. Only a server the probes showed to have no
      // TLS 1.2 at all is out of the question; one that also speaks TLS 1.2
      // may allow it there, and the plan's TLS 1.2 session did not answer:
      // what stopped the plan (the budget, ...) says why.
      if (!server_without_tls12)
        return not_tested_subtest("renegotiation_client",
                                  stop == GradingStop::none ? "tls13_session" : to_string(stop));
      GradingSubtest s{"renegotiation_client", tls::Decision::not_applicable, tls::Rating::unknown,
                       SubtestStatus::info, note("tls_grading_not_applicable", {}), {}};
      return s;
    }
    case Renegotiation::timeout: return not_tested_subtest("renegotiation_client", "renegotiation_timeout");
    case Renegotiation::failed: return not_tested_subtest("renegotiation_client", "renegotiation_failed");
    case Renegotiation::not_asked: break;
  }
  return not_tested_subtest("renegotiation_client", "not_asked");
}

GradingSubtest mail_caa_subtest(const CaaFinding& finding) {
  switch (finding.state) {
    case CaaState::issue_found:
      return decided_subtest("mail_caa", true, SubtestStatus::passed, note("mail_caa_ok", {{"owner", finding.owner}}));
    case CaaState::no_issue:
      return GradingSubtest{"mail_caa", tls::Decision::decided, tls::Rating::phase_out, SubtestStatus::warning,
                            note("mail_caa_no_issue", {{"owner", finding.owner}}), {}};
    case CaaState::none:
      return GradingSubtest{"mail_caa", tls::Decision::decided, tls::Rating::phase_out, SubtestStatus::warning,
                            note("mail_caa_bad", {}), {}};
    case CaaState::pending: return not_tested_subtest("mail_caa", "check_deadline");
    case CaaState::dns_failed:
    case CaaState::bogus:
    case CaaState::climb_limit: break;
  }
  return not_tested_subtest("mail_caa", to_string(finding.state));
}

Ssl3Status ssl3_status(const GradingReport& report) {
  switch (report.ssl3) {
    case tls::Ssl3::accepted: return {"accepted", {}};
    case tls::Ssl3::refused: return {"refused", {}};
    case tls::Ssl3::no_legacy: return {"not_tested", "no_legacy"};
    case tls::Ssl3::open: break;
  }
  if (report.through_relay) return {"not_tested", "relay"};
  return {"not_tested", report.stop == GradingStop::none ? "undecided" : to_string(report.stop)};
}

GradingReport grading_report(const AddressGrading& grading) {
  GradingReport report;
  report.through_relay = grading.through_relay;
  report.connections = grading.connections;
  report.budget = grading.budget;
  report.stop = grading.stop;
  report.probes = grading.probes;
  if (grading.stop == GradingStop::no_handshake) return report;
  const tls::Grades g = tls::grade(grading.results, tls::ncsc_2025_05());
  report.ssl3 = g.ssl3;
  const auto add = [&](std::string_view name, const tls::Grade& grade) {
    GradingSubtest subtest{std::string(name), grade.decision, grade.rating, status_of(grade), {}, {}};
    // One code per subtest and outcome (core/messages): _ok, _bad with the
    // rating, or the shared not tested (with what stopped the plan) / not applicable.
    if (subtest.status == SubtestStatus::not_tested) {
      const std::string_view why = grading.stop == GradingStop::none ? "undecided" : to_string(grading.stop);
      subtest.note = note("tls_grading_not_tested", {{"grading_stop", std::string(why)}});
    } else if (subtest.status == SubtestStatus::info) {
      subtest.note = note("tls_grading_not_applicable", {});
    } else {
      subtest.note = finding(name, subtest.status == SubtestStatus::passed, grade.rating);
    }
    report.subtests.push_back(std::move(subtest));
  };
  add("tls_version", g.tls_version);
  add("tls_ciphers", g.tls_ciphers);
  add("tls_cipher_order", g.tls_cipher_order);
  add("fs_params", g.fs_params);
  add("kex_hash_func", g.kex_hash_func);
  add("tls_compression", g.tls_compression);
  add("renegotiation_secure", g.renegotiation_secure);
  add("extended_master_secret", g.extended_master_secret);
  add("cert_pubkey", g.cert_pubkey);
  add("cert_signature", g.cert_signature);
  if (grading.certs) {
    report.subtests.push_back(cert_trust_subtest(*grading.certs));
    report.subtests.push_back(cert_hostmatch_subtest(*grading.certs));
  }
  if (grading.renegotiation)
    report.subtests.push_back(renegotiation_client_subtest(
        *grading.renegotiation, g.renegotiation_secure.decision == tls::Decision::not_applicable, grading.stop));
  report.post_quantum = g.post_quantum;
  // tls_version's text lists SSL 3.0 (only a failed one can have accepted it).
  if (GradingSubtest& version = report.subtests.front(); version.status == SubtestStatus::failed) {
    // The catalogue's ssl3 words: the status, or the reasons it words (the
    // other stops are in the report's grading.ssl3.reason).
    const Ssl3Status ssl3 = ssl3_status(report);
    const bool worded = ssl3.reason == "no_legacy" || ssl3.reason == "relay" || ssl3.reason == "budget";
    version.note = note("tls_version_bad", {{"rating", std::string(tls::to_string(version.rating))},
                                            {"ssl3", std::string(worded ? ssl3.reason : ssl3.status)}});
  }
  return report;
}

namespace {

// Worst wins: failed > warning > an information finding (a negative "info")
// > not_tested > passed > not applicable, so an untested address never lets a
// pass stand and a mismatch on one address is not hidden by a match on another.
int status_severity(const GradingSubtest& s) {
  switch (s.status) {
    case SubtestStatus::failed: return 5;
    case SubtestStatus::warning: return 4;
    case SubtestStatus::info: return s.decision == tls::Decision::decided ? 3 : 0;
    case SubtestStatus::not_tested: return 2;
    case SubtestStatus::passed: return 1;
    case SubtestStatus::error: return 0;  // the grading makes none
  }
  return 0;
}

void merge_worst(GradingSummary& into, const std::vector<GradingSubtest>& subtests,
                 const std::optional<bool>& post_quantum) {
  for (const GradingSubtest& s : subtests) {
    const auto it = std::find_if(into.subtests.begin(), into.subtests.end(),
                                 [&](const GradingSubtest& known) { return known.name == s.name; });
    if (it == into.subtests.end()) into.subtests.push_back(s);
    else if (status_severity(s) > status_severity(*it)) *it = s;
  }
  if (post_quantum) into.post_quantum = (into.post_quantum && *into.post_quantum) || *post_quantum;
}

}  // namespace

std::optional<GradingSummary> summarize_grading(const std::vector<const GradingReport*>& graded) {
  std::optional<GradingSummary> out;
  for (const GradingReport* r : graded) {
    if (r == nullptr || r->subtests.empty()) continue;
    if (!out) out.emplace();
    merge_worst(*out, r->subtests, r->post_quantum);
  }
  return out;
}

std::optional<GradingSummary> combine_summaries(const std::vector<const GradingSummary*>& hosts) {
  std::optional<GradingSummary> out;
  for (const GradingSummary* h : hosts) {
    if (h == nullptr || h->subtests.empty()) continue;
    if (!out) out.emplace();
    merge_worst(*out, h->subtests, h->post_quantum);
  }
  return out;
}

Json grading_summary_to_json(const GradingSummary& summary) {
  Json subtests = Json::array();
  for (const GradingSubtest& s : summary.subtests) {
    Json params = Json::object();
    for (const Param& p : s.note.params) params[p.name] = p.value;
    subtests.push_back(Json{{"name", s.name},
                            {"status", to_string(s.status)},
                            {"note", Json{{"code", s.note.code}, {"params", std::move(params)}, {"text", s.note.text}, {"fix", s.note.fix}}}});
  }
  return Json{{"subtests", std::move(subtests)},
              {"post_quantum", summary.post_quantum ? Json(*summary.post_quantum) : Json(nullptr)}};
}

Json grading_to_json(const GradingReport& r) {
  Json probes = Json::array();
  for (const GradingProbe& p : r.probes) {
    Json probe{{"kind", tls::to_string(p.kind)},
               {"end", p.end ? Json(smtp::to_string(*p.end)) : Json("connection_failed")},
               {"stop", to_string(stop_of(p))},
               {"connection_end", connection_end_to_json(p.connection_end)},
               {"detail", p.detail},
               {"flight", p.flight ? flight_json(*p.flight) : Json(nullptr)},
               {"started_at", p.started_at},
               {"finished_at", p.finished_at}};
    if (p.renegotiation) {  // tls12_renegotiation only
      probe["renegotiation"] = smtp::to_string(*p.renegotiation);
      probe["renegotiation_alert"] = p.renegotiation_alert ? Json(*p.renegotiation_alert) : Json(nullptr);
    }
    probes.push_back(std::move(probe));
  }
  Json subtests = Json::array();
  for (const GradingSubtest& s : r.subtests) {
    Json params = Json::object();
    for (const Param& p : s.note.params) params[p.name] = p.value;
    Json entry{{"name", s.name},
               {"status", to_string(s.status)},
               {"decision", tls::to_string(s.decision)},
               {"note", Json{{"code", s.note.code}, {"params", std::move(params)}, {"text", s.note.text}, {"fix", s.note.fix}}}};
    entry["rating"] = s.decision == tls::Decision::decided ? Json(tls::to_string(s.rating)) : Json(nullptr);
    // Why a subtest is not tested: what stopped the plan (none: the probes
    // made could not decide it, e.g. an answer the tables do not rate).
    if (s.status != SubtestStatus::not_tested) entry["reason"] = nullptr;
    else if (!s.reason.empty()) entry["reason"] = s.reason;  // the subtest's own (cert_trust: no_root_store)
    else entry["reason"] = r.stop == GradingStop::none ? std::string("undecided") : std::string(to_string(r.stop));
    subtests.push_back(std::move(entry));
  }
  const Ssl3Status ssl3 = ssl3_status(r);
  return Json{{"connections", r.connections},
              {"budget", r.budget},
              {"stop", to_string(r.stop)},
              {"through_relay", r.through_relay},
              {"ssl3", Json{{"status", ssl3.status}, {"reason", ssl3.reason.empty() ? Json(nullptr) : Json(ssl3.reason)}}},
              {"probes", std::move(probes)},
              {"subtests", std::move(subtests)},
              {"post_quantum", r.post_quantum ? Json(*r.post_quantum) : Json(nullptr)}};
}

namespace {

// The enum value whose to_string() is `word`, among the first `count`.
template <class E>
std::optional<E> named(const Json* word, std::size_t count) {
  if (word == nullptr || !word->is_string()) return std::nullopt;
  for (std::size_t i = 0; i < count; ++i)
    if (to_string(static_cast<E>(i)) == word->get<std::string>()) return static_cast<E>(i);
  return std::nullopt;
}

const Json* at(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

template <class T>
bool optional_number(const Json& object, const char* key, std::optional<T>& out) {
  const Json* v = at(object, key);
  if (v == nullptr || v->is_null()) return true;
  if (!v->is_number_unsigned() || v->get<std::uint64_t>() > std::numeric_limits<T>::max()) return false;
  out = static_cast<T>(v->get<std::uint64_t>());
  return true;
}

bool flag(const Json& object, const char* key) {
  const Json* v = at(object, key);
  return v != nullptr && v->is_boolean() && v->get<bool>();
}

using tls::to_string;
using smtp::to_string;

Result<tls::ServerFlight> flight_from_json(const Json& j) {
  tls::ServerFlight f;
  const auto status = named<tls::FlightStatus>(at(j, "status"), 7);
  if (!status) return make_error(Errc::malformed, "grading: a flight's status is not known");
  f.status = *status;
  if (!optional_number(j, "version", f.version) || !optional_number(j, "cipher_suite", f.cipher_suite) ||
      !optional_number(j, "group", f.group) || !optional_number(j, "compression_method", f.compression_method) ||
      !optional_number(j, "dh_prime_bits", f.dh_prime_bits) ||
      !optional_number(j, "signature_scheme", f.signature_scheme) ||
      !optional_number(j, "alert", f.alert_description))
    return make_error(Errc::malformed, "grading: a flight's number is out of range");
  f.extended_master_secret = flag(j, "extended_master_secret");
  f.renegotiation_info = flag(j, "renegotiation_info");
  if (const Json* prime = at(j, "dh_prime"); prime != nullptr && prime->is_string()) {
    auto bytes = encoding::from_hex(prime->get<std::string>());
    if (!bytes.ok() || bytes.value().size() > 1024) return make_error(Errc::malformed, "grading: a DH prime is not hex");
    f.dh_prime = std::move(bytes).value();
  }
  return f;
}

}  // namespace

Result<RecordedGrading> recorded_grading_from_json(const Json& json) {
  RecordedGrading out;
  std::optional<std::uint32_t> budget;
  if (!optional_number(json, "budget", budget) || !budget || *budget == 0 || *budget > 64)
    return make_error(Errc::malformed, "grading: no budget");
  out.budget = *budget;
  out.through_relay = flag(json, "through_relay");
  const auto stop = named<GradingStop>(at(json, "stop"), 11);
  if (!stop) return make_error(Errc::malformed, "grading: the stop is not known");
  out.stop = *stop;
  const Json* probes = at(json, "probes");
  if (probes == nullptr || !probes->is_array() || probes->size() > 64)
    return make_error(Errc::malformed, "grading: no probes");
  for (const Json& p : *probes) {
    GradingProbe probe;
    const auto kind = named<tls::ProbeKind>(at(p, "kind"), tls::kProbeKinds);
    if (!kind) return make_error(Errc::malformed, "grading: a probe's kind is not known");
    probe.kind = *kind;
    const Json* end = at(p, "end");
    if (end != nullptr && end->is_string() && end->get<std::string>() != "connection_failed") {
      probe.end = named<smtp::ProbeEnd>(end, 6);
      if (!probe.end) return make_error(Errc::malformed, "grading: a probe's end is not known");
    }
    if (const Json* ce = at(p, "connection_end"); ce != nullptr && ce->is_object()) {
      const Json* cause = at(*ce, "cause");
      const auto named_cause = cause && cause->is_string() ? close_cause_named(cause->get<std::string>()) : std::nullopt;
      if (!named_cause) return make_error(Errc::malformed, "grading: a connection end's cause is not known");
      probe.connection_end = CloseReason{*named_cause, 0, {}};
    }
    if (const Json* flight = at(p, "flight"); flight != nullptr && flight->is_object()) {
      auto parsed = flight_from_json(*flight);
      if (!parsed.ok()) return parsed.error();
      probe.flight = std::move(parsed).value();
    }
    if (const Json* renegotiation = at(p, "renegotiation"); renegotiation != nullptr) {
      probe.renegotiation = named<smtp::Renegotiation>(renegotiation, 6);
      if (!probe.renegotiation || !optional_number(p, "renegotiation_alert", probe.renegotiation_alert))
        return make_error(Errc::malformed, "grading: a probe's renegotiation is not known");
    }
    out.probes.push_back(std::move(probe));
  }
  return out;
}

}  // namespace daneel::check
