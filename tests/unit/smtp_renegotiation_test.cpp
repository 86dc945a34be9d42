// The TLS grading's client-initiated renegotiation (SmtpConfig::renegotiate,
// TlsClient::renegotiate) with scripted IO: the sans-IO SMTP session talks to
// an SMTP script whose TLS side is a real OpenSSL 3.0 server on memory BIOs
// (the project's Mbed TLS has no server side), so the new handshake is a real
// one, byte for byte, without a socket or a clock. Native only (OpenSSL is
// the native driver's library, never the wasm build's).
#include <catch2/catch_test_macros.hpp>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

#include "smtp/smtp_session.h"

using namespace daneel;
using namespace daneel::smtp;

namespace {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using CtxPtr = std::unique_ptr<SSL_CTX, Deleter<SSL_CTX, SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, Deleter<SSL, SSL_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;

// A P-256 key and a self-signed certificate for it: the client verifies
// nothing (DANE is another test's subject), it only needs a server.
void give_certificate(SSL_CTX* ctx) {
  KeyPtr key(EVP_EC_gen("P-256"));
  REQUIRE(key);
  CertPtr cert(X509_new());
  REQUIRE(cert);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("mx.test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_set_pubkey(cert.get(), key.get());
  REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);
  REQUIRE(SSL_CTX_use_certificate(ctx, cert.get()) == 1);
  REQUIRE(SSL_CTX_use_PrivateKey(ctx, key.get()) == 1);
}

// The mail server: greeting, EHLO, STARTTLS in the clear, then an OpenSSL
// server session whose plaintext gets the same line-by-line answers.
class ScriptedServer {
 public:
  ScriptedServer(int max_version, std::uint64_t options) : ctx_(SSL_CTX_new(TLS_server_method())) {
    REQUIRE(ctx_);
    SSL_CTX_set_max_proto_version(ctx_.get(), max_version);
    SSL_CTX_set_options(ctx_.get(), options);
    give_certificate(ctx_.get());
  }

  Bytes greeting() { return text("220 mx.test ESMTP\r\n"); }

  // Bytes from the client; returns the server's answer.
  Bytes on_client(const Bytes& in) {
    if (!ssl_) {
      plain_ += std::string(in.begin(), in.end());
      Bytes out;
      for (std::size_t eol; (eol = plain_.find("\r\n")) != std::string::npos;) {
        const std::string line = plain_.substr(0, eol);
        plain_.erase(0, eol + 2);
        if (line.starts_with("EHLO")) append(out, text("250-mx.test\r\n250 STARTTLS\r\n"));
        if (line == "STARTTLS") {
          append(out, text("220 go ahead\r\n"));
          start_tls();
        }
      }
      return out;
    }
    BIO_write(rbio_, in.data(), static_cast<int>(in.size()));
    char buffer[4096];
    // SSL_read drives the handshakes too (the first one and a renegotiation).
    for (int round = 0; round < 64; ++round) {
      const int n = SSL_read(ssl_.get(), buffer, sizeof buffer);
      if (n <= 0) break;
      tls_plain_ += std::string(buffer, static_cast<std::size_t>(n));
    }
    for (std::size_t eol; (eol = tls_plain_.find("\r\n")) != std::string::npos;) {
      const std::string line = tls_plain_.substr(0, eol);
      tls_plain_.erase(0, eol + 2);
      lines_over_tls.push_back(line);
      if (line.starts_with("EHLO")) SSL_write(ssl_.get(), "250 mx.test\r\n", 13);
      if (line == "QUIT") SSL_write(ssl_.get(), "221 bye\r\n", 9);
    }
    return pending();
  }

  // Handshakes the server answered after the first one.
  [[nodiscard]] int renegotiations() const { return server_hellos_ > 0 ? server_hellos_ - 1 : 0; }
  std::vector<std::string> lines_over_tls;

