#include "tls/probe_plan.h"

#include <algorithm>
#include <string>
#include <vector>

#include "tls/wire.h"

namespace daneel::tls {

namespace {

using wire::kSsl30;
using wire::kTls11;
using wire::kTls12;
using wire::kTls13;
constexpr std::uint16_t kX25519 = 0x001d;
constexpr std::uint16_t kX25519MlKem768 = 0x11ec;
// RFC 5746 §3.3: the SCSV is how an SSL 3.0 ClientHello, which has no
// extensions, asks for secure renegotiation.
constexpr std::uint16_t kRenegotiationScsv = 0x00ff;

// How bad a rating is, for ordering offers (unknown never occurs in the tables).
int severity(Rating r) {
  switch (r) {
    case Rating::good: return 0;
    case Rating::sufficient: return 1;
    case Rating::phase_out: return 2;
    case Rating::insufficient: return 3;
    case Rating::unknown: return 4;
  }
  return 4;
}

// Within one class, DHE first: a server that follows the client's order then
// shows its DHE prime (fs_params) in the same answer; then ECDHE, then the rest.
int kex_order(SuiteKex kex) {
  switch (kex) {
    case SuiteKex::dhe: return 0;
    case SuiteKex::ecdhe: return 1;
    default: return 2;
  }
}

enum class Order : std::uint8_t { worst_first, best_first };

template <class Keep>
std::vector<std::uint16_t> tls12_suites(const GradingTables& tables, Order order, Keep keep) {
  std::vector<const Tls12Suite*> picked;
  for (const Tls12Suite& suite : tables.tls12_suites)
    if (keep(suite)) picked.push_back(&suite);
  std::stable_sort(picked.begin(), picked.end(), [order](const Tls12Suite* a, const Tls12Suite* b) {
    const int sa = severity(a->rating);
    const int sb = severity(b->rating);
    if (sa != sb) return order == Order::worst_first ? sa > sb : sa < sb;
    return kex_order(a->kex) < kex_order(b->kex);
  });
  std::vector<std::uint16_t> codes;
  codes.reserve(picked.size());
  for (const Tls12Suite* suite : picked) codes.push_back(suite->code);
  return codes;
}

// ECDHE curves (TLS 1.2 named curves), weak first or good first.
std::vector<std::uint16_t> ecdhe_groups(const GradingTables& tables, Order order) {
  std::vector<const Group*> picked;
  for (const Group& group : tables.groups)
    if (group.kind == GroupKind::ecdhe) picked.push_back(&group);
  std::stable_sort(picked.begin(), picked.end(), [order](const Group* a, const Group* b) {
    const int sa = severity(a->rating);
    const int sb = severity(b->rating);
    return order == Order::worst_first ? sa > sb : sa < sb;
  });
  std::vector<std::uint16_t> codes;
  for (const Group* group : picked) codes.push_back(group->code);
  return codes;
}

std::vector<std::uint16_t> good_ecdhe_groups(const GradingTables& tables) {
  std::vector<std::uint16_t> codes;
  for (const Group& group : tables.groups)
    if (group.kind == GroupKind::ecdhe && group.rating == Rating::good) codes.push_back(group.code);
  return codes;
}

std::vector<std::uint16_t> schemes_rated(const GradingTables& tables, Rating from, Rating to) {
  std::vector<std::uint16_t> codes;
  for (const KexSignatureScheme& scheme : tables.kex_signature_schemes)
    if (severity(scheme.rating) >= severity(from) && severity(scheme.rating) <= severity(to)) codes.push_back(scheme.code);
  return codes;
}

ProbeOffer tls12_base(const GradingTables& tables, std::string_view server_name) {
  ProbeOffer offer;
  offer.legacy_version = kTls12;
  offer.server_name = std::string(server_name);
  offer.signature_schemes = schemes_rated(tables, Rating::good, Rating::good);  // SHA-2 only
  offer.groups = good_ecdhe_groups(tables);
  return offer;
}

}  // namespace

std::string_view to_string(ProbeKind kind) {
  switch (kind) {
    case ProbeKind::legacy: return "legacy";
    case ProbeKind::tls12_worst_first: return "tls12_worst_first";
    case ProbeKind::tls12_best_first: return "tls12_best_first";
    case ProbeKind::tls12_insufficient: return "tls12_insufficient";
    case ProbeKind::tls12_phase_out: return "tls12_phase_out";
    case ProbeKind::tls12_dhe: return "tls12_dhe";
    case ProbeKind::tls13_post_quantum: return "tls13_post_quantum";
    case ProbeKind::tls12_weak_hash: return "tls12_weak_hash";
    case ProbeKind::ssl3: return "ssl3";
    case ProbeKind::tls12_better_than_insufficient: return "tls12_better_than_insufficient";
    case ProbeKind::tls12_better_than_phase_out: return "tls12_better_than_phase_out";
    case ProbeKind::tls12_renegotiation: return "tls12_renegotiation";
  }
  return "unknown";
}

Result<ProbeOffer> probe_offer(ProbeKind kind, const GradingTables& tables, std::string_view server_name,
                               ByteView random) {
  ProbeOffer offer = tls12_base(tables, server_name);
  const auto any = [](const Tls12Suite&) { return true; };
  switch (kind) {
    case ProbeKind::legacy:
      offer.legacy_version = kTls11;
      offer.cipher_suites = tls12_suites(tables, Order::worst_first, [](const Tls12Suite& s) { return s.legacy; });
      offer.groups = ecdhe_groups(tables, Order::worst_first);
      offer.signature_schemes.clear();  // the extension is TLS 1.2's (RFC 5246 §7.4.1.4.1)
      offer.offer_deflate = true;
      break;
    case ProbeKind::tls12_worst_first:
      offer.cipher_suites = tls12_suites(tables, Order::worst_first, any);
      offer.groups = ecdhe_groups(tables, Order::worst_first);
      offer.offer_deflate = true;
      break;
    case ProbeKind::tls12_best_first:
      offer.cipher_suites = tls12_suites(tables, Order::best_first, any);
      offer.groups = ecdhe_groups(tables, Order::best_first);
      offer.offer_deflate = true;
      break;
    case ProbeKind::tls12_insufficient:
      offer.cipher_suites = tls12_suites(tables, Order::worst_first,
                                         [](const Tls12Suite& s) { return s.rating == Rating::insufficient; });
      offer.groups = ecdhe_groups(tables, Order::worst_first);
      break;
    case ProbeKind::tls12_phase_out:
      offer.cipher_suites = tls12_suites(tables, Order::worst_first,
                                         [](const Tls12Suite& s) { return s.rating == Rating::phase_out; });
      break;
    case ProbeKind::tls12_dhe:
      offer.cipher_suites =
          tls12_suites(tables, Order::worst_first, [](const Tls12Suite& s) { return s.kex == SuiteKex::dhe; });
      break;
    case ProbeKind::tls12_better_than_insufficient:
    case ProbeKind::tls12_better_than_phase_out: {
      // Everything rated better than the pick, best first, as P3 offers it:
      // any answer is a better suite the server supports but did not prefer.
      const Rating pick =
          kind == ProbeKind::tls12_better_than_insufficient ? Rating::insufficient : Rating::phase_out;
      offer.cipher_suites = tls12_suites(tables, Order::best_first,
                                         [pick](const Tls12Suite& s) { return severity(s.rating) < severity(pick); });
      offer.groups = ecdhe_groups(tables, Order::best_first);
      break;
    }
    case ProbeKind::tls12_weak_hash:
      offer.cipher_suites = tls12_suites(tables, Order::best_first, [](const Tls12Suite& s) {
        return s.kex == SuiteKex::ecdhe || s.kex == SuiteKex::dhe;
      });
      offer.signature_schemes = schemes_rated(tables, Rating::phase_out, Rating::insufficient);
      break;
    case ProbeKind::ssl3: {
      // An SSL 3.0 ClientHello (RFC 6101 §5.6.1.2) as an SSL 3.0 client of
      // its time sent it: no extensions at all (so no SNI, no curves: the EC
      // suites need RFC 4492's extensions and TLS 1.0), the suites that
      // exist before TLS 1.2 without EC key exchange (the AES ones included:
      // OpenSSL before 1.1 served them in SSL 3.0), the renegotiation SCSV.
      ProbeOffer ssl3;
      ssl3.legacy_version = kSsl30;
      ssl3.cipher_suites = tls12_suites(tables, Order::worst_first, [](const Tls12Suite& s) {
        return s.legacy && s.kex != SuiteKex::ecdhe && s.kex != SuiteKex::ecdh && s.kex != SuiteKex::ecdh_anon;
      });
      if (!ssl3.cipher_suites.empty()) ssl3.cipher_suites.push_back(kRenegotiationScsv);
      ssl3.renegotiation_info = false;
      ssl3.extended_master_secret = false;
      ssl3.ec_point_formats = false;
      offer = std::move(ssl3);
      break;
    }
    case ProbeKind::tls12_renegotiation:
      return make_error(Errc::invalid_argument, "probe offer: tls12_renegotiation is a session, not a ClientHello");
    case ProbeKind::tls13_post_quantum: {
      offer.supported_versions = {kTls13};
      std::vector<const RatedCode*> suites;
      for (const RatedCode& suite : tables.tls13_suites) suites.push_back(&suite);
      std::stable_sort(suites.begin(), suites.end(),
                       [](const RatedCode* a, const RatedCode* b) { return severity(a->rating) > severity(b->rating); });
      for (const RatedCode* suite : suites) offer.cipher_suites.push_back(suite->code);
      std::vector<std::uint16_t> groups;
      for (const Group& group : tables.groups)
        if (group.kind == GroupKind::hybrid_pq) groups.push_back(group.code);
      for (const std::uint16_t code : good_ecdhe_groups(tables)) groups.push_back(code);
      offer.groups = std::move(groups);
      auto hybrid = probe_key_share(kX25519MlKem768, random);
      if (!hybrid) return hybrid.error();
      auto classic = probe_key_share(kX25519, random);
      if (!classic) return classic.error();
      offer.key_shares = {{kX25519MlKem768, std::move(hybrid).value()}, {kX25519, std::move(classic).value()}};
      offer.renegotiation_info = false;  // TLS 1.3 has no renegotiation
      offer.extended_master_secret = false;
      break;
    }
  }
  if (offer.cipher_suites.empty())
    return make_error(Errc::invalid_argument, "probe offer: the tables have no suite for this probe");
  return offer;
}

}  // namespace daneel::tls
