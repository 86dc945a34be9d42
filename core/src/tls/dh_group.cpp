#include "tls/dh_group.h"

#include <algorithm>
#include <array>

#include <mbedtls/dhm.h>

namespace daneel::tls {

namespace {

// The RFC 7919 primes as Mbed TLS ships them (mbedtls/dhm.h), so no prime is
// copied by hand.
constexpr std::uint8_t kFfdhe2048[] = MBEDTLS_DHM_RFC7919_FFDHE2048_P_BIN;
constexpr std::uint8_t kFfdhe3072[] = MBEDTLS_DHM_RFC7919_FFDHE3072_P_BIN;
constexpr std::uint8_t kFfdhe4096[] = MBEDTLS_DHM_RFC7919_FFDHE4096_P_BIN;
constexpr std::uint8_t kFfdhe6144[] = MBEDTLS_DHM_RFC7919_FFDHE6144_P_BIN;
constexpr std::uint8_t kFfdhe8192[] = MBEDTLS_DHM_RFC7919_FFDHE8192_P_BIN;

struct Known {
  std::uint16_t code;
  ByteView prime;
};

const std::array<Known, 5> kKnown{{
    {0x0100, kFfdhe2048},
    {0x0101, kFfdhe3072},
    {0x0102, kFfdhe4096},
    {0x0103, kFfdhe6144},
    {0x0104, kFfdhe8192},
}};

}  // namespace

std::optional<std::uint16_t> rfc7919_group(ByteView prime) {
  std::size_t zeros = 0;
  while (zeros < prime.size() && prime[zeros] == 0) ++zeros;
  const ByteView value = prime.subspan(zeros);
  for (const Known& known : kKnown)
    if (std::equal(value.begin(), value.end(), known.prime.begin(), known.prime.end())) return known.code;
  return std::nullopt;
}

Rating dhe_prime_rating(ByteView prime, const GradingTables& tables) {
  if (const auto group = rfc7919_group(prime)) return tables.group(*group);
  return tables.custom_ffdhe;
}

}  // namespace daneel::tls
