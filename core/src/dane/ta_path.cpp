#include "dane/ta_path.h"

#include <algorithm>

#include <mbedtls/oid.h>

#include "dane/limits.h"
#include "dane/x509_time.h"

namespace daneel::dane {

std::string_view to_string(PathProblem problem) {
  switch (problem) {
    case PathProblem::no_path: return "no path to the trust anchor";
    case PathProblem::bad_signature: return "bad signature";
    case PathProblem::unparsable: return "certificate cannot be parsed";
    case PathProblem::issuer_not_ca: return "issuer is not a CA";
    case PathProblem::issuer_key_usage: return "issuer may not sign certificates (keyUsage)";
    case PathProblem::path_length: return "path length constraint exceeded";
    case PathProblem::expired: return "certificate expired";
    case PathProblem::not_yet_valid: return "certificate not yet valid";
    case PathProblem::name_mismatch: return "name mismatch";
  }
  return "?";
}

SignatureCache::SignatureCache(std::span<const ChainCertificate> chain)
    : chain_(chain), results_(chain.size() * chain.size()) {}

SignatureCheck SignatureCache::check(std::size_t child, std::size_t issuer) {
  std::optional<SignatureCheck>& slot = results_[child * chain_.size() + issuer];
  if (!slot) {
    const mbedtls_x509_crt* c = chain_[child].x509();
    const mbedtls_x509_crt* i = chain_[issuer].x509();
    slot = (c == nullptr || i == nullptr) ? SignatureCheck::unsupported : verify_signature(*c, i->pk);
  }
  return *slot;
}

namespace {

bool same_bytes(ByteView a, ByteView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

std::string at(std::size_t depth) { return "certificate at depth " + std::to_string(depth); }

// The anchor: a sent certificate, or a bare key from a `2 1 0` record.
struct Anchor {
  std::optional<std::size_t> depth;
  const mbedtls_pk_context* key = nullptr;
};

void add(TaValidation& v, PathProblem problem, std::optional<std::size_t> depth, std::string detail) {
  v.issues.push_back(PathIssue{problem, depth, std::move(detail)});
}

// Links the leaf to the anchor. Returns false (with an issue) when no path exists.
bool build_path(const PathContext& context, const Anchor& anchor, TaValidation& v) {
  const auto& chain = context.chain;
  std::vector<bool> used(chain.size(), false);
  std::size_t current = 0;
  v.path.push_back(0);
  used[0] = true;
  for (std::size_t step = 0; step < kMaxChainCertificates; ++step) {
    const ChainCertificate& cert = chain[current];
    if (cert.x509() == nullptr) {
      add(v, PathProblem::unparsable, current, at(current) + ": " + cert.x509_error());
      return false;
    }
    // Reached the anchor?
    if (anchor.depth) {
      const std::size_t a = *anchor.depth;
      if (same_bytes(cert.issuer_der(), chain[a].subject_der())) {
        const SignatureCheck sig = chain[a].x509() == nullptr ? SignatureCheck::unsupported
                                                              : context.signatures->check(current, a);
        if (chain[a].x509() == nullptr) add(v, PathProblem::unparsable, a, at(a) + ": " + chain[a].x509_error());
        else if (sig != SignatureCheck::valid)
          add(v, PathProblem::bad_signature, current,
              at(current) + ": the trust anchor's key does not verify it (" + std::string(to_string(sig)) + ")");
        v.path.push_back(a);
        return true;
      }
    } else if (verify_signature(*cert.x509(), *anchor.key) == SignatureCheck::valid) {
      return true;
    }
    // Otherwise the next issuer among the unused sent certificates: by name,
    // preferring one whose key verifies the signature.
    std::optional<std::size_t> by_name, verified;
    for (std::size_t i = 0; i < chain.size() && !verified; ++i) {
      if (used[i] || !same_bytes(cert.issuer_der(), chain[i].subject_der())) continue;
      if (!by_name) by_name = i;
      if (chain[i].x509() != nullptr && context.signatures->check(current, i) == SignatureCheck::valid) verified = i;
    }
    if (!by_name) {
      const std::string issuer_name = [&] {
        char text[512];
        return mbedtls_x509_dn_gets(text, sizeof text, &cert.x509()->issuer) < 0 ? std::string("?") : std::string(text);
      }();
      add(v, PathProblem::no_path, current,
          at(current) + ": its issuer (" + issuer_name + ") is not among the certificates sent" +
              (anchor.depth ? " below the trust anchor" : " and the record's key does not verify it"));
      return false;
    }
    const std::size_t next = verified ? *verified : *by_name;
    if (!verified) {
      add(v, PathProblem::bad_signature, current,
          at(current) + ": the key of its issuer (depth " + std::to_string(next) + ") does not verify it (" +
              std::string(to_string(context.signatures->check(current, next))) + ")");
    }
    v.path.push_back(next);
    used[next] = true;
    current = next;
  }
  add(v, PathProblem::no_path, current, "path longer than " + std::to_string(kMaxChainCertificates) + " certificates");
  return false;
}

void check_issuer(const PathContext& context, const TaValidation& path_so_far, std::size_t position, TaValidation& v) {
  const std::size_t depth = path_so_far.path[position];
  const mbedtls_x509_crt* crt = context.chain[depth].x509();
  if (crt == nullptr) return;  // already reported
  if (mbedtls_x509_crt_get_ca_istrue(crt) != 1)
    add(v, PathProblem::issuer_not_ca, depth, at(depth) + " issues certificates but has no basicConstraints cA=TRUE");
  if (mbedtls_x509_crt_has_ext_type(crt, MBEDTLS_X509_EXT_KEY_USAGE) &&
      mbedtls_x509_crt_check_key_usage(crt, MBEDTLS_X509_KU_KEY_CERT_SIGN) != 0)
    add(v, PathProblem::issuer_key_usage, depth, at(depth) + " has a keyUsage without keyCertSign");
  // pathLenConstraint: the number of non-self-issued intermediates below this
  // CA on the path (RFC 5280 §4.2.1.9, §6.1.4 (l)). Mbed TLS stores it + 1.
  const int stored = crt->MBEDTLS_PRIVATE(max_pathlen);
  if (stored > 0) {
    std::size_t below = 0;
    for (std::size_t p = 1; p < position; ++p) {
      const ChainCertificate& c = context.chain[path_so_far.path[p]];
      if (!same_bytes(c.subject_der(), c.issuer_der())) ++below;
    }
    if (below > static_cast<std::size_t>(stored - 1))
      add(v, PathProblem::path_length, depth,
          at(depth) + " allows " + std::to_string(stored - 1) + " intermediate CA(s) below it, the path has " +
              std::to_string(below));
  }
}

void check_dates(const PathContext& context, std::size_t depth, TaValidation& v) {
  const mbedtls_x509_crt* crt = context.chain[depth].x509();
  if (crt == nullptr) return;
  const std::int64_t from = unix_seconds(crt->valid_from), to = unix_seconds(crt->valid_to);
  switch (validity_at(from, to, context.now_seconds)) {
    case Validity::expired: add(v, PathProblem::expired, depth, at(depth) + " expired on " + format_utc(to)); break;
    case Validity::not_yet_valid:
      add(v, PathProblem::not_yet_valid, depth, at(depth) + " is valid only from " + format_utc(from));
      break;
    case Validity::valid: break;
  }
}

TaValidation validate(const PathContext& context, const Anchor& anchor) {
  TaValidation v;
  v.anchor_depth = anchor.depth;
  if (context.chain.empty()) {
    add(v, PathProblem::no_path, std::nullopt, "no certificates");
    return v;
  }
  if (!build_path(context, anchor, v)) return v;

  // Issuers: every path position above the leaf (the anchor certificate
  // included when it was sent: senders built on OpenSSL check it too).
  for (std::size_t p = 1; p < v.path.size(); ++p) check_issuer(context, v, p, v);
  // Dates of every certificate on the path, the anchor certificate included
  // (RFC 6698 §2.1.1: the path must pass PKIX validation; only DANE-EE is exempt,
  // RFC 7672 §3.1.1). A `2 1 0` key has no dates.
  for (std::size_t depth : v.path) check_dates(context, depth, v);
  // Names: RFC 7672 §3.2.2 (DANE-TA only; never for DANE-EE, §3.2.1).
  const mbedtls_x509_crt* leaf = context.chain[0].x509();
  const PresentedNames names = presented_names(*leaf);
  v.names = check_names(names, context.references);
  if (!v.names.matched) {
    std::string presented;
    for (const std::string& n : v.names.used_common_name ? names.common_names : names.dns_ids)
      presented += (presented.empty() ? "" : ", ") + n;
    std::string references;
    for (const std::string& r : context.references) references += (references.empty() ? "" : ", ") + r;
    add(v, PathProblem::name_mismatch, 0,
        std::string("the leaf's ") + (v.names.used_common_name ? "CN" : "DNS names") + " (" +
            (presented.empty() ? "none" : presented) + ") match none of " + (references.empty() ? "(no reference names)" : references));
  }
  return v;
}

}  // namespace

TaValidation validate_to_certificate(const PathContext& context, std::size_t anchor_depth) {
  return validate(context, Anchor{anchor_depth, nullptr});
}

TaValidation validate_to_key(const PathContext& context, const mbedtls_pk_context& anchor_key) {
  return validate(context, Anchor{std::nullopt, &anchor_key});
}

}  // namespace daneel::dane
