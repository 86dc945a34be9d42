#include "policy/tls_record_budget.h"

#include <algorithm>

namespace daneel::proxy::policy {
namespace {

constexpr std::uint8_t kChangeCipherSpec = 20;
constexpr std::uint8_t kAlert = 21;
constexpr std::uint8_t kHandshake = 22;
constexpr std::uint8_t kApplicationData = 23;

constexpr std::size_t round_up_16(std::size_t n) {
  return (n + 15) / 16 * 16;
}

// ---- Calibration of the client's application-data budget.
//
// What the check's client (Mbed TLS 3.6, third_party/mbedtls config) sends as
// application_data records after STARTTLS, per protocol version:
//
// TLS 1.3 (RFC 8446): every encrypted record is application_data on the
// wire. Mbed TLS pads the inner plaintext (content + 1 type octet) to a
// multiple of 16 (MBEDTLS_SSL_CID_TLS1_3_PADDING_GRANULARITY, default 16,
// ssl_msg.c) and adds a 16-octet AEAD tag. The client sends four records:
//   Finished: 4-octet header + 48-octet verify_data (SHA-384 suites; 32 with
//             SHA-256): round16(53) + 16 = 80
//   EHLO:     "EHLO <name>\r\n" (L octets): round16(L + 1) + 16
//   QUIT:     "QUIT\r\n": round16(7) + 16 = 32
//   close_notify alert: round16(3) + 16 = 32
// TLS 1.2 (RFC 5246): Finished and close_notify are handshake and alert
// records, so only EHLO and QUIT are application data. The largest expansion
// is CBC with HMAC-SHA384: 16-octet IV, 48-octet MAC, padding to 16 (with or
// without encrypt-then-MAC): 16 + round16(n + 49). AES-GCM adds 24, ChaCha20
// 16, both less.
//
// With a 20-octet proxy name (L = 27): TLS 1.3 sends 192 octets in 4 records,
// TLS 1.2 176 in 2, the largest record 96 (TLS 1.2 CBC EHLO). The budget is
// that worst case plus one spare 64-octet record (so a small change in the
// check, e.g. an extra NOOP, does not break it): 256 octets, 5 records, at
// most 112 octets per record (the largest legitimate record plus one padding
// block).
//
// What it leaves an abuser: after the mandatory Finished, about 120-140
// octets of SMTP in records of under ~95 octets each. A mail transaction needs
// EHLO, MAIL, RCPT, DATA/BDAT, a message and the end marker, and without
// blind pipelining one record per command; blind-pipelined, the message part
// is a few dozen octets at most, one per session, under the per-client and
// per-destination rate limits (admission.h) and the plaintext EHLO rule that
// names the relay. That is no spam channel.
struct ClientAppData {
  std::size_t bytes = 0;
  std::size_t largest_record = 0;
  unsigned records = 0;
};

ClientAppData tls13_check(std::size_t ehlo_line) {
  const std::size_t records[] = {round_up_16(53) + 16, round_up_16(ehlo_line + 1) + 16, round_up_16(7) + 16,
                                 round_up_16(3) + 16};
  ClientAppData out;
  for (std::size_t r : records) {
    out.bytes += r;
    out.largest_record = std::max(out.largest_record, r);
    ++out.records;
  }
  return out;
}

ClientAppData tls12_check(std::size_t ehlo_line) {
  const auto cbc_sha384 = [](std::size_t n) { return 16 + round_up_16(n + 49); };
  const std::size_t records[] = {cbc_sha384(ehlo_line), cbc_sha384(6)};
  ClientAppData out;
  for (std::size_t r : records) {
    out.bytes += r;
    out.largest_record = std::max(out.largest_record, r);
    ++out.records;
  }
  return out;
}

}  // namespace

TlsBudgetLimits calibrated_tls_budget(std::size_t ehlo_name_length) {
  const std::size_t ehlo_line = 4 + 1 + ehlo_name_length + 2;  // "EHLO " name CRLF
  const ClientAppData v13 = tls13_check(ehlo_line);
  const ClientAppData v12 = tls12_check(ehlo_line);
  constexpr std::size_t kSpareRecord = 64;
  constexpr std::size_t kSpareBlock = 16;
  TlsBudgetLimits limits;
  limits.client_app_records = std::max(v13.records, v12.records) + 1;
  limits.client_app_bytes = std::max(v13.bytes, v12.bytes) + kSpareRecord;
  limits.client_app_record_bytes = std::max(v13.largest_record, v12.largest_record) + kSpareBlock;
  return limits;
}

TlsStep TlsRecordBudget::on_client(std::span<const std::uint8_t> chunk) {
  return feed(client_, Direction::client_to_server, chunk);
}

TlsStep TlsRecordBudget::on_server(std::span<const std::uint8_t> chunk) {
  return feed(server_, Direction::server_to_client, chunk);
}

TlsStep TlsRecordBudget::feed(Stream& stream, Direction direction, std::span<const std::uint8_t> chunk) {
  TlsStep step;
  if (refusal_) {
    step.refusal = refusal_;
    return step;
  }
  const bool from_client = direction == Direction::client_to_server;
  const std::size_t cap = from_client ? limits_.client_bytes : limits_.server_bytes;
  const Cap cap_name = from_client ? Cap::client_tls : Cap::server_tls;
  std::size_t header_start = 0;  // where the current header began in this chunk (0: in an earlier one)
  std::size_t i = 0;
  // Each round consumes at least one byte or returns: bounded by the chunk size.
  while (i < chunk.size()) {
    if (stream.total >= cap) {
      refusal_ = TlsRefusal{TlsRule::cap_exceeded, direction, cap_name};
      step.forward = i;
      step.refusal = refusal_;
      return step;
    }
    if (stream.payload_left > 0) {
      const std::size_t n = std::min({stream.payload_left, chunk.size() - i, cap - stream.total});
      stream.payload_left -= n;
      stream.total += n;
      i += n;
      continue;
    }
    if (stream.header_have == 0) header_start = i;
    stream.header[stream.header_have++] = chunk[i];
    ++stream.total;
    ++i;
    if (stream.header_have < stream.header.size()) continue;
    stream.header_have = 0;
    if (const auto rule = judge_header(stream, direction)) {
      refusal_ = TlsRefusal{*rule, direction, cap_name};
      step.forward = header_start;
      step.refusal = refusal_;
      return step;
    }
    stream.payload_left = static_cast<std::size_t>(stream.header[3]) << 8 | stream.header[4];
  }
  step.forward = chunk.size();
  return step;
}

std::optional<TlsRule> TlsRecordBudget::judge_header(const Stream& stream, Direction direction) {
  const std::uint8_t type = stream.header[0];
  if (type != kChangeCipherSpec && type != kAlert && type != kHandshake && type != kApplicationData)
    return TlsRule::bad_content_type;
  // TLSPlaintext.legacy_record_version: 3.1 in some first ClientHellos, 3.3
  // everywhere in TLS 1.2 and 1.3. SSL 3.0 (3.0) and anything else: refused.
  if (stream.header[1] != 3 || stream.header[2] < 1 || stream.header[2] > 3) return TlsRule::bad_version;
  const std::size_t length = static_cast<std::size_t>(stream.header[3]) << 8 | stream.header[4];
  const bool from_client = direction == Direction::client_to_server;
  if (length > (from_client ? limits_.max_client_record : limits_.max_server_record))
    return TlsRule::record_too_long;
  if (from_client && type == kApplicationData) {
    if (length > limits_.client_app_record_bytes) return TlsRule::app_data_record_too_long;
    if (client_app_records_ >= limits_.client_app_records) return TlsRule::app_data_records;
    if (client_app_bytes_ + length > limits_.client_app_bytes) return TlsRule::app_data_bytes;
    ++client_app_records_;
    client_app_bytes_ += length;
  }
  return std::nullopt;
}

std::string_view to_string(TlsRule rule) {
  switch (rule) {
    case TlsRule::bad_content_type:
      return "tls_bad_content_type";
    case TlsRule::bad_version:
      return "tls_bad_version";
    case TlsRule::record_too_long:
      return "tls_record_too_long";
    case TlsRule::app_data_records:
      return "tls_app_data_records";
    case TlsRule::app_data_bytes:
      return "tls_app_data_bytes";
    case TlsRule::app_data_record_too_long:
      return "tls_app_data_record_too_long";
    case TlsRule::cap_exceeded:
      return "cap_exceeded";
  }
  return "unknown";
}

}  // namespace daneel::proxy::policy
