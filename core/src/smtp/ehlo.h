// The EHLO reply (RFC 5321 §4.1.1.1): the server's name on the first line,
// then one service extension per line: keyword and parameters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace daneel::smtp {

struct EhloExtension {
  std::string keyword;  // uppercased (keywords are case-insensitive, RFC 5321 §2.4)
  std::string params;   // the rest of the line, as sent
};

struct EhloInfo {
  std::string server_name;  // first word of the first line
  std::vector<EhloExtension> extensions;

  [[nodiscard]] bool has(std::string_view keyword) const;  // keyword in upper case
  [[nodiscard]] bool starttls() const { return has("STARTTLS"); }
  // SIZE (RFC 1870): the announced limit, 0 = no fixed limit; absent if not offered.
  [[nodiscard]] std::optional<std::uint64_t> size() const;
};

// Parses the text lines of a 250 reply to EHLO (as in Reply::lines).
EhloInfo parse_ehlo(const std::vector<std::string>& lines);

}  // namespace daneel::smtp
