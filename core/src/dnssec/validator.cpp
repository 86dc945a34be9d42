// The chain-of-trust validator (validator.h). Design: each pending
// validation is re-evaluated from the engine's remembered answers on every
// step(); evaluation is split into a structural phase (follow the
// CNAME/DNAME chain, find the zones the RRsets need, walk towards them) that
// only asks queries, and a decision phase (the signature checks on the data
// and the denial proofs) that runs once, when everything it needs is known.
// Zone cuts are decided once each and cached in `cuts`, so no signature is
// ever checked twice and the Budget counts real work.
#include "dnssec/validator.h"

#include <algorithm>
#include <set>
#include <utility>

#include "dnssec/answer_steps.h"
#include "dnssec/denial.h"
#include "dnssec/dnskey_set.h"
#include "dnssec/ds.h"
#include "dnssec/key_tag.h"

namespace daneel::dnssec {

using dns::Name;
using dns::QueryOutcome;
using dns::QueryResult;
using dns::RrType;

std::string_view to_string(CutKind kind) {
  switch (kind) {
    case CutKind::trust_anchor: return "trust anchor";
    case CutKind::secure_delegation: return "secure delegation";
    case CutKind::not_a_cut: return "not a zone cut";
    case CutKind::insecure_delegation: return "insecure delegation";
    case CutKind::bogus: return "bogus";
    case CutKind::indeterminate: return "indeterminate";
  }
  return "?";
}

std::string_view to_string(AnswerKind kind) {
  switch (kind) {
    case AnswerKind::answer: return "answer";
    case AnswerKind::nodata: return "nodata";
    case AnswerKind::nxdomain: return "nxdomain";
    case AnswerKind::failed: return "failed";
  }
  return "?";
}

namespace {

struct Cut {
  CutKind kind = CutKind::indeterminate;
  ZoneKeys keys;  // secure kinds: the zone's validated keys
  ZoneEvidence evidence;
};

bool is_secure_zone(CutKind kind) { return kind == CutKind::trust_anchor || kind == CutKind::secure_delegation; }

CutKind kind_of(Security security, CutKind secure_kind) {
  switch (security) {
    case Security::secure: return secure_kind;
    case Security::insecure: return CutKind::insecure_delegation;
    case Security::bogus: return CutKind::bogus;
    case Security::indeterminate: return CutKind::indeterminate;
  }
  return CutKind::indeterminate;
}

void add_attempts(std::vector<SignatureEvidence>& out, const Rrset& rrset, const RrsetValidation& validation) {
  for (const SignatureAttempt& a : validation.attempts) {
    out.push_back(SignatureEvidence{rrset.owner, rrset.type, a.signer, a.key_tag, a.algorithm, a.labels, a.inception,
                                    a.expiration, a.outcome});
  }
}

// The RRSIG signer that can be the zone of `rrset`: one at or above its owner.
std::optional<Name> signer_of(const Rrset& rrset) {
  for (const dns::Rrsig& sig : rrset.signatures) {
    if (rrset.owner.is_subdomain_of(sig.signer)) return sig.signer;
  }
  return std::nullopt;
}

bool is_denial_type(RrType type) { return type == RrType::nsec || type == RrType::nsec3; }


// What the walk towards a name found.
struct Walk {
  CutKind kind = CutKind::indeterminate;  // trust_anchor/secure_delegation: `zone` is secure
  Name zone;                              // the deepest secure zone reached
  const Cut* stop = nullptr;              // the cut that ended the walk (insecure/bogus/indeterminate)
  Verdict verdict;                        // the stop's verdict (secure when the walk reached the target)
  std::vector<Name> path;                 // names visited, top down
  const ZoneKeys* keys = nullptr;         // when secure
};

struct LinkPlan {
  RrType type = RrType::cname;
  Rrset rrset;
  Name from;
  Name target;
  std::vector<Rrset> authority;  // of the response holding the link (wildcard proofs)
};

struct Plan {
  std::vector<LinkPlan> links;
  AnswerKind kind = AnswerKind::failed;
  Name final_name;
  std::optional<Rrset> answer;
  std::vector<Rrset> authority;          // of the response that ended the chain
  const QueryResult* failure = nullptr;  // a query that failed
  std::optional<Verdict> structural;     // chain bound, loop, DNAME mismatch
};

struct Job {
  Name qname;
  RrType qtype{};
  bool done = false;
  ValidationResult result;
};

}  // namespace

struct Validator::State {
  State(dns::QueryEngine& e, ValidatorConfig c) : engine(e), config(std::move(c)), budget(config.limits) {}

  dns::QueryEngine& engine;
  ValidatorConfig config;
  Budget budget;
  std::map<Name, Cut> cuts;
  std::vector<Job> jobs;
  std::map<std::pair<Name, RrType>, ValidationTicket> by_question;
  std::vector<ValidationTicket> completed;
  std::set<std::pair<Name, RrType>> asked;
  QueryResult over_budget{QueryOutcome::budget_exceeded, std::nullopt,
                          "the validator's bound on distinct questions was reached", "", 0, false};
  TimeMs now = 0;
  bool pending = false;  // set while evaluating when an answer is not there yet

