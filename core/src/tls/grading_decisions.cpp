#include "tls/grading_decisions.h"

#include <mbedtls/ssl_ciphersuites.h>

#include "tls/dh_group.h"
#include "tls/wire.h"

namespace daneel::tls {

namespace {

using wire::kSsl30;
using wire::kTls12;
using wire::kTls13;

enum class Answer : std::uint8_t { not_made, accepted, refused, no_answer };

Answer answer_of(const std::optional<ServerFlight>& flight) {
  if (!flight) return Answer::not_made;
  switch (flight->status) {
    case FlightStatus::server_hello_done:
    case FlightStatus::server_hello_tls13:
    case FlightStatus::hello_retry:
      return flight->cipher_suite ? Answer::accepted : Answer::no_answer;
    case FlightStatus::alert:
      return Answer::refused;
    case FlightStatus::need_more:
    case FlightStatus::malformed:
    case FlightStatus::too_large:
      return Answer::no_answer;
  }
  return Answer::no_answer;
}

int severity(Rating r) {
  switch (r) {
    case Rating::good: return 0;
    case Rating::sufficient: return 1;
    case Rating::unknown: return 2;
    case Rating::phase_out: return 3;
    case Rating::insufficient: return 4;
  }
  return 4;
}

Rating suite_rating(const GradingTables& tables, std::uint16_t version, std::uint16_t suite) {
  return version >= kTls13 ? tables.tls13_suite(suite) : tables.tls12_suite(suite);
}

Grade decided(Rating rating) { return {Decision::decided, rating}; }
Grade not_applicable() { return {Decision::not_applicable, Rating::unknown}; }

// What the probes made so far establish; both grade() and next_probe() read it.
struct Facts {
  const ProbeResults& r;
  const GradingTables& t;

  [[nodiscard]] Answer answer(ProbeKind kind) const { return answer_of(r.flight(kind)); }
  [[nodiscard]] const ServerFlight& flight(ProbeKind kind) const { return *r.flight(kind); }
  [[nodiscard]] bool accepted(ProbeKind kind) const { return answer(kind) == Answer::accepted; }
  [[nodiscard]] bool answered(ProbeKind kind) const {
    return answer(kind) == Answer::accepted || answer(kind) == Answer::refused;
  }
  [[nodiscard]] Rating pick(ProbeKind kind) const {
    const ServerFlight& f = flight(kind);
    return suite_rating(t, f.version.value_or(kTls12), *f.cipher_suite);
  }

