#include "dane/match.h"

#include <algorithm>
#include <array>

#include "dane/agility.h"
#include "dane/certificate.h"
#include "dane/digest.h"
#include "dane/limits.h"
#include "dane/names.h"

namespace daneel::dane {

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::matched: return "matched";
    case Verdict::no_usable_records: return "no usable TLSA records";
    case Verdict::no_certificates: return "no certificates";
    case Verdict::no_match: return "no match";
    case Verdict::chain_errors: return "chain errors";
  }
  return "?";
}

namespace {

// The association data each certificate would need, per selector and matching
// type: 10 certificates x 2 selectors x 3 matching types at most.
class SelectedData {
 public:
  explicit SelectedData(std::span<const ChainCertificate> chain) : chain_(chain), cache_(chain.size()) {}

  bool matches(std::size_t depth, const dns::Tlsa& record) {
    std::optional<Bytes>& slot = cache_[depth][record.selector][record.matching_type];
    if (!slot) {
      const ByteView selected = chain_[depth].selected(static_cast<Selector>(record.selector));
      slot = selected.empty() ? Bytes{} : association_data(selected, static_cast<MatchingType>(record.matching_type));
    }
    return !slot->empty() && *slot == record.data;
  }

 private:
  std::span<const ChainCertificate> chain_;
  std::vector<std::array<std::array<std::optional<Bytes>, 3>, 2>> cache_;
};

std::string join_issues(const TaValidation& v) {
  std::string text;
  for (const PathIssue& issue : v.issues) text += (text.empty() ? "" : "; ") + issue.detail;
  return text;
}

std::string depth_text(std::size_t depth) { return depth == 0 ? "the leaf" : "the certificate at depth " + std::to_string(depth); }

void evaluate_dane_ee(RecordResult& r) {
  const bool leaf = !r.matching_depths.empty() && r.matching_depths.front() == 0;
  r.authenticates = leaf;
  if (leaf) {
    r.explanation = std::string("matches the leaf's ") + (r.record.selector == 0 ? "certificate" : "public key") +
                    " (DANE-EE: no name or date checks, RFC 7672 §3.1.1)";
  } else if (!r.matching_depths.empty()) {
    r.explanation = "matches " + depth_text(r.matching_depths.front()) +
                    ", but DANE-EE(3) applies to the leaf only (RFC 7672 §3.1.1); publish it as DANE-TA(2)";
  } else {
    r.explanation = "matches no certificate the server sent";
  }
}

void evaluate_dane_ta(RecordResult& r, const PathContext& context) {
  const bool leaf_only = r.matching_depths.size() == 1 && r.matching_depths.front() == 0;
  for (std::size_t depth : r.matching_depths) {
    if (depth == 0) continue;  // a trust anchor is an issuer, never the leaf itself
    TaValidation v = validate_to_certificate(context, depth);
    const bool ok = v.ok();
    if (!r.ta || ok) r.ta = std::move(v);
    if (ok) break;
  }
  // RFC 7672 §3.1.2 / RFC 7671 §5.2.2: a `2 1 0` record carries the anchor's full
  // key, which lets clients validate without the TA certificate being sent.
  if (!r.ta && r.record.selector == 1 && r.record.matching_type == 0) {
    mbedtls_pk_context key;
    mbedtls_pk_init(&key);
    const int rc = mbedtls_pk_parse_public_key(&key, r.record.data.data(), r.record.data.size());
    if (rc == 0) {
      TaValidation v = validate_to_key(context, key);
      r.key_anchor = std::none_of(v.issues.begin(), v.issues.end(),
                                  [](const PathIssue& i) { return i.problem == PathProblem::no_path; });
      if (r.key_anchor) r.ta = std::move(v);
    } else {
      r.explanation = "the record's public key cannot be used to verify signatures: " + mbedtls_error_text(rc);
    }
    mbedtls_pk_free(&key);
  }
  if (r.ta) {
    r.authenticates = r.ta->ok();
    const std::string anchor =
        r.ta->anchor_depth ? "trust anchor " + depth_text(*r.ta->anchor_depth) : std::string("trust anchor key from the record");
    if (r.authenticates) {
      r.explanation = anchor + "; the path from the leaf validates and the leaf's name " + r.ta->names.presented +
                      " matches " + r.ta->names.reference;
    } else {
      r.explanation = anchor + ", but: " + join_issues(*r.ta);
    }
  } else if (r.explanation.empty()) {
    r.explanation = leaf_only ? "matches the leaf, but a DANE-TA(2) record must match an issuer certificate; "
                                "publish a DANE-EE(3) record for the leaf"
                              : "matches no issuer certificate the server sent";
    if (r.record.selector == 1 && r.record.matching_type == 0 && !leaf_only)
      r.explanation = "its key verifies none of the certificates the server sent";
  }
}

}  // namespace

