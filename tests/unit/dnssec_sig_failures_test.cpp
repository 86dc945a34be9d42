// The signature layer's failure matrix, with keys made at test time: an ECDSA
// P-256 key signs canonical data built by dnssec::signed_data (itself pinned
// by the RFC vectors in dnssec_sig_vectors_test.cpp), then one thing at a
// time is broken and the verdict and its reason are asserted.
#include <catch2/catch_test_macros.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dns/record.h"
#include "dnssec/algorithms.h"
#include "dnssec/budget.h"
#include "dnssec/digest.h"
#include "dnssec/dnskey_set.h"
#include "dnssec/ds.h"
#include "dnssec/key_tag.h"
#include "dnssec/rrset.h"
#include "dnssec/rrsig.h"
#include "dnssec/trust_anchors.h"
#include "p256_signer.h"

namespace dnssec = daneel::dnssec;
namespace dns = daneel::dns;
using daneel::Bytes;
using daneel::ByteView;
using daneel::TimeMs;
using dnssec::Reason;
using dnssec::Security;

namespace {

dns::Name name(std::string_view text) { return dns::Name::from_text(text).value(); }

constexpr std::int64_t kNow = 1700000000;  // 2023-11-14
constexpr std::uint32_t kDay = 86400;
constexpr TimeMs at_seconds(std::int64_t seconds) { return seconds * 1000; }

// Test-time P-256 keys (tests/support/p256_signer.h).
using TestKey = daneel::testing::P256Signer;

TestKey& main_key() {
  static TestKey key;
  REQUIRE(key.ok());
  return key;
}
TestKey& other_key() {
  static TestKey key;
  REQUIRE(key.ok());
  return key;
}

dnssec::Rrset a_rrset(std::string_view owner) {
  dnssec::Rrset rrset{name(owner), dns::RrType::a, dns::RrClass::in, 3600, {}, {}};
  rrset.rdatas.push_back(dns::A{{192, 0, 2, 1}});
  rrset.rdatas.push_back(dns::A{{192, 0, 2, 2}});
  return rrset;
}

dns::Rrsig rrsig_for(const dnssec::Rrset& rrset, const dns::Dnskey& key, std::string_view signer) {
  dns::Rrsig sig;
  sig.type_covered = rrset.type;
  sig.algorithm = key.algorithm;
  sig.labels = static_cast<std::uint8_t>(rrset.owner.rrsig_label_count());
  sig.original_ttl = 3600;
  sig.inception = static_cast<std::uint32_t>(kNow - kDay);
  sig.expiration = static_cast<std::uint32_t>(kNow + kDay);
  sig.key_tag = dnssec::key_tag(key);
  sig.signer = name(signer);
  return sig;
}

dns::Rrsig signed_by(TestKey& key, const dnssec::Rrset& rrset, dns::Rrsig sig) {
  const auto data = dnssec::signed_data(rrset, sig);
  REQUIRE(data.ok());
  sig.signature = key.sign(data.value());
  REQUIRE(sig.signature.size() == 64);
  return sig;
}

// One case of the matrix: the RRset, the RRSIG before signing, after signing,
// the zone keys and `now` may each be changed.
struct Setup {
  dnssec::Rrset rrset = a_rrset("www.example.");
  dns::Rrsig sig;
  dnssec::ZoneKeys zone{name("example."), {main_key().dnskey()}};
  TimeMs now = at_seconds(kNow);
  TestKey* signer = &main_key();
  bool drop_signature = false;
};

struct MatrixCase {
  std::string_view what;
  std::function<void(Setup&)> before_signing;
  std::function<void(Setup&)> after_signing;
  Security security;
  Reason reason;
};

dnssec::RrsetValidation run(const MatrixCase& c) {
  Setup setup;
  setup.sig = rrsig_for(setup.rrset, setup.zone.keys.front(), "example.");
  if (c.before_signing) c.before_signing(setup);
  dns::Rrsig sig = signed_by(*setup.signer, setup.rrset, setup.sig);
  setup.sig = sig;
  if (c.after_signing) c.after_signing(setup);
  if (!setup.drop_signature) setup.rrset.signatures.push_back(setup.sig);
  dnssec::Budget budget;
  return dnssec::validate_rrset(setup.rrset, setup.zone, setup.now, {}, budget);
}

void with_key_flags(Setup& s, std::uint16_t flags) {
  s.zone.keys = {main_key().dnskey(flags)};
  s.sig.key_tag = dnssec::key_tag(s.zone.keys.front());
}

}  // namespace

