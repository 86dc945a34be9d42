#include "smtp/ehlo.h"

#include <algorithm>

namespace daneel::smtp {

namespace {

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool EhloInfo::has(std::string_view keyword) const {
  return std::any_of(extensions.begin(), extensions.end(),
                     [&](const EhloExtension& extension) { return extension.keyword == keyword; });
}

std::optional<std::uint64_t> EhloInfo::size() const {
  for (const auto& extension : extensions) {
    if (extension.keyword != "SIZE") continue;
    std::uint64_t value = 0;
    // RFC 1870 §4: SIZE [number]; at most 20 digits fit in 64 bits.
    for (std::size_t i = 0; i < extension.params.size() && i < 19; ++i) {
      const char c = extension.params[i];
      if (c < '0' || c > '9') break;
      value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
  }
  return std::nullopt;
}

EhloInfo parse_ehlo(const std::vector<std::string>& lines) {
  EhloInfo info;
  if (lines.empty()) return info;
  const std::string_view first = trim(lines.front());
  info.server_name = std::string(first.substr(0, first.find(' ')));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = trim(lines[i]);
    if (line.empty()) continue;
    const std::size_t space = line.find(' ');
    EhloExtension extension;
    for (const char c : line.substr(0, space)) extension.keyword.push_back(upper(c));
    if (space != std::string_view::npos) extension.params = std::string(trim(line.substr(space + 1)));
    info.extensions.push_back(std::move(extension));
  }
  return info;
}

}  // namespace daneel::smtp
