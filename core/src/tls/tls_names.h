// Names from the IANA TLS registries for reports (RFC 8446 §4.2.3, §4.2.7,
// §6; RFC 8447). Unknown values come back as "unknown (0x....)".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace daneel::tls {

std::string group_name(std::uint16_t group);
std::string signature_scheme_name(std::uint16_t scheme);
std::string alert_name(std::uint8_t alert);
// Mbed TLS's suite names ("TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256",
// "TLS1-3-AES-128-GCM-SHA256") as IANA writes them.
std::string iana_cipher_suite_name(std::string_view mbedtls_name);

}  // namespace daneel::tls
