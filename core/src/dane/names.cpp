#include "dane/names.h"

#include <algorithm>
#include <cstring>

#include <mbedtls/oid.h>

#include "dane/limits.h"

namespace daneel::dane {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string text_of(const mbedtls_x509_buf& buf) { return std::string(reinterpret_cast<const char*>(buf.p), buf.len); }

}  // namespace

PresentedNames presented_names(const mbedtls_x509_crt& crt) {
  PresentedNames names;
  std::size_t seen = 0;
  // Raw GeneralName entries; dNSName is [2] IA5String (RFC 5280 §4.2.1.6).
  for (const mbedtls_x509_sequence* san = &crt.subject_alt_names; san != nullptr && san->buf.p != nullptr;
       san = san->next) {
    if (++seen > kMaxNamesPerCertificate) {
      names.truncated = true;
      break;
    }
    if (san->buf.tag == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_X509_SAN_DNS_NAME)) names.dns_ids.push_back(text_of(san->buf));
  }
  for (const mbedtls_x509_name* attribute = &crt.subject; attribute != nullptr; attribute = attribute->next) {
    if (++seen > kMaxNamesPerCertificate) {
      names.truncated = true;
      break;
    }
    if (attribute->oid.p != nullptr && MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &attribute->oid) == 0)
      names.common_names.push_back(text_of(attribute->val));
  }
  return names;
}

std::string reference_text(const dns::Name& name) {
  std::string text = name.to_text();
  if (text.size() > 1 && text.back() == '.') text.pop_back();
  for (char& c : text) c = lower(c);
  return text;
}

std::vector<std::string> reference_texts(std::span<const dns::Name> names) {
  std::vector<std::string> references;
  for (const dns::Name& name : names.first(std::min(names.size(), kMaxReferenceNames)))
    references.push_back(reference_text(name));
  return references;
}

bool dns_id_matches(std::string_view presented, std::string_view reference) {
  if (presented.empty() || reference.empty()) return false;
  // Reference identifiers never contain wildcards; a '*' there is not a name.
  if (reference.find('*') != std::string_view::npos) return false;
  if (presented.find('*') == std::string_view::npos) return equal_ignoring_case(presented, reference);

  // Only "*." + at least two further labels ("*.example.nl", not "*.nl"): a
  // wildcard covering a whole TLD is never legitimate.
  if (presented.size() < 3 || presented[0] != '*' || presented[1] != '.') return false;
  const std::string_view suffix = presented.substr(2);
  if (suffix.find('*') != std::string_view::npos) return false;
  const std::size_t dot = suffix.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= suffix.size()) return false;
  // The reference's first label (non-empty) stands for the '*'.
  const std::size_t first_dot = reference.find('.');
  if (first_dot == std::string_view::npos || first_dot == 0) return false;
  return equal_ignoring_case(reference.substr(first_dot + 1), suffix);
}

NameCheck check_names(const PresentedNames& names, std::span<const std::string> references) {
  NameCheck check;
  // RFC 7672 §3.2.3: CN only when the certificate has no DNS-ID.
  check.used_common_name = names.dns_ids.empty();
  const std::vector<std::string>& candidates = check.used_common_name ? names.common_names : names.dns_ids;
  for (const std::string& presented : candidates) {
    for (const std::string& reference : references) {
      if (dns_id_matches(presented, reference)) {
        check.matched = true;
        check.presented = presented;
        check.reference = reference;
        return check;
      }
    }
  }
  return check;
}

}  // namespace daneel::dane
