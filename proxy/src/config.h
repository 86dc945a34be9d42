// Command-line configuration of daneel-proxy. Parsing is strict: anything unknown,
// repeated or malformed is an error with a message naming the flag.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "relay_config.h"

namespace daneel::proxy {

struct Config {
  std::string listen_host = "127.0.0.1";  // an IP literal, never a name
  std::uint16_t listen_port = 8080;       // 0: let the kernel pick; printed at startup
  std::filesystem::path web_root;         // canonical path of an existing directory
  unsigned max_connections = 0;           // set from Limits when not given
  std::vector<std::string> connect_src;   // extra CSP connect-src sources (e.g. the DoH endpoint)
  // TLS on the listener (tls_context.h): both set, or neither (plain HTTP).
  std::string tls_cert;                   // PEM certificate chain, leaf first
  std::string tls_key;                    // PEM private key of the leaf
  RelayConfig relay;                      // the /relay WebSocket endpoint
};

struct ParseOutcome {
  enum class Kind { Run, Help, Version, Error };
  Kind kind = Kind::Error;
  Config config;      // valid when kind == Run
  std::string error;  // set when kind == Error
};

// Parses the arguments after argv[0]. Checks that --web-root names a directory.
[[nodiscard]] ParseOutcome parse_args(std::span<const std::string_view> args);

// The --help text.
[[nodiscard]] std::string usage();

}  // namespace daneel::proxy
