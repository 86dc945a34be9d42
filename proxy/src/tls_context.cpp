#include "tls_context.h"

#include <openssl/ssl.h>
#include <boost/system/system_error.hpp>

namespace daneel::proxy {

TlsContextLoad make_tls_context(const std::string& cert_file, const std::string& key_file) {
  namespace ssl = boost::asio::ssl;
  TlsContextLoad out;
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use |
                       ssl::context::no_compression);
  boost::system::error_code ec;
  context->use_certificate_chain_file(cert_file, ec);
  if (ec) {
    out.error = "--tls-cert: cannot use '" + cert_file + "': " + ec.message();
    return out;
  }
  context->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) {
    out.error = "--tls-key: cannot use '" + key_file + "': " + ec.message();
    return out;
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    out.error = "--tls-key: '" + key_file + "' is not the private key of '" + cert_file + "'";
    return out;
  }
  out.context = std::move(context);
  return out;
}

}  // namespace daneel::proxy
