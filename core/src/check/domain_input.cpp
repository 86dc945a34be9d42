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

Error invalid(std::string message) { return make_error(Errc::invalid_argument, std::move(message)); }

bool looks_like_ipv4(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

}  // namespace

Result<MailDomain> parse_mail_domain(std::string_view input) {
  if (input.size() > dns::idna::kMaxInputBytes)
    return invalid("the input is longer than " + std::to_string(dns::idna::kMaxInputBytes) + " bytes");
  std::string_view text = trim(input);
  if (text.empty()) return invalid("the input is empty: type a mail domain such as example.nl");
  MailDomain out;
  if (text.size() >= 7 && std::equal(text.begin(), text.begin() + 7, "mailto:", [](char a, char b) {
        return (a >= 'A' && a <= 'Z' ? static_cast<char>(a + 32) : a) == b;
      })) {
    text = trim(text.substr(7));
    out.from_address = true;
  }
  if (text.size() >= 2 && text.front() == '<' && text.back() == '>') text = trim(text.substr(1, text.size() - 2));
  if (const auto at = text.rfind('@'); at != std::string_view::npos) {
    if (at == 0) return invalid("the e-mail address has nothing before the '@'");
    text = text.substr(at + 1);
    out.from_address = true;
    if (text.empty()) return invalid("the e-mail address has no domain after the '@'");
  }
  if (text.find("://") != std::string_view::npos || text.find('/') != std::string_view::npos)
    return invalid("that looks like a web address; type only the mail domain, e.g. example.nl");
  if (text.find(':') != std::string_view::npos || (text.front() == '[' && text.back() == ']'))
    return invalid("an IP address or port is not a mail domain; type a domain name such as example.nl");
  if (text == ".") return invalid("the root domain \".\" is not a mail domain");
  if (looks_like_ipv4(text)) return invalid("an IP address is not a mail domain; type a domain name such as example.nl");
  if (text.find_first_of(" \t") != std::string_view::npos)
    return invalid("the domain contains a space: type one mail domain");
  if (text.size() >= 2 && text.ends_with("..")) return invalid("the domain ends in an empty label (\"..\")");

  auto ascii = dns::idna::domain_to_ascii(text);
  if (!ascii.ok()) return make_error(ascii.error().code, "not a valid domain name: " + ascii.error().message);
  out.ascii = std::move(ascii).value();
  if (out.ascii.empty()) return invalid("the input holds no domain name");
  if (out.ascii.find('.') == std::string::npos)
    return invalid("\"" + out.ascii + "\" has a single label; a mail domain has at least two, e.g. example.nl");
  auto unicode = dns::idna::domain_to_unicode(out.ascii);
  out.unicode = unicode.ok() ? unicode.value() : out.ascii;
  return out;
}

}  // namespace daneel::check
