#include "dnssec/rrsig.h"

#include <algorithm>
#include <string>

#include "dns/rr_type.h"
#include "dns/wire_writer.h"
#include "dnssec/key_tag.h"

namespace daneel::dnssec {

// --- Validity window ---------------------------------------------------------

bool serial_less(std::uint32_t a, std::uint32_t b) {
  constexpr std::uint32_t half = 0x80000000U;
  return (a < b && b - a < half) || (a > b && a - b > half);
}

ValidityCheck check_validity(std::uint32_t inception, std::uint32_t expiration, TimeMs now) {
  // RFC 4034 §3.1.5: the fields are seconds since the epoch modulo 2^32.
  const auto now32 = static_cast<std::uint32_t>(static_cast<std::uint64_t>(to_unix_seconds(now)));
  if (serial_less(expiration, inception)) return ValidityCheck::expiration_before_inception;
  if (serial_less(now32, inception)) return ValidityCheck::not_yet_valid;
  if (serial_less(expiration, now32)) return ValidityCheck::expired;
  return ValidityCheck::valid;
}

// --- Signed data ---------------------------------------------------------------

Result<dns::Name> signed_owner(const dns::Name& owner, const dns::Rrsig& rrsig) {
  const std::size_t owner_labels = owner.rrsig_label_count();
  if (rrsig.labels > owner_labels) {
    return make_error(Errc::malformed, "RRSIG Labels " + std::to_string(rrsig.labels) + " exceeds the " +
                                           std::to_string(owner_labels) + " labels of " + owner.to_text());
  }
  if (rrsig.labels == owner_labels) return owner;
  // RFC 4035 §5.3.2: the RRset was expanded from "*." + the rightmost labels.
  static constexpr std::uint8_t star = '*';
  return owner.strip_left(owner.label_count() - rrsig.labels).prepend_label(ByteView(&star, 1));
}

Result<Bytes> signed_data(const Rrset& rrset, const dns::Rrsig& rrsig) {
  Result<dns::Name> owner = signed_owner(rrset.owner, rrsig);
  if (!owner) return owner.error();
  const dns::Name canonical_owner = owner.value().canonical();

  // RFC 4034 §6.3: RRs sorted by canonical RDATA as left-justified octet
  // strings; §6.2 (and RFC 2181 §5): identical canonical RRs count once.
  std::vector<Bytes> rdatas;
  rdatas.reserve(rrset.rdatas.size());
  for (const dns::Rdata& rdata : rrset.rdatas) rdatas.push_back(dns::canonical_rdata(rdata));
  std::sort(rdatas.begin(), rdatas.end());
  rdatas.erase(std::unique(rdatas.begin(), rdatas.end()), rdatas.end());

  dns::Rrsig head = rrsig;
  head.signature.clear();  // RFC 4034 §3.1.8.1: RRSIG_RDATA excludes the Signature field
  dns::WireWriter out(dns::WireWriter::Mode::canonical);
  write_rdata(head, out);  // canonical mode lowercases the signer name (RFC 6840 §5.1)
  for (const Bytes& rdata : rdatas) {
    if (rdata.size() > 0xffff) return make_error(Errc::out_of_range, "RDATA longer than 65535 octets");
    out.bytes(canonical_owner.wire());
    out.u16(static_cast<std::uint16_t>(rrset.type));
    out.u16(static_cast<std::uint16_t>(rrset.rclass));
    out.u32(rrsig.original_ttl);
    out.u16(static_cast<std::uint16_t>(rdata.size()));
    out.bytes(rdata);
  }
  return out.take();
}

// --- Validation ------------------------------------------------------------------

namespace {

// How far an RRSIG got through the checks; the failure of the one that got
// furthest explains the verdict best.
int stage_of(Reason reason) {
  switch (reason) {
    case Reason::none: return 10;
    case Reason::budget_exceeded: return 9;
    case Reason::signature_invalid: return 8;
    case Reason::signature_expired:
    case Reason::signature_not_yet_valid:
    case Reason::expiration_before_inception: return 7;
    case Reason::revoked_key: return 6;
    case Reason::no_zone_key_bit: return 5;
    case Reason::dnskey_missing: return 4;
    case Reason::rrsig_mismatch: return 3;
    default: return 0;  // unsupported / disabled algorithms: not a failure of the zone
  }
}

bool is_unusable_algorithm(Reason reason) {
  return reason == Reason::unsupported_dnskey_algorithm || reason == Reason::algorithm_disabled_by_policy;
}

Reason from_validity(ValidityCheck check) {
  switch (check) {
    case ValidityCheck::valid: return Reason::none;
    case ValidityCheck::expired: return Reason::signature_expired;
    case ValidityCheck::not_yet_valid: return Reason::signature_not_yet_valid;
    case ValidityCheck::expiration_before_inception: return Reason::expiration_before_inception;
  }
  return Reason::dnssec_bogus;
}

std::string describe(Reason reason) {
  switch (reason) {
    case Reason::rrsig_mismatch: return "the RRSIG does not fit the RRset (type covered, labels or signer)";
    case Reason::unsupported_dnskey_algorithm: return "unsupported algorithm";
    case Reason::algorithm_disabled_by_policy: return "algorithm disabled by policy (RFC 9905)";
    case Reason::dnskey_missing: return "no DNSKEY with the RRSIG's key tag and algorithm";
    case Reason::no_zone_key_bit: return "the matching DNSKEY lacks the zone key bit";
    case Reason::revoked_key: return "the matching DNSKEY is revoked (RFC 5011)";
    case Reason::signature_expired: return "the signature has expired";
    case Reason::signature_not_yet_valid: return "the signature is not yet valid";
    case Reason::expiration_before_inception: return "the signature expires before its inception";
    case Reason::signature_invalid: return "the signature does not verify";
    case Reason::budget_exceeded: return "too many signature checks (KeyTrap bound)";
    default: return std::string(to_string(reason));
  }
}

std::string rrset_label(const Rrset& rrset) { return rrset.owner.to_text() + " " + dns::to_string(rrset.type); }

std::string signature_label(const SignatureAttempt& attempt) {
  return "RRSIG by key " + std::to_string(attempt.key_tag) + " (" + algorithm_name(attempt.algorithm) + ")";
}

// The checks before any cryptography (RFC 4035 §5.3.1). Fills `usable_keys`
// with the keys worth verifying against when the result is Reason::none.
Reason precheck(const Rrset& rrset, const dns::Rrsig& sig, const ZoneKeys& zone, const std::vector<std::uint16_t>& tags,
                TimeMs now, const ValidationPolicy& policy, std::vector<std::size_t>& usable_keys) {
  usable_keys.clear();
  if (sig.type_covered != rrset.type) return Reason::rrsig_mismatch;
  if (sig.labels > rrset.owner.rrsig_label_count()) return Reason::rrsig_mismatch;
  if (!(sig.signer == zone.apex) || !rrset.owner.is_subdomain_of(sig.signer)) return Reason::rrsig_mismatch;

  const AlgorithmSupport support = algorithm_support(sig.algorithm, policy);
  if (support == AlgorithmSupport::unsupported) return Reason::unsupported_dnskey_algorithm;
  if (support == AlgorithmSupport::disabled_by_policy) return Reason::algorithm_disabled_by_policy;

  bool any_match = false;
  bool any_revoked = false;
  for (std::size_t i = 0; i < zone.keys.size(); ++i) {
    const dns::Dnskey& key = zone.keys[i];
    if (key.algorithm != sig.algorithm || tags[i] != sig.key_tag || key.protocol != kDnskeyProtocol) continue;
    any_match = true;
    if (!is_zone_key(key)) continue;
    if (is_revoked(key)) {
      any_revoked = true;
      continue;
    }
    usable_keys.push_back(i);
  }
  if (!any_match) return Reason::dnskey_missing;
  if (usable_keys.empty()) return any_revoked ? Reason::revoked_key : Reason::no_zone_key_bit;

  return from_validity(check_validity(sig.inception, sig.expiration, now));
}

WildcardExpansion wildcard_of(const dns::Name& owner, const dns::Name& signed_name, std::uint8_t labels) {
  WildcardExpansion expansion;
  expansion.wildcard = signed_name;
  expansion.closest_encloser = owner.strip_left(owner.label_count() - labels);
  expansion.next_closer = owner.strip_left(owner.label_count() - labels - 1);
  expansion.labels = labels;
  return expansion;
}

}  // namespace

RrsetValidation validate_rrset(const Rrset& rrset, const ZoneKeys& zone, TimeMs now, const ValidationPolicy& policy,
                               Budget& budget) {
  RrsetValidation result;
  result.ttl = rrset.ttl;
  if (rrset.signatures.empty()) {
    result.verdict = Verdict::bogus(Reason::rrsigs_missing, rrset_label(rrset) + " has no RRSIG");
    return result;
  }

  std::vector<std::uint16_t> tags;
  tags.reserve(zone.keys.size());
  for (const dns::Dnskey& key : zone.keys) tags.push_back(key_tag(key));

  // Pass 1: the checks that cost no cryptography, for every RRSIG.
  std::vector<std::vector<std::size_t>> keys_for(rrset.signatures.size());
  for (std::size_t i = 0; i < rrset.signatures.size(); ++i) {
    const dns::Rrsig& sig = rrset.signatures[i];
    SignatureAttempt attempt{sig.key_tag, sig.algorithm, sig.labels, sig.signer, sig.inception, sig.expiration,
                             Reason::none, 0};
    attempt.outcome = precheck(rrset, sig, zone, tags, now, policy, keys_for[i]);
    result.attempts.push_back(std::move(attempt));
  }

  // Pass 2: cryptography, bounded per RRset and per check (KeyTrap).
  const std::size_t per_rrset = budget.limits().signatures_per_rrset;
  bool stopped = false;
  for (std::size_t i = 0; i < rrset.signatures.size() && !stopped; ++i) {
    SignatureAttempt& attempt = result.attempts[i];
    if (attempt.outcome != Reason::none) continue;
    const dns::Rrsig& sig = rrset.signatures[i];
    const Result<Bytes> data = signed_data(rrset, sig);
    if (!data) {  // cannot happen after precheck (Labels checked); keep it a value anyway
      attempt.outcome = Reason::rrsig_mismatch;
      continue;
    }
    attempt.outcome = Reason::signature_invalid;
    for (const std::size_t k : keys_for[i]) {
      if (result.verifications >= per_rrset || !budget.spend_signature()) {
        stopped = true;
        if (attempt.verifications == 0) attempt.outcome = Reason::budget_exceeded;
        break;
      }
      ++result.verifications;
      ++attempt.verifications;
      const dns::Dnskey& key = zone.keys[k];
      if (verify_signature(sig.algorithm, key.public_key, data.value(), sig.signature) != SignatureCheck::valid) {
        continue;
      }
      attempt.outcome = Reason::none;
      result.validated_by = i;
      break;
    }
    if (result.validated_by) break;
  }
  // RRSIGs the bound kept us from trying.
  if (stopped) {
    for (SignatureAttempt& attempt : result.attempts) {
      if (attempt.outcome == Reason::none && attempt.verifications == 0) attempt.outcome = Reason::budget_exceeded;
    }
  }

  if (result.validated_by) {
    const std::size_t i = *result.validated_by;
    const dns::Rrsig& sig = rrset.signatures[i];
    const auto now32 = static_cast<std::uint32_t>(static_cast<std::uint64_t>(to_unix_seconds(now)));
    result.ttl = std::min({rrset.ttl, sig.original_ttl, sig.expiration - now32});
    if (sig.labels < rrset.owner.rrsig_label_count()) {
      result.wildcard = wildcard_of(rrset.owner, signed_owner(rrset.owner, sig).value(), sig.labels);
    }
    result.verdict = Verdict::secure();
    result.verdict.detail = rrset_label(rrset) + " validated by " + signature_label(result.attempts[i]) +
                            (result.wildcard ? " from wildcard " + result.wildcard->wildcard.to_text() : "");
    return result;
  }

  if (stopped) {
    result.verdict = Verdict::bogus(Reason::budget_exceeded,
                                    rrset_label(rrset) + ": stopped after " + std::to_string(result.verifications) +
                                        " signature checks without a valid one (KeyTrap bound)");
    return result;
  }

  const bool all_unusable = std::all_of(result.attempts.begin(), result.attempts.end(),
                                        [](const SignatureAttempt& a) { return is_unusable_algorithm(a.outcome); });
  if (all_unusable) {
    const bool any_disabled = std::any_of(result.attempts.begin(), result.attempts.end(), [](const SignatureAttempt& a) {
      return a.outcome == Reason::algorithm_disabled_by_policy;
    });
    const Reason why = any_disabled ? Reason::algorithm_disabled_by_policy : Reason::unsupported_dnskey_algorithm;
    result.verdict = Verdict::insecure(why, rrset_label(rrset) + ": every RRSIG uses an algorithm daneel does not " +
                                                (any_disabled ? "validate by policy" : "support") + " (" +
                                                algorithm_name(result.attempts.front().algorithm) + ")");
    return result;
  }

  const auto best = std::max_element(result.attempts.begin(), result.attempts.end(),
                                     [](const SignatureAttempt& a, const SignatureAttempt& b) {
                                       return stage_of(a.outcome) < stage_of(b.outcome);
                                     });
  result.verdict = Verdict::bogus(best->outcome, rrset_label(rrset) + ": " + describe(best->outcome) + " (" +
                                                     signature_label(*best) + ")");
  return result;
}

}  // namespace daneel::dnssec