TEST_CASE("RRSIG failure matrix (RFC 4035 §5.3.1) with a P-256 key made at test time") {
  const MatrixCase cases[] = {
      {"valid", nullptr, nullptr, Security::secure, Reason::none},
      {"expired",
       [](Setup& s) {
         s.sig.inception = static_cast<std::uint32_t>(kNow - 2 * kDay);
         s.sig.expiration = static_cast<std::uint32_t>(kNow - kDay);
       },
       nullptr, Security::bogus, Reason::signature_expired},
      {"not yet valid",
       [](Setup& s) {
         s.sig.inception = static_cast<std::uint32_t>(kNow + kDay);
         s.sig.expiration = static_cast<std::uint32_t>(kNow + 2 * kDay);
       },
       nullptr, Security::bogus, Reason::signature_not_yet_valid},
      {"expiration before inception",
       [](Setup& s) {
         s.sig.inception = static_cast<std::uint32_t>(kNow + 10);
         s.sig.expiration = static_cast<std::uint32_t>(kNow - 10);
       },
       nullptr, Security::bogus, Reason::expiration_before_inception},
      {"window across the 2^32 wrap, now before it",
       [](Setup& s) {
         s.sig.inception = 0xffffff00U;
         s.sig.expiration = 0x00010000U;
         s.now = at_seconds(0xfffffff0LL);
       },
       nullptr, Security::secure, Reason::none},
      {"window across the 2^32 wrap, now after it (2106)",
       [](Setup& s) {
         s.sig.inception = 0xffffff00U;
         s.sig.expiration = 0x00010000U;
         s.now = at_seconds(0x100000100LL);
       },
       nullptr, Security::secure, Reason::none},
      {"expiration before inception across the wrap",
       [](Setup& s) {
         s.sig.inception = 0x00000100U;
         s.sig.expiration = 0xffffff00U;
         s.now = at_seconds(0x100000080LL);
       },
       nullptr, Security::bogus, Reason::expiration_before_inception},
      {"labels above the owner's count", nullptr, [](Setup& s) { s.sig.labels = 3; }, Security::bogus,
       Reason::rrsig_mismatch},
      {"labels lowered after signing (read as a wildcard)", nullptr, [](Setup& s) { s.sig.labels = 1; },
       Security::bogus, Reason::signature_invalid},
      {"signer is not the zone", [](Setup& s) { s.sig.signer = name("example.org."); }, nullptr, Security::bogus,
       Reason::rrsig_mismatch},
      {"owner outside the signer's zone",
       [](Setup& s) {
         s.sig.signer = name("other.");
         s.zone.apex = name("other.");
       },
       nullptr, Security::bogus, Reason::rrsig_mismatch},
      {"type covered is another type", [](Setup& s) { s.sig.type_covered = dns::RrType::aaaa; }, nullptr,
       Security::bogus, Reason::rrsig_mismatch},
      {"original TTL changed", nullptr, [](Setup& s) { s.sig.original_ttl = 7200; }, Security::bogus,
       Reason::signature_invalid},
      {"key tag changed", nullptr, [](Setup& s) { ++s.sig.key_tag; }, Security::bogus, Reason::dnskey_missing},
      {"algorithm changed", nullptr, [](Setup& s) { s.sig.algorithm = dnssec::algorithm::rsasha256; },
       Security::bogus, Reason::dnskey_missing},
      {"key without the zone key bit", [](Setup& s) { with_key_flags(s, 0x0001); }, nullptr, Security::bogus,
       Reason::no_zone_key_bit},
      {"revoked key (RFC 5011)", [](Setup& s) { with_key_flags(s, 257 | dnssec::dnskey_flag::revoke); }, nullptr,
       Security::bogus, Reason::revoked_key},
      {"key with protocol 2 is no DNSSEC key",
       [](Setup& s) {
         s.zone.keys.front().protocol = 2;
         s.sig.key_tag = dnssec::key_tag(s.zone.keys.front());
       },
       nullptr, Security::bogus, Reason::dnskey_missing},
      {"corrupted signature", nullptr, [](Setup& s) { s.sig.signature[5] ^= 0x01; }, Security::bogus,
       Reason::signature_invalid},
      {"signed by a key not in the set",
       [](Setup& s) {
         s.signer = &other_key();
         s.sig.key_tag = dnssec::key_tag(other_key().dnskey());
       },
       nullptr, Security::bogus, Reason::dnskey_missing},
      {"signed by another key claiming the set's key tag", [](Setup& s) { s.signer = &other_key(); }, nullptr,
       Security::bogus, Reason::signature_invalid},
      {"unsupported algorithm 16 (RFC 4035 §5.2)", nullptr,
       [](Setup& s) { s.sig.algorithm = dnssec::algorithm::ed448; }, Security::insecure,
       Reason::unsupported_dnskey_algorithm},
      {"no RRSIG", nullptr, [](Setup& s) { s.drop_signature = true; }, Security::bogus, Reason::rrsigs_missing},
      {"duplicate RR and other case: canonical form ignores both", nullptr,
       [](Setup& s) {
         s.rrset.rdatas.push_back(dns::A{{192, 0, 2, 1}});
         s.rrset.owner = name("WWW.Example.");
       },
       Security::secure, Reason::none},
      {"an RR added after signing", nullptr, [](Setup& s) { s.rrset.rdatas.push_back(dns::A{{192, 0, 2, 3}}); },
       Security::bogus, Reason::signature_invalid},
  };
  for (const MatrixCase& c : cases) {
    INFO(c.what);
    const dnssec::RrsetValidation result = run(c);
    CHECK(result.verdict.security == c.security);
    CHECK(result.verdict.reason == c.reason);
    CHECK_FALSE(result.verdict.detail.empty());
    if (c.security == Security::secure) {
      REQUIRE(result.validated_by.has_value());
      CHECK(result.attempts[*result.validated_by].outcome == Reason::none);
    } else {
      CHECK_FALSE(result.validated_by.has_value());
    }
  }
}

