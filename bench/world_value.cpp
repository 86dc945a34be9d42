#include "world_value.h"

#include <cstdlib>
#include <fstream>

namespace daneel::bench {

std::string world_value(const std::string& key) {
  const char* dir = std::getenv("DANEEL_WORLD_DIR");
  std::ifstream file(std::string(dir != nullptr ? dir : "/tmp/daneel-world") + "/world.env");
  for (std::string line; std::getline(file, line);) {
    if (line.rfind(key + "='", 0) == 0) return line.substr(key.size() + 2, line.size() - key.size() - 3);
  }
  return {};
}

}  // namespace daneel::bench
