#include "url.h"

#include <boost/asio/ip/address.hpp>
#include <charconv>

namespace daneel::native {

Result<Url> parse_url(std::string_view text) {
  Url url;
  std::string_view rest;
  if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    url.https = false;
    url.port = 80;
    rest = text.substr(7);
  } else {
    return make_error(Errc::invalid_argument, "not an http(s) URL: " + std::string(text));
  }
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  url.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));

  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return make_error(Errc::invalid_argument, "unclosed [ in " + std::string(text));
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return make_error(Errc::invalid_argument, "bad authority in " + std::string(text));
      port = authority.substr(close + 2);
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (!port.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return make_error(Errc::invalid_argument, "bad port in " + std::string(text));
    }
    url.port = static_cast<std::uint16_t>(value);
  }
  boost::system::error_code ec;
  boost::asio::ip::make_address(std::string(host), ec);
  if (ec) {
    return make_error(Errc::invalid_argument, "the native driver only connects to IP literals, not \"" +
                                                  std::string(host) + "\" (no system resolver lookups)");
  }
  url.host = std::string(host);
  return url;
}

}  // namespace daneel::native
