#include "util/result.h"

#include <cstdio>

namespace daneel {

std::string_view to_string(Errc code) {
  switch (code) {
    case Errc::truncated: return "truncated";
    case Errc::malformed: return "malformed";
    case Errc::out_of_range: return "out_of_range";
    case Errc::limit_exceeded: return "limit_exceeded";
    case Errc::invalid_argument: return "invalid_argument";
    case Errc::unsupported: return "unsupported";
    case Errc::internal: return "internal";
  }
  return "unknown";
}

void fatal(std::string_view what) {
  std::fprintf(stderr, "daneel: fatal: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

}  // namespace daneel
