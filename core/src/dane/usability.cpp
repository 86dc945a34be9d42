#include "dane/usability.h"

#include "dane/der.h"
#include "dane/digest.h"
#include "dane/limits.h"

namespace daneel::dane {

std::string_view to_string(Unusable reason) {
  switch (reason) {
    case Unusable::no: return "usable";
    case Unusable::usage_pkix: return "usage PKIX-TA(0)/PKIX-EE(1) is not used by SMTP (RFC 7672 §3.1.3)";
    case Unusable::usage_unknown: return "unknown certificate usage";
    case Unusable::selector_unknown: return "unknown selector";
    case Unusable::matching_unknown: return "unknown matching type";
    case Unusable::digest_length: return "digest has the wrong length";
    case Unusable::bad_certificate: return "full certificate data is not a DER certificate";
    case Unusable::bad_public_key: return "full public key data is not a DER SubjectPublicKeyInfo";
    case Unusable::data_too_large: return "association data too large";
  }
  return "?";
}

namespace {

std::string usage_name(std::uint8_t usage) {
  switch (usage) {
    case 0: return "PKIX-TA(0)";
    case 1: return "PKIX-EE(1)";
    case 2: return "DANE-TA(2)";
    case 3: return "DANE-EE(3)";
    case 255: return "PrivCert(255)";
    default: return "usage(" + std::to_string(usage) + ")";
  }
}

std::string selector_name(std::uint8_t selector) {
  switch (selector) {
    case 0: return "Cert(0)";
    case 1: return "SPKI(1)";
    case 255: return "PrivSel(255)";
    default: return "selector(" + std::to_string(selector) + ")";
  }
}

std::string matching_name(std::uint8_t matching) {
  switch (matching) {
    case 0: return "Full(0)";
    case 1: return "SHA2-256(1)";
    case 2: return "SHA2-512(2)";
    case 255: return "PrivMatch(255)";
    default: return "matching(" + std::to_string(matching) + ")";
  }
}

Usability unusable(Unusable reason, std::string detail) { return Usability{reason, std::move(detail)}; }

}  // namespace

std::string describe_parameters(const dns::Tlsa& record) {
  return usage_name(record.usage) + " " + selector_name(record.selector) + " " + matching_name(record.matching_type);
}

Usability check_usability(const dns::Tlsa& record) {
  // RFC 7672 §3.1.3: SMTP clients treat PKIX-TA(0) and PKIX-EE(1) as unusable.
  if (record.usage == 0 || record.usage == 1)
    return unusable(Unusable::usage_pkix, usage_name(record.usage) + " records are unusable for SMTP; publish DANE-EE(3) or DANE-TA(2)");
  if (record.usage != 2 && record.usage != 3)
    return unusable(Unusable::usage_unknown, usage_name(record.usage) + " is not a usage an SMTP client implements");
  if (record.selector > 1) return unusable(Unusable::selector_unknown, selector_name(record.selector) + " is not Cert(0) or SPKI(1)");
  if (record.matching_type > 2)
    return unusable(Unusable::matching_unknown, matching_name(record.matching_type) + " is not Full(0), SHA2-256(1) or SHA2-512(2)");
  if (record.data.size() > kMaxAssociationData)
    return unusable(Unusable::data_too_large, std::to_string(record.data.size()) + " bytes of association data");

  const std::size_t size = record.data.size();
  if (record.matching_type == 1 && size != kSha256Size)
    return unusable(Unusable::digest_length, "SHA2-256 data is " + std::to_string(size) + " bytes, not 32");
  if (record.matching_type == 2 && size != kSha512Size)
    return unusable(Unusable::digest_length, "SHA2-512 data is " + std::to_string(size) + " bytes, not 64");
  if (record.matching_type == 0) {
    // RFC 6698 §2.1.3: Full data is the DER certificate or SubjectPublicKeyInfo.
    if (record.selector == 0) {
      auto parts = der::split_certificate(record.data);
      if (!parts.ok()) return unusable(Unusable::bad_certificate, parts.error().message);
    } else {
      auto parts = der::split_spki(record.data);
      if (!parts.ok()) return unusable(Unusable::bad_public_key, parts.error().message);
    }
  }
  return {};
}

}  // namespace daneel::dane
