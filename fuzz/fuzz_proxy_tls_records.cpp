// The relay's TLS record budget (proxy/policy/tls_record_budget.h) reads
// record headers from a hostile browser and a hostile server. The input is a
// script: byte 0 picks the limits, then ops of [header][bytes]: header bit 7
// says who sends (1: client), bits 0-6 + 1 the length. The script runs twice,
// in the scripted chunks and byte by byte. Properties on every input:
//  - no crash, no read out of bounds (sanitizers watch);
//  - chunking does not matter for the decision: the same refusal; forwarded
//    byte counts differ only by the part of a refused header that arrived
//    before the chunk that completed it (at most 4 octets);
//  - never more than the cap forwarded per direction, never more client
//    application-data records or octets than the budget (checked against an
//    independent re-parse of the forwarded client bytes);
//  - a refusal is final: later calls forward nothing and repeat it.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <vector>

#include "policy/tls_record_budget.h"

using namespace daneel::proxy::policy;

namespace {

struct Op {
  bool client;
  const std::uint8_t* data;
  std::size_t size;
};

struct Outcome {
  std::vector<std::uint8_t> client;  // forwarded client bytes
  std::size_t server = 0;
  std::optional<TlsRefusal> refusal;
};

Outcome run(const std::vector<Op>& ops, const TlsBudgetLimits& limits, bool byte_by_byte) {
  TlsRecordBudget budget(limits);
  Outcome out;
  for (const Op& op : ops) {
    const std::size_t step = byte_by_byte ? 1 : std::max<std::size_t>(op.size, 1);
    for (std::size_t at = 0; at < op.size; at += step) {
      const std::span<const std::uint8_t> piece(op.data + at, std::min(step, op.size - at));
      const std::optional<TlsRefusal> before = budget.refusal();
      const TlsStep s = op.client ? budget.on_client(piece) : budget.on_server(piece);
      if (s.forward > piece.size()) std::abort();
      if (before && (s.forward != 0 || s.refusal != before)) std::abort();
      if (op.client) {
        out.client.insert(out.client.end(), piece.begin(),
                          piece.begin() + static_cast<std::ptrdiff_t>(s.forward));
      } else {
        out.server += s.forward;
      }
      if (s.refusal) {
        out.refusal = s.refusal;
        return out;
      }
    }
  }
  return out;
}

// Counts complete application-data record headers in the forwarded client bytes.
void check_budget(const std::vector<std::uint8_t>& bytes, const TlsBudgetLimits& limits) {
  std::size_t at = 0;
  unsigned records = 0;
  std::size_t payload = 0;
  while (at + 5 <= bytes.size()) {  // each round advances by at least 5
    const std::size_t length = static_cast<std::size_t>(bytes[at + 3]) << 8 | bytes[at + 4];
    if (bytes[at] == 23) {
      ++records;
      payload += length;
      if (length > limits.client_app_record_bytes) std::abort();
    }
    at += 5 + length;
  }
  if (records > limits.client_app_records || payload > limits.client_app_bytes) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  TlsBudgetLimits limits = calibrated_tls_budget(data[0] & 0x3f);
  if (data[0] & 0x40) {  // small caps, so the fuzzer reaches them
    limits.client_bytes = 64 + data[0];
    limits.server_bytes = 128 + data[0];
  }
  std::vector<Op> ops;
  for (std::size_t at = 1; at < size;) {  // each op consumes at least its header byte
    const std::uint8_t header = data[at++];
    const std::size_t length = std::min<std::size_t>((header & 0x7f) + 1u, size - at);
    ops.push_back(Op{(header & 0x80) != 0, data + at, length});
    at += length;
  }
  const Outcome chunks = run(ops, limits, false);
  const Outcome bytes = run(ops, limits, true);
  if (chunks.refusal != bytes.refusal) std::abort();
  if (bytes.client.size() < chunks.client.size() || bytes.client.size() > chunks.client.size() + 4)
    std::abort();
  if (bytes.server < chunks.server || bytes.server > chunks.server + 4) std::abort();
  if (bytes.client.size() > limits.client_bytes || bytes.server > limits.server_bytes) std::abort();
  check_budget(bytes.client, limits);
  check_budget(chunks.client, limits);
  return 0;
}
