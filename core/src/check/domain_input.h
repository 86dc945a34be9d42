// User input -> the mail domain to check: what a person pastes into the form
// (a domain, an e-mail address, with stray whitespace, a trailing dot, in
// Unicode) becomes the A-label form the DNS queries use. Garbage is refused
// with a typed problem and a sentence that says what is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace daneel::check {

struct MailDomain {
  std::string ascii;    // A-labels, lowercase, no trailing dot, e.g. "xn--bcher-kva.example"
  std::string unicode;  // for display, e.g. "bücher.example"
  bool from_address = false;  // the input was an e-mail address (local part dropped)
};

// Why an input is not a mail domain. The report's input_invalid finding
// carries it as its "problem" parameter, which the catalogue words in each
// language (core/messages/<lang>.json, "values"), so a Dutch reader never
// meets an English sentence.
enum class InputProblem : std::uint8_t {
  too_long,             // over dns::idna::kMaxInputBytes
  empty,
  no_local_part,        // "@example.nl"
  no_domain,            // "user@"
  web_address,          // "https://example.nl/"
  ip_or_port,           // "[2001:db8::1]", "example.nl:25"
  root,                 // "."
  ip_address,           // "192.0.2.1"
  space,                // "ex ample.nl"
  empty_label,          // "example.."
  invalid_name,         // IDNA2008 or the DNS refuses it (the detail says why)
  no_name,              // nothing left, e.g. "."-only after trimming
  single_label,         // "localhost"
};
[[nodiscard]] std::string_view to_string(InputProblem problem);

struct InputRefusal {
  InputProblem problem = InputProblem::empty;
  std::string detail;  // the same in English words, with the specifics (technical detail)
};

// The domain, or why the input is not one.
struct ParsedInput {
  std::optional<MailDomain> domain;
  InputRefusal refusal;  // meaningful when domain is unset
  [[nodiscard]] bool ok() const { return domain.has_value(); }
};

// Trims whitespace, takes the domain of an e-mail address ("user@domain",
// also "<user@domain>" and "mailto:user@domain"), drops one trailing dot and
// applies IDNA2008 (dns::idna::domain_to_ascii). Refuses IP addresses and
// single-label names: a mail domain has at least two labels.
[[nodiscard]] ParsedInput parse_mail_domain(std::string_view input);

}  // namespace daneel::check
