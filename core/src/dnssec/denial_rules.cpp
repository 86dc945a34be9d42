#include "dnssec/denial_rules.h"

#include <string>
#include <utility>

namespace daneel::dnssec {

using dns::RrType;

bool is_parent_side_delegation(const dns::TypeBitmap& types) {
  return types.contains(RrType::ns) && !types.contains(RrType::soa);
}

bool proves_nothing_below(const dns::TypeBitmap& types) {
  return is_parent_side_delegation(types) || types.contains(RrType::dname);
}

dns::Name wildcard_at(const dns::Name& encloser) {
  static constexpr std::uint8_t kStar[] = {'*'};
  Result<dns::Name> wildcard = encloser.prepend_label(kStar);
  return wildcard.ok() ? std::move(wildcard).value() : encloser;
}

DenialResult denial_bogus(Reason reason, std::string detail, DenialMechanism mechanism) {
  return DenialResult{Verdict::bogus(reason, std::move(detail)), Proven::nothing, mechanism, {}};
}

DenialResult denial_secure(Proven proven, DenialMechanism mechanism) {
  return DenialResult{Verdict::secure(), proven, mechanism, {}};
}

DenialResult denial_insecure(Reason reason, Proven proven, std::string detail, DenialMechanism mechanism) {
  return DenialResult{Verdict::insecure(reason, std::move(detail)), proven, mechanism, {}};
}

DenialResult nodata_from_bitmap(const dns::TypeBitmap& types, const dns::Name& record, const dns::Name& name,
                                RrType type, DenialMechanism mechanism) {
  const std::string mech(to_string(mechanism));
  const std::string at = mech + " " + record.to_text() + " at " + name.to_text();
  auto invalid = [&](const std::string& why) { return denial_bogus(Reason::denial_proof_invalid, at + why, mechanism); };
  if (types.contains(type)) return invalid(" lists " + dns::to_string(type) + ": the type exists");
  // RFC 6840 §4.3: a CNAME at the name would have been the answer.
  if (types.contains(RrType::cname)) return invalid(" lists CNAME: the answer should have followed it");
  if (type == RrType::ds) {
    // The DS of a name lives in its parent zone; the child's apex record
    // (SOA set) cannot deny it, except at the root, which has no parent.
    if (types.contains(RrType::soa) && !name.is_root()) {
      return invalid(" is the child zone's apex (SOA set): only the parent can deny a DS");
    }
    if (types.contains(RrType::ns)) {
      return denial_insecure(Reason::no_ds_proven, Proven::insecure_delegation,
                             at + " proves a delegation without DS: the child zone is unsigned", mechanism);
    }
    return denial_secure(types.types.empty() ? Proven::empty_non_terminal : Proven::no_data, mechanism);
  }
  if (is_parent_side_delegation(types)) {
    return invalid(" is the parent side of a delegation (NS without SOA): it cannot deny data of the child zone");
  }
  return denial_secure(types.types.empty() ? Proven::empty_non_terminal : Proven::no_data, mechanism);
}

}  // namespace daneel::dnssec
