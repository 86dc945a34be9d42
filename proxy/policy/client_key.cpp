#include "policy/client_key.h"

#include <array>
#include <optional>

namespace daneel::proxy::policy {
namespace {

bool trusted(const ClientKeyConfig& config, const IpAddress& address) {
  const IpAddress plain = unmap_ipv4(address);
  for (const Cidr& cidr : config.trusted_proxies)
    if (cidr.contains(plain)) return true;
  return false;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The list entries of all header fields, right-most first, at most
// kMaxForwardedHops + 1 of them (one more than we may skip, to know whether
// the chain was too long). nullopt when an entry is empty or too many exist.
struct Entries {
  std::array<std::string_view, kMaxForwardedHops + 1> items{};
  std::size_t count = 0;
  bool overflow = false;
};

Entries split_from_right(std::span<const std::string_view> fields) {
  Entries out;
  for (std::size_t f = fields.size(); f-- > 0;) {
    std::string_view rest = fields[f];
    // Each round removes one entry (and its comma) from the end: bounded by the field's length.
    while (true) {
      const std::size_t comma = rest.rfind(',');
      const std::string_view entry = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
      if (out.count == out.items.size()) {
        out.overflow = true;
        return out;
      }
      out.items[out.count++] = trim(entry);
      if (comma == std::string_view::npos) break;
      rest = rest.substr(0, comma);
    }
  }
  return out;
}

}  // namespace

ClientKey key_of(const IpAddress& address) {
  const IpAddress plain = unmap_ipv4(address);
  if (plain.family == IpFamily::v4) return ClientKey{plain};
  return ClientKey{mask(plain, 64)};
}

ClientKeyResult client_key(const IpAddress& peer, std::span<const std::string_view> forwarded_for,
                           const ClientKeyConfig& config) {
  if (!trusted(config, peer) || forwarded_for.empty()) return {key_of(peer), ClientKeySource::peer};
  const Entries entries = split_from_right(forwarded_for);
  std::optional<IpAddress> last_trusted;
  for (std::size_t i = 0; i < entries.count; ++i) {
    const auto address = parse_ip(entries.items[i]);
    if (!address) break;  // unusable: fall back to the peer below
    if (!trusted(config, *address)) return {key_of(*address), ClientKeySource::forwarded_for};
    last_trusted = address;
    if (i + 1 == entries.count && !entries.overflow)
      return {key_of(*last_trusted), ClientKeySource::forwarded_for};  // every entry is a front proxy
  }
  return {key_of(peer), ClientKeySource::peer_malformed_forward};
}

std::size_t ClientKeyHash::operator()(const ClientKey& key) const {
  return static_cast<std::size_t>(hash_ip(key.prefix, seed));
}

}  // namespace daneel::proxy::policy
