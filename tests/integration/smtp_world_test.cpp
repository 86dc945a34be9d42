// The SMTP/STARTTLS session against the test world's real Postfix servers
// through the native driver: TLS 1.3 and forced TLS 1.2 handshakes through
// the sans-IO state machine, the served chain byte-equal to the generated
// certificate files, and each failing server mode giving its own outcome.
#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "smtp/smtp_session.h"
#include "smtp_driver.h"
#include "util/encoding.h"
#include "world_env.h"

using namespace daneel;
using namespace daneel::smtp;

namespace {

struct Server {
  std::string id;
  std::string ip;
  std::string host;  // without the trailing dot: the SNI
  std::string mode;  // starttls, plain, reject554, silent
  std::string issuer;  // self, ca, nc-ca (a CA certificate Mbed TLS cannot read)
  std::vector<std::string> chain_files;
};

std::vector<Server> world_servers() {
  const auto env = testing::load_world_env();
  std::ifstream file(env.get("DANEEL_WORLD_JSON"));
  REQUIRE(file);
  const auto world = nlohmann::json::parse(file);
  std::vector<Server> servers;
  for (const auto& scenario : world.at("scenarios")) {
    for (const auto& server : scenario.at("servers")) {
      Server s;
      s.id = server.at("id").get<std::string>();
      s.ip = server.at("ip").get<std::string>();
      s.host = server.at("host").get<std::string>();
      if (s.host.ends_with('.')) s.host.pop_back();
      s.mode = server.at("smtp").get<std::string>();
      s.issuer = server.at("issuer").get<std::string>();
      for (const auto& cert : server.value("chain_certs", nlohmann::json::array())) s.chain_files.push_back(cert);
      servers.push_back(std::move(s));
    }
  }
  return servers;
}

const Server& find_server(const std::vector<Server>& servers, const std::string& id) {
  for (const auto& server : servers) {
    if (server.id == id) return server;
  }
  FAIL("world.json has no server " << id);
  std::abort();
}

// The DER certificates in a PEM file, in order.
std::vector<Bytes> read_pem_certificates(const std::string& path) {
  std::ifstream file(path);
  REQUIRE(file);
  std::vector<Bytes> out;
  std::string base64;
  bool inside = false;
  for (std::string line; std::getline(file, line);) {
    if (line == "-----BEGIN CERTIFICATE-----") {
      inside = true;
      base64.clear();
    } else if (line == "-----END CERTIFICATE-----") {
      inside = false;
      auto der = encoding::from_base64(base64);
      REQUIRE(der.ok());
      out.push_back(std::move(der).value());
    } else if (inside) {
      base64 += line;
    }
  }
  return out;
}

std::vector<Bytes> expected_chain(const Server& server) {
  std::vector<Bytes> chain;
  for (const auto& file : server.chain_files) {
    for (auto& cert : read_pem_certificates(file)) chain.push_back(std::move(cert));
  }
  return chain;
}

SmtpResult run(const Server& server, SmtpConfig config, const std::string& address = {}) {
  if (config.tls.server_name.empty()) config.tls.server_name = server.host;
  config.ehlo_name = "checker.daneel.test";
  SmtpSession session(std::move(config));
  const auto report = native::run_smtp_session(session, {.address = address.empty() ? server.ip : address});
  INFO(report.error);
  REQUIRE(report.connected);
  REQUIRE(session.done());
  return session.result();
}

std::string describe(const SmtpResult& result) {
  return std::string(to_string(result.outcome)) + " in " + std::string(to_string(result.phase)) + ": " +
         result.detail;
}

}  // namespace

TEST_CASE("STARTTLS with TLS 1.3: chain byte-equal to the generated certificates") {
  const auto servers = world_servers();
  for (const char* id : {"ee311--mx", "ta211--mx"}) {
    const Server& server = find_server(servers, id);
    const SmtpResult result = run(server, {});
    INFO(id << ": " << describe(result));
    REQUIRE(result.outcome == Outcome::ok);
    REQUIRE(result.tls.has_value());
    CHECK(result.tls->version == tls::TlsVersion::tls1_3);
    INFO(result.tls->cipher_suite_name << " " << result.tls->group_name);
    // TLS 1.3 suite names have no key exchange part (RFC 8446 §B.4).
    CHECK(result.tls->cipher_suite_name.starts_with("TLS_"));
    CHECK(result.tls->cipher_suite_name.find("_WITH_") == std::string::npos);
    CHECK_FALSE(result.tls->group_name.empty());
    CHECK(result.tls->chain == expected_chain(server));
    REQUIRE(result.ehlo.has_value());
    CHECK(result.ehlo->starttls());
    REQUIRE(result.ehlo_tls.has_value());
    CHECK_FALSE(result.ehlo_tls->starttls());  // RFC 3207 §4.2: not offered again over TLS
    CHECK(result.quit_acknowledged);
    CHECK(result.injected_bytes == 0);
  }
}

