// The relay's configuration (docs/PROXY.md "Relay configuration"): who may use
// it (origins, front proxies), what it says (EHLO name), where it may connect
// (operator deny list; the test profile's loopback allow list and port) and
// every limit, with the defaults of proxy-security.md's checklist.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "policy/admission.h"
#include "policy/byte_caps.h"
#include "policy/ip_address.h"
#include "policy/opt_out.h"

namespace daneel::proxy {

struct RelayTimeouts {
  std::chrono::milliseconds ws_handshake{10'000};  // the WebSocket upgrade, and the closing handshake
  // TCP connect to the mail server. 8 s, not the checklist's 10 s: the browser
  // stops waiting for `connected` 1 s before the check's 10 s connect timeout
  // (docs/WASM.md), and the relay's 4003 must arrive before that.
  std::chrono::milliseconds connect{8'000};
  std::chrono::milliseconds greeting{30'000};      // from connect to the end of the 220 greeting
  std::chrono::milliseconds plaintext{30'000};     // from connect to the start of TLS
  std::chrono::milliseconds session{60'000};       // from the upgrade to the end
  std::chrono::milliseconds idle{15'000};          // no byte in either direction
  std::chrono::milliseconds drain{10'000};         // after SIGTERM, before open sessions get 1001
};

// DNS verification of destinations (dns_verifier.h): the resolver and the
// bounds of the lookups and their cache.
struct DnsVerifierConfig {
  std::vector<std::string> resolvers;  // DoH URLs with IP-literal hosts, most preferred first
  std::string ca_file;                 // PEM that https:// resolvers must chain to ("" : the system's)
  // The whole verification (MX, A and AAAA at once, with fail-over); less
  // than the connect timeout, which counts from the verification's start.
  std::chrono::milliseconds timeout{3'000};
  std::size_t cache_entries = 1024;    // DNS answers kept (0: no cache)
  std::uint32_t cache_max_ttl = 300;   // seconds an answer is kept at most
  std::size_t max_lookups = 64;        // distinct (domain, MX host) lookups in flight
};

// The DoH endpoint /dns-query (dns_query.h), forwarding to the same resolvers.
struct DnsQueryConfig {
  bool enabled = false;             // --dns-query
  std::uint32_t per_minute = 600;   // queries per client key in each minute
  std::size_t max_in_flight = 128;  // forwarded queries at once
};

struct RelayConfig {
  std::vector<std::string> origins;         // exact Origin values (validate_origin_entry)
  std::string ehlo_name;                    // empty: the relay is not configured (503)
  std::vector<policy::Cidr> front_proxies;  // X-Forwarded-For is read only from these peers
  std::vector<policy::Cidr> deny;           // operator deny list, on top of the built-in table
  // The opt-out list (policy/opt_out.h): its file ("" : none) and the list
  // read from it at startup; SIGHUP reads the file again.
  std::string opt_out_file;
  std::shared_ptr<const policy::OptOutList> opt_out;
  bool test_profile = false;                // --test-profile: loopback test worlds only
  bool test_unverified = false;             // --test-unverified: test profile without DNS verification
  DnsVerifierConfig dns;
  DnsQueryConfig dns_query;
  std::vector<policy::Cidr> test_allow;     // test profile only: loopback destinations allowed
  std::uint16_t destination_port = 25;      // 25 always; another only in the test profile
  policy::AdmissionLimits admission;
  policy::ByteCaps caps;
  RelayTimeouts timeouts;
  // The largest WebSocket message accepted from a client: the check's largest
  // write is one TLS flight of a few hundred bytes (a ClientHello).
  std::size_t max_frame = 4096;
};

}  // namespace daneel::proxy