TEST_CASE("several RRSIGs: any valid one wins; otherwise the one that got furthest explains") {
  TestKey& key = main_key();
  const dns::Dnskey dnskey = key.dnskey();
  dnssec::Rrset rrset = a_rrset("www.example.");
  const dnssec::ZoneKeys zone{name("example."), {dnskey}};

  dns::Rrsig expired = rrsig_for(rrset, dnskey, "example.");
  expired.inception = static_cast<std::uint32_t>(kNow - 3 * kDay);
  expired.expiration = static_cast<std::uint32_t>(kNow - 2 * kDay);
  expired = signed_by(key, rrset, expired);
  dns::Rrsig unknown_key = signed_by(key, rrset, rrsig_for(rrset, dnskey, "example."));
  ++unknown_key.key_tag;
  dns::Rrsig unsupported = unknown_key;
  unsupported.algorithm = dnssec::algorithm::ed448;
  const dns::Rrsig good = signed_by(key, rrset, rrsig_for(rrset, dnskey, "example."));

  struct Case {
    std::vector<dns::Rrsig> sigs;
    Security security;
    Reason reason;
  };
  const Case cases[] = {
      {{expired, good}, Security::secure, Reason::none},
      {{unsupported, good}, Security::secure, Reason::none},
      {{unknown_key, expired}, Security::bogus, Reason::signature_expired},
      {{expired, unknown_key}, Security::bogus, Reason::signature_expired},
      {{unsupported, unknown_key}, Security::bogus, Reason::dnskey_missing},
      {{unsupported, unsupported}, Security::insecure, Reason::unsupported_dnskey_algorithm},
  };
  for (const Case& c : cases) {
    rrset.signatures = c.sigs;
    dnssec::Budget budget;
    const auto result = dnssec::validate_rrset(rrset, zone, at_seconds(kNow), {}, budget);
    CHECK(result.verdict.security == c.security);
    CHECK(result.verdict.reason == c.reason);
    CHECK(result.attempts.size() == c.sigs.size());
  }
}

TEST_CASE("RFC 4035 §5.3.3: the TTL kept is capped by the original TTL and the expiration") {
  TestKey& key = main_key();
  dnssec::Rrset rrset = a_rrset("www.example.");
  rrset.ttl = 86400;
  dns::Rrsig sig = rrsig_for(rrset, key.dnskey(), "example.");
  sig.original_ttl = 7200;
  sig.expiration = static_cast<std::uint32_t>(kNow + 600);
  rrset.signatures.push_back(signed_by(key, rrset, sig));
  dnssec::Budget budget;
  const auto result = dnssec::validate_rrset(rrset, {name("example."), {key.dnskey()}}, at_seconds(kNow), {}, budget);
  REQUIRE(result.verdict.security == Security::secure);
  CHECK(result.ttl == 600);
}

TEST_CASE("wildcard expansion is reconstructed and reported (RFC 4035 §5.3.2)") {
  TestKey& key = main_key();
  const dnssec::ZoneKeys zone{name("example."), {key.dnskey()}};
  struct Case {
    std::string_view owner;
    std::uint8_t labels;
    std::string_view wildcard;  // empty: no expansion
    std::string_view closest_encloser;
    std::string_view next_closer;
  };
  const Case cases[] = {
      {"a.b.example.", 1, "*.example.", "example.", "b.example."},
      {"a.b.example.", 2, "*.b.example.", "b.example.", "a.b.example."},
      {"a.b.example.", 3, "", "", ""},
      {"*.example.", 1, "", "", ""},  // the wildcard itself, not an expansion
  };
  for (const Case& c : cases) {
    INFO(c.owner << " labels " << int{c.labels});
    // Signed as the zone holds it: at the wildcard name, or at the owner.
    dnssec::Rrset at_source = a_rrset(c.wildcard.empty() ? c.owner : c.wildcard);
    dns::Rrsig sig = rrsig_for(at_source, key.dnskey(), "example.");
    sig.labels = c.labels;
    sig = signed_by(key, at_source, sig);
    // Served at the query name.
    dnssec::Rrset answer = a_rrset(c.owner);
    answer.signatures.push_back(sig);
    dnssec::Budget budget;
    const auto result = dnssec::validate_rrset(answer, zone, at_seconds(kNow), {}, budget);
    CHECK(result.verdict.security == Security::secure);
    if (c.wildcard.empty()) {
      CHECK_FALSE(result.wildcard.has_value());
      continue;
    }
    REQUIRE(result.wildcard.has_value());
    CHECK(result.wildcard->wildcard == name(c.wildcard));
    CHECK(result.wildcard->closest_encloser == name(c.closest_encloser));
    CHECK(result.wildcard->next_closer == name(c.next_closer));
    CHECK(result.wildcard->labels == c.labels);
    CHECK(result.verdict.detail.find("wildcard") != std::string::npos);
  }
}

