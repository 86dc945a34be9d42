// The test world's settings for the world benchmarks: the value of KEY in
// $DANEEL_WORLD_DIR/world.env (default /tmp/daneel-world), written by
// tests/world/up as KEY='value' lines; empty when the world is not up.
#pragma once

#include <string>

namespace daneel::bench {

std::string world_value(const std::string& key);

}  // namespace daneel::bench
