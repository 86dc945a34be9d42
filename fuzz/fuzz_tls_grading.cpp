// The grading-table reader (tls/grading_tables.h) over arbitrary text.
// Properties on every input:
//  - no crash, no abort, no read out of bounds (sanitizers watch): the reader
//    is built without exceptions, so a nlohmann call that would throw aborts
//    and is found here;
//  - an accepted file keeps its own rules: at most max_entries per table, RSA
//    bands strictly descending to 0, no code point twice in a table, and no
//    lookup of an accepted table answers a rating outside the enum.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "tls/grading_tables.h"

using namespace daneel;
using namespace daneel::tls;

namespace {
bool valid(Rating r) { return static_cast<unsigned>(r) <= static_cast<unsigned>(Rating::unknown); }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  GradingLimits limits;
  limits.max_entries = 64;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_grading_tables(text, limits);
  if (!parsed) return 0;
  const GradingTables& t = parsed.value();
  if (t.tls12_suites.size() > limits.max_entries || t.groups.size() > limits.max_entries) std::abort();
  if (t.cert_rsa_key_bits.empty() || t.cert_rsa_key_bits.back().min_bits != 0) std::abort();
  for (std::size_t i = 1; i < t.cert_rsa_key_bits.size(); ++i)
    if (t.cert_rsa_key_bits[i].min_bits >= t.cert_rsa_key_bits[i - 1].min_bits) std::abort();
  std::set<std::uint16_t> seen;
  for (const Tls12Suite& suite : t.tls12_suites)
    if (!seen.insert(suite.code).second || suite.rating == Rating::unknown) std::abort();
  for (const unsigned value : {0x0000u, 0x0303u, 0x1301u, 0xc02fu, 0x11ecu, 0xffffu}) {
    const auto code = static_cast<std::uint16_t>(value);
    if (!valid(t.version(code)) || !valid(t.tls13_suite(code)) || !valid(t.tls12_suite(code)) ||
        !valid(t.group(code)) || !valid(t.kex_signature_scheme(code)) || !valid(t.cert_ec_key(code)))
      std::abort();
  }
  if (!valid(t.cert_rsa_key(2048)) || !valid(t.cert_signature(SignatureAlgorithm::ecdsa, HashAlgorithm::sha1)))
    std::abort();
  return 0;
}
