// Published DNSSEC vectors for the signature layer: key tags, DS digests and
// RRSIGs from RFC 4034 §5.4, RFC 4509 §2.3, RFC 5702 §6, RFC 6605 §6,
// RFC 8080 §6 (as corrected by Errata 4935), RFC 4035 App. A/B and the root
// trust anchors. A signature can only verify if the signed data is built
// byte for byte as the RFCs say, so these pin down canonical form, sorting,
// wildcard reconstruction, key parsing and every algorithm's encoding.
#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "dns/record.h"
#include "dnssec/algorithms.h"
#include "dnssec/budget.h"
#include "dnssec/dnskey_set.h"
#include "dnssec/ds.h"
#include "dnssec/key_tag.h"
#include "dnssec/rrset.h"
#include "dnssec/rrsig.h"
#include "dnssec/trust_anchors.h"
#include "util/encoding.h"

namespace dnssec = daneel::dnssec;
namespace dns = daneel::dns;
using daneel::TimeMs;

namespace {

std::vector<dns::Record> parse_records(const std::vector<std::string_view>& lines) {
  std::vector<dns::Record> records;
  for (const std::string_view line : lines) {
    auto record = dns::record_from_text(line);
    INFO(line);
    REQUIRE(record.ok());
    records.push_back(std::move(record).value());
  }
  return records;
}

dnssec::Rrset rrset_of(const std::vector<dns::Record>& records, std::string_view owner, dns::RrType type) {
  const std::vector<dnssec::Rrset> sets = dnssec::group_rrsets(records);
  const dnssec::Rrset* found = dnssec::find_rrset(sets, dns::Name::from_text(owner).value(), type);
  REQUIRE(found != nullptr);
  return *found;
}

dns::Dnskey dnskey(std::string_view line) {
  const auto record = dns::record_from_text(line);
  REQUIRE(record.ok());
  const auto* key = std::get_if<dns::Dnskey>(&record.value().rdata);
  REQUIRE(key != nullptr);
  return *key;
}

dns::Ds ds(std::string_view line) {
  const auto record = dns::record_from_text(line);
  REQUIRE(record.ok());
  const auto* value = std::get_if<dns::Ds>(&record.value().rdata);
  REQUIRE(value != nullptr);
  return *value;
}

dns::Name name(std::string_view text) { return dns::Name::from_text(text).value(); }

constexpr TimeMs at_seconds(std::int64_t seconds) { return seconds * 1000; }

// --- The vectors -------------------------------------------------------------

// RFC 4034 §5.4 / RFC 4509 §2.3.
constexpr std::string_view kDskey =
    "dskey.example.com. 86400 IN DNSKEY 256 3 5 AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/"
    "2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+"
    "EPbtG9DMBmADjFDc2w/rljwvFw==";

// RFC 5702 §6.1 (RSASHA256, 512-bit key) and §6.2 (RSASHA512, 1024-bit key).
constexpr std::string_view kRfc5702Key256 =
    "example.net. 3600 IN DNSKEY 256 3 8 AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8PkxUd"
    "p6p/DlUmObdk=";
constexpr std::string_view kRfc5702Sig256 =
    "www.example.net. 3600 IN RRSIG A 8 3 3600 20300101000000 20000101000000 9033 example.net. "
    "kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEacFYK/lPtPiVYP4bwg==";
constexpr std::string_view kRfc5702Key512 =
    "example.net. 3600 IN DNSKEY 256 3 10 AwEAAdHoNTOW+et86KuJOWRDp1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/"
    "AyhqFDxj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8gpMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL";
constexpr std::string_view kRfc5702Sig512 =
    "www.example.net. 3600 IN RRSIG A 10 3 3600 20300101000000 20000101000000 3740 example.net. "
    "tsb4wnjRUDnB1BUi+t6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRaeUw1ep94PzEWzr0iGYgZBWm/"
    "zpq+9fOuagYJRfDqfReKBzMweOLDiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw=";

// RFC 6605 §6.1 (P-256) and §6.2 (P-384).
constexpr std::string_view kRfc6605Key256 =
    "example.net. 3600 IN DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+"
    "MAnLr+Wi9xMWyQLc8NAA==";
constexpr std::string_view kRfc6605Ds256 =
    "example.net. 3600 IN DS 55648 13 2 b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17";
constexpr std::string_view kRfc6605Sig256 =
    "www.example.net. 3600 IN RRSIG A 13 3 3600 20100909100439 20100812100439 55648 example.net. "
    "qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==";
constexpr std::string_view kRfc6605Key384 =
    "example.net. 3600 IN DNSKEY 257 3 14 xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSE"
    "krbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40";
constexpr std::string_view kRfc6605Ds384 =
    "example.net. 3600 IN DS 10771 14 4 72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d28"
    "8405c3008a946df983d6";
constexpr std::string_view kRfc6605Sig384 =
    "www.example.net. 3600 IN RRSIG A 14 3 3600 20100909102025 20100812102025 10771 example.net. "
    "/L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuzWTSSPdz7wnqXL5bdcJzusdnI0R"
    "SMROxxwGipWcJm";

// RFC 8080 §6.1 with Errata 4935 (Labels 2, algorithm present).
constexpr std::string_view kRfc8080Key1 = "example.com. 3600 IN DNSKEY 257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=";
constexpr std::string_view kRfc8080Ds1 =
    "example.com. 3600 IN DS 3613 15 2 3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b";
constexpr std::string_view kRfc8080Sig1 =
    "example.com. 3600 IN RRSIG MX 15 2 3600 1440021600 1438207200 3613 example.com. "
    "oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3fx8A4M3e23mRZ9VrbpMngwcrqNAg==";
constexpr std::string_view kRfc8080Key2 = "example.com. 3600 IN DNSKEY 257 3 15 zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs=";
constexpr std::string_view kRfc8080Ds2 =
    "example.com. 3600 IN DS 35217 15 2 401781b934e392de492ec77ae2e15d70f6575a1c0bc59c5275c04ebe80c6614c";
constexpr std::string_view kRfc8080Sig2 =
    "example.com. 3600 IN RRSIG MX 15 2 3600 1440021600 1438207200 35217 example.com. "
    "zXQ0bkYgQTEFyfLyi9QoiY6D8ZdYo4wyUhVioYZXFdT410QPRITQSqJSnzQoSm5poJ7gD7AQR0O7KuI5k2pcBg==";
// As printed in RFC 8080 (before the errata): no algorithm field, Labels 3.
constexpr std::string_view kRfc8080PrintedSig1 =
    "example.com. 3600 IN RRSIG MX 3 3600 1440021600 1438207200 3613 example.com. "
    "Edk+IB9KNNWg0HAjm7FazXyrd5m3Rk8zNZbvNpAcM+eysqcUOMIjWoevFkjH5GaMWeG96GUVZu6ECKOQmemHDg==";
constexpr std::string_view kRfc8080PrintedSig1Signature =
    "Edk+IB9KNNWg0HAjm7FazXyrd5m3Rk8zNZbvNpAcM+eysqcUOMIjWoevFkjH5GaMWeG96GUVZu6ECKOQmemHDg==";
constexpr std::string_view kRfc8080PrintedSig2Signature =
    "5LL2obmzdqjWI+Xto5eP5adXt/T5tMhasWvwcyW4L3SzfcRawOle9bodhC+oip9ayUGjY9T/rL4rN3bOuESGDA==";
// RFC 8080 §6.2 (Ed448, unsupported here), corrected by the same errata.
constexpr std::string_view kRfc8080Ed448Key =
    "example.com. 3600 IN DNSKEY 257 3 16 3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx1FYYUcJKm1MDpJtIA";
constexpr std::string_view kRfc8080Ed448Ds =
    "example.com. 3600 IN DS 9713 16 2 6ccf18d5bc5d7fc2fceb1d59d17321402f2aa8d368048db93dd811f5cb2b19c7";
constexpr std::string_view kRfc8080Ed448Sig =
    "example.com. 3600 IN RRSIG MX 16 2 3600 1440021600 1438207200 9713 example.com. "
    "3cPAHkmlnxcDHMyg7vFC34l0blBhuG1qpwLmjInI8w1CMB29FkEAIJUA0amxWndkmnBZ6SKiwZSAxGILn/NBtOXft0+Gj7FSvOKxE/07+4RQvE5"
    "81N3Aj/JtIyaiYVdnYtyMWbSNyGEY2213WKsJlwEA";
constexpr std::string_view kRfc8080Mx = "example.com. 3600 IN MX 10 mail.example.com.";

// RFC 4035 App. A: the zone "example." (RSASHA1) and its keys.
constexpr std::string_view kRfc4035Zsk =
    "example. 3600 IN DNSKEY 256 3 5 AQOy1bZVvpPqhg4j7EJoM9rI3ZmyEx2OzDBVrZy/lvI5CQePxXHZS4i8dANH4DX3tbHol61ek8EFMcsGXxK"
    "ciJFHyhl94C+NwILQdzsUlSFovBZsyl/NX6yEbtw/xN9ZNcrbYvgjjZ/UVPZIySFNsgEYvh0z2542lzMKR4Dh8uZffQ==";
constexpr std::string_view kRfc4035Ksk =
    "example. 3600 IN DNSKEY 257 3 5 AQOeX7+baTmvpVHb2CcLnL1dMRWbuscRvHXlLnXwDzvqp4tZVKp1sZMepFb8MvxhhW3y/0QZsyCjczGJ1"
    "qk8vJe52iOhInKROVLRwxGpMfzPRLMlGybr51bOV/1se0ODacj3DomyB4QB5gKTYot/K9alk5/j8vfd4jWCWD+E1Sze0Q==";
constexpr std::string_view kRfc4035DnskeySigKsk =
    "example. 3600 IN RRSIG DNSKEY 5 1 3600 20040509183619 20040409183619 9465 example. "
    "ZxgauAuIj+k1YoVEOSlZfx41fcmKzTFHoweZxYnz99JVQZJ33wFS0Q0jcP7VXKkaElXk9nYJXevO/7nAbo88iWsMkSpSR6jWzYYKwfrBI/L9hjYmy"
    "VO9m6FjQ7uwM4dCP/bIuV/DKqOAK9NYNC3AHfvCV1Tp4VKDqxqG7R5tTVM=";
constexpr std::string_view kRfc4035DnskeySigZsk =
    "example. 3600 IN RRSIG DNSKEY 5 1 3600 20040509183619 20040409183619 38519 example. "
    "eGL0s90glUqcOmloo/2y+bSzyEfKVOQViD9ZDNhLz/Yn9CQZlDVRJffACQDAUhXpU/oP34ribKBpysRXosczFrKqS5Oa0bzMOfXCXup9qHApeFIk"
    "u28Vqfr8Nt7cigZLxjK+u0Ws/4lIRjKk7z5OXogYVaFzHKillDt3HRxHIZM=";
constexpr std::string_view kRfc4035NsSig =
    "example. 3600 IN RRSIG NS 5 1 3600 20040509183619 20040409183619 38519 example. "
    "gl13F00f2U0R+SWiXXLHwsMY+qStYy5k6zfdEuivWc+wd1fmbNCyql0Tk7lHTX6UOxc8AgNf4ISFve8XqF4q+o9qlnqIzmppU3LiNeKT4FZ8RO5ur"
    "FOvoMRTbQxW3U0hXWuggE4g3ZpsHv480HjMeRaZB/FRPGfJPajngcq6Kwg=";
constexpr std::string_view kRfc4035SoaSig =
    "example. 3600 IN RRSIG SOA 5 1 3600 20040509183619 20040409183619 38519 example. "
    "ONx0k36rcjaxYtcNgq6iQnpNV5+drqYAsC9h7TSJaHCqbhE67Sr6aH2xDUGcqQWu/n0UVzrFvkgO9ebarZ0GWDKcuwlM6eNB5SiX2K74l5LWDA7S/"
    "Un/IbtDq4Ay8NMNLQI7Dw7n4p8/rjkBjV7j86HyQgM5e7+miRAz8V01b0I=";
constexpr std::string_view kRfc4035AiSig =
    "ai.example. 3600 IN RRSIG A 5 2 3600 20040509183619 20040409183619 38519 example. "
    "pAOtzLP2MU0tDJUwHOKE5FPIIHmdYsCgTb5BERGgpnJluA9ixOyf6xxVCgrEJW0WNZSsJicdhBHXfDmAGKUajUUlYSAH8tS4ZnrhyymIvk3uArDu2w"
    "fT130e9UHnumaHHMpUTosKe22PblOy6zrTpg9FkS0XGVmYRvOTNYx2HvQ=";
// B.1: the answer to x.w.example. MX.
constexpr std::string_view kRfc4035B1Sig =
    "x.w.example. 3600 IN RRSIG MX 5 3 3600 20040509183619 20040409183619 38519 example. "
    "Il2WTZ+Bkv+OytBx4LItNW5mjB4RCwhOO8y1XzPHZmZUTVYL7LaA63f6T9ysVBzJRI3KRjAPH3U1qaYnDoN1DrWqmi9RJe4FoObkbcdm7P3Ikx70eP"
    "CoFgRz1Yq+bVVXCvGuAU4xALv3W/Y1jNSlwZ2mSWKHfxFQxPtLj8s32+k=";
// B.6: a.z.w.example. MX, synthesised from *.w.example. (Labels 2).
constexpr std::string_view kRfc4035B6Sig =
    "a.z.w.example. 3600 IN RRSIG MX 5 2 3600 20040509183619 20040409183619 38519 example. "
    "OMK8rAZlepfzLWW75Dxd63jy2wswESzxDKG2f9AMN1CytCd10cYISAxfAdvXSZ7xujKAtPbctvOQ2ofO7AZJ+d01EeeQTVBPq4/6KCWhqe2XTjnkVL"
    "Nvvhnc0u28aoSsG0+4InvkkOHknKxw4kX18MMR34i8lC36SR5xBni8vHI=";
constexpr std::int64_t kRfc4035Now = 1082419200;  // 2004-04-20, inside 20040409183619..20040509183619

// IANA root-anchors.xml: KSK-2017.
constexpr std::string_view kRootKsk2017 =
    ". 172800 IN DNSKEY 257 3 8 AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLv"
    "N7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpV"
    "UDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws95"
    "55KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU=";

dnssec::ZoneKeys zone(std::string_view apex, const std::vector<std::string_view>& key_lines) {
  dnssec::ZoneKeys keys{name(apex), {}};
  for (const std::string_view line : key_lines) keys.keys.push_back(dnskey(line));
  return keys;
}

dnssec::RrsetValidation validate(const std::vector<std::string_view>& lines, std::string_view owner,
                                 dns::RrType type, const dnssec::ZoneKeys& keys, std::int64_t now_seconds,
                                 const dnssec::ValidationPolicy& policy = {}) {
  dnssec::Budget budget;
  return dnssec::validate_rrset(rrset_of(parse_records(lines), owner, type), keys, at_seconds(now_seconds), policy,
                                budget);
}

}  // namespace