  // The engine's result for (name, type), or nullptr (and `pending`) while it is in flight.
  const QueryResult* ask(const Name& name, RrType type) {
    if (!asked.contains({name, type})) {
      if (asked.size() >= config.max_queries) return &over_budget;
      asked.insert({name, type});
    }
    const dns::QueryTicket ticket = engine.query(name, type, now);
    const QueryResult* result = engine.result(ticket);
    if (result == nullptr) pending = true;
    return result;
  }
  // Asks without needing the answer yet.
  void prefetch(const Name& name, RrType type) {
    if (!asked.contains({name, type})) {
      if (asked.size() >= config.max_queries) return;
      asked.insert({name, type});
    }
    (void)engine.query(name, type, now);
  }

  std::vector<Rrset> validated_denial_rrsets(const std::vector<Rrset>& authority, const ZoneKeys& keys,
                                             std::vector<SignatureEvidence>& evidence,
                                             std::optional<Verdict>& first_failure) {
    std::vector<Rrset> good;
    for (const Rrset& rrset : authority) {
      if (!is_denial_type(rrset.type)) continue;
      const RrsetValidation v = validate_rrset(rrset, keys, now, config.policy, budget);
      add_attempts(evidence, rrset, v);
      if (v.verdict.security == Security::secure && v.wildcard) {
        // An NSEC/NSEC3 "expanded" from a wildcard (RRSIG Labels below the
        // owner's count) proves nothing about its owner (CVE-2017-15105).
        if (!first_failure) {
          first_failure = Verdict::bogus(Reason::denial_proof_invalid,
                                         rrset.owner.to_text() + " " + dns::to_string(rrset.type) +
                                             " is signed as a wildcard expansion and cannot prove a denial");
        }
      } else if (v.verdict.security == Security::secure) {
        good.push_back(rrset);
      } else if (!first_failure) {
        Verdict failure = v.verdict;
        failure.detail = rrset.owner.to_text() + " " + dns::to_string(rrset.type) + ": " + failure.detail;
        first_failure = failure;
      }
    }
    return good;
  }

  static Verdict query_failed(const Name& name, RrType type, const QueryResult& r) {
    return Verdict::indeterminate(Reason::query_failed, name.to_text() + " " + dns::to_string(type) + ": " +
                                                            std::string(dns::to_string(r.outcome)) +
                                                            (r.detail.empty() ? "" : " (" + r.detail + ")"));
  }

  // --- Zone cuts -------------------------------------------------------------

  const Cut* anchor_cut(const TrustAnchor& anchor) {
    if (auto it = cuts.find(anchor.owner); it != cuts.end()) return &it->second;
    const QueryResult* r = ask(anchor.owner, RrType::dnskey);
    if (r == nullptr) return nullptr;
    Cut cut;
    cut.evidence.name = anchor.owner;
    cut.evidence.parent = Name::root();
    for (const dns::Ds& ds : anchor.ds) {
      cut.evidence.ds.push_back(DsEvidence{ds.key_tag, ds.algorithm, ds.digest_type, false, false});
    }
    if (!is_dns_answer(r->outcome) || !r->message) {
      cut.kind = CutKind::indeterminate;
      cut.evidence.verdict = query_failed(anchor.owner, RrType::dnskey, *r);
    } else {
      const std::vector<Rrset> answers = group_rrsets(r->message->answers);
      const Rrset* dnskeys = find_rrset(answers, anchor.owner, RrType::dnskey);
      if (dnskeys == nullptr) {
        cut.kind = CutKind::bogus;
        cut.evidence.verdict =
            Verdict::bogus(Reason::dnskey_missing, "no DNSKEY RRset at the trust anchor " + anchor.owner.to_text());
      } else {
        const KeySetValidation kv = validate_dnskey_set(*dnskeys, anchor, now, config.policy, budget);
        record_key_set(cut, *dnskeys, kv);
        cut.kind = kind_of(kv.verdict.security, CutKind::trust_anchor);
        cut.keys = kv.keys;
        cut.evidence.verdict = kv.verdict;
        if (cut.evidence.verdict.security != Security::secure) {
          cut.evidence.verdict.detail =
              "trust anchor " + anchor.owner.to_text() + " DNSKEY: " + cut.evidence.verdict.detail;
        }
      }
    }
    cut.evidence.kind = cut.kind;
    return &cuts.emplace(anchor.owner, std::move(cut)).first->second;
  }

  static void record_key_set(Cut& cut, const Rrset& dnskey_rrset, const KeySetValidation& kv) {
    const std::vector<dns::Dnskey> keys = dnskeys_of(dnskey_rrset);
    for (DsEvidence& ds : cut.evidence.ds) {
      for (const dns::Ds& usable : kv.ds_selection.usable) {
        if (usable.key_tag == ds.key_tag && usable.algorithm == ds.algorithm && usable.digest_type == ds.digest_type) {
          ds.usable = true;
        }
      }
      for (const DsKeyMatch& m : kv.ds_matches) {
        if (m.ds.key_tag == ds.key_tag && m.ds.algorithm == ds.algorithm && m.ds.digest_type == ds.digest_type) {
          ds.matched = true;
        }
      }
    }
    std::optional<std::uint16_t> signing_tag;
    std::optional<std::uint8_t> signing_alg;
    if (kv.signature.validated_by) {
      signing_tag = kv.signature.attempts[*kv.signature.validated_by].key_tag;
      signing_alg = kv.signature.attempts[*kv.signature.validated_by].algorithm;
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
      KeyEvidence k{key_tag(keys[i]), keys[i].algorithm, keys[i].flags, false, false};
      for (const DsKeyMatch& m : kv.ds_matches) k.entry = k.entry || m.key_index == i;
      for (std::size_t a : kv.anchor_key_matches) k.entry = k.entry || a == i;
      k.signed_key_set = k.entry && signing_tag == k.key_tag && signing_alg == k.algorithm;
      cut.evidence.dnskeys.push_back(k);
    }
    add_attempts(cut.evidence.signatures, dnskey_rrset, kv.signature);
  }

