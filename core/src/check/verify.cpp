#include "check/verify.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "check/dns_replay.h"
#include "check/evidence_json.h"
#include "check/grading_json.h"
#include "check/json.h"
#include "check/messages.h"
#include "check/probe.h"
#include "dns/message.h"

namespace daneel::check {

namespace {

constexpr std::size_t kMaxDepth = 64;  // nesting of the report JSON (a report has ~8)
// Replay steps: each answers a batch of actions or fires a timer. A check
// needs a few dozen; the bound only stops a broken replay from spinning.
constexpr std::size_t kMaxSteps = 100'000;
const std::string kReplayServer = "https://verify.invalid/dns-query";  // never contacted


// The check, replayed: DoH from `dns`, probes from `probes`, starting at `time`.
Report replay(const std::string& input, const std::string& lang, const Evidence& evidence,
              const std::vector<ProbeResult>& probes, const Json& reported, const VerifyConfig& config,
              std::vector<std::string>& unanswered) {
  CheckConfig check_config;
  check_config.lang = lang;
  check_config.resolver.servers = {kReplayServer};
  check_config.trust_anchors = config.trust_anchors;
  check_config.policy = config.policy;
  check_config.limits = config.limits;
  // The live check probed without SNI exactly when its evidence holds such a
  // probe (a DANE host's probes all finish before a check that did not time out).
  check_config.probe_without_sni = std::any_of(evidence.probes.begin(), evidence.probes.end(),
                                               [](const ProbeEvidence& p) { return !p.sni; });
  // A report with a grading block asked the DNS questions grading asks
  // (mail_caa's CAA climb): the replay asks them too. No probe is made under
  // replay (probe_replay), and cert_trust is judged with verify's root store.
  check_config.grading.enabled = reported.is_object() && reported.contains("grading");
  check_config.grading.root_store = config.root_store;
  check_config.probe_replay = [&](const ProbeTarget& target) {
    for (std::size_t i = 0; i < evidence.probes.size(); ++i)
      if (evidence.probes[i].host == target.host && evidence.probes[i].address == target.address &&
          evidence.probes[i].sni == target.sni)
        return probes[i];
    return ProbeResult{false, "verify: the evidence holds no probe of this address", std::nullopt, std::nullopt};
  };
  // The report's TLS grading, per address: replayed from its probes' recorded
  // answers (grading.h); an address the report did not grade is not graded.
  check_config.grading_replay = [&](const std::string& host, const std::string& address) -> std::optional<RecordedGrading> {
    const Json* hosts = reported.is_object() && reported.contains("hosts") ? &reported["hosts"] : nullptr;
    if (hosts == nullptr || !hosts->is_array()) return std::nullopt;
    for (const Json& h : *hosts) {
      if (!h.is_object() || !h.contains("name") || h["name"] != host || !h.contains("addresses") ||
          !h["addresses"].is_array())
        continue;
      for (const Json& a : h["addresses"]) {
        if (!a.is_object() || !a.contains("address") || a["address"] != address || !a.contains("grading")) continue;
        auto recorded = recorded_grading_from_json(a["grading"]);
        if (recorded.ok()) return std::move(recorded).value();
        // Unreadable: replayed as not graded, which shows as a difference.
        return std::nullopt;
      }
    }
    return std::nullopt;
  };
  DnsReplay dns(evidence.dns);
  TimeMs now = evidence.time;
  Check check(input, std::move(check_config), now);
  // Each answer is delivered when it arrived in the live check (`at`), or at
  // once if the replay asks later: the events keep their live order, which
  // matters where the check stops early (e.g. a null MX before the MTA-STS
  // answer). A question without a recorded answer gets none, as in the live
  // check before it finished; the engine's own timeout then fails it.
  struct Delivery {
    dns::RequestId id = 0;
    const DnsEvidence* answer = nullptr;
  };
  std::multimap<TimeMs, Delivery> scheduled;  // equal times: in the order asked
  for (std::size_t step = 0; step < kMaxSteps && !check.done(); ++step) {
    for (const Action& action : check.take_actions()) {
      if (const auto* doh = std::get_if<DohExchange>(&action)) {
        if (const DnsEvidence* answer = dns.answer(doh->request))
          scheduled.emplace(std::max(now, evidence.time + answer->at), Delivery{doh->id, answer});
      } else if (const auto* open = std::get_if<OpenConnection>(&action)) {
        check.on_connect_failed(open->id, CloseReason{CloseCause::local_network, 0, "verify opens no connections"}, now);
      }
    }
    if (check.done()) break;
    const std::optional<TimeMs> deadline = check.next_deadline();
    if (!scheduled.empty() && (!deadline || scheduled.begin()->first <= *deadline)) {
      const auto next = scheduled.begin();
      const Delivery delivery = next->second;
      now = std::max(now, next->first);
      scheduled.erase(next);
      check.on_doh_response(
          delivery.id, dns::HttpResponse{200, std::string(dns::kDnsMessageMediaType), delivery.answer->wire},
          now);
    } else if (deadline) {
      now = std::max(now, *deadline);
      check.on_timer(now);
    } else {
      break;
    }
  }
  unanswered = dns.take_unanswered();
  return check.report();
}

std::string text_of(const Json* value) {
  if (!value) return "(absent)";
  return value->is_string() ? value->get<std::string>()
                            : value->dump(-1, ' ', false, Json::error_handler_t::replace);
}

const Json* member(const Json* object, const char* key) {
  if (!object || !object->is_object()) return nullptr;
  const auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

// A finding's machine code: {"code"} or, nested, {"outcome"|"note": {"code"}}.
const Json* code_of(const Json* finding) {
  if (const Json* code = member(finding, "code")) return code;
  if (const Json* code = member(member(finding, "outcome"), "code")) return code;
  return member(member(finding, "note"), "code");
}

class Comparison {
 public:
  // cert_trust is judged against a root store; without one the replay's is
  // not tested (no_root_store) whatever the report said: no difference in
  // the evidence, so not compared, and listed where it differs.
  explicit Comparison(bool cert_trust_replayable) : cert_trust_replayable_(cert_trust_replayable) {}

  void same(const std::string& path, const Json* reported, const Json* verified) {
    if (!equal(reported, verified)) differences.push_back(Difference{path, text_of(reported), text_of(verified)});
  }
  void same_count(const std::string& path, const Json* reported, const Json* verified) {
    const std::size_t r = reported && reported->is_array() ? reported->size() : 0;
    const std::size_t v = verified && verified->is_array() ? verified->size() : 0;
    if (r != v) differences.push_back(Difference{path + ".length", std::to_string(r), std::to_string(v)});
  }
  // A TLS grading block (per address, or the domain's): each subtest's
  // status and code, by position (the subtests' order is fixed).
  void same_grading(const std::string& path, const Json* reported, const Json* verified) {
    const Json* rs = member(reported, "subtests");
    const Json* vs = member(verified, "subtests");
    same_count(path + ".subtests", rs, vs);
    if (!rs || !vs || !rs->is_array() || !vs->is_array()) return;
    for (std::size_t k = 0; k < std::min(rs->size(), vs->size()); ++k) {
      const Json* name = member(&rs->at(k), "name");
      const std::string sp = path + ".subtests." + (name && name->is_string() ? name->get<std::string>() : std::to_string(k));
      const bool replayable = cert_trust_replayable_ || !name || *name != "cert_trust";
      same_or_not_replayed(replayable, sp + ".status", member(&rs->at(k), "status"), member(&vs->at(k), "status"));
      same_or_not_replayed(replayable, sp + ".code", code_of(&rs->at(k)), code_of(&vs->at(k)));
    }
  }
  std::vector<Difference> differences;
  std::vector<NotReplayed> not_replayed;

 private:
  void same_or_not_replayed(bool replayable, const std::string& path, const Json* reported, const Json* verified) {
    if (replayable) return same(path, reported, verified);
    if (!equal(reported, verified)) not_replayed.push_back(NotReplayed{path, NotReplayedReason::no_root_store});
  }
  // Both absent, or both present and the same JSON.
  static bool equal(const Json* reported, const Json* verified) {
    return (reported == nullptr) == (verified == nullptr) && (!reported || *reported == *verified);
  }
  bool cert_trust_replayable_;
};

Comparison compare(const Json& reported, const Json& verified, bool cert_trust_replayable) {
  Comparison c(cert_trust_replayable);
  c.same("verdict", member(&reported, "verdict"), member(&verified, "verdict"));
  c.same("outcome.code", code_of(member(&reported, "outcome")), code_of(member(&verified, "outcome")));
  if (const Json* summary = member(&reported, "summary"); summary && summary->is_object())
    for (const auto& [key, value] : summary->items())
      c.same("summary." + key, &value, member(member(&verified, "summary"), key.c_str()));
  std::set<std::string> subtests;
  for (const Json* report : {&reported, &verified})
    if (const Json* s = member(report, "subtests"); s && s->is_object())
      for (const auto& item : s->items()) subtests.insert(item.key());
  for (const std::string& name : subtests) {
    const Json* r = member(member(&reported, "subtests"), name.c_str());
    const Json* v = member(member(&verified, "subtests"), name.c_str());
    c.same("subtests." + name + ".status", member(r, "status"), member(v, "status"));
    c.same("subtests." + name + ".code", code_of(r), code_of(v));
  }
  c.same_grading("grading", member(&reported, "grading"), member(&verified, "grading"));
  const Json* rh = member(&reported, "hosts");
  const Json* vh = member(&verified, "hosts");
  c.same_count("hosts", rh, vh);
  if (!rh || !vh || !rh->is_array() || !vh->is_array()) return c;
  for (std::size_t i = 0; i < std::min(rh->size(), vh->size()); ++i) {
    const std::string hp = "hosts[" + std::to_string(i) + "]";
    const Json& r = rh->at(i);
    const Json& v = vh->at(i);
    c.same(hp + ".name", member(&r, "name"), member(&v, "name"));
    c.same(hp + ".verdict", member(&r, "verdict"), member(&v, "verdict"));
    c.same(hp + ".outcome.code", code_of(member(&r, "outcome")), code_of(member(&v, "outcome")));
    c.same_grading(hp + ".grading", member(&r, "grading"), member(&v, "grading"));  // mail_caa is the host's
    const Json* ra = member(&r, "addresses");
    const Json* va = member(&v, "addresses");
    c.same_count(hp + ".addresses", ra, va);
    if (!ra || !va || !ra->is_array() || !va->is_array()) continue;
    for (std::size_t j = 0; j < std::min(ra->size(), va->size()); ++j) {
      const std::string ap = hp + ".addresses[" + std::to_string(j) + "]";
      c.same(ap + ".address", member(&ra->at(j), "address"), member(&va->at(j), "address"));
      c.same(ap + ".verdict", member(&ra->at(j), "verdict"), member(&va->at(j), "verdict"));
      c.same(ap + ".outcome.code", code_of(member(&ra->at(j), "outcome")),
             code_of(member(&va->at(j), "outcome")));
      c.same_grading(ap + ".grading", member(&ra->at(j), "grading"), member(&va->at(j), "grading"));
    }
  }
  return c;
}

// "20326, 38696": the key tags, with the owner when it is not the root.
std::string key_tags(const std::vector<dnssec::TrustAnchorKey>& keys) {
  std::vector<std::string> tags;
  for (const dnssec::TrustAnchorKey& k : keys) {
    std::string tag = std::to_string(k.key_tag);
    if (!k.owner.is_root()) tag += " (" + k.owner.to_text() + ")";
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
  }
  return tags.empty() ? std::string("-") : list_param(tags);
}

// Every key of `a` is one of `b`'s.
bool keys_within(const std::vector<dnssec::TrustAnchorKey>& a, const std::vector<dnssec::TrustAnchorKey>& b) {
  return std::all_of(a.begin(), a.end(), [&](const dnssec::TrustAnchorKey& k) {
    return std::any_of(b.begin(), b.end(), [&](const dnssec::TrustAnchorKey& o) { return k.same_key(o); });
  });
}

}  // namespace

std::string_view to_string(NotReplayedReason reason) {
  switch (reason) {
    case NotReplayedReason::no_root_store:
      return "no_root_store";
  }
  return "no_root_store";
}

Result<VerifyResult> verify_report(std::string_view report_json, const VerifyConfig& config) {
  if (report_json.size() > config.max_input)
    return make_error(Errc::limit_exceeded,
                      "the report is larger than " + std::to_string(config.max_input) + " bytes");
  if (!json_nesting_within(report_json, kMaxDepth))
    return make_error(Errc::limit_exceeded,
                      "the report nests deeper than " + std::to_string(kMaxDepth) + " levels");
  const Json reported = parse_json(report_json);
  if (reported.is_discarded()) return make_error(Errc::malformed, "the report is not JSON");
  if (!reported.is_object()) return make_error(Errc::malformed, "the report is not a JSON object");
  const Json* input = member(&reported, "input");
  if (!input || !input->is_string() || input->get_ref<const std::string&>().size() > 4096)
    return make_error(Errc::malformed, "the report has no \"input\" (the domain as typed)");

  VerifyResult result;
  // The anchors first: when the report was judged with others than verify's,
  // that is what the user must hear, before any difference it causes.
  auto anchors = dnssec::TrustAnchors::from_config(config.trust_anchors);
  if (!anchors.ok())
    return make_error(Errc::invalid_argument, "verify's trust anchors: " + anchors.error().message);
  result.verify_trust_anchors = anchors.value().keys();
  if (const Json* named = member(&reported, "trust_anchors")) {
    auto keys = trust_anchors_from_json(*named);
    if (!keys.ok()) return keys.error();
    result.report_trust_anchors = std::move(keys).value();
  }
  // The replayed report speaks the given report's language (texts are not compared).
  const Json* lang = member(&reported, "lang");
  const std::string language = lang && lang->is_string() && is_supported_language(lang->get<std::string>())
                                   ? lang->get<std::string>()
                                   : std::string(kDefaultLanguage);
  if (result.report_trust_anchors &&
      !(keys_within(*result.report_trust_anchors, result.verify_trust_anchors) &&
        keys_within(result.verify_trust_anchors, *result.report_trust_anchors))) {
    Note differ = note("verify_trust_anchors_differ", {{"report", key_tags(*result.report_trust_anchors)},
                                                       {"verify", key_tags(result.verify_trust_anchors)}});
    render_note(differ, is_supported_language(config.lang) ? std::string_view(config.lang) : language);
    result.trust_anchors_differ = std::move(differ);
  }
  const Json* evidence_json = member(&reported, "evidence");
  if (!evidence_json || evidence_json->is_null()) {
    result.cannot_verify = "the report carries no evidence";
    return result;
  }
  // What was still open at the deadline has no recorded answer or probe; a
  // replay would judge it as failed rather than as not tested.
  if (const Json* timed_out = member(&reported, "timed_out"); timed_out && *timed_out == true) {
    result.cannot_verify = "the check hit its deadline: what was still open then cannot be replayed";
    return result;
  }
  auto evidence = evidence_from_json(*evidence_json, config.evidence);
  if (!evidence.ok()) return evidence.error();
  if (!evidence.value().complete) {
    result.cannot_verify = "the evidence is incomplete: " + evidence.value().incomplete_reason;
    return result;
  }
  std::vector<ProbeResult> probes;
  for (const ProbeEvidence& p : evidence.value().probes) {
    auto probe = probe_result(p);
    if (!probe.ok()) return make_error(Errc::malformed, "evidence: " + probe.error().message);
    probes.push_back(std::move(probe).value());
  }

  result.report =
      replay(input->get<std::string>(), language, evidence.value(), probes, reported, config, result.unanswered);
  const Json verified = parse_json(report_to_json(*result.report));
  Comparison compared = compare(reported, verified, !config.root_store.empty());
  result.differences = std::move(compared.differences);
  result.not_replayed = std::move(compared.not_replayed);
  result.ok = result.differences.empty();
  return result;
}

std::string verify_result_to_json(const VerifyResult& r) {
  Json differences = Json::array();
  for (const Difference& d : r.differences)
    differences.push_back(Json{{"path", d.path}, {"report", d.reported}, {"verify", d.verified}});
  Json out{{"ok", r.ok}};
  if (r.trust_anchors_differ) {
    Json params = Json::object();
    for (const Param& p : r.trust_anchors_differ->params) params[p.name] = p.value;
    out["trust_anchors_differ"] = Json{{"code", r.trust_anchors_differ->code},
                                       {"params", params},
                                       {"text", r.trust_anchors_differ->text},
                                       {"fix", r.trust_anchors_differ->fix}};
  } else {
    out["trust_anchors_differ"] = nullptr;
  }
  if (!r.cannot_verify.empty()) out["cannot_verify"] = r.cannot_verify;
  out["differences"] = differences;
  if (!r.not_replayed.empty()) {
    Json not_replayed = Json::array();
    for (const NotReplayed& n : r.not_replayed) not_replayed.push_back(Json{{"path", n.path}, {"reason", to_string(n.reason)}});
    out["not_replayed"] = not_replayed;
  }
  out["unanswered"] = r.unanswered;
  out["trust_anchors"] = Json{
      {"report", r.report_trust_anchors ? trust_anchors_to_json(*r.report_trust_anchors) : Json(nullptr)},
      {"verify", trust_anchors_to_json(r.verify_trust_anchors)}};
  out["report"] = r.report ? parse_json(report_to_json(*r.report)) : Json(nullptr);
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace daneel::check
