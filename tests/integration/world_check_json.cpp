// world_check_json DOMAIN...: the whole check of each domain against the test
// world, with TLS grading (budget 6 per address), through the native drivers;
// prints one report JSON per line. For scripts/compare-grading (not a test):
// the same check configuration as the world tests (check_world_config.h), the
// world's DoH and trust anchor from the environment of world.env:
//   set -a; . /tmp/daneel-world/world.env; set +a
#include <cstdio>
#include <cstdlib>
#include <string>

#include "check/check.h"
#include "check/report.h"
#include "check_driver.h"
#include "check_world_config.h"
#include "doh_driver.h"
#include "world_env.h"

using namespace daneel;

namespace {

// One variable of world.env from the environment, or the empty string.
std::string env_value(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

int main(int argc, char** argv) {
  testing::WorldEnv env;
  for (const char* key : {"DANEEL_WORLD_DOH_URL", "DANEEL_WORLD_TRUST_ANCHOR_DS", "DANEEL_WORLD_DOH_CA"}) {
    env.values[key] = env_value(key);
    if (env.values[key].empty()) {
      std::fprintf(stderr, "world_check_json: %s is not set (source world.env)\n", key);
      return 2;
    }
  }
  if (argc < 2) {
    std::fprintf(stderr, "usage: world_check_json DOMAIN...\n");
    return 2;
  }
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    check::CheckConfig config = testing::world_check_config(env, "world-check-json.daneel.invalid");
    config.grading.enabled = true;
    check::Check check(argv[i], config, native::now_ms());
    const native::CheckDriverReport run =
        native::run_check(check, {.ca_file = env.values["DANEEL_WORLD_DOH_CA"], .max_run = 60'000});
    if (!run.finished) {
      std::fprintf(stderr, "world_check_json: %s did not finish\n", argv[i]);
      ++failures;
      continue;
    }
    std::printf("%s\n", check::report_to_json(check.report()).c_str());
  }
  return failures == 0 ? 0 : 1;
}