  // The cut at `name`, one label below the secure zone `parent`; nullptr while pending.
  const Cut* cut_at(const Name& name, const Cut& parent, bool prefetch_dnskey) {
    if (auto it = cuts.find(name); it != cuts.end()) return &it->second;
    if (prefetch_dnskey) prefetch(name, RrType::dnskey);
    const QueryResult* ds_result = ask(name, RrType::ds);
    if (ds_result == nullptr) return nullptr;
    Cut cut;
    cut.evidence.name = name;
    cut.evidence.parent = parent.keys.apex;
    const Name& parent_zone = parent.keys.apex;
    if (!is_dns_answer(ds_result->outcome) || !ds_result->message) {
      cut.kind = CutKind::indeterminate;
      cut.evidence.verdict = query_failed(name, RrType::ds, *ds_result);
    } else if (ds_result->message->rcode == dns::Rcode::noerror && !ds_result->message->answers.empty()) {
      const std::vector<Rrset> answers = group_rrsets(ds_result->message->answers);
      const Rrset* ds_set = find_rrset(answers, name, RrType::ds);
      const Rrset* cname = find_rrset(answers, name, RrType::cname);
      if (ds_set != nullptr) {
        // Ask for the child's keys before spending any signature check.
        const QueryResult* key_result = ask(name, RrType::dnskey);
        if (key_result == nullptr) return nullptr;
        decide_delegation(cut, *ds_set, *key_result, parent);
      } else if (cname != nullptr) {
        const RrsetValidation v = validate_rrset(*cname, parent.keys, now, config.policy, budget);
        add_attempts(cut.evidence.signatures, *cname, v);
        cut.kind = kind_of(v.verdict.security, CutKind::not_a_cut);
        cut.evidence.verdict = v.verdict;
      } else {
        cut.kind = CutKind::bogus;
        cut.evidence.verdict =
            Verdict::bogus(Reason::dnssec_bogus, "the DS answer for " + name.to_text() + " holds no DS RRset");
      }
    } else {
      const std::vector<Rrset> authority = group_rrsets(ds_result->message->authority);
      std::optional<Verdict> failure;
      const std::vector<Rrset> denial =
          validated_denial_rrsets(authority, parent.keys, cut.evidence.signatures, failure);
      DenialResult proof = ds_result->message->rcode == dns::Rcode::nxdomain
                               ? prove_denial(name, RrType::ds, parent_zone, denial, {DenialKind::nxdomain, 0},
                                              denial_params(config.policy), budget)
                               : prove_no_ds(name, parent_zone, denial, denial_params(config.policy), budget);
      if (proof.verdict.security == Security::bogus && ds_result->message->rcode == dns::Rcode::nxdomain) {
        // NXDOMAIN for a name that exists (an empty non-terminal: a server
        // bug Unbound tolerates): the NSEC may still prove no DS.
        DenialResult no_ds = prove_no_ds(name, parent_zone, denial, denial_params(config.policy), budget);
        if (no_ds.verdict.security == Security::secure ||
            (no_ds.verdict.security == Security::insecure && no_ds.proven == Proven::insecure_delegation)) {
          proof = std::move(no_ds);
        }
      }
      cut.kind = kind_of(proof.verdict.security, CutKind::not_a_cut);
      cut.evidence.verdict = proof.verdict;
      if (proof.verdict.security == Security::bogus && failure) cut.evidence.verdict = *failure;
      if (cut.kind != CutKind::not_a_cut) {
        cut.evidence.verdict.detail = "no DS for " + name.to_text() + " in " + parent_zone.to_text() + ": " +
                                      cut.evidence.verdict.detail;
      }
      cut.evidence.no_ds_proof = std::move(proof);
    }
    cut.evidence.kind = cut.kind;
    return &cuts.emplace(name, std::move(cut)).first->second;
  }

