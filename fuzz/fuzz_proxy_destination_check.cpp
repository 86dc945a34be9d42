// The relay's destination check (proxy/policy/destination_check.h) judges DNS
// answers from the proxy's resolver: hostile bytes once parsed by the core's
// parser. The input is one DNS message; it is judged as D's MX answer and as
// H's A and AAAA answers, for fixed names and addresses and for names taken
// from the message itself (so CNAME chains and loops of the input are walked).
// Properties on every input: no crash, no read out of bounds, the walk ends
// (sanitizers and the fuzzer's timeout watch), and only a DNS answer is ever
// judged as anything but the resolver's failure.
#include <cstdint>
#include <cstdlib>

#include "dns/message.h"
#include "policy/destination_check.h"

using namespace daneel;
using namespace daneel::proxy::policy;

namespace {

void judge_as(const dns::Message& message, dns::QueryOutcome outcome, const dns::Name& domain, const dns::Name& host) {
  dns::QueryResult result;
  result.outcome = outcome;
  result.message = message;
  const MxJudgement mx = judge_mx(domain, host, result);
  if (!dns::is_dns_answer(outcome) && mx != MxJudgement::resolver_failed) std::abort();
  for (const char* text : {"192.0.2.1", "2001:db8::25", "127.0.1.11"}) {
    const auto address = parse_ip(text);
    if (!address) std::abort();
    const AddressJudgement a = judge_address(host, *address, result);
    if (!dns::is_dns_answer(outcome) && a != AddressJudgement::resolver_failed) std::abort();
  }
  (void)records_at_chain_end(message.answers, domain, dns::RrType::mx);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = dns::parse_message(daneel::ByteView(data, size));
  if (!parsed.ok()) return 0;
  const dns::Message& message = parsed.value();
  const dns::Name domain = dns::Name::from_text("example.org").value();
  const dns::Name host = dns::Name::from_text("mx.example.org").value();
  for (const auto outcome : {dns::QueryOutcome::answer, dns::QueryOutcome::nodata, dns::QueryOutcome::servfail}) {
    judge_as(message, outcome, domain, host);
    if (!message.questions.empty()) judge_as(message, outcome, message.questions.front().name, host);
    if (!message.answers.empty()) judge_as(message, outcome, message.answers.front().owner, message.answers.back().owner);
  }
  return 0;
}
