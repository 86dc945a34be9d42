// CAA records come from zones daneel does not control (mail_caa, check/caa.h).
// The input is an RRset: records as [length u16 big-endian][CAA RDATA], each
// read with the wire parser (rdata.h), then the RRset's policy (dns/caa.h);
// the whole input is also read as one issue value. Properties:
//  - no crash, no read out of bounds (sanitizers watch);
//  - the policy is bounded (kMaxCaaProperties records, kMaxCaaParameters
//    parameters per value) and counts no property twice;
//  - a value read as well-formed prints (caa_issuer_text) and reads back to
//    the same issuer (what the report shows is what the zone says).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "dns/caa.h"
#include "dns/rdata.h"

using namespace daneel;

namespace {

void require(bool condition, const char* property) {
  if (condition) return;
  std::fprintf(stderr, "fuzz_caa: %s\n", property);
  std::abort();
}

void check_issuer(const dns::CaaIssuer& issuer) {
  require(issuer.parameters.size() <= dns::kMaxCaaParameters, "more parameters than the bound");
  if (issuer.malformed) return;
  const std::string text = dns::caa_issuer_text(issuer);
  require(dns::read_caa_issuer(as_bytes(text)) == issuer, "a well-formed issuer does not read back to itself");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  check_issuer(dns::read_caa_issuer(input));

  std::vector<dns::Caa> records;
  std::size_t offset = 0;
  // Each round consumes at least two bytes, so this loop is bounded by size.
  while (offset + 2 <= size) {
    const std::size_t length = (std::size_t{data[offset]} << 8) | data[offset + 1];
    offset += 2;
    if (length > size - offset) break;
    auto rdata = dns::rdata_from_wire(dns::RrType::caa, input.subspan(offset, length));
    offset += length;
    if (!rdata.ok()) continue;
    const auto* caa = std::get_if<dns::Caa>(&rdata.value());
    require(caa != nullptr, "CAA RDATA parsed to another type");
    records.push_back(*caa);
  }
  const dns::CaaPolicy policy = dns::read_caa_policy(records);
  require(policy.records <= dns::kMaxCaaProperties && policy.records <= records.size(), "records beyond the bound");
  require(policy.truncated == (records.size() > dns::kMaxCaaProperties), "truncation not reported");
  require(policy.issue.size() + policy.issuewild.size() + policy.iodef + policy.critical_unknown.size() <=
              policy.records,
          "a property counted twice");
  for (const dns::CaaIssuer& issuer : policy.issue) check_issuer(issuer);
  for (const dns::CaaIssuer& issuer : policy.issuewild) check_issuer(issuer);
  return 0;
}
