// The chain-of-trust validator driven through the real QueryEngine by a tiny
// in-test "zone oracle": zones signed at test time with ECDSA P-256 keys
// (Mbed TLS), NSEC chains generated from the zone content, and answers built
// as a validating-off (CD) recursive resolver would give them: the data with
// its RRSIGs, CNAME chains followed, negative answers with the SOA and every
// NSEC of the zone (small zones: the proofs pick what they need).
//
// World: .  ->  tld.  ->  example.tld. (secure)
//                     ->  unsigned.tld. (no DS: insecure delegation)
//                     ->  mismatch.tld. (DS of a key the zone does not use)
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dns/message.h"
#include "dns/query_engine.h"
#include "dns/record.h"
#include "dnssec/algorithms.h"
#include "dnssec/digest.h"
#include "dnssec/ds.h"
#include "dnssec/key_tag.h"
#include "dnssec/rrset.h"
#include "dnssec/rrsig.h"
#include "dnssec/trust_anchors.h"
#include "dnssec/validator.h"
#include "p256_signer.h"

namespace dnssec = daneel::dnssec;
namespace dns = daneel::dns;
using daneel::Bytes;
using daneel::ByteView;
using daneel::TimeMs;
using dnssec::Reason;
using dnssec::Security;

namespace {

dns::Name name(std::string_view text) { return dns::Name::from_text(text).value(); }

constexpr std::int64_t kNow = 1700000000;  // 2023-11-14
constexpr std::uint32_t kDay = 86400;
constexpr TimeMs kNowMs = kNow * 1000;

// Test-time P-256 keys (tests/support/p256_signer.h).
using SigningKey = daneel::testing::P256Signer;

struct Zone {
  dns::Name apex;
  std::unique_ptr<SigningKey> key;  // null: unsigned
  std::vector<dns::Record> records;
};

// The zone oracle: zones, signing, NSEC chains, answers.
class Oracle {
 public:
  Zone& add_zone(std::string_view apex, bool is_signed) {
    auto zone = std::make_unique<Zone>();
    zone->apex = name(apex);
    if (is_signed) {
      zone->key = std::make_unique<SigningKey>();
      REQUIRE(zone->key->ok());
    }
    zones_.push_back(std::move(zone));
    return *zones_.back();
  }
  Zone& zone(std::string_view apex) {
    for (auto& z : zones_) {
      if (z->apex == name(apex)) return *z;
    }
    FAIL("no zone " << apex);
    return *zones_.front();
  }
  void add(std::string_view apex, std::string_view line) {
    zone(apex).records.push_back(dns::record_from_text(line).value());
  }
  // Delegates `child` from `parent` (NS, and DS of `ds_key` when given).
  void delegate(std::string_view parent, std::string_view child, const SigningKey* ds_key) {
    add(parent, std::string(child) + " 3600 IN NS ns." + std::string(child));
    if (ds_key != nullptr) {
      const auto ds = dnssec::make_ds(name(child), ds_key->dnskey(), dnssec::ds_digest::sha256).value();
      zone(parent).records.push_back(dns::Record{name(child), dns::RrType::ds, dns::RrClass::in, 3600, ds});
    }
  }

  // SOA, DNSKEY, NSEC chain and RRSIGs for every zone.
  void sign_all() {
    for (auto& z : zones_) finish(*z);
  }
  // Breaks the RRSIG over (owner, type): corrupt = flip a signature bit.
  void corrupt(std::string_view owner, dns::RrType type) {
    for (auto& z : zones_) {
      for (auto& record : z->records) {
        auto* sig = std::get_if<dns::Rrsig>(&record.rdata);
        if (sig != nullptr && record.owner == name(owner) && sig->type_covered == type) sig->signature[5] ^= 1;
      }
    }
  }
  void fail(std::string_view owner, dns::RrType type) { failing_.insert({name(owner), type}); }
  // Answers (owner, type) with an empty response of this RCODE.
  void answer_rcode(std::string_view owner, dns::RrType type, dns::Rcode rcode) { rcodes_[{name(owner), type}] = rcode; }
  // Drops the RRSIGs over (owner, type).
  void strip(std::string_view owner, dns::RrType type) {
    for (auto& z : zones_) {
      std::erase_if(z->records, [&](const dns::Record& r) {
        const auto* sig = std::get_if<dns::Rrsig>(&r.rdata);
        return sig != nullptr && r.owner == name(owner) && sig->type_covered == type;
      });
    }
  }
  // Negative answers for `owner` carry the wildcard's NSEC renamed to the
  // owner, its RRSIG unchanged (an "expanded" NSEC: CVE-2017-15105 pattern).
  void expand_wildcard_nsec(std::string_view owner) { expanded_nsec_.insert(name(owner)); }
  // Wildcard answers for `owner` come without their NSEC proof.
  void omit_wildcard_proof(std::string_view owner) { no_proof_.insert(name(owner)); }
  // Negative answers for `qname` also carry the NSEC at `nsec_owner` of the
  // zone `apex` (with its RRSIG), as a resolver's union of answers may.
  void add_foreign_nsec(std::string_view qname, std::string_view apex, std::string_view nsec_owner) {
    foreign_nsec_[name(qname)] = {name(apex), name(nsec_owner)};
  }

