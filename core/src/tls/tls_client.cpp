#include "tls/tls_client.h"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <psa/crypto.h>

#include <algorithm>
#include <array>

#include "crypto/mbedtls_error.h"
#include "tls/failure_side.h"
#include "tls/mbedtls_internals.h"
#include "tls/server_hello_observer.h"
#include "tls/tls_names.h"

namespace daneel::tls {

struct TlsClient::Engine {
  Engine() {
    mbedtls_ssl_init(&ssl);
    mbedtls_ssl_config_init(&config);
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
  }
  ~Engine() {
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&config);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
  }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  mbedtls_ssl_context ssl;
  mbedtls_ssl_config config;
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
  Bytes incoming;            // ciphertext not yet read by Mbed TLS
  std::size_t incoming_read = 0;
  Bytes outgoing;            // ciphertext for the server
  Bytes plaintext;           // decrypted application data
  ServerHelloObserver observer;
};

namespace {

// Memory BIO (Mbed TLS's f_send / f_recv, ssl.h): never blocks; "no data yet"
// is MBEDTLS_ERR_SSL_WANT_READ, which makes Mbed TLS return to us.
int bio_send(void* context, const unsigned char* data, std::size_t size) {
  auto* engine = static_cast<TlsClient::Engine*>(context);
  engine->outgoing.insert(engine->outgoing.end(), data, data + size);
  return static_cast<int>(size);  // size <= one record (MBEDTLS_SSL_OUT_BUFFER_LEN)
}

int bio_recv(void* context, unsigned char* out, std::size_t size) {
  auto* engine = static_cast<TlsClient::Engine*>(context);
  const std::size_t available = engine->incoming.size() - engine->incoming_read;
  if (available == 0) return MBEDTLS_ERR_SSL_WANT_READ;
  const std::size_t n = std::min({size, available, std::size_t{1} << 20});
  std::copy_n(engine->incoming.begin() + static_cast<std::ptrdiff_t>(engine->incoming_read), n, out);
  engine->incoming_read += n;
  if (engine->incoming_read == engine->incoming.size()) {
    engine->incoming.clear();
    engine->incoming_read = 0;
  }
  return static_cast<int>(n);
}

mbedtls_ssl_protocol_version to_mbedtls(TlsVersion version) {
  return version == TlsVersion::tls1_2 ? MBEDTLS_SSL_VERSION_TLS1_2 : MBEDTLS_SSL_VERSION_TLS1_3;
}

// PSA Crypto must be initialised once before TLS 1.3 (BUILD/THIRD_PARTY.md).
// The core is single-threaded; psa_crypto_init() is idempotent anyway.
bool psa_ready() {
  static const bool ready = psa_crypto_init() == PSA_SUCCESS;
  return ready;
}

}  // namespace

TlsClient::TlsClient(TlsConfig config) : config_(std::move(config)) {}
TlsClient::~TlsClient() = default;

void TlsClient::fail(int mbedtls_error, std::string reason) {
  state_ = TlsState::failed;
  failure_.mbedtls_error = mbedtls_error;
  if (engine_ != nullptr) {
    if (mbedtls_error == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE) failure_.alert_received = fatal_alert_received(engine_->ssl);
    if (!failure_.alert_received) failure_.alert_received = engine_->observer.seen().alert_description;
    failure_.alert_sent = fatal_alert_sent(engine_->ssl);
    const std::optional<std::uint16_t> scheme = engine_->observer.seen().signature_scheme;
    failure_.side = blame_handshake_failure(
        {.mbedtls_error = mbedtls_error,
         .alert_received = failure_.alert_received.has_value(),
         .server_signature_scheme = scheme,
         .server_signature_scheme_offered = scheme && signature_scheme_offered(engine_->ssl, *scheme)});
  }
  if (mbedtls_error != 0) reason += (reason.empty() ? "" : ": ") + crypto::mbedtls_error_text(mbedtls_error);
  if (failure_.alert_received) reason += "; alert received: " + alert_name(*failure_.alert_received);
  if (failure_.alert_sent) reason += "; alert sent: " + alert_name(*failure_.alert_sent);
  failure_.reason = std::move(reason);
  // Nothing more goes in; what Mbed TLS wrote (an alert) may still go out.
  engine_->incoming.clear();
  engine_->incoming_read = 0;
}

