#include "dnssec/nsec3.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dnssec/denial_rules.h"
#include "dnssec/nsec3_hash.h"
#include "util/encoding.h"

namespace daneel::dnssec::nsec3 {
namespace {

using dns::Name;

constexpr DenialMechanism kNsec3 = DenialMechanism::nsec3;
// RFC 1035 §2.3.4: a name has at most 127 labels, so the walk from a name up
// to its zone's apex takes at most that many steps.
constexpr std::size_t kMaxWalk = 128;

// An NSEC3 record this proof may use, with its hashes decoded.
struct Usable {
  const Nsec3Record* record = nullptr;
  Nsec3Hash owner_hash{};
  Nsec3Hash next_hash{};
  std::size_t chain = 0;  // index into Prover::chains_ (its parameters)
};

std::optional<Nsec3Hash> to_hash(ByteView bytes) {
  if (bytes.size() != kNsec3HashSize) return std::nullopt;
  Nsec3Hash hash{};
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

// RFC 5155 §3.1.7 and §8.3 "covers": the hash lies strictly between the
// owner's hash and the next hash; the last record of the chain wraps around.
bool hash_covers(const Nsec3Hash& owner, const Nsec3Hash& next, const Nsec3Hash& hash) {
  if (owner < next) return owner < hash && hash < next;
  return hash > owner || hash < next;
}

class Prover {
 public:
  Prover(const DenialQuery& query, std::span<const Nsec3Record> records, const DenialParams& params, Budget& budget)
      : query_(query), budget_(budget) {
    if (records.size() > params.max_nsec3_records) {
      refusal_ = denial_bogus(Reason::budget_exceeded,
                              std::to_string(records.size()) + " NSEC3 records in one response, more than the limit of " +
                                  std::to_string(params.max_nsec3_records),
                              kNsec3);
      return;
    }
    if (!query.name.is_subdomain_of(query.apex)) {
      refusal_ = denial_bogus(Reason::denial_proof_invalid,
                              "the query name " + query.name.to_text() + " is not inside the zone " +
                                  query.apex.to_text() + " that signed the NSEC3 records",
                              kNsec3);
      return;
    }
    std::uint16_t most_iterations = 0;
    for (const Nsec3Record& record : records) {
      std::optional<Usable> usable = make_usable(record);
      if (!usable) continue;
      most_iterations = std::max(most_iterations, record.rdata.iterations);
      usable_.push_back(*usable);
    }
    iterations_ = most_iterations;
    if (usable_.empty()) {
      refusal_ = denial_bogus(Reason::nsec_missing,
                              "none of the " + std::to_string(records.size()) +
                                  " NSEC3 records is usable (hash algorithm other than SHA-1, unknown flags, or an "
                                  "owner that is not a hash below " +
                                  query.apex.to_text() + ")",
                              kNsec3);
      return;
    }
    if (most_iterations > params.max_nsec3_iterations) {
      refusal_ = denial_insecure(Reason::unsupported_nsec3_iterations, Proven::iterations_too_high,
                                 "NSEC3 iterations " + std::to_string(most_iterations) + " exceed the limit of " +
                                     std::to_string(params.max_nsec3_iterations) +
                                     " (RFC 9276 §3.2): the denial is not evaluated and counts as insecure",
                                 kNsec3);
      refusal_->evidence.nsec3_iterations = most_iterations;
    }
  }

  // A result decided before any proof: too many records, none usable, too
  // many iterations.
  [[nodiscard]] std::optional<DenialResult> refusal() const { return refusal_; }

  // After any lookup: the hash budget ran out, so the lookup said nothing.
  [[nodiscard]] bool exhausted() const { return exhausted_; }
  [[nodiscard]] DenialResult budget_result() const {
    return finish(denial_bogus(Reason::budget_exceeded,
                               "NSEC3 hash budget exhausted after " + std::to_string(hashes_) +
                                   " hashes in this proof (limits: " +
                                   std::to_string(budget_.limits().nsec3_hashes_per_proof) + " per proof, " +
                                   std::to_string(budget_.limits().nsec3_hashes_per_check) + " per check)",
                               kNsec3));
  }

  // The usable record whose owner is the hash of `name`, or nullptr.
  const Usable* find_match(const Name& name) {
    for (std::size_t chain = 0; chain < chains_.size(); ++chain) {
      const std::optional<Nsec3Hash> hash = hash_of(name, chain);
      if (!hash) return nullptr;
      for (const Usable& usable : usable_) {
        if (usable.chain == chain && usable.owner_hash == *hash) return &usable;
      }
    }
    return nullptr;
  }

  // A usable record whose span covers the hash of `name`, or nullptr.
  const Usable* find_cover(const Name& name) {
    for (std::size_t chain = 0; chain < chains_.size(); ++chain) {
      const std::optional<Nsec3Hash> hash = hash_of(name, chain);
      if (!hash) return nullptr;
      for (const Usable& usable : usable_) {
        if (usable.chain == chain && hash_covers(usable.owner_hash, usable.next_hash, *hash)) return &usable;
      }
    }
    return nullptr;
  }

  struct Encloser {
    Name name;
    const Usable* record = nullptr;  // matches the closest encloser
    Name next_closer;
    const Usable* cover = nullptr;  // covers the next closer name
  };
  struct EncloserSearch {
    const Usable* name_match = nullptr;  // the query name itself exists
    std::optional<Encloser> encloser;
    std::string failure;  // why there is neither
  };

  // RFC 5155 §8.3: walk up from the name to the first ancestor with a
  // matching NSEC3 (the closest encloser); the name one label below it (the
  // next closer name) must be covered.
  EncloserSearch find_closest_encloser(const Name& name) {
    EncloserSearch search;
    Name current = name;
    std::optional<Name> below;
    for (std::size_t step = 0; step < kMaxWalk; ++step) {
      const Usable* match = find_match(current);
      if (exhausted_) return search;
      if (match != nullptr) {
        if (!below) {
          search.name_match = match;
          return search;
        }
        // §8.3: the encloser's record must be from this zone, not the parent
        // side of a delegation or a DNAME, which say nothing about names below.
        if (proves_nothing_below(match->record->rdata.types)) {
          search.failure = "NSEC3 " + match->record->owner.to_text() + " for the closest encloser " +
                           current.to_text() + " is a delegation or DNAME: it cannot prove names below it";
          return search;
        }
        const Usable* cover = find_cover(*below);
        if (exhausted_) return search;
        if (cover == nullptr) {
          search.failure = "no NSEC3 covers the next closer name " + below->to_text();
          return search;
        }
        search.encloser = Encloser{current, match, *below, cover};
        return search;
      }
      if (current == query_.apex) break;
      below = current;
      current = current.parent();
    }
    search.failure = "no NSEC3 matches " + name.to_text() + " or any of its ancestors up to " + query_.apex.to_text() +
                     " (no closest encloser)";
    return search;
  }

  DenialResult invalid(std::string detail) const {
    return finish(denial_bogus(Reason::denial_proof_invalid, std::move(detail), kNsec3));
  }
  DenialResult finish(DenialResult result) const {
    result.evidence.nsec3_iterations = iterations_;
    return result;
  }

  [[nodiscard]] const DenialQuery& query() const { return query_; }

 private:
  std::optional<Usable> make_usable(const Nsec3Record& record) {
    const dns::Nsec3& rdata = record.rdata;
    if (rdata.hash_algorithm != kNsec3Sha1) return std::nullopt;  // RFC 5155 §8.1
    if ((rdata.flags & ~1u) != 0) return std::nullopt;            // RFC 5155 §8.2
    if (record.owner.label_count() == 0 || record.owner.parent() != query_.apex) return std::nullopt;
    const ByteView label = record.owner.label(0);
    const Result<Bytes> owner = encoding::from_base32hex(
        std::string_view(reinterpret_cast<const char*>(label.data()), label.size()));
    if (!owner.ok()) return std::nullopt;
    const std::optional<Nsec3Hash> owner_hash = to_hash(owner.value());
    const std::optional<Nsec3Hash> next_hash = to_hash(rdata.next_hashed_owner);
    if (!owner_hash || !next_hash) return std::nullopt;
    const Nsec3Params params = Nsec3Params::of(rdata);
    auto chain = std::find(chains_.begin(), chains_.end(), params);
    if (chain == chains_.end()) chain = chains_.insert(chains_.end(), params);
    return Usable{&record, *owner_hash, *next_hash, static_cast<std::size_t>(chain - chains_.begin())};
  }

  // The hash of `name` under a chain's parameters, computed once per proof.
  std::optional<Nsec3Hash> hash_of(const Name& name, std::size_t chain) {
    for (const Hashed& hashed : hashed_) {
      if (hashed.chain == chain && hashed.name == name) return hashed.hash;
    }
    if (hashes_ >= budget_.limits().nsec3_hashes_per_proof || !budget_.spend_nsec3_hash()) {
      exhausted_ = true;
      return std::nullopt;
    }
    ++hashes_;
    const Result<Nsec3Hash> hash = nsec3_hash(name, chains_[chain]);
    if (!hash.ok()) {  // unreachable: only SHA-1 chains exist
      exhausted_ = true;
      return std::nullopt;
    }
    hashed_.push_back(Hashed{name, chain, hash.value()});
    return hash.value();
  }

  struct Hashed {
    Name name;
    std::size_t chain;
    Nsec3Hash hash;
  };

  const DenialQuery& query_;
  Budget& budget_;
  std::vector<Usable> usable_;
  std::vector<Nsec3Params> chains_;
  std::vector<Hashed> hashed_;
  std::optional<DenialResult> refusal_;
  std::uint16_t iterations_ = 0;
  std::size_t hashes_ = 0;
  bool exhausted_ = false;
};

void add_step(DenialResult& result, const Usable& usable, ProofRelation relation, ProofSubject subject,
              const Name& name) {
  result.evidence.steps.push_back(ProofStep{usable.record->owner, relation, subject, name});
}

void add_encloser(DenialResult& result, const Prover::Encloser& encloser) {
  add_step(result, *encloser.record, ProofRelation::matches, ProofSubject::closest_encloser, encloser.name);
  add_step(result, *encloser.cover, ProofRelation::covers, ProofSubject::next_closer, encloser.next_closer);
  result.evidence.closest_encloser = encloser.name;
  result.evidence.next_closer = encloser.next_closer;
}

bool opt_out(const Usable& usable) { return usable.record->rdata.opt_out(); }

std::string opt_out_detail(const Prover::Encloser& encloser) {
  return "NSEC3 " + encloser.cover->record->owner.to_text() + " covers the next closer name " +
         encloser.next_closer.to_text() + " with opt-out: an unsigned delegation may exist there";
}

}  // namespace

DenialResult prove_nxdomain(const DenialQuery& query, std::span<const Nsec3Record> records,
                            const DenialParams& params, Budget& budget) {
  Prover prover(query, records, params, budget);
  if (std::optional<DenialResult> refusal = prover.refusal()) return *refusal;
  const Prover::EncloserSearch search = prover.find_closest_encloser(query.name);
  if (prover.exhausted()) return prover.budget_result();
  if (search.name_match != nullptr) {
    return prover.invalid("NSEC3 " + search.name_match->record->owner.to_text() + " matches " + query.name.to_text() +
                          ": the name exists");
  }
  if (!search.encloser) return prover.invalid(search.failure);
  const Prover::Encloser& encloser = *search.encloser;
  const Name wildcard = wildcard_at(encloser.name);
  const Usable* wildcard_match = prover.find_match(wildcard);
  if (prover.exhausted()) return prover.budget_result();
  if (wildcard_match != nullptr) {
    return prover.invalid("NSEC3 " + wildcard_match->record->owner.to_text() + " matches the wildcard " +
                          wildcard.to_text() + ": the answer should have come from it");
  }
  const Usable* wildcard_cover = prover.find_cover(wildcard);
  if (prover.exhausted()) return prover.budget_result();
  if (wildcard_cover == nullptr) return prover.invalid("no NSEC3 covers the wildcard " + wildcard.to_text());
  DenialResult result = opt_out(*encloser.cover)
                            ? denial_insecure(Reason::no_ds_proven, Proven::opt_out, opt_out_detail(encloser), kNsec3)
                            : denial_secure(Proven::name_does_not_exist, kNsec3);
  add_encloser(result, encloser);
  add_step(result, *wildcard_cover, ProofRelation::covers, ProofSubject::wildcard, wildcard);
  result.evidence.wildcard = wildcard;
  return prover.finish(std::move(result));
}

DenialResult prove_nodata(const DenialQuery& query, std::span<const Nsec3Record> records, const DenialParams& params,
                          Budget& budget) {
  Prover prover(query, records, params, budget);
  if (std::optional<DenialResult> refusal = prover.refusal()) return *refusal;
  const Prover::EncloserSearch search = prover.find_closest_encloser(query.name);
  if (prover.exhausted()) return prover.budget_result();
  if (const Usable* match = search.name_match) {
    DenialResult result = nodata_from_bitmap(match->record->rdata.types, match->record->owner, query.name, query.type,
                                             kNsec3);
    add_step(result, *match, ProofRelation::matches, ProofSubject::query_name, query.name);
    return prover.finish(std::move(result));
  }
  if (!search.encloser) {
    return prover.invalid("no NSEC3 matches " + query.name.to_text() + ", and " + search.failure);
  }
  const Prover::Encloser& encloser = *search.encloser;
  const Name wildcard = wildcard_at(encloser.name);
  const Usable* wildcard_match = prover.find_match(wildcard);
  if (prover.exhausted()) return prover.budget_result();
  if (wildcard_match != nullptr) {  // §8.7
    DenialResult result = nodata_from_bitmap(wildcard_match->record->rdata.types, wildcard_match->record->owner,
                                             wildcard, query.type, kNsec3);
    if (result.verdict.security == Security::secure) result.proven = Proven::wildcard_no_data;
    if (result.verdict.security == Security::secure && opt_out(*encloser.cover)) {
      // The next closer name lies in an opt-out span: an unsigned delegation
      // may exist there, and then the wildcard says nothing about the name
      // (RFC 5155 §9.2: no AD for opt-out answers; Unbound: "matching
      // wildcard is in optout range, insecure").
      DenialResult insecure =
          denial_insecure(Reason::no_ds_proven, Proven::opt_out, opt_out_detail(encloser), kNsec3);
      insecure.evidence = std::move(result.evidence);
      result = std::move(insecure);
    }
    add_encloser(result, encloser);
    add_step(result, *wildcard_match, ProofRelation::matches, ProofSubject::wildcard, wildcard);
    result.evidence.wildcard = wildcard;
    return prover.finish(std::move(result));
  }
  if (opt_out(*encloser.cover)) {  // §8.6 for DS; Errata 3441 for other types
    DenialResult result = denial_insecure(Reason::no_ds_proven, Proven::opt_out, opt_out_detail(encloser), kNsec3);
    add_encloser(result, encloser);
    return prover.finish(std::move(result));
  }
  return prover.invalid("no NSEC3 matches " + query.name.to_text() + "; NSEC3 " +
                        encloser.cover->record->owner.to_text() + " covers the next closer name " +
                        encloser.next_closer.to_text() +
                        " without opt-out, so the name does not exist (NXDOMAIN expected), and no NSEC3 matches the "
                        "wildcard " +
                        wildcard.to_text());
}

DenialResult prove_wildcard_answer(const DenialQuery& query, std::size_t rrsig_labels,
                                   std::span<const Nsec3Record> records, const DenialParams& params, Budget& budget) {
  Prover prover(query, records, params, budget);
  if (std::optional<DenialResult> refusal = prover.refusal()) return *refusal;
  const Name& name = query.name;
  const std::size_t labels = name.label_count();
  if (rrsig_labels >= labels || rrsig_labels < query.apex.label_count()) {
    return prover.finish(denial_bogus(Reason::wildcard_proof_missing,
                                      "RRSIG labels " + std::to_string(rrsig_labels) +
                                          " do not describe a wildcard expansion of " + name.to_text() + " in " +
                                          query.apex.to_text(),
                                      kNsec3));
  }
  const Name encloser = name.strip_left(labels - rrsig_labels);
  const Name next_closer = name.strip_left(labels - rrsig_labels - 1);
  const Name wildcard = wildcard_at(encloser);
  DenialResult result = denial_secure(Proven::no_closer_match, kNsec3);
  result.evidence.closest_encloser = encloser;
  result.evidence.next_closer = next_closer;
  result.evidence.wildcard = wildcard;
  if (name == wildcard) return prover.finish(std::move(result));  // the wildcard's own owner: no expansion
  const Usable* cover = prover.find_cover(next_closer);
  if (prover.exhausted()) return prover.budget_result();
  if (cover == nullptr) {
    return prover.finish(denial_bogus(Reason::wildcard_proof_missing,
                                      "no NSEC3 covers the next closer name " + next_closer.to_text() +
                                          " (answer expanded from " + wildcard.to_text() + ")",
                                      kNsec3));
  }
  if (opt_out(*cover)) {
    DenialResult insecure = denial_insecure(Reason::no_ds_proven, Proven::opt_out,
                                            "NSEC3 " + cover->record->owner.to_text() + " covers the next closer name " +
                                                next_closer.to_text() +
                                                " with opt-out: an unsigned delegation may exist there",
                                            kNsec3);
    insecure.evidence = std::move(result.evidence);
    result = std::move(insecure);
  }
  add_step(result, *cover, ProofRelation::covers, ProofSubject::next_closer, next_closer);
  return prover.finish(std::move(result));
}

}  // namespace daneel::dnssec::nsec3