TEST_CASE("key tags of the RFC example keys (RFC 4034 App. B)") {
  struct Case {
    std::string_view key;
    std::uint16_t tag;
  };
  const Case cases[] = {
      {kDskey, 60485},         {kRfc5702Key256, 9033}, {kRfc5702Key512, 3740}, {kRfc6605Key256, 55648},
      {kRfc6605Key384, 10771}, {kRfc8080Key1, 3613},   {kRfc8080Key2, 35217},  {kRfc8080Ed448Key, 9713},
      {kRfc4035Zsk, 38519},    {kRfc4035Ksk, 9465},    {kRootKsk2017, 20326},
  };
  for (const Case& c : cases) {
    INFO(c.key);
    CHECK(dnssec::key_tag(dnskey(c.key)) == c.tag);
  }
}

TEST_CASE("a revoked key has another tag (RFC 5011 §3: root KSK-2017 20326 becomes 20454)") {
  dns::Dnskey key = dnskey(kRootKsk2017);
  CHECK_FALSE(dnssec::is_revoked(key));
  CHECK(dnssec::is_sep(key));
  CHECK(dnssec::is_zone_key(key));
  key.flags |= dnssec::dnskey_flag::revoke;
  CHECK(dnssec::is_revoked(key));
  CHECK(dnssec::key_tag(key) == 20454);
}

