#include "tls/server_hello_observer.h"

#include <mbedtls/ssl.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "tls/wire.h"
#include "util/byte_reader.h"

namespace daneel::tls {

namespace {

using namespace wire;  // the wire constants (tls/wire.h)
constexpr std::size_t kMaxInterestingMessage = 64 * 1024;

bool is_ecdhe_suite(std::uint16_t suite) {
  const char* name = mbedtls_ssl_get_ciphersuite_name(suite);
  return name != nullptr && std::string_view(name).starts_with("TLS-ECDHE-");
}
bool is_dhe_suite(std::uint16_t suite) {
  const char* name = mbedtls_ssl_get_ciphersuite_name(suite);
  return name != nullptr && std::string_view(name).starts_with("TLS-DHE-");
}

}  // namespace

void ServerHelloObserver::stop(bool malformed) {
  finished_ = true;
  seen_.malformed = seen_.malformed || malformed;
  record_.clear();
  record_.shrink_to_fit();
  message_body_.clear();
  message_body_.shrink_to_fit();
}

void ServerHelloObserver::on_bytes(ByteView data) {
  const auto append = [&](std::size_t wanted) {
    if (record_.size() >= wanted) return;
    const std::size_t take = std::min(wanted - record_.size(), data.size());
    record_.insert(record_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(take));
    data = data.subspan(take);
  };
  // Every round appends at least one byte or completes a (possibly empty) record.
  while (!finished_ && !data.empty()) {
    append(kRecordHeader);
    if (record_.size() < kRecordHeader) return;
    const std::size_t length = (std::size_t{record_[3]} << 8) | record_[4];
    if (length > kMaxRecordBody) return stop(true);
    append(kRecordHeader + length);
    if (record_.size() < kRecordHeader + length) return;
    const Bytes record = std::move(record_);
    record_.clear();
    on_record(record[0], ByteView(record).subspan(kRecordHeader));
  }
}

void ServerHelloObserver::on_record(std::uint8_t type, ByteView body) {
  switch (type) {
    case kHandshake:
      return on_handshake_bytes(body);
    case kAlert:
      if (body.size() == 2 && !seen_.alert_description) {
        seen_.alert_level = body[0];
        seen_.alert_description = body[1];
      }
      return;
    case kChangeCipherSpec:
      // TLS 1.2: everything after the server's CCS is encrypted. TLS 1.3
      // middlebox-compatibility CCS (RFC 8446 D.4) is meaningless: skip it.
      if (seen_.version != kTls13) stop(false);
      return;
    default:  // application data or unknown: encrypted from here on
      return stop(type != 23);
  }
}

void ServerHelloObserver::on_handshake_bytes(ByteView data) {
  while (!finished_ && !data.empty()) {
    if (skip_ > 0) {
      const std::size_t n = std::min(skip_, data.size());
      skip_ -= n;
      data = data.subspan(n);
      continue;
    }
    if (message_header_.size() < 4) {
      message_header_.push_back(data[0]);
      data = data.subspan(1);
      if (message_header_.size() < 4) continue;
      const std::size_t length =
          (std::size_t{message_header_[1]} << 16) | (std::size_t{message_header_[2]} << 8) | message_header_[3];
      const std::uint8_t type = message_header_[0];
      if (type != kServerHello && type != kServerKeyExchange) {
        skip_ = length;
        message_header_.clear();
        continue;
      }
      if (length > kMaxInterestingMessage) return stop(true);
      message_wanted_ = length;
      message_body_.clear();
    } else {
      const std::size_t n = std::min(message_wanted_ - message_body_.size(), data.size());
      message_body_.insert(message_body_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
      data = data.subspan(n);
    }
    if (message_header_.size() == 4 && message_body_.size() == message_wanted_) {
      const std::uint8_t type = message_header_[0];
      const Bytes body = std::move(message_body_);
      message_body_.clear();
      message_header_.clear();
      on_message(type, body);
    }
  }
}

void ServerHelloObserver::on_message(std::uint8_t type, ByteView body) {
  if (type == kServerHello) return parse_server_hello(body);
  return parse_server_key_exchange(body);
}

// RFC 8446 §4.1.3 / RFC 5246 §7.4.1.3.
void ServerHelloObserver::parse_server_hello(ByteView body) {
  ByteReader reader(body);
  const std::uint16_t legacy_version = reader.u16();
  const ByteView random = reader.bytes(32);
  reader.skip(reader.u8());  // legacy_session_id_echo
  const std::uint16_t suite = reader.u16();
  reader.skip(1);  // legacy_compression_method
  if (!reader.ok()) return stop(true);
  const bool retry = std::equal(random.begin(), random.end(), kHelloRetryRandom.begin());
  std::uint16_t version = legacy_version;
  if (!reader.at_end()) {  // extensions are optional in TLS 1.2 (RFC 5246 §7.4.1.3)
    ByteReader extensions(reader.bytes(reader.u16()));
    for (std::size_t count = 0; reader.ok() && extensions.ok() && !extensions.at_end() && count < 64; ++count) {
      const std::uint16_t ext_type = extensions.u16();
      ByteReader ext(extensions.bytes(extensions.u16()));
      if (!extensions.ok()) break;
      switch (ext_type) {
        case kExtSupportedVersions:
          version = ext.u16();
          break;
        case kExtKeyShare:  // HRR: selected_group only; ServerHello: KeyShareEntry
          seen_.group = ext.u16();
          break;
        case kExtExtendedMasterSecret:
          seen_.extended_master_secret = true;
          break;
        case kExtRenegotiationInfo:
          seen_.renegotiation_info = true;
          break;
        default:
          break;
      }
      if (!ext.ok()) return stop(true);
    }
    if (!reader.ok() || !extensions.ok()) return stop(true);
  }
  seen_.version = version;
  seen_.cipher_suite = suite;
  if (retry) {
    seen_.hello_retry_request = true;  // a second ServerHello follows in the clear
    return;
  }
  // TLS 1.3: everything after ServerHello is encrypted (RFC 8446 §2).
  if (version == kTls13) stop(false);
  if (version != kTls12 && version != kTls13) stop(true);
}

// RFC 8422 §5.4 (ECDHE) and RFC 5246 §7.4.3 (DHE): the parameters, then
// (TLS 1.2, RFC 5246 §7.4.1.4.1) the SignatureAndHashAlgorithm.
void ServerHelloObserver::parse_server_key_exchange(ByteView body) {
  if (!seen_.cipher_suite) return stop(true);
  ByteReader reader(body);
  if (is_ecdhe_suite(*seen_.cipher_suite)) {
    if (reader.u8() != kNamedCurve) return stop(true);
    seen_.group = reader.u16();
    reader.skip(reader.u8());  // the server's public point
  } else if (is_dhe_suite(*seen_.cipher_suite)) {
    const ByteView prime = reader.bytes(reader.u16());
    std::size_t leading_zero_bytes = 0;
    while (leading_zero_bytes < prime.size() && prime[leading_zero_bytes] == 0) ++leading_zero_bytes;
    seen_.dh_prime_bits = static_cast<std::uint16_t>(std::min<std::size_t>((prime.size() - leading_zero_bytes) * 8, 0xffff));
    reader.skip(reader.u16());  // g
    reader.skip(reader.u16());  // Ys
  } else {
    return;  // static RSA has no ServerKeyExchange; nothing to learn
  }
  const std::uint16_t scheme = reader.u16();
  if (reader.ok()) seen_.signature_scheme = scheme;
  // Keep reading until the server's ChangeCipherSpec: a plaintext alert may follow.
  if (!reader.ok()) stop(true);
}

}  // namespace daneel::tls
