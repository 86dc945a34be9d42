#include "check_world_config.h"

#include <fstream>
#include <sstream>
#include <utility>

namespace daneel::testing {

check::CheckConfig world_check_config(const WorldEnv& env, std::string ehlo_name) {
  check::CheckConfig config;
  config.resolver.servers = {env.get("DANEEL_WORLD_DOH_URL")};
  config.trust_anchors = env.get("DANEEL_WORLD_TRUST_ANCHOR_DS");
  config.ehlo_name = std::move(ehlo_name);
  // The world's silent server never greets: keep the banner wait short.
  config.timeouts.greeting = 3'000;
  config.timeouts.ehlo = 3'000;
  config.timeouts.starttls = 3'000;
  config.timeouts.tls_handshake = 3'000;
  config.timeouts.tls_ehlo = 3'000;
  config.timeouts.quit = 1'000;
  config.limits.connect_timeout = 3'000;
  config.limits.check_deadline = 30'000;
  return config;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace daneel::testing
