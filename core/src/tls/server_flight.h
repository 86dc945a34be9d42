// Reads a server's answer to a probe ClientHello (tls/probe_hello.h): its
// first flight in the clear, up to the point where it waits for us or goes
// encrypted, or its alert. docs/TLS_GRADING.md, section 2, says what each
// part decides.
//
//   TLS 1.3 ServerHello: version, suite, key-share group; complete (the rest is encrypted)
//   HelloRetryRequest:   the group the server asks for; complete
//   TLS 1.2 and older:   ServerHello (version, suite, compression, EMS,
//                        renegotiation_info), Certificate, ServerKeyExchange
//                        (ECDHE curve or DHE prime, signature scheme), up to
//                        ServerHelloDone; complete
//   an alert:            its level and description
//
// A pure function over everything received so far: call it again with more
// bytes until the status is no longer `need_more` (it re-reads from the
// start; the input is bounded by FlightLimits::max_bytes, so that costs
// little and keeps no state to get wrong). Bounded: bytes read, handshake
// bytes buffered, certificates kept and their size, extensions walked.
// Fuzzed: fuzz/fuzz_tls_server_flight.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tls/grading_tables.h"
#include "util/bytes.h"

namespace daneel::tls {

enum class FlightStatus : std::uint8_t {
  need_more,          // nothing decided yet: feed more bytes
  server_hello_tls13, // a TLS 1.3 ServerHello (what follows is encrypted)
  hello_retry,        // a TLS 1.3 HelloRetryRequest
  server_hello_done,  // TLS 1.2 or older: the whole first flight
  alert,              // the server refused (a plaintext alert record)
  malformed,          // bytes that are no TLS server flight (see `problem`)
  too_large,          // more than FlightLimits allow before a decision
};

std::string_view to_string(FlightStatus status);

struct FlightLimits {
  // The server's first flight: a chain of a few KiB; the relay's server TLS
  // cap is 128 KiB. Beyond this without a decision: too_large.
  std::size_t max_bytes = 128 * 1024;
  std::size_t max_certificates = 16;     // tls_types.h TlsLimits: real chains have 1-4
  std::size_t max_extensions = 64;       // a ServerHello has a handful
};

struct ServerFlight {
  FlightStatus status = FlightStatus::need_more;
  std::optional<std::uint16_t> record_version;  // of the first record (SSL 3.0 answers 0x0300)
  std::optional<std::uint16_t> legacy_version;  // ServerHello.legacy_version
  std::optional<std::uint16_t> version;         // negotiated: supported_versions if present, else legacy_version
  std::optional<std::uint16_t> cipher_suite;
  std::optional<std::uint8_t> compression_method;  // 0 null, 1 DEFLATE
  std::optional<std::uint16_t> group;  // TLS 1.3 key_share / HRR selected group / TLS 1.2 ECDHE named curve
  bool extended_master_secret = false;
  bool renegotiation_info = false;  // the extension was present (RFC 5746 §3.6: empty on a first handshake)
  std::vector<Bytes> certificates;  // TLS 1.2 and older, leaf first, DER
  Bytes dh_prime;                   // TLS 1.2 DHE: p, as sent (leading zeros kept)
  std::optional<std::uint16_t> dh_prime_bits;
  std::optional<std::uint16_t> signature_scheme;  // TLS 1.2 ServerKeyExchange
  std::optional<std::uint8_t> alert_level;
  std::optional<std::uint8_t> alert_description;
  std::string problem;  // for malformed / too_large: what did not parse
};

// `tables` tells the key exchange of the chosen TLS 1.2 suite, which the
// ServerKeyExchange format depends on (RFC 8422 §5.4 vs RFC 5246 §7.4.3); a
// suite the tables do not list leaves the ServerKeyExchange unread.
ServerFlight read_server_flight(ByteView received, const GradingTables& tables, const FlightLimits& limits = {});

}  // namespace daneel::tls
