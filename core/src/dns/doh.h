// DNS over HTTPS messages (RFC 8484). The core builds the HTTP request and
// reads the HTTP response; drivers (fetch in JS, a native client in tests)
// move the bytes. Nothing here knows about sockets or TLS.
#pragma once

#include <string>
#include <string_view>

#include "dns/message.h"
#include "util/bytes.h"
#include "util/result.h"

namespace daneel::dns {

inline constexpr std::string_view kDnsMessageMediaType = "application/dns-message";

enum class HttpMethod : std::uint8_t { get, post };
std::string_view to_string(HttpMethod method);

// One HTTP exchange for the driver to perform. Headers to send:
// `Accept: application/dns-message`, and for POST also
// `Content-Type: application/dns-message` (RFC 8484 §4.1, §6).
struct DohRequest {
  HttpMethod method = HttpMethod::post;
  std::string url;  // for GET it carries the query as ?dns=<base64url>
  Bytes body;       // POST only: the DNS query in wire form
};

// What the driver got back. `content_type` is the header as received.
struct HttpResponse {
  int status = 0;
  std::string content_type;
  Bytes body;
};

// Builds the request for `server` (an https:// or http:// URL, or an RFC 6570
// template ending in "{?dns}" as RFC 8484 §3 describes). The query's ID should
// be 0 (RFC 8484 §4.1) so HTTP caches can share answers.
Result<DohRequest> make_doh_request(std::string_view server, ByteView wire_query, HttpMethod method);

// Checks the HTTP layer (status 2xx, media type, size) and parses the DNS
// message. Errors say what went wrong at which layer:
//   invalid_argument  HTTP status other than 2xx ("HTTP 415 from the DoH server")
//   malformed         wrong media type, empty body, or an unparseable message
//   limit_exceeded    a body above 65535 octets
//   unsupported       a truncated (TC) answer: DoH must carry whole messages
Result<Message> parse_doh_response(const HttpResponse& response);

}  // namespace daneel::dns
