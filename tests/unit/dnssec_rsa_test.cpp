// DNSSEC RSA (algorithms 5, 7, 8, 10): the public operation s^e mod n
// (crypto/rsa_public_operation.h: Mbed TLS natively, the JS engine's BigInt in
// wasm) and the PKCS#1 v1.5 encode-then-compare check on top of it
// (crypto/rsa_pkcs1_verify.h). This suite runs natively and under node, so each
// case holds for both implementations: the public operation is compared with
// Mbed TLS's own bignum exponentiation on many inputs, and forged encodings
// (signed with a test key's private exponent) must all be refused.
// The published RSA vectors (RFC 5702 §6, RFC 4035 App. A) validate in
// dnssec_sig_vectors_test.cpp, which also runs in both builds.
#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <mbedtls/bignum.h>

#include "crypto/rsa_pkcs1_verify.h"
#include "crypto/rsa_public_operation.h"
#include "dnssec/algorithms.h"
#include "dnssec/digest.h"
#include "util/bytes.h"
#include "util/encoding.h"

namespace dnssec = daneel::dnssec;
namespace crypto = daneel::crypto;
using daneel::Bytes;
using daneel::ByteView;
using C = dnssec::SignatureCheck;

namespace {

// A 2048-bit test key made once with `openssl genrsa 2048` (e = 65537); the
// private exponent only signs test encodings here.
constexpr std::string_view kModulusHex =
    "beb555af0541652a51ae857631d657b60f8e7bd28dc3351792448d38af4c90ea15562ec2ca86cca13711b48f04d2666b"
    "f9389904aad1ee7cd981abd0ed45f20c3a7092087b8c32b2ce2548a343e53b90185f13f1db33e1dead0b43fddc9ba03f"
    "7c08cf156dd864fc32c64f8ca4e6f2421d02b902bb3c5d9d6102fbe149f979182a8f6e88cdad5a5a201024240ab66206"
    "5589413c2f4fffcf2ef3ecece4179efdaea15a35d003ff1389f97f2fda5c9891e287abbc5547ebdeb8c198c7c49a3080"
    "072a4b2f81e992e127175285cd073aa08631623406227dfd96a38cb932b8a986ac43c21aa03f6b9edeadfd9cf152f64f"
    "7314d66ed569e2a58928f7e2fb9c96b3";
constexpr std::string_view kPrivateExponentHex =
    "06ec3837093ecd7852ccbe05835b9f85795d17bb95efcf1e92edb01eada65ee05073f77094bf7df0203aa14e4bc3837a"
    "49eab70b4754258f1caa2b5d832f75d0e1d2324ae2893d51e64fce2a370dbc32c7dfb3aea4e166429a0f7da15a7fbfba"
    "6e3b37a13482956fde3bfaa9455728d6238d74bfd7a22257d32cb38e030c6e4bd513f4e94d722cad633af9b77bf2c7a8"
    "73e97bb0928d729aba7640cd8ebff2df3a433b426b62731fb2fe93b070bed38ac1282478a27619e62951b8e48fa3fa2a"
    "65b34c0c00e3998cdb7d2b8fcf264ed58c73c766fcb832891e783429ffce0b50d850eb260da2a837b00dac958b21882e"
    "dfed3af649a7bd28f99f17b22efdc501";
const Bytes kExponent{0x01, 0x00, 0x01};

// Hex constants of this file (a typo aborts the run through Result's misuse check).
Bytes hex(std::string_view text) { return daneel::encoding::from_hex(text).value(); }

// Owns one Mbed TLS bignum.
class Mpi {
 public:
  Mpi() { mbedtls_mpi_init(&mpi_); }
  explicit Mpi(ByteView big_endian) : Mpi() {
    REQUIRE(mbedtls_mpi_read_binary(&mpi_, big_endian.data(), big_endian.size()) == 0);
  }
  ~Mpi() { mbedtls_mpi_free(&mpi_); }
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;
  mbedtls_mpi* get() { return &mpi_; }

 private:
  mbedtls_mpi mpi_;
};

// base^exponent mod modulus with Mbed TLS's bignum, as `size` octets: the
// reference the public operation is held to, and the test's signer.
Bytes reference_exp_mod(ByteView base, ByteView exponent, ByteView modulus, std::size_t size) {
  Mpi a(base);
  Mpi e(exponent);
  Mpi n(modulus);
  Mpi x;
  REQUIRE(mbedtls_mpi_exp_mod(x.get(), a.get(), e.get(), n.get(), nullptr) == 0);
  Bytes out(size);
  REQUIRE(mbedtls_mpi_write_binary(x.get(), out.data(), out.size()) == 0);
  return out;
}

// A small deterministic generator (xorshift64) for test inputs.
class Octets {
 public:
  explicit Octets(std::uint64_t seed) : state_(seed) {}
  Bytes next(std::size_t size) {
    Bytes out(size);
    for (std::uint8_t& octet : out) {
      state_ ^= state_ << 13;
      state_ ^= state_ >> 7;
      state_ ^= state_ << 17;
      octet = static_cast<std::uint8_t>(state_ >> 32);
    }
    return out;
  }

