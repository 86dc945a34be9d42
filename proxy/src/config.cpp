#include "config.h"

#include "limits.h"
#include "opt_out_file.h"
#include "relay_request.h"

#include "dns/query_engine.h"
#include "policy/origin_allowlist.h"
#include "url.h"

#include <boost/asio/ip/address.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
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

bool parse_cidr_flag(std::string_view flag, std::string_view text, std::vector<policy::Cidr>& out,
                     std::string& error) {
  const auto cidr = policy::parse_cidr(text);
  if (!cidr) {
    error = std::string(flag) + ": '" + std::string(text) + "' is not an address or prefix (e.g. 10.0.0.0/8)";
    return false;
  }
  if (out.size() >= 256) {
    error = std::string(flag) + ": at most 256 entries";
    return false;
  }
  out.push_back(*cidr);
  return true;
}

// Only loopback addresses may be allowed by the test profile: it exists for
// the loopback test world, never to open private networks.
bool is_loopback_range(const policy::Cidr& cidr) {
  static const auto v4 = policy::parse_cidr("127.0.0.0/8");
  static const auto v6 = policy::parse_cidr("::1/128");
  if (cidr.network.family == policy::IpFamily::v4)
    return cidr.prefix_length >= 8 && v4->contains(cidr.network);
  return cidr.prefix_length == 128 && v6->contains(cidr.network);
}

// --resolver URL: a DoH URL the query engine and the native exchange accept
// (http:// or https://, an IP literal host: the proxy never asks the system
// resolver, which would make its own answers depend on the machine's setup).
bool parse_resolver(std::string_view text, DnsVerifierConfig& dns, std::string& error) {
  if (dns.resolvers.size() >= dns::kMaxServers) {
    error = "--resolver: at most " + std::to_string(dns::kMaxServers) + " resolvers";
    return false;
  }
  auto url = native::parse_url(text);
  if (!url.ok()) {
    error = "--resolver: " + url.error().message;
    return false;
  }
  dns::ResolverConfig probe;
  probe.servers = {std::string(text)};
  if (auto status = dns::validate_config(probe); !status.ok()) {
    error = "--resolver: " + status.error().message;
    return false;
  }
  dns.resolvers.emplace_back(text);
  return true;
}

