// The relay's opt-out list (proxy/policy/opt_out.h) is read from an
// operator's file, also on SIGHUP while the relay runs. Properties on every
// input:
//  - no crash, no read out of bounds (sanitizers watch), bounded sizes;
//  - the parse is all or nothing: a list, or an error naming a line inside
//    the text;
//  - every accepted "domain NAME" and "mx NAME" entry opts out that name
//    itself and a name one label below it, and never a name that only ends
//    with it inside a label ("x" + NAME).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "policy/opt_out.h"

using namespace daneel::proxy::policy;

namespace {

std::string_view first_token(std::string_view line, std::string_view& rest) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  const std::size_t end = line.find_first_of(" \t\r#");
  rest = end == std::string_view::npos ? std::string_view{} : line.substr(end);
  return line.substr(0, end);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const OptOutParse parsed = parse_opt_out(text);
  if (!parsed.list) {
    if (parsed.error.empty()) std::abort();
    std::size_t lines = 1;
    for (const char c : text) lines += c == '\n';
    if (parsed.line > lines) std::abort();
    return 0;
  }
  const OptOutList& list = *parsed.list;
  if (list.prefixes() > kMaxOptOutPrefixes) std::abort();
  if (list.domains() + list.mx_hosts() + list.prefixes() > kMaxOptOutEntries) std::abort();
  const IpAddress nowhere{};  // 0.0.0.0: never on a list that names only names
  std::string_view rest_of_text = text;
  while (!rest_of_text.empty()) {
    const std::size_t nl = rest_of_text.find('\n');
    const std::string_view line = rest_of_text.substr(0, nl);
    rest_of_text = nl == std::string_view::npos ? std::string_view{} : rest_of_text.substr(nl + 1);
    std::string_view rest;
    const std::string_view kind = first_token(line, rest);
    if (kind != "domain" && kind != "mx") continue;
    std::string_view after;
    std::string name(first_token(rest, after));
    if (!name.empty() && name.back() == '.') name.pop_back();
    const bool domain = kind == "domain";
    const OptOutKind expected = domain ? OptOutKind::domain : OptOutKind::mx;
    const auto judge = [&](const std::string& n) {
      return domain ? list.match(n, "mx_.invalid", nowhere) : list.match("x_.invalid", n, nowhere);
    };
    if (judge(name) != expected) std::abort();
    if (name.size() <= 250 && judge("a." + name) != expected) std::abort();
    // "x" + NAME is another name unless the list covers it some other way.
    const auto other = judge("x" + name);
    if (other == expected && list.domains() + list.mx_hosts() == 1) std::abort();
  }
  return 0;
}
