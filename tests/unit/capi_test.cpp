// The C ABI as the JS driver sees it: the same checks run natively and in wasm.
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <string_view>

#include "capi/daneel.h"
#include "util/encoding.h"

TEST_CASE("build info names this version and Mbed TLS 3.6") {
  const std::string_view info = daneel_build_info();
  CHECK(info.find(R"("daneel":")") != std::string_view::npos);
  CHECK(info.find(R"("mbedtls":"3.6.)") != std::string_view::npos);
  CHECK(info.front() == '{');
  CHECK(info.back() == '}');
}

TEST_CASE("daneel_random fills large buffers with fresh bytes") {
  // Larger than one CTR_DRBG request, so the chunking loop runs.
  constexpr size_t kSize = 3000;
  uint8_t* first = daneel_alloc(kSize);
  uint8_t* second = daneel_alloc(kSize);
  REQUIRE(first != nullptr);
  REQUIRE(second != nullptr);
  REQUIRE(daneel_random(first, kSize) == 0);
  REQUIRE(daneel_random(second, kSize) == 0);
  const std::string a(first, first + kSize);
  const std::string b(second, second + kSize);
  CHECK(a != b);
  CHECK(a.find(std::string(32, '\0')) == std::string::npos);  // not a zero-filled stub
  daneel_free(first);
  daneel_free(second);
  CHECK(daneel_random(nullptr, 1) != 0);
  CHECK(daneel_random(nullptr, 0) == 0);
}

TEST_CASE("daneel_sha256 matches the FIPS 180-2 vector") {
  const std::string_view abc = "abc";
  uint8_t digest[32];
  REQUIRE(daneel_sha256(reinterpret_cast<const uint8_t*>(abc.data()), abc.size(), digest) == 0);
  CHECK(daneel::encoding::to_hex(digest) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(daneel_sha256(nullptr, 1, digest) != 0);
}

TEST_CASE("daneel_alloc(0) gives a pointer that can be freed") {
  uint8_t* p = daneel_alloc(0);
  CHECK(p != nullptr);
  daneel_free(p);
}
