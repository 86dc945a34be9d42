// Figures against the running test world (tests/world/up): full SMTP STARTTLS
// sessions per second against a local Postfix (TLS 1.3), and DoH queries per
// second through the query engine and the native driver. Prints figures only.
#include <chrono>
#include <cstdio>
#include <string>

#include "dns/query_engine.h"
#include "doh_driver.h"
#include "smtp/smtp_session.h"
#include "smtp_driver.h"
#include "world_value.h"

using namespace daneel;
using daneel::bench::world_value;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void smtp_sessions(int count) {
  int ok = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) {
    smtp::SmtpConfig config;
    config.tls.server_name = "mx.ee311.example";
    smtp::SmtpSession session(config);
    native::run_smtp_session(session, {.address = "127.0.1.11"});
    if (session.done() && session.result().outcome == smtp::Outcome::ok) ++ok;
  }
  const double seconds = seconds_since(start);
  std::printf("%-40s %6d sessions %8.2f ms/session %8.1f sessions/s (%d ok)\n",
              "SMTP+STARTTLS+TLS1.3 session, sequential", count, seconds * 1000 / count, count / seconds, ok);
}

void doh_queries(const std::string& url, const std::string& ca_file, int count) {
  dns::ResolverConfig config;
  config.servers = {url};
  config.request_budget = static_cast<std::size_t>(count) + 10;
  dns::QueryEngine engine(config);
  const TimeMs now = native::now_ms();
  for (int i = 0; i < count; ++i) {
    // Distinct names, so nothing is merged or cached: every query is an exchange.
    engine.query(dns::Name::from_text("q" + std::to_string(i) + ".ee311.example.").value(), dns::RrType::a, now);
  }
  const auto start = std::chrono::steady_clock::now();
  native::DohDriver({.ca_file = ca_file}).run(engine);
  const double seconds = seconds_since(start);
  std::printf("%-40s %6d queries  %8.2f ms/query   %8.1f queries/s (16 in flight)\n",
              ("DoH " + url.substr(0, url.find(':'))).c_str(), count, seconds * 1000 / count, count / seconds);
}

}  // namespace

int main() {
  const std::string https = world_value("DANEEL_WORLD_DOH_URL");
  if (https.empty()) {
    std::printf("test world not up (tests/world/up): world benchmarks skipped\n");
    return 0;
  }
  std::printf("world benchmarks (native driver, loopback)\n");
  smtp_sessions(50);
  doh_queries(https, world_value("DANEEL_WORLD_DOH_CA"), 300);
  doh_queries(world_value("DANEEL_WORLD_DOH_HTTP_URL"), "", 300);
  return 0;
}
