// The check engine in memory, with scripted IO: DNS answers come from a
// recorded report of the test world (its evidence, at the recorded times, so
// every DNSSEC validation is real), and each connection does what the test
// says: fails to open for a given reason, opens and is cut, or never answers.
// No sockets. The assertions are on the report: who is blamed for what.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "capi/check_capi.h"
#include "capi/share_capi.h"
#include "check/check.h"
#include "check/dns_replay.h"
#include "check/shared_probes.h"
#include "check/evidence_json.h"
#include "data/check_verify/recorded_reports.h"

using namespace daneel;
using Json = nlohmann::json;
using check::CloseCause;
using check::CloseReason;

namespace {

constexpr std::size_t kMaxSteps = 10'000;

// What a test does when the check opens a connection; true when the
// connection stays open (until the check closes it).
using OnOpen = std::function<bool(check::Check& check, check::ConnectionId id, TimeMs now)>;

struct Run {
  check::Report report;
  std::vector<check::OpenConnection> opened;  // in the order asked
  std::size_t most_open = 0;                  // connections open at once, at most
};

check::Evidence evidence_of(std::string_view recorded) {
  const Json json = Json::parse(recorded);
  auto evidence = check::evidence_from_json(json["evidence"], {});
  REQUIRE(evidence.ok());
  return std::move(evidence).value();
}

check::CheckConfig scripted_config() {
  check::CheckConfig config;
  config.resolver.servers = {"https://scripted.invalid/dns-query"};
  config.trust_anchors = std::string(verify_recorded::kTrustAnchor);
  return config;
}

// Runs a check of `domain` against the recorded DNS, with `on_open` for every
// connection. Sent bytes go nowhere; a connection that the script opened
// stays silent until the check closes it or its deadline passes.
Run run_scripted(const std::string& domain, std::string_view recorded, const OnOpen& on_open,
                 check::CheckConfig config = scripted_config()) {
  const check::Evidence evidence = evidence_of(recorded);
  check::DnsReplay dns(evidence.dns);
  TimeMs now = evidence.time;
  check::Check check(domain, std::move(config), now);
  std::multimap<TimeMs, std::pair<dns::RequestId, const check::DnsEvidence*>> scheduled;
  std::set<check::ConnectionId> open;
  Run run;
  for (std::size_t step = 0; step < kMaxSteps && !check.done(); ++step) {
    std::vector<check::ConnectionId> opening;
    for (const check::Action& action : check.take_actions()) {
      if (const auto* doh = std::get_if<check::DohExchange>(&action)) {
        if (const check::DnsEvidence* answer = dns.answer(doh->request))
          scheduled.emplace(std::max(now, evidence.time + answer->at), std::pair{doh->id, answer});
      } else if (const auto* connection = std::get_if<check::OpenConnection>(&action)) {
        run.opened.push_back(*connection);
        open.insert(connection->id);
        run.most_open = std::max(run.most_open, open.size());
        opening.push_back(connection->id);
      } else if (const auto* close = std::get_if<check::CloseConnection>(&action)) {
        open.erase(close->id);
      }
    }
    // New connections are scripted after the batch, as a driver answers them.
    for (const check::ConnectionId id : opening) {
      if (!on_open(check, id, now)) open.erase(id);
      if (check.done()) break;
    }
    if (check.done()) break;
    const std::optional<TimeMs> deadline = check.next_deadline();
    if (!scheduled.empty() && (!deadline || scheduled.begin()->first <= *deadline)) {
      const auto next = scheduled.begin();
      now = std::max(now, next->first);
      const auto [id, answer] = next->second;
      scheduled.erase(next);
      check.on_doh_response(id, dns::HttpResponse{200, std::string(dns::kDnsMessageMediaType), answer->wire}, now);
    } else if (deadline) {
      now = std::max(now, *deadline);
      check.on_timer(now);
    } else {
      break;
    }
  }
  REQUIRE(check.done());
  CHECK(check.message_problems().empty());
  run.report = check.report();
  return run;
}

OnOpen fail_to_open(CloseReason reason) {
  return [reason](check::Check& check, check::ConnectionId id, TimeMs now) {
    check.on_connect_failed(id, reason, now);
    return false;
  };
}

OnOpen open_then_cut(CloseReason reason) {
  return [reason](check::Check& check, check::ConnectionId id, TimeMs now) {
    check.on_connected(id, {}, now);
    check.on_closed(id, reason, now);
    return false;
  };
}

// Opens nothing and never answers: the check's timers decide.
bool silent(check::Check&, check::ConnectionId, TimeMs) { return true; }

std::string subtest(const check::Report& r, const std::string& name) {
  for (const check::Subtest& s : r.subtests)
    if (s.name == name) return std::string(check::to_string(s.status)) + "/" + s.note.code;
  return "missing";
}

std::string param(const check::Note& note, const std::string& name) {
  for (const check::Param& p : note.params)
    if (p.name == name) return p.value;
  return "(none)";
}

}  // namespace

