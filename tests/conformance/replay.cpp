#include "replay.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <variant>

#include "dns/doh.h"
#include "dns/query_engine.h"
#include "dnssec/trust_anchors.h"
#include "dnssec/validator.h"
#include "resign.h"
#include "upstream.h"

namespace daneel::conformance {
namespace {

constexpr std::string_view kServer = "https://upstream.conformance.test/dns-query";

std::string verdict_text(const dnssec::ValidationResult& r) {
  std::string s(dnssec::to_string(r.verdict.security));
  s += " (" + std::string(dnssec::to_string(r.verdict.reason)) + ", " + std::string(dnssec::to_string(r.kind));
  if (!r.verdict.detail.empty()) s += ": " + r.verdict.detail;
  if (!r.query_detail.empty()) s += "; query: " + r.query_detail;
  return s + ")";
}

// What the CHECK_ANSWER entry expects, in validator terms.
struct Expectation {
  enum class Sec : std::uint8_t { secure, insecure, bogus, not_bogus, unvalidated } security = Sec::insecure;
  dns::Rcode rcode = dns::Rcode::noerror;
  std::string text;
};

Expectation expect(const Entry& query, const Entry& check) {
  Expectation e;
  e.rcode = check.rcode;
  if (check.rcode == dns::Rcode::servfail) {
    e.security = Expectation::Sec::bogus;
    e.text = "bogus (SERVFAIL)";
  } else if (check.rcode != dns::Rcode::noerror && check.rcode != dns::Rcode::nxdomain) {
    // Unbound does not validate other RCODEs (validator.c needs_validation:
    // "cannot validate non-answer"): no AD, and no verdict either. daneel has
    // no answer to validate: indeterminate.
    e.security = Expectation::Sec::unvalidated;
    e.text = "not validated (RCODE)";
  } else if (check.header.ad) {
    e.security = Expectation::Sec::secure;
    e.text = "secure (AD)";
  } else if (!query.do_bit && !query.header.ad) {
    // Unbound sets AD only for DO (or AD) queries: no AD says nothing more than "not bogus".
    e.security = Expectation::Sec::not_bogus;
    e.text = "not bogus (no DO in the query)";
  } else {
    e.security = Expectation::Sec::insecure;
    e.text = "insecure (no AD)";
  }
  e.text += " " + dns::to_string(check.rcode);
  return e;
}

// The records of the expected answer for the final name and type, as text without TTLs.
std::set<std::string> rdata_texts(const std::vector<dns::Record>& records, const dns::Name& owner, dns::RrType type) {
  std::set<std::string> out;
  for (const dns::Record& r : records) {
    if (!(r.owner == owner) || r.type != type) continue;
    dns::Record copy = r;
    copy.ttl = 0;
    copy.owner = owner.canonical();
    out.insert(dns::to_text(copy));
  }
  return out;
}

}  // namespace

ReplayResult replay(const Scenario& original, const ReplayOptions& options) {
  ReplayResult out;
  auto fail = [&](std::string why) {
    if (out.first_difference.empty()) out.first_difference = std::move(why);
  };

  // Re-sign what our crypto cannot check (DSA) with test keys; see resign.h.
  Scenario scenario = original;
  std::string anchor_text;
  for (const std::string& a : scenario.config_values("trust-anchor")) anchor_text += normalise_record(a) + "\n";
  Result<ResignReport> resigned = resign_unsupported(scenario, anchor_text);
  if (!resigned) {
    fail("re-signing: " + resigned.error().message);
    return out;
  }
  for (const std::string& line : resigned.value().notes) out.log.push_back("resign: " + line);

  Result<dnssec::TrustAnchors> anchors = dnssec::TrustAnchors::from_text(anchor_text);
  if (!anchors) {
    fail("trust anchor: " + anchors.error().message);
    return out;
  }
  const std::vector<std::string> dates = scenario.config_values("val-override-date");
  if (dates.empty()) {
    fail("no val-override-date");
    return out;
  }
  TimeMs now = 0;
  if (dates.front() == "-1") {
    // Unbound: -1 switches date checks off. We cannot, so we pick a moment
    // inside every signature's window (the latest inception) when there is one.
    std::uint32_t latest_inception = 0;
    for (const Range& range : scenario.ranges)
      for (const Entry& e : range.entries)
        for (const auto* sec : {&e.answer, &e.authority, &e.additional})
          for (const dns::Record& r : *sec)
            if (const auto* sig = std::get_if<dns::Rrsig>(&r.rdata)) latest_inception = std::max(latest_inception, sig->inception);
    now = (static_cast<TimeMs>(latest_inception) + 1) * 1000;
    out.log.push_back("val-override-date -1: now = latest RRSIG inception + 1 s");
  } else {
    Result<std::int64_t> date = parse_override_date(dates.front());
    if (!date) {
      fail(date.error().message);
      return out;
    }
    now = date.value() * 1000;
  }

  Upstream upstream(scenario);
  const Entry* last_query = nullptr;
  std::optional<dnssec::ValidationResult> last_result;
  bool last_scenario_servfail = false;
  std::uint32_t data_step = 0;
  // Unbound's NSEC3 iteration limit (val-nsec3-keysize-iterations, default
  // "1024 150 2048 500 4096 2500" in 1.17): the scenarios are written for it.
  std::uint16_t nsec3_limit = 150;
  for (const std::string& v : scenario.config_values("val-nsec3-keysize-iterations")) {
    const std::size_t sp = v.find(' ');
    std::uint16_t limit = 0;
    const std::string rest = sp == std::string::npos ? std::string() : v.substr(sp + 1);
    const std::string first = rest.substr(0, rest.find(' '));
    auto [ptr, ec] = std::from_chars(first.data(), first.data() + first.size(), limit);
    if (ec == std::errc() && ptr == first.data() + first.size()) nsec3_limit = limit;
  }

  for (const Step& step : scenario.steps) {
    if (step.kind == StepKind::time_passes) {
      now += static_cast<TimeMs>(step.elapse_ms);
      continue;
    }
    if (step.kind == StepKind::query) {
      if (!step.has_entry || step.entry.question.empty()) {
        fail("STEP " + std::to_string(step.number) + " QUERY without a question");
        return out;
      }
      last_query = &step.entry;
      const dns::Question& q = step.entry.question.front();
      // A step no RANGE covers is answered by Unbound from its cache: we use
      // the data of the last step that had any (the same answers it cached).
      bool covered = false;
      for (const Range& range : scenario.ranges)
        covered = covered || (range.first_step <= step.number && step.number <= range.last_step);
      if (covered) data_step = step.number;
      // One validator per query: caching across queries is resolver behaviour.
      dns::ResolverConfig config;
      config.servers = {std::string(kServer)};
      config.max_attempts = 1;
      dns::QueryEngine engine(config);
      dnssec::ValidatorConfig vconfig;
      vconfig.anchors = anchors.value();
      vconfig.policy.nsec3_iteration_limit = nsec3_limit;
      bool scenario_servfail = false;
      dnssec::Validator validator(engine, vconfig);
      const dnssec::ValidationTicket ticket = validator.validate(q.name, q.type, now);
      for (int round = 0; round < 2000 && !validator.idle(); ++round) {
        std::vector<dns::HttpRequestAction> requests = engine.take_requests();
        for (const dns::HttpRequestAction& req : requests) {
          Result<dns::Message> query = dns::parse_message(req.request.body);
          if (!query || query.value().questions.empty()) {
            engine.on_http_failure(req.id, "unparseable query", now);
            continue;
          }
          UpstreamAnswer a = upstream.answer(query.value().questions.front(), data_step);
          a.message.header.id = query.value().header.id;
          if (a.rule.find("the scenario's server fails") != std::string::npos) scenario_servfail = true;
          a.message.header.cd = query.value().header.cd;
          if (query.value().edns) {
            dns::Edns edns;
            edns.dnssec_ok = true;
            a.message.edns = edns;
          }
          if (options.verbose) {
            out.log.push_back("  upstream " + query.value().questions.front().name.to_text() + " " +
                              dns::to_string(query.value().questions.front().type) + " -> " +
                              dns::to_string(a.message.rcode) + " via " + a.rule);
          }
          Result<Bytes> wire = dns::build_message(a.message);
          if (!wire) {
            engine.on_http_failure(req.id, "cannot build answer: " + wire.error().message, now);
            continue;
          }
          engine.on_http_response(req.id, dns::HttpResponse{200, std::string(dns::kDnsMessageMediaType), wire.value()},
                                  now);
        }
        validator.step(now);
        if (requests.empty() && !validator.idle()) {
          // Nothing to answer yet nothing done: let the engine's timers run.
          if (auto deadline = engine.next_deadline()) engine.on_timer(*deadline);
          validator.step(now);
        }
      }
      const dnssec::ValidationResult* r = validator.result(ticket);
      if (r == nullptr) {
        fail("STEP " + std::to_string(step.number) + ": validation did not finish");
        return out;
      }
      last_result = *r;
      last_scenario_servfail = scenario_servfail;
      if (options.verbose) out.log.push_back(dnssec::to_text(*r));
      continue;
    }
    if (step.kind == StepKind::check_answer) {
      StepOutcome check;
      check.step = step.number;
      if (!last_result || last_query == nullptr || !step.has_entry) {
        fail("STEP " + std::to_string(step.number) + ": CHECK_ANSWER without a QUERY");
        return out;
      }
      const dnssec::ValidationResult& r = *last_result;
      const Expectation e = expect(*last_query, step.entry);
      bool ok = true;
      std::string why;
      using S = dnssec::Security;
      switch (e.security) {
        case Expectation::Sec::secure: ok = r.verdict.security == S::secure; break;
        case Expectation::Sec::insecure: ok = r.verdict.security == S::insecure; break;
        case Expectation::Sec::bogus:
          // SERVFAIL is also what a resolver says when the scenario's servers
          // fail: indeterminate matches only then.
          ok = r.verdict.security == S::bogus || (r.verdict.security == S::indeterminate && last_scenario_servfail);
          break;
        case Expectation::Sec::not_bogus:
          ok = r.verdict.security == S::secure || r.verdict.security == S::insecure;
          break;
        case Expectation::Sec::unvalidated:
          ok = r.verdict.security == S::indeterminate && r.query_outcome == dns::QueryOutcome::other_rcode;
          break;
      }
      if (!ok) why = "expected " + e.text + ", got " + verdict_text(r);
      if (ok && e.security != Expectation::Sec::bogus) {
        // The kind of answer must agree with the expected RCODE and answer section.
        const dns::Question& q = last_query->question.front();
        const std::set<std::string> want = rdata_texts(step.entry.answer, r.final_name, q.type);
        if (e.rcode == dns::Rcode::nxdomain && r.kind != dnssec::AnswerKind::nxdomain) {
          ok = false;
          why = "expected NXDOMAIN, got " + std::string(dnssec::to_string(r.kind));
        } else if (e.rcode == dns::Rcode::noerror && r.kind == dnssec::AnswerKind::nxdomain) {
          ok = false;
          why = "expected NOERROR, got nxdomain";
        } else if (e.rcode == dns::Rcode::noerror && !want.empty()) {
          std::set<std::string> got;
          if (r.answer) {
            std::vector<dns::Record> recs;
            for (const dns::Rdata& rd : r.answer->rdatas)
              recs.push_back(dns::Record{r.answer->owner, r.answer->type, r.answer->rclass, 0, rd});
            got = rdata_texts(recs, r.final_name, q.type);
          }
          if (got != want) {
            ok = false;
            why = "answer differs: expected " + std::to_string(want.size()) + " records at " +
                  r.final_name.to_text() + ", got " + std::to_string(got.size()) +
                  (want.empty() ? std::string() : " (first expected: " + *want.begin() + ")");
          }
        }
        if (ok && !why.empty()) ok = false;
      }
      check.passed = ok;
      check.detail = ok ? e.text : why;
      if (!ok) fail("STEP " + std::to_string(step.number) + " " + why);
      out.checks.push_back(std::move(check));
    }
  }
  if (out.checks.empty()) fail("no CHECK_ANSWER step");
  out.passed = out.first_difference.empty();
  return out;
}

}  // namespace daneel::conformance