void TlsClient::start() {
  if (state_ != TlsState::idle) return;
  engine_ = std::make_unique<Engine>();
  state_ = TlsState::handshaking;
  if (!psa_ready()) return fail(0, "PSA Crypto could not be initialised");
  Engine& e = *engine_;
  static constexpr unsigned char kPersonalization[] = "daneel-tls";
  if (const int rc = mbedtls_ctr_drbg_seed(&e.drbg, mbedtls_entropy_func, &e.entropy, kPersonalization,
                                           sizeof kPersonalization - 1);
      rc != 0) {
    return fail(rc, "random generator not seeded");
  }
  if (const int rc = mbedtls_ssl_config_defaults(&e.config, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                                 MBEDTLS_SSL_PRESET_DEFAULT);
      rc != 0) {
    return fail(rc, "TLS configuration");
  }
  // No PKIX verification by Mbed TLS: DANE decides (RFC 7672 §3), and the
  // chain is kept (MBEDTLS_SSL_KEEP_PEER_CERTIFICATE) for it.
  mbedtls_ssl_conf_authmode(&e.config, MBEDTLS_SSL_VERIFY_NONE);
  mbedtls_ssl_conf_rng(&e.config, mbedtls_ctr_drbg_random, &e.drbg);
  mbedtls_ssl_conf_min_tls_version(&e.config, to_mbedtls(config_.min_version));
  mbedtls_ssl_conf_max_tls_version(&e.config, to_mbedtls(config_.max_version));
  if (const int rc = mbedtls_ssl_setup(&e.ssl, &e.config); rc != 0) return fail(rc, "TLS setup");
  // SNI = the TLSA base domain (RFC 7672 §8.1), without the root's trailing
  // dot (RFC 6066 §3: "The hostname is represented ... without a trailing dot").
  if (config_.server_name.ends_with('.')) config_.server_name.pop_back();
  if (!config_.server_name.empty()) {
    if (const int rc = mbedtls_ssl_set_hostname(&e.ssl, config_.server_name.c_str()); rc != 0) {
      return fail(rc, "server name '" + config_.server_name + "' not usable for SNI");
    }
  }
  mbedtls_ssl_set_bio(&e.ssl, &e, bio_send, bio_recv, nullptr);
  drive_handshake();
}

void TlsClient::on_bytes(ByteView data) {
  if (state_ != TlsState::handshaking && state_ != TlsState::established) return;
  Engine& e = *engine_;
  if (state_ == TlsState::handshaking) {
    handshake_bytes_ += data.size();
    if (handshake_bytes_ > config_.limits.max_handshake_bytes) {
      return fail(0, "the server sent more than " + std::to_string(config_.limits.max_handshake_bytes) +
                         " bytes without completing the handshake");
    }
    if (!e.observer.finished()) e.observer.on_bytes(data);
  }
  const bool renegotiating = renegotiation_ == RenegotiationEnd::pending;
  if (renegotiating) {
    renegotiation_bytes_ += data.size();
    if (renegotiation_bytes_ > config_.limits.max_handshake_bytes) {
      // Bounded as the first handshake; the server's answer is too large to judge.
      renegotiation_ = RenegotiationEnd::failed;
      return fail(0, "the server sent more than " + std::to_string(config_.limits.max_handshake_bytes) +
                         " bytes without completing the renegotiation");
    }
  }
  e.incoming.insert(e.incoming.end(), data.begin(), data.end());
  if (state_ == TlsState::handshaking) {
    drive_handshake();
  } else if (renegotiating) {
    drive_renegotiation();
  } else {
    read_application_data();
  }
}

Status TlsClient::renegotiate() {
  if (state_ != TlsState::established || info_.version != TlsVersion::tls1_2)
    return make_error(Errc::invalid_argument, "renegotiation needs an established TLS 1.2 session");
  if (renegotiation_) return make_error(Errc::invalid_argument, "the session was already renegotiated once");
  if (buffered_plaintext() > 0 || engine_->incoming.size() > engine_->incoming_read)
    return make_error(Errc::invalid_argument, "the server's data is still unread");
  renegotiation_ = RenegotiationEnd::pending;
  drive_renegotiation();  // writes the new ClientHello
  return {};
}

void TlsClient::drive_renegotiation() {
  // mbedtls_ssl_renegotiate() starts the new handshake on the first call and
  // continues it on later ones; with the memory BIO each call runs what the
  // buffered bytes allow and stops at WANT_READ.
  const int rc = mbedtls_ssl_renegotiate(&engine_->ssl);
  if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) return;
  if (rc == 0) {
    renegotiation_ = RenegotiationEnd::accepted;
    if (engine_->incoming.size() > engine_->incoming_read) read_application_data();
    return;
  }
  // Not a ServerHello but another record (the held one): OpenSSL's
  // SSL_OP_NO_RENEGOTIATION answers with a warning no_renegotiation alert
  // and carries on with the old keys. Either way the server did not start a
  // new handshake. The session is left as it is: Mbed TLS still waits for a
  // ServerHello and would not write; the caller ends the session.
  if (rc == MBEDTLS_ERR_SSL_WAITING_SERVER_HELLO_RENEGO) {
    renegotiation_ = RenegotiationEnd::refused;
    renegotiation_alert_ = held_alert(engine_->ssl);
    state_ = TlsState::closed;
    return;
  }
  if (rc == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
    renegotiation_ = RenegotiationEnd::refused;
    if (rc == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE) renegotiation_alert_ = fatal_alert_received(engine_->ssl);
    state_ = TlsState::closed;
    return;
  }
  renegotiation_ = RenegotiationEnd::failed;
  fail(rc, "TLS renegotiation failed");
}

