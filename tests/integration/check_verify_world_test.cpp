// verify against every scenario of the test world: the real check (native
// driver, real DoH endpoint and Postfix) makes a report with evidence; then
// check::verify_report replays it with no network at all and must reproduce
// every verdict. Tampered evidence (a changed TLSA byte, a swapped
// certificate, a missing DNS answer, a later `time`) must not verify.
//
// DANEEL_VERIFY_SAVE=<dir> writes each scenario's report to <dir>/<name>.json
// (tests/unit/data/check_verify/record.py turns one into the unit test's fixture).
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "check/check.h"
#include "check/verify.h"
#include "check_driver.h"
#include "doh_driver.h"
#include "util/encoding.h"
#include "check_world_config.h"
#include "world_env.h"

using namespace daneel;
using Json = nlohmann::json;

namespace {

std::string differences(const check::VerifyResult& result) {
  std::string out = result.cannot_verify;
  for (const check::Difference& d : result.differences)
    out += "\n  " + d.path + ": report " + d.reported + ", verify " + d.verified;
  return out;
}

// Verifies `report` (JSON) and returns the result; a refused input fails the test.
check::VerifyResult verify(const std::string& report, const check::VerifyConfig& config) {
  auto result = check::verify_report(report, config);
  INFO((result.ok() ? std::string() : result.error().message));
  REQUIRE(result.ok());
  return std::move(result).value();
}

// Flips one byte inside the first TLSA record's data in the TLSA answer's wire.
bool tamper_tlsa(Json& report) {
  const std::string record = report["hosts"][0]["tlsa"]["records"][0];  // "3 1 1 <hex>"
  auto data = encoding::from_hex(record.substr(record.rfind(' ') + 1));
  if (!data.ok() || data.value().empty()) return false;
  for (Json& answer : report["evidence"]["dns"]) {
    if (answer["qtype"] != "TLSA") continue;
    auto wire = encoding::from_base64(answer["wire"].get<std::string>());
    if (!wire.ok()) return false;
    Bytes bytes = wire.value();
    const auto at = std::search(bytes.begin(), bytes.end(), data.value().begin(), data.value().end());
    if (at == bytes.end()) continue;
    *at = static_cast<std::uint8_t>(*at ^ 0x01);
    answer["wire"] = encoding::to_base64(bytes);
    return true;
  }
  return false;
}

// The DNS evidence by question (the live check records answers as they arrive).
std::vector<std::pair<std::string, Bytes>> answers_of(const check::Evidence& evidence) {
  std::vector<std::pair<std::string, Bytes>> out;
  for (const check::DnsEvidence& d : evidence.dns) out.emplace_back(d.qname + " " + d.qtype, d.wire);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("verify world: every scenario's report verifies offline, tampered evidence does not") {
  const testing::WorldEnv env = testing::load_world_env();
  const Json world = Json::parse(testing::read_text_file(env.get("DANEEL_WORLD_JSON")));
  const check::CheckConfig config = testing::world_check_config(env, "check-verify-world-test.daneel.invalid");
  check::VerifyConfig verify_config;
  verify_config.trust_anchors = env.get("DANEEL_WORLD_TRUST_ANCHOR_DS");
  const char* save = std::getenv("DANEEL_VERIFY_SAVE");

  std::map<std::string, std::string> reports;
  std::size_t verified = 0, total = 0;
  double verify_ms = 0;
  std::printf("%-18s %-9s %5s %5s %8s %9s  %s\n", "scenario", "verdict", "dns", "probe", "bytes", "verify ms",
              "result");
  for (const Json& scenario : world["scenarios"]) {
    const std::string name = scenario["name"];
    // Every other report in Dutch: the replay speaks the report's language.
    check::CheckConfig scenario_config = config;
    scenario_config.lang = total % 2 == 1 ? "nl" : "en";
    check::Check check(scenario["domain"].get<std::string>(), scenario_config, native::now_ms());
    const native::CheckDriverReport run =
        native::run_check(check, {.ca_file = env.get("DANEEL_WORLD_DOH_CA"), .max_run = 60'000});
    REQUIRE(run.finished);
    const std::string json = check::report_to_json(check.report());
    reports[name] = json;
    if (save) std::ofstream(std::string(save) + "/" + name + ".json") << json;

    const auto started = std::chrono::steady_clock::now();
    const check::VerifyResult result = verify(json, verify_config);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    verify_ms += ms;
    ++total;
    if (result.ok) ++verified;
    const check::Evidence& evidence = check.report().evidence;
    std::printf("%-18s %-9s %5zu %5zu %8zu %9.1f  %s\n", name.c_str(), std::string(to_string(check.report().verdict)).c_str(),
                evidence.dns.size(), evidence.probes.size(), json.size(), ms,
                result.ok ? "ok" : differences(result).c_str());
    INFO(name << ":" << differences(result));
    CHECK(evidence.complete);
    CHECK(result.ok);
    CHECK(result.cannot_verify.empty());
    REQUIRE(result.report.has_value());
    CHECK(result.report->verdict == check.report().verdict);
    CHECK(result.report->lang == check.report().lang);
    // The replay was answered only from the evidence. It may ask less (its
    // probes take no time, so it can finish before lookups the live check no
    // longer needed were asked) or ask a question whose live answer came after
    // the check had finished (`unanswered`: it stays unanswered, as it was).
    const auto live = answers_of(evidence), replayed = answers_of(result.report->evidence);
    CHECK(std::includes(live.begin(), live.end(), replayed.begin(), replayed.end()));
    CHECK(result.report->evidence.probes.size() == evidence.probes.size());
  }
  std::printf("%zu of %zu scenario reports verify offline; %.1f ms of verify in all\n", verified, total,
              verify_ms);
  CHECK(total >= 30);
  CHECK(verified == total);

  // Tampering: each of these must make verify see a difference (one check run
  // feeds them all, hence plain blocks rather than Catch2 sections).
  REQUIRE(reports.count("ee311") == 1);
  REQUIRE(reports.count("ta211") == 1);
  const Json good = Json::parse(reports["ee311"]);
  REQUIRE(good["verdict"] == "pass");

  {
    INFO("tampered: a changed byte in the TLSA answer's wire: its signature fails, DANE senders see bogus");
    Json tampered = good;
    REQUIRE(tamper_tlsa(tampered));
    const check::VerifyResult result = verify(tampered.dump(), verify_config);
    INFO(differences(result));
    CHECK_FALSE(result.ok);
    REQUIRE(result.report.has_value());
    CHECK(to_string(result.report->hosts.at(0).tlsa.dnssec.security) == "bogus");
    CHECK(to_string(result.report->verdict) == "fail");
  }
  {
    INFO("tampered: another server's certificate in the probe with SNI: DANE does not match");
    Json tampered = good;
    const Json other = Json::parse(reports["ta211"]);
    // Each report holds a probe with SNI and, its host having DANE, one without.
    const auto with_sni = [](const Json& report) -> std::size_t {
      const Json& probes = report["evidence"]["probes"];
      for (std::size_t i = 0; i < probes.size(); ++i)
        if (probes[i]["sni"] == true) return i;
      return probes.size();
    };
    REQUIRE(good["evidence"]["probes"].size() == 2);
    REQUIRE(with_sni(good) < 2);
    REQUIRE(with_sni(other) < 2);
    tampered["evidence"]["probes"][with_sni(good)]["smtp"]["tls"]["chain"] =
        other["evidence"]["probes"][with_sni(other)]["smtp"]["tls"]["chain"];
    const check::VerifyResult result = verify(tampered.dump(), verify_config);
    INFO(differences(result));
    CHECK_FALSE(result.ok);
    REQUIRE(result.report.has_value());
    CHECK(result.report->hosts.at(0).addresses.at(0).outcome.code == "dane_no_match");
  }
  {
    INFO("tampered: a DNS answer removed: the question replays as a DoH failure");
    Json tampered = good;
    Json& dns = tampered["evidence"]["dns"];
    for (std::size_t i = 0; i < dns.size(); ++i)
      if (dns[i]["qtype"] == "MX") dns.erase(i);
    const check::VerifyResult result = verify(tampered.dump(), verify_config);
    INFO(differences(result));
    CHECK_FALSE(result.ok);
    REQUIRE(result.report.has_value());
    CHECK(to_string(result.report->verdict) == "error");
  }
  {
    INFO("tampered: judged ten years later: the signatures have expired");
    Json tampered = good;
    tampered["evidence"]["time"] =
        good["evidence"]["time"].get<std::int64_t>() + 10LL * 365 * 24 * 3600 * 1000;
    const check::VerifyResult result = verify(tampered.dump(), verify_config);
    INFO(differences(result));
    CHECK_FALSE(result.ok);
  }
  {
    INFO("tampered: a verdict edited in the report itself");
    Json tampered = good;
    tampered["hosts"][0]["addresses"][0]["verdict"] = "fail";
    const check::VerifyResult result = verify(tampered.dump(), verify_config);
    REQUIRE(result.differences.size() == 1);
    CHECK(result.differences[0].path == "hosts[0].addresses[0].verdict");
  }
  {
    INFO("tampered: incomplete evidence: cannot verify");
    Json tampered = good;
    tampered["evidence"]["complete"] = false;
    tampered["evidence"]["incomplete_reason"] = "more than 1024 DNS answers";
    const check::VerifyResult result = verify(tampered.dump(), verify_config);
    CHECK_FALSE(result.ok);
    CHECK(result.cannot_verify.find("more than 1024 DNS answers") != std::string::npos);
  }
}
