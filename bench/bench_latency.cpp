// Time to verdict over a slow link (issue 7): the whole check of one test-world
// domain (default: ee311.example, the good scenario) with every DNS answer and
// every TCP segment delayed by a fixed one-way delay (default 50 ms; see
// delayed_io.h for the link model), next to the sum of the round trips no
// checker can avoid: MX; TLSA, A and AAAA together; TCP; greeting; EHLO;
// STARTTLS; the TLS 1.3 handshake. Prints figures and the timeline of the
// fastest run; needs the test world (tests/world/up).
//
// Then the same check with TLS grading (issue 18, check/grading.h): its
// probes run one after the other per address (each depends on the last
// answer), each costing about 4 round trips (TCP, EHLO, STARTTLS, ClientHello
// to the server's first flight), so their bound is the check's plus 4 per
// probe made; printed with the connections per address against the budget.
//
//   daneel_bench_latency [DOMAIN [ONE_WAY_MS [RUNS]]]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "check/check.h"
#include "check_driver.h"
#include "delayed_io.h"
#include "doh_driver.h"  // now_ms()
#include "world_value.h"

using namespace daneel;
using daneel::bench::world_value;

namespace {

// The unavoidable round trips from the domain name to a DANE verdict.
constexpr int kRoundTripsBound = 7;
// The round trips of one grading probe: TCP (the greeting follows), EHLO,
// STARTTLS, ClientHello to the server's first flight.
constexpr int kRoundTripsPerProbe = 4;

struct Run {
  DurationMs to_done = 0;
  DurationMs to_last_handshake = 0;  // the last address's chain in hand
  std::string verdict;
  std::size_t most_connections = 0;  // to one address (grading: its budget counts these)
  std::size_t most_probes = 0;       // grading probes made to one address, one after the other
  std::size_t budget = 0;
  std::vector<bench::DelayedCheckIo::Mark> timeline;
};

void count_grading(const check::Report& report, Run& run) {
  for (const check::HostReport& host : report.hosts) {
    for (const check::AddressReport& address : host.addresses) {
      if (!address.grading) continue;
      run.most_connections = std::max(run.most_connections, address.grading->connections);
      run.most_probes = std::max(run.most_probes, address.grading->probes.size());
      run.budget = address.grading->budget;
    }
  }
}

Run run_once(const std::string& domain, DurationMs one_way, bool grading) {
  check::CheckConfig config;
  config.grading.enabled = grading;
  config.resolver.servers = {world_value("DANEEL_WORLD_DOH_URL")};
  config.trust_anchors = world_value("DANEEL_WORLD_TRUST_ANCHOR_DS");
  config.ehlo_name = "bench-latency.daneel.invalid";
  const TimeMs start = native::now_ms();
  check::Check check(domain, config, start);
  bench::DelayedCheckIo link(check, one_way, start);
  native::run_check(link, {.ca_file = world_value("DANEEL_WORLD_DOH_CA"), .max_run = 60'000});
  Run run;
  run.to_done = native::now_ms() - start;
  run.verdict = std::string(check::to_string(check.report().verdict));
  run.timeline = link.timeline();
  count_grading(check.report(), run);
  // The handshake's last server flight is the last segment before the
  // client's first TLS-protected EHLO; approximated by the last address's
  // finish minus its EHLO-over-TLS and QUIT round trips is fragile, so take it
  // from the report: an address's finished_at comes after QUIT.
  for (const check::HostReport& host : check.report().hosts) {
    for (const check::AddressReport& address : host.addresses) {
      run.to_last_handshake = std::max(run.to_last_handshake, address.finished_at - start);
    }
  }
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  if (world_value("DANEEL_WORLD_DOH_URL").empty()) {
    std::printf("test world not up (tests/world/up): latency benchmark skipped\n");
    return 0;
  }
  const std::string domain = argc > 1 ? argv[1] : "ee311.example";
  const DurationMs one_way = argc > 2 ? std::atoll(argv[2]) : 50;
  const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
  const DurationMs round_trip = 2 * one_way;
  std::printf("check of %s over a link with %lld ms one way (%lld ms round trip), %d runs each\n", domain.c_str(),
              static_cast<long long>(one_way), static_cast<long long>(round_trip), runs);
  std::vector<Run> fastest;
  for (const bool grading : {false, true}) {
    std::vector<Run> results;
    for (int i = 0; i < runs; ++i) results.push_back(run_once(domain, one_way, grading));
    std::sort(results.begin(), results.end(), [](const Run& a, const Run& b) { return a.to_done < b.to_done; });
    const Run& median = results[results.size() / 2];
    const int round_trips = kRoundTripsBound + kRoundTripsPerProbe * static_cast<int>(median.most_probes);
    const DurationMs bound = round_trips * round_trip;
    std::printf("%s\n", grading ? "with TLS grading (the default of the Node CLI)" : "without TLS grading (--quick)");
    std::printf("  verdict %s\n", median.verdict.c_str());
    std::printf("  time to verdict (median) %6lld ms   min %lld  max %lld\n", static_cast<long long>(median.to_done),
                static_cast<long long>(results.front().to_done), static_cast<long long>(results.back().to_done));
    if (grading) {
      std::printf("  connections to one address (most) %zu of a budget of %zu; grading probes one after the other %zu\n",
                  median.most_connections, median.budget, median.most_probes);
    }
    std::printf("  bound: %d round trips  %6lld ms   ratio %.2f\n", round_trips, static_cast<long long>(bound),
                static_cast<double>(median.to_done) / static_cast<double>(bound));
    fastest.push_back(results.front());
  }
  std::printf("timeline of the fastest run with grading (ms since start, as the engine saw it):\n");
  for (const auto& mark : fastest.back().timeline) {
    std::printf("  %6lld  %s\n", static_cast<long long>(mark.at), mark.what.c_str());
  }
  return 0;
}
