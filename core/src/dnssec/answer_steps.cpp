#include "dnssec/answer_steps.h"

#include <string>
#include <variant>

#include "util/result.h"

namespace daneel::dnssec {

using dns::Name;
using dns::RrType;

namespace {

// The leftmost `count` labels of `name` as a relative prefix (a Name whose
// labels are those, for Name::concat).
Result<Name> leftmost_labels(const Name& name, std::size_t count) {
  Name prefix = Name::root();
  for (std::size_t i = count; i-- > 0;) {
    auto next = prefix.prepend_label(name.label(i));
    if (!next.ok()) return next.error();
    prefix = next.value();
  }
  return prefix;
}

ChainStep malformed(std::string detail) {
  ChainStep step;
  step.kind = ChainStep::Kind::malformed;
  step.malformed = Verdict::bogus(Reason::dnssec_bogus, std::move(detail));
  return step;
}

ChainStep link_to(RrType type, const Rrset& rrset, Name target) {
  ChainStep step;
  step.kind = ChainStep::Kind::link;
  step.link = ChainLinkStep{type, rrset, std::move(target)};
  return step;
}

// The DNAME that applies to `current`: the deepest one strictly above it.
const Rrset* applicable_dname(const std::vector<Rrset>& answers, const Name& current) {
  const Rrset* dname = nullptr;
  for (const Rrset& rrset : answers) {
    if (rrset.type == RrType::dname && rrset.owner != current && current.is_subdomain_of(rrset.owner) &&
        (dname == nullptr || rrset.owner.label_count() > dname->owner.label_count())) {
      dname = &rrset;
    }
  }
  return dname;
}

// The single record of a CNAME or DNAME RRset, or nullptr.
template <class Record>
const Record* single(const Rrset& rrset) {
  if (rrset.rdatas.size() != 1) return nullptr;
  return std::get_if<Record>(&rrset.rdatas.front());
}

ChainStep dname_step(const Rrset& dname, const Rrset* cname, const Name& current) {
  const auto* d = single<dns::Dname>(dname);
  if (d == nullptr) return malformed("DNAME at " + dname.owner.to_text() + " must hold exactly one record");
  auto prefix = leftmost_labels(current, current.label_count() - dname.owner.label_count());
  auto target = prefix.ok() ? Name::concat(prefix.value(), d->target) : Result<Name>(prefix.error());
  if (!target.ok()) return malformed("DNAME substitution of " + current.to_text() + " is too long");
  if (cname != nullptr) {
    const auto* c = cname->rdatas.empty() ? nullptr : std::get_if<dns::Cname>(&cname->rdatas.front());
    if (c == nullptr || c->target != target.value()) {
      return malformed("the CNAME at " + current.to_text() + " does not match the DNAME at " +
                       dname.owner.to_text() + " (expected " + target.value().to_text() + ")");
    }
  }
  return link_to(RrType::dname, dname, target.value());
}

}  // namespace

ChainStep next_chain_step(const std::vector<Rrset>& answers, const Name& current, RrType qtype) {
  if (const Rrset* direct = find_rrset(answers, current, qtype)) {
    ChainStep step;
    step.kind = ChainStep::Kind::answer;
    step.answer = direct;
    return step;
  }
  const Rrset* cname = find_rrset(answers, current, RrType::cname);
  if (const Rrset* dname = applicable_dname(answers, current)) return dname_step(*dname, cname, current);
  if (cname == nullptr || qtype == RrType::cname) return ChainStep{};
  const auto* c = single<dns::Cname>(*cname);
  if (c == nullptr) return malformed("CNAME at " + current.to_text() + " must hold exactly one record");
  return link_to(RrType::cname, *cname, c->target);
}

std::optional<Verdict> anchor_contradiction(const TrustAnchors& anchors, const Name& name, const Name& proving_zone,
                                            const DenialResult& proof) {
  if (proof.verdict.security != Security::insecure) return std::nullopt;
  const TrustAnchor* anchor = anchors.closest_enclosing(name);
  if (anchor == nullptr || anchor->owner == proving_zone || !anchor->owner.is_subdomain_of(proving_zone)) {
    return std::nullopt;
  }
  return Verdict::bogus(Reason::nsec_missing, "the proof comes from " + proving_zone.to_text() +
                                                  ", above the trust anchor " + anchor->owner.to_text() +
                                                  ", which says the name's zone is signed; no proof from that zone (" +
                                                  proof.verdict.detail + ")");
}

}  // namespace daneel::dnssec
