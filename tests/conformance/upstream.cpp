#include "upstream.h"

#include <algorithm>
#include <variant>

#include "dnssec/nsec3_hash.h"
#include "util/encoding.h"

namespace daneel::conformance {
namespace {

bool has_type(const std::vector<dns::Record>& rs, dns::RrType t) {
  for (const dns::Record& r : rs)
    if (r.type == t) return true;
  return false;
}

bool covers(const dns::Record& sig, const dns::Name& owner, dns::RrType type) {
  if (sig.type != dns::RrType::rrsig || !(sig.owner == owner)) return false;
  const auto* rr = std::get_if<dns::Rrsig>(&sig.rdata);
  return rr != nullptr && rr->type_covered == type;
}

// The records of `from` owned by `owner` of `type`, with their RRSIGs.
void copy_rrset(const std::vector<dns::Record>& from, const dns::Name& owner, dns::RrType type,
                std::vector<dns::Record>& to) {
  for (const dns::Record& r : from)
    if ((r.type == type && r.owner == owner) || covers(r, owner, type)) to.push_back(r);
}

// The zone an entry speaks for: the signer of its RRSIGs or its SOA owner.
const dns::Name* zone_of(const Entry& e) {
  for (const auto* sec : {&e.answer, &e.authority})
    for (const dns::Record& r : *sec) {
      if (r.type == dns::RrType::soa) return &r.owner;
      if (const auto* sig = std::get_if<dns::Rrsig>(&r.rdata)) return &sig->signer;
    }
  return nullptr;
}

bool final_answer(const Entry& e) {
  if (e.rcode == dns::Rcode::refused) return false;
  if (!e.header.qr) return false;
  return !is_referral(e);
}

bool in_range(const Range& r, std::uint32_t step) { return r.first_step <= step && step <= r.last_step; }

}  // namespace

bool entry_matches(const Entry& e, const dns::Question& q) {
  if (e.question.empty()) return false;
  const dns::Question& eq = e.question.front();
  if (e.match_qtype && eq.type != q.type) return false;
  if (e.match_subdomain) {
    if (!q.name.is_subdomain_of(eq.name)) return false;
  } else if (e.match_qname) {
    if (!(eq.name == q.name)) return false;
  }
  return true;
}

bool is_referral(const Entry& e) {
  if (e.rcode != dns::Rcode::noerror || !e.answer.empty() || has_type(e.authority, dns::RrType::soa)) return false;
  const dns::Name* zone = zone_of(e);
  for (const dns::Record& r : e.authority) {
    if (r.type != dns::RrType::ns) continue;
    // NS at the apex of the zone that signed the entry is the zone's own NS
    // RRset (an authoritative NODATA), not a delegation; unsigned entries are
    // referrals unless marked authoritative (AA).
    if (zone != nullptr ? !(r.owner == *zone) : !e.header.aa) return true;
  }
  return false;
}

void attach_signatures(dns::Message& m) {
  std::vector<dns::Record>* sections[3] = {&m.answers, &m.authority, &m.additional};
  std::vector<dns::Record> sigs;
  for (auto* sec : sections) {
    std::vector<dns::Record> keep;
    for (dns::Record& r : *sec) (r.type == dns::RrType::rrsig ? sigs : keep).push_back(std::move(r));
    *sec = std::move(keep);
  }
  for (dns::Record& sig : sigs) {
    const auto* rr = std::get_if<dns::Rrsig>(&sig.rdata);
    std::vector<dns::Record>* home = nullptr;
    for (auto* sec : sections) {
      for (const dns::Record& r : *sec)
        if (rr != nullptr && r.type == rr->type_covered && r.owner == sig.owner) { home = sec; break; }
      if (home != nullptr) break;
    }
    if (home == nullptr) continue;  // a signature without its RRset: drop (as a resolver's scrubber would)
    bool dup = false;
    for (const dns::Record& r : *home) dup = dup || (r == sig);
    if (!dup) home->push_back(std::move(sig));
  }
}

namespace {

std::string address_of(std::string_view text) {
  std::string a(text.substr(0, text.find_first_of(" \t#@")));
  return a;
}

// Where `ns` can be reached: glue in the entry, else an A record anywhere in the scenario.
std::vector<std::string> addresses_of(const Scenario& sc, const Entry& e, const dns::Name& ns) {
  std::vector<std::string> out;
  auto scan = [&](const std::vector<dns::Record>& recs) {
    for (const dns::Record& r : recs)
      if (r.owner == ns)
        if (const auto* a = std::get_if<dns::A>(&r.rdata))
          out.push_back(std::to_string(a->address[0]) + "." + std::to_string(a->address[1]) + "." +
                        std::to_string(a->address[2]) + "." + std::to_string(a->address[3]));
  };
  scan(e.additional);
  if (out.empty())
    for (const Range& range : sc.ranges)
      for (const Entry& other : range.entries) {
        scan(other.answer);
        scan(other.additional);
      }
  return out;
}

}  // namespace

// Rule 0: walk the scenario's servers as its resolver did: from the stub
// (or forward) address, the first matching entry of the first RANGE with that
// ADDRESS and the step (testbound's order), following referrals by their glue.
// DS is asked from the parent: the server whose referral names the child.
std::optional<UpstreamAnswer> Upstream::walk(const dns::Question& q, std::uint32_t step) const {
  // The stub-zone / forward-zone whose name is the closest enclosing one (for
  // DS: enclosing the parent, where DS records live).
  const dns::Name lookup = q.type == dns::RrType::ds && !q.name.is_root() ? q.name.parent() : q.name;
  std::string server;
  std::size_t best_labels = 0;
  dns::Name zone_name;
  bool have_zone = false;
  for (const ConfigOption& o : scenario_.config) {
    if (o.section != "stub-zone" && o.section != "forward-zone") continue;
    if (o.key == "name") {
      Result<dns::Name> n = dns::Name::from_text(o.value);
      have_zone = n.ok();
      if (have_zone) zone_name = n.value();
    } else if ((o.key == "stub-addr" || o.key == "forward-addr") && have_zone && lookup.is_subdomain_of(zone_name) &&
               (server.empty() || zone_name.label_count() > best_labels)) {
      server = address_of(o.value);
      best_labels = zone_name.label_count();
    }
  }
  if (server.empty()) return std::nullopt;
  std::string trail;
  for (int hop = 0; hop < 16; ++hop) {
    const Entry* found = nullptr;
    for (const Range& range : scenario_.ranges) {
      if (!in_range(range, step)) continue;
      bool here = false;
      for (const std::string& a : range.addresses) here = here || address_of(a) == server;
      if (!here) continue;
      for (const Entry& e : range.entries)
        if (entry_matches(e, q)) { found = &e; break; }
      if (found != nullptr) break;
    }
    if (found == nullptr) return std::nullopt;
    trail += (trail.empty() ? "" : " > ") + server + " line " + std::to_string(found->line);
    UpstreamAnswer out;
    out.message.header.qr = out.message.header.ra = out.message.header.rd = true;
    if (is_referral(*found)) {
      const dns::Record* ns = nullptr;
      for (const dns::Record& r : found->authority)
        if (r.type == dns::RrType::ns) { ns = &r; break; }
      if (q.type == dns::RrType::ds && ns->owner == q.name) {
        // This server is the parent: its referral carries the DS or the proof of none.
        if (has_type(found->authority, dns::RrType::ds)) {
          copy_rrset(found->authority, q.name, dns::RrType::ds, out.message.answers);
        } else {
          for (const dns::Record& r : found->authority) {
            const auto* sig = std::get_if<dns::Rrsig>(&r.rdata);
            const dns::RrType t = sig != nullptr ? sig->type_covered : r.type;
            if (t == dns::RrType::nsec || t == dns::RrType::nsec3) out.message.authority.push_back(r);
          }
        }
        out.rule = "walk " + trail + " (DS from the parent's referral)";
        return out;
      }
      std::vector<std::string> next;
      for (const dns::Record& r : found->authority)
        if (const auto* n = std::get_if<dns::Ns>(&r.rdata); n != nullptr && next.empty())
          next = addresses_of(scenario_, *found, n->target);
      if (next.empty()) return std::nullopt;
      server = next.front();
      continue;
    }
    if (found->rcode == dns::Rcode::refused || !found->header.qr) return std::nullopt;
    out.message.rcode = found->rcode;
    out.message.answers = found->answer;
    out.message.authority = found->authority;
    out.message.additional = found->additional;
    out.rule = "walk " + trail;
    if (found->rcode == dns::Rcode::servfail) out.rule += " (the scenario's server fails)";
    return out;
  }
  return std::nullopt;
}

UpstreamAnswer Upstream::answer_one(const dns::Question& q, std::uint32_t step) const {
  if (std::optional<UpstreamAnswer> walked = walk(q, step)) return *walked;
  UpstreamAnswer out;
  out.message.header.qr = true;
  out.message.header.ra = true;
  out.message.header.rd = true;

  // Rule 1: an entry that answers the question itself (not a referral).
  // For DS the parent side is wanted: skip answers from the child's own zone.
  const Entry* best = nullptr;
  int best_score = -1000;
  for (const Range& range : scenario_.ranges) {
    if (!in_range(range, step)) continue;
    for (const Entry& e : range.entries) {
      if (!entry_matches(e, q) || !final_answer(e)) continue;
      int score = 0;
      const dns::Question& eq = e.question.front();
      if (eq.name == q.name) score += 4;
      if (eq.type == q.type) score += 2;
      if (q.type == dns::RrType::ds) {
        const dns::Name* zone = zone_of(e);
        if (zone != nullptr && *zone == q.name && !has_type(e.answer, dns::RrType::ds)) score -= 8;
      }
      if (has_type(e.answer, q.type)) score += 1;
      // A server that fails is retried elsewhere by a resolver: prefer any other answer.
      if (e.rcode == dns::Rcode::servfail) score -= 16;
      if (score > best_score) { best = &e; best_score = score; }
    }
  }
  if (best != nullptr && (best_score >= 0 || best->rcode == dns::Rcode::servfail)) {
    out.message.rcode = best->rcode;
    out.message.answers = best->answer;
    out.message.authority = best->authority;
    out.message.additional = best->additional;
    out.rule = "entry line " + std::to_string(best->line);
    if (best->rcode == dns::Rcode::servfail) out.rule += " (the scenario's server fails)";
    return out;
  }

  // Rule 2: DS at a delegation: the parent's referral carries the DS RRset
  // or the NSEC/NSEC3 proof that there is none.
  if (q.type == dns::RrType::ds) {
    for (const Range& range : scenario_.ranges) {
      if (!in_range(range, step)) continue;
      for (const Entry& e : range.entries) {
        if (!is_referral(e)) continue;
        bool cut_here = false;
        for (const dns::Record& r : e.authority) cut_here = cut_here || (r.type == dns::RrType::ns && r.owner == q.name);
        if (!cut_here) continue;
        if (has_type(e.authority, dns::RrType::ds)) {
          copy_rrset(e.authority, q.name, dns::RrType::ds, out.message.answers);
          out.rule = "DS from the referral at line " + std::to_string(e.line);
        } else {
          for (const dns::Record& r : e.authority) {
            const auto* sig = std::get_if<dns::Rrsig>(&r.rdata);
            const bool proof = r.type == dns::RrType::nsec || r.type == dns::RrType::nsec3 ||
                               r.type == dns::RrType::soa ||
                               (sig != nullptr && (sig->type_covered == dns::RrType::nsec ||
                                                   sig->type_covered == dns::RrType::nsec3 ||
                                                   sig->type_covered == dns::RrType::soa));
            if (proof) out.message.authority.push_back(r);
          }
          out.rule = "no-DS proof from the referral at line " + std::to_string(e.line);
        }
        return out;
      }
    }
  }

  // Rule 3: a name that does not exist does not exist for any type: another
  // entry's NXDOMAIN for the same name (from a zone above it) answers.
  for (const Range& range : scenario_.ranges) {
    if (!in_range(range, step)) continue;
    for (const Entry& e : range.entries) {
      if (e.rcode != dns::Rcode::nxdomain || e.question.empty() || !(e.question.front().name == q.name)) continue;
      const dns::Name* zone = zone_of(e);
      if (zone != nullptr && *zone == q.name) continue;
      out.message.rcode = e.rcode;
      out.message.authority = e.authority;
      out.rule = "NXDOMAIN for another type at line " + std::to_string(e.line);
      return out;
    }
  }

  // Rule 4: DS at a name that some entry's authority section proves has no
  // DS: an NSEC at the name, or an NSEC3 matching its hash, signed by an
  // ancestor zone (the parent side), e.g. a proof that came with a CNAME answer.
  if (q.type == dns::RrType::ds) {
    for (const Range& range : scenario_.ranges) {
      if (!in_range(range, step)) continue;
      for (const Entry& e : range.entries) {
        for (const dns::Record& r : e.authority) {
          bool match = false;
          if (r.type == dns::RrType::nsec) {
            match = r.owner == q.name;
          } else if (const auto* n3 = std::get_if<dns::Nsec3>(&r.rdata)) {
            const dns::Name zone = r.owner.parent();
            if (r.owner.label_count() > 0 && q.name.is_subdomain_of(zone) && !(q.name == zone)) {
              Result<dnssec::Nsec3Hash> h = dnssec::nsec3_hash(q.name, dnssec::Nsec3Params::of(*n3));
              const ByteView label = r.owner.label(0);
              Result<Bytes> owner_hash =
                  encoding::from_base32hex(std::string_view(reinterpret_cast<const char*>(label.data()), label.size()));
              match = h && owner_hash && owner_hash.value().size() == h.value().size() &&
                      std::equal(h.value().begin(), h.value().end(), owner_hash.value().begin());
            }
          }
          if (!match) continue;
          // Signed by an ancestor (the parent side), not by the name's own zone.
          bool parent_side = false;
          for (const dns::Record& sig : e.authority)
            if (covers(sig, r.owner, r.type)) {
              const auto* rr = std::get_if<dns::Rrsig>(&sig.rdata);
              parent_side = parent_side || !(rr->signer == q.name);
            }
          if (!parent_side) continue;
          copy_rrset(e.authority, r.owner, r.type, out.message.authority);
          out.rule = "no-DS proof from the authority section of line " + std::to_string(e.line);
          return out;
        }
      }
    }
  }

  out.message.rcode = dns::Rcode::servfail;
  out.rule = "no entry answers " + q.name.to_text() + " " + dns::to_string(q.type);
  return out;
}

UpstreamAnswer Upstream::answer(const dns::Question& question, std::uint32_t step) const {
  UpstreamAnswer out = answer_one(question, step);
  // A resolver follows a CNAME chain the authoritative answer leaves unfinished.
  dns::Name current = question.name;
  // (Also after an NXDOMAIN RCODE: servers disagree whether it describes the
  // owner or the target, RFC 6604 §2, so resolvers follow the chain anyway.)
  for (int hop = 0; hop < 8 && (out.message.rcode == dns::Rcode::noerror || out.message.rcode == dns::Rcode::nxdomain);
       ++hop) {
    if (question.type == dns::RrType::cname || question.type == dns::RrType::any) break;
    bool has_final = false;
    dns::Name name = current;
    // follow the chain inside the answer to its last name
    for (int inner = 0; inner < 16; ++inner) {
      const dns::Name* target = nullptr;
      for (const dns::Record& r : out.message.answers) {
        if (!(r.owner == name)) continue;
        if (r.type == question.type) has_final = true;
        if (const auto* c = std::get_if<dns::Cname>(&r.rdata)) target = &c->target;
      }
      if (target == nullptr || has_final) break;
      name = *target;
    }
    if (has_final || name == current) break;
    const dns::Name next = name;
    UpstreamAnswer more = answer_one(dns::Question{next, question.type, question.qclass}, step);
    if (more.message.rcode == dns::Rcode::servfail) break;
    for (dns::Record& r : more.message.answers) out.message.answers.push_back(std::move(r));
    // Keep the proofs of every link (a wildcard CNAME's NSEC/NSEC3) and the target's.
    for (dns::Record& r : more.message.authority) {
      bool dup = false;
      for (const dns::Record& have : out.message.authority) dup = dup || (have == r);
      if (!dup) out.message.authority.push_back(std::move(r));
    }
    out.message.rcode = more.message.rcode;
    out.rule += " + " + more.rule;
    current = next;
  }
  out.message.questions = {question};
  attach_signatures(out.message);
  return out;
}

}  // namespace daneel::conformance
