// The TLS client's memory-BIO plumbing and failure paths, without a network
// (the project's Mbed TLS has no server side; real handshakes run against
// the test world's Postfix in tests/integration/smtp_world_test.cpp).
#include <catch2/catch_test_macros.hpp>
#include <optional>
#include <string>

#include <mbedtls/asn1.h>
#include <mbedtls/oid.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509.h>

#include "data/dane/certs.h"
#include "data/tls/certs.h"
#include "tls/failure_side.h"
#include "tls/server_hello_observer.h"
#include "tls/tls_client.h"
#include "tls/tls_names.h"
#include "util/encoding.h"

using namespace daneel;
using namespace daneel::tls;

namespace {

TlsConfig config_for(const std::string& name) {
  TlsConfig config;
  config.server_name = name;
  return config;
}

Bytes bytes_of(std::initializer_list<int> values) {
  Bytes out;
  for (const int v : values) out.push_back(static_cast<std::uint8_t>(v));
  return out;
}

void append(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

Bytes u16(std::size_t v) { return bytes_of({static_cast<int>(v >> 8), static_cast<int>(v & 0xff)}); }
Bytes u24(std::size_t v) {
  return bytes_of({static_cast<int>(v >> 16), static_cast<int>((v >> 8) & 0xff), static_cast<int>(v & 0xff)});
}

Bytes handshake_message(int type, const Bytes& body) {
  Bytes out = bytes_of({type});
  append(out, u24(body.size()));
  append(out, body);
  return out;
}

Bytes record(int type, const Bytes& body) {
  Bytes out = bytes_of({type, 3, 3});
  append(out, u16(body.size()));
  append(out, body);
  return out;
}

Bytes extension(int type, const Bytes& body) {
  Bytes out = u16(static_cast<std::size_t>(type));
  append(out, u16(body.size()));
  append(out, body);
  return out;
}

Bytes server_hello(std::uint16_t suite, const Bytes& extensions, std::uint8_t random_fill = 0x42) {
  Bytes body = bytes_of({3, 3});
  append(body, Bytes(32, random_fill));
  append(body, bytes_of({0}));  // empty session id
  append(body, u16(suite));
  append(body, bytes_of({0}));  // compression null
  append(body, u16(extensions.size()));
  append(body, extensions);
  return handshake_message(2, body);
}

Bytes tls13_server_hello(std::uint16_t group) {
  Bytes extensions = extension(43, u16(0x0304));
  Bytes key_share = u16(group);
  append(key_share, u16(32));
  append(key_share, Bytes(32, 7));
  append(extensions, extension(51, key_share));
  return record(22, server_hello(0x1301, extensions));
}

ObservedHandshake observe_in_pieces(const Bytes& stream, std::size_t piece) {
  ServerHelloObserver observer;
  for (std::size_t i = 0; i < stream.size(); i += piece) {
    observer.on_bytes(ByteView(stream).subspan(i, std::min(piece, stream.size() - i)));
  }
  return observer.seen();
}

}  // namespace

TEST_CASE("tls client: start() writes a ClientHello carrying the SNI") {
  TlsClient client(config_for("mx.example.nl"));
  client.start();
  CHECK(client.state() == TlsState::handshaking);
  const Bytes hello = client.take_output();
  REQUIRE(hello.size() > 50);
  CHECK(hello[0] == 22);  // handshake record
  CHECK(hello[5] == 1);   // ClientHello
  const std::string text(hello.begin(), hello.end());
  CHECK(text.find("mx.example.nl") != std::string::npos);  // RFC 6066 §3 server_name
  CHECK(client.take_output().empty());
  CHECK_FALSE(client.write(as_bytes("EHLO x\r\n")).ok());  // not established yet
}

TEST_CASE("tls client: a trailing dot is not sent in the SNI") {
  TlsClient client(config_for("mx.example.nl."));
  client.start();
  const Bytes hello = client.take_output();
  const std::string text(hello.begin(), hello.end());
  CHECK(text.find("mx.example.nl") != std::string::npos);
  CHECK(text.find("mx.example.nl.") == std::string::npos);
}

TEST_CASE("tls client: without a name no SNI is sent") {
  TlsClient client(config_for(""));
  client.start();
  const Bytes hello = client.take_output();
  CHECK(hello.size() > 50);
  CHECK(client.state() == TlsState::handshaking);
}

TEST_CASE("tls client: garbage from the server fails the handshake, never hangs") {
  for (const std::string& garbage : {std::string("220 2.0.0 Ready\r\n"), std::string("\x16\x03\x03\x00\x04\x02\x00\x00\x00", 9),
                                    std::string("\x17\x03\x03\x00\x05hello", 10),
                                    std::string("\x16\x03\x03\xff\xff", 5) + std::string(70'000, 'A')}) {
    INFO(garbage.substr(0, 8));
    TlsClient client(config_for("mx.example.nl"));
    client.start();
    (void)client.take_output();
    client.on_bytes(as_bytes(garbage));
    CHECK(client.state() == TlsState::failed);
    CHECK(client.failure().mbedtls_error < 0);
    CHECK_FALSE(client.failure().reason.empty());
    CHECK(client.buffered_plaintext() == 0);
  }
}

TEST_CASE("tls client: a malformed ServerHello -> decode_error alert sent") {
  TlsClient client(config_for("mx.example.nl"));
  client.start();
  (void)client.take_output();
  // A ServerHello whose body ends inside the random.
  client.on_bytes(record(22, handshake_message(2, bytes_of({3, 3, 1, 2, 3}))));
  REQUIRE(client.state() == TlsState::failed);
  REQUIRE(client.failure().alert_sent.has_value());
  CHECK(*client.failure().alert_sent == 50);  // decode_error
  CHECK(client.failure().reason.find("decode_error") != std::string::npos);
  const Bytes alert = client.take_output();  // the alert goes out
  REQUIRE(alert.size() == 7);
  CHECK(alert[0] == 21);
}

TEST_CASE("tls client: a fatal alert from the server is reported by name") {
  TlsClient client(config_for("mx.example.nl"));
  client.start();
  (void)client.take_output();
  client.on_bytes(record(21, bytes_of({2, 70})));
  REQUIRE(client.state() == TlsState::failed);
  CHECK(client.failure().alert_received == 70);
  CHECK(client.failure().reason.find("protocol_version") != std::string::npos);
}

TEST_CASE("tls client: the handshake byte cap") {
  TlsConfig config = config_for("mx.example.nl");
  config.limits.max_handshake_bytes = 4096;
  TlsClient client(config);
  client.start();
  (void)client.take_output();
  client.on_bytes(Bytes{22, 3, 3, 0x40, 0x00});
  for (int i = 0; i < 100 && client.state() == TlsState::handshaking; ++i) client.on_bytes(Bytes(100, 0x0b));
  CHECK(client.state() == TlsState::failed);
  CHECK(client.handshake_bytes_received() <= 4096 + 100);
}

// A TLS 1.2 ServerHello (ECDHE-ECDSA-AES128-GCM-SHA256, renegotiation_info)
// and a Certificate message with `der` as the only certificate, unframed.
Bytes tls12_hello_and_certificate(const Bytes& der) {
  Bytes flight = server_hello(0xC02B, extension(0xff01, bytes_of({0})));
  Bytes entry = u24(der.size());
  append(entry, der);
  Bytes list = u24(entry.size());
  append(list, entry);
  append(flight, handshake_message(11, list));
  return flight;
}

// A fresh client's failure after the server sent `server_bytes`.
TlsFailure failure_after(const Bytes& server_bytes) {
  TlsClient client(config_for("mx.example.nl"));
  client.start();
  (void)client.take_output();
  client.on_bytes(server_bytes);
  REQUIRE(client.state() == TlsState::failed);
  return client.failure();
}

TEST_CASE("tls client: a certificate Mbed TLS cannot read is daneel's limit, not the server's fault") {
  // A well-formed CA certificate with a critical nameConstraints extension:
  // OpenSSL (and so a sending MTA) reads it, Mbed TLS 3.6 does not implement it.
  const TlsFailure failure =
      failure_after(record(22, tls12_hello_and_certificate(encoding::from_hex(testdata::kNameConstrainedCa).value())));
  // x509_crt.c: an extension it has no parser for, marked critical.
  CHECK(failure.mbedtls_error == MBEDTLS_ERR_X509_INVALID_EXTENSIONS + MBEDTLS_ERR_ASN1_UNEXPECTED_TAG);
  CHECK_FALSE(failure.alert_received.has_value());
  CHECK(failure.side == FailureSide::checker);
}

TEST_CASE("tls client: a certificate that is garbage is the server's fault") {
  Bytes der = encoding::from_hex(testdata::kNameConstrainedCa).value();
  der.resize(40);  // cut inside the TBSCertificate
  CHECK(failure_after(record(22, tls12_hello_and_certificate(der))).side == FailureSide::server);
}

TEST_CASE("tls client: a server alert is the server's doing whatever the error") {
  CHECK(failure_after(record(21, bytes_of({2, 40}))).side == FailureSide::server);  // handshake_failure
}

FailureFacts facts(int error, bool alert_received = false, std::optional<std::uint16_t> scheme = std::nullopt,
                   bool offered = false) {
  FailureFacts f;
  f.mbedtls_error = error;
  f.alert_received = alert_received;
  f.server_signature_scheme = scheme;
  f.server_signature_scheme_offered = offered;
  return f;
}

TEST_CASE("failure side: the rule, case by case") {
  const int unknown_sig_alg = MBEDTLS_ERR_X509_UNKNOWN_SIG_ALG + MBEDTLS_ERR_OID_NOT_FOUND;
  const int critical_unknown = MBEDTLS_ERR_X509_INVALID_EXTENSIONS + MBEDTLS_ERR_ASN1_UNEXPECTED_TAG;
  const int malformed_extension = MBEDTLS_ERR_X509_INVALID_EXTENSIONS + MBEDTLS_ERR_ASN1_OUT_OF_DATA;
  // daneel's limits.
  CHECK(blame_handshake_failure(facts(unknown_sig_alg)) == FailureSide::checker);
  CHECK(blame_handshake_failure(facts(critical_unknown)) == FailureSide::checker);
  CHECK(blame_handshake_failure(facts(MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE)) == FailureSide::checker);
  CHECK(blame_handshake_failure(facts(MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE)) == FailureSide::checker);
  CHECK(blame_handshake_failure(facts(MBEDTLS_ERR_PK_UNKNOWN_PK_ALG)) == FailureSide::checker);
  // Mbed TLS 3.6.6's regression: rsa_pss_rsae_sha256 (0x0804), offered by
  // daneel, refused in a TLS 1.2 ServerKeyExchange with illegal_parameter.
  CHECK(blame_handshake_failure(facts(MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER, false, 0x0804, true)) == FailureSide::checker);
  // The server's doing.
  CHECK(blame_handshake_failure(facts(MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER, false, 0x0201, false)) == FailureSide::server);
  CHECK(blame_handshake_failure(facts(MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER)) == FailureSide::server);
  CHECK(blame_handshake_failure(facts(malformed_extension)) == FailureSide::server);
  CHECK(blame_handshake_failure(facts(MBEDTLS_ERR_SSL_DECODE_ERROR)) == FailureSide::server);
  CHECK(blame_handshake_failure(facts(0)) == FailureSide::server);
  CHECK(blame_handshake_failure(facts(unknown_sig_alg, true)) == FailureSide::server);
}

TEST_CASE("tls client: a ServerKeyExchange signed with a scheme daneel did not offer is the server's fault") {
  // ServerHello + Certificate (an ECDSA P-256 certificate Mbed TLS reads) +
  // ServerKeyExchange on x25519 signed with ecdsa_sha1 (0x0203), which daneel
  // never offers: Mbed TLS refuses it with illegal_parameter. With
  // ecdsa_secp256r1_sha256 (0x0403, offered) the bytes are no signature.
  const Bytes der = encoding::from_hex(dane::testdata::kEeEc.der).value();
  for (const std::uint16_t scheme : {std::uint16_t{0x0203}, std::uint16_t{0x0403}}) {
    INFO("scheme " << scheme);
    Bytes flight = tls12_hello_and_certificate(der);
    Bytes ske = bytes_of({3});
    append(ske, u16(29));  // x25519
    append(ske, bytes_of({32}));
    append(ske, Bytes(32, 9));
    append(ske, u16(scheme));
    append(ske, u16(8));
    append(ske, Bytes(8, 1));  // not a signature
    append(flight, handshake_message(12, ske));
    const TlsFailure failure = failure_after(record(22, flight));
    CHECK(failure.side == FailureSide::server);
    if (scheme == 0x0203) CHECK(failure.mbedtls_error == MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER);
  }
}

TEST_CASE("server hello observer: TLS 1.3 group, in every piece size") {
  Bytes stream = tls13_server_hello(29);
  append(stream, record(20, bytes_of({1})));            // middlebox-compatibility CCS
  append(stream, record(23, Bytes(40, 0x99)));          // encrypted from here on
  for (const std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{7}, stream.size()}) {
    INFO("piece " << piece);
    const ObservedHandshake seen = observe_in_pieces(stream, piece);
    CHECK(seen.version == 0x0304);
    CHECK(seen.cipher_suite == 0x1301);
    CHECK(seen.group == 29);
    CHECK_FALSE(seen.hello_retry_request);
    CHECK_FALSE(seen.malformed);
  }
}

TEST_CASE("server hello observer: HelloRetryRequest then ServerHello") {
  const Bytes hrr_random{0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                         0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
                         0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};
  Bytes extensions = extension(43, u16(0x0304));
  append(extensions, extension(51, u16(24)));  // selected_group secp384r1
  Bytes hrr_body = bytes_of({3, 3});
  append(hrr_body, hrr_random);
  append(hrr_body, bytes_of({0}));
  append(hrr_body, u16(0x1302));
  append(hrr_body, bytes_of({0}));
  append(hrr_body, u16(extensions.size()));
  append(hrr_body, extensions);
  Bytes stream = record(22, handshake_message(2, hrr_body));
  append(stream, record(20, bytes_of({1})));
  append(stream, tls13_server_hello(24));
  const ObservedHandshake seen = observe_in_pieces(stream, 3);
  CHECK(seen.hello_retry_request);
  CHECK(seen.group == 24);
  CHECK(seen.version == 0x0304);
}

TEST_CASE("server hello observer: TLS 1.2 EMS, renegotiation_info, ECDHE curve and signature") {
  Bytes extensions = extension(0xff01, bytes_of({0}));
  append(extensions, extension(23, {}));
  Bytes flight = server_hello(0xC02B, extensions);  // ECDHE-ECDSA-AES128-GCM-SHA256
  append(flight, handshake_message(11, Bytes(3000, 0x30)));  // a Certificate, skipped unbuffered
  Bytes ske = bytes_of({3});
  append(ske, u16(23));
  append(ske, bytes_of({65}));
  append(ske, Bytes(65, 4));
  append(ske, u16(0x0403));
  append(ske, u16(8));
  append(ske, Bytes(8, 1));
  append(flight, handshake_message(12, ske));
  append(flight, handshake_message(14, {}));  // ServerHelloDone
  // One flight over two records, split inside the Certificate.
  Bytes stream = record(22, Bytes(flight.begin(), flight.begin() + 1000));
  append(stream, record(22, Bytes(flight.begin() + 1000, flight.end())));
  append(stream, record(20, bytes_of({1})));
  for (const std::size_t piece : {std::size_t{1}, std::size_t{100}, stream.size()}) {
    INFO("piece " << piece);
    const ObservedHandshake seen = observe_in_pieces(stream, piece);
    CHECK(seen.version == 0x0303);
    CHECK(seen.extended_master_secret);
    CHECK(seen.renegotiation_info);
    CHECK(seen.group == 23);
    CHECK(seen.signature_scheme == 0x0403);
    CHECK_FALSE(seen.malformed);
  }
}

TEST_CASE("server hello observer: hostile records are bounded and marked") {
  ServerHelloObserver observer;
  observer.on_bytes(Bytes{22, 3, 3, 0xff, 0xff});  // longer than any TLS record may be
  CHECK(observer.finished());
  CHECK(observer.seen().malformed);
  const ObservedHandshake alert = observe_in_pieces(record(21, bytes_of({2, 40})), 1);
  CHECK(alert.alert_description == 40);
}

TEST_CASE("tls names: IANA names for suites, groups, schemes, alerts") {
  CHECK(iana_cipher_suite_name("TLS1-3-AES-256-GCM-SHA384") == "TLS_AES_256_GCM_SHA384");
  CHECK(iana_cipher_suite_name("TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256") == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  CHECK(group_name(29) == "x25519");
  CHECK(group_name(0x1234) == "unknown (0x1234)");
  CHECK(signature_scheme_name(0x0804) == "rsa_pss_rsae_sha256");
  CHECK(alert_name(40) == "handshake_failure");
}