 private:
  std::uint64_t state_;
};

// Public keys in DNSKEY form (RFC 3110 §2): exponent length, exponent, modulus.
Bytes dnskey_rsa(ByteView exponent, ByteView modulus) {
  Bytes key{static_cast<std::uint8_t>(exponent.size())};
  key.insert(key.end(), exponent.begin(), exponent.end());
  key.insert(key.end(), modulus.begin(), modulus.end());
  return key;
}

const Bytes kSha1Prefix = hex("3021300906052b0e03021a05000414");
const Bytes kSha256Prefix = hex("3031300d060960864801650304020105000420");
const Bytes kSha512Prefix = hex("3051300d060960864801650304020305000440");

// EMSA-PKCS1-v1_5 (RFC 8017 §9.2) with the pieces given, so tests can break any of them:
// first || second || PS (0xff x padding) || separator || digest_info || trailer.
struct Encoding {
  std::uint8_t first = 0x00;
  std::uint8_t second = 0x01;
  std::uint8_t separator = 0x00;
  Bytes digest_info{};  // prefix || digest
  Bytes trailer{};      // octets after the digest (none in a valid encoding)
};

Bytes encode(const Encoding& e, std::size_t size) {
  Bytes em{e.first, e.second};
  const std::size_t used = 3 + e.digest_info.size() + e.trailer.size();
  REQUIRE(size >= used);
  em.insert(em.end(), size - used, 0xff);
  em.push_back(e.separator);
  em.insert(em.end(), e.digest_info.begin(), e.digest_info.end());
  em.insert(em.end(), e.trailer.begin(), e.trailer.end());
  return em;
}

Bytes concat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

struct TestKey {
  Bytes modulus = hex(kModulusHex);
  Bytes private_exponent = hex(kPrivateExponentHex);
  Bytes dnskey = dnskey_rsa(kExponent, modulus);
  Bytes sign(const Bytes& em) const {
    return reference_exp_mod(em, private_exponent, modulus, modulus.size());
  }
};

const ByteView kData = daneel::as_bytes("RRSIG RDATA || canonical RRset");

}  // namespace

