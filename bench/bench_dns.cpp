// DNS message parsing and building: every answer the checker gets passes
// through parse_message, so messages per second bound a check's DNS work.
#include <string_view>
#include <vector>

#include "bench.h"
#include "dns/message.h"
#include "dns/recorded.h"  // tests/unit/data/dns/recorded.h
#include "util/encoding.h"

namespace daneel::bench {

void dns_messages() {
  namespace recorded = dns::recorded;
  const std::string_view hex_answers[] = {recorded::kMxEe311,         recorded::kTlsaEe311,
                                          recorded::kDnskeyEe311,     recorded::kNsec3Nxdomain,
                                          recorded::kDnskeyRsasha256, recorded::kNsecNodataTlsa};
  std::vector<Bytes> answers;
  std::size_t total = 0;
  for (const std::string_view hex : hex_answers) {
    answers.push_back(encoding::from_hex(hex).value());
    total += answers.back().size();
  }
  run("dns parse 6 recorded answers", total, [&] {
    for (const Bytes& answer : answers) keep(dns::parse_message(answer));
  });
  std::vector<dns::Message> messages;
  for (const Bytes& answer : answers) messages.push_back(dns::parse_message(answer).value());
  run("dns build 6 messages", total, [&] {
    for (const dns::Message& message : messages) keep(dns::build_message(message));
  });
}

}  // namespace daneel::bench