  // The worst-first probe offers every TLS 1.2 suite: its refusal, next to a
  // TLS 1.3 handshake, means the server has no usable TLS 1.2.
  [[nodiscard]] bool no_tls12() const {
    return answer(ProbeKind::tls12_worst_first) == Answer::refused && r.normal && r.normal->version == kTls13;
  }
  [[nodiscard]] bool tls12_seen() const {
    if (r.normal && r.normal->version == kTls12) return true;
    for (const auto& f : r.flights)
      if (answer_of(f) == Answer::accepted && f->version == kTls12) return true;
    return false;
  }
  // The best-first pick: P3's, or the check's own handshake when it was TLS 1.2
  // (Mbed TLS offers its best suites first).
  [[nodiscard]] std::optional<Rating> best_first_pick() const {
    if (accepted(ProbeKind::tls12_best_first)) return pick(ProbeKind::tls12_best_first);
    if (r.normal && r.normal->version == kTls12) return suite_rating(t, kTls12, r.normal->cipher_suite);
    return std::nullopt;
  }
  // The server followed the client's order: the same suites in opposite
  // orders gave different picks. Then the worst-first pick is in the worst
  // class the server accepts.
  [[nodiscard]] bool client_order() const {
    return accepted(ProbeKind::tls12_worst_first) && accepted(ProbeKind::tls12_best_first) &&
           flight(ProbeKind::tls12_worst_first).cipher_suite != flight(ProbeKind::tls12_best_first).cipher_suite;
  }
  // Both orders picked the same phase-out or insufficient class: the
  // server's preference, or its only class. P8, the offer of only the suites
  // better than that class, tells which (tls_cipher_order).
  [[nodiscard]] std::optional<ProbeKind> better_probe() const {
    if (!accepted(ProbeKind::tls12_worst_first)) return std::nullopt;
    const Rating worst_first = pick(ProbeKind::tls12_worst_first);
    const auto best = best_first_pick();
    if (!best || *best != worst_first) return std::nullopt;
    if (worst_first == Rating::insufficient) return ProbeKind::tls12_better_than_insufficient;
    if (worst_first == Rating::phase_out) return ProbeKind::tls12_better_than_phase_out;
    return std::nullopt;
  }
  // Whether the best-first offer held `suite`: P3 offers every suite of the
  // tables (P8's are a subset); the check's own TLS 1.2 handshake offers
  // every suite this Mbed TLS build has (its default list), which need not
  // hold a suite a server accepted from P8.
  [[nodiscard]] bool best_first_offered(std::uint16_t suite) const {
    if (accepted(ProbeKind::tls12_best_first)) return true;
    return mbedtls_ssl_ciphersuite_from_id(suite) != nullptr;
  }
  [[nodiscard]] Rating worst_suite_seen() const {
    Rating worst = Rating::good;
    bool any = false;
    if (r.normal) {
      worst = worse(worst, suite_rating(t, r.normal->version, r.normal->cipher_suite));
      any = true;
    }
    for (const auto& f : r.flights) {
      if (answer_of(f) != Answer::accepted || f->status == FlightStatus::hello_retry) continue;
      worst = worse(worst, suite_rating(t, f->version.value_or(kTls12), *f->cipher_suite));
      any = true;
    }
    return any ? worst : Rating::unknown;
  }
  // The legacy probe (TLS 1.1 at most) was answered with TLS 1.1, 1.0 or SSL 3.0.
  [[nodiscard]] bool legacy_accepted() const {
    return accepted(ProbeKind::legacy) && flight(ProbeKind::legacy).version.value_or(kTls12) < kTls12;
  }
  [[nodiscard]] Ssl3 ssl3() const {
    if (legacy_accepted() && flight(ProbeKind::legacy).version == kSsl30) return Ssl3::accepted;
    switch (answer(ProbeKind::ssl3)) {
      case Answer::accepted: return flight(ProbeKind::ssl3).version == kSsl30 ? Ssl3::accepted : Ssl3::refused;
      case Answer::refused: return Ssl3::refused;
      case Answer::not_made:
      case Answer::no_answer: break;
    }
    if (answered(ProbeKind::legacy) && !legacy_accepted()) return Ssl3::no_legacy;
    return Ssl3::open;
  }
  [[nodiscard]] bool no_insufficient() const {
    if (no_tls12()) return true;
    if (answer(ProbeKind::tls12_insufficient) == Answer::refused) return true;
    return client_order() && pick(ProbeKind::tls12_worst_first) != Rating::insufficient;
  }
  [[nodiscard]] bool no_phase_out() const {
    if (no_tls12()) return true;
    if (answer(ProbeKind::tls12_phase_out) == Answer::refused) return true;
    return client_order() && severity(pick(ProbeKind::tls12_worst_first)) <= severity(Rating::sufficient);
  }
  [[nodiscard]] bool dhe_prime_seen() const {
    for (const auto& f : r.flights)
      if (answer_of(f) == Answer::accepted && !f->dh_prime.empty()) return true;
    return false;
  }
  // Every DHE suite the tables rate is phase-out or insufficient (NCSC 2025-05:
  // DHE-RSA AEAD and CBC-SHA2 phase-out, the rest insufficient), and the
  // single-class probes offer DHE first: once both classes are ruled out, the
  // server accepts no DHE suite the probes could offer, so there is no prime to
  // rate. Read from the tables, so a guideline that rates a DHE suite better
  // makes the DHE-only probe necessary again.
  [[nodiscard]] bool dhe_ruled_out_by_classes() const {
    for (const Tls12Suite& suite : t.tls12_suites)
      if (suite.kex == SuiteKex::dhe && severity(suite.rating) < severity(Rating::phase_out)) return false;
    return no_insufficient() && no_phase_out();
  }
  [[nodiscard]] bool dhe_answered() const {
    return dhe_prime_seen() || answered(ProbeKind::tls12_dhe) || no_tls12() || dhe_ruled_out_by_classes();
  }
  // The curve question is answered by an ECDHE answer to an offer that lists
  // the weak curves first (legacy, worst-first, insufficient-only).
  [[nodiscard]] bool curves_answered() const {
    if (no_tls12()) return true;
    for (const ProbeKind kind : {ProbeKind::legacy, ProbeKind::tls12_worst_first, ProbeKind::tls12_insufficient})
      if (accepted(kind) && flight(kind).group && flight(kind).version != kTls13) return true;
    return false;
  }
};

Grade grade_version(const Facts& f) {
  // A server that answers a TLS 1.1 offer with TLS 1.2 ignored the offer's
  // ceiling: no legacy version was accepted (and the TLS 1.2 probes grade it).
  // SSL 3.0 is probed only then, so it only ever adds to this verdict.
  if (f.legacy_accepted()) {
    const Rating ssl3 = f.ssl3() == Ssl3::accepted ? f.t.version(kSsl30) : Rating::good;
    return decided(worse(f.t.version(*f.flight(ProbeKind::legacy).version), ssl3));
  }
  const bool legacy_refused = f.answer(ProbeKind::legacy) == Answer::refused || f.accepted(ProbeKind::legacy);
  if (!f.r.normal || !legacy_refused) return {};
  Rating rating = f.t.version(f.r.normal->version);
  if (f.tls12_seen()) return decided(worse(rating, Rating::sufficient));
  if (f.no_tls12()) return decided(rating);
  return {};  // TLS 1.2 acceptance not known yet
}

Grade grade_ciphers(const Facts& f) {
  const Rating worst = f.worst_suite_seen();
  if (worst == Rating::insufficient) return decided(worst);
  if (f.no_insufficient() && (worst == Rating::phase_out || f.no_phase_out())) return decided(worst);
  return {};
}

Grade grade_order(const Facts& f, const Grade& ciphers) {
  if (ciphers.decision == Decision::decided && severity(ciphers.rating) <= severity(Rating::sufficient))
    return not_applicable();  // nothing worse than sufficient to be preferred
  if (f.no_tls12()) return not_applicable();
  if (!f.accepted(ProbeKind::tls12_worst_first)) return {};
  const Rating worst_first = f.pick(ProbeKind::tls12_worst_first);
  // A sufficient suite won although every worse one was offered before it.
  if (severity(worst_first) <= severity(Rating::sufficient)) return decided(Rating::good);
  const auto best = f.best_first_pick();
  if (best && severity(*best) < severity(worst_first)) return decided(Rating::insufficient);
  // The same class from both orders: a better suite accepted alone, which the
  // best-first offer also held, means the server's preference put the worse
  // class first (failed); a refusal means it has nothing better (passed).
  if (const auto better = f.better_probe()) {
    if (f.accepted(*better) && f.best_first_offered(*f.flight(*better).cipher_suite))
      return decided(Rating::insufficient);
    if (f.answer(*better) == Answer::refused) return decided(Rating::good);
  }
  return {};
}

Grade grade_fs(const Facts& f) {
  Rating worst = Rating::good;
  bool any = false;
  const auto add = [&](Rating r) {
    worst = worse(worst, r);
    any = true;
  };
  if (f.r.normal && f.r.normal->group != 0) add(f.t.group(f.r.normal->group));
  for (const auto& flight : f.r.flights) {
    if (answer_of(flight) != Answer::accepted) continue;
    if (flight->group) add(f.t.group(*flight->group));
    if (!flight->dh_prime.empty()) add(dhe_prime_rating(flight->dh_prime, f.t));
  }
  if (any && worst == Rating::insufficient) return decided(worst);
  if (any && f.dhe_answered() && f.curves_answered()) return decided(worst);
  return {};
}

Grade grade_kex_hash(const Facts& f) {
  if (f.no_tls12()) return not_applicable();
  const auto good_scheme = [&](std::optional<std::uint16_t> scheme) {
    return scheme && f.t.kex_signature_scheme(*scheme) == Rating::good;
  };
  // Every offer but the weak-hash probe's asks for SHA-2 only (and so does Mbed TLS).
  if (f.r.normal && f.r.normal->version == kTls12 && good_scheme(f.r.normal->signature_scheme))
    return decided(Rating::good);
  for (std::size_t i = 0; i < kProbeKinds; ++i) {
    const auto kind = static_cast<ProbeKind>(i);
    if (kind == ProbeKind::tls12_weak_hash || !f.accepted(kind)) continue;
    if (good_scheme(f.flight(kind).signature_scheme)) return decided(Rating::good);
  }
  if (f.accepted(ProbeKind::tls12_weak_hash) && f.flight(ProbeKind::tls12_weak_hash).signature_scheme)
    return decided(f.t.kex_signature_scheme(*f.flight(ProbeKind::tls12_weak_hash).signature_scheme));
  return {};
}

Grade grade_compression(const Facts& f) {
  bool seen = false;
  for (const ProbeKind kind : {ProbeKind::legacy, ProbeKind::tls12_worst_first, ProbeKind::tls12_best_first}) {
    if (!f.accepted(kind) || f.flight(kind).version == kTls13) continue;
    if (f.flight(kind).compression_method != 0) return decided(Rating::insufficient);
    seen = true;
  }
  if (seen) return decided(Rating::good);
  if (f.no_tls12() && f.answer(ProbeKind::legacy) == Answer::refused) return not_applicable();
  return {};
}

// Every pre-TLS 1.3 answer must carry the extension; `pick` reads it from a flight.
template <class FromFlight>
Grade grade_every_tls12(const Facts& f, bool normal_has, FromFlight has, bool tls12_only) {
  bool seen = false;
  if (f.r.normal && f.r.normal->version == kTls12) {
    if (!normal_has) return decided(Rating::insufficient);
    seen = true;
  }
  for (const auto& flight : f.r.flights) {
    // RFC 5746 and 7627 are TLS extensions: an SSL 3.0 answer only lists SSL 3.0.
    if (answer_of(flight) != Answer::accepted || flight->version == kTls13 || flight->version == kSsl30 ||
        flight->status == FlightStatus::hello_retry)
      continue;
    if (tls12_only && flight->version != kTls12) continue;
    if (!has(*flight)) return decided(Rating::insufficient);
    seen = true;
  }
  if (seen) return decided(Rating::good);
  if (f.no_tls12() && f.answer(ProbeKind::legacy) == Answer::refused) return not_applicable();
  return {};
}

// The chain's ratings decide once the chain is known; a certificate the
// reader could not rate keeps the subtest open unless a known defect already
// decides it (worse() lets phase_out and insufficient beat unknown).
Grade grade_chain_rating(const NormalHandshakeFacts* normal, Rating ChainRatings::*which, const GradingTables& t) {
  if (normal == nullptr || normal->chain.empty()) return {};
  const Rating rating = rate_chain(normal->chain, t).*which;
  if (rating == Rating::unknown) return {};
  return decided(rating);
}

}  // namespace

NormalHandshakeFacts normal_handshake_facts(const TlsInfo& info) {
  NormalHandshakeFacts facts;
  facts.version = info.version == TlsVersion::tls1_3 ? kTls13 : kTls12;
  facts.cipher_suite = info.cipher_suite;
  facts.group = info.group;
  facts.signature_scheme = info.signature_scheme;
  facts.extended_master_secret = info.extended_master_secret;
  facts.secure_renegotiation = info.secure_renegotiation;
  facts.chain.reserve(info.chain.size());
  for (const Bytes& der : info.chain) facts.chain.push_back(read_certificate_facts(der));
  return facts;
}

std::string_view to_string(Ssl3 ssl3) {
  switch (ssl3) {
    case Ssl3::open: return "open";
    case Ssl3::accepted: return "accepted";
    case Ssl3::refused: return "refused";
    case Ssl3::no_legacy: return "no_legacy";
  }
  return "open";
}

std::string_view to_string(Decision decision) {
  switch (decision) {
    case Decision::decided: return "decided";
    case Decision::open: return "open";
    case Decision::not_applicable: return "not_applicable";
  }
  return "unknown";
}

Grades grade(const ProbeResults& results, const GradingTables& tables) {
  const Facts f{results, tables};
  Grades g;
  g.tls_version = grade_version(f);
  g.tls_ciphers = grade_ciphers(f);
  g.tls_cipher_order = grade_order(f, g.tls_ciphers);
  g.fs_params = grade_fs(f);
  g.kex_hash_func = grade_kex_hash(f);
  g.tls_compression = grade_compression(f);
  g.renegotiation_secure = grade_every_tls12(
      f, results.normal && results.normal->secure_renegotiation,
      [](const ServerFlight& flight) { return flight.renegotiation_info; }, false);
  g.extended_master_secret = grade_every_tls12(
      f, results.normal && results.normal->extended_master_secret,
      [](const ServerFlight& flight) { return flight.extended_master_secret; }, true);
  const NormalHandshakeFacts* normal = results.normal ? &*results.normal : nullptr;
  g.cert_pubkey = grade_chain_rating(normal, &ChainRatings::key, tables);
  g.cert_signature = grade_chain_rating(normal, &ChainRatings::signature, tables);
  g.ssl3 = f.ssl3();
  const auto hybrid = [&](std::uint16_t group) {
    const Group* known = tables.find_group(group);
    return known != nullptr && known->kind == GroupKind::hybrid_pq;
  };
  if (results.normal && results.normal->group != 0 && hybrid(results.normal->group)) g.post_quantum = true;
  else if (f.accepted(ProbeKind::tls13_post_quantum) && f.flight(ProbeKind::tls13_post_quantum).group)
    g.post_quantum = hybrid(*f.flight(ProbeKind::tls13_post_quantum).group);
  return g;
}

std::optional<ProbeKind> next_probe(const ProbeResults& results, const GradingTables& tables,
                                    const PlanOptions& options) {
  const Facts f{results, tables};
  const auto made = [&](ProbeKind kind) { return f.answer(kind) != Answer::not_made; };
  if (!made(ProbeKind::legacy)) return ProbeKind::legacy;
  if (!made(ProbeKind::tls12_worst_first)) return ProbeKind::tls12_worst_first;
  const Grades g = grade(results, tables);
  if (f.accepted(ProbeKind::tls12_worst_first)) {
    const Rating worst_first = f.pick(ProbeKind::tls12_worst_first);
    if (!made(ProbeKind::tls12_best_first) && severity(worst_first) > severity(Rating::sufficient) &&
        !(results.normal && results.normal->version == kTls12))
      return ProbeKind::tls12_best_first;
    if (g.tls_ciphers.decision == Decision::open) {
      if (!f.no_insufficient() && !made(ProbeKind::tls12_insufficient)) return ProbeKind::tls12_insufficient;
      if (!f.no_phase_out() && !made(ProbeKind::tls12_phase_out)) return ProbeKind::tls12_phase_out;
    }
    if (g.fs_params.decision == Decision::open && !f.dhe_answered() && !made(ProbeKind::tls12_dhe))
      return ProbeKind::tls12_dhe;
  }
  if (g.kex_hash_func.decision == Decision::open && f.tls12_seen() &&
      f.answer(ProbeKind::tls12_worst_first) == Answer::refused && !made(ProbeKind::tls12_weak_hash))
    return ProbeKind::tls12_weak_hash;
  // tls_cipher_order after the other verdicts' probes: one connection more,
  // only when both orders gave the same phase-out or insufficient class.
  if (g.tls_cipher_order.decision == Decision::open)
    if (const auto better = f.better_probe(); better && !made(*better)) return *better;
  // SSL 3.0 before the post-quantum probe: it completes a rated subtest's
  // list, the post-quantum probe only informs; both only with budget to spare.
  if (options.ssl3 && g.ssl3 == Ssl3::open && f.legacy_accepted() && !made(ProbeKind::ssl3)) return ProbeKind::ssl3;
  if (!g.post_quantum && !made(ProbeKind::tls13_post_quantum) &&
      !(results.normal && results.normal->version == kTls12))
    return ProbeKind::tls13_post_quantum;
  // Last: a whole TLS 1.2 session for an information subtest that modern
  // servers mostly pass (OpenSSL 3.0 refuses by default), after the
  // ClientHello that shows whether a sender gets post-quantum key exchange.
  if (options.renegotiation_session && results.normal && results.normal->version == kTls13 && f.tls12_seen() &&
      !made(ProbeKind::tls12_renegotiation))
    return ProbeKind::tls12_renegotiation;
  return std::nullopt;
}

}  // namespace daneel::tls