TEST_CASE("KeyTrap: 50 colliding DNSKEYs and 50 RRSIGs stop at the budget") {
  TestKey& key = main_key();
  const dns::Dnskey real = key.dnskey();
  const std::uint16_t tag = dnssec::key_tag(real);
  // Swapping two octets two apart keeps the RFC 4034 App. B checksum: the
  // same tag, a different key.
  std::vector<dns::Dnskey> keys;
  for (std::size_t i = 0; keys.size() < 50 && i + 2 < real.public_key.size(); ++i) {
    dns::Dnskey twin = real;
    std::swap(twin.public_key[i], twin.public_key[i + 2]);
    if (twin == real) continue;
    REQUIRE(dnssec::key_tag(twin) == tag);
    keys.push_back(twin);
  }
  REQUIRE(keys.size() == 50);
  keys.push_back(real);  // last: an attacker puts it where it is tried last
  const dnssec::ZoneKeys zone{name("example."), keys};

  dnssec::Rrset rrset = a_rrset("www.example.");
  const dns::Rrsig good = signed_by(key, rrset, rrsig_for(rrset, real, "example."));
  for (int i = 0; i < 50; ++i) {
    dns::Rrsig bad = good;
    bad.signature[static_cast<std::size_t>(i)] ^= 0x5a;
    rrset.signatures.push_back(bad);
  }

  SECTION("one RRset: bounded by signatures_per_rrset") {
    dnssec::Budget budget;
    const auto result = dnssec::validate_rrset(rrset, zone, at_seconds(kNow), {}, budget);
    CHECK(result.verdict.security == Security::bogus);
    CHECK(result.verdict.reason == Reason::budget_exceeded);
    CHECK(result.verifications == budget.limits().signatures_per_rrset);
    CHECK(budget.signatures_spent() == budget.limits().signatures_per_rrset);
    CHECK(result.attempts.size() == 50);
    CHECK(result.attempts.front().verifications == budget.limits().signatures_per_rrset);
    CHECK(result.attempts.back().outcome == Reason::budget_exceeded);
  }
  SECTION("many RRsets: bounded by signatures_per_check") {
    dnssec::Budget budget({.signatures_per_rrset = 8, .signatures_per_check = 20});
    std::size_t exceeded = 0;
    for (int i = 0; i < 5; ++i) {
      const auto result = dnssec::validate_rrset(rrset, zone, at_seconds(kNow), {}, budget);
      if (result.verdict.reason == Reason::budget_exceeded) ++exceeded;
    }
    CHECK(exceeded == 5);
    CHECK(budget.signatures_spent() == 20);
  }
  SECTION("a legitimate collision is still tried") {
    const dnssec::ZoneKeys two{name("example."), {keys.front(), real}};
    dnssec::Rrset ok = a_rrset("www.example.");
    ok.signatures.push_back(good);
    dnssec::Budget budget;
    const auto result = dnssec::validate_rrset(ok, two, at_seconds(kNow), {}, budget);
    CHECK(result.verdict.security == Security::secure);
    CHECK(result.verifications == 2);
  }
}

TEST_CASE("serial number arithmetic (RFC 1982 §3.2)") {
  struct Case {
    std::uint32_t a, b;
    bool less;
  };
  const Case cases[] = {
      {1, 2, true},           {2, 1, false},          {5, 5, false},          {0xffffffffU, 0, true},
      {0, 0xffffffffU, false}, {0, 0x7fffffffU, true}, {0, 0x80000000U, false}, {0x80000000U, 0, false},
  };
  for (const Case& c : cases) {
    INFO(c.a << " < " << c.b);
    CHECK(dnssec::serial_less(c.a, c.b) == c.less);
  }
}

