#include "dnssec/nsec.h"

#include <algorithm>
#include <string>
#include <utility>

#include "dnssec/denial_rules.h"

namespace daneel::dnssec::nsec {
namespace {

using dns::Name;

constexpr DenialMechanism kNsec = DenialMechanism::nsec;

// Number of labels, counted from the right, that `a` and `b` share.
std::size_t shared_labels(const Name& a, const Name& b) {
  const std::size_t na = a.label_count();
  const std::size_t nb = b.label_count();
  std::size_t shared = 0;
  while (shared < na && shared < nb) {  // bounded by 127 labels per name
    const ByteView x = a.label(na - 1 - shared);
    const ByteView y = b.label(nb - 1 - shared);
    const bool same = x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), [](std::uint8_t l, std::uint8_t r) {
                        return dns::ascii_lower(l) == dns::ascii_lower(r);
                      });
    if (!same) break;
    ++shared;
  }
  return shared;
}

// A record this proof may use at all: inside the zone that signed it.
bool in_zone(const NsecRecord& record, const Name& apex) {
  return record.owner.is_subdomain_of(apex) && record.rdata.next.is_subdomain_of(apex);
}

const NsecRecord* find_match(std::span<const NsecRecord> records, const Name& name, const Name& apex) {
  for (const NsecRecord& record : records) {
    if (in_zone(record, apex) && record.owner == name) return &record;
  }
  return nullptr;
}

// An NSEC that proves `name` does not exist: it covers the name, is not a
// delegation or DNAME above it (RFC 6840 §4.1), and its next name is not
// below the name (then the name would be an empty non-terminal).
const NsecRecord* find_nonexistence(std::span<const NsecRecord> records, const Name& name, const Name& apex) {
  for (const NsecRecord& record : records) {
    if (!in_zone(record, apex) || !covers(record.owner, record.rdata.next, name)) continue;
    if (name.is_subdomain_of(record.owner) && proves_nothing_below(record.rdata.types)) continue;
    if (record.rdata.next.is_subdomain_of(name)) continue;
    return &record;
  }
  return nullptr;
}

// An NSEC showing `name` is an empty non-terminal: it covers the name and
// its next name lies below it, so the name exists without any data.
const NsecRecord* find_empty_non_terminal(std::span<const NsecRecord> records, const Name& name, const Name& apex) {
  for (const NsecRecord& record : records) {
    if (!in_zone(record, apex) || !covers(record.owner, record.rdata.next, name)) continue;
    if (name.is_subdomain_of(record.owner) && proves_nothing_below(record.rdata.types)) continue;
    if (record.rdata.next.is_subdomain_of(name)) return &record;
  }
  return nullptr;
}

DenialResult invalid(const std::string& detail) { return denial_bogus(Reason::denial_proof_invalid, detail, kNsec); }

void add_step(DenialResult& result, const NsecRecord& record, ProofRelation relation, ProofSubject subject,
              const Name& name) {
  result.evidence.steps.push_back(ProofStep{record.owner, relation, subject, name});
}

bool query_in_zone(const DenialQuery& query) { return query.name.is_subdomain_of(query.apex); }

DenialResult outside_zone(const DenialQuery& query) {
  return invalid("the query name " + query.name.to_text() + " is not inside the zone " + query.apex.to_text() +
                 " that signed the NSEC records");
}

}  // namespace

bool covers(const Name& owner, const Name& next, const Name& name) {
  if (owner < next) return owner < name && name < next;
  // The last NSEC of the zone (next is the apex) or a zone of one name.
  return name > owner || name < next;
}

Name closest_encloser(const Name& name, const NsecRecord& covering, const Name& apex) {
  const std::size_t shared = std::max({shared_labels(name, covering.owner), shared_labels(name, covering.rdata.next),
                                       apex.label_count()});
  return name.strip_left(name.label_count() - std::min(shared, name.label_count()));
}

DenialResult prove_nxdomain(const DenialQuery& query, std::span<const NsecRecord> records) {
  if (!query_in_zone(query)) return outside_zone(query);
  const Name& name = query.name;
  if (const NsecRecord* match = find_match(records, name, query.apex)) {
    return invalid("NSEC " + match->owner.to_text() + " shows that " + name.to_text() + " exists");
  }
  const NsecRecord* cover = find_nonexistence(records, name, query.apex);
  if (cover == nullptr) {
    if (const NsecRecord* ent = find_empty_non_terminal(records, name, query.apex)) {
      return invalid("NSEC " + ent->owner.to_text() + " shows that " + name.to_text() +
                     " is an empty non-terminal (its next name " + ent->rdata.next.to_text() + " lies below it)");
    }
    return invalid("no NSEC covers " + name.to_text());
  }
  const Name encloser = closest_encloser(name, *cover, query.apex);
  const Name wildcard = wildcard_at(encloser);
  if (const NsecRecord* match = find_match(records, wildcard, query.apex)) {
    return invalid("NSEC " + match->owner.to_text() + " shows that the wildcard " + wildcard.to_text() +
                   " exists: the answer should have come from it");
  }
  const NsecRecord* wildcard_cover = find_nonexistence(records, wildcard, query.apex);
  if (wildcard_cover == nullptr) return invalid("no NSEC covers the wildcard " + wildcard.to_text());
  DenialResult result = denial_secure(Proven::name_does_not_exist, kNsec);
  add_step(result, *cover, ProofRelation::covers, ProofSubject::query_name, name);
  add_step(result, *wildcard_cover, ProofRelation::covers, ProofSubject::wildcard, wildcard);
  result.evidence.closest_encloser = encloser;
  result.evidence.wildcard = wildcard;
  return result;
}

