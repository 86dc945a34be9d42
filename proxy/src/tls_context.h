// TLS on the listener (--tls-cert FILE, --tls-key FILE; JSON tls_cert,
// tls_key): the server context, made once at startup. Without it the proxy
// speaks plain HTTP (behind a TLS-terminating front proxy, docs/DEPLOYING.md).
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

namespace daneel::proxy {

struct TlsContextLoad {
  std::unique_ptr<boost::asio::ssl::context> context;  // null on error
  std::string error;
};

// TLS 1.2 and 1.3 only; the certificate chain (PEM, leaf first) and its
// private key (PEM), which must belong together. Any problem (a missing or
// unreadable file, no PEM, a key that is not the certificate's) is an error:
// the proxy then refuses to start (status 2).
[[nodiscard]] TlsContextLoad make_tls_context(const std::string& cert_file, const std::string& key_file);

}  // namespace daneel::proxy
