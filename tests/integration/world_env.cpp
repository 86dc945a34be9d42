#include "world_env.h"

#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace daneel::testing {

const std::string& WorldEnv::get(const std::string& key) const {
  const auto it = values.find(key);
  if (it == values.end()) FAIL("world.env has no " << key);
  return it->second;
}

std::vector<std::string> WorldEnv::domains() const {
  std::vector<std::string> out;
  std::istringstream words(get("DANEEL_WORLD_DOMAINS"));
  for (std::string word; words >> word;) out.push_back(word);
  return out;
}

WorldEnv load_world_env() {
  const char* dir = std::getenv("DANEEL_WORLD_DIR");
  const std::string path = std::string(dir != nullptr ? dir : "/tmp/daneel-world") + "/world.env";
  std::ifstream file(path);
  if (!file) FAIL("cannot read " << path << ": is the test world up? (tests/world/up)");
  WorldEnv env;
  for (std::string line; std::getline(file, line);) {
    const auto equals = line.find('=');
    if (equals == std::string::npos || line.starts_with('#')) continue;
    std::string value = line.substr(equals + 1);
    // up writes KEY='value' (shell quoting without embedded quotes).
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') value = value.substr(1, value.size() - 2);
    env.values[line.substr(0, equals)] = value;
  }
  return env;
}

}  // namespace daneel::testing
