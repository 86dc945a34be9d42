#include "tls/server_flight.h"

#include <algorithm>
#include <array>

#include "tls/wire.h"
#include "util/byte_reader.h"

namespace daneel::tls {

namespace {

using namespace wire;  // the wire constants (tls/wire.h)

class FlightReader {
 public:
  FlightReader(const GradingTables& tables, const FlightLimits& limits) : tables_(tables), limits_(limits) {}

  ServerFlight read(ByteView received) {
    const bool over = received.size() > limits_.max_bytes;
    if (over) received = received.first(limits_.max_bytes);
    ByteReader records(received);
    // Each round consumes a whole record (at least 5 bytes) or ends.
    while (flight_.status == FlightStatus::need_more && records.remaining() >= 5) {
      const ByteView header = records.whole().subspan(records.offset(), 5);
      const std::uint8_t type = header[0];
      const auto version = static_cast<std::uint16_t>(header[1] << 8 | header[2]);
      const std::size_t length = static_cast<std::size_t>(header[3]) << 8 | header[4];
      if (!flight_.record_version) flight_.record_version = version;
      if (header[1] != 3) return fail("a record whose version is not 3.x (no TLS server answers so)");
      if (length > kMaxRecordBody) return fail("a record longer than TLS allows");
      if (records.remaining() < 5 + length) break;  // the rest of this record has not arrived
      records.skip(5);
      const ByteView body = records.bytes(length);
      switch (type) {
        case kAlert:
          if (body.size() < 2) return fail("a short alert record");
          flight_.alert_level = body[0];
          flight_.alert_description = body[1];
          flight_.status = FlightStatus::alert;
          break;
        case kHandshake:
          handshake_.insert(handshake_.end(), body.begin(), body.end());
          read_messages();
          break;
        case kChangeCipherSpec:
        case kApplicationData:
          // Only after a TLS 1.3 ServerHello, where reading has already ended.
          return fail("a change_cipher_spec or application_data record before the server's first flight ended");
        default:
          return fail("a record of an unknown content type");
      }
    }
    if (flight_.status == FlightStatus::need_more && over) {
      flight_.status = FlightStatus::too_large;
      flight_.problem = "the server's first flight is larger than allowed";
    }
    return std::move(flight_);
  }

 private:
  ServerFlight fail(std::string problem) {
    flight_.status = FlightStatus::malformed;
    flight_.problem = std::move(problem);
    return std::move(flight_);
  }

  void set_malformed(std::string problem) {
    flight_.status = FlightStatus::malformed;
    flight_.problem = std::move(problem);
  }

  // Complete handshake messages in the buffer, in order; each round consumes one.
  void read_messages() {
    while (flight_.status == FlightStatus::need_more && handshake_.size() - consumed_ >= 4) {
      const std::uint8_t* head = handshake_.data() + consumed_;
      const std::size_t length = std::size_t{head[1]} << 16 | std::size_t{head[2]} << 8 | head[3];
      if (handshake_.size() - consumed_ - 4 < length) return;
      const ByteView body(head + 4, length);
      consumed_ += 4 + length;
      on_message(head[0], body);
    }
  }

  void on_message(std::uint8_t type, ByteView body) {
    if (!flight_.version) {
      if (type == kHelloRequest && body.empty()) return;  // RFC 5246 §7.4.1.1: may be ignored
      if (type != kServerHello) return set_malformed("the first handshake message is not a ServerHello");
      return server_hello(body);
    }
    switch (type) {
      case kCertificate:
        return certificate(body);
      case kServerKeyExchange:
        return server_key_exchange(body);
      case kCertificateRequest:
      case kCertificateStatus:
      case kHelloRequest:
        return;  // nothing a grade needs
      case kServerHelloDone:
        flight_.status = FlightStatus::server_hello_done;
        return;
      default:
        return set_malformed("an unexpected handshake message in the server's first flight");
    }
  }

