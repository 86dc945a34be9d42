// Third-party crypto as built by cmake/ThirdParty.cmake: Mbed TLS 3.6 with our
// config, libsodium's Ed25519 verification, and our entropy hook. The same
// checks run natively and under wasm/node.
#include <catch2/catch_test_macros.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <mbedtls/asn1.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
#include <mbedtls/ssl.h>
#include <mbedtls/version.h>
#include <mbedtls/x509.h>
#include <psa/crypto.h>

#include "crypto/ed25519.h"
#include "crypto/entropy.h"
#include "crypto/mbedtls_error.h"

namespace {

using Buffer = std::vector<std::uint8_t>;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Test vectors are written in lowercase hex; anything else is a typo in the test.
Buffer unhex(std::string_view hex) {
  REQUIRE(hex.size() % 2 == 0);
  Buffer out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_digit(hex[i]);
    const int lo = hex_digit(hex[i + 1]);
    REQUIRE(hi >= 0);
    REQUIRE(lo >= 0);
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

std::string hex(const std::uint8_t* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(digits[data[i] >> 4]);
    out.push_back(digits[data[i] & 0x0f]);
  }
  return out;
}

bool all_zero(const Buffer& b) {
  for (const auto byte : b) {
    if (byte != 0) return false;
  }
  return true;
}

const std::uint8_t* bytes_of(std::string_view s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}

}  // namespace

TEST_CASE("Mbed TLS is the 3.6 LTS line at run time and matches its headers") {
  std::array<char, 18> runtime{};  // mbedtls_version_get_string needs 9 bytes
  mbedtls_version_get_string(runtime.data());
  const std::string_view version(runtime.data());
  CHECK(version.starts_with("3.6."));
  CHECK(version == MBEDTLS_VERSION_STRING);
  CHECK(mbedtls_version_get_number() >> 16 == 0x0306);
}

TEST_CASE("psa_crypto_init succeeds (seeded from our entropy hook)") {
  REQUIRE(psa_crypto_init() == PSA_SUCCESS);
  // Idempotent: a second call is fine too.
  CHECK(psa_crypto_init() == PSA_SUCCESS);
}

