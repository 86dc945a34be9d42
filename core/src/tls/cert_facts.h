// What `cert_pubkey` and `cert_signature` (docs/TLS_GRADING.md, section 5)
// need to know about one certificate of a chain, as typed values: the key's
// type, size and curve, and the algorithm and hash that signed it. Read with
// Mbed TLS's X.509 parser (key size, signature algorithm and hash, RSASSA-PSS
// parameters) and, for what that parser refuses (Ed25519 and Ed448 keys,
// curves the build does not enable), with Mbed TLS's ASN.1 reader over the
// same DER: the algorithm identifiers are compared as OIDs, never as text.
//
// Then rated by the classification tables (tls/grading_tables.h). A key or
// signature the reader cannot name is `unknown`, never good.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tls/grading_tables.h"
#include "util/bytes.h"

namespace daneel::tls {

enum class CertKeyKind : std::uint8_t { rsa, ec, ed25519, ed448, dsa, unknown };
std::string_view to_string(CertKeyKind kind);

struct CertificateFacts {
  CertKeyKind key = CertKeyKind::unknown;
  std::uint32_t key_bits = 0;         // RSA (modulus) and EC (field) sizes; 0 when not known
  std::optional<std::uint16_t> curve;  // EC: the TLS Supported Groups code point of a named curve
  std::optional<SignatureAlgorithm> signature;  // nullopt: an algorithm the reader does not know
  std::optional<HashAlgorithm> signature_hash;
  bool self_issued = false;  // subject == issuer: a root, whose own signature nobody checks
  std::string problem;       // for people, when something could not be read
};

// Never fails: what cannot be read stays unknown and `problem` says why.
CertificateFacts read_certificate_facts(ByteView der);

Rating cert_key_rating(const CertificateFacts& facts, const GradingTables& tables);
Rating cert_signature_rating(const CertificateFacts& facts, const GradingTables& tables);

// The chain's worst key and worst signature (worst wins), as Internet.nl
// grades them: every certificate the server sent, except the signature of a
// self-issued certificate at the chain's end (a root signs itself; no
// verifier relies on that signature). Empty chain: unknown.
struct ChainRatings {
  Rating key = Rating::unknown;
  Rating signature = Rating::unknown;
};
ChainRatings rate_chain(const std::vector<CertificateFacts>& chain, const GradingTables& tables);

}  // namespace daneel::tls
