// User input -> the mail domain to check: what a person pastes into the form
// (a domain, an e-mail address, with stray whitespace, a trailing dot, in
// Unicode) becomes the A-label form the DNS queries use. Garbage is refused
// with Errc::invalid_argument and a sentence that says what is wrong.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace daneel::check {

struct MailDomain {
  std::string ascii;    // A-labels, lowercase, no trailing dot, e.g. "xn--bcher-kva.example"
  std::string unicode;  // for display, e.g. "bücher.example"
  bool from_address = false;  // the input was an e-mail address (local part dropped)
};

// Trims whitespace, takes the domain of an e-mail address ("user@domain",
// also "<user@domain>" and "mailto:user@domain"), drops one trailing dot and
// applies IDNA2008 (dns::idna::domain_to_ascii). Refuses IP addresses and
// single-label names: a mail domain has at least two labels.
[[nodiscard]] Result<MailDomain> parse_mail_domain(std::string_view input);

}  // namespace daneel::check