TEST_CASE("scripted IO: a relay or the local network failing every connection blames no mail server") {
  const std::string domain = "ee311.example";
  for (const CloseReason& reason :
       {CloseReason{CloseCause::relay_refused, 4001, "forbidden_destination: the relay does not connect to this address"},
        CloseReason{CloseCause::relay_failed, 1006, "relay_unreachable"},
        CloseReason{CloseCause::relay_cap, 4008, "rate_limited"},
        CloseReason{CloseCause::local_network, 0, "ENETUNREACH"}}) {
    INFO(check::to_string(reason.cause));
    const Run run = run_scripted(domain, verify_recorded::kEe311, fail_to_open(reason));
    const check::Report& r = run.report;
    REQUIRE(r.hosts.size() == 1);
    REQUIRE(r.hosts[0].addresses.size() == 1);
    const check::AddressReport& a = r.hosts[0].addresses[0];
    CHECK(a.verdict == check::AddressVerdict::not_tested);
    CHECK(a.connection_end == reason);
    if (reason.cause == CloseCause::local_network) {
      CHECK(a.outcome.code == "connection_failed_locally");
    } else {
      CHECK(a.outcome.code == "connection_cut_by_relay");
      CHECK(param(a.outcome, "code") == std::to_string(reason.relay_code));
    }
    CHECK(r.hosts[0].verdict == check::HostVerdict::not_tested);
    CHECK(r.verdict == check::DomainVerdict::error);
    CHECK(r.outcome.code == "mx_not_tested_cut_off");
    CHECK(subtest(r, "starttls_available") == "not_tested/starttls_untested_cut_off");
    CHECK(subtest(r, "dane_valid") == "not_tested/dane_valid_unjudged");
    CHECK(r.summary.starttls == check::SummaryStarttls::not_tested);
    CHECK(r.summary.dane == check::SummaryDane::error);
    // The DNS part is judged as usual.
    CHECK(subtest(r, "dane_exists") == "passed/tlsa_secure");
    // The report says who ended it, in the address's JSON and its evidence.
    const Json json = Json::parse(check::report_to_json(r));
    const Json& end = json["hosts"][0]["addresses"][0]["connection_end"];
    CHECK(end["cause"] == std::string(check::to_string(reason.cause)));
    CHECK(end["detail"] == reason.detail);
    CHECK(json["evidence"]["probes"][0]["connection_end"] == end);
  }
}

