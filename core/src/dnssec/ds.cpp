#include "dnssec/ds.h"

#include <algorithm>

#include "dnssec/digest.h"
#include "dnssec/key_tag.h"

namespace daneel::dnssec {

namespace {

std::optional<DigestAlgorithm> digest_algorithm(std::uint8_t digest_type) {
  switch (digest_type) {
    case ds_digest::sha1: return DigestAlgorithm::sha1;
    case ds_digest::sha256: return DigestAlgorithm::sha256;
    case ds_digest::sha384: return DigestAlgorithm::sha384;
    default: return std::nullopt;
  }
}

}  // namespace

bool is_supported_ds_digest(std::uint8_t digest_type) { return digest_algorithm(digest_type).has_value(); }

std::optional<Bytes> ds_digest_of(const dns::Name& owner, const dns::Dnskey& key, std::uint8_t digest_type) {
  const std::optional<DigestAlgorithm> hash = digest_algorithm(digest_type);
  if (!hash) return std::nullopt;
  // RFC 4034 §5.1.4: "|" is concatenation; DNSKEY RDATA has no names, so its
  // wire form is its canonical form.
  const dns::Name canonical_owner = owner.canonical();
  Bytes input(canonical_owner.wire().begin(), canonical_owner.wire().end());
  const Bytes rdata = dns::rdata_to_wire(key);
  input.insert(input.end(), rdata.begin(), rdata.end());
  return digest(*hash, input);
}

std::optional<dns::Ds> make_ds(const dns::Name& owner, const dns::Dnskey& key, std::uint8_t digest_type) {
  std::optional<Bytes> value = ds_digest_of(owner, key, digest_type);
  if (!value) return std::nullopt;
  return dns::Ds{key_tag(key), key.algorithm, digest_type, std::move(*value)};
}

bool ds_matches_key(const dns::Name& owner, const dns::Ds& ds, const dns::Dnskey& key) {
  if (ds.algorithm != key.algorithm || ds.key_tag != key_tag(key)) return false;
  const std::optional<Bytes> value = ds_digest_of(owner, key, ds.digest_type);
  return value && *value == ds.digest;
}

DsSelection select_usable_ds(std::span<const dns::Ds> ds_set, const ValidationPolicy& policy) {
  DsSelection selection;
  for (const dns::Ds& ds : ds_set) {
    if (!is_supported_ds_digest(ds.digest_type)) {
      ++selection.unsupported_digest;
      continue;
    }
    const AlgorithmSupport support = algorithm_support(ds.algorithm, policy);
    if (support == AlgorithmSupport::unsupported) {
      ++selection.unsupported_algorithm;
      continue;
    }
    if (support == AlgorithmSupport::disabled_by_policy) {
      ++selection.disabled_algorithm;
      continue;
    }
    selection.usable.push_back(ds);
  }
  const bool stronger_present = std::any_of(selection.usable.begin(), selection.usable.end(), [](const dns::Ds& ds) {
    return ds.digest_type == ds_digest::sha256 || ds.digest_type == ds_digest::sha384;
  });
  if (stronger_present) {
    const auto sha1 = [](const dns::Ds& ds) { return ds.digest_type == ds_digest::sha1; };
    selection.sha1_set_aside = static_cast<std::size_t>(
        std::count_if(selection.usable.begin(), selection.usable.end(), sha1));
    selection.usable.erase(std::remove_if(selection.usable.begin(), selection.usable.end(), sha1),
                           selection.usable.end());
  }
  return selection;
}

Verdict no_usable_ds_verdict(const DsSelection& selection) {
  if (selection.disabled_algorithm > 0) {
    return Verdict::insecure(Reason::algorithm_disabled_by_policy,
                             "every DS uses a key algorithm that the policy disables (SHA-1, RFC 9905)");
  }
  if (selection.unsupported_algorithm > 0) {
    return Verdict::insecure(Reason::unsupported_dnskey_algorithm,
                             "every DS uses an unsupported key algorithm (RFC 4035 section 5.2)");
  }
  if (selection.unsupported_digest > 0) {
    return Verdict::insecure(Reason::unsupported_ds_digest, "every DS uses an unsupported digest type");
  }
  return Verdict::bogus(Reason::ds_mismatch, "the DS set is empty");
}

DsMatching match_ds_to_keys(const dns::Name& owner, std::span<const dns::Ds> usable,
                            std::span<const dns::Dnskey> keys, std::size_t max_failures) {
  DsMatching result;
  for (const dns::Ds& ds : usable) {
    bool matched = false;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (ds_matches_key(owner, ds, keys[i])) {
        result.matches.push_back(DsKeyMatch{ds, i});
        matched = true;
      }
    }
    if (!matched && ++result.failures >= max_failures) {
      result.gave_up = result.matches.empty();
      break;
    }
  }
  return result;
}

}  // namespace daneel::dnssec