  // RFC 8446 §4.1.3 / RFC 5246 §7.4.1.3 (extensions optional before TLS 1.3).
  void server_hello(ByteView body) {
    ByteReader reader(body);
    const std::uint16_t legacy_version = reader.u16();
    const ByteView random = reader.bytes(32);
    reader.skip(reader.u8());  // legacy_session_id_echo
    const std::uint16_t suite = reader.u16();
    const std::uint8_t compression = reader.u8();
    if (!reader.ok()) return set_malformed("a ServerHello cut short");
    const bool retry = std::equal(random.begin(), random.end(), kHelloRetryRandom.begin());
    std::uint16_t version = legacy_version;
    if (!reader.at_end()) {
      ByteReader extensions(reader.bytes(reader.u16()));
      std::size_t count = 0;
      while (reader.ok() && extensions.ok() && !extensions.at_end()) {
        if (++count > limits_.max_extensions) return set_malformed("a ServerHello with too many extensions");
        const std::uint16_t ext_type = extensions.u16();
        ByteReader ext(extensions.bytes(extensions.u16()));
        if (!extensions.ok()) break;
        switch (ext_type) {
          case kExtSupportedVersions:
            version = ext.u16();
            break;
          case kExtKeyShare:  // HRR: selected_group; ServerHello: KeyShareEntry (group first)
            flight_.group = ext.u16();
            break;
          case kExtExtendedMasterSecret:
            flight_.extended_master_secret = true;
            break;
          case kExtRenegotiationInfo:
            flight_.renegotiation_info = true;
            break;
          default:
            break;
        }
        if (!ext.ok()) return set_malformed("a ServerHello extension cut short");
      }
      if (!reader.ok() || !extensions.ok()) return set_malformed("ServerHello extensions cut short");
      if (!reader.at_end()) return set_malformed("bytes after the ServerHello extensions");
    }
    flight_.legacy_version = legacy_version;
    flight_.version = version;
    flight_.cipher_suite = suite;
    flight_.compression_method = compression;
    if (version < kSsl30 || version > kTls13) return set_malformed("a ServerHello with an unknown version");
    if (retry) {
      flight_.status = FlightStatus::hello_retry;
      return;
    }
    if (version == kTls13) flight_.status = FlightStatus::server_hello_tls13;
  }

  // RFC 5246 §7.4.2: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>.
  void certificate(ByteView body) {
    ByteReader reader(body);
    ByteReader list(reader.bytes(u24(reader)));
    if (!reader.ok() || !reader.at_end()) return set_malformed("a Certificate message whose length does not add up");
    // Each round consumes at least 3 bytes or ends.
    while (list.ok() && !list.at_end()) {
      const ByteView der = list.bytes(u24(list));
      if (!list.ok() || der.empty()) return set_malformed("a certificate entry cut short");
      if (flight_.certificates.size() < limits_.max_certificates) flight_.certificates.emplace_back(der.begin(), der.end());
    }
  }

  // RFC 8422 §5.4 (ECDHE), RFC 5246 §7.4.3 (DHE); then, from TLS 1.2 on, the
  // SignatureAndHashAlgorithm (RFC 5246 §7.4.1.4.1). Anonymous suites are not signed.
  void server_key_exchange(ByteView body) {
    const Tls12Suite* suite = flight_.cipher_suite ? tables_.find_tls12_suite(*flight_.cipher_suite) : nullptr;
    if (suite == nullptr) return;  // a suite we did not offer: the grader says so; nothing to read here
    ByteReader reader(body);
    bool signed_params = true;
    switch (suite->kex) {
      case SuiteKex::ecdhe:
      case SuiteKex::ecdh_anon: {
        if (reader.u8() != kNamedCurve) return set_malformed("an ECDHE ServerKeyExchange without a named curve");
        flight_.group = reader.u16();
        reader.skip(reader.u8());  // the server's public point
        signed_params = suite->kex == SuiteKex::ecdhe;
        break;
      }
      case SuiteKex::dhe:
      case SuiteKex::dh_anon: {
        const ByteView prime = reader.bytes(reader.u16());
        std::size_t zeros = 0;
        while (zeros < prime.size() && prime[zeros] == 0) ++zeros;
        flight_.dh_prime.assign(prime.begin(), prime.end());
        flight_.dh_prime_bits = static_cast<std::uint16_t>(std::min<std::size_t>((prime.size() - zeros) * 8, 0xffff));
        reader.skip(reader.u16());  // g
        reader.skip(reader.u16());  // Ys
        signed_params = suite->kex == SuiteKex::dhe;
        break;
      }
      case SuiteKex::rsa:
      case SuiteKex::ecdh:
        return;  // no ServerKeyExchange belongs to these; a grader need not read one
    }
    if (signed_params && flight_.version && *flight_.version >= kTls12) {
      const std::uint16_t scheme = reader.u16();
      if (reader.ok()) flight_.signature_scheme = scheme;
    }
    if (!reader.ok()) set_malformed("a ServerKeyExchange cut short");
  }

  static std::size_t u24(ByteReader& reader) {
    const std::size_t high = reader.u8();
    return high << 16 | reader.u16();
  }

  const GradingTables& tables_;
  FlightLimits limits_;
  ServerFlight flight_;
  Bytes handshake_;  // handshake record bodies, concatenated (bounded by max_bytes)
  std::size_t consumed_ = 0;
};

}  // namespace

std::string_view to_string(FlightStatus status) {
  switch (status) {
    case FlightStatus::need_more: return "need_more";
    case FlightStatus::server_hello_tls13: return "server_hello_tls13";
    case FlightStatus::hello_retry: return "hello_retry";
    case FlightStatus::server_hello_done: return "server_hello_done";
    case FlightStatus::alert: return "alert";
    case FlightStatus::malformed: return "malformed";
    case FlightStatus::too_large: return "too_large";
  }
  return "unknown";
}

ServerFlight read_server_flight(ByteView received, const GradingTables& tables, const FlightLimits& limits) {
  return FlightReader(tables, limits).read(received);
}

}  // namespace daneel::tls
