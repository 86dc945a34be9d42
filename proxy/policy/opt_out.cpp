#include "policy/opt_out.h"

namespace daneel::proxy::policy {

namespace {

constexpr std::size_t kMaxName = 253;
constexpr std::size_t kMaxLabel = 63;

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// A host name as the relay sees them (letters, digits, hyphens; labels of
// 1-63 octets; at least two labels), lower-cased, without a trailing dot.
std::optional<std::string> entry_name(std::string_view text) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  if (text.empty() || text.size() > kMaxName) return std::nullopt;
  std::string out;
  std::size_t labels = 1;
  std::size_t label = 0;
  for (const char c : text) {
    if (c == '.') {
      if (label == 0) return std::nullopt;
      ++labels;
      label = 0;
      out.push_back(c);
      continue;
    }
    const char l = lower(c);
    const bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '-';
    if (!ok || ++label > kMaxLabel) return std::nullopt;
    out.push_back(l);
  }
  if (label == 0 || labels < 2) return std::nullopt;
  return out;
}

// `name` or any name below it is in `set`: looks up the name and each of its
// parent names (at a label boundary), so "badexample.org" never matches
// "example.org".
bool covered(const std::unordered_set<std::string>& set, std::string_view name) {
  if (set.empty()) return false;
  std::string key;
  std::string_view rest = name;
  for (std::size_t guard = 0; guard <= kMaxName && !rest.empty(); ++guard) {
    key.assign(rest);
    for (char& c : key) c = lower(c);
    if (set.contains(key)) return true;
    const std::size_t dot = rest.find('.');
    if (dot == std::string_view::npos) return false;
    rest.remove_prefix(dot + 1);
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view to_string(OptOutKind kind) {
  switch (kind) {
    case OptOutKind::domain:
      return "opt_out_domain";
    case OptOutKind::mx:
      return "opt_out_mx";
    case OptOutKind::address:
      return "opt_out_address";
  }
  return "opt_out";
}

std::optional<OptOutKind> OptOutList::match(std::string_view domain, std::string_view mx,
                                            const IpAddress& address) const {
  if (covered(domains_, domain)) return OptOutKind::domain;
  if (covered(mx_hosts_, mx)) return OptOutKind::mx;
  for (const Cidr& prefix : prefixes_)
    if (prefix.contains(address)) return OptOutKind::address;
  return std::nullopt;
}

struct OptOutParser {
  static OptOutParse parse(std::string_view text) {
    OptOutParse out;
    const auto fail = [&out](std::size_t line, std::string error) {
      out.line = line;
      out.error = std::move(error);
      return out;
    };
    if (text.size() > kMaxOptOutText) return fail(0, "the list is larger than 4 MiB");
    OptOutList list;
    std::size_t entries = 0;
    std::size_t number = 0;
    while (!text.empty()) {
      ++number;
      const std::size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
        line = line.substr(0, hash);
      line = trim(line);
      if (line.empty()) continue;
      const std::size_t space = line.find_first_of(" \t");
      if (space == std::string_view::npos)
        return fail(number, "expected 'domain NAME', 'mx NAME' or 'address CIDR'");
      const std::string_view kind = line.substr(0, space);
      const std::string_view value = trim(line.substr(space + 1));
      if (value.empty() || value.find_first_of(" \t") != std::string_view::npos)
        return fail(number, "expected one value after '" + std::string(kind) + "'");
      if (++entries > kMaxOptOutEntries) return fail(number, "more than 100000 entries");
      if (kind == "domain" || kind == "mx") {
        auto name = entry_name(value);
        if (!name)
          return fail(number, "'" + std::string(value) + "' is not a host name of two labels or more");
        (kind == "domain" ? list.domains_ : list.mx_hosts_).insert(std::move(*name));
      } else if (kind == "address") {
        const auto cidr = parse_cidr(value);
        if (!cidr) return fail(number, "'" + std::string(value) + "' is not an address or prefix");
        if (list.prefixes_.size() >= kMaxOptOutPrefixes) return fail(number, "more than 4096 addresses");
        list.prefixes_.push_back(*cidr);
      } else {
        return fail(number, "unknown entry kind '" + std::string(kind) + "' (domain, mx, address)");
      }
    }
    out.list = std::move(list);
    return out;
  }
};

OptOutParse parse_opt_out(std::string_view text) {
  return OptOutParser::parse(text);
}

}  // namespace daneel::proxy::policy
