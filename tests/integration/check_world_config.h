// What the whole-check world tests (check_world_test, check_verify_world_test)
// share: the check configuration for the test world, with short time-outs
// (the world's silent server never greets), and reading world.json.
#pragma once

#include <string>

#include "check/check.h"
#include "world_env.h"

namespace daneel::testing {

check::CheckConfig world_check_config(const WorldEnv& env, std::string ehlo_name);

std::string read_text_file(const std::string& path);

}  // namespace daneel::testing
