// The two kinds of client connection: plain TCP (behind a TLS-terminating
// front proxy, or on loopback) and TLS on the listener itself (--tls-cert,
// --tls-key: https and wss). The HTTP session and the relay session are
// written once for both (templates over the stream); the upgrade handler
// gets whichever the connection has.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <variant>

namespace daneel::proxy {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
using AnyStream = std::variant<PlainStream*, TlsStream*>;

}  // namespace daneel::proxy
