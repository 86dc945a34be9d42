// The TLS interoperability matrix of the test world (world.json "interop",
// docs/TEST_WORLD.md): one Postfix listener per TLS version x certificate x
// key exchange x cipher x group. For every variant:
//  - the oracle: `openssl s_client -starttls smtp` (what a sending MTA on
//    OpenSSL gets), with the variant's TLSA record for DANE;
//  - daneel's SMTP/STARTTLS/TLS session: its handshake outcome must equal
//    OpenSSL's, and on success the version, suite and group must be the
//    variant's (so the listener really forced what it claims);
//  - daneel's whole check of the variant's domain: DANE-authenticated.
// Prints one line per variant and the counts (variants, handshakes completed
// by daneel and by OpenSSL).
#include <catch2/catch_test_macros.hpp>

#include <array>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "check/check.h"
#include "check_driver.h"
#include "check_world_config.h"
#include "doh_driver.h"
#include "smtp/smtp_session.h"
#include "smtp_driver.h"
#include "world_env.h"

using namespace daneel;
using Json = nlohmann::json;

namespace {

struct Oracle {
  bool established = false;
  bool dane_verified = false;
  std::string protocol;  // "TLSv1.2"
  std::string suite;     // OpenSSL's name
  std::string output;
};

std::string value_after(const std::string& text, const std::string& label) {
  const std::size_t at = text.find(label);
  if (at == std::string::npos) return {};
  const std::size_t start = at + label.size();
  return text.substr(start, text.find('\n', start) - start);
}

// The variant's IP, MX name and TLSA rdata come from world.json (digits,
// dots, hex and [a-z0-9-.]): nothing in the command line needs quoting
// beyond the rdata's spaces.
Oracle run_openssl(const Json& v, const std::string& sni) {
  const std::string command = "openssl s_client -starttls smtp -brief -connect " + v.at("ip").get<std::string>() +
                              ":25 -servername " + sni + " -dane_tlsa_domain " + sni + " -dane_tlsa_rrdata '" +
                              v.at("tlsa").get<std::string>() + "' </dev/null 2>&1";
  Oracle o;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  REQUIRE(pipe);
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr && o.output.size() < 64 * 1024)
    o.output += buffer.data();
  o.established = o.output.find("CONNECTION ESTABLISHED") != std::string::npos;
  o.protocol = value_after(o.output, "Protocol version: ");
  o.suite = value_after(o.output, "Ciphersuite: ");
  o.dane_verified = o.output.find("Verification: OK") != std::string::npos &&
                    o.output.find("DANE TLSA") != std::string::npos;
  return o;
}

// daneel's name of a group (tls::TlsInfo::group_name) for the matrix's.
std::string daneel_group(const Json& group) {
  if (group.is_null()) return {};
  const std::string g = group.get<std::string>();
  if (g == "X25519") return "x25519";
  if (g == "P-256") return "secp256r1";
  if (g == "P-384") return "secp384r1";
  if (g == "ffdhe2048") return "DHE 2048-bit prime";
  if (g == "ffdhe3072") return "DHE 3072-bit prime";
  FAIL("unknown group in world.json: " << g);
  return {};
}

}  // namespace

TEST_CASE("interop matrix: daneel's handshake equals OpenSSL's, and DANE authenticates") {
  const testing::WorldEnv env = testing::load_world_env();
  const Json world = Json::parse(testing::read_text_file(env.get("DANEEL_WORLD_JSON")));
  REQUIRE(world.contains("interop"));
  const Json& variants = world.at("interop");
  REQUIRE(variants.size() >= 70);
  const check::CheckConfig config = testing::world_check_config(env, "interop-world-test.daneel.invalid");
  std::size_t ours_ok = 0, openssl_ok = 0, agree = 0, authenticated = 0;
  for (const Json& v : variants) {
    const std::string id = v.at("id");
    std::string sni = v.at("mx");
    if (sni.ends_with('.')) sni.pop_back();
    INFO("variant " << id);

    const Oracle oracle = run_openssl(v, sni);
    INFO("openssl: " << oracle.output);

    smtp::SmtpConfig smtp_config;
    smtp_config.ehlo_name = "interop-world-test.daneel.invalid";
    smtp_config.tls.server_name = sni;
    smtp::SmtpSession session(smtp_config);
    const native::SmtpDriverReport run = native::run_smtp_session(session, {.address = v.at("ip")});
    REQUIRE(run.connected);
    REQUIRE(session.done());
    const smtp::SmtpResult& r = session.result();
    const bool ours = r.outcome == smtp::Outcome::ok && r.tls.has_value();
    INFO("daneel: " << smtp::to_string(r.outcome) << ": " << r.detail);

    // The oracle: the same outcome as what a sending MTA on OpenSSL gets.
    CHECK(ours == oracle.established);
    if (ours == oracle.established) ++agree;
    if (oracle.established) ++openssl_ok;
    // Each variant is meant to work: OpenSSL must complete it and verify DANE.
    CHECK(oracle.established);
    CHECK(oracle.dane_verified);
    CHECK(oracle.protocol == v.at("version").get<std::string>());
    if (!v.at("openssl_suite").is_null()) CHECK(oracle.suite == v.at("openssl_suite").get<std::string>());

    std::string check_verdict = "-";
    if (ours) {
      ++ours_ok;
      CHECK(std::string(tls::to_string(r.tls->version)) == v.at("version").get<std::string>());
      if (!v.at("iana_suite").is_null()) CHECK(r.tls->cipher_suite_name == v.at("iana_suite").get<std::string>());
      if (!v.at("group").is_null()) CHECK(r.tls->group_name == daneel_group(v.at("group")));

      check::Check check(v.at("domain").get<std::string>(), config, native::now_ms());
      const native::CheckDriverReport checked =
          native::run_check(check, {.ca_file = env.get("DANEEL_WORLD_DOH_CA"), .max_run = 60'000});
      const check::Report& report = check.report();
      INFO("report: " << to_string(report.verdict) << " " << report.outcome.code << ": " << report.outcome.text);
      CHECK(checked.finished);
      check_verdict = std::string(to_string(report.verdict));
      CHECK(to_string(report.verdict) == "pass");
      REQUIRE(report.hosts.size() == 1);
      REQUIRE(report.hosts[0].addresses.size() == 1);
      CHECK(report.hosts[0].addresses[0].outcome.code == "dane_authenticated");
      if (report.hosts[0].addresses[0].outcome.code == "dane_authenticated") ++authenticated;
    }
    std::printf("%-34s %-8s %-44s daneel %-22s openssl %-3s check %s\n", id.c_str(),
                v.at("version").get<std::string>().c_str(),
                ours ? r.tls->cipher_suite_name.c_str() : "-", std::string(smtp::to_string(r.outcome)).c_str(),
                oracle.established ? "ok" : "no", check_verdict.c_str());
  }
  std::printf("interop matrix: %zu variants; handshakes completed: daneel %zu, OpenSSL %zu; outcomes equal %zu; "
              "DANE-authenticated by daneel's check %zu\n",
              variants.size(), ours_ok, openssl_ok, agree, authenticated);
}