TEST_CASE("algorithm support and the SHA-1 policy switch (RFC 9904, RFC 9905)") {
  struct Case {
    std::uint8_t algorithm;
    dnssec::AlgorithmSupport by_default;
    dnssec::AlgorithmSupport without_sha1;
  };
  using S = dnssec::AlgorithmSupport;
  const Case cases[] = {
      {0, S::unsupported, S::unsupported},   {1, S::unsupported, S::unsupported},
      {3, S::unsupported, S::unsupported},   {5, S::supported, S::disabled_by_policy},
      {6, S::unsupported, S::unsupported},   {7, S::supported, S::disabled_by_policy},
      {8, S::supported, S::supported},       {10, S::supported, S::supported},
      {12, S::unsupported, S::unsupported},  {13, S::supported, S::supported},
      {14, S::supported, S::supported},      {15, S::supported, S::supported},
      {16, S::unsupported, S::unsupported},  {17, S::unsupported, S::unsupported},
      {253, S::unsupported, S::unsupported}, {255, S::unsupported, S::unsupported},
  };
  const dnssec::ValidationPolicy no_sha1{.sha1_algorithms_enabled = false};
  for (const Case& c : cases) {
    INFO(int{c.algorithm});
    CHECK(dnssec::algorithm_support(c.algorithm, {}) == c.by_default);
    CHECK(dnssec::algorithm_support(c.algorithm, no_sha1) == c.without_sha1);
  }
  CHECK(dnssec::algorithm_name(13) == "ECDSAP256SHA256");
  CHECK(dnssec::algorithm_name(200) == "200");
  CHECK(dnssec::ValidationPolicy{}.nsec3_iteration_limit == 50);
}

TEST_CASE("verify_signature refuses malformed keys and signatures") {
  using C = dnssec::SignatureCheck;
  const Bytes data{1, 2, 3};
  // A 1024-bit modulus (top bit set, odd) behind a 3-octet exponent 65537.
  Bytes modulus(128, 0x5b);
  modulus.front() = 0xc1;
  Bytes rsa{3, 0x01, 0x00, 0x01};
  rsa.insert(rsa.end(), modulus.begin(), modulus.end());
  const Bytes rsa_sig(128, 0x11);
  auto with = [](Bytes head, const Bytes& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  };
  const Bytes p256 = main_key().dnskey().public_key;
  struct Case {
    std::string_view what;
    std::uint8_t algorithm;
    Bytes key;
    Bytes signature;
    C expected;
  };
  const Case cases[] = {
      {"RSA: well-formed, wrong signature", 8, rsa, rsa_sig, C::invalid},
      {"RSA: empty key", 8, {}, rsa_sig, C::malformed_key},
      {"RSA: long-form exponent length 0", 8, with({0, 0, 0}, modulus), rsa_sig, C::malformed_key},
      {"RSA: long-form exponent length 3 is accepted", 8, with({0, 0, 3, 0x01, 0x00, 0x01}, modulus), rsa_sig,
       C::invalid},
      {"RSA: exponent of 9 octets", 8, with({9, 1, 0, 0, 0, 0, 0, 0, 0, 1}, modulus), rsa_sig, C::malformed_key},
      {"RSA: exponent with a leading zero", 8, with({2, 0x00, 0x03}, modulus), rsa_sig, C::malformed_key},
      {"RSA: modulus with a leading zero", 8, with({1, 3, 0x00}, modulus), rsa_sig, C::malformed_key},
      {"RSA: even exponent", 8, with({1, 2}, modulus), rsa_sig, C::malformed_key},
      {"RSA: no modulus", 8, {1, 3}, rsa_sig, C::malformed_key},
      {"RSA: 504-bit modulus", 8, with({1, 3}, Bytes(63, 0xc1)), Bytes(63, 0x11), C::malformed_key},
      {"RSA: 4104-bit modulus", 8, with({1, 3}, Bytes(513, 0xc1)), Bytes(513, 0x11), C::malformed_key},
      {"RSA: 1024-bit key is enough for RSASHA512", 10, rsa, rsa_sig, C::invalid},
      {"RSA: signature shorter than the modulus", 8, rsa, Bytes(127, 0x11), C::malformed_signature},
      {"ECDSA: 63-octet key", 13, Bytes(63, 1), Bytes(64, 1), C::malformed_key},
      {"ECDSA: point not on the curve", 13, Bytes(64, 1), Bytes(64, 1), C::malformed_key},
      {"ECDSA: P-256 key for P-384", 14, p256, Bytes(96, 1), C::malformed_key},
      {"ECDSA: 63-octet signature", 13, p256, Bytes(63, 1), C::malformed_signature},
      {"ECDSA: r = s = 0", 13, p256, Bytes(64, 0), C::invalid},
      {"Ed25519: 31-octet key", 15, Bytes(31, 1), Bytes(64, 1), C::malformed_key},
      {"Ed25519: 63-octet signature", 15, Bytes(32, 1), Bytes(63, 1), C::malformed_signature},
      {"Ed448: unsupported", 16, Bytes(57, 1), Bytes(114, 1), C::unsupported_algorithm},
      {"RSAMD5: unsupported", 1, rsa, rsa_sig, C::unsupported_algorithm},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CHECK(dnssec::verify_signature(c.algorithm, c.key, data, c.signature) == c.expected);
  }
  CHECK(dnssec::public_key_bits(8, rsa) == 1024);
  CHECK(dnssec::public_key_bits(13, p256) == 256);
}

// --- DS and DNSKEY sets --------------------------------------------------------