TEST_CASE("scripted IO: the mail server refusing, resetting, closing or not answering fails the address") {
  const std::string domain = "ee311.example";
  SECTION("refused or reset while opening") {
    const Run run =
        run_scripted(domain, verify_recorded::kEe311, fail_to_open({CloseCause::server_reset, 0, "ECONNREFUSED"}));
    const check::AddressReport& a = run.report.hosts.at(0).addresses.at(0);
    CHECK(a.verdict == check::AddressVerdict::fail);
    CHECK(a.outcome.code == "starttls_failed");
    CHECK(param(a.outcome, "problem") == "no connection: ECONNREFUSED");
    CHECK(run.report.verdict == check::DomainVerdict::fail);
    CHECK(subtest(run.report, "starttls_available") == "failed/starttls_missing");
  }
  SECTION("closed by the server after opening: closed_early, the server's doing") {
    const Run run = run_scripted(domain, verify_recorded::kEe311,
                                 open_then_cut({CloseCause::server_closed, 0, "the mail server closed the connection"}));
    const check::AddressReport& a = run.report.hosts.at(0).addresses.at(0);
    CHECK(a.verdict == check::AddressVerdict::fail);
    CHECK(a.smtp_outcome == smtp::Outcome::closed_early);
    CHECK(a.smtp_phase == smtp::Phase::greeting);
    CHECK(a.connection_end->cause == CloseCause::server_closed);
  }
  SECTION("never answers: the check's own connect timeout, blamed on the server") {
    check::CheckConfig config = scripted_config();
    config.limits.connect_timeout = 3'000;
    const Run run = run_scripted(domain, verify_recorded::kEe311, silent, config);
    const check::AddressReport& a = run.report.hosts.at(0).addresses.at(0);
    CHECK(a.verdict == check::AddressVerdict::fail);
    CHECK(a.connect_error == "no TCP connection within 3 s");
    REQUIRE(a.connection_end.has_value());
    CHECK(a.connection_end->cause == CloseCause::server_silent);
    // Both probes (with and without SNI) waited their own 3 s, not the check's deadline.
    CHECK(a.finished_at - a.started_at == 3'000);
    CHECK_FALSE(run.report.timed_out);
  }
}

TEST_CASE("scripted IO: a server that connects and never greets runs into the greeting timeout, its own doing") {
  check::CheckConfig config = scripted_config();
  config.timeouts.greeting = 4'000;
  const Run run = run_scripted("ee311.example", verify_recorded::kEe311,
                               [](check::Check& check, check::ConnectionId id, TimeMs now) {
                                 check.on_connected(id, {}, now);
                                 return true;  // open, silent, until the check closes it
                               },
                               config);
  const check::AddressReport& a = run.report.hosts.at(0).addresses.at(0);
  CHECK(a.connected);
  CHECK(a.smtp_outcome == smtp::Outcome::no_greeting);
  CHECK(a.smtp_phase == smtp::Phase::greeting);
  CHECK_FALSE(a.connection_end.has_value());  // the check closed it
  CHECK(a.verdict == check::AddressVerdict::fail);
  CHECK(a.finished_at - a.started_at == 4'000);
  CHECK(run.most_open == 2);  // with the probe without SNI, both waiting at once
}

TEST_CASE("scripted IO: a relay cutting a session that had begun leaves the address untested") {
  const Run run = run_scripted("ee311.example", verify_recorded::kEe311,
                               open_then_cut({CloseCause::relay_cap, 4007, "idle_timeout: the connection was idle too long"}));
  const check::AddressReport& a = run.report.hosts.at(0).addresses.at(0);
  CHECK(a.connected);
  CHECK(a.smtp_outcome == smtp::Outcome::closed_early);
  CHECK(a.verdict == check::AddressVerdict::not_tested);
  CHECK(a.outcome.code == "connection_cut_by_relay");
  CHECK(param(a.outcome, "code") == "4007");
  // The probe without SNI was cut as well; it has no verdict of its own, and
  // sni_dependence says it could not compare.
  REQUIRE(a.no_sni.has_value());
  CHECK(a.no_sni->cut_off());
  CHECK(subtest(run.report, "sni_dependence") == "not_tested/sni_probe_untested");
}

TEST_CASE("scripted IO: scheduling of the probes and the whole-check deadline") {
  SECTION("a DANE host's first address: the probe with SNI and the one without start together") {
    const Run run = run_scripted("ee311.example", verify_recorded::kEe311,
                                 fail_to_open({CloseCause::server_reset, 0, "ECONNREFUSED"}));
    REQUIRE(run.opened.size() == 2);
    CHECK(run.opened[0].address == run.opened[1].address);
    CHECK(run.opened[0].port == 25);
    CHECK(run.report.hosts[0].addresses[0].no_sni.has_value());
  }
  SECTION("limits: at most max_connections at once, and max_per_destination per host") {
    const Run unlimited = run_scripted("two-mx.example", verify_recorded::kTwoMx, silent);
    CHECK(unlimited.opened.size() == 3);  // mx1 with and without SNI, mx2 (no DANE: one probe)
    CHECK(unlimited.most_open == 3);

    check::CheckConfig config = scripted_config();
    config.limits.max_connections = 1;
    const Run global = run_scripted("two-mx.example", verify_recorded::kTwoMx, silent, config);
    CHECK(global.opened.size() == 3);
    CHECK(global.most_open == 1);
    // One at a time: each waited its own connect timeout in turn, 30 s in all.
    for (const check::HostReport& h : global.report.hosts)
      for (const check::AddressReport& a : h.addresses) CHECK(a.connect_error == "no TCP connection within 10 s");
    CHECK(global.report.finished_at - global.report.started_at >= 30'000);

    config = scripted_config();
    config.limits.max_per_destination = 1;
    const Run per_host = run_scripted("two-mx.example", verify_recorded::kTwoMx, silent, config);
    CHECK(per_host.most_open == 2);  // mx1's two probes one after the other, mx2 beside them
  }
  SECTION("a relay's limits: one session per address, two at once (daneel-proxy's public defaults)") {
    check::CheckConfig config = scripted_config();
    config.limits.max_per_address = 1;
    config.limits.max_connections = 2;
    const Run relay = run_scripted("two-mx.example", verify_recorded::kTwoMx, silent, config);
    CHECK(relay.opened.size() == 3);  // every probe still made
    CHECK(relay.most_open == 2);      // mx1 with SNI beside mx2, then mx1 without SNI
    REQUIRE(relay.report.hosts.size() == 2);
    REQUIRE(relay.report.hosts[0].addresses.size() == 1);
    const check::AddressReport& first = relay.report.hosts[0].addresses[0];
    REQUIRE(first.no_sni.has_value());
    // The probe without SNI started once the address's own probe had ended.
    CHECK(first.no_sni->started_at >= first.finished_at);
    config.limits.max_per_address = 2;
    const Run together = run_scripted("two-mx.example", verify_recorded::kTwoMx, silent, config);
    const check::AddressReport& paired = together.report.hosts[0].addresses[0];
    CHECK(paired.no_sni->started_at < paired.finished_at);  // by default they run side by side
  }
  SECTION("the deadline ends what is still open and says so") {
    check::CheckConfig config = scripted_config();
    config.limits.check_deadline = 5'000;
    config.limits.connect_timeout = 60'000;
    const Run run =
        run_scripted("ee311.example", verify_recorded::kEe311, silent, config);
    CHECK(run.report.timed_out);
    CHECK(std::any_of(run.report.warnings.begin(), run.report.warnings.end(),
                      [](const check::Note& n) { return n.code == "check_deadline" && n.params.at(0).value == "5"; }));
    CHECK(run.report.finished_at - run.report.started_at == 5'000);
    // The address had not connected by then: no STARTTLS before the deadline
    // (as the world's deadline-silent scenario decides).
    const check::AddressReport& a = run.report.hosts.at(0).addresses.at(0);
    CHECK_FALSE(a.connected);
    CHECK(a.verdict == check::AddressVerdict::fail);
    CHECK(param(a.outcome, "problem") == "no SMTP session completed");
  }
}

TEST_CASE("scripted IO: the check names the domain and MX host of each connection, and speaks the relay's EHLO name") {
  std::vector<std::string> ehlo_lines;
  std::vector<std::string> names = {"relay.example", "not a host name!"};
  std::size_t opened = 0;
  const Run run = run_scripted("ee311.example", verify_recorded::kEe311,
                               [&](check::Check& check, check::ConnectionId id, TimeMs now) {
                                 // The first probe gets a relay's name, the second a malformed one.
                                 check.on_connected(id, {names.at(opened++ % 2)}, now);
                                 const std::string greeting = "220 mx.ee311.example ESMTP\r\n";
                                 check.on_bytes(id, ByteView(reinterpret_cast<const std::uint8_t*>(greeting.data()), greeting.size()), now);
                                 // The EHLO goes out at once; its bytes are read here (the harness drops sends).
                                 for (const check::Action& action : check.take_actions())
                                   if (const auto* send = std::get_if<check::SendBytes>(&action); send && send->id == id)
                                     ehlo_lines.emplace_back(send->data.begin(), send->data.end());
                                 check.on_closed(id, {CloseCause::server_closed, 0, "test"}, now);
                                 return false;
                               });
  REQUIRE(run.opened.size() == 2);
  for (const check::OpenConnection& open : run.opened) {
    CHECK(open.domain == "ee311.example");
    CHECK(open.mx == "mx.ee311.example");
  }
  REQUIRE(ehlo_lines.size() == 2);
  CHECK(ehlo_lines[0] == "EHLO relay.example\r\n");
  CHECK(ehlo_lines[1] == "EHLO daneel.invalid\r\n");  // the check's own name (CheckConfig::ehlo_name)
}

// Batch mode's shared per-host work (check/shared_probes.h, probe.h's
// ProbeSource): a probe recorded by an earlier check stands in for the
// connection; a probe the store lacks runs live; the verdicts are those of
// the recorded (live) report.
namespace {

std::string probes_json(std::string_view recorded, const std::function<bool(const Json&)>& keep) {
  Json probes = Json::array();
  const Json report = Json::parse(recorded);  // named: a range-for does not keep a temporary's member alive
  for (const Json& p : report["evidence"]["probes"])
    if (keep(p)) probes.push_back(p);
  return Json{{"probes", probes}}.dump();
}

check::CheckConfig sharing_config(const check::SharedProbes& store, std::vector<std::string>& asked) {
  check::CheckConfig config = scripted_config();
  config.probe_source = [&store, &asked](const check::ProbeTarget& t) {
    asked.push_back(check::SharedProbes::key(t));
    return store.find(t);
  };
  return config;
}

}  // namespace

TEST_CASE("shared probes: a check takes the probes the store holds and judges them as the live check did") {
  check::SharedProbes store;
  REQUIRE(store.put(probes_json(verify_recorded::kEe311, [](const Json&) { return true; })).value() == 2);
  std::vector<std::string> asked;
  const Run run = run_scripted("ee311.example", verify_recorded::kEe311, fail_to_open({CloseCause::local_network, 0, "x"}),
                               sharing_config(store, asked));
  CHECK(run.opened.empty());  // both probes (with and without SNI) came from the store
  CHECK(asked == std::vector<std::string>{"mx.ee311.example 127.0.1.11 sni", "mx.ee311.example 127.0.1.11 nosni"});
  const Json recorded = Json::parse(verify_recorded::kEe311);
  const Json shared = Json::parse(check::report_to_json(run.report));
  CHECK(shared["verdict"] == recorded["verdict"]);
  // Every word the recorded report has (it predates summary.tls_ncsc, schema 1.5); this check did not grade.
  for (const auto& [word, value] : recorded["summary"].items()) CHECK(shared["summary"][word] == value);
  CHECK(shared["summary"]["tls_ncsc"] == "not_graded");
  for (const auto& [name, subtest] : recorded["subtests"].items()) {
    INFO(name);
    CHECK(shared["subtests"][name]["status"] == subtest["status"]);
    CHECK(shared["subtests"][name]["code"] == subtest["code"]);
  }
  CHECK(shared["hosts"][0]["addresses"][0]["verdict"] == "pass");
  // The shared probe is in the new report's evidence: verify can replay it.
  CHECK(shared["evidence"]["probes"].size() == 2);
}

TEST_CASE("shared probes: mixed mode runs what the store lacks live, and a shared failure is judged as a live one") {
  // Only the probe with SNI is shared: the one without SNI opens a connection.
  check::SharedProbes store;
  REQUIRE(store.put(probes_json(verify_recorded::kEe311, [](const Json& p) { return p["sni"] == true; })).value() == 1);
  std::vector<std::string> asked;
  const Run run = run_scripted("ee311.example", verify_recorded::kEe311, fail_to_open({CloseCause::server_reset, 0, "refused"}),
                               sharing_config(store, asked));
  REQUIRE(run.opened.size() == 1);
  CHECK(run.opened[0].address == "127.0.1.11");
  CHECK(run.report.hosts[0].addresses[0].verdict == check::AddressVerdict::pass);
  REQUIRE(run.report.hosts[0].addresses[0].no_sni.has_value());
  CHECK_FALSE(run.report.hosts[0].addresses[0].no_sni->connected);

  // A shared probe whose session failed fails the address, as it did live.
  Json failed = Json::parse(probes_json(verify_recorded::kEe311, [](const Json&) { return true; }));
  for (Json& p : failed["probes"]) {
    p["connected"] = false;
    p["connect_error"] = "connection refused";
    p["connection_end"] = Json{{"cause", "server_reset"}, {"relay_code", nullptr}, {"detail", "refused"}};
    p["smtp"] = nullptr;
  }
  check::SharedProbes refused;
  REQUIRE(refused.put(failed.dump()).ok());
  asked.clear();
  const Run down = run_scripted("ee311.example", verify_recorded::kEe311, fail_to_open({CloseCause::local_network, 0, "x"}),
                                sharing_config(refused, asked));
  CHECK(down.opened.empty());
  CHECK(down.report.hosts[0].addresses[0].verdict == check::AddressVerdict::fail);
}

TEST_CASE("shared probes: the store is strict, all or nothing, and bounded") {
  check::SharedProbes store(check::SharedProbeLimits{.max_entries = 2, .max_bytes = 1 << 20});
  const std::string ee = probes_json(verify_recorded::kEe311, [](const Json&) { return true; });
  REQUIRE(store.put(ee).value() == 2);
  CHECK(store.put(ee).value() == 2);  // the same keys replace
  // A third key passes the bound: refused, nothing added.
  const std::string two = probes_json(verify_recorded::kTwoMx, [](const Json& p) { return p["address"] == "127.0.1.28"; });
  CHECK(store.put(two).error().code == Errc::limit_exceeded);
  CHECK(store.size() == 2);
  CHECK_FALSE(store.find({"mx2.two-mx.example", "127.0.1.28", true}).has_value());
  // Malformed input changes nothing.
  for (const std::string& bad : {std::string("not json"), std::string("[]"), std::string(R"({"probes": 3})"),
                                std::string(R"({"probes": [{"host": "a"}]})"), std::string(200, '[') + std::string(200, ']')}) {
    INFO(bad);
    CHECK_FALSE(store.put(bad).ok());
  }
  Json unknown = Json::parse(ee);
  unknown["probes"][0]["smtp"]["outcome"] = "no_such_outcome";
  CHECK(store.put(unknown.dump()).error().code == Errc::malformed);
  Json spaced = Json::parse(ee);
  spaced["probes"][0]["host"] = "mx ee311.example";
  CHECK(store.put(spaced.dump()).error().code == Errc::malformed);
  CHECK(store.size() == 2);
  // Erase by target; a bad target list is an error and erases nothing.
  CHECK_FALSE(store.erase(R"([{"host": "mx.ee311.example", "address": "127.0.1.11"}])").ok());
  CHECK(store.erase(R"([{"host": "mx.ee311.example", "address": "127.0.1.11", "sni": false}])").value() == 1);
  CHECK(store.size() == 1);
  CHECK(store.find({"mx.ee311.example", "127.0.1.11", true}).has_value());
  CHECK_FALSE(store.find({"mx.ee311.example", "127.0.1.11", false}).has_value());
}

TEST_CASE("shared probes: the C ABI (store handles, a session that names one, the probes it took, DNS reuse TTL)") {
  const std::uint32_t store = daneel_probe_store_create();
  REQUIRE(store != 0);
  const std::string ee = probes_json(verify_recorded::kEe311, [](const Json&) { return true; });
  CHECK(daneel_probe_store_put(store, ee.data(), ee.size()) == 2);
  CHECK(daneel_probe_store_put(store + 1000, ee.data(), ee.size()) == -1);
  CHECK(std::string(daneel_last_error()).find("invalid_argument") != std::string::npos);
  CHECK(daneel_probe_store_put(store, "{}", 2) == -1);
  const std::string config = Json{{"servers", {"https://scripted.invalid/dns-query"}},
                                  {"trust_anchors", std::string(verify_recorded::kTrustAnchor)},
                                  {"probe_store", store}}.dump();
  const std::uint32_t session = daneel_check_create(config.data(), config.size());
  REQUIRE(session != 0);
  CHECK(std::string(daneel_check_shared_probes(session)) == "[]");
  daneel_check_free(session);
  const std::string bad = Json{{"servers", {"https://scripted.invalid/dns-query"}}, {"probe_store", -1}}.dump();
  CHECK(daneel_check_create(bad.data(), bad.size()) == 0);
  const std::string targets = R"([{"host": "mx.ee311.example", "address": "127.0.1.11", "sni": true}])";
  CHECK(daneel_probe_store_erase(store, targets.data(), targets.size()) == 1);
  daneel_probe_store_free(store);
  CHECK(daneel_probe_store_put(store, ee.data(), ee.size()) == -1);

  // The recorded MX answer of ee311.example: its RRset has TTL 90.
  const check::Evidence evidence = evidence_of(verify_recorded::kEe311);
  for (const check::DnsEvidence& d : evidence.dns) {
    if (d.qtype != "MX") continue;
    CHECK(daneel_dns_reuse_ttl(d.wire.data(), d.wire.size()) == 90);
    Bytes truncated(d.wire.begin(), d.wire.begin() + 20);
    CHECK(daneel_dns_reuse_ttl(truncated.data(), truncated.size()) == -1);
    Bytes servfail = d.wire;
    servfail[3] = static_cast<std::uint8_t>((servfail[3] & 0xf0) | 2);
    CHECK(daneel_dns_reuse_ttl(servfail.data(), servfail.size()) == -1);
  }
  CHECK(daneel_dns_reuse_ttl(nullptr, 0) == -1);
}
