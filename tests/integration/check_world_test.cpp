// The whole check (check::Check + the native check driver) against every
// scenario of the test world (tests/world/up): the domain verdict must equal
// the scenario's `expect.verdict` (pass / fail / no-dane / no-mail / warn /
// error), every subtest named in `expect.subtests` must have that status (a
// scenario without `subtests` fails), and the report's summary must equal
// `expect.summary`. Every second scenario is checked in Dutch, so that both
// catalogues render against real reports. Prints a table and the wall time.
//   DANEEL_CHECK_JSON=<scenario>  prints that scenario's report
//   DANEEL_REPORT_DIR=<dir>       writes every report to <dir>/<scenario>.json
//                                 (scripts/test validates them against
//                                 docs/report-schema.json)
//   DANEEL_CHECK_EXPECT=1         prints each scenario's observed subtests and
//                                 summary as scenarios.toml inline tables
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "check/check.h"
#include "check/script_summary.h"
#include "check_driver.h"
#include "doh_driver.h"
#include "check_world_config.h"
#include "world_env.h"

using namespace daneel;
using Json = nlohmann::json;

namespace {

std::string host_summary(const check::Report& report) {
  std::string out;
  for (const check::HostReport& h : report.hosts) {
    out += h.name + "=" + std::string(to_string(h.verdict)) + "[" + std::string(to_string(h.tlsa.state)) + "]";
    for (const check::AddressReport& a : h.addresses) out += " " + a.address + ":" + std::string(to_string(a.verdict)) + "(" + a.outcome.code + ")";
    out += "; ";
  }
  return out;
}

}  // namespace

