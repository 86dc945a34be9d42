// The chain-of-trust validator against the test world's real DoH endpoint
// (dnsdist -> unbound -> NSD), anchored at the world's root DS: for every
// scenario of world.json, the verdict (and reason where it says something) of
// every RRset the scenario publishes, of every authenticated denial it
// expects, of its MX RRset against `expect.mx`, and of the CNAME chains.
#include <catch2/catch_test_macros.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "doh_driver.h"
#include "dns/query_engine.h"
#include "dnssec/validator.h"
#include "world_env.h"

using namespace daneel;
using dnssec::Reason;
using dnssec::Security;
using Json = nlohmann::json;

namespace {

dns::Name name(const std::string& text) { return dns::Name::from_text(text).value(); }

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Question {
  std::string what;  // for messages and the table
  dns::Name name;
  dns::RrType type{};
};

// Validates every question with one engine and one validator (one check).
std::vector<dnssec::ValidationResult> validate_all(const testing::WorldEnv& env, const std::vector<Question>& questions,
                                                   const dnssec::ValidationPolicy& policy = {}) {
  dns::ResolverConfig resolver;
  resolver.servers = {env.get("DANEEL_WORLD_DOH_URL")};
  dns::QueryEngine engine(resolver);
  dnssec::ValidatorConfig config;
  config.anchors = dnssec::TrustAnchors::from_text(env.get("DANEEL_WORLD_TRUST_ANCHOR_DS")).value();
  config.policy = policy;
  dnssec::Validator validator(engine, config);
  native::DohDriver driver({.ca_file = env.get("DANEEL_WORLD_DOH_CA"), .max_run = 30'000});
  std::vector<dnssec::ValidationTicket> tickets;
  for (const Question& q : questions) tickets.push_back(validator.validate(q.name, q.type, native::now_ms()));
  for (int round = 0; round < 100 && !validator.idle(); ++round) {
    driver.run(engine);
    validator.step(native::now_ms());
  }
  REQUIRE(validator.idle());
  std::vector<dnssec::ValidationResult> results;
  for (auto ticket : tickets) results.push_back(*validator.result(ticket));
  return results;
}

std::string verdict_text(const dnssec::Verdict& v) {
  std::string out(dnssec::to_string(v.security));
  if (v.reason != Reason::none) out += " " + std::string(dnssec::to_string(v.reason));
  return out;
}

// What a published RRset of the scenario must validate to.
void check_published(const Json& scenario, const Json& rrset, const dnssec::ValidationResult& r) {
  const bool is_signed = scenario["algorithm"] != "none";
  const std::string broken = rrset["broken"].is_null() ? "" : rrset["broken"].get<std::string>();
  if (!is_signed) {
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.verdict.reason == Reason::no_ds_proven);
  } else if (broken.empty()) {
    CHECK(r.verdict.security == Security::secure);
  } else if (broken == "expired") {
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::signature_expired);
  } else if (broken == "corrupt") {
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::signature_invalid);
  } else if (broken == "wrongkey") {
    CHECK(r.verdict.security == Security::bogus);
    CHECK((r.verdict.reason == Reason::dnskey_missing || r.verdict.reason == Reason::signature_invalid));
  } else if (broken == "ds-mismatch") {
    CHECK(r.verdict.security == Security::bogus);
    CHECK((r.verdict.reason == Reason::ds_mismatch || r.verdict.reason == Reason::dnskey_missing));
  } else {
    FAIL("unknown break kind " << broken);
  }
  CHECK(r.kind == dnssec::AnswerKind::answer);
}

}  // namespace

