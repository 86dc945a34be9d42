// TLS wire constants the core's own readers and writers share
// (server_hello_observer, server_flight, probe_hello): one definition each.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace daneel::tls::wire {

// Record content types (RFC 8446 §5.1, RFC 5246 §6.2.1).
inline constexpr std::uint8_t kChangeCipherSpec = 20;
inline constexpr std::uint8_t kAlert = 21;
inline constexpr std::uint8_t kHandshake = 22;
inline constexpr std::uint8_t kApplicationData = 23;
inline constexpr std::size_t kRecordHeader = 5;
// RFC 5246 §6.2.3: a TLS 1.2 record (ciphertext) is at most 2^14 + 2048 bytes.
inline constexpr std::size_t kMaxRecordBody = (1u << 14) + 2048;

// Handshake message types (RFC 8446 §4, RFC 5246 §7.4, RFC 6066 §8).
inline constexpr std::uint8_t kHelloRequest = 0;
inline constexpr std::uint8_t kServerHello = 2;
inline constexpr std::uint8_t kCertificate = 11;
inline constexpr std::uint8_t kServerKeyExchange = 12;
inline constexpr std::uint8_t kCertificateRequest = 13;
inline constexpr std::uint8_t kServerHelloDone = 14;
inline constexpr std::uint8_t kCertificateStatus = 22;

// Extension types (RFC 8446 §4.2; RFC 5746, 7627, 8422, 6066).
inline constexpr std::uint16_t kExtServerName = 0;
inline constexpr std::uint16_t kExtSupportedGroups = 10;
inline constexpr std::uint16_t kExtEcPointFormats = 11;
inline constexpr std::uint16_t kExtSignatureAlgorithms = 13;
inline constexpr std::uint16_t kExtExtendedMasterSecret = 23;
inline constexpr std::uint16_t kExtSupportedVersions = 43;
inline constexpr std::uint16_t kExtKeyShare = 51;
inline constexpr std::uint16_t kExtRenegotiationInfo = 0xff01;

// Protocol versions on the wire.
inline constexpr std::uint16_t kSsl30 = 0x0300;
inline constexpr std::uint16_t kTls11 = 0x0302;
inline constexpr std::uint16_t kTls12 = 0x0303;
inline constexpr std::uint16_t kTls13 = 0x0304;

// ServerKeyExchange ECParameters.curve_type named_curve (RFC 8422 §5.4).
inline constexpr std::uint8_t kNamedCurve = 3;

// RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello with this Random
// (SHA-256 of "HelloRetryRequest").
inline constexpr std::array<std::uint8_t, 32> kHelloRetryRandom{
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

}  // namespace daneel::tls::wire