  // The response to a query in wire form, as a resolver with CD would answer.
  dns::HttpResponse respond(const dns::HttpRequestAction& action) {
    const auto query = dns::parse_message(action.request.body).value();
    const dns::Question& q = query.questions.front();
    dns::Message response;
    response.header.qr = true;
    response.header.rd = true;
    response.header.ra = true;
    response.header.cd = true;
    response.questions = query.questions;
    ++queries_;
    if (failing_.contains({q.name, q.type})) {
      response.rcode = dns::Rcode::servfail;
    } else if (auto it = rcodes_.find({q.name, q.type}); it != rcodes_.end()) {
      response.rcode = it->second;
    } else {
      answer(q.name, q.type, response, 0);
    }
    return dns::HttpResponse{200, "application/dns-message", dns::build_message(response).value()};
  }
  [[nodiscard]] std::size_t queries() const { return queries_; }

 private:
  static void finish(Zone& z) {
    z.records.push_back(dns::record_from_text(z.apex.to_text() + " 3600 IN SOA ns.invalid. host.invalid. 1 7200 3600 1209600 300")
                            .value());
    if (!z.key) return;
    z.records.push_back(dns::Record{z.apex, dns::RrType::dnskey, dns::RrClass::in, 3600, z.key->dnskey()});
    // NSEC chain over the owners (delegations keep only NS/DS types).
    std::map<dns::Name, std::set<std::uint16_t>> owners;
    for (const auto& r : z.records) owners[r.owner].insert(static_cast<std::uint16_t>(r.type));
    std::vector<dns::Name> order;
    for (const auto& [owner, types] : owners) order.push_back(owner);
    for (std::size_t i = 0; i < order.size(); ++i) {
      dns::Nsec nsec;
      nsec.next = order[(i + 1) % order.size()];
      std::set<std::uint16_t> types = owners[order[i]];
      types.insert(static_cast<std::uint16_t>(dns::RrType::nsec));
      types.insert(static_cast<std::uint16_t>(dns::RrType::rrsig));
      for (auto t : types) nsec.types.types.push_back(static_cast<dns::RrType>(t));
      z.records.push_back(dns::Record{order[i], dns::RrType::nsec, dns::RrClass::in, 300, nsec});
    }
    // Sign each authoritative RRset (not the NS of a delegation).
    std::vector<dnssec::Rrset> rrsets = dnssec::group_rrsets(z.records);
    for (const auto& rrset : rrsets) {
      if (rrset.type == dns::RrType::ns && rrset.owner != z.apex) continue;
      dns::Rrsig sig;
      sig.type_covered = rrset.type;
      sig.algorithm = dnssec::algorithm::ecdsap256sha256;
      sig.labels = static_cast<std::uint8_t>(rrset.owner.rrsig_label_count());
      sig.original_ttl = rrset.ttl;
      sig.inception = static_cast<std::uint32_t>(kNow - kDay);
      sig.expiration = static_cast<std::uint32_t>(kNow + 30 * kDay);
      sig.key_tag = dnssec::key_tag(z.key->dnskey());
      sig.signer = z.apex;
      sig.signature = z.key->sign(dnssec::signed_data(rrset, sig).value());
      REQUIRE(sig.signature.size() == 64);
      z.records.push_back(dns::Record{rrset.owner, dns::RrType::rrsig, dns::RrClass::in, rrset.ttl, sig});
    }
  }