DenialResult prove_nodata(const DenialQuery& query, std::span<const NsecRecord> records) {
  if (!query_in_zone(query)) return outside_zone(query);
  const Name& name = query.name;
  if (const NsecRecord* match = find_match(records, name, query.apex)) {
    DenialResult result = nodata_from_bitmap(match->rdata.types, match->owner, name, query.type, kNsec);
    add_step(result, *match, ProofRelation::matches, ProofSubject::query_name, name);
    return result;
  }
  if (const NsecRecord* ent = find_empty_non_terminal(records, name, query.apex)) {
    DenialResult result = denial_secure(Proven::empty_non_terminal, kNsec);
    add_step(result, *ent, ProofRelation::covers, ProofSubject::query_name, name);
    return result;
  }
  const NsecRecord* cover = find_nonexistence(records, name, query.apex);
  if (cover == nullptr) return invalid("no NSEC matches " + name.to_text() + " or shows it is an empty non-terminal");
  // Wildcard NODATA (RFC 4035 §3.1.3.4): the name does not exist, and the
  // wildcard that would have answered exists without the type.
  const Name encloser = closest_encloser(name, *cover, query.apex);
  const Name wildcard = wildcard_at(encloser);
  const NsecRecord* wildcard_match = find_match(records, wildcard, query.apex);
  if (wildcard_match == nullptr) {
    return invalid("NSEC " + cover->owner.to_text() + " shows that " + name.to_text() +
                   " does not exist (NXDOMAIN expected), and no NSEC matches the wildcard " + wildcard.to_text());
  }
  DenialResult result = nodata_from_bitmap(wildcard_match->rdata.types, wildcard_match->owner, wildcard, query.type, kNsec);
  if (result.verdict.security == Security::secure) result.proven = Proven::wildcard_no_data;
  add_step(result, *cover, ProofRelation::covers, ProofSubject::query_name, name);
  add_step(result, *wildcard_match, ProofRelation::matches, ProofSubject::wildcard, wildcard);
  result.evidence.closest_encloser = encloser;
  result.evidence.wildcard = wildcard;
  return result;
}

DenialResult prove_wildcard_answer(const DenialQuery& query, std::size_t rrsig_labels,
                                   std::span<const NsecRecord> records) {
  if (!query_in_zone(query)) return outside_zone(query);
  const Name& name = query.name;
  const std::size_t labels = name.label_count();
  if (rrsig_labels >= labels || rrsig_labels < query.apex.label_count()) {
    return denial_bogus(Reason::wildcard_proof_missing,
                        "RRSIG labels " + std::to_string(rrsig_labels) + " do not describe a wildcard expansion of " +
                            name.to_text() + " in " + query.apex.to_text(),
                        kNsec);
  }
  const Name encloser = name.strip_left(labels - rrsig_labels);
  const Name next_closer = name.strip_left(labels - rrsig_labels - 1);
  const Name wildcard = wildcard_at(encloser);
  DenialResult result = denial_secure(Proven::no_closer_match, kNsec);
  result.evidence.closest_encloser = encloser;
  result.evidence.next_closer = next_closer;
  result.evidence.wildcard = wildcard;
  // The query name is the wildcard's own owner: nothing was expanded.
  if (name == wildcard) return result;
  const NsecRecord* cover = find_nonexistence(records, name, query.apex);
  if (cover == nullptr) {
    return denial_bogus(Reason::wildcard_proof_missing,
                        "no NSEC proves that " + name.to_text() + " does not exist (answer expanded from " +
                            wildcard.to_text() + ")",
                        kNsec);
  }
  // The covering NSEC's neighbours show the real closest encloser; a deeper
  // one means a closer name exists and the wildcard could not have applied.
  const Name proven_encloser = closest_encloser(name, *cover, query.apex);
  if (proven_encloser != encloser) {
    return denial_bogus(Reason::wildcard_proof_missing,
                        "NSEC " + cover->owner.to_text() + " shows the closest encloser of " + name.to_text() + " is " +
                            proven_encloser.to_text() + ", not " + encloser.to_text() + " as the RRSIG labels claim",
                        kNsec);
  }
  add_step(result, *cover, ProofRelation::covers, ProofSubject::query_name, name);
  return result;
}

}  // namespace daneel::dnssec::nsec