DaneResult match(const MatchInput& input) {
  DaneResult result;
  result.certificates_received = input.chain.size();
  result.records_received = input.records.size();
  result.chain_truncated = input.chain.size() > kMaxChainCertificates;
  result.records_truncated = input.records.size() > kMaxTlsaRecords;
  const auto certs = input.chain.first(std::min(input.chain.size(), kMaxChainCertificates));
  const auto records = input.records.first(std::min(input.records.size(), kMaxTlsaRecords));

  std::vector<ChainCertificate> chain;
  chain.reserve(certs.size());
  for (const Bytes& der : certs) chain.push_back(ChainCertificate::from_der(der));
  for (std::size_t d = 0; d < chain.size(); ++d) result.certificates.push_back(describe_certificate(chain[d], d, input.now));

  const std::vector<std::string> references = reference_texts(input.reference_names);

  std::vector<Usability> usability;
  usability.reserve(records.size());
  for (const dns::Tlsa& record : records) usability.push_back(check_usability(record));
  const std::vector<AgilityDecision> agility = apply_digest_agility(records, usability);

  SignatureCache signatures(chain);
  const PathContext context{chain, references, to_unix_seconds(input.now), &signatures};
  SelectedData selected(chain);

  bool any_usable = false, anchor_found = false;
  for (std::size_t i = 0; i < records.size(); ++i) {
    RecordResult r;
    r.index = i;
    r.record = records[i];
    r.parameters = describe_parameters(records[i]);
    r.usability = usability[i];
    r.in_force = agility[i].in_force;
    r.superseded = agility[i].superseded;
    if (!r.usability.usable()) {
      r.explanation = "unusable: " + r.usability.detail;
      result.records.push_back(std::move(r));
      continue;
    }
    any_usable = true;
    for (std::size_t d = 0; d < chain.size(); ++d)
      if (selected.matches(d, r.record)) r.matching_depths.push_back(d);
    if (r.record.usage == 3) evaluate_dane_ee(r);
    else evaluate_dane_ta(r, context);
    if (!r.in_force) r.explanation += " [" + r.superseded + "]";
    if (r.in_force && r.ta) anchor_found = true;

    if (r.authenticates) {
      result.any_match = true;
      if (r.in_force && !result.agile_match) {
        result.agile_match = true;
        result.matched_record = i;
        result.matched_depth = r.record.usage == 3 ? 0 : r.ta->anchor_depth.value_or(r.ta->path.back());
      }
    }
    result.records.push_back(std::move(r));
  }

  if (!any_usable) result.verdict = Verdict::no_usable_records;
  else if (chain.empty()) result.verdict = Verdict::no_certificates;
  else if (result.agile_match) result.verdict = Verdict::matched;
  else if (anchor_found) result.verdict = Verdict::chain_errors;
  else result.verdict = Verdict::no_match;

  if (result.any_match && !result.agile_match) {
    result.agility_note =
        "Only records that digest agility ignores match: the RRset also has SHA2-512 records for the same usage and "
        "selector, and they match nothing. Senders that implement RFC 7671 §9 (Postfix, OpenSSL) use only the "
        "SHA2-512 records and fail; a naive any-match check passes. Fix or remove the stale SHA2-512 records.";
  }
  return result;
}

}  // namespace daneel::dane