 private:
  static Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }
  static void append(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

  void start_tls() {
    ssl_.reset(SSL_new(ctx_.get()));
    rbio_ = BIO_new(BIO_s_mem());
    wbio_ = BIO_new(BIO_s_mem());
    SSL_set_bio(ssl_.get(), rbio_, wbio_);
    SSL_set_accept_state(ssl_.get());
    // The server's own count: ServerHello messages it wrote (a refusal writes none).
    SSL_set_msg_callback(ssl_.get(), [](int write_p, int, int content_type, const void* buf, size_t len, SSL*, void* arg) {
      if (write_p == 1 && content_type == SSL3_RT_HANDSHAKE && len > 0 &&
          static_cast<const unsigned char*>(buf)[0] == SSL3_MT_SERVER_HELLO)
        ++static_cast<ScriptedServer*>(arg)->server_hellos_;
    });
    SSL_set_msg_callback_arg(ssl_.get(), this);
  }

  Bytes pending() {
    Bytes out(static_cast<std::size_t>(BIO_ctrl_pending(wbio_)));
    if (!out.empty()) BIO_read(wbio_, out.data(), static_cast<int>(out.size()));
    return out;
  }

  CtxPtr ctx_;
  SslPtr ssl_;
  BIO* rbio_ = nullptr;  // owned by ssl_
  BIO* wbio_ = nullptr;
  std::string plain_, tls_plain_;
  int server_hellos_ = 0;
};

struct Run {
  SmtpResult result;
  int server_renegotiations = 0;
  std::vector<std::string> server_lines;
};

// The session against the script, bytes shuttled until neither side has more.
Run run(int max_version, std::uint64_t options, bool renegotiate) {
  ScriptedServer server(max_version, options);
  SmtpConfig config;
  config.tls.server_name = "mx.test";
  config.renegotiate = renegotiate;
  config.await_quit_reply = false;
  SmtpSession session(config);
  TimeMs now = 1'000;
  session.on_connected(now);
  session.on_bytes(server.greeting(), now);
  for (int round = 0; round < 100 && !session.done(); ++round) {
    const Bytes out = session.take_output();
    if (out.empty()) break;
    now += 10;
    const Bytes answer = server.on_client(out);
    if (!answer.empty()) session.on_bytes(answer, now);
  }
  // What the session wrote last (QUIT, close_notify) still reaches the server.
  (void)server.on_client(session.take_output());
  REQUIRE(session.done());
  return Run{session.result(), server.renegotiations(), server.lines_over_tls};
}

constexpr std::uint64_t kAllowClientRenegotiation = SSL_OP_ALLOW_CLIENT_RENEGOTIATION;

// Connects and shuttles bytes until the session has sent its renegotiation
// ClientHello (still in its output) or ended.
void drive_to_renegotiation(ScriptedServer& server, SmtpSession& session, TimeMs now) {
  session.on_connected(now);
  session.on_bytes(server.greeting(), now);
  for (int round = 0; round < 100 && session.phase() != Phase::tls_renegotiation && !session.done(); ++round) {
    const Bytes answer = server.on_client(session.take_output());
    if (!answer.empty()) session.on_bytes(answer, now);
  }
}

}  // namespace

TEST_CASE("renegotiation: a server that allows it completes a new handshake; QUIT follows in the new session") {
  const Run r = run(TLS1_2_VERSION, kAllowClientRenegotiation, true);
  CHECK(r.result.outcome == Outcome::ok);
  CHECK(r.result.phase == Phase::tls_ehlo);  // decided before the renegotiation
  CHECK(r.result.renegotiation == Renegotiation::accepted);
  CHECK_FALSE(r.result.renegotiation_alert.has_value());
  CHECK(r.server_renegotiations == 1);  // the server's own count: one new handshake, one attempt
  REQUIRE(r.result.tls.has_value());
  CHECK(r.result.tls->version == tls::TlsVersion::tls1_2);
  REQUIRE(r.server_lines.size() == 2);
  CHECK(r.server_lines[1] == "QUIT");  // readable by the server: the session is usable after it
}

TEST_CASE("renegotiation: OpenSSL 3.0's default refuses it with a no_renegotiation alert") {
  const Run r = run(TLS1_2_VERSION, 0, true);
  CHECK(r.result.outcome == Outcome::ok);  // the check's answer does not move
  CHECK(r.result.renegotiation == Renegotiation::refused);
  REQUIRE(r.result.renegotiation_alert.has_value());
  CHECK(*r.result.renegotiation_alert == 100);  // no_renegotiation (RFC 5246 §7.2.2)
  CHECK(r.server_renegotiations == 0);
}

