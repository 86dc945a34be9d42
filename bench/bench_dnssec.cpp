// DNSSEC: RRSIG verifications per second for algorithms 8, 13 and 15 (the
// test world's recorded DNSKEY answers: RSASHA256 2048-bit, ECDSA P-256,
// Ed25519; each RRSIG checked against its key), and full-chain validations
// per second: the chain-of-trust validator on a fresh QueryEngine resolving
// www.example.tld. A through . -> tld. -> example.tld., answered from
// in-memory DoH responses signed at start-up with P-256 keys (no IO); and
// the same chain for a KeyTrap-style answer (16 invalid RRSIGs), which the
// per-RRset bound stops after 8 signature checks (bogus budget_exceeded).
#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench.h"
#include "p256_signer.h"  // tests/support
#include "dns/message.h"
#include "dns/query_engine.h"
#include "dns/recorded.h"  // tests/unit/data/dns/recorded.h
#include "dns/record.h"
#include "dnssec/algorithms.h"
#include "dnssec/digest.h"
#include "dnssec/ds.h"
#include "dnssec/key_tag.h"
#include "dnssec/rrset.h"
#include "dnssec/rrsig.h"
#include "dnssec/validator.h"
#include "util/encoding.h"

namespace daneel::bench {

namespace {

dns::Name name(std::string_view text) { return dns::Name::from_text(text).value(); }

struct SignatureCase {
  std::uint8_t algorithm = 0;
  Bytes key;
  Bytes data;
  Bytes signature;
};

// The first RRSIG of a recorded DNSKEY answer whose key is in the set.
SignatureCase signature_case(std::string_view hex_answer) {
  const auto message = dns::parse_message(encoding::from_hex(hex_answer).value()).value();
  for (const dnssec::Rrset& rrset : dnssec::group_rrsets(message.answers)) {
    if (rrset.type != dns::RrType::dnskey) continue;
    for (const dns::Rrsig& sig : rrset.signatures) {
      for (const dns::Rdata& rdata : rrset.rdatas) {
        const auto* key = std::get_if<dns::Dnskey>(&rdata);
        if (key == nullptr || dnssec::key_tag(*key) != sig.key_tag || key->algorithm != sig.algorithm) continue;
        return {sig.algorithm, key->public_key, dnssec::signed_data(rrset, sig).value(), sig.signature};
      }
    }
  }
  return {};
}

// Run-time P-256 keys for the synthetic chain (tests/support/p256_signer.h).
using Signer = daneel::testing::P256Signer;

constexpr std::int64_t kNow = 1700000000;

// The records of one RRset plus its RRSIG by `signer` for zone `apex`.
std::vector<dns::Record> signed_rrset(Signer& signer, const dns::Name& apex, const dns::Record& record) {
  const dnssec::Rrset rrset = dnssec::group_rrsets({record}).front();
  dns::Rrsig sig;
  sig.type_covered = record.type;
  sig.algorithm = dnssec::algorithm::ecdsap256sha256;
  sig.labels = static_cast<std::uint8_t>(record.owner.rrsig_label_count());
  sig.original_ttl = record.ttl;
  sig.inception = static_cast<std::uint32_t>(kNow - 86400);
  sig.expiration = static_cast<std::uint32_t>(kNow + 86400);
  sig.key_tag = dnssec::key_tag(signer.dnskey());
  sig.signer = apex;
  sig.signature = signer.sign(dnssec::signed_data(rrset, sig).value());
  return {record, dns::Record{record.owner, dns::RrType::rrsig, dns::RrClass::in, record.ttl, sig}};
}

// DoH response bodies for the six questions of the chain.
struct ChainOracle {
  Signer root, tld, domain;
  std::map<std::pair<dns::Name, dns::RrType>, Bytes> bodies;
  std::string anchor;

