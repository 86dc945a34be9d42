// DNS messages come from resolvers daneel does not trust. Properties checked on
// every input (docs/FUZZING.md):
//  - parsing never crashes, reads out of bounds or overflows (sanitizers watch);
//  - a parsed message builds again, and the built bytes parse to an equal message
//    (building may only fail for size: it compresses fewer places than a sender may);
//  - every record prints and its presentation parses back to the same record,
//    owner octets included (what reports show is exactly what was received);
//  - canonical RDATA (RFC 4034 §6.2) is valid wire RDATA of the same type.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "dns/message.h"
#include "dns/record.h"

namespace dns = daneel::dns;

namespace {

void require(bool condition, const char* property, const std::string& detail = {}) {
  if (condition) return;
  std::fprintf(stderr, "fuzz_dns_message: %s\n%s\n", property, detail.c_str());
  std::abort();
}

void check_record(const dns::Record& record) {
  const std::string line = dns::to_text(record);
  const auto parsed = dns::record_from_text(line);
  require(parsed.ok(), "a printed record does not parse", line + "\n" + (parsed.ok() ? "" : parsed.error().message));
  require(parsed.value() == record, "a printed record parses to a different record", line);
  const auto owner = parsed.value().owner.wire();
  require(std::equal(owner.begin(), owner.end(), record.owner.wire().begin(), record.owner.wire().end()),
          "a printed owner name changed its octets", line);
  const auto canonical = dns::rdata_from_wire(record.type, dns::canonical_rdata(record.rdata));
  require(canonical.ok(), "canonical RDATA does not parse", line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto message = dns::parse_message(daneel::ByteView(data, size));
  if (!message.ok()) return 0;
  const dns::Message& m = message.value();
  (void)dns::to_text(m);
  for (const auto* section : {&m.answers, &m.authority, &m.additional})
    for (const dns::Record& record : *section) check_record(record);

  const auto built = dns::build_message(m);
  if (!built.ok()) {
    require(built.error().code == daneel::Errc::limit_exceeded, "a parsed message does not build",
            built.error().message);
    return 0;
  }
  const auto again = dns::parse_message(built.value());
  require(again.ok(), "a built message does not parse", again.ok() ? "" : again.error().message);
  require(again.value() == m, "a built message parses to a different message", dns::to_text(m));
  return 0;
}