  // The zone that answers for (name, type): the deepest apex at or above the
  // name; DS at an apex goes to the parent zone.
  const Zone* zone_for(const dns::Name& qname, dns::RrType type) const {
    const Zone* best = nullptr;
    for (const auto& z : zones_) {
      if (!qname.is_subdomain_of(z->apex)) continue;
      if (type == dns::RrType::ds && qname == z->apex && !z->apex.is_root()) continue;
      if (best == nullptr || z->apex.label_count() > best->apex.label_count()) best = z.get();
    }
    return best;
  }

  static void add_with_sigs(const Zone& z, const dns::Name& owner, dns::RrType type, std::vector<dns::Record>& out) {
    for (const auto& r : z.records) {
      if (r.owner != owner) continue;
      const auto* sig = std::get_if<dns::Rrsig>(&r.rdata);
      if (r.type == type || (sig != nullptr && sig->type_covered == type)) out.push_back(r);
    }
  }

  void answer(const dns::Name& qname, dns::RrType type, dns::Message& response, int depth) const {
    const Zone* z = zone_for(qname, type);
    REQUIRE(z != nullptr);
    bool has_type = false;
    const dns::Cname* cname = nullptr;
    bool exists = false;
    for (const auto& r : z->records) {
      if (r.owner == qname && r.type == type) has_type = true;
      if (r.owner == qname && r.type == dns::RrType::cname) cname = std::get_if<dns::Cname>(&r.rdata);
      if (r.owner.is_subdomain_of(qname)) exists = true;
    }
    if (has_type) {
      add_with_sigs(*z, qname, type, response.answers);
      return;
    }
    if (expanded_nsec_.contains(qname)) {
      add_with_sigs(*z, z->apex, dns::RrType::soa, response.authority);
      std::vector<dns::Record> nsec;
      add_with_sigs(*z, dns::Name::concat(name("*."), qname.parent()).value(), dns::RrType::nsec, nsec);
      for (auto& r : nsec) r.owner = qname;
      response.authority.insert(response.authority.end(), nsec.begin(), nsec.end());
      return;
    }
    if (cname != nullptr) {
      add_with_sigs(*z, qname, dns::RrType::cname, response.answers);
      if (depth < 8) answer(cname->target, type, response, depth + 1);
      return;
    }
    // DNAME above the name (RFC 6672 §2.2): the DNAME, a synthesised unsigned CNAME, then the target.
    for (dns::Name a = qname.parent(); !exists && a.is_subdomain_of(z->apex) && a != z->apex; a = a.parent()) {
      for (const auto& r : z->records) {
        const auto* dname = std::get_if<dns::Dname>(&r.rdata);
        if (dname == nullptr || r.owner != a) continue;
        add_with_sigs(*z, a, dns::RrType::dname, response.answers);
        const std::size_t prefix = qname.label_count() - a.label_count();
        dns::Name target = dname->target;
        for (std::size_t i = prefix; i-- > 0;) target = target.prepend_label(qname.label(i)).value();
        response.answers.push_back(dns::Record{qname, dns::RrType::cname, dns::RrClass::in, 300, dns::Cname{target}});
        if (depth < 8) answer(target, type, response, depth + 1);
        return;
      }
    }
    // Wildcard expansion (RFC 4592): the records of "*.<closest encloser>" at
    // the name, their RRSIGs unchanged, and the NSEC that covers the name.
    if (!exists) {
      dns::Name encloser = qname.parent();
      auto name_exists = [&](const dns::Name& n) {
        return std::any_of(z->records.begin(), z->records.end(),
                           [&](const dns::Record& r) { return r.owner.is_subdomain_of(n); });
      };
      while (encloser != z->apex && !name_exists(encloser)) encloser = encloser.parent();
      const dns::Name wildcard = dns::Name::concat(name("*."), encloser).value();
      std::vector<dns::Record> expanded;
      add_with_sigs(*z, wildcard, type, expanded);
      if (!expanded.empty()) {
        for (auto& r : expanded) r.owner = qname;
        response.answers.insert(response.answers.end(), expanded.begin(), expanded.end());
        if (!no_proof_.contains(qname)) add_nsecs(*z, {qname}, response.authority);
        return;
      }
    }
    response.rcode = exists ? dns::Rcode::noerror : dns::Rcode::nxdomain;
    add_with_sigs(*z, z->apex, dns::RrType::soa, response.authority);
    // The NSECs a proof needs: at or covering the name, and at or covering
    // the wildcard below each of its ancestors in the zone.
    std::vector<dns::Name> subjects{qname};
    for (dns::Name a = qname; a != z->apex;) {
      a = a.parent();
      subjects.push_back(dns::Name::concat(name("*."), a).value());
    }
    add_nsecs(*z, subjects, response.authority);
    if (auto it = foreign_nsec_.find(qname); it != foreign_nsec_.end()) {
      add_with_sigs(zone_at(it->second.first), it->second.second, dns::RrType::nsec, response.authority);
    }
  }