TEST_CASE("renegotiation: SSL_OP_NO_RENEGOTIATION refuses it even where client renegotiation is allowed") {
  const Run r = run(TLS1_2_VERSION, kAllowClientRenegotiation | SSL_OP_NO_RENEGOTIATION, true);
  CHECK(r.result.renegotiation == Renegotiation::refused);
  REQUIRE(r.result.renegotiation_alert.has_value());
  CHECK(*r.result.renegotiation_alert == 100);
}

TEST_CASE("renegotiation: a TLS 1.3 session has none: not applicable, nothing sent, QUIT as usual") {
  const Run r = run(TLS1_3_VERSION, kAllowClientRenegotiation, true);
  CHECK(r.result.outcome == Outcome::ok);
  REQUIRE(r.result.tls.has_value());
  CHECK(r.result.tls->version == tls::TlsVersion::tls1_3);
  CHECK(r.result.renegotiation == Renegotiation::not_applicable);
  REQUIRE(r.server_lines.size() == 2);
  CHECK(r.server_lines[1] == "QUIT");
}

TEST_CASE("renegotiation: not asked unless configured (grading off)") {
  const Run r = run(TLS1_2_VERSION, kAllowClientRenegotiation, false);
  CHECK(r.result.outcome == Outcome::ok);
  CHECK(r.result.renegotiation == Renegotiation::not_asked);
  CHECK(r.server_renegotiations == 0);
}

TEST_CASE("renegotiation: the session's byte cap reached during the new handshake is daneel's doing: failed, not not_asked") {
  // Where the renegotiation starts, in bytes received: measured on a first run.
  SmtpConfig measure;
  measure.renegotiate = true;
  std::size_t before = 0;
  {
    ScriptedServer server(TLS1_2_VERSION, kAllowClientRenegotiation);
    SmtpSession session(measure);
    drive_to_renegotiation(server, session, 0);
    REQUIRE(session.phase() == Phase::tls_renegotiation);
    before = session.result().bytes_received;
  }
  // The cap leaves 16 bytes of the server's second flight (a certificate
  // chain: far more): the new handshake cannot complete within it.
  SmtpConfig config = measure;
  config.limits.max_session_bytes = before + 16;
  ScriptedServer server(TLS1_2_VERSION, kAllowClientRenegotiation);
  SmtpSession session(config);
  drive_to_renegotiation(server, session, 0);
  REQUIRE(session.phase() == Phase::tls_renegotiation);
  const Bytes flight = server.on_client(session.take_output());
  REQUIRE(flight.size() > 64);
  session.on_bytes(flight, 10);
  REQUIRE(session.done());
  CHECK(session.result().outcome == Outcome::ok);  // decided at EHLO, never moves
  CHECK(session.result().renegotiation == Renegotiation::failed);
}

TEST_CASE("renegotiation: no answer within the handshake time-out, or a close, is not an acceptance") {
  SECTION("silence") {
    ScriptedServer server(TLS1_2_VERSION, kAllowClientRenegotiation);
    SmtpConfig config;
    config.renegotiate = true;
    SmtpSession session(config);
    TimeMs now = 0;
    // Up to EHLO over TLS; then the renegotiation ClientHello is never delivered.
    drive_to_renegotiation(server, session, now);
    REQUIRE(session.phase() == Phase::tls_renegotiation);
    session.on_timer(now + config.timeouts.tls_handshake - 1);
    CHECK_FALSE(session.done());
    session.on_timer(now + config.timeouts.tls_handshake);
    REQUIRE(session.done());
    CHECK(session.result().outcome == Outcome::ok);
    CHECK(session.result().renegotiation == Renegotiation::timeout);
  }
  SECTION("the server closes") {
    ScriptedServer server(TLS1_2_VERSION, kAllowClientRenegotiation);
    SmtpConfig config;
    config.renegotiate = true;
    SmtpSession session(config);
    drive_to_renegotiation(server, session, 0);
    REQUIRE(session.phase() == Phase::tls_renegotiation);
    session.on_closed(5);
    REQUIRE(session.done());
    CHECK(session.result().outcome == Outcome::ok);
    CHECK(session.result().renegotiation == Renegotiation::refused);
    CHECK_FALSE(session.result().renegotiation_alert.has_value());
  }
}