namespace {

struct SignedKeySet {
  TestKey& ksk = main_key();
  TestKey& zsk = other_key();
  dnssec::Rrset rrset;
};

dnssec::Rrset key_set(const std::vector<dns::Dnskey>& keys, TestKey& signer, const dns::Dnskey& signing_key) {
  dnssec::Rrset rrset{name("example."), dns::RrType::dnskey, dns::RrClass::in, 3600, {}, {}};
  for (const dns::Dnskey& key : keys) rrset.rdatas.push_back(key);
  rrset.signatures.push_back(signed_by(signer, rrset, rrsig_for(rrset, signing_key, "example.")));
  return rrset;
}

dns::Ds ds_of(const dns::Dnskey& key, std::uint8_t digest_type) {
  auto ds = dnssec::make_ds(name("example."), key, digest_type);
  REQUIRE(ds.has_value());
  return *ds;
}

}  // namespace

TEST_CASE("DNSKEY set from a DS set (RFC 4035 §5.2, RFC 4509 §3)") {
  TestKey& ksk_key = main_key();
  TestKey& zsk_key = other_key();
  const dns::Dnskey ksk = ksk_key.dnskey(257);
  const dns::Dnskey zsk = zsk_key.dnskey(256);
  const dnssec::Rrset keys = key_set({ksk, zsk}, ksk_key, ksk);

  dns::Ds wrong_sha256 = ds_of(ksk, 2);
  wrong_sha256.digest[0] ^= 1;
  dns::Ds wrong_sha1 = ds_of(ksk, 1);
  wrong_sha1.digest[0] ^= 1;
  dns::Ds gost = ds_of(ksk, 2);
  gost.digest_type = 3;
  dns::Ds ed448_sha256 = ds_of(ksk, 2);
  ed448_sha256.algorithm = 16;

  struct Case {
    std::string_view what;
    std::vector<dns::Ds> ds;
    Security security;
    Reason reason;
    std::size_t sha1_set_aside;
  };
  const Case cases[] = {
      {"SHA-256 DS of the KSK", {ds_of(ksk, 2)}, Security::secure, Reason::none, 0},
      {"SHA-384 DS of the KSK", {ds_of(ksk, 4)}, Security::secure, Reason::none, 0},
      {"SHA-1 DS alone is used", {ds_of(ksk, 1)}, Security::secure, Reason::none, 0},
      {"wrong digest", {wrong_sha256}, Security::bogus, Reason::ds_mismatch, 0},
      {"only an unsupported digest type", {gost}, Security::insecure, Reason::unsupported_ds_digest, 0},
      {"only an unsupported algorithm", {ed448_sha256}, Security::insecure, Reason::unsupported_dnskey_algorithm, 0},
      {"a wrong SHA-1 DS beside a good SHA-256 one", {wrong_sha1, ds_of(ksk, 2)}, Security::secure, Reason::none, 1},
      {"a good SHA-1 DS is set aside for a SHA-256 one", {ds_of(ksk, 1), wrong_sha256}, Security::bogus,
       Reason::ds_mismatch, 1},
      {"an unusable SHA-256 DS does not set SHA-1 aside", {ed448_sha256, ds_of(ksk, 1)}, Security::secure,
       Reason::none, 0},
      {"DS of a key that did not sign the set", {ds_of(zsk, 2)}, Security::bogus, Reason::dnskey_missing, 0},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    dnssec::Budget budget;
    const auto result = dnssec::validate_dnskey_set(keys, c.ds, at_seconds(kNow), {}, budget);
    CHECK(result.verdict.security == c.security);
    CHECK(result.verdict.reason == c.reason);
    CHECK(result.ds_selection.sha1_set_aside == c.sha1_set_aside);
    if (c.security == Security::secure) {
      CHECK(result.keys.apex == name("example."));
      CHECK(result.keys.keys.size() == 2);
      CHECK(result.ds_matches.size() == 1);
    } else {
      CHECK(result.keys.keys.empty());
    }
  }
}

TEST_CASE("the validated key set validates the zone's data") {
  TestKey& ksk_key = main_key();
  TestKey& zsk_key = other_key();
  const dns::Dnskey ksk = ksk_key.dnskey(257);
  const dns::Dnskey zsk = zsk_key.dnskey(256);
  dnssec::Budget budget;
  const std::vector<dns::Ds> ds{ds_of(ksk, 2)};
  const auto keys = dnssec::validate_dnskey_set(key_set({ksk, zsk}, ksk_key, ksk), ds, at_seconds(kNow), {}, budget);
  REQUIRE(keys.verdict.security == Security::secure);

  dnssec::Rrset data = a_rrset("www.example.");
  data.signatures.push_back(signed_by(zsk_key, data, rrsig_for(data, zsk, "example.")));
  const auto result = dnssec::validate_rrset(data, keys.keys, at_seconds(kNow), {}, budget);
  CHECK(result.verdict.security == Security::secure);
  CHECK(budget.signatures_spent() == 2);
}