  const Zone& zone_at(const dns::Name& apex) const {
    for (const auto& z : zones_) {
      if (z->apex == apex) return *z;
    }
    FAIL("no zone " << apex.to_text());
    return *zones_.front();
  }

  static void add_nsecs(const Zone& z, const std::vector<dns::Name>& subjects, std::vector<dns::Record>& out) {
    std::set<dns::Name> owners;
    for (const auto& r : z.records) {
      const auto* nsec = std::get_if<dns::Nsec>(&r.rdata);
      if (nsec == nullptr) continue;
      for (const auto& subject : subjects) {
        const bool last = nsec->next == z.apex;
        if (subject == r.owner || (r.owner < subject && (last || subject < nsec->next))) owners.insert(r.owner);
      }
    }
    for (const auto& owner : owners) add_with_sigs(z, owner, dns::RrType::nsec, out);
  }

  std::vector<std::unique_ptr<Zone>> zones_;
  std::set<std::pair<dns::Name, dns::RrType>> failing_;
  std::set<dns::Name> no_proof_;
  std::set<dns::Name> expanded_nsec_;
  std::map<dns::Name, std::pair<dns::Name, dns::Name>> foreign_nsec_;
  std::map<std::pair<dns::Name, dns::RrType>, dns::Rcode> rcodes_;
  std::size_t queries_ = 0;
};

// The test world, built once (key generation and signing take a moment).
struct World {
  Oracle oracle;
  SigningKey rogue;  // its DS is published for mismatch.tld.
  std::string anchor;

