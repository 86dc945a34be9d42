// Building HTTP responses: every response carries the security headers, HEAD gets
// the GET headers without a body, and each reply knows its status for the log.
#pragma once

#include "policy/conditional_get.h"
#include "unique_fd.h"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/status.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace daneel::proxy {

namespace http = boost::beast::http;

// Requests never have a body (the server refuses bodies before reading them).
using Request = http::request<http::empty_body>;

struct Reply {
  http::status status;
  std::uint64_t body_bytes;  // body size sent (0 for HEAD)
  http::message_generator message;
};

// The Content-Security-Policy value: 'self' everywhere, WebAssembly compilation
// allowed, plus extra connect-src sources (the DoH endpoint) from the command line.
[[nodiscard]] std::string build_csp(const std::vector<std::string>& extra_connect_src);

// What a static file's responses (200 and 304) say about the file.
struct FileHeaders {
  std::string_view content_type;  // X's type, also when X.gz is sent
  std::string entity_tag;         // quoted, policy::format_entity_tag
  std::string last_modified;      // IMF-fixdate
  policy::ContentCoding coding = policy::ContentCoding::identity;
};

class Responses {
 public:
  explicit Responses(std::string csp) : csp_(std::move(csp)) {}

  // A small in-memory body (healthz JSON, error text).
  [[nodiscard]] Reply text(const Request& req, http::status status, std::string_view content_type,
                           std::string body) const;
  // "404 Not Found\n" style plain-text error.
  [[nodiscard]] Reply error(const Request& req, http::status status) const;
  // 405 with "Allow: GET, HEAD"; the connection closes (a body may follow unread).
  [[nodiscard]] Reply method_not_allowed(const Request& req) const;
  // An error before a request could be parsed (e.g. 431): HTTP/1.1, connection closes.
  [[nodiscard]] Reply error_without_request(http::status status) const;
  // A DoH answer (RFC 8484 §5.1): application/dns-message, cacheable for
  // `max_age` seconds (the answer's smallest TTL).
  [[nodiscard]] Reply dns_message(const Request& req, std::string wire, std::uint32_t max_age) const;
  // A DoH error: plain text naming the rule; 405s list GET and POST.
  [[nodiscard]] Reply dns_error(const Request& req, http::status status, std::string_view reason) const;
  // A regular file, already opened and checked; size from fstat.
  [[nodiscard]] Reply file(const Request& req, UniqueFd fd, std::uint64_t size, const FileHeaders& headers) const;
  // 304 Not Modified for a file: its validators and caching headers, no body.
  [[nodiscard]] Reply not_modified(const Request& req, const FileHeaders& headers) const;

 private:
  template <class Body>
  void add_common_headers(http::response<Body>& res) const;
  template <class Body>
  static void add_file_headers(http::response<Body>& res, const FileHeaders& headers);
  template <class Customize>
  Reply text_with(const Request& req, http::status status, std::string_view content_type, std::string body,
                  Customize&& customize) const;

  std::string csp_;
};

}  // namespace daneel::proxy
