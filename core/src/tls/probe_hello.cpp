#include "tls/probe_hello.h"

#include <algorithm>
#include <array>

#include "tls/wire.h"

namespace daneel::tls {

namespace {

using namespace wire;  // the wire constants (tls/wire.h)

constexpr std::uint16_t kGroupSecp256r1 = 0x0017;
constexpr std::uint16_t kGroupX25519 = 0x001d;
constexpr std::uint16_t kGroupX25519MlKem768 = 0x11ec;

// The P-256 generator, uncompressed (SEC 1 §2.3.3; FIPS 186-4 D.1.2.3).
constexpr std::array<std::uint8_t, 65> kP256Generator{
    0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
    0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
    0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16,
    0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5};

// FIPS 203: an ML-KEM-768 encapsulation key is 384 * k (k = 3) bytes of
// ByteEncode12 polynomial coefficients, then 32 bytes of rho.
constexpr std::size_t kMlKem768PolyBytes = 384 * 3;

void put8(Bytes& out, std::size_t v) { out.push_back(static_cast<std::uint8_t>(v & 0xff)); }
void put16(Bytes& out, std::size_t v) {
  put8(out, v >> 8);
  put8(out, v);
}
void put24(Bytes& out, std::size_t v) {
  put8(out, v >> 16);
  put16(out, v & 0xffff);
}
void put(Bytes& out, ByteView bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

void extension(Bytes& out, std::uint16_t type, const Bytes& body) {
  put16(out, type);
  put16(out, body.size());
  put(out, body);
}

Bytes u16_list(const std::vector<std::uint16_t>& values, std::size_t length_bytes) {
  Bytes body;
  const std::size_t length = values.size() * 2;
  if (length_bytes == 1) put8(body, length);
  else put16(body, length);
  for (const std::uint16_t v : values) put16(body, v);
  return body;
}

Error too_many(const char* what) { return make_error(Errc::limit_exceeded, std::string("probe ClientHello: too many ") + what); }

}  // namespace

Result<Bytes> build_probe_client_hello(const ProbeOffer& offer, ByteView random, ByteView session_id,
                                       const ProbeHelloLimits& limits) {
  if (random.size() != 32) return make_error(Errc::invalid_argument, "probe ClientHello: random must be 32 bytes");
  if (!session_id.empty() && session_id.size() != 32)
    return make_error(Errc::invalid_argument, "probe ClientHello: session id must be 0 or 32 bytes");
  if (offer.cipher_suites.empty()) return make_error(Errc::invalid_argument, "probe ClientHello: no cipher suite");
  if (offer.cipher_suites.size() > limits.max_suites) return too_many("cipher suites");
  if (offer.groups.size() > limits.max_groups) return too_many("groups");
  if (offer.key_shares.size() > limits.max_key_shares) return too_many("key shares");
  if (offer.signature_schemes.size() > limits.max_signature_schemes) return too_many("signature schemes");
  if (offer.supported_versions.size() > limits.max_versions) return too_many("versions");
  if (offer.server_name.size() > limits.max_server_name) return too_many("characters in the server name");
  for (const KeyShareOffer& share : offer.key_shares)
    if (share.key_exchange.empty() || share.key_exchange.size() > limits.max_key_share_bytes)
      return make_error(Errc::invalid_argument, "probe ClientHello: a key share is empty or too long");

  Bytes extensions;
  if (!offer.server_name.empty()) {
    Bytes name;  // ServerNameList with one host_name (type 0)
    put16(name, offer.server_name.size() + 3);
    put8(name, 0);
    put16(name, offer.server_name.size());
    put(name, as_bytes(offer.server_name));
    extension(extensions, kExtServerName, name);
  }
  if (!offer.supported_versions.empty()) extension(extensions, kExtSupportedVersions, u16_list(offer.supported_versions, 1));
  if (!offer.groups.empty()) extension(extensions, kExtSupportedGroups, u16_list(offer.groups, 2));
  if (offer.ec_point_formats) extension(extensions, kExtEcPointFormats, Bytes{1, 0});
  if (!offer.signature_schemes.empty())
    extension(extensions, kExtSignatureAlgorithms, u16_list(offer.signature_schemes, 2));
  if (offer.extended_master_secret) extension(extensions, kExtExtendedMasterSecret, Bytes{});
  if (offer.renegotiation_info) extension(extensions, kExtRenegotiationInfo, Bytes{0});
  // key_share is meaningful only in a TLS 1.3 offer (RFC 8446 §4.2.8).
  if (!offer.supported_versions.empty() && !offer.key_shares.empty()) {
    Bytes shares;
    for (const KeyShareOffer& share : offer.key_shares) {
      put16(shares, share.group);
      put16(shares, share.key_exchange.size());
      put(shares, share.key_exchange);
    }
    Bytes body;
    put16(body, shares.size());
    put(body, shares);
    extension(extensions, kExtKeyShare, body);
  }

  Bytes hello;  // ClientHello body (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2)
  put16(hello, offer.legacy_version);
  put(hello, random);
  put8(hello, session_id.size());
  put(hello, session_id);
  put(hello, u16_list(offer.cipher_suites, 2));
  if (offer.offer_deflate) put(hello, Bytes{2, 1, 0});  // DEFLATE (RFC 3749), then null
  else put(hello, Bytes{1, 0});
  // No extensions: the field is left out (RFC 5246 §7.4.1.2), as an SSL 3.0
  // ClientHello has none (RFC 6101 §5.6.1.2).
  if (!extensions.empty()) {
    put16(hello, extensions.size());
    put(hello, extensions);
  }

  const std::size_t body_size = hello.size() + 4;
  if (body_size > limits.max_record_body)
    return make_error(Errc::limit_exceeded, "probe ClientHello: larger than one record");
  Bytes record;
  record.reserve(5 + body_size);
  put8(record, 22);      // handshake
  put16(record, 0x0301);  // record version
  put16(record, body_size);
  put8(record, 1);  // client_hello
  put24(record, hello.size());
  put(record, hello);
  return record;
}

Result<Bytes> probe_key_share(std::uint16_t group, ByteView random) {
  if (random.size() < 64) return make_error(Errc::invalid_argument, "probe key share: needs 64 random bytes");
  Bytes share;
  switch (group) {
    case kGroupX25519:
      put(share, random.first(32));
      return share;
    case kGroupSecp256r1:
      put(share, kP256Generator);
      return share;
    case kGroupX25519MlKem768:
      // draft-ietf-tls-ecdhe-mlkem: the ML-KEM part first, then X25519.
      share.assign(kMlKem768PolyBytes, 0);
      put(share, random.subspan(32, 32));  // rho
      put(share, random.first(32));
      return share;
    default:
      return make_error(Errc::unsupported, "probe key share: no form known for this group");
  }
}

}  // namespace daneel::tls