  World() {
    oracle.add_zone(".", true);
    oracle.add_zone("tld.", true);
    oracle.add_zone("example.tld.", true);
    oracle.add_zone("unsigned.tld.", false);
    oracle.add_zone("mismatch.tld.", true);
    oracle.add_zone("flaky.tld.", true);
    oracle.delegate(".", "tld.", oracle.zone("tld.").key.get());
    oracle.delegate("tld.", "example.tld.", oracle.zone("example.tld.").key.get());
    oracle.delegate("tld.", "unsigned.tld.", nullptr);
    oracle.delegate("tld.", "mismatch.tld.", &rogue);
    oracle.delegate("tld.", "flaky.tld.", oracle.zone("flaky.tld.").key.get());
    oracle.add("flaky.tld.", "www.flaky.tld. 300 IN A 203.0.113.9");
    oracle.add("example.tld.", "nosig.example.tld. 300 IN A 192.0.2.4");
    oracle.add("example.tld.", "www.example.tld. 300 IN A 192.0.2.1");
    oracle.add("example.tld.", "bad.example.tld. 300 IN A 192.0.2.2");
    oracle.add("example.tld.", "mx.example.tld. 300 IN MX 10 mail.example.tld.");
    oracle.add("example.tld.", "to-unsigned.example.tld. 300 IN CNAME www.unsigned.tld.");
    oracle.add("example.tld.", "to-www.example.tld. 300 IN CNAME www.example.tld.");
    oracle.add("example.tld.", "loop1.example.tld. 300 IN CNAME loop2.example.tld.");
    oracle.add("example.tld.", "loop2.example.tld. 300 IN CNAME loop1.example.tld.");
    for (int i = 0; i < 14; ++i) {
      oracle.add("example.tld.", "c" + std::to_string(i) + ".example.tld. 300 IN CNAME c" + std::to_string(i + 1) +
                                     ".example.tld.");
    }
    oracle.add("example.tld.", "c14.example.tld. 300 IN A 192.0.2.14");
    oracle.add("example.tld.", "down.example.tld. 300 IN A 192.0.2.3");
    oracle.add("example.tld.", "*.wild.example.tld. 300 IN A 192.0.2.9");
    oracle.add("example.tld.", "old.example.tld. 300 IN DNAME example.tld.");
    oracle.omit_wildcard_proof("noproof.wild.example.tld.");
    oracle.expand_wildcard_nsec("forged.wild.example.tld.");
    oracle.add("unsigned.tld.", "www.unsigned.tld. 300 IN A 198.51.100.1");
    oracle.add_foreign_nsec("gone.unsigned.tld.", "tld.", "unsigned.tld.");
    oracle.add("mismatch.tld.", "www.mismatch.tld. 300 IN A 203.0.113.1");
    oracle.sign_all();
    oracle.corrupt("bad.example.tld.", dns::RrType::a);
    oracle.fail("down.example.tld.", dns::RrType::a);
    oracle.fail("flaky.tld.", dns::RrType::ds);
    oracle.answer_rcode("long.old.example.tld.", dns::RrType::a, dns::Rcode::yxdomain);
    oracle.strip("nosig.example.tld.", dns::RrType::a);
    const auto ds = dnssec::make_ds(dns::Name::root(), oracle.zone(".").key->dnskey(), dnssec::ds_digest::sha256).value();
    anchor = ". IN DS " + dns::rdata_to_text(ds);
  }
};

World& world() {
  static World w;
  return w;
}

dnssec::ValidatorConfig config_for(const World& w) {
  dnssec::ValidatorConfig config;
  config.anchors = dnssec::TrustAnchors::from_text(w.anchor).value();
  return config;
}

dns::ResolverConfig resolver() {
  dns::ResolverConfig config;
  config.servers = {"https://oracle.invalid/dns-query"};
  config.max_attempts = 1;
  return config;
}

// Runs the engine against the oracle until the validator is idle.
void drive(dns::QueryEngine& engine, dnssec::Validator& validator, Oracle& oracle) {
  for (int round = 0; round < 200 && !validator.idle(); ++round) {
    for (const auto& request : engine.take_requests()) engine.on_http_response(request.id, oracle.respond(request), kNowMs);
    validator.step(kNowMs);
  }
  REQUIRE(validator.idle());
}

dnssec::ValidationResult validate(std::string_view qname, dns::RrType type,
                                  std::optional<dnssec::ValidatorConfig> config = std::nullopt) {
  World& w = world();
  dns::QueryEngine engine(resolver());
  dnssec::Validator validator(engine, config ? *config : config_for(w));
  const auto ticket = validator.validate(name(qname), type, kNowMs);
  drive(engine, validator, w.oracle);
  const dnssec::ValidationResult* result = validator.result(ticket);
  REQUIRE(result != nullptr);
  UNSCOPED_INFO(dnssec::to_text(*result));
  return *result;
}

const dnssec::ZoneEvidence* zone_evidence(const dnssec::ValidationResult& r, std::string_view zone) {
  for (const auto& z : r.zones) {
    if (z.name == name(zone)) return &z;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("validator: secure answer through root, TLD and domain") {
  const auto r = validate("www.example.tld.", dns::RrType::a);
  CHECK(r.verdict.security == Security::secure);
  CHECK(r.kind == dnssec::AnswerKind::answer);
  REQUIRE(r.answer);
  CHECK(r.answer->rdatas.size() == 1);
  CHECK(r.chain.empty());
  // Evidence: the three zones with their DS/DNSKEY/RRSIGs, and the data's RRSIG.
  const auto* root = zone_evidence(r, ".");
  const auto* tld = zone_evidence(r, "tld.");
  const auto* domain = zone_evidence(r, "example.tld.");
  REQUIRE(root != nullptr);
  REQUIRE(tld != nullptr);
  REQUIRE(domain != nullptr);
  CHECK(root->kind == dnssec::CutKind::trust_anchor);
  CHECK(tld->kind == dnssec::CutKind::secure_delegation);
  CHECK(domain->kind == dnssec::CutKind::secure_delegation);
  REQUIRE(domain->ds.size() == 1);
  CHECK(domain->ds[0].matched);
  CHECK(domain->ds[0].key_tag == dnssec::key_tag(world().oracle.zone("example.tld.").key->dnskey()));
  REQUIRE(domain->dnskeys.size() == 1);
  CHECK(domain->dnskeys[0].entry);
  CHECK(domain->dnskeys[0].signed_key_set);
  CHECK(domain->parent == name("tld."));
  REQUIRE(r.signatures.size() == 1);
  CHECK(r.signatures[0].outcome == Reason::none);
  CHECK(r.signatures[0].signer == name("example.tld."));
}

TEST_CASE("validator: secure NODATA and NXDOMAIN") {
  const auto nodata = validate("www.example.tld.", dns::RrType::txt);
  CHECK(nodata.verdict.security == Security::secure);
  CHECK(nodata.kind == dnssec::AnswerKind::nodata);
  REQUIRE(nodata.denial);
  CHECK(nodata.denial->proven == dnssec::Proven::no_data);
  const auto nx = validate("nope.example.tld.", dns::RrType::a);
  CHECK(nx.verdict.security == Security::secure);
  CHECK(nx.kind == dnssec::AnswerKind::nxdomain);
  REQUIRE(nx.denial);
  CHECK(nx.denial->proven == dnssec::Proven::name_does_not_exist);
  CHECK(nx.denial_zone == name("example.tld."));
}

TEST_CASE("validator: insecure delegation proven by NSEC") {
  const auto r = validate("www.unsigned.tld.", dns::RrType::a);
  CHECK(r.verdict.security == Security::insecure);
  CHECK(r.verdict.reason == Reason::no_ds_proven);
  const auto* cut = zone_evidence(r, "unsigned.tld.");
  REQUIRE(cut != nullptr);
  CHECK(cut->kind == dnssec::CutKind::insecure_delegation);
  REQUIRE(cut->no_ds_proof);
  CHECK(cut->no_ds_proof->proven == dnssec::Proven::insecure_delegation);
}

TEST_CASE("validator: bogus answers") {
  SECTION("bad signature at the leaf") {
    const auto r = validate("bad.example.tld.", dns::RrType::a);
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::signature_invalid);
  }
  SECTION("DS that matches no key of the child") {
    const auto r = validate("www.mismatch.tld.", dns::RrType::a);
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::ds_mismatch);
    const auto* cut = zone_evidence(r, "mismatch.tld.");
    REQUIRE(cut != nullptr);
    CHECK(cut->kind == dnssec::CutKind::bogus);
  }
  SECTION("an anchor no key matches") {
    auto config = config_for(world());
    SigningKey other;
    const auto ds = dnssec::make_ds(dns::Name::root(), other.dnskey(), dnssec::ds_digest::sha256).value();
    config.anchors = dnssec::TrustAnchors::from_text(". IN DS " + dns::rdata_to_text(ds)).value();
    const auto r = validate("www.example.tld.", dns::RrType::a, config);
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::ds_mismatch);
  }
}