  void decide_delegation(Cut& cut, const Rrset& ds_set, const QueryResult& key_result, const Cut& parent) {
    const Name& name = cut.evidence.name;
    for (const dns::Rdata& rdata : ds_set.rdatas) {
      if (const auto* ds = std::get_if<dns::Ds>(&rdata)) {
        cut.evidence.ds.push_back(DsEvidence{ds->key_tag, ds->algorithm, ds->digest_type, false, false});
      }
    }
    const RrsetValidation ds_check = validate_rrset(ds_set, parent.keys, now, config.policy, budget);
    add_attempts(cut.evidence.signatures, ds_set, ds_check);
    if (ds_check.verdict.security != Security::secure) {
      cut.kind = kind_of(ds_check.verdict.security, CutKind::secure_delegation);
      cut.evidence.verdict = ds_check.verdict;
      cut.evidence.verdict.detail = "DS " + name.to_text() + ": " + cut.evidence.verdict.detail;
      return;
    }
    if (!is_dns_answer(key_result.outcome) || !key_result.message) {
      cut.kind = CutKind::indeterminate;
      cut.evidence.verdict = query_failed(name, RrType::dnskey, key_result);
      return;
    }
    const std::vector<Rrset> answers = group_rrsets(key_result.message->answers);
    const Rrset* dnskeys = find_rrset(answers, name, RrType::dnskey);
    std::vector<dns::Ds> ds_records;
    for (const dns::Rdata& rdata : ds_set.rdatas) {
      if (const auto* ds = std::get_if<dns::Ds>(&rdata)) ds_records.push_back(*ds);
    }
    if (dnskeys == nullptr) {
      const DsSelection selection = select_usable_ds(ds_records, config.policy);
      if (selection.usable.empty()) {
        cut.kind = CutKind::insecure_delegation;
        cut.evidence.verdict = no_usable_ds_verdict(selection);
      } else {
        cut.kind = CutKind::bogus;
        cut.evidence.verdict = Verdict::bogus(Reason::dnskey_missing,
                                              "DS records for " + name.to_text() + " but no DNSKEY RRset");
      }
      return;
    }
    const KeySetValidation kv = validate_dnskey_set(*dnskeys, ds_records, now, config.policy, budget);
    record_key_set(cut, *dnskeys, kv);
    cut.kind = kind_of(kv.verdict.security, CutKind::secure_delegation);
    cut.keys = kv.keys;
    cut.evidence.verdict = kv.verdict;
    if (kv.verdict.security != Security::secure) {
      cut.evidence.verdict.detail = "DNSKEY " + name.to_text() + ": " + cut.evidence.verdict.detail;
    }
  }

  // Walks from the closest trust anchor towards `target`; nullopt while pending.
  std::optional<Walk> walk(const Name& target, bool target_is_zone) {
    Walk w;
    const TrustAnchor* anchor = config.anchors.closest_enclosing(target);
    if (anchor == nullptr) {
      w.kind = CutKind::insecure_delegation;
      w.verdict = Verdict::insecure(Reason::unsigned_zone, "no trust anchor at or above " + target.to_text());
      return w;
    }
    const std::size_t depth = target.label_count() - anchor->owner.label_count();
    if (depth > config.max_walk_depth) {
      w.kind = CutKind::indeterminate;
      w.verdict = Verdict::indeterminate(Reason::budget_exceeded,
                                         target.to_text() + " is more than " + std::to_string(config.max_walk_depth) +
                                             " labels below its trust anchor");
      return w;
    }
    for (std::size_t i = 1; i <= depth; ++i) {
      const Name name = target.strip_left(depth - i);
      if (!cuts.contains(name)) prefetch(name, RrType::ds);
      if (target_is_zone && !cuts.contains(name)) prefetch(name, RrType::dnskey);
    }
    const Cut* current = anchor_cut(*anchor);
    if (current == nullptr) return std::nullopt;
    w.path.push_back(anchor->owner);
    w.zone = anchor->owner;
    if (!is_secure_zone(current->kind)) {
      w.kind = current->kind;
      w.stop = current;
      w.verdict = current->evidence.verdict;
      return w;
    }
    for (std::size_t i = 1; i <= depth; ++i) {
      const Name name = target.strip_left(depth - i);
      const Cut* cut = cut_at(name, *current, target_is_zone);
      if (cut == nullptr) return std::nullopt;
      w.path.push_back(name);
      if (cut->kind == CutKind::secure_delegation) {
        current = cut;
        w.zone = name;
      } else if (cut->kind != CutKind::not_a_cut) {
        w.kind = cut->kind;
        w.stop = cut;
        w.verdict = cut->evidence.verdict;
        return w;
      }
    }
    w.kind = current->kind;
    w.keys = &current->keys;
    w.verdict = Verdict::secure();
    return w;
  }

  // --- Responses -------------------------------------------------------------

  // Follows the chain structurally; nullopt while pending.
  std::optional<Plan> build_plan(const Job& job) {
    Plan plan;
    Name asked_name = job.qname;
    Name current = job.qname;
    std::set<Name> seen{current};
    const QueryResult* r = ask(job.qname, job.qtype);
    if (r == nullptr) return std::nullopt;
    for (;;) {
      if (!is_dns_answer(r->outcome) || !r->message) {
        plan.final_name = current;
        plan.failure = r;
        return plan;
      }
      const dns::Message& msg = *r->message;
      const std::vector<Rrset> answers = group_rrsets(msg.answers);
      for (;;) {
        ChainStep step = next_chain_step(answers, current, job.qtype);
        if (step.kind == ChainStep::Kind::answer) {
          plan.kind = AnswerKind::answer;
          plan.final_name = current;
          plan.answer = *step.answer;
          plan.authority = group_rrsets(msg.authority);
          return plan;
        }
        if (step.kind == ChainStep::Kind::malformed) {
          plan.structural = std::move(step.malformed);
          plan.final_name = current;
          return plan;
        }
        if (step.kind == ChainStep::Kind::none) break;
        LinkPlan link;
        link.from = current;
        link.type = step.link->type;
        link.rrset = std::move(step.link->rrset);
        link.target = std::move(step.link->target);
        link.authority = group_rrsets(msg.authority);
        if (!append_link(plan, std::move(link), seen, job.qname, current)) return plan;
        current = plan.links.back().target;
      }
      // Nothing more for `current` in this response.
      const std::vector<Rrset> authority = group_rrsets(msg.authority);
      if (speaks_for(msg, authority, current, asked_name)) {
        plan.kind = msg.rcode == dns::Rcode::nxdomain ? AnswerKind::nxdomain : AnswerKind::nodata;
        plan.final_name = current;
        plan.authority = authority;
        return plan;
      }
      // The response left the chain unfinished: ask for its target.
      asked_name = current;
      r = ask(current, job.qtype);
      if (r == nullptr) return std::nullopt;
    }
  }

