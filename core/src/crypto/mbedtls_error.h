// Mbed TLS's texts for the error codes a check can meet, joined as
// mbedtls_strerror() joins them: a high-level part and a low-level part, e.g.
// "X509 - The date tag or value is invalid : ASN1 - Out of data when parsing
// an ASN1 data structure". Other codes read "Mbed TLS error -0x0F80".
//
// Why not mbedtls_strerror(): its table (MBEDTLS_ERROR_C) has every module's
// texts, 231 of them, most for code paths a TLS client never takes (server,
// DTLS, early data, PKCS#7 ...); it was 5 KB of the gzip'd npm package. Both
// builds use this one table, so native and wasm reports read the same. The
// codes are listed in mbedtls_error_codes.txt; their texts are taken from the
// Mbed TLS headers at build time (gen_mbedtls_error_texts.py), as Mbed TLS's
// own error.c is generated.
//
// The TLS client (tls) and certificate parsing (dane) share it.
#pragma once

#include <string>

namespace daneel::crypto {

std::string mbedtls_error_text(int code);

}  // namespace daneel::crypto
