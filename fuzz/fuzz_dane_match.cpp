// DANE matching takes TLSA records and certificates from the network.
// Input layout (all lengths bounded by the input itself):
//   byte 0: number of TLSA records (mod 9)
//   each record: usage, selector, matching type, length (1 byte), data
//   then certificates: length (2 bytes, big-endian), DER bytes ... until the end
// Properties: no crash or sanitizer report; a "matched" verdict names the
// record in force that matched.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "dane/match.h"
#include "util/byte_reader.h"

using namespace daneel;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ByteReader reader(ByteView(data, size));
  std::vector<dns::Tlsa> records(reader.u8() % 9);
  for (dns::Tlsa& record : records) {
    record.usage = reader.u8();
    record.selector = reader.u8();
    record.matching_type = reader.u8();
    const ByteView bytes = reader.bytes(reader.u8());
    record.data.assign(bytes.begin(), bytes.end());
  }
  std::vector<Bytes> chain;
  while (reader.ok() && !reader.at_end()) {
    const ByteView der = reader.bytes(reader.u16());
    if (!reader.ok()) break;
    chain.emplace_back(der.begin(), der.end());
  }
  static const std::vector<dns::Name> names = {dns::Name::from_text("mx.example.nl.").value()};
  const dane::DaneResult result = dane::match({.chain = chain, .records = records, .reference_names = names,
                                               .now = 1'767'225'600'000});  // 2026-01-01
  if (result.verdict == dane::Verdict::matched && !result.matched_record.has_value()) std::abort();
  return 0;
}