  // Adds a link to the chain; false (and the plan ends, bogus) when the chain
  // grew past its bound or came back to a name it visited.
  bool append_link(Plan& plan, LinkPlan link, std::set<Name>& seen, const Name& qname, const Name& current) {
    const Name target = link.target;
    plan.links.push_back(std::move(link));
    if (plan.links.size() > config.max_chain_links) {
      plan.structural = Verdict::bogus(Reason::chain_too_long, "more than " + std::to_string(config.max_chain_links) +
                                                                   " CNAME/DNAME links from " + qname.to_text());
      plan.final_name = current;
      return false;
    }
    if (!seen.insert(target).second) {
      plan.structural = Verdict::bogus(Reason::chain_too_long, "CNAME/DNAME loop at " + target.to_text());
      plan.final_name = target;
      return false;
    }
    return true;
  }

  // Whether a response that has nothing more for `current` answers for it
  // (a negative answer) rather than leaving the chain for another query: it
  // was asked about `current`, or it is an NXDOMAIN, or it carries an SOA or
  // denial records.
  static bool speaks_for(const dns::Message& msg, const std::vector<Rrset>& authority, const Name& current,
                         const Name& asked_name) {
    if (current == asked_name || msg.rcode == dns::Rcode::nxdomain) return true;
    return std::any_of(authority.begin(), authority.end(),
                       [](const Rrset& rrset) { return rrset.type == RrType::soa || is_denial_type(rrset.type); });
  }

  // The walk an RRset needs: towards its signer, or towards its owner when unsigned.
  std::optional<Walk> walk_for(const Rrset& rrset) {
    if (auto signer = signer_of(rrset)) return walk(*signer, true);
    return walk(rrset.owner, false);
  }

  std::optional<Name> negative_signer(const Plan& plan) {
    std::optional<Name> best;
    for (const Rrset& rrset : plan.authority) {
      if (rrset.type != RrType::soa && !is_denial_type(rrset.type)) continue;
      for (const dns::Rrsig& sig : rrset.signatures) {
        if (!plan.final_name.is_subdomain_of(sig.signer)) continue;
        if (!best || sig.signer.label_count() > best->label_count()) best = sig.signer;
      }
    }
    return best;
  }

  std::optional<Walk> walk_for_negative(const Plan& plan, RrType qtype) {
    if (auto signer = negative_signer(plan)) return walk(*signer, true);
    // Without signed records, the zone that would hold the answer decides;
    // a DS lives in the parent zone.
    if (qtype == RrType::ds && !plan.final_name.is_root()) return walk(plan.final_name.parent(), false);
    return walk(plan.final_name, false);
  }

  // The verdict of an RRset given the walk towards its zone.
  Verdict check_rrset(const Rrset& rrset, const Walk& w, std::vector<SignatureEvidence>& evidence,
                      RrsetValidation* out = nullptr) {
    const std::string what = rrset.owner.to_text() + " " + dns::to_string(rrset.type);
    if (!is_secure_zone(w.kind)) {
      Verdict v = w.verdict;
      if (w.kind == CutKind::insecure_delegation) {
        v.detail = what + " is in an insecure zone: " + v.detail;
      } else {
        v.detail = what + ": chain of trust: " + v.detail;
      }
      return v;
    }
    const std::optional<Name> signer = signer_of(rrset);
    if (signer && *signer != w.zone) {
      return Verdict::bogus(Reason::rrsig_mismatch, what + ": the RRSIG signer " + signer->to_text() +
                                                        " is not a zone apex (the zone is " + w.zone.to_text() + ")");
    }
    if (rrset.signatures.empty()) {
      return Verdict::bogus(Reason::rrsigs_missing, what + " has no RRSIG in the signed zone " + w.zone.to_text());
    }
    RrsetValidation v = validate_rrset(rrset, *w.keys, now, config.policy, budget);
    add_attempts(evidence, rrset, v);
    Verdict verdict = v.verdict;
    if (verdict.security != Security::secure) verdict.detail = what + ": " + verdict.detail;
    if (out != nullptr) *out = std::move(v);
    return verdict;
  }

  void add_zones(ValidationResult& result, const Walk& w) {
    for (const Name& name : w.path) {
      const auto it = cuts.find(name);
      if (it == cuts.end()) continue;
      const bool known = std::any_of(result.zones.begin(), result.zones.end(),
                                     [&](const ZoneEvidence& z) { return z.name == name; });
      if (!known) result.zones.push_back(it->second.evidence);
    }
  }

