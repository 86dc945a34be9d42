#include "config.h"

#include "limits.h"

#include <boost/asio/ip/address.hpp>

#include <charconv>
#include <optional>
#include <system_error>

namespace daneel::proxy {
namespace {

std::optional<unsigned long> parse_decimal(std::string_view text, unsigned long max) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  unsigned long value = 0;
  const char* const end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || value > max) return std::nullopt;
  // from_chars accepts only digits here (no sign, no spaces), as wanted.
  return value;
}

// HOST:PORT with HOST an IPv4 literal or a bracketed IPv6 literal.
bool parse_listen(std::string_view text, Config& config, std::string& error) {
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      error = "--listen: expected [IPV6]:PORT";
      return false;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      error = "--listen: expected HOST:PORT, e.g. 127.0.0.1:8080";
      return false;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      error = "--listen: put IPv6 addresses in brackets, e.g. [::1]:8080";
      return false;
    }
  }
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(host), ec);
  if (host.empty() || ec) {
    error = "--listen: '" + std::string(host) + "' is not an IP address (names are not resolved)";
    return false;
  }
  const auto port_value = parse_decimal(port, 65535);
  if (!port_value) {
    error = "--listen: port must be a number from 0 to 65535";
    return false;
  }
  config.listen_host = address.to_string();
  config.listen_port = static_cast<std::uint16_t>(*port_value);
  return true;
}

bool parse_web_root(std::string_view text, Config& config, std::string& error) {
  if (text.empty()) {
    error = "--web-root: empty path";
    return false;
  }
  std::error_code ec;
  auto canonical = std::filesystem::canonical(std::filesystem::path(text), ec);
  if (ec || !std::filesystem::is_directory(canonical, ec) || ec) {
    error = "--web-root: '" + std::string(text) + "' is not an existing directory";
    return false;
  }
  config.web_root = std::move(canonical);
  return true;
}

// A CSP source expression for a remote endpoint: https:// or wss:// and a small,
// quote- and separator-free character set, so it cannot break out of the header.
bool parse_connect_src(std::string_view text, Config& config, std::string& error) {
  const bool scheme_ok = text.starts_with("https://") || text.starts_with("wss://");
  bool chars_ok = !text.empty() && text.size() <= 200;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '/' || c == '*' || c == '_';
    chars_ok = chars_ok && ok;
  }
  if (!scheme_ok || !chars_ok) {
    error = "--connect-src: expected an https:// or wss:// source such as https://doh.example/";
    return false;
  }
  config.connect_src.emplace_back(text);
  return true;
}

}  // namespace

std::string usage() {
  return "usage: daneel-proxy --web-root DIR [--listen IP:PORT] [--max-connections N]\n"
         "                    [--connect-src SOURCE]...\n"
         "\n"
         "  --web-root DIR         serve the files under DIR (required)\n"
         "  --listen IP:PORT       address to bind (default 127.0.0.1:8080; [::1]:8080 for\n"
         "                         IPv6; port 0 picks a free port). The first line on stdout\n"
         "                         is 'listening on IP:PORT'.\n"
         "  --max-connections N    open client connections at most (default 256)\n"
         "  --connect-src SOURCE   add an https:// or wss:// source to the CSP connect-src\n"
         "                         (e.g. the DNS-over-HTTPS endpoint); may be repeated\n"
         "  --help, --version\n";
}

ParseOutcome parse_args(std::span<const std::string_view> args) {
  ParseOutcome out;
  out.config.max_connections = Limits{}.max_connections;
  bool seen_listen = false;
  bool seen_root = false;
  bool seen_max = false;

  const auto fail = [&out](std::string message) {
    out.kind = ParseOutcome::Kind::Error;
    out.error = std::move(message);
    return out;
  };

  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view flag = args[i];
    std::optional<std::string_view> inline_value;
    if (const auto eq = flag.find('='); flag.starts_with("--") && eq != std::string_view::npos) {
      inline_value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
    }
    if (flag == "--help" || flag == "-h" || flag == "--version") {
      if (inline_value) return fail(std::string(flag) + " takes no value");
      out.kind = flag == "--version" ? ParseOutcome::Kind::Version : ParseOutcome::Kind::Help;
      return out;
    }
    const bool known =
        flag == "--listen" || flag == "--web-root" || flag == "--max-connections" || flag == "--connect-src";
    if (!known) return fail("unknown argument '" + std::string(args[i]) + "'");

    std::string_view value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return fail(std::string(flag) + " needs a value");
    }

    std::string error;
    if (flag == "--listen") {
      if (seen_listen) return fail("--listen given twice");
      seen_listen = true;
      if (!parse_listen(value, out.config, error)) return fail(error);
    } else if (flag == "--web-root") {
      if (seen_root) return fail("--web-root given twice");
      seen_root = true;
      if (!parse_web_root(value, out.config, error)) return fail(error);
    } else if (flag == "--max-connections") {
      if (seen_max) return fail("--max-connections given twice");
      seen_max = true;
      const auto n = parse_decimal(value, 65536);
      if (!n || *n == 0) return fail("--max-connections: expected a number from 1 to 65536");
      out.config.max_connections = static_cast<unsigned>(*n);
    } else {
      if (!parse_connect_src(value, out.config, error)) return fail(error);
    }
  }
  if (!seen_root) return fail("--web-root is required");
  out.kind = ParseOutcome::Kind::Run;
  return out;
}

}  // namespace daneel::proxy
