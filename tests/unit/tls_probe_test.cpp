// The grading probe's own TLS bytes (docs/TLS_GRADING.md): the ClientHello
// builder (tls/probe_hello.h), read back field by field, and the reader of the
// server's first flight (tls/server_flight.h) over flights built here byte by
// byte, in every split, and over malformed ones. Real servers' answers are in
// tests/integration/tls_probe_world_test.cpp (the test world's Postfix).
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

#include "data/tls/probe_flights.h"
#include "tls/grading_tables.h"
#include "tls/probe_hello.h"
#include "tls/server_flight.h"
#include "util/byte_reader.h"
#include "util/encoding.h"

using namespace daneel;
using namespace daneel::tls;

namespace {

Bytes filled(std::size_t n, std::uint8_t value) { return Bytes(n, value); }

void put8(Bytes& out, std::size_t v) { out.push_back(static_cast<std::uint8_t>(v & 0xff)); }
void put16(Bytes& out, std::size_t v) {
  put8(out, v >> 8);
  put8(out, v);
}
void put24(Bytes& out, std::size_t v) {
  put8(out, v >> 16);
  put16(out, v);
}
void put(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

Bytes message(std::uint8_t type, const Bytes& body) {
  Bytes out;
  put8(out, type);
  put24(out, body.size());
  put(out, body);
  return out;
}

Bytes record(std::uint8_t type, const Bytes& body, std::uint16_t version = 0x0303) {
  Bytes out;
  put8(out, type);
  put16(out, version);
  put16(out, body.size());
  put(out, body);
  return out;
}

Bytes extension(std::uint16_t type, const Bytes& body) {
  Bytes out;
  put16(out, type);
  put16(out, body.size());
  put(out, body);
  return out;
}

Bytes server_hello(std::uint16_t version, std::uint16_t suite, std::uint8_t compression, const Bytes& extensions,
                   const Bytes& random = Bytes(32, 0x42)) {
  Bytes body;
  put16(body, version);
  put(body, random);
  put8(body, 0);  // session id
  put16(body, suite);
  put8(body, compression);
  if (!extensions.empty()) {
    put16(body, extensions.size());
    put(body, extensions);
  }
  return message(2, body);
}

// A TLS 1.2 ECDHE-RSA flight: ServerHello (EMS, renegotiation_info), a
// two-certificate Certificate, ServerKeyExchange on secp256r1 signed with
// rsa_pss_rsae_sha256, ServerHelloDone: the handshake messages, unframed.
Bytes tls12_messages() {
  Bytes ext;
  put(ext, extension(0xff01, Bytes{0}));
  put(ext, extension(23, Bytes{}));
  Bytes out = server_hello(0x0303, 0xc02f, 0, ext);
  Bytes certs;
  for (const Bytes& der : {filled(300, 0x30), filled(200, 0x31)}) {
    put24(certs, der.size());
    put(certs, der);
  }
  Bytes cert_body;
  put24(cert_body, certs.size());
  put(cert_body, certs);
  put(out, message(11, cert_body));
  Bytes ske{3, 0x00, 0x17, 65};
  put(ske, filled(65, 0x04));
  put16(ske, 0x0804);
  put16(ske, 4);
  put(ske, filled(4, 0xaa));
  put(out, message(12, ske));
  put(out, message(14, Bytes{}));
  return out;
}

const GradingTables& tables() { return ncsc_2025_05(); }

// The extensions of a ClientHello record built by the probe builder, by type.
struct ParsedHello {
  std::uint16_t record_version = 0;
  std::uint16_t legacy_version = 0;
  std::size_t session_id = 0;
  std::vector<std::uint16_t> suites;
  Bytes compression;
  std::vector<std::pair<std::uint16_t, Bytes>> extensions;
  const Bytes* find(std::uint16_t type) const {
    for (const auto& [t, body] : extensions)
      if (t == type) return &body;
    return nullptr;
  }
};

ParsedHello parse_hello(const Bytes& record_bytes) {
  ParsedHello hello;
  ByteReader r(record_bytes);
  REQUIRE(r.u8() == 22);
  hello.record_version = r.u16();
  const std::uint16_t length = r.u16();
  REQUIRE(length == record_bytes.size() - 5);
  REQUIRE(r.u8() == 1);
  const std::uint32_t body = static_cast<std::uint32_t>(r.u8()) << 16 | r.u16();
  REQUIRE(body == length - 4u);
  hello.legacy_version = r.u16();
  r.skip(32);
  hello.session_id = r.u8();
  r.skip(hello.session_id);
  ByteReader suites(r.bytes(r.u16()));
  while (suites.ok() && !suites.at_end()) hello.suites.push_back(suites.u16());
  const ByteView compression = r.bytes(r.u8());
  hello.compression.assign(compression.begin(), compression.end());
  ByteReader extensions(r.bytes(r.u16()));
  while (extensions.ok() && !extensions.at_end()) {
    const std::uint16_t type = extensions.u16();
    const ByteView ext = extensions.bytes(extensions.u16());
    hello.extensions.emplace_back(type, Bytes(ext.begin(), ext.end()));
  }
  REQUIRE(r.ok());
  REQUIRE(r.at_end());
  REQUIRE(suites.ok());
  REQUIRE(extensions.ok());
  return hello;
}

}  // namespace

TEST_CASE("probe ClientHello: a TLS 1.1 legacy offer reads back as built") {
  ProbeOffer offer;
  offer.legacy_version = 0x0302;
  offer.cipher_suites = {0x000a, 0xc013, 0x002f};
  offer.groups = {0x0017, 0x0015};
  offer.offer_deflate = true;
  offer.server_name = "mx.example.nl";
  const Bytes random(32, 7);
  const auto built = build_probe_client_hello(offer, random, {});
  REQUIRE(built.ok());
  const ParsedHello hello = parse_hello(built.value());
  CHECK(hello.record_version == 0x0301);  // the relay allows 3.1-3.3 only, whatever is offered inside
  CHECK(hello.legacy_version == 0x0302);
  CHECK(hello.session_id == 0);
  CHECK(hello.suites == std::vector<std::uint16_t>{0x000a, 0xc013, 0x002f});
  CHECK(hello.compression == Bytes{1, 0});
  REQUIRE(hello.find(0) != nullptr);
  const Bytes& sni = *hello.find(0);
  CHECK(std::string(sni.begin() + 5, sni.end()) == "mx.example.nl");
  CHECK(hello.find(43) == nullptr);  // no supported_versions: legacy_version decides
  CHECK(hello.find(51) == nullptr);  // no key_share outside TLS 1.3
  CHECK(hello.find(13) == nullptr);  // no signature schemes asked for
  CHECK(*hello.find(10) == Bytes{0, 4, 0x00, 0x17, 0x00, 0x15});
  CHECK(*hello.find(0xff01) == Bytes{0});
  CHECK(hello.find(23) != nullptr);
}

TEST_CASE("probe ClientHello: a TLS 1.3 offer with an ML-KEM hybrid key share") {
  Bytes random(64);
  for (std::size_t i = 0; i < random.size(); ++i) random[i] = static_cast<std::uint8_t>(i);
  const auto hybrid = probe_key_share(0x11ec, random);
  const auto x25519 = probe_key_share(0x001d, random);
  const auto p256 = probe_key_share(0x0017, random);
  REQUIRE(hybrid.ok());
  REQUIRE(x25519.ok());
  REQUIRE(p256.ok());
  CHECK(hybrid.value().size() == 1216);
  CHECK(hybrid.value()[0] == 0);
  CHECK(hybrid.value()[1151] == 0);
  CHECK(hybrid.value()[1152] == 32);  // rho: random bytes 32..63
  CHECK(hybrid.value()[1184] == 0);   // then x25519: random bytes 0..31
  CHECK(hybrid.value()[1215] == 31);
  CHECK(x25519.value().size() == 32);
  CHECK(p256.value().size() == 65);
  CHECK(p256.value()[0] == 0x04);
  CHECK_FALSE(probe_key_share(0x0100, random).ok());       // ffdhe2048: no form known
  CHECK_FALSE(probe_key_share(0x001d, Bytes(63, 0)).ok());  // too little randomness

  ProbeOffer offer;
  offer.supported_versions = {0x0304};
  offer.cipher_suites = {0x1305, 0x1302, 0x1303, 0x1301};
  offer.groups = {0x11ec, 0x001d};
  offer.key_shares = {{0x11ec, hybrid.value()}, {0x001d, x25519.value()}};
  offer.signature_schemes = {0x0804, 0x0403};
  offer.server_name = "mx.example.nl";
  const auto built = build_probe_client_hello(offer, Bytes(32, 1), Bytes(32, 2));
  REQUIRE(built.ok());
  CHECK(built.value().size() < 1600);  // under the relay's client TLS cap (8 KiB) with room
  const ParsedHello hello = parse_hello(built.value());
  CHECK(hello.session_id == 32);
  CHECK(*hello.find(43) == Bytes{2, 0x03, 0x04});
  REQUIRE(hello.find(51) != nullptr);
  CHECK(hello.find(51)->size() == 2 + 4 + 1216 + 4 + 32);
  CHECK(*hello.find(13) == Bytes{0, 4, 0x08, 0x04, 0x04, 0x03});
  CHECK(hello.compression == Bytes{0});
}

TEST_CASE("probe ClientHello: refusals and limits") {
  ProbeOffer offer;
  offer.cipher_suites = {0xc02f};
  CHECK(build_probe_client_hello(offer, Bytes(32, 0), {}).ok());
  CHECK_FALSE(build_probe_client_hello(offer, Bytes(31, 0), {}).ok());
  CHECK_FALSE(build_probe_client_hello(offer, Bytes(32, 0), Bytes(16, 0)).ok());
  ProbeOffer none = offer;
  none.cipher_suites.clear();
  CHECK_FALSE(build_probe_client_hello(none, Bytes(32, 0), {}).ok());
  ProbeOffer many = offer;
  many.cipher_suites.assign(257, 0xc02f);
  CHECK(build_probe_client_hello(many, Bytes(32, 0), {}).error().code == Errc::limit_exceeded);
  ProbeOffer long_name = offer;
  long_name.server_name.assign(254, 'a');
  CHECK_FALSE(build_probe_client_hello(long_name, Bytes(32, 0), {}).ok());
  ProbeOffer big_share = offer;
  big_share.supported_versions = {0x0304};
  big_share.key_shares = {{0x11ec, Bytes(2049, 0)}};
  CHECK_FALSE(build_probe_client_hello(big_share, Bytes(32, 0), {}).ok());
  ProbeHelloLimits small;
  small.max_record_body = 40;
  CHECK(build_probe_client_hello(offer, Bytes(32, 0), {}, small).error().code == Errc::limit_exceeded);
}

TEST_CASE("server flight: a TLS 1.2 first flight, whole and in every split") {
  const Bytes messages = tls12_messages();
  const Bytes whole = record(22, messages);
  const ServerFlight flight = read_server_flight(whole, tables());
  REQUIRE(flight.status == FlightStatus::server_hello_done);
  CHECK(flight.record_version == 0x0303);
  CHECK(flight.version == 0x0303);
  CHECK(flight.cipher_suite == 0xc02f);
  CHECK(flight.compression_method == 0);
  CHECK(flight.extended_master_secret);
  CHECK(flight.renegotiation_info);
  REQUIRE(flight.certificates.size() == 2);
  CHECK(flight.certificates[0] == filled(300, 0x30));
  CHECK(flight.certificates[1] == filled(200, 0x31));
  CHECK(flight.group == 0x0017);
  CHECK(flight.signature_scheme == 0x0804);
  CHECK_FALSE(flight.dh_prime_bits);

  // Every prefix is undecided; the whole is decided.
  for (std::size_t n = 0; n < whole.size(); ++n) {
    INFO("prefix " << n);
    REQUIRE(read_server_flight(ByteView(whole).first(n), tables()).status == FlightStatus::need_more);
  }
  // The same messages in two records, split at every byte: the same reading.
  for (std::size_t cut = 1; cut < messages.size(); ++cut) {
    Bytes two = record(22, Bytes(messages.begin(), messages.begin() + static_cast<std::ptrdiff_t>(cut)));
    put(two, record(22, Bytes(messages.begin() + static_cast<std::ptrdiff_t>(cut), messages.end())));
    const ServerFlight split = read_server_flight(two, tables());
    INFO("cut " << cut);
    REQUIRE(split.status == FlightStatus::server_hello_done);
    CHECK(split.certificates.size() == 2);
    CHECK(split.signature_scheme == 0x0804);
  }
}

TEST_CASE("server flight: TLS 1.3 ServerHello, HelloRetryRequest, alert") {
  Bytes ext;
  put(ext, extension(43, Bytes{0x03, 0x04}));
  Bytes share{0x00, 0x1d, 0x00, 0x20};
  put(share, filled(32, 9));
  put(ext, extension(51, share));
  const ServerFlight tls13 = read_server_flight(record(22, server_hello(0x0303, 0x1302, 0, ext)), tables());
  CHECK(tls13.status == FlightStatus::server_hello_tls13);
  CHECK(tls13.legacy_version == 0x0303);
  CHECK(tls13.version == 0x0304);
  CHECK(tls13.cipher_suite == 0x1302);
  CHECK(tls13.group == 0x001d);

  const Bytes hrr_random{0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
                         0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};
  Bytes hrr_ext;
  put(hrr_ext, extension(43, Bytes{0x03, 0x04}));
  put(hrr_ext, extension(51, Bytes{0x11, 0xec}));
  const ServerFlight hrr = read_server_flight(record(22, server_hello(0x0303, 0x1301, 0, hrr_ext, hrr_random)), tables());
  CHECK(hrr.status == FlightStatus::hello_retry);
  CHECK(hrr.group == 0x11ec);

  const ServerFlight alert = read_server_flight(record(21, Bytes{2, 70}, 0x0301), tables());
  CHECK(alert.status == FlightStatus::alert);
  CHECK(alert.alert_level == 2);
  CHECK(alert.alert_description == 70);  // protocol_version
  CHECK(alert.record_version == 0x0301);
  CHECK_FALSE(alert.version);
}

TEST_CASE("server flight: legacy version, DEFLATE, DHE prime, unlisted suite") {
  Bytes messages = server_hello(0x0302, 0x0033, 1, Bytes{});  // TLS 1.1, DHE-RSA-AES128-SHA, DEFLATE, no extensions
  Bytes ske;
  Bytes prime(257, 0xff);
  prime[0] = 0;  // a leading zero byte is not part of the size
  put16(ske, prime.size());
  put(ske, prime);
  put16(ske, 1);
  put8(ske, 2);
  put16(ske, 2);
  put16(ske, 0x1234);
  put16(ske, 2);  // TLS 1.1 has no SignatureAndHashAlgorithm: straight to the signature
  put16(ske, 0xbeef);
  put(messages, message(12, ske));
  put(messages, message(14, Bytes{}));
  const ServerFlight legacy = read_server_flight(record(22, messages, 0x0302), tables());
  REQUIRE(legacy.status == FlightStatus::server_hello_done);
  CHECK(legacy.version == 0x0302);
  CHECK(legacy.compression_method == 1);
  CHECK_FALSE(legacy.extended_master_secret);
  CHECK_FALSE(legacy.renegotiation_info);
  CHECK(legacy.dh_prime_bits == 2048);
  CHECK(legacy.dh_prime.size() == 257);
  CHECK_FALSE(legacy.signature_scheme);

  // A suite the tables do not list: its ServerKeyExchange is left unread.
  Bytes unknown = server_hello(0x0303, 0xffee, 0, Bytes{});
  put(unknown, message(12, Bytes{1, 2, 3}));
  put(unknown, message(14, Bytes{}));
  const ServerFlight odd = read_server_flight(record(22, unknown), tables());
  CHECK(odd.status == FlightStatus::server_hello_done);
  CHECK(odd.cipher_suite == 0xffee);
  CHECK_FALSE(odd.group);
}

TEST_CASE("server flight: malformed and oversized answers") {
  const auto status_of = [](const Bytes& bytes) { return read_server_flight(bytes, tables()).status; };
  CHECK(status_of(record(22, tls12_messages(), 0x0200)) == FlightStatus::malformed);  // not 3.x
  CHECK(status_of(record(20, Bytes{1})) == FlightStatus::malformed);  // change_cipher_spec first
  CHECK(status_of(record(24, Bytes{1})) == FlightStatus::malformed);  // heartbeat
  CHECK(status_of(record(21, Bytes{2})) == FlightStatus::malformed);  // a short alert
  CHECK(status_of(record(22, message(11, Bytes{0, 0, 0}))) == FlightStatus::malformed);  // no ServerHello first
  CHECK(status_of(record(22, message(2, Bytes{3, 3, 1}))) == FlightStatus::malformed);   // ServerHello cut short
  Bytes bad_cert = server_hello(0x0303, 0xc02f, 0, Bytes{});
  put(bad_cert, message(11, Bytes{0, 0, 5, 0, 0, 9, 1, 2}));  // the entry claims 9 bytes, has 2
  CHECK(status_of(record(22, bad_cert)) == FlightStatus::malformed);
  Bytes bad_ske = server_hello(0x0303, 0xc02f, 0, Bytes{});
  put(bad_ske, message(12, Bytes{1, 0, 0x17}));  // explicit curve parameters: never offered
  CHECK(status_of(record(22, bad_ske)) == FlightStatus::malformed);
  CHECK(status_of(record(22, server_hello(0x0305, 0xc02f, 0, Bytes{}))) == FlightStatus::malformed);
  Bytes long_record{22, 3, 3, 0xff, 0xff};
  CHECK(status_of(long_record) == FlightStatus::malformed);  // longer than TLS allows

  FlightLimits small;
  small.max_bytes = 100;
  const Bytes whole = record(22, tls12_messages());
  const ServerFlight over = read_server_flight(whole, tables(), small);
  CHECK(over.status == FlightStatus::too_large);
  FlightLimits one_cert;
  one_cert.max_certificates = 1;
  CHECK(read_server_flight(whole, tables(), one_cert).certificates.size() == 1);
}

namespace {

Bytes recorded(std::string_view hex) {
  auto bytes = encoding::from_hex(hex);
  REQUIRE(bytes.ok());
  return std::move(bytes).value();
}

// The answer is decided only once it is whole: every shorter prefix needs more.
void check_prefixes_undecided(const Bytes& whole, std::size_t decided_at) {
  for (std::size_t n = 0; n < decided_at; n += 7) {
    INFO("prefix " << n);
    REQUIRE(read_server_flight(ByteView(whole).first(n), tables()).status == FlightStatus::need_more);
  }
}

}  // namespace

TEST_CASE("recorded: Postfix's TLS 1.2 ECDHE-RSA answer to a probe") {
  const Bytes bytes = recorded(testdata::kProbeEcdheRsaCbcX25519);
  const ServerFlight f = read_server_flight(bytes, tables());
  REQUIRE(f.status == FlightStatus::server_hello_done);
  CHECK(f.record_version == 0x0303);
  CHECK(f.version == 0x0303);
  CHECK(f.cipher_suite == 0xc028);  // TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, as configured
  CHECK(tables().tls12_suite(*f.cipher_suite) == Rating::phase_out);
  CHECK(f.group == 0x001d);
  CHECK(f.compression_method == 0);
  CHECK(f.extended_master_secret);
  CHECK(f.renegotiation_info);
  REQUIRE(f.certificates.size() == 1);
  CHECK(f.certificates[0][0] == 0x30);  // a DER SEQUENCE
  REQUIRE(f.signature_scheme);
  CHECK(tables().kex_signature_scheme(*f.signature_scheme) == Rating::good);
  check_prefixes_undecided(bytes, bytes.size());
}

TEST_CASE("recorded: Postfix's DHE answer carries the RFC 7919 ffdhe2048 prime") {
  const Bytes bytes = recorded(testdata::kProbeDheRsaGcmFfdhe2048);
  const ServerFlight f = read_server_flight(bytes, tables());
  REQUIRE(f.status == FlightStatus::server_hello_done);
  CHECK(f.cipher_suite == 0x009f);  // TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
  CHECK(f.dh_prime_bits == 2048);
  REQUIRE(f.dh_prime.size() == 256);
  // RFC 7919 App. A.1: ffdhe2048 begins FFFFFFFF FFFFFFFF ADF85458 A2BB4A9A and ends in 64 one bits.
  CHECK(encoding::to_hex(ByteView(f.dh_prime).first(16)) == "ffffffffffffffffadf85458a2bb4a9a");
  CHECK(encoding::to_hex(ByteView(f.dh_prime).last(8)) == "ffffffffffffffff");
  CHECK_FALSE(f.group);
  check_prefixes_undecided(bytes, bytes.size());
}

TEST_CASE("recorded: static RSA has no ServerKeyExchange; TLS 1.3 stops at the ServerHello; a refusal") {
  const ServerFlight rsa = read_server_flight(recorded(testdata::kProbeRsaGcm), tables());
  REQUIRE(rsa.status == FlightStatus::server_hello_done);
  CHECK(rsa.cipher_suite == 0x009d);  // TLS_RSA_WITH_AES_256_GCM_SHA384: insufficient (no forward secrecy)
  CHECK(tables().tls12_suite(*rsa.cipher_suite) == Rating::insufficient);
  CHECK_FALSE(rsa.signature_scheme);
  CHECK_FALSE(rsa.group);
  CHECK(rsa.certificates.size() == 1);

  const Bytes tls13_bytes = recorded(testdata::kProbeTls13P256);
  const ServerFlight tls13 = read_server_flight(tls13_bytes, tables());
  REQUIRE(tls13.status == FlightStatus::server_hello_tls13);
  CHECK(tls13.version == 0x0304);
  CHECK(tls13.legacy_version == 0x0303);
  CHECK(tls13.group == 0x001d);  // OpenSSL 3.0 has no ML-KEM: the x25519 share we sent
  CHECK(tables().tls13_suite(*tls13.cipher_suite) != Rating::unknown);
  CHECK(tls13.certificates.empty());  // encrypted in TLS 1.3

  const ServerFlight refused = read_server_flight(recorded(testdata::kProbeAlertHandshakeFailure), tables());
  CHECK(refused.status == FlightStatus::alert);
  CHECK(refused.alert_level == 2);
  CHECK(refused.alert_description == 40);  // handshake_failure
}