  // One evaluation; true when the job is finished. The structural phase
  // (the chain, then every walk the decision needs, all asked at once) may
  // leave it pending; the decision phase runs once everything is known.
  bool run(Job& job) {
    pending = false;
    std::optional<Plan> plan = build_plan(job);
    if (!plan) return false;
    std::optional<Walks> walks = gather_walks(*plan, job.qtype);
    if (!walks) return false;
    job.result = decide(job, *plan, *walks);
    return true;
  }

  // The walks towards the zones of every link and of the final answer or
  // denial; nullopt while any is pending.
  struct Walks {
    std::vector<Walk> links;
    std::optional<Walk> final;  // unset when the chain ended in a failed query
  };

  std::optional<Walks> gather_walks(const Plan& plan, RrType qtype) {
    std::vector<std::optional<Walk>> link_walks;
    for (const LinkPlan& link : plan.links) link_walks.push_back(walk_for(link.rrset));
    std::optional<Walk> final_walk;
    if (plan.kind == AnswerKind::answer) {
      final_walk = walk_for(*plan.answer);
    } else if (plan.kind != AnswerKind::failed) {
      final_walk = walk_for_negative(plan, qtype);
    }
    if (pending) return std::nullopt;
    Walks walks;
    for (auto& w : link_walks) {
      if (!w) return std::nullopt;
      walks.links.push_back(std::move(*w));
    }
    if (plan.kind != AnswerKind::failed && !final_walk) return std::nullopt;
    walks.final = std::move(final_walk);
    return walks;
  }

  // The decision phase: each link's verdict, then the answer's or the
  // denial's; the result's verdict is the worst of them.
  ValidationResult decide(const Job& job, const Plan& plan, const Walks& walks) {
    ValidationResult result;
    result.qname = job.qname;
    result.qtype = job.qtype;
    result.kind = plan.kind;
    result.final_name = plan.final_name;
    std::optional<Verdict> worst;  // bogus > indeterminate > insecure > secure (combine)
    auto fold = [&](const Verdict& v) {
      if (!worst || combine(worst->security, v.security) != worst->security) worst = v;
    };
    for (std::size_t i = 0; i < plan.links.size(); ++i) {
      result.chain.push_back(judge_link(plan.links[i], walks.links[i]));
      add_zones(result, walks.links[i]);
      fold(result.chain.back().verdict);
    }
    if (plan.structural) {
      result.kind = AnswerKind::failed;
      result.final_verdict = *plan.structural;
    } else if (plan.failure != nullptr) {
      result.kind = AnswerKind::failed;
      result.final_verdict = query_failed(plan.final_name, job.qtype, *plan.failure);
      result.query_outcome = plan.failure->outcome;
      result.query_detail = plan.failure->detail;
    } else if (plan.kind == AnswerKind::answer) {
      add_zones(result, *walks.final);
      judge_answer(result, plan, *walks.final);
    } else if (!is_secure_zone(walks.final->kind)) {
      add_zones(result, *walks.final);
      result.final_verdict = in_unsigned_zone(plan, job.qtype, *walks.final);
    } else {
      add_zones(result, *walks.final);
      judge_denial(result, plan, job.qtype, *walks.final);
    }
    fold(result.final_verdict);
    result.verdict = worst->security == Security::secure ? Verdict::secure() : *worst;
    return result;
  }

  // A CNAME or DNAME link: its signature, and for a CNAME expanded from a
  // wildcard the proof that the exact name does not exist.
  ChainLink judge_link(const LinkPlan& lp, const Walk& w) {
    ChainLink link;
    link.type = lp.type;
    link.owner = lp.rrset.owner;
    link.from = lp.from;
    link.target = lp.target;
    link.zone = w.zone;
    RrsetValidation lv;
    link.verdict = check_rrset(lp.rrset, w, link.signatures, &lv);
    if (link.verdict.security != Security::secure || !lv.wildcard) return link;
    if (lp.type == RrType::dname) {
      // RFC 4592 §4.4: a DNAME is never synthesised from a wildcard.
      link.verdict =
          Verdict::bogus(Reason::rrsig_mismatch, "DNAME " + lp.rrset.owner.to_text() + " is signed as a wildcard expansion");
      return link;
    }
    link.verdict = wildcard_proof(lp.authority, w, lp.rrset.owner, RrType::cname, lv.wildcard->labels,
                                  link.signatures).verdict;
    return link;
  }

  // An answer RRset: its signature, and for a wildcard expansion the proof
  // that the exact name does not exist.
  void judge_answer(ValidationResult& result, const Plan& plan, const Walk& w) {
    RrsetValidation v;
    result.final_verdict = check_rrset(*plan.answer, w, result.signatures, &v);
    result.answer = plan.answer;
    if (result.final_verdict.security != Security::secure || !v.wildcard) return;
    result.wildcard = v.wildcard;
    WildcardProof proof = wildcard_proof(plan.authority, w, plan.final_name, result.qtype, v.wildcard->labels,
                                         result.signatures);
    result.final_verdict = proof.verdict;
    result.denial = std::move(proof.denial);
    result.denial_zone = w.zone;
  }

  // The denial a wildcard expansion needs from the response's authority,
  // and its verdict: the proof's, or the first bad denial record's when the
  // proof fails.
  struct WildcardProof {
    DenialResult denial;
    Verdict verdict;
  };

