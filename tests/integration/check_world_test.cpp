// The whole check (check::Check + the native check driver) against every
// scenario of the test world (tests/world/up): the domain verdict must equal
// the scenario's `expect.verdict` (pass / fail / no-dane / no-mail / warn /
// error). Prints a table and the wall time of checking all scenarios.
#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "check/check.h"
#include "check_driver.h"
#include "doh_driver.h"
#include "world_env.h"

using namespace daneel;
using Json = nlohmann::json;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

check::CheckConfig world_config(const testing::WorldEnv& env) {
  check::CheckConfig config;
  config.resolver.servers = {env.get("DANEEL_WORLD_DOH_URL")};
  config.trust_anchors = env.get("DANEEL_WORLD_TRUST_ANCHOR_DS");
  config.ehlo_name = "check-world-test.daneel.invalid";
  // The world's silent server never greets: keep the banner wait short.
  config.timeouts.greeting = 3'000;
  config.timeouts.ehlo = 3'000;
  config.timeouts.starttls = 3'000;
  config.timeouts.tls_handshake = 3'000;
  config.timeouts.tls_ehlo = 3'000;
  config.timeouts.quit = 1'000;
  config.limits.connect_timeout = 3'000;
  config.limits.check_deadline = 30'000;
  return config;
}

std::string host_summary(const check::Report& report) {
  std::string out;
  for (const check::HostReport& h : report.hosts) {
    out += h.name + "=" + h.verdict + "[" + h.tlsa.state + "]";
    for (const check::AddressReport& a : h.addresses) out += " " + a.address + ":" + a.verdict + "(" + a.outcome.code + ")";
    out += "; ";
  }
  return out;
}

}  // namespace

TEST_CASE("check world: every scenario's domain verdict") {
  const testing::WorldEnv env = testing::load_world_env();
  const Json world = Json::parse(read_file(env.get("DANEEL_WORLD_JSON")));
  const check::CheckConfig config = world_config(env);
  const auto started = std::chrono::steady_clock::now();
  std::size_t agree = 0, total = 0;
  std::printf("%-18s %-9s %-9s %7s  %s\n", "scenario", "expected", "ours", "ms", "hosts / outcome");
  for (const Json& scenario : world["scenarios"]) {
    const std::string name = scenario["name"];
    const std::string domain = scenario["domain"];
    const std::string expected = scenario["expect"]["verdict"];
    check::Check check(domain, config, native::now_ms());
    const native::CheckDriverReport run = native::run_check(check, {.ca_file = env.get("DANEEL_WORLD_DOH_CA"), .max_run = 60'000});
    const check::Report& report = check.report();
    ++total;
    if (report.verdict == expected) ++agree;
    std::printf("%-18s %-9s %-9s %7lld  %s | %s: %s\n", name.c_str(), expected.c_str(), report.verdict.c_str(),
                static_cast<long long>(run.wall_ms), host_summary(report).c_str(), report.outcome.code.c_str(),
                report.outcome.text.c_str());
    INFO(name << ": " << check::report_to_json(report, 1));
    // DANEEL_CHECK_JSON=<scenario> prints that scenario's report.
    if (const char* want = std::getenv("DANEEL_CHECK_JSON"); want && name == want)
      std::printf("%s\n", check::report_to_json(report, 2).c_str());
    CHECK(run.finished);
    CHECK(report.verdict == expected);
    // Per-host expectations, where the scenario gives them.
    if (scenario["expect"].contains("hosts"))
      for (const auto& [host, verdict] : scenario["expect"]["hosts"].items())
        for (const check::HostReport& h : report.hosts)
          if (h.name + "." == host) CHECK(h.verdict == verdict.get<std::string>());
    // Every address of every MX host was tested (dual-stack: IPv4 and IPv6).
    for (const Json& server : scenario["servers"]) {
      bool seen = false;
      for (const check::HostReport& h : report.hosts)
        for (const check::AddressReport& a : h.addresses)
          seen = seen || (a.address == server["ip"].get<std::string>() && a.verdict != "not_tested");
      if (report.verdict != "error" && report.verdict != "no-mail") CHECK(seen);
    }
    if (name == "mx-cname") CHECK(report.hosts.at(0).tlsa.base == "real.mx-cname.example");
    if (name == "tlsa-cname") CHECK(report.hosts.at(0).tlsa.base == "mx.tlsa-cname.example");
    // The JSON is well-formed and carries the subtests.
    const Json json = Json::parse(check::report_to_json(report), nullptr, false);
    CHECK_FALSE(json.is_discarded());
    CHECK(json["verdict"] == report.verdict);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%zu of %zu scenarios agree; all checked in %.2f s\n", agree, total, seconds);
  CHECK(total >= 30);
}
