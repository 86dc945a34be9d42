// The grading probe's ClientHello (tls/probe_hello.h) against the test
// world's real Postfix (OpenSSL): after STARTTLS it sends one probe
// ClientHello, reads the server's first flight with tls/server_flight.h and
// closes, as docs/TLS_GRADING.md plans, with the offers of tls/probe_plan.h. Each interoperability variant
// (tests/world/interop.toml) forces one suite and group, so what the probe
// reads is checked against what the server was configured to do: the suite by
// its IANA name in the grading tables, the ECDHE curve or the DHE prime size,
// EMS, secure renegotiation, no compression, and the certificate byte-equal
// to the generated file. Also a TLS 1.1 offer refused with protocol_version,
// a TLS 1.3 offer with an ML-KEM hybrid key share answered with a group we
// offered, and a TLS 1.2 offer of insufficient suites only.
//
// Every probe runs through the core's probe session (smtp/tls_probe_session.h):
// greeting, EHLO and STARTTLS by the SMTP session's code, as the check does.

#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "smtp/smtp_session.h"
#include "smtp/tls_probe_session.h"
#include "smtp_driver.h"
#include "tls/dh_group.h"
#include "tls/grading_decisions.h"
#include "tls/grading_tables.h"
#include "tls/probe_hello.h"
#include "tls/probe_plan.h"
#include "tls/server_flight.h"
#include "util/encoding.h"
#include "world_env.h"

using namespace daneel;
using namespace daneel::tls;

namespace {

struct Variant {
  std::string id, ip, host, version, kx, group, iana_suite, chain;
};

std::vector<Variant> interop_variants() {
  const auto env = testing::load_world_env();
  std::ifstream file(env.get("DANEEL_WORLD_JSON"));
  REQUIRE(file);
  const auto world = nlohmann::json::parse(file);
  std::vector<Variant> out;
  for (const auto& v : world.at("interop")) {
    Variant variant;
    variant.id = v.at("id").get<std::string>();
    variant.ip = v.at("ip").get<std::string>();
    variant.host = v.at("mx").get<std::string>();
    if (variant.host.ends_with('.')) variant.host.pop_back();
    variant.version = v.at("version").get<std::string>();
    variant.kx = v.at("kx").get<std::string>();
    if (v.at("group").is_string()) variant.group = v.at("group").get<std::string>();
    if (v.at("iana_suite").is_string()) variant.iana_suite = v.at("iana_suite").get<std::string>();
    variant.chain = v.at("chain").get<std::string>();
    out.push_back(std::move(variant));
  }
  REQUIRE_FALSE(out.empty());
  return out;
}

Bytes first_certificate(const std::string& pem_path) {
  std::ifstream file(pem_path);
  REQUIRE(file);
  std::string line, base64;
  bool inside = false;
  while (std::getline(file, line)) {
    if (line == "-----BEGIN CERTIFICATE-----") inside = true;
    else if (line == "-----END CERTIFICATE-----") break;
    else if (inside) base64 += line;
  }
  auto der = encoding::from_base64(base64);
  REQUIRE(der.ok());
  return std::move(der).value();
}

struct ProbeRun {
  ServerFlight flight;
  Bytes received;
};

// One probe through the core's sans-IO probe session (greeting, EHLO and
// STARTTLS by the SMTP session's code, the ClientHello, the first flight)
// over the native driver, as the check runs it.
ProbeRun probe(const std::string& ip, const ProbeOffer& offer, ProbeKind kind = ProbeKind::tls12_worst_first) {
  Bytes random(64);
  for (std::size_t i = 0; i < random.size(); ++i) random[i] = static_cast<std::uint8_t>(i * 37 + 11);
  const auto hello = build_probe_client_hello(offer, ByteView(random).first(32), ByteView(random).subspan(32, 32));
  REQUIRE(hello.ok());
  smtp::TlsProbeConfig config;
  config.kind = kind;
  config.client_hello = hello.value();
  config.ehlo_name = "checker.daneel.test";
  smtp::TlsProbeSession session(config, ncsc_2025_05());
  const auto report = native::run_smtp_session(session, {.address = ip});
  REQUIRE(report.connected);
  REQUIRE(session.done());
  const smtp::TlsProbeResult& result = session.result();
  INFO(ip << ": " << to_string(result.end) << " " << result.detail);
  REQUIRE(result.end == smtp::ProbeEnd::answered);
  REQUIRE(result.flight.has_value());
  CHECK(result.smtp.commands.size() == 2);  // EHLO, STARTTLS; nothing after the ClientHello
  ProbeRun run;
  run.flight = *result.flight;
  run.received = result.received;
  CHECK(result.flight_bytes == run.received.size());
  // Recorded answers for fuzz seeds and unit tests: DANEEL_PROBE_RECORD_DIR.
  if (const char* dir = std::getenv("DANEEL_PROBE_RECORD_DIR")) {
    std::ofstream out(std::string(dir) + "/" + ip + ".bin", std::ios::binary);
    out.write(reinterpret_cast<const char*>(run.received.data()), static_cast<std::streamsize>(run.received.size()));
  }
  return run;
}

std::uint16_t suite_code(const std::string& iana_name) {
  for (const Tls12Suite& suite : ncsc_2025_05().tls12_suites)
    if (suite.name == iana_name) return suite.code;
  FAIL("the grading tables have no suite named " << iana_name);
  return 0;
}

ProbeOffer plan_offer(ProbeKind kind, const std::string& host) {
  const Bytes random(64, 0x5a);
  auto offer = probe_offer(kind, ncsc_2025_05(), host, random);
  REQUIRE(offer.ok());
  return std::move(offer).value();
}

// The plan's TLS 1.2 worst-first probe (P2): every suite, insufficient first, weak curves first.
ProbeOffer tls12_offer(const std::string& host) { return plan_offer(ProbeKind::tls12_worst_first, host); }

}  // namespace