namespace {

enum class HashApi { mbedtls_sha256, mbedtls_sha384, mbedtls_sha512, psa_sha256, psa_sha512 };

struct HashVector {
  HashApi api;
  std::string_view name;
  std::string_view message;
  std::string_view digest_hex;
};

// FIPS 180-2 Appendix B/C/D ("abc" and the two-block 448-bit message).
constexpr HashVector kHashVectors[] = {
    {HashApi::mbedtls_sha256, "mbedtls SHA-256 abc", "abc",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {HashApi::mbedtls_sha256, "mbedtls SHA-256 448-bit",
     "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {HashApi::mbedtls_sha384, "mbedtls SHA-384 abc", "abc",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
     "8086072ba1e7cc2358baeca134c825a7"},
    {HashApi::mbedtls_sha512, "mbedtls SHA-512 abc", "abc",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
    {HashApi::psa_sha256, "PSA SHA-256 abc", "abc",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {HashApi::psa_sha512, "PSA SHA-512 abc", "abc",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
};

std::string digest(HashApi api, std::string_view message) {
  std::array<std::uint8_t, 64> out{};
  std::size_t len = 0;
  switch (api) {
    case HashApi::mbedtls_sha256:
      REQUIRE(mbedtls_sha256(bytes_of(message), message.size(), out.data(), 0) == 0);
      len = 32;
      break;
    case HashApi::mbedtls_sha384:
      REQUIRE(mbedtls_sha512(bytes_of(message), message.size(), out.data(), 1) == 0);
      len = 48;
      break;
    case HashApi::mbedtls_sha512:
      REQUIRE(mbedtls_sha512(bytes_of(message), message.size(), out.data(), 0) == 0);
      len = 64;
      break;
    case HashApi::psa_sha256:
    case HashApi::psa_sha512: {
      REQUIRE(psa_crypto_init() == PSA_SUCCESS);
      const psa_algorithm_t alg = api == HashApi::psa_sha256 ? PSA_ALG_SHA_256 : PSA_ALG_SHA_512;
      REQUIRE(psa_hash_compute(alg, bytes_of(message), message.size(), out.data(), out.size(),
                               &len) == PSA_SUCCESS);
      break;
    }
  }
  return hex(out.data(), len);
}

}  // namespace

TEST_CASE("SHA-2 digests match FIPS 180 vectors (legacy API and PSA)") {
  for (const auto& v : kHashVectors) {
    INFO(v.name);
    CHECK(digest(v.api, v.message) == v.digest_hex);
  }
}

namespace {

struct Ed25519Vector {
  std::string_view name;
  std::string_view public_key;
  std::string_view message;
  std::string_view signature;
};

// RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte).
constexpr Ed25519Vector kRfc8032[] = {
    {"RFC 8032 TEST 1", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9"
     "b46bd25bf5f0595bbe24655141438e7a100b"},
    {"RFC 8032 TEST 2", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f1"
     "1d8c387b2eaeb4302aeeb00d291612bb0c00"},
};

enum class Mutation { none, flip_signature_bit, flip_message_bit, other_key, short_signature,
                      long_signature, short_key, long_key };

struct Ed25519Case {
  Mutation mutation;
  std::string_view name;
  bool expected;
};

constexpr Ed25519Case kEd25519Cases[] = {
    {Mutation::none, "unchanged", true},
    {Mutation::flip_signature_bit, "one signature bit flipped", false},
    {Mutation::flip_message_bit, "one message bit flipped", false},
    {Mutation::other_key, "the other vector's public key", false},
    {Mutation::short_signature, "signature of 63 bytes", false},
    {Mutation::long_signature, "signature of 65 bytes", false},
    {Mutation::short_key, "public key of 31 bytes", false},
    {Mutation::long_key, "public key of 33 bytes", false},
};

}  // namespace

TEST_CASE("Ed25519 verification: RFC 8032 vectors pass, every mutation fails") {
  for (std::size_t i = 0; i < std::size(kRfc8032); ++i) {
    const auto& v = kRfc8032[i];
    const auto& other = kRfc8032[(i + 1) % std::size(kRfc8032)];
    for (const auto& c : kEd25519Cases) {
      INFO(v.name << ": " << c.name);
      Buffer key = unhex(v.public_key);
      Buffer message = unhex(v.message);
      Buffer signature = unhex(v.signature);
      switch (c.mutation) {
        case Mutation::none: break;
        case Mutation::flip_signature_bit: signature[10] ^= 0x01; break;
        case Mutation::flip_message_bit:
          if (message.empty()) message.push_back(0x00);  // the empty message gains a byte
          else message[0] ^= 0x01;
          break;
        case Mutation::other_key: key = unhex(other.public_key); break;
        case Mutation::short_signature: signature.pop_back(); break;
        case Mutation::long_signature: signature.push_back(0x00); break;
        case Mutation::short_key: key.pop_back(); break;
        case Mutation::long_key: key.push_back(0x00); break;
      }
      CHECK(daneel::crypto::ed25519_verify(signature, message, key) == c.expected);
    }
  }
}

TEST_CASE("Ed25519 rejects a second signature half (S) that is not reduced mod L") {
  // S + L for TEST 1 verifies under lax implementations; RFC 8032 §5.1.7 requires rejection.
  const auto& v = kRfc8032[0];
  Buffer signature = unhex(v.signature);
  signature[63] |= 0xe0;  // S >= 2^253 > L
  CHECK_FALSE(daneel::crypto::ed25519_verify(signature, unhex(v.message), unhex(v.public_key)));
}

TEST_CASE("mbedtls_hardware_poll fills buffers with fresh random bytes") {
  Buffer a(64, 0);
  Buffer b(64, 0);
  std::size_t olen = 0;
  REQUIRE(mbedtls_hardware_poll(nullptr, a.data(), a.size(), &olen) == 0);
  CHECK(olen == a.size());
  olen = 0;
  REQUIRE(mbedtls_hardware_poll(nullptr, b.data(), b.size(), &olen) == 0);
  CHECK(olen == b.size());
  CHECK_FALSE(all_zero(a));
  CHECK_FALSE(all_zero(b));
  CHECK(a != b);

  // More than one getRandomValues() chunk (65536 bytes) under Emscripten.
  Buffer big(70000, 0);
  REQUIRE(daneel::crypto::random_bytes(big));
  CHECK_FALSE(all_zero(Buffer(big.end() - 64, big.end())));
}

TEST_CASE("CTR_DRBG seeded from mbedtls_entropy_func produces distinct output") {
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
  mbedtls_entropy_init(&entropy);
  mbedtls_ctr_drbg_init(&drbg);
  constexpr std::string_view personalization = "daneel third_party_test";
  const int seeded = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
                                           bytes_of(personalization), personalization.size());
  Buffer first(64, 0);
  Buffer second(64, 0);
  int r1 = -1;
  int r2 = -1;
  if (seeded == 0) {
    r1 = mbedtls_ctr_drbg_random(&drbg, first.data(), first.size());
    r2 = mbedtls_ctr_drbg_random(&drbg, second.data(), second.size());
  }
  mbedtls_ctr_drbg_free(&drbg);
  mbedtls_entropy_free(&entropy);

  REQUIRE(seeded == 0);
  REQUIRE(r1 == 0);
  REQUIRE(r2 == 0);
  CHECK_FALSE(all_zero(first));
  CHECK(first != second);
}

// The texts are generated from the Mbed TLS headers (crypto/gen_mbedtls_error_texts.py).
TEST_CASE("Mbed TLS error texts: module, first sentence, high and low level joined") {
  using daneel::crypto::mbedtls_error_text;
  const std::string date = mbedtls_error_text(MBEDTLS_ERR_X509_INVALID_DATE);
  CHECK(date.rfind("X509 - ", 0) == 0);
  CHECK(date.find("date") != std::string::npos);
  CHECK(date.back() != '.');

  const std::string joined = mbedtls_error_text(MBEDTLS_ERR_X509_INVALID_DATE + MBEDTLS_ERR_ASN1_OUT_OF_DATA);
  CHECK(joined == date + " : " + mbedtls_error_text(MBEDTLS_ERR_ASN1_OUT_OF_DATA));
  CHECK(mbedtls_error_text(MBEDTLS_ERR_ASN1_OUT_OF_DATA).rfind("ASN1 - ", 0) == 0);
  CHECK(mbedtls_error_text(MBEDTLS_ERR_MPI_ALLOC_FAILED).rfind("BIGNUM - ", 0) == 0);

  // A comment that goes on for a paragraph gives its first sentence only.
  const std::string hostname = mbedtls_error_text(MBEDTLS_ERR_SSL_CERTIFICATE_VERIFICATION_WITHOUT_HOSTNAME);
  CHECK(hostname.rfind("SSL - ", 0) == 0);
  CHECK(hostname.size() < 100);
  // "e.g." does not end a sentence.
  CHECK(mbedtls_error_text(MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE).find("e.g. RSA") != std::string::npos);

  // Codes outside the list read as their value.
  CHECK(mbedtls_error_text(-0x0F80) == "Mbed TLS error -0x0F80");
}
