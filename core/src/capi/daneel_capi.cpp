#include "capi/daneel.h"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "check/check.h"
#include "check/messages.h"
#include "dns/query_engine.h"

#ifndef DANEEL_VERSION
#error "DANEEL_VERSION must be defined by the build"
#endif

namespace {

// One generator for the module's lifetime, seeded on first use. The core is
// single-threaded by design, so no locking.
class RandomGenerator {
 public:
  RandomGenerator() {
    mbedtls_entropy_init(&entropy_);
    mbedtls_ctr_drbg_init(&drbg_);
    static constexpr unsigned char kPersonalization[] = "daneel";
    seed_status_ = mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_, kPersonalization,
                                         sizeof kPersonalization - 1);
  }
  RandomGenerator(const RandomGenerator&) = delete;
  RandomGenerator& operator=(const RandomGenerator&) = delete;
  ~RandomGenerator() {
    mbedtls_ctr_drbg_free(&drbg_);
    mbedtls_entropy_free(&entropy_);
  }

  int fill(uint8_t* out, size_t size) {
    if (seed_status_ != 0) return seed_status_;
    // CTR_DRBG hands out at most MBEDTLS_CTR_DRBG_MAX_REQUEST bytes per call.
    while (size > 0) {
      const size_t chunk = size < MBEDTLS_CTR_DRBG_MAX_REQUEST ? size : MBEDTLS_CTR_DRBG_MAX_REQUEST;
      if (const int status = mbedtls_ctr_drbg_random(&drbg_, out, chunk); status != 0) return status;
      out += chunk;
      size -= chunk;
    }
    return 0;
  }

 private:
  mbedtls_entropy_context entropy_;
  mbedtls_ctr_drbg_context drbg_;
  int seed_status_ = 0;
};

}  // namespace

extern "C" {

uint8_t* daneel_alloc(size_t size) { return static_cast<uint8_t*>(std::malloc(size == 0 ? 1 : size)); }

void daneel_free(uint8_t* pointer) { std::free(pointer); }

const char* daneel_build_info(void) {
  // The report languages (the catalogue files the build found, check/messages.h)
  // and the core's default timeouts that JS hosts also need (the WebSocket
  // transport's wait for the relay, the DoH client's HTTP bound), so that JS
  // never keeps a list or a number of its own.
  static const std::string info = [] {
    std::string languages;
    for (const std::string_view lang : daneel::check::supported_languages())
      languages += (languages.empty() ? "\"" : ",\"") + std::string(lang) + "\"";
    const auto connect_timeout = daneel::check::CheckLimits{}.connect_timeout;
    const auto doh_timeout = daneel::dns::ResolverConfig{}.attempt_timeout;
    return std::string(R"({"daneel":")") + DANEEL_VERSION + R"(","mbedtls":")" + MBEDTLS_VERSION_STRING +
           R"(","languages":[)" + languages + R"(],"default_language":")" +
           std::string(daneel::check::kDefaultLanguage) + R"(","connect_timeout_ms":)" +
           std::to_string(connect_timeout) + R"(,"doh_timeout_ms":)" + std::to_string(doh_timeout) + "}";
  }();
  return info.c_str();
}

int daneel_random(uint8_t* out, size_t size) {
  if (out == nullptr && size != 0) return MBEDTLS_ERR_CTR_DRBG_REQUEST_TOO_BIG;
  static RandomGenerator generator;
  return generator.fill(out, size);
}

int daneel_sha256(const uint8_t* data, size_t size, uint8_t* digest) {
  if ((data == nullptr && size != 0) || digest == nullptr) return MBEDTLS_ERR_SHA256_BAD_INPUT_DATA;
  return mbedtls_sha256(data, size, digest, /*is224=*/0);
}

}  // extern "C"
