#include "responses.h"

#include <boost/beast/core/file_posix.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/string_body.hpp>

#include <utility>

namespace daneel::proxy {

std::string build_csp(const std::vector<std::string>& extra_connect_src) {
  std::string connect = "connect-src 'self'";
  for (const auto& source : extra_connect_src) connect += " " + source;
  return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " + connect +
         "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

template <class Body>
void Responses::add_common_headers(http::response<Body>& res) const {
  res.set(http::field::server, "daneel-proxy");
  res.set("Content-Security-Policy", csp_);  // fields Beast has no enum for
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
}

// Every response for a static file, 200 or 304 (RFC 9110 §15.4.5 asks a 304
// for the ETag, Cache-Control and Vary the 200 would have had).
//
// no-cache: a cache may store the file but must revalidate it before each
// use, which costs a round trip and a 304 with no body. The site's file names
// (index.html, daneel/dist/daneel.wasm) stay the same from one release to the
// next, so any max-age would keep serving the old release for that long, and
// a page from one release with a module of another breaks. A deployment whose
// file names carry a hash of their contents could send long max-age and
// immutable for those instead (docs/DEPLOYING.md).
//
// Vary on every file: whether X.gz exists is not known when the client does
// not accept gzip, and a shared cache must not hand gzip to a client that
// never asked for it.
template <class Body>
void Responses::add_file_headers(http::response<Body>& res, const FileHeaders& headers) {
  res.set(http::field::etag, headers.entity_tag);
  res.set(http::field::last_modified, headers.last_modified);
  res.set(http::field::cache_control, "no-cache");
  res.set(http::field::vary, "Accept-Encoding");
}

template <class Customize>
Reply Responses::text_with(const Request& req, http::status status, std::string_view content_type,
                           std::string body, Customize&& customize) const {
  const std::uint64_t size = body.size();
  if (req.method() == http::verb::head) {
    http::response<http::empty_body> res{status, req.version()};
    add_common_headers(res);
    res.set(http::field::content_type, content_type);
    res.content_length(size);
    res.keep_alive(req.keep_alive());
    customize(res);
    return Reply{status, 0, http::message_generator{std::move(res)}};
  }
  http::response<http::string_body> res{status, req.version()};
  add_common_headers(res);
  res.set(http::field::content_type, content_type);
  res.body() = std::move(body);
  res.prepare_payload();
  res.keep_alive(req.keep_alive());
  customize(res);
  return Reply{status, size, http::message_generator{std::move(res)}};
}

Reply Responses::text(const Request& req, http::status status, std::string_view content_type,
                      std::string body) const {
  return text_with(req, status, content_type, std::move(body), [](auto&) {});
}

Reply Responses::method_not_allowed(const Request& req) const {
  const auto status = http::status::method_not_allowed;
  return text_with(req, status, "text/plain; charset=utf-8", "405 Method Not Allowed\n", [](auto& res) {
    res.set(http::field::allow, "GET, HEAD");
    res.keep_alive(false);
  });
}

Reply Responses::dns_message(const Request& req, std::string wire, std::uint32_t max_age) const {
  return text_with(req, http::status::ok, "application/dns-message", std::move(wire), [max_age](auto& res) {
    res.set(http::field::cache_control, "max-age=" + std::to_string(max_age));
  });
}

Reply Responses::dns_error(const Request& req, http::status status, std::string_view reason) const {
  std::string body = std::to_string(static_cast<unsigned>(status)) + " " +
                     std::string(http::obsolete_reason(status)) + ": " + std::string(reason) + "\n";
  return text_with(req, status, "text/plain; charset=utf-8", std::move(body), [status](auto& res) {
    res.set(http::field::cache_control, "no-store");
    if (status == http::status::method_not_allowed) {
      res.set(http::field::allow, "GET, POST");
      res.keep_alive(false);
    }
  });
}

Reply Responses::error(const Request& req, http::status status) const {
  std::string body =
      std::to_string(static_cast<unsigned>(status)) + " " + std::string(http::obsolete_reason(status)) + "\n";
  return text(req, status, "text/plain; charset=utf-8", std::move(body));
}

Reply Responses::error_without_request(http::status status) const {
  Request req{http::verb::get, "/", 11};
  req.keep_alive(false);
  return error(req, status);
}

Reply Responses::not_modified(const Request& req, const FileHeaders& headers) const {
  // No Content-Type or Content-Length: they would describe the 200's body,
  // and a 304 has none (the serializer writes the header only).
  http::response<http::empty_body> res{http::status::not_modified, req.version()};
  add_common_headers(res);
  add_file_headers(res, headers);
  res.keep_alive(req.keep_alive());
  return Reply{http::status::not_modified, 0, http::message_generator{std::move(res)}};
}

Reply Responses::file(const Request& req, UniqueFd fd, std::uint64_t size, const FileHeaders& headers) const {
  const auto prepare = [&](auto& res) {
    add_common_headers(res);
    add_file_headers(res, headers);
    res.set(http::field::content_type, headers.content_type);
    if (headers.coding == policy::ContentCoding::gzip) res.set(http::field::content_encoding, "gzip");
    res.keep_alive(req.keep_alive());
  };
  if (req.method() == http::verb::head) {
    http::response<http::empty_body> res{http::status::ok, req.version()};
    prepare(res);
    res.content_length(size);
    return Reply{http::status::ok, 0, http::message_generator{std::move(res)}};
  }
  boost::beast::file_posix file;
  file.native_handle(fd.release());  // the file object owns and closes it now
  http::file_body::value_type body;
  boost::beast::error_code ec;
  body.reset(std::move(file), ec);
  if (ec) return error(req, http::status::internal_server_error);
  http::response<http::file_body> res{http::status::ok, req.version()};
  res.body() = std::move(body);
  res.prepare_payload();
  prepare(res);
  return Reply{http::status::ok, size, http::message_generator{std::move(res)}};
}

}  // namespace daneel::proxy
