// Reads the test world's description ($DANEEL_WORLD_DIR/world.env, written by
// tests/world/up): DoH URLs, CA file, trust anchor, domains.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace daneel::testing {

struct WorldEnv {
  std::map<std::string, std::string> values;
  // The value of KEY; fails the test with a hint when the world is not up.
  [[nodiscard]] const std::string& get(const std::string& key) const;
  [[nodiscard]] std::vector<std::string> domains() const;
};

// Loads world.env; fails the current test if the world is not up.
WorldEnv load_world_env();

}  // namespace daneel::testing
