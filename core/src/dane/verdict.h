// The outcome of dane::match for one server (DaneResult::verdict); its own
// header, free of Mbed TLS, so that reports can name it.
#pragma once

#include <cstdint>
#include <string_view>

namespace daneel::dane {

enum class Verdict : std::uint8_t {
  matched,            // a record in force authenticates the server
  no_usable_records,  // RFC 7672 §2.2: TLS required, no authentication possible
  no_certificates,    // the server sent no certificate
  no_match,           // usable records, but none matches any sent certificate
  chain_errors,       // a DANE-TA record matched, but the path, dates or names fail
};

std::string_view to_string(Verdict verdict);

}  // namespace daneel::dane
