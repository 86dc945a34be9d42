#include "crypto/mbedtls_error.h"

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
#include <string_view>

namespace daneel::crypto {

namespace {

struct ErrorText {
  int code;  // positive: -MBEDTLS_ERR_...
  std::string_view text;
};

// kHighLevel (bits 0xFF80) and kLowLevel (bits 0x007F), generated.
#include "mbedtls_error_texts.inc"

void append_text(std::string& out, const ErrorText* begin, const ErrorText* end, int code) {
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

}  // namespace

std::string mbedtls_error_text(int code) {
  const int positive = code < 0 ? -code : code;
  const int high = positive & 0xFF80;
  const int low = positive & 0x007F;
  std::string out;
  if (high != 0) append_text(out, std::begin(kHighLevel), std::end(kHighLevel), high);
  // As mbedtls_strerror(): a fatal alert has no low-level part worth naming.
  if (low != 0 && high != -MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE) {
    if (!out.empty()) out += " : ";
    append_text(out, std::begin(kLowLevel), std::end(kLowLevel), low);
  }
  return out;
}

}  // namespace daneel::crypto
