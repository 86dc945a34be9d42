#include "dns/doh.h"

#include <cctype>

#include "util/encoding.h"

namespace daneel::dns {
namespace {

constexpr std::string_view kTemplateSuffix = "{?dns}";

bool starts_with_scheme(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

// Media types compare case-insensitively and may carry parameters
// ("application/dns-message; charset=..." is still a DNS message).
bool is_dns_message_type(std::string_view content_type) {
  const std::size_t end = content_type.find(';');
  std::string_view type = content_type.substr(0, end);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  if (type.size() != kDnsMessageMediaType.size()) return false;
  for (std::size_t i = 0; i < type.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(type[i])) != kDnsMessageMediaType[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(HttpMethod method) { return method == HttpMethod::get ? "GET" : "POST"; }

Result<DohRequest> make_doh_request(std::string_view server, ByteView wire_query, HttpMethod method) {
  if (!starts_with_scheme(server)) {
    return make_error(Errc::invalid_argument,
                      "DoH server \"" + std::string(server) + "\" is not an https:// or http:// URL");
  }
  if (wire_query.size() < 12 || wire_query.size() > kMaxMessageSize) {
    return make_error(Errc::invalid_argument, "a DNS query is 12 to 65535 octets, got " +
                                                  std::to_string(wire_query.size()));
  }
  const bool is_template = server.ends_with(kTemplateSuffix);
  const std::string_view base = is_template ? server.substr(0, server.size() - kTemplateSuffix.size()) : server;
  if (base.find_first_of("{} \t\r\n") != std::string_view::npos) {
    return make_error(Errc::invalid_argument,
                      "DoH server URL \"" + std::string(server) + "\" has characters a URL cannot hold here");
  }

  DohRequest request;
  request.method = method;
  if (method == HttpMethod::post) {
    request.url = std::string(base);
    request.body.assign(wire_query.begin(), wire_query.end());
  } else {
    // RFC 8484 §4.1: base64url without padding in the `dns` variable.
    const char separator = base.find('?') == std::string_view::npos ? '?' : '&';
    request.url = std::string(base) + separator + "dns=" + encoding::to_base64url(wire_query);
  }
  return request;
}

Result<Message> parse_doh_response(const HttpResponse& response) {
  if (response.status < 200 || response.status > 299) {
    return make_error(Errc::invalid_argument,
                      "HTTP " + std::to_string(response.status) + " from the DoH server (expected 200)");
  }
  if (!is_dns_message_type(response.content_type)) {
    return make_error(Errc::malformed, "the DoH server answered with media type \"" + response.content_type +
                                           "\", not " + std::string(kDnsMessageMediaType));
  }
  if (response.body.empty()) return make_error(Errc::malformed, "the DoH server sent an empty body");
  if (response.body.size() > kMaxMessageSize) {
    return make_error(Errc::limit_exceeded, "the DoH response body has " + std::to_string(response.body.size()) +
                                                " octets; a DNS message has at most 65535");
  }
  auto message = parse_message(response.body);
  if (!message.ok()) {
    return make_error(message.error().code, "the DoH server sent a bad DNS message: " + message.error().message);
  }
  if (message.value().header.tc) {
    return make_error(Errc::unsupported, "the DoH server sent a truncated (TC) answer; DoH must carry whole messages");
  }
  return message;
}

}  // namespace daneel::dns