  ChainOracle() {
    auto add = [&](Signer& signer, std::string_view apex, dns::Record record) {
      dns::Message response;
      response.header.qr = true;
      response.header.rd = true;
      response.header.ra = true;
      response.questions.push_back({record.owner, record.type, dns::RrClass::in});
      response.answers = signed_rrset(signer, name(apex), record);
      bodies[{record.owner, record.type}] = dns::build_message(response).value();
    };
    auto dnskey = [](std::string_view apex, const Signer& s) {
      return dns::Record{name(apex), dns::RrType::dnskey, dns::RrClass::in, 3600, s.dnskey()};
    };
    auto ds = [](std::string_view child, const Signer& s) {
      return dns::Record{name(child), dns::RrType::ds, dns::RrClass::in, 3600,
                         dnssec::make_ds(name(child), s.dnskey(), dnssec::ds_digest::sha256).value()};
    };
    add(root, ".", dnskey(".", root));
    add(root, ".", ds("tld.", tld));
    add(tld, "tld.", dnskey("tld.", tld));
    add(tld, "tld.", ds("example.tld.", domain));
    add(domain, "example.tld.", dnskey("example.tld.", domain));
    add(domain, "example.tld.", dns::record_from_text("www.example.tld. 300 IN A 192.0.2.1").value());
    // KeyTrap-style answer: 16 RRSIGs by the zone's key tag, none valid. The
    // validator stops after BudgetLimits::signatures_per_rrset (8) checks.
    {
      dns::Message response;
      response.header.qr = true;
      const dns::Record trap = dns::record_from_text("trap.example.tld. 300 IN A 192.0.2.2").value();
      response.questions.push_back({trap.owner, trap.type, dns::RrClass::in});
      const std::vector<dns::Record> good = signed_rrset(domain, name("example.tld."), trap);
      response.answers.push_back(good[0]);
      for (std::uint8_t i = 0; i < 16; ++i) {
        dns::Record bad = good[1];
        std::get<dns::Rrsig>(bad.rdata).signature[10] ^= static_cast<std::uint8_t>(i + 1);
        response.answers.push_back(bad);
      }
      bodies[{trap.owner, trap.type}] = dns::build_message(response).value();
    }
    anchor = ". IN DS " + dns::rdata_to_text(dnssec::make_ds(dns::Name::root(), root.dnskey(), 2).value());
  }

  [[nodiscard]] dns::HttpResponse respond(const dns::HttpRequestAction& action) const {
    const auto query = dns::parse_message(action.request.body).value();
    const auto it = bodies.find({query.questions.front().name, query.questions.front().type});
    if (it != bodies.end()) return {200, "application/dns-message", it->second};
    dns::Message failure;
    failure.header.qr = true;
    failure.questions = query.questions;
    failure.rcode = dns::Rcode::servfail;
    return {200, "application/dns-message", dns::build_message(failure).value()};
  }
};

}  // namespace

void dnssec_validation() {
  namespace recorded = dns::recorded;
  const std::pair<const char*, std::string_view> cases[] = {
      {"rrsig verify alg 8 (RSA-2048)", recorded::kDnskeyRsasha256},
      {"rrsig verify alg 13 (P-256)", recorded::kDnskeyEe311},
      {"rrsig verify alg 15 (Ed25519)", recorded::kDnskeyEd25519},
  };
  for (const auto& [label, hex] : cases) {
    const SignatureCase c = signature_case(hex);
    if (dnssec::verify_signature(c.algorithm, c.key, c.data, c.signature) != dnssec::SignatureCheck::valid) {
      std::printf("%s: the recorded signature does not verify\n", label);
      continue;
    }
    run(label, c.data.size(), [&] { keep(dnssec::verify_signature(c.algorithm, c.key, c.data, c.signature)); });
  }

  const ChainOracle oracle;
  if (!oracle.root.ok() || !oracle.tld.ok() || !oracle.domain.ok()) {
    std::printf("dnssec chain: key generation failed\n");
    return;
  }
  dnssec::ValidatorConfig config;
  config.anchors = dnssec::TrustAnchors::from_config(oracle.anchor).value();
  dns::ResolverConfig resolver;
  resolver.servers = {"https://bench.invalid/dns-query"};
  const dns::Name www = name("www.example.tld.");
  const dns::Name trap = name("trap.example.tld.");
  constexpr TimeMs now = kNow * 1000;
  // One validation with a fresh engine and validator (no cache): its verdict.
  auto verdict_of = [&](const dns::Name& qname) {
    dns::QueryEngine engine(resolver);
    dnssec::Validator validator(engine, config);
    const auto ticket = validator.validate(qname, dns::RrType::a, now);
    for (int round = 0; round < 16 && !validator.idle(); ++round) {
      for (const auto& request : engine.take_requests()) engine.on_http_response(request.id, oracle.respond(request), now);
      validator.step(now);
    }
    const dnssec::ValidationResult* result = validator.result(ticket);
    return result != nullptr ? result->verdict : dnssec::Verdict{};
  };
  if (verdict_of(www).security != dnssec::Security::secure) {
    std::printf("dnssec chain: the synthetic chain does not validate\n");
    return;
  }
  std::size_t bytes = 0;
  for (const auto& [question, body] : oracle.bodies) bytes += body.size();
  run("dnssec full chain (3 zones, P-256)", bytes, [&] { keep(verdict_of(www).security); });
  if (verdict_of(trap).reason != dnssec::Reason::budget_exceeded) {
    std::printf("dnssec keytrap: the answer is not bogus budget_exceeded\n");
    return;
  }
  run("dnssec KeyTrap answer (16 bad RRSIGs, 8 checked; 3 zones)", bytes, [&] { keep(verdict_of(trap).security); });
}

}  // namespace daneel::bench
