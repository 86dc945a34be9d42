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

// The scenario's explicit `validate` entry for (owner, type), or nullptr.
const Json* explicit_expectation(const Json& scenario, const std::string& owner, const std::string& type) {
  if (!scenario.contains("validate")) return nullptr;
  for (const Json& v : scenario["validate"]) {
    if (v["owner"] == owner && v["type"] == type) return &v;
  }
  return nullptr;
}

Security security_from_text(const std::string& text) {
  if (text == "secure") return Security::secure;
  if (text == "insecure") return Security::insecure;
  if (text == "bogus") return Security::bogus;
  return Security::indeterminate;
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
  } else if (scenario["algorithm"] == "ED448") {
    // Signed with an algorithm daneel does not implement: RFC 4035 §5.2.
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.verdict.reason == Reason::unsupported_dnskey_algorithm);
  } else if (broken == "keytrap") {
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::budget_exceeded);
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
    if (scenario.contains("validate")) {
      for (const Json& v : scenario["validate"]) {
        const std::string owner = v["owner"];
        questions.push_back({owner + " " + v["type"].get<std::string>() + " (validate)", name(owner),
                             dns::rr_type_from_text(v["type"].get<std::string>()).value()});
        sources.push_back(&v);
      }
    }
    const auto results = validate_all(env, questions);
    std::string mx_cell;
    std::string tlsa_cell;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      const dnssec::ValidationResult& r = results[i];
      INFO(questions[i].what << "\n" << dnssec::to_text(r));
      ++validated;
      if (sources[i] != nullptr && sources[i]->contains("security")) {
        // An explicit expectation of the scenario (`validate`): verdict and reason.
        const Json& v = *sources[i];
        CHECK(r.verdict.security == security_from_text(v["security"]));
        if (!v["reason"].is_null()) {
          CHECK(dnssec::to_string(r.verdict.reason) == v["reason"].get<std::string>());
        }
        if (questions[i].type == dns::RrType::tlsa && tlsa_cell.empty()) tlsa_cell = verdict_text(r.verdict);
      } else if (sources[i] != nullptr && sources[i]->contains("ad") &&
                 explicit_expectation(scenario, (*sources[i])["owner"], (*sources[i])["type"]) != nullptr) {
        // An absent entry the scenario's `validate` list decides (checked there).
        CHECK((r.kind == dnssec::AnswerKind::nodata || r.kind == dnssec::AnswerKind::nxdomain));
      } else if (sources[i] == nullptr) {
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

TEST_CASE("dnssec world: unsupported algorithm, KeyTrap keys and NSEC3 hashing bounds, with their evidence") {
  const testing::WorldEnv env = testing::load_world_env();
  const Json world = Json::parse(read_file(env.get("DANEEL_WORLD_JSON")));
  std::string deep;
  for (const Json& scenario : world["scenarios"]) {
    if (scenario["name"] == "nsec3-deep") deep = scenario["absent"][0]["owner"];
  }
  REQUIRE(!deep.empty());
  const auto results = validate_all(env, {{"ed448 TLSA", name("_25._tcp.mx.ed448.example."), dns::RrType::tlsa},
                                          {"keytrap TLSA", name("_25._tcp.mx.keytrap.example."), dns::RrType::tlsa},
                                          {"keytrap MX", name("keytrap.example."), dns::RrType::mx},
                                          {"deep A", name(deep), dns::RrType::a},
                                          {"nsec3-deep TLSA", name("_25._tcp.mx.nsec3-deep.example."),
                                           dns::RrType::tlsa}});
  const auto zone = [](const dnssec::ValidationResult& r, const std::string& zone_name) -> const dnssec::ZoneEvidence* {
    for (const auto& z : r.zones) {
      if (z.name == name(zone_name)) return &z;
    }
    return nullptr;
  };

  SECTION("ED448: the DS and the DNSKEYs use algorithm 16, so the zone is insecure (RFC 4035 §5.2)") {
    const auto& r = results[0];
    INFO(dnssec::to_text(r));
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.verdict.reason == Reason::unsupported_dnskey_algorithm);
    CHECK(dnssec::extended_error_code(r.verdict.reason) == 1);
    CHECK(r.kind == dnssec::AnswerKind::answer);
    const dnssec::ZoneEvidence* z = zone(r, "ed448.example.");
    REQUIRE(z != nullptr);
    CHECK(z->kind == dnssec::CutKind::insecure_delegation);
    REQUIRE(!z->ds.empty());
    for (const auto& ds : z->ds) {
      CHECK(ds.algorithm == 16);
      CHECK_FALSE(ds.usable);
    }
    // The DS RRset itself was validated with example.'s keys.
    REQUIRE(!z->signatures.empty());
    CHECK(z->signatures.front().type_covered == dns::RrType::ds);
    CHECK(z->signatures.front().outcome == Reason::none);
    CHECK(r.signatures.empty());  // no signature of the insecure zone is checked
  }

  SECTION("KeyTrap: 16 keys share the tag that 16 bad RRSIGs name; daneel stops at the per-RRset bound") {
    const auto& r = results[1];
    INFO(dnssec::to_text(r));
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::budget_exceeded);
    REQUIRE(r.signatures.size() == 16);
    const std::uint16_t tag = r.signatures.front().key_tag;
    std::size_t tried = 0;
    std::size_t not_tried = 0;
    for (const auto& sig : r.signatures) {
      CHECK(sig.key_tag == tag);
      CHECK(sig.algorithm == 15);
      if (sig.outcome == Reason::signature_invalid) ++tried;
      if (sig.outcome == Reason::budget_exceeded) ++not_tried;
    }
    // 8 verifications (BudgetLimits::signatures_per_rrset) went to the first RRSIG's 16 candidate keys.
    CHECK(tried == 1);
    CHECK(not_tried == 15);
    const dnssec::ZoneEvidence* z = zone(r, "keytrap.example.");
    REQUIRE(z != nullptr);
    CHECK(z->kind == dnssec::CutKind::secure_delegation);
    const auto colliding = std::count_if(z->dnskeys.begin(), z->dnskeys.end(),
                                         [&](const dnssec::KeyEvidence& k) { return k.key_tag == tag; });
    CHECK(colliding == 16);
    CHECK(z->dnskeys.size() == 18);  // + KSK and ZSK
    // The zone's real data is unaffected: its RRSIG names the real ZSK.
    INFO(dnssec::to_text(results[2]));
    CHECK(results[2].verdict.security == Security::secure);
    REQUIRE(!results[2].signatures.empty());
    CHECK(results[2].signatures.back().key_tag != tag);
  }

  SECTION("NSEC3: the closest-encloser proof for a name 40 labels deep needs more hashes than one proof may use") {
    const auto& r = results[3];
    INFO(dnssec::to_text(r));
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::budget_exceeded);
    CHECK(r.kind == dnssec::AnswerKind::nxdomain);
    REQUIRE(r.denial);
    CHECK(r.denial->mechanism == dnssec::DenialMechanism::nsec3);
    CHECK(r.verdict.detail.find("hash budget") != std::string::npos);
    // Other names of the same zone (50 iterations, within the limit) still validate.
    INFO(dnssec::to_text(results[4]));
    CHECK(results[4].verdict.security == Security::secure);
  }
}