TEST_CASE("dnssec world: every scenario's RRsets, denials and MX through DoH") {
  const testing::WorldEnv env = testing::load_world_env();
  const Json world = Json::parse(read_file(env.get("DANEEL_WORLD_JSON")));
  std::vector<std::string> table;
  std::size_t validated = 0;
  for (const Json& scenario : world["scenarios"]) {
    const std::string sname = scenario["name"];
    const std::string domain = scenario["domain"];
    INFO("scenario " << sname);
    std::vector<Question> questions;
    std::vector<const Json*> sources;  // rrset or absent entry, null for MX
    questions.push_back({"MX", name(domain), dns::RrType::mx});
    sources.push_back(nullptr);
    for (const Json& rrset : scenario["rrsets"]) {
      const std::string owner = rrset["owner"];
      questions.push_back({owner + " " + rrset["type"].get<std::string>(), name(owner),
                           dns::rr_type_from_text(rrset["type"].get<std::string>()).value()});
      sources.push_back(&rrset);
    }
    for (const Json& absent : scenario["absent"]) {
      const std::string owner = absent["owner"];
      questions.push_back({owner + " " + absent["type"].get<std::string>() + " (absent)", name(owner),
                           dns::rr_type_from_text(absent["type"].get<std::string>()).value()});
      sources.push_back(&absent);
    }
    const auto results = validate_all(env, questions);
    std::string mx_cell;
    std::string tlsa_cell;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      const dnssec::ValidationResult& r = results[i];
      INFO(questions[i].what << "\n" << dnssec::to_text(r));
      ++validated;
      if (sources[i] == nullptr) {
        // The MX RRset against the scenario's expectation.
        const std::string expect = scenario["expect"]["mx"];
        mx_cell = verdict_text(r.verdict);
        if (expect == "secure" || expect == "null") {
          CHECK(r.verdict.security == Security::secure);
          CHECK(r.kind == dnssec::AnswerKind::answer);
        } else if (expect == "none") {
          CHECK(r.verdict.security == Security::secure);
          CHECK(r.kind == dnssec::AnswerKind::nodata);
        } else if (expect == "insecure") {
          CHECK(r.verdict.security == Security::insecure);
        } else if (expect == "bogus") {
          CHECK(r.verdict.security == Security::bogus);
        }
      } else if (sources[i]->contains("broken")) {
        check_published(scenario, *sources[i], r);
        if (questions[i].type == dns::RrType::tlsa && tlsa_cell.empty()) tlsa_cell = verdict_text(r.verdict);
      } else {
        // An expected authenticated denial: secure, or (ad = false) insecure
        // because of the NSEC3 iteration count.
        CHECK((r.kind == dnssec::AnswerKind::nodata || r.kind == dnssec::AnswerKind::nxdomain));
        REQUIRE(r.denial);
        if ((*sources[i])["ad"].get<bool>()) {
          CHECK(r.verdict.security == Security::secure);
        } else {
          CHECK(r.verdict.security == Security::insecure);
          CHECK(r.verdict.reason == Reason::unsupported_nsec3_iterations);
          CHECK(r.verdict.detail.find("200") != std::string::npos);
          CHECK(r.denial->evidence.nsec3_iterations == 200);
        }
        if (questions[i].type == dns::RrType::tlsa && tlsa_cell.empty()) {
          tlsa_cell = verdict_text(r.verdict) + " " + std::string(dnssec::to_string(r.kind));
        }
      }
    }
    char line[200];
    std::snprintf(line, sizeof line, "| %-17s | %-32s | %-36s |", sname.c_str(), mx_cell.c_str(),
                  tlsa_cell.empty() ? "-" : tlsa_cell.c_str());
    table.emplace_back(line);
  }
  CHECK(validated >= 100);
  std::cout << "| scenario          | MX                               | TLSA                                 |\n";
  for (const auto& row : table) std::cout << row << "\n";
}

TEST_CASE("dnssec world: CNAME chains to the MX host and the TLSA RRset") {
  const testing::WorldEnv env = testing::load_world_env();
  const auto results = validate_all(env, {{"mx host", name("mx.mx-cname.example."), dns::RrType::a},
                                          {"tlsa", name("_25._tcp.mx.tlsa-cname.example."), dns::RrType::tlsa}});
  for (const auto& r : results) {
    INFO(dnssec::to_text(r));
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.kind == dnssec::AnswerKind::answer);
    REQUIRE(r.chain.size() == 1);
    CHECK(r.chain[0].type == dns::RrType::cname);
    CHECK(r.chain[0].verdict.security == Security::secure);
  }
  CHECK(results[0].final_name == name("real.mx-cname.example."));
  CHECK(results[1].final_name == name("tlsa-set.tlsa-cname.example."));
}

TEST_CASE("dnssec world: RSASHA1 is insecure when the policy disables SHA-1 algorithms") {
  const testing::WorldEnv env = testing::load_world_env();
  dnssec::ValidationPolicy policy;
  policy.sha1_algorithms_enabled = false;
  const auto results = validate_all(env,
                                    {{"MX", name("rsasha1.example."), dns::RrType::mx},
                                     {"TLSA", name("_25._tcp.mx.rsasha1.example."), dns::RrType::tlsa},
                                     {"other", name("ee311.example."), dns::RrType::mx}},
                                    policy);
  for (std::size_t i = 0; i < 2; ++i) {
    INFO(dnssec::to_text(results[i]));
    CHECK(results[i].verdict.security == Security::insecure);
    CHECK(results[i].verdict.reason == Reason::algorithm_disabled_by_policy);
  }
  CHECK(results[2].verdict.security == Security::secure);
}
