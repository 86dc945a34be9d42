// Typed RDATA for the RR types daneel reads, and an opaque form for the rest.
//
// Each type is a plain struct whose `fields()` lists its wire fields in order,
// each with a name and a kind (u16, name, hex to the end, ...). The wire reader,
// the wire writer, the presentation printer and the presentation parser are four
// visitors over that one list (rdata_wire.cpp, rdata_text.cpp), so a type's
// layout is written down exactly once and the four can never disagree.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dns/name.h"
#include "dns/rr_type.h"
#include "util/bytes.h"
#include "util/result.h"

namespace daneel::dns {

// How a name inside RDATA is treated on the wire.
struct NameRule {
  // RFC 3597 §4: only the RFC 1035 types' names may be compressed.
  bool compressible;
  // RFC 4034 §6.2 (as amended by RFC 6840 §5.1, which drops NSEC): lowercased in canonical form.
  bool canonical_lowercase;
};
inline constexpr NameRule kRfc1035Name{true, true};  // NS, CNAME, SOA, MX, PTR
inline constexpr NameRule kDnssecName{false, true};  // DNAME (RFC 6672 §2.5), RRSIG signer
inline constexpr NameRule kPlainName{false, false};  // NSEC next name, SVCB target

// The set of types in an NSEC/NSEC3 type bit map (RFC 4034 §4.1.2), ascending
// and without duplicates.
struct TypeBitmap {
  std::vector<RrType> types;
  [[nodiscard]] bool contains(RrType type) const;
  friend bool operator==(const TypeBitmap&, const TypeBitmap&) = default;
};

// One SvcParam of SVCB/HTTPS (RFC 9460 §2.2): key and raw value.
struct SvcParam {
  std::uint16_t key;
  Bytes value;
  friend bool operator==(const SvcParam&, const SvcParam&) = default;
};
// RFC 9460 §14.3.2 keys.
enum class SvcKey : std::uint16_t { mandatory = 0, alpn = 1, no_default_alpn = 2, port = 3, ipv4hint = 4, ech = 5,
                                    ipv6hint = 6, dohpath = 7 };

// RFC 3597: RDATA of a type daneel does not interpret, kept as it came.
struct UnknownRdata {
  Bytes data;
  friend bool operator==(const UnknownRdata&, const UnknownRdata&) = default;
};

struct A {  // RFC 1035 §3.4.1
  static constexpr RrType kType = RrType::a;
  std::array<std::uint8_t, 4> address{};
  template <class Self, class V> static void fields(Self& s, V& v) { v.ipv4("address", s.address); }
  friend bool operator==(const A&, const A&) = default;
};

struct Aaaa {  // RFC 3596 §2.2
  static constexpr RrType kType = RrType::aaaa;
  std::array<std::uint8_t, 16> address{};
  template <class Self, class V> static void fields(Self& s, V& v) { v.ipv6("address", s.address); }
  friend bool operator==(const Aaaa&, const Aaaa&) = default;
};

// The types whose RDATA is a single name (NS, CNAME, PTR: RFC 1035 §3.3; DNAME: RFC 6672 §2.1).
template <RrType T, const NameRule& Rule>
struct SingleName {
  static constexpr RrType kType = T;
  Name target;
  template <class Self, class V> static void fields(Self& s, V& v) { v.name("target", s.target, Rule); }
  friend bool operator==(const SingleName&, const SingleName&) = default;
};
using Ns = SingleName<RrType::ns, kRfc1035Name>;
using Cname = SingleName<RrType::cname, kRfc1035Name>;
using Ptr = SingleName<RrType::ptr, kRfc1035Name>;
using Dname = SingleName<RrType::dname, kDnssecName>;

struct Soa {  // RFC 1035 §3.3.13
  static constexpr RrType kType = RrType::soa;
  Name mname, rname;
  std::uint32_t serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0;
  template <class Self, class V> static void fields(Self& s, V& v) {
    v.name("MNAME", s.mname, kRfc1035Name);
    v.name("RNAME", s.rname, kRfc1035Name);
    v.u32("SERIAL", s.serial);
    v.u32("REFRESH", s.refresh);
    v.u32("RETRY", s.retry);
    v.u32("EXPIRE", s.expire);
    v.u32("MINIMUM", s.minimum);
  }
  friend bool operator==(const Soa&, const Soa&) = default;
};

struct Mx {  // RFC 1035 §3.3.9; "0 ." is a null MX (RFC 7505)
  static constexpr RrType kType = RrType::mx;
  std::uint16_t preference = 0;
  Name exchange;
  template <class Self, class V> static void fields(Self& s, V& v) {
    v.u16("preference", s.preference);
    v.name("exchange", s.exchange, kRfc1035Name);
  }
  friend bool operator==(const Mx&, const Mx&) = default;
};

struct Txt {  // RFC 1035 §3.3.14: one or more <character-string>s
  static constexpr RrType kType = RrType::txt;
  std::vector<Bytes> strings;
  template <class Self, class V> static void fields(Self& s, V& v) { v.strings("text", s.strings); }
  friend bool operator==(const Txt&, const Txt&) = default;
};

struct Ds {  // RFC 4034 §5.1
  static constexpr RrType kType = RrType::ds;
  std::uint16_t key_tag = 0;
  std::uint8_t algorithm = 0, digest_type = 0;
  Bytes digest;
  template <class Self, class V> static void fields(Self& s, V& v) {
    v.u16("key tag", s.key_tag);
    v.u8("algorithm", s.algorithm);
    v.u8("digest type", s.digest_type);
    v.hex("digest", s.digest);
  }
  friend bool operator==(const Ds&, const Ds&) = default;
};

struct Dnskey {  // RFC 4034 §2.1
  static constexpr RrType kType = RrType::dnskey;
  std::uint16_t flags = 0;
  std::uint8_t protocol = 0, algorithm = 0;
  Bytes public_key;
  template <class Self, class V> static void fields(Self& s, V& v) {
    v.u16("flags", s.flags);
    v.u8("protocol", s.protocol);
    v.u8("algorithm", s.algorithm);
    v.base64("public key", s.public_key);
  }
  friend bool operator==(const Dnskey&, const Dnskey&) = default;
};

struct Rrsig {  // RFC 4034 §3.1
  static constexpr RrType kType = RrType::rrsig;
  RrType type_covered{};
  std::uint8_t algorithm = 0, labels = 0;
  std::uint32_t original_ttl = 0, expiration = 0, inception = 0;
  std::uint16_t key_tag = 0;
  Name signer;
  Bytes signature;
  template <class Self, class V> static void fields(Self& s, V& v) {
    v.type("type covered", s.type_covered);
    v.u8("algorithm", s.algorithm);
    v.u8("labels", s.labels);
    v.u32("original TTL", s.original_ttl);
    v.time("signature expiration", s.expiration);
    v.time("signature inception", s.inception);
    v.u16("key tag", s.key_tag);
    v.name("signer's name", s.signer, kDnssecName);
    v.base64("signature", s.signature);
  }
  friend bool operator==(const Rrsig&, const Rrsig&) = default;
};

struct Nsec {  // RFC 4034 §4.1
  static constexpr RrType kType = RrType::nsec;
  Name next;
  TypeBitmap types;
  template <class Self, class V> static void fields(Self& s, V& v) {
    v.name("next domain name", s.next, kPlainName);
    v.bitmap("type bit maps", s.types);
  }
  friend bool operator==(const Nsec&, const Nsec&) = default;
};

struct Nsec3 {  // RFC 5155 §3.2
  static constexpr RrType kType = RrType::nsec3;
  std::uint8_t hash_algorithm = 0, flags = 0;
  std::uint16_t iterations = 0;
  Bytes salt;
  Bytes next_hashed_owner;
  TypeBitmap types;
  [[nodiscard]] bool opt_out() const { return (flags & 1) != 0; }  // RFC 5155 §3.1.2.1
  template <class Self, class V> static void fields(Self& s, V& v) {
    v.u8("hash algorithm", s.hash_algorithm);
    v.u8("flags", s.flags);
    v.u16("iterations", s.iterations);
    v.salt("salt", s.salt);
    v.hash("next hashed owner name", s.next_hashed_owner);
    v.bitmap("type bit maps", s.types);
  }
  friend bool operator==(const Nsec3&, const Nsec3&) = default;
};

struct Nsec3param {  // RFC 5155 §4.2
  static constexpr RrType kType = RrType::nsec3param;
  std::uint8_t hash_algorithm = 0, flags = 0;
  std::uint16_t iterations = 0;
  Bytes salt;
  template <class Self, class V> static void fields(Self& s, V& v) {
    v.u8("hash algorithm", s.hash_algorithm);
    v.u8("flags", s.flags);
    v.u16("iterations", s.iterations);
    v.salt("salt", s.salt);
  }
  friend bool operator==(const Nsec3param&, const Nsec3param&) = default;
};

struct Tlsa {  // RFC 6698 §2.1
  static constexpr RrType kType = RrType::tlsa;
  std::uint8_t usage = 0, selector = 0, matching_type = 0;
  Bytes data;
  template <class Self, class V> static void fields(Self& s, V& v) {
    v.u8("certificate usage", s.usage);
    v.u8("selector", s.selector);
    v.u8("matching type", s.matching_type);
    v.hex("certificate association data", s.data);
  }
  friend bool operator==(const Tlsa&, const Tlsa&) = default;
};

struct Caa {  // RFC 8659 §4.1
  static constexpr RrType kType = RrType::caa;
  std::uint8_t flags = 0;
  std::string tag;  // 1..255 ASCII letters and digits
  Bytes value;
  template <class Self, class V> static void fields(Self& s, V& v) {
    v.u8("flags", s.flags);
    v.caa_tag("tag", s.tag);
    v.quoted_rest("value", s.value);
  }
  friend bool operator==(const Caa&, const Caa&) = default;
};

// SVCB and HTTPS share one layout (RFC 9460 §2.2, §9).
template <RrType T>
struct ServiceBinding {
  static constexpr RrType kType = T;
  std::uint16_t priority = 0;  // 0 = AliasMode
  Name target;
  std::vector<SvcParam> params;  // keys strictly ascending
  template <class Self, class V> static void fields(Self& s, V& v) {
    v.u16("SvcPriority", s.priority);
    v.name("TargetName", s.target, kPlainName);
    v.svc_params("SvcParams", s.params);
  }
  friend bool operator==(const ServiceBinding&, const ServiceBinding&) = default;
};
using Svcb = ServiceBinding<RrType::svcb>;
using Https = ServiceBinding<RrType::https>;

// Typed RDATA. Index 0 (UnknownRdata) holds every type without an alternative.
using Rdata = std::variant<UnknownRdata, A, Aaaa, Ns, Cname, Ptr, Dname, Soa, Mx, Txt, Ds, Dnskey, Rrsig, Nsec, Nsec3,
                           Nsec3param, Tlsa, Caa, Svcb, Https>;

// True when `type` has a typed alternative in Rdata.
bool has_typed_rdata(RrType type);

// A set of typed alternatives whose presentation form a parser reads (see
// record_from_line): a program that reads only a few types' text then carries
// only their parsers.
template <class... Ts>
struct RdataTypes {};
namespace detail {
template <class V>
struct TypedAlternatives;
template <class... Ts>
struct TypedAlternatives<std::variant<UnknownRdata, Ts...>> {
  using type = RdataTypes<Ts...>;
};
}  // namespace detail
// Every typed alternative of Rdata.
using AllRdataTypes = detail::TypedAlternatives<Rdata>::type;
// DS and DNSKEY, what a DNSSEC trust anchor is (RFC 4033 §2).
using DnssecKeyRdataTypes = RdataTypes<Ds, Dnskey>;

// --- Wire form -------------------------------------------------------------

// Reads the RDATA of `type` occupying message[start, end): `message` is the
// whole message up to at least `end` (compression pointers may point anywhere
// before). The RDATA must be consumed exactly. `names` = forbidden refuses
// compression pointers even for the RFC 1035 types (standalone RDATA).
Result<Rdata> read_rdata(RrType type, ByteView message, std::size_t start, std::size_t end,
                         Compression names = Compression::allowed);
// RDATA that stands alone (no message around it, so no compression).
Result<Rdata> rdata_from_wire(RrType type, ByteView rdata);

class WireWriter;
// Appends RDATA (without RDLENGTH) through `writer`, which decides on
// compression and canonical lowercasing.
void write_rdata(const Rdata& rdata, WireWriter& writer);
// Uncompressed RDATA as received/held, and the canonical RDATA form
// (RFC 4034 §6.2: no compression; names lowercased for the listed types).
Bytes rdata_to_wire(const Rdata& rdata);
Bytes canonical_rdata(const Rdata& rdata);

// --- Presentation form -------------------------------------------------------

// The RDATA part of a zone-file line as common tools print it
// (`10 mx.example.`, `3 1 1 8A9F...`); unknown types as `\# len hex` (RFC 3597 §5).
std::string rdata_to_text(const Rdata& rdata);
// Parses RDATA text for `type`. Every type accepts the generic `\# len hex`
// form (RFC 3597 §5), which is then read as wire RDATA of that type.
Result<Rdata> rdata_from_text(RrType type, std::string_view text);

}  // namespace daneel::dns