TEST_CASE("DNSKEY set failures: flags, revocation, bounded DS mismatches") {
  TestKey& ksk_key = main_key();
  TestKey& zsk_key = other_key();
  const dns::Dnskey zsk = zsk_key.dnskey(256);

  SECTION("the DS points at a key without the zone key bit") {
    const dns::Dnskey no_zone_bit = ksk_key.dnskey(0x0001);
    const std::vector<dns::Ds> ds{ds_of(no_zone_bit, 2)};
    dnssec::Budget budget;
    const auto result = dnssec::validate_dnskey_set(key_set({no_zone_bit, zsk}, ksk_key, no_zone_bit), ds,
                                                    at_seconds(kNow), {}, budget);
    CHECK(result.verdict.reason == Reason::no_zone_key_bit);
  }
  SECTION("the DS points at a revoked key") {
    const dns::Dnskey revoked = ksk_key.dnskey(257 | dnssec::dnskey_flag::revoke);
    const std::vector<dns::Ds> ds{ds_of(revoked, 2)};
    dnssec::Budget budget;
    const auto result =
        dnssec::validate_dnskey_set(key_set({revoked, zsk}, ksk_key, revoked), ds, at_seconds(kNow), {}, budget);
    CHECK(result.verdict.security == Security::bogus);
    CHECK(result.verdict.reason == Reason::revoked_key);
  }
  SECTION("many DS records that match nothing stop at ds_failures_per_zone") {
    const dns::Dnskey ksk = ksk_key.dnskey(257);
    std::vector<dns::Ds> ds;
    for (std::uint8_t i = 0; i < 10; ++i) {
      dns::Ds junk = ds_of(ksk, 2);
      junk.digest[1] = static_cast<std::uint8_t>(junk.digest[1] ^ (i + 1));
      ds.push_back(junk);
    }
    ds.push_back(ds_of(ksk, 2));  // behind the junk: never reached
    dnssec::Budget budget;
    const auto result = dnssec::validate_dnskey_set(key_set({ksk, zsk}, ksk_key, ksk), ds, at_seconds(kNow), {}, budget);
    CHECK(result.verdict.reason == Reason::ds_mismatch);
    CHECK(result.verdict.detail.find("stopped after 4") != std::string::npos);
    CHECK(budget.signatures_spent() == 0);
  }
  SECTION("an empty DNSKEY set") {
    dnssec::Rrset empty{name("example."), dns::RrType::dnskey, dns::RrClass::in, 3600, {}, {}};
    dnssec::Budget budget;
    const std::vector<dns::Ds> ds{ds_of(zsk, 2)};
    CHECK(dnssec::validate_dnskey_set(empty, ds, at_seconds(kNow), {}, budget).verdict.reason ==
          Reason::dnskey_missing);
  }
}

TEST_CASE("DNSKEY set from a trust anchor given as DNSKEY or DS") {
  TestKey& ksk_key = main_key();
  const dns::Dnskey ksk = ksk_key.dnskey(257);
  const dns::Dnskey zsk = other_key().dnskey(256);
  const dnssec::Rrset keys = key_set({ksk, zsk}, ksk_key, ksk);

  dnssec::TrustAnchors anchors;
  REQUIRE(anchors.add(dns::Record{name("example."), dns::RrType::dnskey, dns::RrClass::in, 0, ksk}).ok());
  dnssec::Budget budget;
  const auto by_key = dnssec::validate_dnskey_set(keys, *anchors.find(name("example.")), at_seconds(kNow), {}, budget);
  CHECK(by_key.verdict.security == Security::secure);
  CHECK(by_key.anchor_key_matches == std::vector<std::size_t>{0});

  // The same key, now revoked in the zone: the anchor no longer matches (RFC 5011).
  const dns::Dnskey revoked = ksk_key.dnskey(257 | dnssec::dnskey_flag::revoke);
  const auto after_revoke = dnssec::validate_dnskey_set(key_set({revoked, zsk}, ksk_key, revoked),
                                                        *anchors.find(name("example.")), at_seconds(kNow), {}, budget);
  CHECK(after_revoke.verdict.security == Security::bogus);
  CHECK(after_revoke.verdict.reason == Reason::dnskey_missing);

  // A DS anchor that does not match, next to a DNSKEY anchor that does: secure.
  dns::Ds wrong = ds_of(ksk, 2);
  wrong.digest[0] ^= 1;
  REQUIRE(anchors.add(dns::Record{name("example."), dns::RrType::ds, dns::RrClass::in, 0, wrong}).ok());
  CHECK(dnssec::validate_dnskey_set(keys, *anchors.find(name("example.")), at_seconds(kNow), {}, budget)
            .verdict.security == Security::secure);

  // An anchor for another name.
  dnssec::TrustAnchors elsewhere;
  REQUIRE(elsewhere.add(dns::Record{name("example.org."), dns::RrType::dnskey, dns::RrClass::in, 0, ksk}).ok());
  CHECK(dnssec::validate_dnskey_set(keys, *elsewhere.find(name("example.org.")), at_seconds(kNow), {}, budget)
            .verdict.reason == Reason::rrsig_mismatch);
}

