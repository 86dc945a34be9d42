// The ClientHello of a grading probe (docs/TLS_GRADING.md, section 3), built by
// the core because Mbed TLS 3.6 cannot express these offers: TLS 1.0/1.1
// (it has no such client), only insufficient suites, DEFLATE, ML-KEM hybrid
// key shares, a chosen order. The probe sends this one record after STARTTLS,
// reads the server's first flight (tls/server_flight.h) and closes.
//
// A pure function over its inputs: the caller supplies the random bytes
// (sans-IO: no entropy source here) and the key-share bytes. The key shares
// need only have the right form (the probe never computes a shared secret):
// probe_key_share() makes them from random bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace daneel::tls {

struct KeyShareOffer {
  std::uint16_t group = 0;  // IANA TLS Supported Groups
  Bytes key_exchange;       // RFC 8446 §4.2.8 KeyShareEntry.key_exchange
};

struct ProbeOffer {
  // ClientHello.legacy_version (RFC 8446 §4.1.2; RFC 5246 §7.4.1.2
  // client_version): 0x0302 asks a server for TLS 1.1 at most, 0x0303 for
  // TLS 1.2 at most when `supported_versions` is empty.
  std::uint16_t legacy_version = 0x0303;
  // RFC 8446 §4.2.1, in preference order; empty: the extension is not sent.
  std::vector<std::uint16_t> supported_versions;
  std::vector<std::uint16_t> cipher_suites;  // in the order to offer them
  std::vector<std::uint16_t> groups;         // supported_groups; empty: not sent
  std::vector<KeyShareOffer> key_shares;     // TLS 1.3; sent only with supported_versions
  std::vector<std::uint16_t> signature_schemes;  // empty: not sent
  bool offer_deflate = false;           // compression_methods {DEFLATE, null} (RFC 3749)
  bool renegotiation_info = true;       // RFC 5746 extension (empty renegotiated_connection)
  bool extended_master_secret = true;   // RFC 7627
  bool ec_point_formats = true;         // RFC 8422 §5.1.2: uncompressed only
  std::string server_name;              // SNI host name (RFC 6066 §3); empty: not sent
};

// Limits of a probe ClientHello: it must fit one record (RFC 8446 §5.1:
// 2^14 bytes), and the relay bounds what a client sends in TLS (8 KiB).
struct ProbeHelloLimits {
  std::size_t max_record_body = 1u << 14;
  std::size_t max_suites = 256;
  std::size_t max_groups = 64;
  std::size_t max_key_shares = 4;
  // The largest hybrid share, SecP384r1MLKEM1024, is 97 + 1568 = 1665 bytes.
  std::size_t max_key_share_bytes = 2048;
  std::size_t max_signature_schemes = 64;
  std::size_t max_versions = 8;
  std::size_t max_server_name = 253;  // RFC 1035 §2.3.4 text form without the dot
};

// The whole TLS record (content type 22, record version 0x0301 as RFC 8446
// §5.1 allows for a first ClientHello and the relay requires, whatever
// version is offered inside). `random` must be 32 bytes, `session_id` 0 or 32
// (RFC 8446 §4.1.2: a TLS 1.3 offer sends 32 for middlebox compatibility).
Result<Bytes> build_probe_client_hello(const ProbeOffer& offer, ByteView random, ByteView session_id,
                                       const ProbeHelloLimits& limits = {});

// A key share of the right form for `group`, made from `random`: x25519 (32
// bytes of it), secp256r1 (the curve's generator, uncompressed: a valid point,
// fixed), X25519MLKEM768 (an ML-KEM-768 encapsulation key whose polynomial is
// zero, valid under FIPS 203's modulus check, with 32 random bytes of rho,
// then the x25519 part; 1216 bytes). `random` needs 64 bytes. Other groups:
// Errc::unsupported.
Result<Bytes> probe_key_share(std::uint16_t group, ByteView random);

}  // namespace daneel::tls
