// PKIX information (issue 6 item 4): would the served chain validate against a
// CA bundle the caller supplies (e.g. the Mozilla roots), with the host name?
// This is NOT a DANE input: RFC 7672 §3.1.3 makes PKIX-TA/PKIX-EE unusable for
// SMTP and DANE-TA/DANE-EE never consult a CA store. Reports show it as
// information, as Internet.nl does, because operators ask "is my certificate
// also publicly valid?".
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.h"
#include "util/bytes.h"
#include "util/time.h"

namespace daneel::dane {

struct PkixInput {
  std::span<const Bytes> chain;          // DER, leaf first, as sent
  ByteView ca_bundle;                    // PEM (one or more CERTIFICATE blocks) or concatenated DER
  std::span<const dns::Name> hostnames;  // reference identifiers; empty = no name check
  TimeMs now = 0;
};

enum class PkixStatus : std::uint8_t {
  valid,            // chains to a bundle certificate, dates and name fine
  invalid,          // see problems
  bundle_error,     // the bundle could not be used (empty, too large, unparsable)
  no_certificates,  // empty chain, or the leaf cannot be parsed
};

std::string_view to_string(PkixStatus status);

struct PkixResult {
  PkixStatus status = PkixStatus::no_certificates;
  std::size_t bundle_certificates = 0;  // parsed from the bundle
  std::size_t bundle_rejected = 0;      // blocks in the bundle Mbed TLS refused
  std::uint32_t flags = 0;              // Mbed TLS MBEDTLS_X509_BADCERT_* bits (dates added by daneel)
  std::vector<std::string> problems;    // one line each
  std::vector<std::string> path;        // subjects from the leaf up to the trusted root
  bool hostname_checked = false;
  bool hostname_matched = false;
  std::string matched_name;
};

PkixResult validate_pkix(const PkixInput& input);

}  // namespace daneel::dane