TEST_CASE("validator: CNAME chains") {
  SECTION("secure -> secure") {
    const auto r = validate("to-www.example.tld.", dns::RrType::a);
    CHECK(r.verdict.security == Security::secure);
    REQUIRE(r.chain.size() == 1);
    CHECK(r.chain[0].verdict.security == Security::secure);
    CHECK(r.final_name == name("www.example.tld."));
  }
  SECTION("secure -> insecure") {
    const auto r = validate("to-unsigned.example.tld.", dns::RrType::a);
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.verdict.reason == Reason::no_ds_proven);
    REQUIRE(r.chain.size() == 1);
    CHECK(r.chain[0].verdict.security == Security::secure);
    CHECK(r.chain[0].target == name("www.unsigned.tld."));
    CHECK(r.final_verdict.security == Security::insecure);
    CHECK(r.kind == dnssec::AnswerKind::answer);
  }
  SECTION("a loop") {
    const auto r = validate("loop1.example.tld.", dns::RrType::a);
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::chain_too_long);
    CHECK(r.kind == dnssec::AnswerKind::failed);
  }
  SECTION("beyond the length bound (continued with follow-up queries)") {
    const auto r = validate("c0.example.tld.", dns::RrType::a);
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::chain_too_long);
    CHECK(r.chain.size() == 12);
  }
  SECTION("within a raised bound") {
    auto config = config_for(world());
    config.max_chain_links = 16;
    const auto r = validate("c0.example.tld.", dns::RrType::a, config);
    CHECK(r.verdict.security == Security::secure);
    CHECK(r.chain.size() == 14);
    CHECK(r.final_name == name("c14.example.tld."));
  }
}