TEST_CASE("probe: every TLS 1.2 interop variant answers the suite, group and certificate it was configured with") {
  const std::map<std::string, std::uint16_t> curves{{"X25519", 0x001d}, {"P-256", 0x0017}, {"P-384", 0x0018}};
  const std::map<std::string, std::uint16_t> dh_bits{{"ffdhe2048", 2048}, {"ffdhe3072", 3072}};
  int probed = 0;
  const auto started = std::chrono::steady_clock::now();
  for (const Variant& v : interop_variants()) {
    if (v.version != "TLSv1.2") continue;
    INFO(v.id << " at " << v.ip);
    const ProbeRun run = probe(v.ip, tls12_offer(v.host));
    const ServerFlight& f = run.flight;
    INFO(to_string(f.status) << " " << f.problem);
    REQUIRE(f.status == FlightStatus::server_hello_done);
    CHECK(f.version == 0x0303);
    CHECK(f.cipher_suite == suite_code(v.iana_suite));
    CHECK(f.compression_method == 0);
    CHECK(f.extended_master_secret);
    CHECK(f.renegotiation_info);
    REQUIRE_FALSE(f.certificates.empty());
    CHECK(f.certificates[0] == first_certificate(v.chain));
    if (v.kx == "RSA") {
      CHECK_FALSE(f.signature_scheme);  // static RSA: no ServerKeyExchange
    } else {
      REQUIRE(f.signature_scheme);
      // Only SHA-2 schemes were offered: the kex_hash_func question's answer.
      CHECK(ncsc_2025_05().kex_signature_scheme(*f.signature_scheme) == Rating::good);
    }
    if (curves.count(v.group)) CHECK(f.group == curves.at(v.group));
    if (dh_bits.count(v.group)) {
      CHECK(f.dh_prime_bits == dh_bits.at(v.group));
      CHECK(f.dh_prime.size() * 8 == dh_bits.at(v.group));
      // The primes come from `openssl genpkey -pkeyopt group:ffdheN`: recognised by value.
      CHECK(rfc7919_group(f.dh_prime) == (dh_bits.at(v.group) == 2048 ? 0x0100 : 0x0101));
    }
    ++probed;
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::printf("probe: %d TLS 1.2 variants probed in %lld ms\n", probed, static_cast<long long>(ms.count()));
  CHECK(probed >= 60);
}

TEST_CASE("probe: a TLS 1.1 offer is refused with protocol_version; TLS 1.3 with a hybrid key share") {
  for (const Variant& v : interop_variants()) {
    if (v.version != "TLSv1.3") continue;
    INFO(v.id);
    const ProbeRun refused = probe(v.ip, plan_offer(ProbeKind::legacy, v.host));
    CHECK(refused.flight.status == FlightStatus::alert);
    CHECK(refused.flight.alert_description == 70);  // protocol_version (RFC 8446 §6.2)

    const ProbeRun answered = probe(v.ip, plan_offer(ProbeKind::tls13_post_quantum, v.host));
    INFO(to_string(answered.flight.status) << " " << answered.flight.problem);
    REQUIRE(answered.flight.status == FlightStatus::server_hello_tls13);
    CHECK(answered.flight.version == 0x0304);
    // OpenSSL 3.0 has no ML-KEM: it takes the x25519 share; from 3.5 on the hybrid.
    REQUIRE(answered.flight.group);
    CHECK((*answered.flight.group == 0x001d || *answered.flight.group == 0x11ec));
    CHECK(ncsc_2025_05().tls13_suite(*answered.flight.cipher_suite) != Rating::unknown);
    CHECK(answered.flight.cipher_suite != 0x1305);  // CCM_8 offered first, not enabled by OpenSSL
  }
}

TEST_CASE("probe: the single-class probes are refused by a server configured with one sufficient suite") {
  for (const Variant& v : interop_variants()) {
    if (v.version != "TLSv1.2" || v.iana_suite != "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384") continue;
    INFO(v.id);
    for (const ProbeKind kind : {ProbeKind::tls12_insufficient, ProbeKind::tls12_phase_out, ProbeKind::tls12_dhe}) {
      INFO(to_string(kind));
      const ProbeRun run = probe(v.ip, plan_offer(kind, v.host));
      CHECK(run.flight.status == FlightStatus::alert);
      CHECK(run.flight.alert_description == 40);  // handshake_failure
    }
    // The same server answers the best-first probe with its one suite.
    const ProbeRun best = probe(v.ip, plan_offer(ProbeKind::tls12_best_first, v.host));
    CHECK(best.flight.cipher_suite == 0xc030);
    break;
  }
}

namespace {

// The check's own handshake (Mbed TLS through the core's SMTP session), as the grading reads it.
NormalHandshakeFacts normal_handshake(const Variant& v) {
  smtp::SmtpConfig config;
  config.ehlo_name = "checker.daneel.test";
  config.tls.server_name = v.host;
  smtp::SmtpSession session(config);
  const auto report = native::run_smtp_session(session, {.address = v.ip});
  REQUIRE(report.connected);
  REQUIRE(session.done());
  const auto& tls = session.result().tls;
  REQUIRE(tls.has_value());
  return normal_handshake_facts(*tls);
}

struct Graded {
  Grades grades;
  int connections = 0;
};

// The plan run to its end against one server within a budget of 6 connections per address.
Graded run_plan(const Variant& v) {
  constexpr int kBudget = 6;
  ProbeResults results;
  results.normal = normal_handshake(v);
  int connections = 1;
  while (connections < kBudget) {
    const auto next = next_probe(results, ncsc_2025_05());
    if (!next) break;
    results.set(*next, probe(v.ip, plan_offer(*next, v.host), *next).flight);
    ++connections;
  }
  return {grade(results, ncsc_2025_05()), connections};
}

const Variant& variant(const std::vector<Variant>& all, const std::string& id) {
  for (const Variant& v : all)
    if (v.id == id) return v;
  FAIL("world.json has no interop variant " << id);
  std::abort();
}

}  // namespace

TEST_CASE("plan: graded from the check's handshake and the plan's probes, within 6 connections per address") {
  const auto all = interop_variants();
  {
    // TLS 1.2 only, one sufficient suite on x25519, server preference: every TLS 1.2 subtest decided.
    const Graded g = run_plan(variant(all, "rsa2048-ecdhe-gcm-x25519"));
    CHECK(g.connections <= 6);
    CHECK(g.grades.tls_version.decision == Decision::decided);
    CHECK(g.grades.tls_version.rating == Rating::sufficient);
    CHECK(g.grades.tls_ciphers.decision == Decision::decided);
    CHECK(g.grades.tls_ciphers.rating == Rating::sufficient);
    CHECK(g.grades.tls_cipher_order.decision == Decision::not_applicable);
    CHECK(g.grades.fs_params.decision == Decision::decided);
    CHECK(g.grades.fs_params.rating == Rating::good);
    CHECK(g.grades.kex_hash_func.rating == Rating::good);
    CHECK(g.grades.extended_master_secret.rating == Rating::good);
    CHECK(g.grades.renegotiation_secure.rating == Rating::good);
    CHECK(g.grades.tls_compression.rating == Rating::good);
    // Its RSA-2048 certificate (self-signed, SHA-256), read from the check's chain.
    CHECK(g.grades.cert_pubkey.decision == Decision::decided);
    CHECK(g.grades.cert_pubkey.rating == Rating::phase_out);
    CHECK(g.grades.cert_signature.rating == Rating::sufficient);
    std::printf("plan: rsa2048-ecdhe-gcm-x25519 graded in %d connections\n", g.connections);
  }
  {
    // DHE with the RFC 7919 2048-bit group: fs_params insufficient, decided by the worst-first probe.
    const Graded g = run_plan(variant(all, "rsa2048-dhe-gcm-ffdhe2048"));
    CHECK(g.connections <= 6);
    CHECK(g.grades.fs_params.decision == Decision::decided);
    CHECK(g.grades.fs_params.rating == Rating::insufficient);
    CHECK(g.grades.tls_ciphers.decision == Decision::decided);
    CHECK(g.grades.tls_ciphers.rating == Rating::phase_out);  // DHE-RSA AES-GCM
  }
  {
    // Static RSA: no forward secrecy, insufficient.
    const Graded g = run_plan(variant(all, "rsa2048-rsa-gcm"));
    CHECK(g.grades.tls_ciphers.decision == Decision::decided);
    CHECK(g.grades.tls_ciphers.rating == Rating::insufficient);
  }
  {
    // TLS 1.3 only: the TLS 1.2 subtests are not applicable; no hybrid group in OpenSSL 3.0.
    const Graded g = run_plan(variant(all, "p256-tls13"));
    CHECK(g.connections <= 4);
    CHECK(g.grades.tls_version.rating == Rating::good);
    CHECK(g.grades.tls_ciphers.decision == Decision::decided);
    CHECK(g.grades.extended_master_secret.decision == Decision::not_applicable);
    CHECK(g.grades.kex_hash_func.decision == Decision::not_applicable);
    REQUIRE(g.grades.post_quantum.has_value());
    CHECK_FALSE(*g.grades.post_quantum);
    // The TLS 1.3 certificate is seen only by the completed handshake: P-256 under the mail CA.
    CHECK(g.grades.cert_pubkey.rating == Rating::good);
    CHECK(g.grades.cert_signature.rating == Rating::sufficient);
    std::printf("plan: p256-tls13 graded in %d connections\n", g.connections);
  }
}
