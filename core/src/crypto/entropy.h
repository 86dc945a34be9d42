// The core's only source of randomness.
//
// Mbed TLS is built with MBEDTLS_NO_PLATFORM_ENTROPY + MBEDTLS_ENTROPY_HARDWARE_ALT
// (third_party/mbedtls/daneel_mbedtls_config.h), so every mbedtls_entropy_context
// (and PSA's internal DRBG) draws from mbedtls_hardware_poll(), defined in
// entropy.cpp: getrandom() natively, crypto.getRandomValues() in browsers and
// crypto.randomFillSync() in Node under Emscripten. Randomness is the one
// "input" the sans-IO core takes from the platform directly: TLS cannot be
// made deterministic without weakening it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" {
// Mbed TLS's hook (declared in Mbed TLS's private library/entropy_poll.h).
// Fills output[0..len) completely and sets *olen = len, returning 0; on failure
// returns MBEDTLS_ERR_ENTROPY_SOURCE_FAILED and sets *olen = 0.
int mbedtls_hardware_poll(void* data, unsigned char* output, std::size_t len, std::size_t* olen);
}

namespace daneel::crypto {

// Fills `out` with cryptographically secure random bytes. Returns false (and
// leaves `out` zeroed) if the platform source failed.
[[nodiscard]] bool random_bytes(std::span<std::uint8_t> out) noexcept;

}  // namespace daneel::crypto