TEST_CASE("validator: a failed query is indeterminate, never insecure") {
  const auto r = validate("down.example.tld.", dns::RrType::a);
  CHECK(r.verdict.security == Security::indeterminate);
  CHECK(r.verdict.reason == Reason::query_failed);
  REQUIRE(r.query_outcome);
  CHECK(*r.query_outcome == dns::QueryOutcome::servfail);
}

TEST_CASE("validator: a failed DS query on the path is indeterminate") {
  const auto r = validate("www.flaky.tld.", dns::RrType::a);
  CHECK(r.verdict.security == Security::indeterminate);
  CHECK(r.verdict.reason == Reason::query_failed);
  const auto* cut = zone_evidence(r, "flaky.tld.");
  REQUIRE(cut != nullptr);
  CHECK(cut->kind == dnssec::CutKind::indeterminate);
}

TEST_CASE("validator: an unsigned RRset in a signed zone is bogus") {
  const auto r = validate("nosig.example.tld.", dns::RrType::a);
  CHECK(r.verdict.security == Security::bogus);
  CHECK(r.verdict.reason == Reason::rrsigs_missing);
}

TEST_CASE("validator: the check-wide signature budget") {
  auto config = config_for(world());
  config.limits.signatures_per_check = 3;  // the chain needs 6
  const auto r = validate("www.example.tld.", dns::RrType::a, config);
  CHECK(r.verdict.security == Security::bogus);
  CHECK(r.verdict.reason == Reason::budget_exceeded);
}

TEST_CASE("validator: shared key cache, one ticket per question, bounded queries") {
  World& w = world();
  dns::QueryEngine engine(resolver());
  dnssec::Validator validator(engine, config_for(w));
  const auto a = validator.validate(name("www.example.tld."), dns::RrType::a, kNowMs);
  const auto b = validator.validate(name("mx.example.tld."), dns::RrType::mx, kNowMs);
  CHECK(validator.validate(name("www.example.tld."), dns::RrType::a, kNowMs) == a);
  CHECK_FALSE(validator.idle());
  drive(engine, validator, w.oracle);
  REQUIRE(validator.result(a) != nullptr);
  REQUIRE(validator.result(b) != nullptr);
  CHECK(validator.result(a)->verdict.security == Security::secure);
  CHECK(validator.result(b)->verdict.security == Security::secure);
  const auto completed = validator.take_completed();
  CHECK(completed.size() == 2);
  // DNSKEY ., DS/DNSKEY tld., DS/DNSKEY example.tld., two data queries.
  CHECK(engine.requests_sent() == 7);
  // Three key sets and the DS sets of two cuts plus two answers: 7 signatures.
  CHECK(validator.budget().signatures_spent() == 7);

  auto config = config_for(w);
  config.max_queries = 2;
  const auto r = validate("www.example.tld.", dns::RrType::a, config);
  CHECK(r.verdict.security == Security::indeterminate);
  CHECK(r.verdict.reason == Reason::query_failed);
}

TEST_CASE("validator: prefetch_chain asks every cut's DS and DNSKEY in the first round") {
  World& w = world();
  dns::QueryEngine engine(resolver());
  dnssec::Validator validator(engine, config_for(w));
  const auto ticket = validator.validate(name("www.example.tld."), dns::RrType::a, kNowMs);
  validator.prefetch_chain(name("example.tld."), kNowMs);
  // DNSKEY ., DS/DNSKEY tld., DS/DNSKEY example.tld. and the A query: all before any answer.
  const auto first_round = engine.take_requests();
  CHECK(first_round.size() == 6);
  for (const auto& request : first_round) engine.on_http_response(request.id, w.oracle.respond(request), kNowMs);
  validator.step(kNowMs);
  // Everything the validation needs was in the first round: no second one.
  CHECK(engine.take_requests().empty());
  REQUIRE(validator.result(ticket) != nullptr);
  CHECK(validator.result(ticket)->verdict.security == Security::secure);
}