void TlsClient::drive_handshake() {
  // With the memory BIO one call runs every step it has bytes for and stops
  // at WANT_READ: the loop is bounded by the bytes buffered.
  const int rc = mbedtls_ssl_handshake(&engine_->ssl);
  if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) return;
  if (rc != 0) return fail(rc, "TLS handshake failed");
  state_ = TlsState::established;
  handshake_completed_ = true;
  record_negotiated();
  if (engine_->incoming.size() > engine_->incoming_read) read_application_data();
}

void TlsClient::record_negotiated() {
  const mbedtls_ssl_context& ssl = engine_->ssl;
  const ObservedHandshake& seen = engine_->observer.seen();
  info_.version = mbedtls_ssl_get_version_number(&ssl) == MBEDTLS_SSL_VERSION_TLS1_2 ? TlsVersion::tls1_2
                                                                                        : TlsVersion::tls1_3;
  info_.cipher_suite = static_cast<std::uint16_t>(mbedtls_ssl_get_ciphersuite_id_from_ssl(&ssl));
  if (const char* name = mbedtls_ssl_get_ciphersuite(&ssl); name != nullptr) {
    info_.cipher_suite_name = iana_cipher_suite_name(name);
  }
  if (seen.group) {
    info_.group = *seen.group;
    info_.group_name = group_name(*seen.group);
  } else if (seen.dh_prime_bits) {
    info_.group_name = "DHE " + std::to_string(*seen.dh_prime_bits) + "-bit prime";
  } else if (info_.version == TlsVersion::tls1_2 && info_.cipher_suite_name.starts_with("TLS_RSA_")) {
    info_.group_name = "none (static RSA key transport)";
  }
  if (seen.signature_scheme) {
    info_.signature_scheme = seen.signature_scheme;
    info_.signature_scheme_name = signature_scheme_name(*seen.signature_scheme);
  }
  info_.hello_retry_request = seen.hello_retry_request;
  if (info_.version == TlsVersion::tls1_2) {
    // Mbed TLS aborts when these extensions are malformed, so presence in the
    // ServerHello of a completed handshake means negotiated (RFC 7627 §5.1,
    // RFC 5746 §3.4).
    info_.extended_master_secret = seen.extended_master_secret;
    info_.secure_renegotiation = seen.renegotiation_info;
  }
  info_.chain.clear();
  std::size_t count = 0;
  for (const mbedtls_x509_crt* cert = mbedtls_ssl_get_peer_cert(&ssl);
       cert != nullptr && cert->raw.p != nullptr && count < config_.limits.max_chain_certificates;
       cert = cert->next, ++count) {
    info_.chain.emplace_back(cert->raw.p, cert->raw.p + cert->raw.len);
  }
}

void TlsClient::read_application_data() {
  Engine& e = *engine_;
  std::array<unsigned char, 4096> chunk{};
  // Each round consumes at least one record header's worth of input or stops.
  for (int round = 0; round < 4096 && state_ == TlsState::established; ++round) {
    const int rc = mbedtls_ssl_read(&e.ssl, chunk.data(), chunk.size());
    if (rc > 0) {
      if (e.plaintext.size() + static_cast<std::size_t>(rc) > config_.limits.max_plaintext_buffer) {
        return fail(0, "the server sent more than " + std::to_string(config_.limits.max_plaintext_buffer) +
                           " bytes of application data");
      }
      e.plaintext.insert(e.plaintext.end(), chunk.begin(), chunk.begin() + rc);
      continue;
    }
    if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) return;
    if (rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || rc == 0) {
      state_ = TlsState::closed;
      return;
    }
    return fail(rc, "TLS record layer");
  }
}

Status TlsClient::write(ByteView plaintext) {
  if (state_ != TlsState::established) return make_error(Errc::invalid_argument, "TLS session not established");
  std::size_t written = 0;
  // mbedtls_ssl_write() may take less than given (one record at a time).
  for (int round = 0; written < plaintext.size() && round < 1024; ++round) {
    const int rc = mbedtls_ssl_write(&engine_->ssl, plaintext.data() + written, plaintext.size() - written);
    if (rc < 0) {
      fail(rc, "TLS write");
      return make_error(Errc::internal, failure_.reason);
    }
    written += static_cast<std::size_t>(rc);
  }
  if (written != plaintext.size()) return make_error(Errc::limit_exceeded, "TLS write did not finish");
  return {};
}

void TlsClient::close_notify() {
  if (state_ != TlsState::established) return;
  (void)mbedtls_ssl_close_notify(&engine_->ssl);  // WANT_WRITE is impossible with the memory BIO
  state_ = TlsState::closed;
}

Bytes TlsClient::take_output() {
  if (engine_ == nullptr) return {};
  Bytes out;
  out.swap(engine_->outgoing);
  return out;
}

Bytes TlsClient::take_plaintext() {
  if (engine_ == nullptr) return {};
  Bytes out;
  out.swap(engine_->plaintext);
  return out;
}

std::size_t TlsClient::buffered_plaintext() const { return engine_ == nullptr ? 0 : engine_->plaintext.size(); }

}  // namespace daneel::tls
