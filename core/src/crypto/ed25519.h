// Ed25519 signature verification (RFC 8032), for DNSSEC algorithm 15
// (RFC 8080). Backed by libsodium's ref10 code, built from Debian's libsodium
// source package (cmake/ThirdParty.cmake, target daneel::ed25519).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace daneel::crypto {

inline constexpr std::size_t ed25519_signature_size = 64;
inline constexpr std::size_t ed25519_public_key_size = 32;

// True only if `signature64` is a valid Ed25519 signature of `message` under
// `public_key32`. Wrong lengths, non-canonical encodings, small-order keys and
// points, and bad signatures all give false (libsodium's strict checks).
[[nodiscard]] bool ed25519_verify(std::span<const std::uint8_t> signature64,
                                  std::span<const std::uint8_t> message,
                                  std::span<const std::uint8_t> public_key32) noexcept;

}  // namespace daneel::crypto
