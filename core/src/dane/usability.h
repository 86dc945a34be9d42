// Which TLSA records an SMTP client may use at all (RFC 7672 §3.1, RFC 6698 §2.1,
// RFC 7218), and why the others are unusable. A usable record can still fail to
// match; an unusable one is ignored entirely (RFC 7672 §2.2: an RRset with no
// usable records means "TLS required, but no authentication").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dns/rdata.h"

namespace daneel::dane {

enum class Usage : std::uint8_t { pkix_ta = 0, pkix_ee = 1, dane_ta = 2, dane_ee = 3 };
enum class Selector : std::uint8_t { cert = 0, spki = 1 };

enum class Unusable : std::uint8_t {
  no,                   // the record is usable
  usage_pkix,           // usage 0/1: not for SMTP, RFC 7672 §3.1.3
  usage_unknown,        // 4..254 unassigned, 255 PrivCert (RFC 6698 §7.2, RFC 7218)
  selector_unknown,     // not 0 (Cert) or 1 (SPKI)
  matching_unknown,     // not 0 (Full), 1 (SHA2-256) or 2 (SHA2-512)
  digest_length,        // SHA2-256 data must be 32 bytes, SHA2-512 64
  bad_certificate,      // x 0 0 data that is not a DER certificate
  bad_public_key,       // x 1 0 data that is not a DER SubjectPublicKeyInfo
  data_too_large,       // over kMaxAssociationData
};

std::string_view to_string(Unusable reason);

struct Usability {
  Unusable reason = Unusable::no;
  std::string detail;  // for people: what exactly is wrong
  [[nodiscard]] bool usable() const { return reason == Unusable::no; }
};

Usability check_usability(const dns::Tlsa& record);

// "DANE-EE(3) SPKI(1) SHA2-256(1)": RFC 7218 acronyms for reports.
std::string describe_parameters(const dns::Tlsa& record);

}  // namespace daneel::dane
