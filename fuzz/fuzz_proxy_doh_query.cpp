// The DoH endpoint's request parsing (proxy/policy/doh_query.h) reads a
// hostile request target and a hostile POST body. The input is used both
// ways: as the query string of "/dns-query?" + input, and as a body.
// Properties on every input: no crash, no read out of bounds; an accepted
// query is at most kMaxDohQuery octets and parses as a DNS QUERY with one
// question and no answer or authority records (checked again here); an
// accepted body is returned unchanged.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

#include "dns/message.h"
#include "policy/doh_query.h"

using namespace daneel;
using namespace daneel::proxy::policy;

namespace {

void check_accepted(const DohQuery& query) {
  const auto* wire = std::get_if<Bytes>(&query);
  if (wire == nullptr) return;
  if (wire->size() > kMaxDohQuery) std::abort();
  auto parsed = dns::parse_message(*wire);
  if (!parsed.ok()) std::abort();
  const dns::Message& m = parsed.value();
  if (m.header.qr || m.header.opcode != dns::Opcode::query || m.questions.size() != 1 || !m.answers.empty() ||
      !m.authority.empty())
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string target = "/dns-query?" + std::string(reinterpret_cast<const char*>(data), size);
  check_accepted(query_from_target(target));
  const ByteView body(data, size);
  const DohQuery from_body = query_from_body(body);
  check_accepted(from_body);
  if (const auto* wire = std::get_if<Bytes>(&from_body); wire && !std::equal(wire->begin(), wire->end(), body.begin(), body.end()))
    std::abort();
  return 0;
}