TEST_CASE("algorithm 1 key tags are the modulus' low octets (RFC 4034 App. B.1)") {
  dns::Dnskey key{256, 3, dnssec::algorithm::rsamd5, {0x01, 0x03, 0x99, 0xab, 0xcd, 0xef}};
  CHECK(dnssec::key_tag(key) == 0xabcd);
  key.public_key = {0xab, 0xcd};  // too short to have those octets
  CHECK(dnssec::key_tag(key) == 0);
}

TEST_CASE("DS digests: RFC 4034 §5.4, RFC 4509 §2.3, RFC 6605, RFC 8080, root KSK-2017") {
  struct Case {
    std::string_view owner;
    std::string_view key;
    std::string_view ds;
  };
  const Case cases[] = {
      {"dskey.example.com.", kDskey, "dskey.example.com. IN DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"},
      {"dskey.example.com.", kDskey,
       "dskey.example.com. IN DS 60485 5 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A"},
      {"example.net.", kRfc6605Key256, kRfc6605Ds256},
      {"example.net.", kRfc6605Key384, kRfc6605Ds384},
      {"example.com.", kRfc8080Key1, kRfc8080Ds1},
      {"example.com.", kRfc8080Key2, kRfc8080Ds2},
      // Digests do not depend on the key algorithm being supported.
      {"example.com.", kRfc8080Ed448Key, kRfc8080Ed448Ds},
      {".", kRootKsk2017, ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"},
  };
  for (const Case& c : cases) {
    INFO(c.ds);
    const dns::Ds expected = ds(c.ds);
    const dns::Dnskey key = dnskey(c.key);
    const auto made = dnssec::make_ds(name(c.owner), key, expected.digest_type);
    REQUIRE(made.has_value());
    CHECK(*made == expected);
    CHECK(dnssec::ds_matches_key(name(c.owner), expected, key));
    // Owner names compare in canonical (lowercase) form.
    std::string upper(c.owner);
    for (char& ch : upper) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    CHECK(dnssec::ds_matches_key(name(upper), expected, key));
    // Another owner, another digest.
    CHECK_FALSE(dnssec::ds_matches_key(name("other.example."), expected, key));
  }
}

TEST_CASE("RFC 5702 §6: RSASHA256 and RSASHA512 signatures validate") {
  const std::int64_t now = 1262304000;  // 2010-01-01
  const auto sha256 = validate({"www.example.net. 3600 IN A 192.0.2.91", kRfc5702Sig256}, "www.example.net.",
                               dns::RrType::a, zone("example.net.", {kRfc5702Key256}), now);
  CHECK(sha256.verdict.security == dnssec::Security::secure);
  REQUIRE(sha256.validated_by.has_value());
  CHECK(sha256.attempts[*sha256.validated_by].key_tag == 9033);
  CHECK(sha256.verifications == 1);
  CHECK_FALSE(sha256.wildcard.has_value());

  const auto sha512 = validate({"www.example.net. 3600 IN A 192.0.2.91", kRfc5702Sig512}, "www.example.net.",
                               dns::RrType::a, zone("example.net.", {kRfc5702Key512}), now);
  CHECK(sha512.verdict.security == dnssec::Security::secure);

  // The same RRSIG over other data does not verify.
  const auto changed = validate({"www.example.net. 3600 IN A 192.0.2.92", kRfc5702Sig256}, "www.example.net.",
                                dns::RrType::a, zone("example.net.", {kRfc5702Key256}), now);
  CHECK(changed.verdict.security == dnssec::Security::bogus);
  CHECK(changed.verdict.reason == dnssec::Reason::signature_invalid);
}

TEST_CASE("RFC 5702 §2: the 512-bit key is too small for RSASHA512") {
  const dns::Dnskey key = dnskey(kRfc5702Key256);
  CHECK(dnssec::public_key_bits(dnssec::algorithm::rsasha256, key.public_key) == 512);
  CHECK(dnssec::public_key_bits(dnssec::algorithm::rsasha512, key.public_key) == 0);
  CHECK(dnssec::verify_signature(dnssec::algorithm::rsasha512, key.public_key, daneel::ByteView{},
                                 daneel::ByteView{}) == dnssec::SignatureCheck::malformed_key);
}

TEST_CASE("RFC 6605 §6: ECDSA P-256 and P-384 signatures validate") {
  const std::int64_t now = 1282262400;  // 2010-08-20
  const auto p256 = validate({"www.example.net. 3600 IN A 192.0.2.1", kRfc6605Sig256}, "www.example.net.",
                             dns::RrType::a, zone("example.net.", {kRfc6605Key256}), now);
  CHECK(p256.verdict.security == dnssec::Security::secure);
  const auto p384 = validate({"www.example.net. 3600 IN A 192.0.2.1", kRfc6605Sig384}, "www.example.net.",
                             dns::RrType::a, zone("example.net.", {kRfc6605Key384}), now);
  CHECK(p384.verdict.security == dnssec::Security::secure);
  CHECK(dnssec::public_key_bits(dnssec::algorithm::ecdsap384sha384, dnskey(kRfc6605Key384).public_key) == 384);

  // Swapping the keys: the tags no longer match.
  const auto swapped = validate({"www.example.net. 3600 IN A 192.0.2.1", kRfc6605Sig256}, "www.example.net.",
                                dns::RrType::a, zone("example.net.", {kRfc6605Key384}), now);
  CHECK(swapped.verdict.reason == dnssec::Reason::dnskey_missing);
}

TEST_CASE("RFC 8080 §6 with Errata 4935: the corrected Ed25519 RRSIGs validate") {
  const std::int64_t now = 1439000000;
  for (const auto& [key, sig, tag] : {std::tuple{kRfc8080Key1, kRfc8080Sig1, 3613}, std::tuple{kRfc8080Key2, kRfc8080Sig2, 35217}}) {
    INFO(sig);
    const auto result = validate({kRfc8080Mx, sig}, "example.com.", dns::RrType::mx, zone("example.com.", {key}), now);
    CHECK(result.verdict.security == dnssec::Security::secure);
    REQUIRE(result.validated_by.has_value());
    CHECK(result.attempts[*result.validated_by].key_tag == tag);
  }
}

TEST_CASE("RFC 8080 §6 as printed: the RRSIGs are rejected") {
  // The printed record lacks the algorithm field: it does not even parse.
  CHECK_FALSE(dns::record_from_text(kRfc8080PrintedSig1).ok());

  // Read as intended (algorithm 15, Labels 3), Labels exceeds the owner's 2 labels.
  const std::string intended = "example.com. 3600 IN RRSIG MX 15 3 3600 1440021600 1438207200 3613 example.com. " +
                               std::string(kRfc8080PrintedSig1Signature);
  const auto labels3 = validate({kRfc8080Mx, intended}, "example.com.", dns::RrType::mx,
                                zone("example.com.", {kRfc8080Key1}), 1439000000);
  CHECK(labels3.verdict.security == dnssec::Security::bogus);
  CHECK(labels3.verdict.reason == dnssec::Reason::rrsig_mismatch);
  CHECK(labels3.verifications == 0);

  // With Labels fixed to 2 the printed signatures (made over Labels 3) do not verify.
  for (const auto& [key, tag, signature] :
       {std::tuple{kRfc8080Key1, "3613", kRfc8080PrintedSig1Signature},
        std::tuple{kRfc8080Key2, "35217", kRfc8080PrintedSig2Signature}}) {
    const std::string fixed = "example.com. 3600 IN RRSIG MX 15 2 3600 1440021600 1438207200 " + std::string(tag) +
                              " example.com. " + std::string(signature);
    const auto result = validate({kRfc8080Mx, fixed}, "example.com.", dns::RrType::mx, zone("example.com.", {key}),
                                 1439000000);
    CHECK(result.verdict.security == dnssec::Security::bogus);
    CHECK(result.verdict.reason == dnssec::Reason::signature_invalid);
  }
}

TEST_CASE("RFC 8080 §6.2: Ed448 is unsupported, so its RRset is insecure (RFC 4035 §5.2)") {
  const auto result = validate({kRfc8080Mx, kRfc8080Ed448Sig}, "example.com.", dns::RrType::mx,
                               zone("example.com.", {kRfc8080Ed448Key}), 1439000000);
  CHECK(result.verdict.security == dnssec::Security::insecure);
  CHECK(result.verdict.reason == dnssec::Reason::unsupported_dnskey_algorithm);
  CHECK(result.verifications == 0);
}

TEST_CASE("RFC 4035 App. A: the DNSKEY set of example. validates from its KSK") {
  const auto records = parse_records({kRfc4035Zsk, kRfc4035Ksk, kRfc4035DnskeySigKsk, kRfc4035DnskeySigZsk});
  const dnssec::Rrset keys = rrset_of(records, "example.", dns::RrType::dnskey);
  dnssec::Budget budget;

  SECTION("anchored by the KSK as a DNSKEY") {
    auto anchors = dnssec::TrustAnchors::from_text(kRfc4035Ksk);
    REQUIRE(anchors.ok());
    const auto result = dnssec::validate_dnskey_set(keys, *anchors.value().find(name("example.")),
                                                    at_seconds(kRfc4035Now), {}, budget);
    CHECK(result.verdict.security == dnssec::Security::secure);
    CHECK(result.keys.keys.size() == 2);
    REQUIRE(result.anchor_key_matches.size() == 1);
    REQUIRE(result.signature.validated_by.has_value());
    CHECK(result.signature.attempts[*result.signature.validated_by].key_tag == 9465);
  }
  SECTION("anchored by a DS of the KSK (SHA-1 and SHA-256)") {
    for (const std::uint8_t digest : {dnssec::ds_digest::sha1, dnssec::ds_digest::sha256}) {
      const auto made = dnssec::make_ds(name("example."), dnskey(kRfc4035Ksk), digest);
      REQUIRE(made.has_value());
      const std::vector<dns::Ds> ds_set{*made};
      const auto result = dnssec::validate_dnskey_set(keys, ds_set, at_seconds(kRfc4035Now), {}, budget);
      CHECK(result.verdict.security == dnssec::Security::secure);
      CHECK(result.ds_matches.size() == 1);
    }
  }
  SECTION("a DS of the ZSK also works: it signed the DNSKEY set too") {
    const std::vector<dns::Ds> ds_set{*dnssec::make_ds(name("example."), dnskey(kRfc4035Zsk), 2)};
    const auto result = dnssec::validate_dnskey_set(keys, ds_set, at_seconds(kRfc4035Now), {}, budget);
    CHECK(result.verdict.security == dnssec::Security::secure);
  }
  SECTION("SHA-1 algorithms disabled by policy: insecure, reported (RFC 9905)") {
    const std::vector<dns::Ds> ds_set{*dnssec::make_ds(name("example."), dnskey(kRfc4035Ksk), 2)};
    const auto result = dnssec::validate_dnskey_set(keys, ds_set, at_seconds(kRfc4035Now),
                                                    {.sha1_algorithms_enabled = false}, budget);
    CHECK(result.verdict.security == dnssec::Security::insecure);
    CHECK(result.verdict.reason == dnssec::Reason::algorithm_disabled_by_policy);
  }
}

TEST_CASE("RFC 4035 App. A/B: answers validate with the example. keys") {
  const dnssec::ZoneKeys keys = zone("example.", {kRfc4035Zsk, kRfc4035Ksk});

  SECTION("B.1 answer: x.w.example. MX") {
    const auto result = validate({"x.w.example. 3600 IN MX 1 xx.example.", kRfc4035B1Sig}, "x.w.example.",
                                 dns::RrType::mx, keys, kRfc4035Now);
    CHECK(result.verdict.security == dnssec::Security::secure);
    REQUIRE(result.validated_by.has_value());
    CHECK(result.attempts[*result.validated_by].key_tag == 38519);
    CHECK_FALSE(result.wildcard.has_value());
    CHECK(result.ttl == 3600);
  }
  SECTION("B.1 authority: example. NS, in any order and case") {
    const auto result = validate({"example. 3600 IN NS ns2.example.", "EXAMPLE. 3600 IN NS NS1.Example.",
                                  "example. 3600 IN NS ns1.example.", kRfc4035NsSig},
                                 "example.", dns::RrType::ns, keys, kRfc4035Now);
    CHECK(result.verdict.security == dnssec::Security::secure);
  }
  SECTION("example. SOA (a lowered TTL keeps the original TTL in the signed data)") {
    const auto result = validate({"example. 300 IN SOA ns1.example. bugs.x.w.example. 1081539377 3600 300 3600000 3600",
                                  kRfc4035SoaSig},
                                 "example.", dns::RrType::soa, keys, kRfc4035Now);
    CHECK(result.verdict.security == dnssec::Security::secure);
    CHECK(result.ttl == 300);
  }
  SECTION("B.6 wildcard expansion: a.z.w.example. MX from *.w.example.") {
    const auto result = validate({"a.z.w.example. 3600 IN MX 1 ai.example.", kRfc4035B6Sig}, "a.z.w.example.",
                                 dns::RrType::mx, keys, kRfc4035Now);
    CHECK(result.verdict.security == dnssec::Security::secure);
    REQUIRE(result.wildcard.has_value());
    CHECK(result.wildcard->wildcard == name("*.w.example."));
    CHECK(result.wildcard->closest_encloser == name("w.example."));
    CHECK(result.wildcard->next_closer == name("z.w.example."));
    CHECK(result.wildcard->labels == 2);
  }
  SECTION("validity window: before inception and after expiration") {
    const auto early = validate({"ai.example. 3600 IN A 192.0.2.9", kRfc4035AiSig}, "ai.example.", dns::RrType::a,
                                keys, 1080777600);  // 2004-04-01
    CHECK(early.verdict.reason == dnssec::Reason::signature_not_yet_valid);
    const auto late = validate({"ai.example. 3600 IN A 192.0.2.9", kRfc4035AiSig}, "ai.example.", dns::RrType::a,
                               keys, 1084147200);  // 2004-05-10
    CHECK(late.verdict.reason == dnssec::Reason::signature_expired);
    const auto inside = validate({"ai.example. 3600 IN A 192.0.2.9", kRfc4035AiSig}, "ai.example.", dns::RrType::a,
                                 keys, kRfc4035Now);
    CHECK(inside.verdict.security == dnssec::Security::secure);
  }
  SECTION("one changed RDATA octet fails") {
    const auto result = validate({"ai.example. 3600 IN A 192.0.2.10", kRfc4035AiSig}, "ai.example.", dns::RrType::a,
                                 keys, kRfc4035Now);
    CHECK(result.verdict.reason == dnssec::Reason::signature_invalid);
  }
  SECTION("SHA-1 algorithms disabled by policy: insecure with the reason") {
    const auto result = validate({"x.w.example. 3600 IN MX 1 xx.example.", kRfc4035B1Sig}, "x.w.example.",
                                 dns::RrType::mx, keys, kRfc4035Now, {.sha1_algorithms_enabled = false});
    CHECK(result.verdict.security == dnssec::Security::insecure);
    CHECK(result.verdict.reason == dnssec::Reason::algorithm_disabled_by_policy);
  }
}

TEST_CASE("root trust anchors: KSK-2017 and KSK-2024 as DS records") {
  const dnssec::TrustAnchors anchors = dnssec::TrustAnchors::root();
  const dnssec::TrustAnchor* root = anchors.find(dns::Name::root());
  REQUIRE(root != nullptr);
  REQUIRE(root->ds.size() == 2);
  CHECK(root->dnskeys.empty());
  CHECK(root->ds[0].key_tag == 20326);
  CHECK(root->ds[1].key_tag == 38696);
  for (const dns::Ds& d : root->ds) {
    CHECK(d.algorithm == dnssec::algorithm::rsasha256);
    CHECK(d.digest_type == dnssec::ds_digest::sha256);
    CHECK(d.digest.size() == 32);
  }
  CHECK(daneel::encoding::to_hex(root->ds[1].digest) ==
        "683d2d0acb8c9b712a1948b27f741219298d0a450d612c483af444a4c0fb2b16");
  // The KSK-2017 DNSKEY matches its anchor; the revoked key does not.
  dns::Dnskey ksk = dnskey(kRootKsk2017);
  CHECK(dnssec::ds_matches_key(dns::Name::root(), root->ds[0], ksk));
  ksk.flags |= dnssec::dnskey_flag::revoke;
  CHECK_FALSE(dnssec::ds_matches_key(dns::Name::root(), root->ds[0], ksk));
  CHECK(anchors.closest_enclosing(name("mail.example.nl.")) == root);
}
