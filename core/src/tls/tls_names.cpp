#include "tls/tls_names.h"

#include <array>
#include <cstdio>
#include <utility>

#include "tls/tls_types.h"

namespace daneel::tls {

namespace {

template <class Code, std::size_t N>
std::string lookup(const std::array<std::pair<Code, std::string_view>, N>& table, Code value) {
  for (const auto& [code, name] : table) {
    if (code == value) return std::string(name);
  }
  char text[24];
  std::snprintf(text, sizeof text, "unknown (0x%04x)", static_cast<unsigned>(value));
  return text;
}

// IANA "TLS Supported Groups".
constexpr std::array<std::pair<std::uint16_t, std::string_view>, 14> kGroups{{
    {23, "secp256r1"}, {24, "secp384r1"}, {25, "secp521r1"}, {29, "x25519"}, {30, "x448"},
    {26, "brainpoolP256r1"}, {27, "brainpoolP384r1"}, {28, "brainpoolP512r1"},
    {256, "ffdhe2048"}, {257, "ffdhe3072"}, {258, "ffdhe4096"}, {259, "ffdhe6144"}, {260, "ffdhe8192"},
    {0x11ec, "X25519MLKEM768"},
}};

// IANA "TLS SignatureScheme".
constexpr std::array<std::pair<std::uint16_t, std::string_view>, 17> kSchemes{{
    {0x0201, "rsa_pkcs1_sha1"}, {0x0203, "ecdsa_sha1"},
    {0x0401, "rsa_pkcs1_sha256"}, {0x0501, "rsa_pkcs1_sha384"}, {0x0601, "rsa_pkcs1_sha512"},
    {0x0403, "ecdsa_secp256r1_sha256"}, {0x0503, "ecdsa_secp384r1_sha384"}, {0x0603, "ecdsa_secp521r1_sha512"},
    {0x0804, "rsa_pss_rsae_sha256"}, {0x0805, "rsa_pss_rsae_sha384"}, {0x0806, "rsa_pss_rsae_sha512"},
    {0x0807, "ed25519"}, {0x0808, "ed448"},
    {0x0809, "rsa_pss_pss_sha256"}, {0x080a, "rsa_pss_pss_sha384"}, {0x080b, "rsa_pss_pss_sha512"},
    {0x0301, "rsa_pkcs1_sha224"},
}};

// RFC 8446 §6 and RFC 5246 §7.2 AlertDescription.
constexpr std::array<std::pair<std::uint8_t, std::string_view>, 30> kAlerts{{
    {0, "close_notify"}, {10, "unexpected_message"}, {20, "bad_record_mac"}, {21, "decryption_failed"},
    {22, "record_overflow"}, {30, "decompression_failure"}, {40, "handshake_failure"}, {41, "no_certificate"},
    {42, "bad_certificate"}, {43, "unsupported_certificate"}, {44, "certificate_revoked"},
    {45, "certificate_expired"}, {46, "certificate_unknown"}, {47, "illegal_parameter"}, {48, "unknown_ca"},
    {49, "access_denied"}, {50, "decode_error"}, {51, "decrypt_error"}, {70, "protocol_version"},
    {71, "insufficient_security"}, {80, "internal_error"}, {86, "inappropriate_fallback"},
    {90, "user_canceled"}, {100, "no_renegotiation"}, {109, "missing_extension"},
    {110, "unsupported_extension"}, {112, "unrecognized_name"}, {113, "bad_certificate_status_response"},
    {116, "certificate_required"}, {120, "no_application_protocol"},
}};

}  // namespace

std::string group_name(std::uint16_t group) { return lookup(kGroups, group); }
std::string signature_scheme_name(std::uint16_t scheme) { return lookup(kSchemes, scheme); }
std::string alert_name(std::uint8_t alert) { return lookup(kAlerts, alert); }

std::string iana_cipher_suite_name(std::string_view mbedtls_name) {
  // TLS 1.3 suites: "TLS1-3-AES-128-GCM-SHA256" -> "TLS_AES_128_GCM_SHA256".
  constexpr std::string_view kTls13Prefix = "TLS1-3-";
  std::string out;
  if (mbedtls_name.starts_with(kTls13Prefix)) {
    out = "TLS_";
    mbedtls_name.remove_prefix(kTls13Prefix.size());
  }
  for (const char c : mbedtls_name) out.push_back(c == '-' ? '_' : c);
  return out;
}

std::string_view to_string(TlsVersion version) { return version == TlsVersion::tls1_2 ? "TLSv1.2" : "TLSv1.3"; }

std::string_view to_string(RenegotiationEnd end) {
  switch (end) {
    case RenegotiationEnd::pending: return "pending";
    case RenegotiationEnd::accepted: return "accepted";
    case RenegotiationEnd::refused: return "refused";
    case RenegotiationEnd::failed: return "failed";
  }
  return "failed";
}

}  // namespace daneel::tls