  WildcardProof wildcard_proof(const std::vector<Rrset>& authority, const Walk& w, const Name& name, RrType type,
                               std::uint8_t labels, std::vector<SignatureEvidence>& evidence) {
    std::optional<Verdict> failure;
    const std::vector<Rrset> denial = validated_denial_rrsets(authority, *w.keys, evidence, failure);
    DenialResult proof = prove_denial(name, type, w.zone, denial, {DenialKind::wildcard_answer, labels},
                                      denial_params(config.policy), budget);
    Verdict verdict = proof.verdict.security == Security::bogus && failure ? *failure : proof.verdict;
    return WildcardProof{std::move(proof), std::move(verdict)};
  }

  // A negative answer from a zone the walk did not find signed.
  static Verdict in_unsigned_zone(const Plan& plan, RrType qtype, const Walk& w) {
    const std::string what = plan.final_name.to_text() + " " + dns::to_string(qtype);
    Verdict verdict = w.verdict;
    verdict.detail = (w.kind == CutKind::insecure_delegation ? what + " is in an insecure zone: "
                                                             : what + ": chain of trust: ") +
                     verdict.detail;
    return verdict;
  }

  // A negative answer from a signed zone: the NXDOMAIN or NODATA proof (or,
  // failing that, a proven insecure delegation on the way to the name),
  // overruled by a trust anchor below the proving zone.
  void judge_denial(ValidationResult& result, const Plan& plan, RrType qtype, const Walk& w) {
    std::optional<Verdict> failure;
    const std::vector<Rrset> denial = validated_denial_rrsets(plan.authority, *w.keys, result.signatures, failure);
    const DenialKind claimed = plan.kind == AnswerKind::nxdomain ? DenialKind::nxdomain : DenialKind::nodata;
    DenialKind kind = claimed;
    DenialResult proof = prove_negative(plan.final_name, qtype, w.zone, denial, kind);
    if (kind != claimed) result.kind = AnswerKind::nodata;
    if (proof.verdict.security == Security::bogus) {
      if (auto delegation = insecure_delegation_proof(plan.final_name, qtype, w.zone, denial)) {
        proof = std::move(*delegation);
      }
    }
    result.final_verdict = proof.verdict;
    if (proof.verdict.security == Security::bogus && failure) result.final_verdict = *failure;
    if (auto contradiction = anchor_contradiction(config.anchors, plan.final_name, w.zone, proof)) {
      result.final_verdict = *contradiction;
    }
    // Asked for a DS: a proven delegation without DS answers the question
    // securely (it is the child's data that is insecure). An opt-out span
    // proves nothing about this name and stays insecure.
    if (qtype == RrType::ds && proof.proven == Proven::insecure_delegation) result.final_verdict = Verdict::secure();
    if (result.final_verdict.security != Security::secure) {
      result.final_verdict.detail = plan.final_name.to_text() + " " + dns::to_string(qtype) + " " +
                                    std::string(to_string(kind)) + ": " + result.final_verdict.detail;
    }
    result.denial = std::move(proof);
    result.denial_zone = w.zone;
  }

  // The NXDOMAIN or NODATA proof. An NXDOMAIN for a name that exists (e.g.
  // an empty non-terminal, a server bug Unbound also tolerates) stands as
  // NODATA when that proof is valid; `kind` then says so.
  DenialResult prove_negative(const Name& name, RrType qtype, const Name& zone, const std::vector<Rrset>& denial,
                              DenialKind& kind) {
    DenialResult proof = prove_denial(name, qtype, zone, denial, {kind, 0}, denial_params(config.policy), budget);
    if (proof.verdict.security != Security::bogus || kind != DenialKind::nxdomain) return proof;
    DenialResult nodata =
        prove_denial(name, qtype, zone, denial, {DenialKind::nodata, 0}, denial_params(config.policy), budget);
    if (nodata.verdict.security != Security::secure) return proof;
    kind = DenialKind::nodata;
    return nodata;
  }