// --limit NAME=VALUE: one table, so docs/PROXY.md, --help and the parser agree.
struct LimitSpec {
  std::string_view name;
  unsigned long min;
  unsigned long max;
};
constexpr std::array kLimitSpecs{
    LimitSpec{"client_concurrent", 1, 1000},
    // 0 (no per-minute limit) only in the test profile: policy::validate.
    LimitSpec{"client_per_minute", 0, 64},
    LimitSpec{"client_per_day", 1, 10'000},
    LimitSpec{"global_concurrent", 1, 65'536},
    LimitSpec{"destination_concurrent", 1, 1000},
    LimitSpec{"destination_per_minute", 0, 64},
    LimitSpec{"ws_handshake_ms", 100, 600'000},
    LimitSpec{"connect_ms", 100, 600'000},
    LimitSpec{"greeting_ms", 100, 600'000},
    LimitSpec{"plaintext_ms", 100, 600'000},
    LimitSpec{"session_ms", 100, 3'600'000},
    LimitSpec{"idle_ms", 100, 600'000},
    LimitSpec{"drain_ms", 0, 600'000},
    LimitSpec{"max_frame", 512, 65'536},
    LimitSpec{"client_plaintext_bytes", 16, 65'536},
    LimitSpec{"server_plaintext_bytes", 512, 1'048'576},
    LimitSpec{"client_tls_bytes", 512, 1'048'576},
    LimitSpec{"server_tls_bytes", 4096, 16'777'216},
    LimitSpec{"dns_ms", 100, 60'000},
    LimitSpec{"dns_cache_entries", 0, 65'536},
    LimitSpec{"dns_cache_max_ttl", 0, 86'400},
    LimitSpec{"dns_lookups", 1, 4096},
    LimitSpec{"dns_query_per_minute", 1, 100'000},
    LimitSpec{"dns_query_in_flight", 1, 4096},
};

bool apply_limit(std::string_view text, RelayConfig& relay, std::set<std::string, std::less<>>& seen,
                 std::string& error) {
  const auto eq = text.find('=');
  const std::string_view name = text.substr(0, eq);
  const LimitSpec* spec = nullptr;
  for (const LimitSpec& s : kLimitSpecs)
    if (s.name == name) spec = &s;
  if (eq == std::string_view::npos || spec == nullptr) {
    error = "--limit: expected NAME=VALUE with a NAME from --help, got '" + std::string(text) + "'";
    return false;
  }
  if (!seen.emplace(name).second) {
    error = "--limit: " + std::string(name) + " given twice";
    return false;
  }
  const auto value = parse_decimal(text.substr(eq + 1), spec->max);
  if (!value || *value < spec->min) {
    error = "--limit: " + std::string(name) + " must be a number from " + std::to_string(spec->min) + " to " +
            std::to_string(spec->max);
    return false;
  }
  const auto ms = std::chrono::milliseconds(*value);
  const auto n = static_cast<unsigned>(*value);
  auto& a = relay.admission;
  auto& t = relay.timeouts;
  auto& c = relay.caps;
  if (name == "client_concurrent") a.client_concurrent = n;
  if (name == "client_per_minute") a.client_per_minute = n;
  if (name == "client_per_day") a.client_per_day = n;
  if (name == "global_concurrent") a.global_concurrent = n;
  if (name == "destination_concurrent") a.destination_concurrent = n;
  if (name == "destination_per_minute") a.destination_per_minute = n;
  if (name == "ws_handshake_ms") t.ws_handshake = ms;
  if (name == "connect_ms") t.connect = ms;
  if (name == "greeting_ms") t.greeting = ms;
  if (name == "plaintext_ms") t.plaintext = ms;
  if (name == "session_ms") t.session = ms;
  if (name == "idle_ms") t.idle = ms;
  if (name == "drain_ms") t.drain = ms;
  if (name == "max_frame") relay.max_frame = *value;
  if (name == "client_plaintext_bytes") c.client_plaintext = *value;
  if (name == "server_plaintext_bytes") c.server_plaintext = *value;
  if (name == "client_tls_bytes") c.client_tls = *value;
  if (name == "server_tls_bytes") c.server_tls = *value;
  if (name == "dns_ms") relay.dns.timeout = ms;
  if (name == "dns_cache_entries") relay.dns.cache_entries = *value;
  if (name == "dns_cache_max_ttl") relay.dns.cache_max_ttl = static_cast<std::uint32_t>(*value);
  if (name == "dns_lookups") relay.dns.max_lookups = *value;
  if (name == "dns_query_per_minute") relay.dns_query.per_minute = static_cast<std::uint32_t>(*value);
  if (name == "dns_query_in_flight") relay.dns_query.max_in_flight = *value;
  return true;
}

// The relay's options after every flag is read: the test profile is explicit,
// loopback-only and never combined with a public listener.
bool check_relay(const Config& config, bool seen_test_port, std::string& error) {
  const RelayConfig& relay = config.relay;
  if (!relay.dns.resolvers.empty() && relay.dns.timeout >= relay.timeouts.connect) {
    // The connect timeout counts from the start of the verification: the
    // resolver's 4017 must come before it, or a slow resolver would be
    // reported as a mail server that did not answer (4003).
    error = "--limit: dns_ms must be less than connect_ms";
    return false;
  }
  if (relay.dns_query.enabled && relay.dns.resolvers.empty()) {
    error = "--dns-query: needs a --resolver to forward to";
    return false;
  }
  if (relay.test_unverified && !relay.dns.resolvers.empty()) {
    error = "--test-unverified: refused with --resolver (either verify or not)";
    return false;
  }
  if (!relay.test_profile) {
    if (!relay.test_allow.empty() || seen_test_port || relay.test_unverified) {
      error = "--test-allow, --test-port and --test-unverified need --test-profile";
      return false;
    }
    return true;
  }
  if (relay.dns.resolvers.empty() && !relay.test_unverified && !relay.ehlo_name.empty()) {
    error = "--test-profile: give a --resolver (the test world's DoH) or, for tests that need unverified "
            "loopback destinations, --test-unverified";
    return false;
  }
  // A front proxy makes even a loopback listener public (nginx on the same
  // host forwards the internet to it): the test profile never has one.
  if (!relay.front_proxies.empty()) {
    error = "--test-profile: refused with --front-proxy (a listener behind a front proxy is public)";
    return false;
  }
  const auto listen = policy::parse_ip(config.listen_host);
  const bool loopback_listen =
      listen && is_loopback_range(policy::Cidr{*listen, static_cast<std::uint8_t>(listen->bit_length())});
  if (!loopback_listen) {
    error = "--test-profile: refused with a non-loopback --listen address (the test profile is never public)";
    return false;
  }
  for (const auto& cidr : relay.test_allow) {
    if (!is_loopback_range(cidr)) {
      error = "--test-allow: only loopback ranges (inside 127.0.0.0/8, or ::1) may be allowed, not " +
              policy::to_string(cidr);
      return false;
    }
  }
  return true;
}

}  // namespace

std::string usage() {
  return "usage: daneel-proxy --web-root DIR [--listen IP:PORT] [--max-connections N]\n"
         "                    [--connect-src SOURCE]... [relay options] [--config FILE]\n"
         "\n"
         "  --config FILE          read these settings from a JSON file first (docs/PROXY.md);\n"
         "                         a setting in the file and on the command line is an error\n"
         "  --web-root DIR         serve the files under DIR (required)\n"
         "  --listen IP:PORT       address to bind (default 127.0.0.1:8080; [::1]:8080 for\n"
         "                         IPv6; port 0 picks a free port). The first line on stdout\n"
         "                         is 'listening on IP:PORT'.\n"
         "  --max-connections N    open client connections at most (default 256)\n"
         "  --tls-cert FILE        TLS on the listener (https, wss): PEM certificate chain\n"
         "  --tls-key FILE         and its PEM private key (both, or neither: plain HTTP)\n"
         "  --connect-src SOURCE   add an https:// or wss:// source to the CSP connect-src\n"
         "                         (e.g. the DNS-over-HTTPS endpoint); may be repeated\n"
         "\n"
         "relay (/relay, docs/PROXY.md):\n"
         "  --relay-origin ORIGIN  a page origin allowed to open the relay, e.g.\n"
         "                         https://check.example; may be repeated (none: all refused)\n"
         "  --ehlo-name NAME       the name the relay's SMTP sessions must use in EHLO/HELO\n"
         "                         (without it /relay answers 503)\n"
         "  --front-proxy CIDR     trust X-Forwarded-For from these peers; may be repeated\n"
         "  --deny CIDR            never connect there (on top of the built-in table)\n"
         "  --opt-out FILE         the opt-out list: 'domain NAME', 'mx NAME', 'address CIDR'\n"
         "                         lines, refused with 4018; SIGHUP reads it again\n"
         "  --limit NAME=VALUE     client_concurrent, client_per_minute, client_per_day,\n"
         "                         global_concurrent, destination_concurrent,\n"
         "                         destination_per_minute, ws_handshake_ms, connect_ms,\n"
         "                         greeting_ms, plaintext_ms, session_ms, idle_ms, drain_ms,\n"
         "                         max_frame, client_plaintext_bytes, server_plaintext_bytes,\n"
         "                         client_tls_bytes, server_tls_bytes\n"
         "  --resolver URL         verify destinations through this DoH resolver: http:// or\n"
         "                         https:// with an IP literal host, e.g.\n"
         "                         http://127.0.0.1:8053/dns-query; may be repeated (fail-over)\n"
         "  --resolver-ca FILE     PEM bundle that https:// resolvers must chain to (default:\n"
         "                         the system's)\n"
         "  --limit NAME=VALUE     also dns_ms, dns_cache_entries, dns_cache_max_ttl,\n"
         "                         dns_lookups\n"
         "  --dns-query            serve RFC 8484 DoH at /dns-query, forwarding to the\n"
         "                         --resolver list (limits dns_query_per_minute,\n"
         "                         dns_query_in_flight)\n"
         "  --test-profile         for the loopback test world only; needs a loopback --listen\n"
         "                         address and a --resolver or --test-unverified\n"
         "  --test-unverified      (test profile) accept destinations without DNS verification\n"
         "  --test-allow CIDR      (test profile) allow these loopback destinations\n"
         "  --test-port PORT       (test profile) connect to PORT instead of 25\n"
         "  --help, --version\n";
}

namespace {

// --config FILE: a JSON object whose settings become the flags of the same
// name, read before the command line's (docs/PROXY.md "Configuration file").
// A setting in both places is "given twice", like a repeated flag.
constexpr std::size_t kMaxConfigFile = 64 * 1024;

bool json_to_flags(const nlohmann::json& root, std::vector<std::string>& out, std::string& error) {
  using nlohmann::json;
  const auto fail = [&error](std::string message) {
    error = "--config: " + std::move(message);
    return false;
  };
  const auto scalar = [&](const json& value, std::string_view key, std::string& text) {
    if (value.is_string()) {
      text = value.get<std::string>();
      return true;
    }
    if (value.is_number_unsigned()) {
      text = std::to_string(value.get<std::uint64_t>());
      return true;
    }
    error = "--config: \"" + std::string(key) + "\" must be a string or a non-negative integer";
    return false;
  };
  const auto add = [&](std::string_view flag, const json& value, std::string_view key, bool repeatable) {
    if (repeatable && value.is_array()) {
      if (value.size() > 256) return fail("\"" + std::string(key) + "\" has more than 256 entries");
      for (const json& item : value) {
        std::string text;
        if (!scalar(item, key, text)) return false;
        out.emplace_back(flag);
        out.push_back(std::move(text));
      }
      return true;
    }
    std::string text;
    if (!scalar(value, key, text)) return false;
    out.emplace_back(flag);
    out.push_back(std::move(text));
    return true;
  };
  if (!root.is_object()) return fail("the file must hold one JSON object");
  for (const auto& [key, value] : root.items()) {
    if (key == "listen") {
      if (!add("--listen", value, key, false)) return false;
    } else if (key == "web_root") {
      if (!add("--web-root", value, key, false)) return false;
    } else if (key == "max_connections") {
      if (!add("--max-connections", value, key, false)) return false;
    } else if (key == "tls_cert") {
      if (!add("--tls-cert", value, key, false)) return false;
    } else if (key == "tls_key") {
      if (!add("--tls-key", value, key, false)) return false;
    } else if (key == "connect_src") {
      if (!add("--connect-src", value, key, true)) return false;
    } else if (key == "relay") {
      if (!value.is_object()) return fail("\"relay\" must be an object");
      for (const auto& [rkey, rvalue] : value.items()) {
        if (rkey == "origins") {
          if (!add("--relay-origin", rvalue, rkey, true)) return false;
        } else if (rkey == "ehlo_name") {
          if (!add("--ehlo-name", rvalue, rkey, false)) return false;
        } else if (rkey == "front_proxies") {
          if (!add("--front-proxy", rvalue, rkey, true)) return false;
        } else if (rkey == "deny") {
          if (!add("--deny", rvalue, rkey, true)) return false;
        } else if (rkey == "test_allow") {
          if (!add("--test-allow", rvalue, rkey, true)) return false;
        } else if (rkey == "test_port") {
          if (!add("--test-port", rvalue, rkey, false)) return false;
        } else if (rkey == "test_profile") {
          if (!rvalue.is_boolean()) return fail("\"test_profile\" must be true or false");
          if (rvalue.get<bool>()) out.emplace_back("--test-profile");
        } else if (rkey == "test_unverified") {
          if (!rvalue.is_boolean()) return fail("\"test_unverified\" must be true or false");
          if (rvalue.get<bool>()) out.emplace_back("--test-unverified");
        } else if (rkey == "dns_query") {
          if (!rvalue.is_boolean()) return fail("\"dns_query\" must be true or false");
          if (rvalue.get<bool>()) out.emplace_back("--dns-query");
        } else if (rkey == "resolvers") {
          if (!add("--resolver", rvalue, rkey, true)) return false;
        } else if (rkey == "opt_out") {
          if (!add("--opt-out", rvalue, rkey, false)) return false;
        } else if (rkey == "resolver_ca") {
          if (!add("--resolver-ca", rvalue, rkey, false)) return false;
        } else if (rkey == "limits") {
          if (!rvalue.is_object()) return fail("\"limits\" must be an object");
          for (const auto& [name, limit] : rvalue.items()) {
            if (!limit.is_number_unsigned())
              return fail("limit \"" + name + "\" must be a non-negative integer");
            out.emplace_back("--limit");
            out.push_back(name + "=" + std::to_string(limit.get<std::uint64_t>()));
          }
        } else {
          return fail("unknown setting \"relay." + rkey + "\"");
        }
      }
    } else {
      return fail("unknown setting \"" + key + "\"");
    }
  }
  return true;
}

bool read_config_file(std::string_view path, std::vector<std::string>& out, std::string& error) {
  std::ifstream file{std::string(path), std::ios::binary};
  if (!file) {
    error = "--config: cannot read '" + std::string(path) + "'";
    return false;
  }
  std::string text;
  text.resize(kMaxConfigFile + 1);
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(file.gcount()));
  if (text.size() > kMaxConfigFile) {
    error = "--config: the file is larger than 64 KiB";
    return false;
  }
  const nlohmann::json root = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    error = "--config: '" + std::string(path) + "' is not valid JSON";
    return false;
  }
  return json_to_flags(root, out, error);
}

ParseOutcome parse_flags(std::span<const std::string_view> args);

}  // namespace

ParseOutcome parse_args(std::span<const std::string_view> args) {
  const auto fail = [](std::string message) {
    ParseOutcome out;
    out.kind = ParseOutcome::Kind::Error;
    out.error = std::move(message);
    return out;
  };
  std::optional<std::string_view> config_path;
  std::vector<std::string_view> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view value;
    if (args[i] == "--config") {
      if (i + 1 >= args.size()) return fail("--config needs a value");
      value = args[++i];
    } else if (args[i].starts_with("--config=")) {
      value = args[i].substr(9);
    } else {
      rest.push_back(args[i]);
      continue;
    }
    if (config_path) return fail("--config given twice");
    config_path = value;
  }
  if (!config_path) return parse_flags(args);
  std::vector<std::string> from_file;
  std::string error;
  if (!read_config_file(*config_path, from_file, error)) {
    return fail(error);
  }
  std::vector<std::string_view> all(from_file.begin(), from_file.end());
  all.insert(all.end(), rest.begin(), rest.end());
  return parse_flags(all);
}

namespace {

ParseOutcome parse_flags(std::span<const std::string_view> args) {
  ParseOutcome out;
  out.config.max_connections = Limits{}.max_connections;
  bool seen_listen = false;
  bool seen_root = false;
  bool seen_max = false;
  bool seen_ehlo = false;
  bool seen_test_profile = false;
  bool seen_test_port = false;
  bool seen_test_unverified = false;
  bool seen_resolver_ca = false;
  std::set<std::string, std::less<>> seen_limits;

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
    if (flag == "--test-profile") {
      if (inline_value) return fail("--test-profile takes no value");
      if (seen_test_profile) return fail("--test-profile given twice");
      seen_test_profile = true;
      out.config.relay.test_profile = true;
      continue;
    }
    if (flag == "--dns-query") {
      if (inline_value) return fail("--dns-query takes no value");
      if (out.config.relay.dns_query.enabled) return fail("--dns-query given twice");
      out.config.relay.dns_query.enabled = true;
      continue;
    }
    if (flag == "--test-unverified") {
      if (inline_value) return fail("--test-unverified takes no value");
      if (seen_test_unverified) return fail("--test-unverified given twice");
      seen_test_unverified = true;
      out.config.relay.test_unverified = true;
      continue;
    }
    const bool known = flag == "--listen" || flag == "--web-root" || flag == "--max-connections" ||
                       flag == "--connect-src" || flag == "--relay-origin" || flag == "--ehlo-name" ||
                       flag == "--front-proxy" || flag == "--deny" || flag == "--limit" ||
                       flag == "--test-allow" || flag == "--test-port" || flag == "--resolver" ||
                       flag == "--resolver-ca" || flag == "--opt-out" || flag == "--tls-cert" ||
                       flag == "--tls-key";
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
    } else if (flag == "--connect-src") {
      if (!parse_connect_src(value, out.config, error)) return fail(error);
    } else if (flag == "--relay-origin") {
      if (auto problem = policy::validate_origin_entry(value)) return fail("--relay-origin: " + *problem);
      if (out.config.relay.origins.size() >= 64) return fail("--relay-origin: at most 64 origins");
      out.config.relay.origins.emplace_back(value);
    } else if (flag == "--ehlo-name") {
      if (seen_ehlo) return fail("--ehlo-name given twice");
      seen_ehlo = true;
      auto name = strict_hostname(value);
      // The plaintext guard's budget is calibrated for names up to 63 octets.
      if (!name || name->size() > 63)
        return fail("--ehlo-name: expected a host name of at most 63 characters");
      out.config.relay.ehlo_name = std::move(*name);
    } else if (flag == "--front-proxy") {
      if (!parse_cidr_flag(flag, value, out.config.relay.front_proxies, error)) return fail(error);
    } else if (flag == "--deny") {
      if (!parse_cidr_flag(flag, value, out.config.relay.deny, error)) return fail(error);
    } else if (flag == "--test-allow") {
      if (!parse_cidr_flag(flag, value, out.config.relay.test_allow, error)) return fail(error);
    } else if (flag == "--resolver") {
      if (!parse_resolver(value, out.config.relay.dns, error)) return fail(error);
    } else if (flag == "--resolver-ca") {
      if (seen_resolver_ca) return fail("--resolver-ca given twice");
      seen_resolver_ca = true;
      if (value.empty()) return fail("--resolver-ca: empty path");
      out.config.relay.dns.ca_file = std::string(value);
    } else if (flag == "--tls-cert" || flag == "--tls-key") {
      std::string& file = flag == "--tls-cert" ? out.config.tls_cert : out.config.tls_key;
      if (!file.empty()) return fail(std::string(flag) + " given twice");
      if (value.empty()) return fail(std::string(flag) + ": empty path");
      file = std::string(value);
    } else if (flag == "--opt-out") {
      if (!out.config.relay.opt_out_file.empty()) return fail("--opt-out given twice");
      if (value.empty()) return fail("--opt-out: empty path");
      OptOutLoad loaded = load_opt_out_file(std::string(value));
      if (!loaded.list) return fail("--opt-out: " + loaded.error);
      out.config.relay.opt_out_file = std::string(value);
      out.config.relay.opt_out = std::move(loaded.list);
    } else if (flag == "--test-port") {
      if (seen_test_port) return fail("--test-port given twice");
      seen_test_port = true;
      const auto port = parse_decimal(value, 65535);
      if (!port || *port == 0) return fail("--test-port: expected a number from 1 to 65535");
      out.config.relay.destination_port = static_cast<std::uint16_t>(*port);
    } else {
      if (!apply_limit(value, out.config.relay, seen_limits, error)) return fail(error);
    }
  }
  if (!seen_root) return fail("--web-root is required");
  if (out.config.tls_cert.empty() != out.config.tls_key.empty())
    return fail("--tls-cert and --tls-key go together (the certificate chain and its private key)");
  {
    std::string error;
    if (!check_relay(out.config, seen_test_port, error)) return fail(error);
    const auto profile = out.config.relay.test_profile ? policy::LimitProfile::test : policy::LimitProfile::public_relay;
    if (auto problem = policy::validate(out.config.relay.admission, profile))
      return fail("--limit: " + std::string(*problem));
  }
  out.kind = ParseOutcome::Kind::Run;
  return out;
}

}  // namespace

}  // namespace daneel::proxy
