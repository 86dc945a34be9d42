// Text encodings of binary data used by DNS, DoH and reports (RFC 4648).
// Decoders are strict: they accept exactly the canonical form and say where
// and why they refused, because their input comes from untrusted zones/users.
#pragma once

#include <string>
#include <string_view>

#include "util/bytes.h"
#include "util/result.h"

namespace daneel::encoding {

// Lowercase hex, as in DS/TLSA presentation format.
std::string to_hex(ByteView data);
// Accepts upper- and lowercase digits; refuses odd lengths and anything else.
Result<Bytes> from_hex(std::string_view text);

// Standard alphabet with '=' padding (DNSKEY, RRSIG presentation format).
std::string to_base64(ByteView data);
Result<Bytes> from_base64(std::string_view text);

// URL-safe alphabet without padding (RFC 8484 §4.1: the DoH GET `dns` parameter).
std::string to_base64url(ByteView data);
Result<Bytes> from_base64url(std::string_view text);

// "Extended hex" alphabet, lowercase, without padding (RFC 5155 §3.3: NSEC3 owner
// labels and next hashed owner names). Decoding is case-insensitive.
std::string to_base32hex(ByteView data);
Result<Bytes> from_base32hex(std::string_view text);

}  // namespace daneel::encoding