TEST_CASE("trust anchors from presentation text") {
  SECTION("DS and multi-line DNSKEY with comments and blank lines") {
    const auto anchors = dnssec::TrustAnchors::from_text(
        "; test anchors\n"
        "\n"
        "example. 3600 IN DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118 ; a comment\n"
        "example. IN DNSKEY 257 3 13 ( GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb\n"
        "                              krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA== ) ; KSK\n"
        "nl. DS 34112 8 2 3C7A5C6AE4B2F4EC1F8C1A6F0D34B2B6E3AD6E1B9E85C24F7C7B5D5C3E8F1A2B\n");
    REQUIRE(anchors.ok());
    const dnssec::TrustAnchor* example = anchors.value().find(name("example."));
    REQUIRE(example != nullptr);
    CHECK(example->ds.size() == 1);
    REQUIRE(example->dnskeys.size() == 1);
    CHECK(dnssec::key_tag(example->dnskeys.front()) == 55648);
    CHECK(anchors.value().anchors().size() == 2);
    CHECK(anchors.value().closest_enclosing(name("mx.example.")) == example);
    CHECK(anchors.value().closest_enclosing(name("www.overheid.nl.")) == anchors.value().find(name("nl.")));
    CHECK(anchors.value().closest_enclosing(name("example.org.")) == nullptr);
  }
  SECTION("a DS in RFC 3597's generic form is the same anchor") {
    const auto text =
        dnssec::TrustAnchors::from_text("example. IN DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118");
    const auto generic = dnssec::TrustAnchors::from_text(
        "example. IN DS \\# 24 EC450501 2BB183AF5F22588179A53B0A98631FAD1A292118");
    REQUIRE(text.ok());
    REQUIRE(generic.ok());
    REQUIRE(generic.value().anchors().size() == 1);
    CHECK(generic.value().anchors().front().ds == text.value().anchors().front().ds);
    CHECK(generic.value().anchors().front().ds.front().key_tag == 60485);
  }
  SECTION("another type is refused by its name, also one without a parser here or in the generic form") {
    // The anchor parser reads only DS and DNSKEY text; the type is refused
    // from the line's head, before its RDATA is read.
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"example. IN A 192.0.2.1", "trust anchor 1: a trust anchor is a DS or DNSKEY record, not A"},
        {"\nexample. 60 TLSA 3 1 1 ABCD",
         "trust anchor 2: a trust anchor is a DS or DNSKEY record, not TLSA"},
        {"example. IN A \\# 4 C0000201", "trust anchor 1: a trust anchor is a DS or DNSKEY record, not A"},
        {"example. CH DS 60485 5 1 ZZ", "trust anchor 1: trust anchors must be class IN"},
    };
    for (const auto& [text, message] : cases) {
      INFO(text);
      const auto anchors = dnssec::TrustAnchors::from_text(text);
      REQUIRE_FALSE(anchors.ok());
      CHECK(anchors.error().code == daneel::Errc::unsupported);
      CHECK(anchors.error().message == message);
    }
  }
  SECTION("add() refuses a record whose RDATA is not of its type") {
    dnssec::TrustAnchors anchors;
    const auto added =
        anchors.add(dns::Record{name("example."), dns::RrType::ds, dns::RrClass::in, 0, dns::Dnskey{}});
    REQUIRE_FALSE(added.ok());
    CHECK(added.error().message == "RDATA of the wrong kind for a DS record");
    CHECK(anchors.empty());
  }
  SECTION("refused input, with the line") {
    struct Case {
      std::string_view text;
      daneel::Errc code;
    };
    const Case cases[] = {
        {"example. IN A 192.0.2.1", daneel::Errc::unsupported},
        {"example. CH DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118", daneel::Errc::unsupported},
        {"example. IN DNSKEY 257 2 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
         daneel::Errc::invalid_argument},
        {"example. IN DNSKEY 0 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
         daneel::Errc::invalid_argument},
        {"example. IN DS 60485 5 1 ZZ", daneel::Errc::malformed},
    };
    for (const Case& c : cases) {
      INFO(c.text);
      const auto anchors = dnssec::TrustAnchors::from_text(c.text);
      REQUIRE_FALSE(anchors.ok());
      CHECK(anchors.error().code == c.code);
      CHECK(anchors.error().message.find("trust anchor 1") == 0);
    }
  }
  SECTION("bounded") {
    std::string many;
    for (int i = 0; i < 65; ++i) many += "example. DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118\n";
    const auto anchors = dnssec::TrustAnchors::from_text(many);
    REQUIRE_FALSE(anchors.ok());
    CHECK(anchors.error().code == daneel::Errc::limit_exceeded);
  }
}