TEST_CASE("validator: wildcard expansion needs the proof that the name does not exist") {
  const auto r = validate("x.wild.example.tld.", dns::RrType::a);
  CHECK(r.verdict.security == Security::secure);
  REQUIRE(r.wildcard);
  CHECK(r.wildcard->wildcard == name("*.wild.example.tld."));
  REQUIRE(r.denial);
  CHECK(r.denial->proven == dnssec::Proven::no_closer_match);
  const auto missing = validate("noproof.wild.example.tld.", dns::RrType::a);
  CHECK(missing.verdict.security == Security::bogus);
  CHECK((missing.verdict.reason == Reason::wildcard_proof_missing || missing.verdict.reason == Reason::nsec_missing));
}

TEST_CASE("validator: DNAME with a synthesised CNAME") {
  const auto r = validate("www.old.example.tld.", dns::RrType::a);
  CHECK(r.verdict.security == Security::secure);
  REQUIRE(r.chain.size() == 1);
  CHECK(r.chain[0].type == dns::RrType::dname);
  CHECK(r.chain[0].owner == name("old.example.tld."));
  CHECK(r.chain[0].target == name("www.example.tld."));
  CHECK(r.final_name == name("www.example.tld."));
}

TEST_CASE("validator: an NSEC expanded from a wildcard proves nothing (CVE-2017-15105)") {
  const auto r = validate("forged.wild.example.tld.", dns::RrType::txt);
  CHECK(r.verdict.security == Security::bogus);
  CHECK(r.verdict.reason == Reason::denial_proof_invalid);
}

TEST_CASE("validator: a proof from above a trust anchor cannot make the anchored zone insecure") {
  // gone.unsigned.tld. A: NXDOMAIN from the unsigned zone, plus tld.'s signed
  // NSEC proving unsigned.tld. has no DS. Anchored at the root only, that
  // proof makes the answer insecure; with a trust anchor at unsigned.tld. the
  // zone is signed by configuration, so the same answer lacks its proof
  // (conformance val_cnametocloser_nosig: Unbound says SERVFAIL).
  SECTION("root anchor only: insecure") {
    const auto r = validate("gone.unsigned.tld.", dns::RrType::a);
    CHECK(r.verdict.security == Security::insecure);
    CHECK(r.verdict.reason == Reason::no_ds_proven);
  }
  SECTION("with an anchor at unsigned.tld.: bogus, the anchored zone's proof is missing") {
    auto config = config_for(world());
    SigningKey key;
    const auto ds = dnssec::make_ds(name("unsigned.tld."), key.dnskey(), dnssec::ds_digest::sha256).value();
    config.anchors = dnssec::TrustAnchors::from_text(world().anchor + "\nunsigned.tld. IN DS " + dns::rdata_to_text(ds))
                         .value();
    const auto r = validate("gone.unsigned.tld.", dns::RrType::a, config);
    CHECK(r.verdict.security == Security::bogus);
    CHECK(r.verdict.reason == Reason::nsec_missing);
    CHECK(r.verdict.detail.find("above the trust anchor unsigned.tld.") != std::string::npos);
  }
}

TEST_CASE("validator: an RCODE other than NOERROR/NXDOMAIN is no answer to validate") {
  // YXDOMAIN (RFC 6672 §2.2: the DNAME substitution would be too long) says
  // the name cannot be resolved; like Unbound ("cannot validate non-answer")
  // daneel gives no verdict on it: indeterminate, with the RCODE reported
  // (conformance val_dnametoolong).
  const auto r = validate("long.old.example.tld.", dns::RrType::a);
  CHECK(r.verdict.security == Security::indeterminate);
  CHECK(r.verdict.reason == Reason::query_failed);
  CHECK(r.kind == dnssec::AnswerKind::failed);
  REQUIRE(r.query_outcome);
  CHECK(*r.query_outcome == dns::QueryOutcome::other_rcode);
  CHECK(r.query_detail.find("YXDOMAIN") != std::string::npos);
}
