#include "opt_out_file.h"

#include <fstream>

namespace daneel::proxy {

OptOutLoad load_opt_out_file(const std::string& path) {
  OptOutLoad out;
  std::ifstream file{path, std::ios::binary};
  if (!file) {
    out.error = "cannot read '" + path + "'";
    return out;
  }
  // At most the list's bound plus one byte: a larger file is refused, never read whole.
  std::string text;
  text.resize(policy::kMaxOptOutText + 1);
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(file.gcount()));
  policy::OptOutParse parsed = policy::parse_opt_out(text);
  if (!parsed.list) {
    out.error = path + ":" + std::to_string(parsed.line) + ": " + parsed.error;
    return out;
  }
  out.list = std::make_shared<const policy::OptOutList>(std::move(*parsed.list));
  return out;
}

std::string describe(const policy::OptOutList& list) {
  return std::to_string(list.domains()) + " domains, " + std::to_string(list.mx_hosts()) + " MX hosts, " +
         std::to_string(list.prefixes()) + " addresses";
}

}  // namespace daneel::proxy
