// DANE matching against the test world's real certificates (tests/world/up):
// for every scenario server, the chain it serves (world.json `chain_certs`) is
// matched against the TLSA RRset at _25._tcp.<host> (CNAMEs followed inside the
// scenario's zone data) and compared with what the world expects:
//   - `tlsa = match|nomatch` is the world's naive data match (a usable record's
//     data equals the leaf, or a DANE-TA record's data equals a sent issuer);
//   - the scenario verdict (`expect.verdict`, when the TLSA RRset is secure)
//     says whether DANE authentication passes, which adds digest agility,
//     usability and DANE-TA name/date checks.
// No network: the chain files are what Postfix serves.
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>

#include "dane/match.h"
#include "dns/record.h"
#include "util/encoding.h"
#include "world_env.h"

using namespace daneel;
using Json = nlohmann::json;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream file(path);
  REQUIRE(file);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The DER of a one-certificate PEM file.
Bytes pem_to_der(const std::string& path) {
  std::istringstream lines(read_file(path));
  std::string base64;
  bool inside = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("-----BEGIN CERTIFICATE")) inside = true;
    else if (line.starts_with("-----END CERTIFICATE")) break;
    else if (inside) base64 += line;
  }
  auto der = encoding::from_base64(base64);
  REQUIRE(der.ok());
  return der.value();
}

// The TLSA RRset for `owner` in the scenario's zone data, following CNAMEs
// (RFC 7672 §2.2.3 allows a CNAME at the TLSA owner name).
std::vector<dns::Tlsa> tlsa_rrset(const Json& scenario, std::string owner) {
  for (int hops = 0; hops < 8; ++hops) {
    std::vector<dns::Tlsa> records;
    std::string cname;
    for (const Json& rrset : scenario["rrsets"]) {
      if (rrset["owner"].get<std::string>() != owner) continue;
      const std::string type = rrset["type"];
      if (type == "CNAME") cname = rrset["rdata"][0].get<std::string>();
      if (type != "TLSA") continue;
      for (const Json& rdata : rrset["rdata"]) {
        auto record = dns::record_from_text(owner + " TLSA " + rdata.get<std::string>());
        REQUIRE(record.ok());
        records.push_back(std::get<dns::Tlsa>(record.value().rdata));
      }
    }
    if (!records.empty() || cname.empty()) return records;
    owner = cname;
  }
  FAIL("CNAME loop at " << owner);
  return {};
}

bool data_match(const dane::DaneResult& result) {
  for (const dane::RecordResult& r : result.records)
    if (r.usability.usable() && (r.authenticates || r.ta.has_value())) return true;
  return false;
}

bool any_usable(const dane::DaneResult& result) {
  for (const dane::RecordResult& r : result.records)
    if (r.usability.usable()) return true;
  return false;
}

}  // namespace

TEST_CASE("dane world: every scenario's served chain against its TLSA records") {
  const testing::WorldEnv env = testing::load_world_env();
  const Json world = Json::parse(read_file(env.get("DANEEL_WORLD_JSON")));
  const TimeMs now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();

  int checked = 0, verdicts = 0;
  for (const Json& scenario : world["scenarios"]) {
    for (const Json& server : scenario["servers"]) {
      const std::string expectation = server["tlsa"];
      if (expectation == "absent") continue;
      const std::string host = server["host"];
      INFO(scenario["name"].get<std::string>() << " " << host);

      std::vector<Bytes> chain;
      for (const Json& file : server["chain_certs"]) chain.push_back(pem_to_der(file.get<std::string>()));
      const std::vector<dns::Tlsa> records = tlsa_rrset(scenario, "_25._tcp." + host);
      REQUIRE_FALSE(records.empty());
      // Reference identifiers (RFC 7672 §3.2.2): the TLSA base domain (the MX
      // host here) and the next-hop domain.
      const std::vector<dns::Name> references{dns::Name::from_text(host).value(),
                                              dns::Name::from_text(scenario["domain"].get<std::string>()).value()};
      const dane::DaneResult result = dane::match(dane::MatchInput{chain, records, references, now});
      std::string explanations;
      for (const dane::RecordResult& r : result.records) explanations += r.parameters + ": " + r.explanation + "\n";
      INFO(explanations);
      ++checked;

      if (!any_usable(result)) {
        // usage01 / unknown-params: the world's data match does not apply;
        // RFC 7672 §2.2: TLS required, no authentication.
        CHECK(result.verdict == dane::Verdict::no_usable_records);
        CHECK(scenario["expect"]["verdict"] == "fail");
        continue;
      }
      CHECK(data_match(result) == (expectation == "match"));

      // A passing scenario with a secure TLSA RRset must authenticate. (Failing
      // scenarios fail for many reasons outside matching, e.g. no STARTTLS or
      // a 554 greeting; the DANE ones are checked one by one below.)
      const Json& expect = scenario["expect"];
      if (expect.value("tlsa", "") != "secure" || expect["verdict"] != "pass") continue;
      ++verdicts;
      CHECK(result.verdict == dane::Verdict::matched);
    }
  }
  CHECK(checked >= 25);
  CHECK(verdicts >= 12);
}

TEST_CASE("dane world: the scenarios that exercise DANE semantics") {
  const testing::WorldEnv env = testing::load_world_env();
  const Json world = Json::parse(read_file(env.get("DANEEL_WORLD_JSON")));
  const TimeMs now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto run = [&](const std::string& name) {
    for (const Json& scenario : world["scenarios"]) {
      if (scenario["name"] != name) continue;
      const Json& server = scenario["servers"][0];
      std::vector<Bytes> chain;
      for (const Json& file : server["chain_certs"]) chain.push_back(pem_to_der(file.get<std::string>()));
      const std::vector<dns::Tlsa> records = tlsa_rrset(scenario, "_25._tcp." + server["host"].get<std::string>());
      const std::vector<dns::Name> refs{dns::Name::from_text(server["host"].get<std::string>()).value()};
      return dane::match(dane::MatchInput{chain, records, refs, now});
    }
    FAIL("no scenario " << name);
    return dane::DaneResult{};
  };

  const dane::DaneResult agility = run("agility");
  CHECK(agility.any_match);
  CHECK_FALSE(agility.agile_match);
  CHECK_FALSE(agility.agility_note.empty());

  const dane::DaneResult badname = run("ta-badname");
  CHECK(badname.verdict == dane::Verdict::chain_errors);
  REQUIRE(badname.records[0].ta.has_value());
  CHECK(badname.records[0].ta->issues.front().problem == dane::PathProblem::name_mismatch);

  const dane::DaneResult expired = run("ee-expired");
  CHECK(expired.verdict == dane::Verdict::matched);
  CHECK(expired.certificates[0].validity == dane::Validity::expired);

  CHECK(run("ta211").verdict == dane::Verdict::matched);
  CHECK(run("ta211").matched_depth == 1u);
  CHECK(run("ta-nochain").verdict == dane::Verdict::no_match);
  CHECK(run("ed25519").verdict == dane::Verdict::matched);
}
