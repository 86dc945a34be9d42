#include "policy/doh_query.h"

#include <optional>

#include "dns/message.h"
#include "util/encoding.h"

namespace daneel::proxy::policy {
namespace {

DohQuery checked(ByteView wire) {
  if (wire.size() > kMaxDohQuery) return DohQueryProblem::too_large;
  auto parsed = dns::parse_message(wire);
  if (!parsed.ok()) return DohQueryProblem::malformed;
  const dns::Message& m = parsed.value();
  if (m.header.qr || m.header.opcode != dns::Opcode::query || m.questions.size() != 1 || !m.answers.empty() ||
      !m.authority.empty())
    return DohQueryProblem::not_a_query;
  return Bytes(wire.begin(), wire.end());
}

}  // namespace

std::string_view to_string(DohQueryProblem problem) {
  switch (problem) {
    case DohQueryProblem::bad_query_string:
      return "bad_query_string";
    case DohQueryProblem::bad_base64:
      return "bad_base64";
    case DohQueryProblem::too_large:
      return "too_large";
    case DohQueryProblem::malformed:
      return "malformed";
    case DohQueryProblem::not_a_query:
      return "not_a_query";
  }
  return "malformed";
}

DohQuery query_from_target(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return DohQueryProblem::bad_query_string;
  std::string_view rest = target.substr(question + 1);
  std::optional<std::string_view> value;
  // Base64url needs no percent escapes; a `dns` value with '%' is refused.
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (!pair.starts_with("dns=")) continue;
    if (value) return DohQueryProblem::bad_query_string;
    value = pair.substr(4);
  }
  if (!value || value->empty()) return DohQueryProblem::bad_query_string;
  // Refused before decoding: the decoded size follows from the length.
  if (value->size() > (kMaxDohQuery * 4 + 2) / 3) return DohQueryProblem::too_large;
  auto wire = encoding::from_base64url(*value);
  if (!wire.ok()) return DohQueryProblem::bad_base64;
  return checked(wire.value());
}

DohQuery query_from_body(ByteView body) {
  return checked(body);
}

}  // namespace daneel::proxy::policy