TEST_CASE("check world: every scenario's domain verdict") {
  const testing::WorldEnv env = testing::load_world_env();
  const Json world = Json::parse(testing::read_text_file(env.get("DANEEL_WORLD_JSON")));
  const check::CheckConfig config = testing::world_check_config(env, "check-world-test.daneel.invalid");
  const auto started = std::chrono::steady_clock::now();
  std::size_t agree = 0, total = 0;
  std::size_t graded_addresses = 0, verdicts_decided = 0;
  const std::string public_roots = testing::read_text_file("/etc/ssl/certs/ca-certificates.crt");
  REQUIRE(public_roots.find("BEGIN CERTIFICATE") != std::string::npos);
  std::printf("%-18s %-9s %-9s %7s  %s\n", "scenario", "expected", "ours", "ms", "hosts / outcome");
  for (const Json& scenario : world["scenarios"]) {
    const std::string name = scenario["name"];
    const std::string domain = scenario["domain"];
    const std::string expected = scenario["expect"]["verdict"];
    check::CheckConfig scenario_config = config;
    scenario_config.lang = total % 2 == 0 ? "en" : "nl";
    // TLS grading as the CLI does it (DANEEL_CHECK_GRADING=0: without, today's connections only).
    const char* grading = std::getenv("DANEEL_CHECK_GRADING");
    scenario_config.grading.enabled = grading == nullptr || std::string(grading) != "0";
    // cert_trust as the native driver does it: Debian's public roots (the world's chains are not theirs).
    scenario_config.grading.root_store = public_roots;
    check::Check check(domain, scenario_config, native::now_ms());
    const native::CheckDriverReport run = native::run_check(check, {.ca_file = env.get("DANEEL_WORLD_DOH_CA"), .max_run = 60'000});
    const check::Report& report = check.report();
    ++total;
    if (to_string(report.verdict) == expected) ++agree;
    std::printf("%-18s %-9s %-9s %7lld  %s | %s: %s\n", name.c_str(), expected.c_str(), std::string(to_string(report.verdict)).c_str(),
                static_cast<long long>(run.wall_ms), host_summary(report).c_str(), report.outcome.code.c_str(),
                report.outcome.text.c_str());
    INFO(name << ": " << check::report_to_json(report, 1));
    // DANEEL_CHECK_JSON=<scenario> prints that scenario's report.
    if (const char* want = std::getenv("DANEEL_CHECK_JSON"); want && name == want)
      std::printf("%s\n", check::report_to_json(report, 2).c_str());
    CHECK(run.finished);
    CHECK(to_string(report.verdict) == expected);
    for (const std::string& problem : check.message_problems()) UNSCOPED_INFO(name << ": message: " << problem);
    CHECK(check.message_problems().empty());
    CHECK(report.lang == scenario_config.lang);
    if (const char* dir = std::getenv("DANEEL_REPORT_DIR"); dir && *dir) {
      std::filesystem::create_directories(dir);
      std::ofstream(std::string(dir) + "/" + name + ".json") << check::report_to_json(report, 1) << "\n";
    }
    // Grading: within the per-address budget, and never a pass from an open decision.
    for (const check::HostReport& h : report.hosts)
      for (const check::AddressReport& a : h.addresses) {
        if (!a.grading) continue;
        ++graded_addresses;
        // The verdicts first, information last: every subtest the NCSC
        // tables rate decided, whether or not the budget cut the information.
        if (a.grading->probes.size() >= 2 &&
            std::all_of(a.grading->subtests.begin(), a.grading->subtests.end(), [](const check::GradingSubtest& s) {
              return !check::rated_by_ncsc(s.name) || s.decision != tls::Decision::open;
            }))
          ++verdicts_decided;
        INFO(name << " " << a.address << ": grading stop " << check::to_string(a.grading->stop));
        CHECK(a.grading->connections <= a.grading->budget);
        for (const check::GradingSubtest& s : a.grading->subtests) {
          if (s.decision != tls::Decision::decided) CHECK(s.status != check::SubtestStatus::passed);
          // No world chain is from a public CA: information, never passed nor failed.
          if (s.name == "cert_trust" && !a.grading->subtests.empty()) CHECK(s.status == check::SubtestStatus::info);
        }
      }
    // mail_caa per MX host whenever grading ran: decided or not tested, never left out.
    if (scenario_config.grading.enabled)
      for (const check::HostReport& h : report.hosts) {
        INFO(name << " " << h.name << ": mail_caa");
        REQUIRE(h.grading.has_value());
        CHECK(std::any_of(h.grading->subtests.begin(), h.grading->subtests.end(),
                          [](const check::GradingSubtest& s) { return s.name == "mail_caa"; }));
      }
    // Per-subtest expectations: every scenario must have them.
    const Json& expect = scenario["expect"];
    INFO(name << ": expect.subtests is required (tests/world/scenarios.toml, docs/TEST_WORLD.md)");
    CHECK(expect.contains("subtests"));
    CHECK(expect.contains("summary"));
    auto subtest_status = [&](const std::string& subtest) {
      for (const check::Subtest& s : report.subtests)
        if (s.name == subtest) return std::string(check::to_string(s.status));
      return std::string("missing");
    };
    if (expect.contains("subtests"))
      for (const auto& [subtest, status] : expect["subtests"].items()) {
        INFO(name << ": subtest " << subtest);
        CHECK(subtest_status(subtest) == status.get<std::string>());
      }
    if (expect.contains("summary")) {
      const Json& summary = expect["summary"];
      if (summary.contains("dane")) CHECK(to_string(report.summary.dane) == summary["dane"].get<std::string>());
      if (summary.contains("dnssec")) CHECK(to_string(report.summary.dnssec) == summary["dnssec"].get<std::string>());
      if (summary.contains("starttls")) CHECK(to_string(report.summary.starttls) == summary["starttls"].get<std::string>());
      // The NCSC word is the grading's: without grading, not graded whatever the scenario says.
      if (summary.contains("tls_ncsc"))
        CHECK(to_string(report.summary.tls_ncsc) ==
              (scenario_config.grading.enabled ? summary["tls_ncsc"].get<std::string>() : std::string("not_graded")));
    }
    if (const char* want = std::getenv("DANEEL_CHECK_EXPECT"); want && *want) {
      std::string line = "EXPECT " + name + " subtests = { ";
      for (std::size_t i = 0; i < report.subtests.size(); ++i)
        line += (i ? ", " : "") + report.subtests[i].name + " = \"" +
                std::string(check::to_string(report.subtests[i].status)) + "\"";
      line += " }, summary = { dane = \"" + std::string(to_string(report.summary.dane)) + "\", dnssec = \"" +
              std::string(to_string(report.summary.dnssec)) + "\", starttls = \"" +
              std::string(to_string(report.summary.starttls)) + "\" }";
      std::printf("%s\n", line.c_str());
    }
    // Per-host expectations, where the scenario gives them.
    if (scenario["expect"].contains("hosts"))
      for (const auto& [host, verdict] : scenario["expect"]["hosts"].items())
        for (const check::HostReport& h : report.hosts)
          if (h.name + "." == host) CHECK(to_string(h.verdict) == verdict.get<std::string>());
    // Every address of every MX host was tested (dual-stack: IPv4 and IPv6).
    for (const Json& server : scenario["servers"]) {
      bool seen = false;
      for (const check::HostReport& h : report.hosts)
        for (const check::AddressReport& a : h.addresses)
          seen = seen || (a.address == server["ip"].get<std::string>() && to_string(a.verdict) != "not_tested");
      if (to_string(report.verdict) != "error" && to_string(report.verdict) != "no-mail") CHECK(seen);
    }
    // The probe without SNI (A15): exactly one per host where DANE applies, on
    // its first address, started with that address's SNI probe; none elsewhere.
    for (const check::HostReport& h : report.hosts)
      for (std::size_t i = 0; i < h.addresses.size(); ++i) {
        const check::AddressReport& a = h.addresses[i];
        INFO(name << ": " << h.name << " " << a.address << " probe without SNI");
        const bool dane = to_string(h.tlsa.state) == "usable" && !report.timed_out;
        CHECK(a.no_sni.has_value() == (dane && i == 0));
        if (!a.no_sni) continue;
        CHECK(a.no_sni->started_at == a.started_at);
        CHECK(a.no_sni->connected == a.connected);
        CHECK(h.sni_dependence.has_value());
      }
    if (name == "sni-required" || name == "sni-wrong") {
      const check::AddressReport& a = report.hosts.at(0).addresses.at(0);
      REQUIRE(a.no_sni.has_value());
      REQUIRE(a.certificates.size() == 1);
      REQUIRE(a.no_sni->certificates.size() == 1);
      CHECK(a.certificates[0].sha256 != a.no_sni->certificates[0].sha256);  // Postfix's SNI map at work
      REQUIRE(a.no_sni->dane.has_value());
      CHECK((to_string(a.no_sni->dane->verdict) == "matched") == (name == "sni-wrong"));
      CHECK(report.hosts.at(0).sni_dependence->note.code ==
            (name == "sni-wrong" ? "sni_wrong_certificate" : "sni_required"));
    }
    if (name == "mx-cname") CHECK(report.hosts.at(0).tlsa.base == "real.mx-cname.example");
    if (name == "tlsa-cname") CHECK(report.hosts.at(0).tlsa.base == "mx.tlsa-cname.example");
    // The JSON is well-formed and carries the subtests.
    const Json json = Json::parse(check::report_to_json(report), nullptr, false);
    CHECK_FALSE(json.is_discarded());
    CHECK(json["verdict"] == std::string(to_string(report.verdict)));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%zu of %zu scenarios agree; all checked in %.2f s\n", agree, total, seconds);
  std::printf("TLS grading: %zu addresses graded, %zu with every subtest the NCSC tables rate decided\n",
              graded_addresses, verdicts_decided);
  CHECK(total >= 30);
  if (std::getenv("DANEEL_CHECK_GRADING") == nullptr) CHECK(verdicts_decided > 0);
}

// The whole-check deadline while an SMTP session still waits for a banner
// (silent.example never greets): the report is still complete.
TEST_CASE("check world: the whole-check deadline mid-session gives a complete report") {
  const testing::WorldEnv env = testing::load_world_env();
  check::CheckConfig config = testing::world_check_config(env, "check-world-test.daneel.invalid");
  config.timeouts.greeting = 20'000;  // the session would wait longer than the deadline
  config.limits.check_deadline = 1'500;
  config.lang = "nl";
  const TimeMs started = native::now_ms();
  check::Check check("silent.example", config, started);
  const native::CheckDriverReport run = native::run_check(check, {.ca_file = env.get("DANEEL_WORLD_DOH_CA"), .max_run = 10'000});
  const check::Report& report = check.report();
  INFO(check::report_to_json(report, 1));
  CHECK(run.finished);
  CHECK(run.wall_ms < 5'000);
  CHECK(report.timed_out);
  REQUIRE(report.hosts.size() == 1);
  REQUIRE(report.hosts[0].addresses.size() == 1);
  CHECK(to_string(report.hosts[0].tlsa.state) == "usable");
  CHECK(report.hosts[0].addresses[0].connected);
  CHECK(to_string(report.hosts[0].addresses[0].verdict) == "fail");  // no STARTTLS before the deadline
  CHECK(to_string(report.verdict) == "fail");
  CHECK(to_string(report.summary.dane) == "fail");
  bool deadline_warning = false;
  for (const check::Note& n : report.warnings) deadline_warning = deadline_warning || n.code == "check_deadline";
  CHECK(deadline_warning);
  CHECK(check.message_problems().empty());
  CHECK(report.subtests.size() == 15);
  if (const char* dir = std::getenv("DANEEL_REPORT_DIR"); dir && *dir) {
    std::filesystem::create_directories(dir);
    std::ofstream(std::string(dir) + "/deadline-silent.json") << check::report_to_json(report, 1) << "\n";
  }
}
