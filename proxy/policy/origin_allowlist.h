// Which web pages may open the relay (checklist B5). Browsers send the page's
// origin with every WebSocket handshake and scripts cannot forge it, so an
// exact-match list stops other sites from using a visitor's browser (and the
// relay's reputation) for their own checks. Non-browser clients can send any
// Origin: this is not authentication, the admission limits still apply.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace daneel::proxy::policy {

enum class OriginDecision : std::uint8_t {
  allowed,
  missing,     // no Origin header: not a browser page, refused
  not_listed,  // an origin that is not on the list (including the opaque "null")
};

[[nodiscard]] std::string_view to_string(OriginDecision decision);

class OriginAllowlist {
 public:
  explicit OriginAllowlist(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  // Exact, case-sensitive comparison with the serialised origin as browsers
  // send it (RFC 6454 §6.1: lower-case scheme and host, port only when not the
  // scheme's default). `origin` is nullopt when the header is absent.
  [[nodiscard]] OriginDecision check(std::optional<std::string_view> origin) const;

 private:
  std::vector<std::string> origins_;
};

// Checks one configured entry: a browser would never send it unless it is
// "http://" or "https://", a lower-case host, an optional port that is not
// the default one, and nothing else (no path, no trailing slash, no user
// info). Such entries could never match, so the configuration refuses them
// instead of silently locking everybody out. Returns an error text or nullopt.
[[nodiscard]] std::optional<std::string> validate_origin_entry(std::string_view entry);

}  // namespace daneel::proxy::policy
