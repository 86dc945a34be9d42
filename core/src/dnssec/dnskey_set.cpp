#include "dnssec/dnskey_set.h"

#include <algorithm>
#include <string>

#include "dnssec/key_tag.h"

namespace daneel::dnssec {

std::vector<dns::Dnskey> dnskeys_of(const Rrset& dnskey_rrset) {
  std::vector<dns::Dnskey> keys;
  for (const dns::Rdata& rdata : dnskey_rrset.rdatas) {
    if (const auto* key = std::get_if<dns::Dnskey>(&rdata)) keys.push_back(*key);
  }
  return keys;
}

namespace {

std::string set_label(const Rrset& rrset) { return "DNSKEY set of " + rrset.owner.to_text(); }

// The common end of both paths: one of the entry keys must sign the DNSKEY RRset.
void check_entry_signature(const Rrset& rrset, std::vector<dns::Dnskey> keys, const std::vector<std::size_t>& entries,
                           TimeMs now, const ValidationPolicy& policy, Budget& budget, KeySetValidation& result) {
  ZoneKeys entry{rrset.owner, {}};
  for (const std::size_t i : entries) entry.keys.push_back(keys[i]);
  result.signature = validate_rrset(rrset, entry, now, policy, budget);
  const Verdict& verdict = result.signature.verdict;
  if (verdict.security == Security::secure) {
    result.keys = ZoneKeys{rrset.owner, std::move(keys)};
    const SignatureAttempt& by = result.signature.attempts[*result.signature.validated_by];
    result.verdict = Verdict::secure();
    result.verdict.detail = set_label(rrset) + " validated: signed by trusted key " + std::to_string(by.key_tag) +
                            " (" + algorithm_name(by.algorithm) + ")";
    return;
  }
  if (verdict.security == Security::insecure) {
    // The entry keys use supported algorithms (the DS / anchor selection saw
    // to it), so RRSIGs with unsupported algorithms only mean that no entry
    // key signed the set.
    result.verdict = Verdict::bogus(Reason::rrsigs_missing,
                                    set_label(rrset) + ": no RRSIG by a key the DS or trust anchor vouches for");
    return;
  }
  result.verdict = verdict;
  result.verdict.detail = set_label(rrset) + ": " + verdict.detail;
}

std::vector<std::size_t> unique_key_indices(const std::vector<DsKeyMatch>& matches) {
  std::vector<std::size_t> indices;
  for (const DsKeyMatch& match : matches) {
    if (std::find(indices.begin(), indices.end(), match.key_index) == indices.end()) indices.push_back(match.key_index);
  }
  return indices;
}

}  // namespace

KeySetValidation validate_dnskey_set(const Rrset& dnskey_rrset, std::span<const dns::Ds> ds_set, TimeMs now,
                                     const ValidationPolicy& policy, Budget& budget) {
  KeySetValidation result;
  std::vector<dns::Dnskey> keys = dnskeys_of(dnskey_rrset);
  if (dnskey_rrset.type != dns::RrType::dnskey || keys.empty()) {
    result.verdict = Verdict::bogus(Reason::dnskey_missing, set_label(dnskey_rrset) + " is empty");
    return result;
  }
  result.ds_selection = select_usable_ds(ds_set, policy);
  if (result.ds_selection.usable.empty()) {
    result.verdict = no_usable_ds_verdict(result.ds_selection);
    return result;
  }
  const DsMatching matching = match_ds_to_keys(dnskey_rrset.owner, result.ds_selection.usable, keys,
                                               budget.limits().ds_failures_per_zone);
  result.ds_matches = matching.matches;
  if (matching.matches.empty()) {
    result.verdict = Verdict::bogus(
        Reason::ds_mismatch, set_label(dnskey_rrset) + ": no DNSKEY matches the " +
                                 std::to_string(result.ds_selection.usable.size()) + " usable DS record(s)" +
                                 (matching.gave_up ? " (stopped after " + std::to_string(matching.failures) + ")" : ""));
    return result;
  }
  check_entry_signature(dnskey_rrset, std::move(keys), unique_key_indices(matching.matches), now, policy, budget,
                        result);
  return result;
}

KeySetValidation validate_dnskey_set(const Rrset& dnskey_rrset, const TrustAnchor& anchor, TimeMs now,
                                     const ValidationPolicy& policy, Budget& budget) {
  KeySetValidation result;
  if (!(dnskey_rrset.owner == anchor.owner)) {
    result.verdict = Verdict::bogus(Reason::rrsig_mismatch, set_label(dnskey_rrset) + " is not at the trust anchor " +
                                                                anchor.owner.to_text());
    return result;
  }
  if (!anchor.ds.empty()) {
    result = validate_dnskey_set(dnskey_rrset, anchor.ds, now, policy, budget);
    if (result.verdict.security == Security::secure || anchor.dnskeys.empty()) return result;
  }
  if (anchor.dnskeys.empty()) {
    result.verdict = Verdict::indeterminate(Reason::dnssec_indeterminate, "the trust anchor has no DS or DNSKEY");
    return result;
  }

  KeySetValidation by_key;
  std::vector<dns::Dnskey> keys = dnskeys_of(dnskey_rrset);
  std::size_t unsupported = 0;
  std::size_t disabled = 0;
  for (const dns::Dnskey& trusted : anchor.dnskeys) {
    const AlgorithmSupport support = algorithm_support(trusted.algorithm, policy);
    if (support == AlgorithmSupport::unsupported) ++unsupported;
    if (support == AlgorithmSupport::disabled_by_policy) ++disabled;
    if (support != AlgorithmSupport::supported) continue;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == trusted) by_key.anchor_key_matches.push_back(i);
    }
  }
  if (unsupported + disabled == anchor.dnskeys.size()) {
    by_key.verdict = disabled > 0 ? Verdict::insecure(Reason::algorithm_disabled_by_policy,
                                                      "every DNSKEY trust anchor uses an algorithm disabled by policy")
                                  : Verdict::insecure(Reason::unsupported_dnskey_algorithm,
                                                      "every DNSKEY trust anchor uses an unsupported algorithm");
  } else if (by_key.anchor_key_matches.empty()) {
    by_key.verdict = Verdict::bogus(Reason::dnskey_missing,
                                    set_label(dnskey_rrset) + " does not contain a trust anchor DNSKEY");
  } else {
    const std::vector<std::size_t> entries = by_key.anchor_key_matches;
    check_entry_signature(dnskey_rrset, std::move(keys), entries, now, policy, budget, by_key);
  }
  if (by_key.verdict.security == Security::secure || anchor.ds.empty()) return by_key;
  return result;
}

}  // namespace daneel::dnssec
