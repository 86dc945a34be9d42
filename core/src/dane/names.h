// Server identity checks for DANE-TA (RFC 7672 §3.2.2-3.2.3) and for the PKIX
// information: does the leaf carry one of the reference identifiers?
//
// - If the certificate has subjectAltName dNSName entries (DNS-IDs), only those
//   count; the subject CN is used only when there is no DNS-ID at all
//   (RFC 7672 §3.2.3, RFC 6125 §6.4.4).
// - A wildcard is accepted only as the complete left-most label ("*.example.nl")
//   and matches exactly one non-empty label ("mx.example.nl", not
//   "a.mx.example.nl", not "example.nl"); partial-label wildcards ("mx*.",
//   "*mx.") and wildcards elsewhere never match (RFC 7672 §3.2.3, RFC 6125 §6.4.3).
// - Comparison is ASCII case-insensitive over A-labels (RFC 4343); reference
//   identifiers come from DNS, so IDNs are already A-labels.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <mbedtls/x509_crt.h>

#include "dns/name.h"

namespace daneel::dane {

// The identifiers a certificate presents.
struct PresentedNames {
  std::vector<std::string> dns_ids;       // subjectAltName dNSName, as encoded
  std::vector<std::string> common_names;  // subject CN attributes
  bool truncated = false;                 // more than kMaxNamesPerCertificate
};
PresentedNames presented_names(const mbedtls_x509_crt& crt);

// A reference identifier as compared: presentation form, lowercase, no
// trailing dot ("mx.example.nl").
std::string reference_text(const dns::Name& name);
// The reference identifiers of a host as compared, at most kMaxReferenceNames:
// one list for the DANE-TA name check and the report's cert_hostmatch.
std::vector<std::string> reference_texts(std::span<const dns::Name> names);

// One presented DNS-ID (or CN) against one reference identifier (both as text).
bool dns_id_matches(std::string_view presented, std::string_view reference);

struct NameCheck {
  bool matched = false;
  bool used_common_name = false;  // no DNS-IDs: the CN was checked
  std::string presented;          // the identifier that matched
  std::string reference;          // the reference identifier it matched
};
NameCheck check_names(const PresentedNames& names, std::span<const std::string> references);

}  // namespace daneel::dane