  // The signer zone's records may instead prove an insecure delegation
  // between it and the name (e.g. the end of a CNAME chain into an unsigned
  // child: the authority holds the parent's NSEC). Only a delegation proven
  // without DS (NS, no DS): an opt-out span covering the name must not
  // excuse a missing proof. Looks at most 8 cuts below the zone.
  std::optional<DenialResult> insecure_delegation_proof(const Name& name, RrType qtype, const Name& zone,
                                                        const std::vector<Rrset>& denial) {
    const std::size_t below = name.label_count() - zone.label_count();
    for (std::size_t i = 1; i <= std::min<std::size_t>(below, 8); ++i) {
      const Name cut = name.strip_left(below - i);
      if (cut == name && qtype == RrType::ds) break;
      DenialResult no_ds = prove_no_ds(cut, zone, denial, denial_params(config.policy), budget);
      if (no_ds.verdict.security == Security::insecure && no_ds.proven == Proven::insecure_delegation) return no_ds;
    }
    return std::nullopt;
  }
};

Validator::Validator(dns::QueryEngine& engine, ValidatorConfig config)
    : state_(std::make_unique<State>(engine, std::move(config))) {}

Validator::~Validator() = default;

ValidationTicket Validator::validate(const Name& name, RrType type, TimeMs now) {
  State& s = *state_;
  if (auto it = s.by_question.find({name, type}); it != s.by_question.end()) return it->second;
  s.jobs.push_back(Job{name, type, false, {}});
  const auto ticket = static_cast<ValidationTicket>(s.jobs.size());
  s.by_question.emplace(std::make_pair(name, type), ticket);
  s.now = now;
  Job& job = s.jobs.back();
  if (s.run(job)) {
    job.done = true;
    s.completed.push_back(ticket);
  }
  return ticket;
}

void Validator::prefetch_chain(const Name& zone, TimeMs now) {
  State& s = *state_;
  s.now = now;
  const TrustAnchor* anchor = s.config.anchors.closest_enclosing(zone);
  if (anchor == nullptr) return;
  s.prefetch(anchor->owner, RrType::dnskey);
  const std::size_t depth = zone.label_count() - anchor->owner.label_count();
  if (depth > s.config.max_walk_depth) return;
  for (std::size_t i = 1; i <= depth; ++i) {
    const Name name = zone.strip_left(depth - i);
    s.prefetch(name, RrType::ds);
    s.prefetch(name, RrType::dnskey);
  }
}

void Validator::step(TimeMs now) {
  State& s = *state_;
  s.now = now;
  (void)s.engine.take_completed();
  for (std::size_t i = 0; i < s.jobs.size(); ++i) {
    Job& job = s.jobs[i];
    if (job.done) continue;
    if (s.run(job)) {
      job.done = true;
      s.completed.push_back(static_cast<ValidationTicket>(i + 1));
    }
  }
}

bool Validator::done(ValidationTicket ticket) const {
  return ticket >= 1 && ticket <= state_->jobs.size() && state_->jobs[ticket - 1].done;
}

const ValidationResult* Validator::result(ValidationTicket ticket) const {
  return done(ticket) ? &state_->jobs[ticket - 1].result : nullptr;
}

std::vector<ValidationTicket> Validator::take_completed() {
  std::vector<ValidationTicket> out;
  out.swap(state_->completed);
  return out;
}

bool Validator::idle() const {
  return std::all_of(state_->jobs.begin(), state_->jobs.end(), [](const Job& job) { return job.done; });
}

const Budget& Validator::budget() const { return state_->budget; }
const ValidatorConfig& Validator::config() const { return state_->config; }

// --- Text --------------------------------------------------------------------

namespace {

std::string verdict_text(const Verdict& v) {
  std::string out(to_string(v.security));
  if (v.reason != Reason::none) out += " (" + std::string(to_string(v.reason)) + ")";
  if (!v.detail.empty()) out += ": " + v.detail;
  return out;
}

std::string signature_text(const SignatureEvidence& s) {
  return "RRSIG " + s.owner.to_text() + " " + dns::to_string(s.type_covered) + " by " + s.signer.to_text() +
         " tag " + std::to_string(s.key_tag) + " alg " + std::to_string(s.algorithm) + " valid " +
         std::to_string(s.inception) + ".." + std::to_string(s.expiration) + ": " +
         (s.outcome == Reason::none ? std::string("validated") : std::string(to_string(s.outcome)));
}

}  // namespace

std::string to_text(const ValidationResult& result) {
  std::string out = result.qname.to_text() + " " + dns::to_string(result.qtype) + ": " + verdict_text(result.verdict) +
                    "\n  result: " + std::string(to_string(result.kind)) + " at " + result.final_name.to_text() +
                    " -> " + verdict_text(result.final_verdict) + "\n";
  for (const ChainLink& link : result.chain) {
    out += "  " + dns::to_string(link.type) + " " + link.from.to_text() + " -> " + link.target.to_text() + ": " +
           verdict_text(link.verdict) + "\n";
  }
  for (const ZoneEvidence& zone : result.zones) {
    out += "  zone " + zone.name.to_text() + " [" + std::string(to_string(zone.kind)) + "] " +
           verdict_text(zone.verdict) + "\n";
    for (const DsEvidence& ds : zone.ds) {
      out += "    DS " + std::to_string(ds.key_tag) + " " + std::to_string(ds.algorithm) + " " +
             std::to_string(ds.digest_type) + (ds.usable ? " usable" : " unusable") + (ds.matched ? " matched" : "") +
             "\n";
    }
    for (const KeyEvidence& key : zone.dnskeys) {
      out += "    DNSKEY " + std::to_string(key.flags) + " " + std::to_string(key.algorithm) + " tag " +
             std::to_string(key.key_tag) + (key.entry ? " entry" : "") + (key.signed_key_set ? " signed" : "") + "\n";
    }
    for (const SignatureEvidence& sig : zone.signatures) out += "    " + signature_text(sig) + "\n";
    if (zone.no_ds_proof) {
      for (const ProofStep& step : zone.no_ds_proof->evidence.steps) out += "    proof: " + to_text(step) + "\n";
    }
  }
  for (const SignatureEvidence& sig : result.signatures) out += "  " + signature_text(sig) + "\n";
  if (result.denial) {
    out += "  denial in " + result.denial_zone.to_text() + ": " + std::string(to_string(result.denial->proven)) + " (" +
           std::string(to_string(result.denial->mechanism)) + ")\n";
    for (const ProofStep& step : result.denial->evidence.steps) out += "    " + to_text(step) + "\n";
  }
  return out;
}

}  // namespace daneel::dnssec
