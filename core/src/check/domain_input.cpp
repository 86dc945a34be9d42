#include "check/domain_input.h"

#include <algorithm>

#include "dns/idna.h"

namespace daneel::check {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

ParsedInput refuse(InputProblem problem, std::string detail) {
  return ParsedInput{std::nullopt, InputRefusal{problem, std::move(detail)}};
}

bool looks_like_ipv4(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

}  // namespace

std::string_view to_string(InputProblem problem) {
  switch (problem) {
    case InputProblem::too_long: return "too_long";
    case InputProblem::empty: return "empty";
    case InputProblem::no_local_part: return "no_local_part";
    case InputProblem::no_domain: return "no_domain";
    case InputProblem::web_address: return "web_address";
    case InputProblem::ip_or_port: return "ip_or_port";
    case InputProblem::root: return "root";
    case InputProblem::ip_address: return "ip_address";
    case InputProblem::space: return "space";
    case InputProblem::empty_label: return "empty_label";
    case InputProblem::invalid_name: return "invalid_name";
    case InputProblem::no_name: return "no_name";
    case InputProblem::single_label: return "single_label";
  }
  return "invalid_name";
}

ParsedInput parse_mail_domain(std::string_view input) {
  if (input.size() > dns::idna::kMaxInputBytes)
    return refuse(InputProblem::too_long, "the input is longer than " + std::to_string(dns::idna::kMaxInputBytes) + " bytes");
  std::string_view text = trim(input);
  if (text.empty()) return refuse(InputProblem::empty, "the input is empty: type a mail domain such as example.nl");
  MailDomain out;
  if (text.size() >= 7 && std::equal(text.begin(), text.begin() + 7, "mailto:", [](char a, char b) {
        return (a >= 'A' && a <= 'Z' ? static_cast<char>(a + 32) : a) == b;
      })) {
    text = trim(text.substr(7));
    out.from_address = true;
  }
  if (text.size() >= 2 && text.front() == '<' && text.back() == '>') text = trim(text.substr(1, text.size() - 2));
  if (const auto at = text.rfind('@'); at != std::string_view::npos) {
    if (at == 0) return refuse(InputProblem::no_local_part, "the e-mail address has nothing before the '@'");
    text = text.substr(at + 1);
    out.from_address = true;
    if (text.empty()) return refuse(InputProblem::no_domain, "the e-mail address has no domain after the '@'");
  }
  if (text.find("://") != std::string_view::npos || text.find('/') != std::string_view::npos)
    return refuse(InputProblem::web_address, "that looks like a web address; type only the mail domain, e.g. example.nl");
  if (text.find(':') != std::string_view::npos || (text.front() == '[' && text.back() == ']'))
    return refuse(InputProblem::ip_or_port, "an IP address or port is not a mail domain; type a domain name such as example.nl");
  if (text == ".") return refuse(InputProblem::root, "the root domain \".\" is not a mail domain");
  if (looks_like_ipv4(text))
    return refuse(InputProblem::ip_address, "an IP address is not a mail domain; type a domain name such as example.nl");
  if (text.find_first_of(" \t") != std::string_view::npos)
    return refuse(InputProblem::space, "the domain contains a space: type one mail domain");
  if (text.size() >= 2 && text.ends_with("..")) return refuse(InputProblem::empty_label, "the domain ends in an empty label (\"..\")");

  auto ascii = dns::idna::domain_to_ascii(text);
  if (!ascii.ok()) return refuse(InputProblem::invalid_name, "not a valid domain name: " + ascii.error().message);
  out.ascii = std::move(ascii).value();
  if (out.ascii.empty()) return refuse(InputProblem::no_name, "the input holds no domain name");
  if (out.ascii.find('.') == std::string::npos)
    return refuse(InputProblem::single_label,
                  "\"" + out.ascii + "\" has a single label; a mail domain has at least two, e.g. example.nl");
  auto unicode = dns::idna::domain_to_unicode(out.ascii);
  out.unicode = unicode.ok() ? unicode.value() : out.ascii;
  return ParsedInput{std::move(out), {}};
}

}  // namespace daneel::check