TEST_CASE("STARTTLS with TLS 1.2 forced: EMS, secure renegotiation, ECDHE group and signature") {
  const auto servers = world_servers();
  const Server& server = find_server(servers, "ee311--mx");
  SmtpConfig config;
  config.tls.max_version = tls::TlsVersion::tls1_2;
  const SmtpResult result = run(server, config);
  INFO(describe(result));
  REQUIRE(result.outcome == Outcome::ok);
  CHECK(result.tls->version == tls::TlsVersion::tls1_2);
  CHECK(result.tls->cipher_suite_name.starts_with("TLS_ECDHE_"));
  CHECK(result.tls->extended_master_secret);
  CHECK(result.tls->secure_renegotiation);
  CHECK(result.tls->group != 0);
  CHECK(result.tls->signature_scheme.has_value());
  CHECK(result.tls->chain == expected_chain(server));
  std::printf("smtp_world_test: TLS 1.2: %s, group %s, signature %s\n", result.tls->cipher_suite_name.c_str(),
              result.tls->group_name.c_str(), result.tls->signature_scheme_name.c_str());
}

TEST_CASE("every STARTTLS server of the world completes (nc-ca: on daneel's side it cannot), over IPv4 and IPv6") {
  for (const Server& server : world_servers()) {  // the range-for keeps the vector alive
    if (server.mode != "starttls") continue;
    const SmtpResult result = run(server, {});
    INFO(server.id << " " << server.ip << ": " << describe(result));
    if (server.issuer == "nc-ca") {
      // Its CA certificate has a critical nameConstraints extension Mbed TLS
      // cannot read: daneel's limit, never reported as the server's failure.
      CHECK(result.outcome == Outcome::handshake_unsupported);
      REQUIRE(result.tls_failure.has_value());
      CHECK(result.tls_failure->side == tls::FailureSide::checker);
      CHECK_FALSE(result.tls_failure->alert_received.has_value());
      continue;
    }
    CHECK(result.outcome == Outcome::ok);
    if (result.tls) CHECK(result.tls->chain == expected_chain(server));
  }
  // dual-stack's ::1 listener, explicitly.
  const auto servers = world_servers();
  const SmtpResult v6 = run(find_server(servers, "dual-stack--mx6"), {}, "::1");
  INFO(describe(v6));
  CHECK(v6.outcome == Outcome::ok);
}

TEST_CASE("a server without STARTTLS: no_starttls, QUIT answered") {
  const SmtpResult result = run(find_server(world_servers(), "no-starttls--mx"), {});
  INFO(describe(result));
  CHECK(result.outcome == Outcome::no_starttls);
  CHECK(result.phase == Phase::ehlo);
  CHECK_FALSE(result.tls.has_value());
}

TEST_CASE("a 554 greeting: greeting_rejected with the server's text") {
  const SmtpResult result = run(find_server(world_servers(), "greet-554--mx"), {});
  INFO(describe(result));
  CHECK(result.outcome == Outcome::greeting_rejected);
  REQUIRE_FALSE(result.replies.empty());
  CHECK(result.replies.front().code == 554);
  CHECK(result.detail.find("554") != std::string::npos);
}

TEST_CASE("a silent server: no_greeting after the (shortened) greeting deadline") {
  SmtpConfig config;
  config.timeouts.greeting = 1'500;
  const auto started = std::chrono::steady_clock::now();
  const SmtpResult result = run(find_server(world_servers(), "silent--mx"), config);
  const auto waited = std::chrono::steady_clock::now() - started;
  INFO(describe(result));
  CHECK(result.outcome == Outcome::no_greeting);
  CHECK(waited >= std::chrono::milliseconds(1'400));
  CHECK(waited < std::chrono::milliseconds(5'000));
}

TEST_CASE("timing: one full STARTTLS + TLS 1.3 session") {
  const auto servers = world_servers();
  const Server& server = find_server(servers, "ee311--mx");
  constexpr int kRounds = 20;
  const auto started = std::chrono::steady_clock::now();
  double greeting_ms = 0;
  double handshake_ms = 0;
  for (int i = 0; i < kRounds; ++i) {
    const SmtpResult result = run(server, {});
    REQUIRE(result.outcome == Outcome::ok);
    greeting_ms += static_cast<double>(result.replies.front().completed_at - result.connected_at);
    handshake_ms += static_cast<double>(result.tls_completed_at - result.tls_started_at);
  }
  const auto per_session =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count() / kRounds;
  const SmtpResult last = run(server, {});
  for (const Reply& reply : last.replies) {
    std::printf("smtp_world_test:   %-13s %d after %lld ms\n", std::string(to_string(reply.phase)).c_str(), reply.code,
                static_cast<long long>(reply.completed_at - last.connected_at));
  }
  std::printf("smtp_world_test: full STARTTLS + TLS 1.3 session: %.2f ms (mean of %d; greeting %.1f ms, "
              "TLS handshake %.1f ms)\n",
              per_session, kRounds, greeting_ms / kRounds, handshake_ms / kRounds);
}
