// What a report shows about each certificate of the served chain (issue 6 item
// 4, "as Internet.nl does"): names, key, signature algorithm, dates against
// `now`, self-issued or not, and the fingerprints an operator needs, notably the
// SHA-256 of the SubjectPublicKeyInfo, i.e. the data of the `3 1 1` record to
// publish for this key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dane/certificate.h"
#include "dane/x509_time.h"
#include "util/time.h"

namespace daneel::dane {

struct CertificateInfo {
  std::size_t depth = 0;            // position in the chain as sent, leaf = 0
  std::size_t size = 0;             // DER bytes
  bool well_formed = false;         // DER walker: outer structure and SPKI found
  std::string structure_error;
  bool parsed = false;              // Mbed TLS parsed it (names, dates, key size)
  std::string parse_error;

  std::string subject;              // RFC 4514-like, as Mbed TLS prints it
  std::string issuer;
  std::vector<std::string> dns_names;     // subjectAltName dNSName
  std::vector<std::string> common_names;  // subject CN
  std::string key_algorithm;        // "RSA", "EC P-256", "Ed25519", ...
  std::size_t key_bits = 0;         // 0 when unknown
  std::string signature_algorithm;  // e.g. "ECDSA with SHA256"
  bool weak_signature_hash = false; // SHA-1 (or worse)

  std::int64_t not_before = 0;      // Unix seconds
  std::int64_t not_after = 0;
  Validity validity = Validity::valid;

  bool is_ca = false;               // basicConstraints cA
  int path_length = -1;             // pathLenConstraint, -1 when absent
  bool self_issued = false;         // subject == issuer (is_self_signed() checks the signature)

  std::string sha256;               // hex, whole certificate (`3 0 1` data)
  std::string spki_sha256;          // hex, SubjectPublicKeyInfo (`3 1 1` data)
};

// Cheap: parsing and hashing only, no signature check, since it runs for every
// served certificate on every DANE match.
CertificateInfo describe_certificate(const ChainCertificate& cert, std::size_t depth, TimeMs now);

// Self-issued and its own key verifies its signature: one public-key
// operation, so only for callers that need it.
bool is_self_signed(const ChainCertificate& cert);

}  // namespace daneel::dane
