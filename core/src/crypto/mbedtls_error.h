// Mbed TLS's texts for the error codes a check can meet, in Mbed TLS's own
// words, joined as mbedtls_strerror() joins them: a high-level part and a
// low-level part, e.g. "X509 - The date tag or value is invalid : ASN1 - Out
// of data when parsing an ASN1 data structure". Other codes read "Mbed TLS
// error -0x7080".
//
// Why not mbedtls_strerror(): its table (MBEDTLS_ERROR_C) has every module's
// texts, 231 of them, most for code paths a TLS client never takes (server,
// DTLS, early data, PKCS#7 ...); it was 5 KB of the gzip'd npm package. Both
// builds use this one table, so native and wasm reports read the same.
//
// Header-only: the TLS client (tls) and certificate parsing (dane) share it.
#pragma once

#include <mbedtls/asn1.h>
#include <mbedtls/bignum.h>
#include <mbedtls/cipher.h>
#include <mbedtls/dhm.h>
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/oid.h>
#include <mbedtls/pem.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509.h>

#include <iterator>
#include <string>
#include <string_view>

namespace daneel::crypto {

namespace mbedtls_error_detail {

struct ErrorText {
  int code;  // positive: -MBEDTLS_ERR_...
  std::string_view text;
};

// High-level codes (bits 0xFF80) of the modules a check uses.
inline constexpr ErrorText kHighLevel[] = {
    {-MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE, "SSL - The requested feature is not available"},
    {-MBEDTLS_ERR_SSL_BAD_INPUT_DATA, "SSL - Bad input parameters to function"},
    {-MBEDTLS_ERR_SSL_INVALID_MAC, "SSL - Verification of the message MAC failed"},
    {-MBEDTLS_ERR_SSL_INVALID_RECORD, "SSL - An invalid SSL record was received"},
    {-MBEDTLS_ERR_SSL_CONN_EOF, "SSL - The connection indicated an EOF"},
    {-MBEDTLS_ERR_SSL_DECODE_ERROR, "SSL - A message could not be parsed due to a syntactic error"},
    {-MBEDTLS_ERR_SSL_UNSUPPORTED_EXTENSION,
     "SSL - Client received an extended server hello containing an unsupported extension"},
    {-MBEDTLS_ERR_SSL_NO_APPLICATION_PROTOCOL, "SSL - No ALPN protocols supported that the client advertises"},
    {-MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE, "SSL - An unexpected message was received from our peer"},
    {-MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, "SSL - A fatal alert message was received from our peer"},
    {-MBEDTLS_ERR_SSL_UNRECOGNIZED_NAME, "SSL - No server could be identified matching the client's SNI"},
    {-MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY, "SSL - The peer notified us that the connection is going to be closed"},
    {-MBEDTLS_ERR_SSL_BAD_CERTIFICATE, "SSL - Processing of the Certificate handshake message failed"},
    {-MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET, "SSL - A TLS 1.3 NewSessionTicket message has been received"},
    {-MBEDTLS_ERR_SSL_ALLOC_FAILED, "SSL - Memory allocation failed"},
    {-MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION, "SSL - Handshake protocol not within min/max boundaries"},
    {-MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE, "SSL - The handshake negotiation failed"},
    {-MBEDTLS_ERR_SSL_PK_TYPE_MISMATCH,
     "SSL - Public key type mismatch (eg, asked for RSA key exchange and presented EC key)"},
    {-MBEDTLS_ERR_SSL_INTERNAL_ERROR, "SSL - Internal error (eg, unexpected failure in lower-level module)"},
    {-MBEDTLS_ERR_SSL_COUNTER_WRAPPING, "SSL - A counter would wrap (eg, too many messages exchanged)"},
    {-MBEDTLS_ERR_SSL_BUFFER_TOO_SMALL, "SSL - A buffer is too small to receive or write a message"},
    {-MBEDTLS_ERR_SSL_TIMEOUT, "SSL - The operation timed out"},
    {-MBEDTLS_ERR_SSL_UNEXPECTED_RECORD, "SSL - Record header looks valid but is not expected"},
    {-MBEDTLS_ERR_SSL_NON_FATAL, "SSL - The alert message received indicates a non-fatal error"},
    {-MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER,
     "SSL - A field in a message was incorrect or inconsistent with other fields"},
    {-MBEDTLS_ERR_SSL_VERSION_MISMATCH,
     "SSL - An operation failed due to an unexpected version or configuration"},
    {-MBEDTLS_ERR_SSL_BAD_CONFIG, "SSL - Invalid value in SSL config"},
    {-MBEDTLS_ERR_SSL_CERTIFICATE_VERIFICATION_WITHOUT_HOSTNAME,
     "SSL - Attempt to verify a certificate without an expected hostname"},
    {-MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE, "X509 - Unavailable feature, e.g. RSA hashing/encryption combination"},
    {-MBEDTLS_ERR_X509_UNKNOWN_OID, "X509 - Requested OID is unknown"},
    {-MBEDTLS_ERR_X509_INVALID_FORMAT, "X509 - The CRT/CRL/CSR format is invalid, e.g. different type expected"},
    {-MBEDTLS_ERR_X509_INVALID_VERSION, "X509 - The CRT/CRL/CSR version element is invalid"},
    {-MBEDTLS_ERR_X509_INVALID_SERIAL, "X509 - The serial tag or value is invalid"},
    {-MBEDTLS_ERR_X509_INVALID_ALG, "X509 - The algorithm tag or value is invalid"},
    {-MBEDTLS_ERR_X509_INVALID_NAME, "X509 - The name tag or value is invalid"},
    {-MBEDTLS_ERR_X509_INVALID_DATE, "X509 - The date tag or value is invalid"},
    {-MBEDTLS_ERR_X509_INVALID_SIGNATURE, "X509 - The signature tag or value invalid"},
    {-MBEDTLS_ERR_X509_INVALID_EXTENSIONS, "X509 - The extension tag or value is invalid"},
    {-MBEDTLS_ERR_X509_UNKNOWN_VERSION, "X509 - CRT/CRL/CSR has an unsupported version number"},
    {-MBEDTLS_ERR_X509_UNKNOWN_SIG_ALG, "X509 - Signature algorithm (oid) is unsupported"},
    {-MBEDTLS_ERR_X509_SIG_MISMATCH, "X509 - Signature algorithms do not match"},
    {-MBEDTLS_ERR_X509_CERT_VERIFY_FAILED,
     "X509 - Certificate verification failed, e.g. CRL, CA or signature check failed"},
    {-MBEDTLS_ERR_X509_CERT_UNKNOWN_FORMAT, "X509 - Format not recognized as DER or PEM"},
    {-MBEDTLS_ERR_X509_BAD_INPUT_DATA, "X509 - Input invalid"},
    {-MBEDTLS_ERR_X509_ALLOC_FAILED, "X509 - Allocation of memory failed"},
    {-MBEDTLS_ERR_X509_BUFFER_TOO_SMALL, "X509 - Destination buffer is too small"},
    {-MBEDTLS_ERR_X509_FATAL_ERROR,
     "X509 - A fatal error occurred, eg the chain is too long or the vrfy callback failed"},
    {-MBEDTLS_ERR_PK_ALLOC_FAILED, "PK - Memory allocation failed"},
    {-MBEDTLS_ERR_PK_TYPE_MISMATCH, "PK - Type mismatch, eg attempt to encrypt with an ECDSA key"},
    {-MBEDTLS_ERR_PK_BAD_INPUT_DATA, "PK - Bad input parameters to function"},
    {-MBEDTLS_ERR_PK_KEY_INVALID_VERSION, "PK - Unsupported key version"},
    {-MBEDTLS_ERR_PK_KEY_INVALID_FORMAT, "PK - Invalid key tag or value"},
    {-MBEDTLS_ERR_PK_UNKNOWN_PK_ALG, "PK - Key algorithm is unsupported (only RSA and EC are supported)"},
    {-MBEDTLS_ERR_PK_INVALID_PUBKEY, "PK - The pubkey tag or value is invalid (only RSA and EC are supported)"},
    {-MBEDTLS_ERR_PK_INVALID_ALG, "PK - The algorithm tag or value is invalid"},
    {-MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE, "PK - Unavailable feature, e.g. RSA disabled for RSA key"},
    {-MBEDTLS_ERR_PK_SIG_LEN_MISMATCH, "PK - The buffer contains a valid signature followed by more data"},
    {-MBEDTLS_ERR_PK_BUFFER_TOO_SMALL, "PK - The output buffer is too small"},
    {-MBEDTLS_ERR_ECP_BAD_INPUT_DATA, "ECP - Bad input parameters to function"},
    {-MBEDTLS_ERR_ECP_BUFFER_TOO_SMALL, "ECP - The buffer is too small to write to"},
    {-MBEDTLS_ERR_ECP_FEATURE_UNAVAILABLE, "ECP - The requested feature is not available, for example, the "
                                           "requested curve is not supported"},
    {-MBEDTLS_ERR_ECP_VERIFY_FAILED, "ECP - The signature is not valid"},
    {-MBEDTLS_ERR_ECP_ALLOC_FAILED, "ECP - Memory allocation failed"},
    {-MBEDTLS_ERR_ECP_INVALID_KEY, "ECP - Invalid private or public key"},
    {-MBEDTLS_ERR_ECP_SIG_LEN_MISMATCH, "ECP - The buffer contains a valid signature followed by more data"},
    {-MBEDTLS_ERR_RSA_BAD_INPUT_DATA, "RSA - Bad input parameters to function"},
    {-MBEDTLS_ERR_RSA_INVALID_PADDING, "RSA - Input data contains invalid padding and is rejected"},
    {-MBEDTLS_ERR_RSA_KEY_CHECK_FAILED, "RSA - Key failed to pass the validity check of the library"},
    {-MBEDTLS_ERR_RSA_PUBLIC_FAILED, "RSA - The public key operation failed"},
    {-MBEDTLS_ERR_RSA_VERIFY_FAILED, "RSA - The PKCS#1 verification failed"},
    {-MBEDTLS_ERR_DHM_BAD_INPUT_DATA, "DHM - Bad input parameters"},
    {-MBEDTLS_ERR_DHM_READ_PARAMS_FAILED, "DHM - Reading of the DHM parameters failed"},
    {-MBEDTLS_ERR_PEM_NO_HEADER_FOOTER_PRESENT, "PEM - No PEM header or footer found"},
    {-MBEDTLS_ERR_PEM_INVALID_DATA, "PEM - PEM string is not as expected"},
    {-MBEDTLS_ERR_PEM_BAD_INPUT_DATA, "PEM - Bad input parameters to function"},
    {-MBEDTLS_ERR_MD_BAD_INPUT_DATA, "MD - Bad input parameters to function"},
    {-MBEDTLS_ERR_CIPHER_BAD_INPUT_DATA, "CIPHER - Bad input parameters"},
    {-MBEDTLS_ERR_CIPHER_AUTH_FAILED, "CIPHER - Authentication failed (for AEAD modes)"},
};

// Low-level codes (bits 0x007F).
inline constexpr ErrorText kLowLevel[] = {
    {-MBEDTLS_ERR_ASN1_OUT_OF_DATA, "ASN1 - Out of data when parsing an ASN1 data structure"},
    {-MBEDTLS_ERR_ASN1_UNEXPECTED_TAG, "ASN1 - ASN1 tag was of an unexpected value"},
    {-MBEDTLS_ERR_ASN1_INVALID_LENGTH, "ASN1 - Error when trying to determine the length or invalid length"},
    {-MBEDTLS_ERR_ASN1_LENGTH_MISMATCH, "ASN1 - Actual length differs from expected length"},
    {-MBEDTLS_ERR_ASN1_INVALID_DATA, "ASN1 - Data is invalid"},
    {-MBEDTLS_ERR_ASN1_ALLOC_FAILED, "ASN1 - Memory allocation failed"},
    {-MBEDTLS_ERR_MPI_BAD_INPUT_DATA, "BIGNUM - Bad input parameters to function"},
    {-MBEDTLS_ERR_MPI_ALLOC_FAILED, "BIGNUM - Memory allocation failed"},
    {-MBEDTLS_ERR_OID_NOT_FOUND, "OID - OID is not found"},
};

inline void append_text(std::string& out, const ErrorText* begin, const ErrorText* end, int code) {
  for (const ErrorText* entry = begin; entry != end; ++entry) {
    if (entry->code == code) {
      out += entry->text;
      return;
    }
  }
  constexpr char kDigits[] = "0123456789ABCDEF";
  out += "Mbed TLS error -0x";
  for (int shift = 12; shift >= 0; shift -= 4) out += kDigits[(code >> shift) & 0xF];
}

}  // namespace mbedtls_error_detail

inline std::string mbedtls_error_text(int code) {
  namespace detail = mbedtls_error_detail;
  const int positive = code < 0 ? -code : code;
  const int high = positive & 0xFF80;
  const int low = positive & 0x007F;
  std::string out;
  if (high != 0) detail::append_text(out, std::begin(detail::kHighLevel), std::end(detail::kHighLevel), high);
  // As mbedtls_strerror(): a fatal alert has no low-level part worth naming.
  if (low != 0 && high != -MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE) {
    if (!out.empty()) out += " : ";
    detail::append_text(out, std::begin(detail::kLowLevel), std::end(detail::kLowLevel), low);
  }
  return out;
}

}  // namespace daneel::crypto
