// DANE-TA(2) path validation (RFC 7672 §3.1.2, RFC 7671 §5.2, RFC 6698 §2.1.1):
// from the leaf, follow issuers among the certificates the server sent until
// the trust anchor: a sent certificate that matches a `2 x y` record, or the
// public key of a `2 1 0` record (which the server need not send, RFC 7671
// §5.2.2 / RFC 7672 §3.1.2). Each link's signature, the issuers' CA flag,
// keyUsage and pathLenConstraint, every certificate's validity dates against
// `now`, and the leaf's names are checked; every failure is reported, not just
// the first, so a report can say everything that is wrong at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <mbedtls/pk.h>

#include "dane/certificate.h"
#include "dane/names.h"
#include "dane/signature.h"

namespace daneel::dane {

enum class PathProblem : std::uint8_t {
  no_path,          // the leaf cannot be linked to the anchor with what was sent
  bad_signature,    // an issuer's key does not verify the certificate below it
  unparsable,       // a certificate on the path that Mbed TLS cannot parse
  issuer_not_ca,    // an issuer without basicConstraints cA=TRUE (RFC 5280 §4.2.1.9)
  issuer_key_usage, // an issuer whose keyUsage lacks keyCertSign (RFC 5280 §4.2.1.3)
  path_length,      // a pathLenConstraint is exceeded (RFC 5280 §4.2.1.9)
  expired,          // now > notAfter
  not_yet_valid,    // now < notBefore
  name_mismatch,    // the leaf has none of the reference identifiers (RFC 7672 §3.2.2)
};

std::string_view to_string(PathProblem problem);

struct PathIssue {
  PathProblem problem{};
  std::optional<std::size_t> depth;  // the chain position concerned, when there is one
  std::string detail;
};

struct TaValidation {
  std::optional<std::size_t> anchor_depth;  // the matched sent certificate; empty for a `2 1 0` key
  std::vector<std::size_t> path;            // chain positions from the leaf to the anchor
  std::vector<PathIssue> issues;            // empty = the path validates
  NameCheck names;
  [[nodiscard]] bool ok() const { return issues.empty(); }
};

// Signature verifications are the expensive step; each (certificate, issuer)
// pair of the chain is verified at most once per match, whatever the number
// of records and anchors (at most kMaxChainCertificates² verifications).
class SignatureCache {
 public:
  explicit SignatureCache(std::span<const ChainCertificate> chain);
  SignatureCheck check(std::size_t child, std::size_t issuer);

 private:
  std::span<const ChainCertificate> chain_;
  std::vector<std::optional<SignatureCheck>> results_;
};

struct PathContext {
  std::span<const ChainCertificate> chain;  // as sent, capped
  std::span<const std::string> references;  // reference identifiers (reference_text form)
  std::int64_t now_seconds = 0;
  SignatureCache* signatures = nullptr;
};

TaValidation validate_to_certificate(const PathContext& context, std::size_t anchor_depth);
TaValidation validate_to_key(const PathContext& context, const mbedtls_pk_context& anchor_key);

}  // namespace daneel::dane
