// The relay's byte caps per direction and phase (checklist C9), shared by the
// plaintext guard and the TLS record budget, so a refusal can name its cap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace daneel::proxy::policy {

enum class Cap : std::uint8_t {
  client_plaintext,  // client -> server before TLS
  server_plaintext,  // server -> client before TLS
  client_tls,        // client -> server after STARTTLS
  server_tls,        // server -> client after STARTTLS
};

[[nodiscard]] constexpr std::string_view to_string(Cap cap) {
  switch (cap) {
    case Cap::client_plaintext:
      return "client_plaintext_bytes";
    case Cap::server_plaintext:
      return "server_plaintext_bytes";
    case Cap::client_tls:
      return "client_tls_bytes";
    case Cap::server_tls:
      return "server_tls_bytes";
  }
  return "unknown";
}

// Defaults (checklist C9). A real check sends ~40 bytes and receives ~1 KB of
// plaintext; TLS costs it ~1 KB up and 3-12 KB down (certificate chains).
struct ByteCaps {
  std::size_t client_plaintext = 1024;
  std::size_t server_plaintext = 16 * 1024;
  std::size_t client_tls = 8 * 1024;
  std::size_t server_tls = 128 * 1024;
};

}  // namespace daneel::proxy::policy