TEST_CASE("The RSA public operation gives Mbed TLS's results") {
  // Moduli: odd, top bit set, of 512, 513 (top octet 0x01), 1024, 2048, 2049 and 4096 bits.
  Octets random(0x5eed5eedULL);
  struct Shape {
    std::size_t octets;
    std::uint8_t top;
  };
  const Shape shapes[] = {{64, 0x80}, {65, 0x01}, {128, 0xc0}, {256, 0x80}, {257, 0x01}, {512, 0xff}};
  const std::vector<Bytes> exponents{{0x03},         {0x01, 0x00, 0x01},
                                     {0x02},         {0x01},
                                     random.next(8), {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
  int compared = 0;
  for (const Shape& shape : shapes) {
    Bytes modulus = random.next(shape.octets);
    modulus.front() = shape.top;
    modulus.back() |= 1U;
    Bytes below = modulus;  // n - 1
    below.back() = static_cast<std::uint8_t>(below.back() - 1);
    Bytes small(shape.octets, 0);
    small.back() = 2;
    Bytes value = random.next(shape.octets);
    value.front() = static_cast<std::uint8_t>(value.front() % shape.top);  // below the modulus
    const std::vector<Bytes> signatures{Bytes(shape.octets, 0), small, below, value};
    for (Bytes exponent : exponents) {
      if (exponent.front() == 0) exponent.front() = 1;
      for (const Bytes& signature : signatures) {
        INFO("modulus octets " << shape.octets << ", exponent " << daneel::encoding::to_hex(exponent) << ", s "
                               << daneel::encoding::to_hex(signature).substr(0, 16) << "...");
        Bytes out(shape.octets, 0xaa);
        REQUIRE(crypto::rsa_public_operation(modulus, exponent, signature, out));
        CHECK(out == reference_exp_mod(signature, exponent, modulus, shape.octets));
        ++compared;
      }
    }
  }
  CHECK(compared == 6 * 6 * 4);
}

TEST_CASE("The RSA public operation refuses inputs outside its preconditions") {
  const TestKey key;
  const Bytes& n = key.modulus;
  Bytes out(n.size());
  Bytes n_plus_one = n;
  n_plus_one.back() = static_cast<std::uint8_t>(n_plus_one.back() + 1);  // n is odd: no carry
  Bytes n_minus_one = n;
  n_minus_one.back() = static_cast<std::uint8_t>(n_minus_one.back() - 1);
  Bytes even = n;
  even.back() = static_cast<std::uint8_t>(even.back() - 1);
  const Bytes zero_signature(n.size(), 0);
  CHECK(crypto::rsa_public_operation(n, kExponent, n_minus_one, out));
  CHECK_FALSE(crypto::rsa_public_operation(n, kExponent, n, out));  // s = n (RFC 8017 §5.2.2 step 1)
  CHECK_FALSE(crypto::rsa_public_operation(n, kExponent, n_plus_one, out));
  CHECK_FALSE(crypto::rsa_public_operation(n, kExponent, Bytes(n.size(), 0xff), out));
  CHECK_FALSE(crypto::rsa_public_operation(even, kExponent, zero_signature, out));
  Bytes longer_out(n.size() + 1);
  CHECK_FALSE(
      crypto::rsa_public_operation(concat({0x00}, n), kExponent, concat({0x00}, zero_signature), longer_out));
  CHECK_FALSE(crypto::rsa_public_operation(n, Bytes{}, zero_signature, out));
  CHECK_FALSE(crypto::rsa_public_operation(n, Bytes{0x00, 0x03}, zero_signature, out));
  CHECK_FALSE(crypto::rsa_public_operation(n, Bytes(9, 0x01), zero_signature, out));
  CHECK_FALSE(crypto::rsa_public_operation(n, kExponent, Bytes(n.size() - 1, 0), out));
  Bytes short_out(n.size() - 1);
  CHECK_FALSE(crypto::rsa_public_operation(n, kExponent, zero_signature, short_out));
  Bytes huge(crypto::rsa_max_modulus_octets + 1, 0x01);
  Bytes huge_out(huge.size());
  CHECK_FALSE(crypto::rsa_public_operation(huge, kExponent, Bytes(huge.size(), 0), huge_out));
}

TEST_CASE("RSA PKCS#1 v1.5: the test key's signatures validate for algorithms 5, 7, 8 and 10") {
  const TestKey key;
  struct Alg {
    std::uint8_t algorithm;
    dnssec::DigestAlgorithm hash;
    const Bytes& prefix;
  };
  const Alg algs[] = {{5, dnssec::DigestAlgorithm::sha1, kSha1Prefix},
                      {7, dnssec::DigestAlgorithm::sha1, kSha1Prefix},
                      {8, dnssec::DigestAlgorithm::sha256, kSha256Prefix},
                      {10, dnssec::DigestAlgorithm::sha512, kSha512Prefix}};
  for (const Alg& a : algs) {
    INFO("algorithm " << int{a.algorithm});
    const Bytes signature =
        key.sign(encode({.digest_info = concat(a.prefix, dnssec::digest(a.hash, kData))}, 256));
    CHECK(dnssec::verify_signature(a.algorithm, key.dnskey, kData, signature) == C::valid);
    // Other data (a wrong hash) under the same signature.
    CHECK(dnssec::verify_signature(a.algorithm, key.dnskey, daneel::as_bytes("other data"), signature) ==
          C::invalid);
    // One bit of the signature flipped.
    Bytes flipped = signature;
    flipped[100] ^= 0x10;
    CHECK(dnssec::verify_signature(a.algorithm, key.dnskey, kData, flipped) == C::invalid);
  }
}

TEST_CASE("RSA PKCS#1 v1.5: forged and malformed encodings are invalid") {
  const TestKey key;
  const Bytes sha256 = dnssec::digest(dnssec::DigestAlgorithm::sha256, kData);
  const Bytes sha1 = dnssec::digest(dnssec::DigestAlgorithm::sha1, kData);
  const Bytes good = concat(kSha256Prefix, sha256);
  const std::size_t k = key.modulus.size();
  auto check = [&](std::uint8_t algorithm, const Bytes& em) {
    return dnssec::verify_signature(algorithm, key.dnskey, kData, key.sign(em));
  };

  // The control: the same path with a correct encoding is valid.
  CHECK(check(8, encode({.digest_info = good}, k)) == C::valid);

  // A SHA-1 DigestInfo under algorithm 8 (valid under algorithm 5: the signature itself is sound).
  const Bytes sha1_em = encode({.digest_info = concat(kSha1Prefix, sha1)}, k);
  CHECK(check(8, sha1_em) == C::invalid);
  CHECK(check(5, sha1_em) == C::valid);
  // A SHA-512 DigestInfo around the SHA-256 digest; the SHA-256 digest without any DigestInfo.
  CHECK(check(8, encode({.digest_info = concat(kSha512Prefix, sha256)}, k)) == C::invalid);
  CHECK(check(8, encode({.digest_info = sha256}, k)) == C::invalid);
  // DigestInfo without the NULL parameters (30 2f 30 0b ...): RFC 5702 §3 gives the prefix with them.
  CHECK(check(8, encode({.digest_info = concat(hex("302f300b0609608648016503040201"
                                                   "0420"),
                                               sha256)},
                        k)) == C::invalid);
  // Padding cut short to make room for octets after the digest (Bleichenbacher's 2006 forgery shape).
  CHECK(check(8, encode({.digest_info = good, .trailer = Bytes(16, 0x00)}, k)) == C::invalid);
  CHECK(check(8, encode({.digest_info = good, .trailer = {0x00}}, k)) == C::invalid);
  // The wrong block type, a missing leading zero, a missing separator, a non-0xff padding octet.
  CHECK(check(8, encode({.second = 0x02, .digest_info = good}, k)) == C::invalid);
  CHECK(check(8, concat(encode({.first = 0x01, .second = 0xff, .digest_info = good}, k - 1), {0x00})) ==
        C::invalid);
  CHECK(check(8, encode({.separator = 0xff, .digest_info = good}, k)) == C::invalid);
  Bytes dented = encode({.digest_info = good}, k);
  dented[20] = 0xfe;
  CHECK(check(8, dented) == C::invalid);
  // The digest changed in its last octet.
  Bytes last = encode({.digest_info = good}, k);
  last.back() ^= 0x01;
  CHECK(check(8, last) == C::invalid);
}

TEST_CASE("RSA: signatures at or above the modulus are invalid, keys without an RSA form malformed") {
  const TestKey key;
  const Bytes& n = key.modulus;
  Bytes n_plus_one = n;
  n_plus_one.back() = static_cast<std::uint8_t>(n_plus_one.back() + 1);
  // A valid signature plus n is congruent to it: without the s < n rule it would verify.
  const Bytes signature = key.sign(
      encode({.digest_info = concat(kSha256Prefix, dnssec::digest(dnssec::DigestAlgorithm::sha256, kData))},
             n.size()));
  CHECK(dnssec::verify_signature(8, key.dnskey, kData, signature) == C::valid);
  Mpi s(signature);
  Mpi modulus(n);
  Mpi sum;
  REQUIRE(mbedtls_mpi_add_mpi(sum.get(), s.get(), modulus.get()) == 0);
  if (mbedtls_mpi_size(sum.get()) == n.size()) {  // s + n still fits in k octets for this key and data
    Bytes s_plus_n(n.size());
    REQUIRE(mbedtls_mpi_write_binary(sum.get(), s_plus_n.data(), s_plus_n.size()) == 0);
    CHECK(dnssec::verify_signature(8, key.dnskey, kData, s_plus_n) == C::invalid);
  }
  CHECK(dnssec::verify_signature(8, key.dnskey, kData, n) == C::invalid);
  CHECK(dnssec::verify_signature(8, key.dnskey, kData, n_plus_one) == C::invalid);
  CHECK(dnssec::verify_signature(8, key.dnskey, kData, Bytes(n.size(), 0xff)) == C::invalid);
  CHECK(dnssec::verify_signature(8, key.dnskey, kData, Bytes(n.size(), 0x00)) == C::invalid);

  // Even modulus; exponents 1 and 2 (the 2 was already refused as even).
  Bytes even = n;
  even.back() = static_cast<std::uint8_t>(even.back() - 1);
  CHECK(dnssec::verify_signature(8, dnskey_rsa(kExponent, even), kData, signature) == C::malformed_key);
  CHECK(dnssec::verify_signature(8, dnskey_rsa(Bytes{0x01}, n), kData, signature) == C::malformed_key);
  CHECK(dnssec::verify_signature(8, dnskey_rsa(Bytes{0x02}, n), kData, signature) == C::malformed_key);
  CHECK(dnssec::verify_signature(8, dnskey_rsa(Bytes{0x03}, n), kData, signature) == C::invalid);
  CHECK(dnssec::public_key_bits(8, dnskey_rsa(kExponent, even)) == 0);
}

TEST_CASE("RSA PKCS#1 v1.5 refuses a modulus too short for the digest's encoding") {
  // 512 bits (64 octets) cannot hold SHA-512's 83-octet DigestInfo plus 11 octets of framing.
  Octets random(42);
  Bytes modulus = random.next(64);
  modulus.front() = 0xc1;
  modulus.back() |= 1U;
  const Bytes digest = dnssec::digest(dnssec::DigestAlgorithm::sha512, kData);
  CHECK_FALSE(
      crypto::rsa_pkcs1_v15_verify(crypto::RsaPkcs1Hash::sha512, digest, modulus, kExponent, Bytes(64, 1)));
  // A digest of the wrong length for its hash.
  const TestKey key;
  CHECK_FALSE(crypto::rsa_pkcs1_v15_verify(crypto::RsaPkcs1Hash::sha256, digest, key.modulus, kExponent,
                                           Bytes(key.modulus.size(), 1)));
}
