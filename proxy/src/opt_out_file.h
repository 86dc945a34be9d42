// Reads the opt-out list file (--opt-out FILE, JSON relay.opt_out): at
// startup (a bad file exits with status 2) and on SIGHUP (a bad file is
// logged and the old list kept). The format and the matching rules are in
// policy/opt_out.h.
#pragma once

#include <memory>
#include <string>

#include "policy/opt_out.h"

namespace daneel::proxy {

struct OptOutLoad {
  std::shared_ptr<const policy::OptOutList> list;  // null on error
  std::string error;                                // "FILE:LINE: what", or why it could not be read
};

[[nodiscard]] OptOutLoad load_opt_out_file(const std::string& path);

// "N domains, M MX hosts, K addresses" for the log.
[[nodiscard]] std::string describe(const policy::OptOutList& list);

}  // namespace daneel::proxy
