// The grading decisions (tls/grading_decisions.h) over probe results of the
// server kinds docs/TLS_GRADING.md plans for: what each probe decides, which
// probe comes next, and that an undecided subtest stays open (never passes).
#include <catch2/catch_test_macros.hpp>

#include "tls/grading_decisions.h"

using namespace daneel;
using namespace daneel::tls;

namespace {

const GradingTables& tables() { return ncsc_2025_05(); }

ServerFlight refused(std::uint8_t alert = 40) {
  ServerFlight f;
  f.status = FlightStatus::alert;
  f.alert_level = 2;
  f.alert_description = alert;
  return f;
}

ServerFlight tls12(std::uint16_t suite, std::optional<std::uint16_t> group = 0x001d) {
  ServerFlight f;
  f.status = FlightStatus::server_hello_done;
  f.version = 0x0303;
  f.legacy_version = 0x0303;
  f.cipher_suite = suite;
  f.compression_method = 0;
  f.group = group;
  f.extended_master_secret = true;
  f.renegotiation_info = true;
  if (group) f.signature_scheme = 0x0804;
  return f;
}

ServerFlight tls12_dhe(std::uint16_t suite, Bytes prime) {
  ServerFlight f = tls12(suite, std::nullopt);
  f.dh_prime = std::move(prime);
  f.signature_scheme = 0x0804;
  return f;
}

ServerFlight tls13(std::uint16_t suite, std::uint16_t group) {
  ServerFlight f;
  f.status = FlightStatus::server_hello_tls13;
  f.version = 0x0304;
  f.legacy_version = 0x0303;
  f.cipher_suite = suite;
  f.compression_method = 0;
  f.group = group;
  return f;
}

NormalHandshakeFacts normal13() { return {0x0304, 0x1302, 0x001d, std::nullopt, false, false, {}}; }

Bytes custom_prime() { return Bytes(256, 0xc7); }  // no RFC 7919 group

}  // namespace

TEST_CASE("decisions: nothing probed, nothing decided; the plan starts with legacy, then worst-first") {
  ProbeResults r;
  r.normal = normal13();
  const Grades g = grade(r, tables());
  CHECK(g.tls_version.decision == Decision::open);
  CHECK(g.tls_ciphers.decision == Decision::open);
  CHECK(g.extended_master_secret.decision == Decision::open);
  CHECK(next_probe(r, tables()) == ProbeKind::legacy);
  r.set(ProbeKind::legacy, refused(70));
  CHECK(next_probe(r, tables()) == ProbeKind::tls12_worst_first);
}

TEST_CASE("decisions: a client-order server with insufficient suites and a custom DHE group (Postfix defaults, weak)") {
  ProbeResults r;
  r.normal = normal13();
  r.set(ProbeKind::legacy, refused(70));
  // Worst first: it takes the first suite it has, DHE-RSA-AES128-SHA (insufficient), with its own prime.
  r.set(ProbeKind::tls12_worst_first, tls12_dhe(0x0033, custom_prime()));
  Grades g = grade(r, tables());
  CHECK(g.tls_version.decision == Decision::decided);
  CHECK(g.tls_version.rating == Rating::sufficient);  // 1.3 and 1.2
  CHECK(g.tls_ciphers.decision == Decision::decided);
  CHECK(g.tls_ciphers.rating == Rating::insufficient);
  CHECK(g.fs_params.decision == Decision::decided);
  CHECK(g.fs_params.rating == Rating::insufficient);  // custom group
  CHECK(g.kex_hash_func.rating == Rating::good);
  CHECK(g.tls_cipher_order.decision == Decision::open);  // is anything better supported?
  CHECK(next_probe(r, tables()) == ProbeKind::tls12_best_first);

  r.set(ProbeKind::tls12_best_first, tls12(0xc030));
  g = grade(r, tables());
  CHECK(g.tls_cipher_order.decision == Decision::decided);
  CHECK(g.tls_cipher_order.rating == Rating::insufficient);  // the client's worse choice won
  CHECK(next_probe(r, tables()) == ProbeKind::tls13_post_quantum);  // information, last
  r.set(ProbeKind::tls13_post_quantum, tls13(0x1302, 0x001d));
  g = grade(r, tables());
  CHECK(g.post_quantum == false);
  CHECK_FALSE(next_probe(r, tables()));
}

TEST_CASE("decisions: a hardened server with its own preference needs the single-class probes") {
  ProbeResults r;
  r.normal = normal13();
  r.set(ProbeKind::legacy, refused(70));
  r.set(ProbeKind::tls12_worst_first, tls12(0xc030));
  Grades g = grade(r, tables());
  CHECK(g.tls_cipher_order.decision == Decision::decided);  // a sufficient suite won over worse ones first
  CHECK(g.tls_cipher_order.rating == Rating::good);
  // Its preference may hide worse suites it also accepts: not decided, so never a pass yet.
  CHECK(g.tls_ciphers.decision == Decision::open);
  CHECK(next_probe(r, tables()) == ProbeKind::tls12_insufficient);
  r.set(ProbeKind::tls12_insufficient, refused());
  CHECK(grade(r, tables()).tls_ciphers.decision == Decision::open);
  CHECK(next_probe(r, tables()) == ProbeKind::tls12_phase_out);
  r.set(ProbeKind::tls12_phase_out, refused());
  g = grade(r, tables());
  CHECK(g.tls_ciphers.decision == Decision::decided);
  CHECK(g.tls_ciphers.rating == Rating::sufficient);  // TLS 1.3 good, its TLS 1.2 pick sufficient: worst wins
  // Every DHE suite is phase-out or insufficient, both refused (DHE first): no
  // DHE at all, so no DHE-only probe (the world's TLS 1.2-only servers with
  // one sufficient suite left fs_params not tested on the budget without this).
  CHECK(g.fs_params.decision == Decision::decided);
  CHECK(g.fs_params.rating == Rating::good);
  CHECK(g.extended_master_secret.rating == Rating::good);
  CHECK(g.renegotiation_secure.rating == Rating::good);
  CHECK(g.tls_compression.rating == Rating::good);
  CHECK(next_probe(r, tables()) == ProbeKind::tls13_post_quantum);
  r.set(ProbeKind::tls13_post_quantum, tls13(0x1302, 0x11ec));
  CHECK(grade(r, tables()).post_quantum == true);
}

TEST_CASE("decisions: a phase-out pick under server preference is a warning only once insufficient is refused") {
  ProbeResults r;
  r.normal = normal13();
  r.set(ProbeKind::legacy, refused(70));
  r.set(ProbeKind::tls12_worst_first, tls12(0xc028));  // ECDHE-RSA-AES256-SHA384: phase-out
  r.set(ProbeKind::tls12_best_first, tls12(0xc028));   // the same: its own preference
  Grades g = grade(r, tables());
  CHECK(g.tls_ciphers.decision == Decision::open);
  CHECK(g.tls_cipher_order.decision == Decision::open);  // a better suite it might prefer less is not known
  CHECK(next_probe(r, tables()) == ProbeKind::tls12_insufficient);
  r.set(ProbeKind::tls12_insufficient, refused());
  g = grade(r, tables());
  CHECK(g.tls_ciphers.decision == Decision::decided);
  CHECK(g.tls_ciphers.rating == Rating::phase_out);
  CHECK(g.tls_cipher_order.decision == Decision::open);
  CHECK(next_probe(r, tables()) == ProbeKind::tls12_dhe);  // fs_params first: a verdict's probe
  r.set(ProbeKind::tls12_dhe, refused());
  // The same phase-out pick from both orders: only the sufficient suites alone tell.
  CHECK(next_probe(r, tables()) == ProbeKind::tls12_better_than_phase_out);
  r.set(ProbeKind::tls12_better_than_phase_out, refused());
  g = grade(r, tables());
  CHECK(g.tls_cipher_order.decision == Decision::decided);
  CHECK(g.tls_cipher_order.rating == Rating::good);  // nothing better to prefer
  CHECK(next_probe(r, tables()) == ProbeKind::tls13_post_quantum);
}

TEST_CASE("decisions: a TLS 1.2 session for renegotiation_client, only when asked, last (after post-quantum)") {
  ProbeResults r;
  r.normal = normal13();
  r.set(ProbeKind::legacy, refused(70));
  r.set(ProbeKind::tls12_worst_first, tls12(0xc030));
  r.set(ProbeKind::tls12_insufficient, refused());
  r.set(ProbeKind::tls12_phase_out, refused());
  const PlanOptions asked{.ssl3 = true, .renegotiation_session = true};
  CHECK(next_probe(r, tables(), asked) == ProbeKind::tls13_post_quantum);
  r.set(ProbeKind::tls13_post_quantum, tls13(0x1302, 0x001d));
  CHECK_FALSE(next_probe(r, tables()).has_value());  // not asked: the check's own session answered
  CHECK(next_probe(r, tables(), asked) == ProbeKind::tls12_renegotiation);
  r.set(ProbeKind::tls12_renegotiation, tls12(0xc02f));
  CHECK_FALSE(next_probe(r, tables(), asked).has_value());
  SECTION("its TLS 1.2 handshake counts as a TLS 1.2 answer: without EMS, EMS fails") {
    ServerFlight no_ems = tls12(0xc02f);
    no_ems.extended_master_secret = false;
    r.set(ProbeKind::tls12_renegotiation, no_ems);
    CHECK(grade(r, tables()).extended_master_secret.rating == Rating::insufficient);
  }
  SECTION("not without TLS 1.2, and not after a TLS 1.2 session of the check's own") {
    ProbeResults tls13_only;
    tls13_only.normal = normal13();
    tls13_only.set(ProbeKind::legacy, refused(70));
    tls13_only.set(ProbeKind::tls12_worst_first, refused(70));
    CHECK(next_probe(tls13_only, tables(), asked) != ProbeKind::tls12_renegotiation);
    ProbeResults tls12_own;
    tls12_own.normal = NormalHandshakeFacts{0x0303, 0xc030, 0x001d, 0x0804, true, true, {}};
    tls12_own.set(ProbeKind::legacy, refused(70));
    tls12_own.set(ProbeKind::tls12_worst_first, tls12(0xc030));
    for (std::optional<ProbeKind> k = next_probe(tls12_own, tables(), asked); k; k = next_probe(tls12_own, tables(), asked)) {
      CHECK(*k != ProbeKind::tls12_renegotiation);
      tls12_own.set(*k, refused());
    }
  }
}

TEST_CASE("decisions: the same class from both orders is decided by the probe of the better suites alone (P8)") {
  SECTION("insufficient from both (static RSA by its own preference), nothing better: passed") {
    ProbeResults r;
    r.normal = normal13();
    r.set(ProbeKind::legacy, refused(70));
    r.set(ProbeKind::tls12_worst_first, tls12(0x0035, std::nullopt));  // AES256-SHA
    CHECK(next_probe(r, tables()) == ProbeKind::tls12_best_first);
    r.set(ProbeKind::tls12_best_first, tls12(0x0035, std::nullopt));
    CHECK(grade(r, tables()).tls_cipher_order.decision == Decision::open);
    r.set(ProbeKind::tls12_dhe, refused());
    CHECK(next_probe(r, tables()) == ProbeKind::tls12_better_than_insufficient);
    r.set(ProbeKind::tls12_better_than_insufficient, refused());
    const Grades g = grade(r, tables());
    CHECK(g.tls_cipher_order.decision == Decision::decided);
    CHECK(g.tls_cipher_order.rating == Rating::good);
    CHECK(next_probe(r, tables()) == ProbeKind::tls13_post_quantum);
  }
  SECTION("insufficient from both, a better suite accepted alone: its preference put the worse first, failed") {
    ProbeResults r;
    r.normal = normal13();
    r.set(ProbeKind::legacy, refused(70));
    r.set(ProbeKind::tls12_worst_first, tls12(0x0035, std::nullopt));
    r.set(ProbeKind::tls12_best_first, tls12(0x0035, std::nullopt));
    r.set(ProbeKind::tls12_better_than_insufficient, tls12(0xc030));
    const Grades g = grade(r, tables());
    CHECK(g.tls_cipher_order.decision == Decision::decided);
    CHECK(g.tls_cipher_order.rating == Rating::insufficient);
  }
  SECTION("phase-out from both, the check's own TLS 1.2 handshake as best-first: a better suite accepted -> failed") {
    ProbeResults r;
    r.normal = NormalHandshakeFacts{0x0303, 0x009f, 0, 0x0804, true, true, {}};  // DHE-RSA-AES256-GCM-SHA384
    r.set(ProbeKind::legacy, refused(70));
    r.set(ProbeKind::tls12_worst_first, tls12_dhe(0x009f, custom_prime()));
    r.set(ProbeKind::tls12_insufficient, refused());
    CHECK(next_probe(r, tables()) == ProbeKind::tls12_better_than_phase_out);
    r.set(ProbeKind::tls12_better_than_phase_out, tls12(0xc030));  // ECDHE-RSA-AES256-GCM-SHA384: Mbed TLS offers it
    const Grades g = grade(r, tables());
    CHECK(g.tls_cipher_order.decision == Decision::decided);
    CHECK(g.tls_cipher_order.rating == Rating::insufficient);
  }
  SECTION("a better suite the check's own handshake did not offer proves nothing about the order: stays open") {
    ProbeResults r;
    r.normal = NormalHandshakeFacts{0x0303, 0x009f, 0, 0x0804, true, true, {}};
    r.set(ProbeKind::legacy, refused(70));
    r.set(ProbeKind::tls12_worst_first, tls12_dhe(0x009f, custom_prime()));
    r.set(ProbeKind::tls12_insufficient, refused());
    r.set(ProbeKind::tls12_better_than_phase_out, tls12(0xc0ad));  // ECDHE-ECDSA-AES256-CCM: not in this Mbed TLS
    CHECK(grade(r, tables()).tls_cipher_order.decision == Decision::open);
    CHECK(next_probe(r, tables()) != ProbeKind::tls12_better_than_phase_out);  // asked once
  }
  SECTION("different picks decide the order without it") {
    ProbeResults r;
    r.normal = normal13();
    r.set(ProbeKind::legacy, refused(70));
    r.set(ProbeKind::tls12_worst_first, tls12(0xc028));
    r.set(ProbeKind::tls12_best_first, tls12(0xc030));
    CHECK(grade(r, tables()).tls_cipher_order.rating == Rating::insufficient);
    for (std::optional<ProbeKind> k = next_probe(r, tables()); k; k = next_probe(r, tables())) {
      CHECK(*k != ProbeKind::tls12_better_than_phase_out);
      CHECK(*k != ProbeKind::tls12_better_than_insufficient);
      r.set(*k, refused());
    }
  }
}

TEST_CASE("decisions: TLS 1.0 accepted fails version and ciphers at once; DEFLATE and missing EMS fail") {
  ProbeResults r;
  r.normal = normal13();
  ServerFlight legacy = tls12(0xc013);
  legacy.version = legacy.legacy_version = 0x0301;
  legacy.compression_method = 1;
  legacy.extended_master_secret = false;
  r.set(ProbeKind::legacy, legacy);
  Grades g = grade(r, tables());
  CHECK(g.tls_version.decision == Decision::decided);
  CHECK(g.tls_version.rating == Rating::insufficient);
  CHECK(g.tls_ciphers.rating == Rating::insufficient);
  CHECK(g.tls_compression.rating == Rating::insufficient);
  CHECK(g.extended_master_secret.decision == Decision::open);  // EMS is graded on TLS 1.2 only
  ServerFlight no_ems = tls12(0xc02f);
  no_ems.extended_master_secret = false;
  r.set(ProbeKind::tls12_worst_first, no_ems);
  g = grade(r, tables());
  CHECK(g.extended_master_secret.decision == Decision::decided);
  CHECK(g.extended_master_secret.rating == Rating::insufficient);
}

namespace {

ServerFlight ssl3_hello(std::uint16_t suite) {
  ServerFlight f = tls12(suite, std::nullopt);
  f.version = f.legacy_version = 0x0300;
  f.renegotiation_info = false;  // an SSL 3.0 ServerHello has no extensions
  f.extended_master_secret = false;
  f.signature_scheme.reset();
  return f;
}

// A server that answers the legacy probe with TLS 1.0 and TLS 1.2 with ECDHE AES-GCM.
ProbeResults legacy_tls10() {
  ProbeResults r;
  r.normal = normal13();
  ServerFlight legacy = tls12(0xc014);
  legacy.version = legacy.legacy_version = 0x0301;
  r.set(ProbeKind::legacy, legacy);
  r.set(ProbeKind::tls12_worst_first, tls12(0xc030));
  r.set(ProbeKind::tls12_dhe, refused());
  return r;
}

}  // namespace

TEST_CASE("decisions: SSL 3.0 is probed after the verdicts and before the post-quantum probe, only when TLS 1.0/1.1 is accepted") {
  ProbeResults r = legacy_tls10();
  CHECK(grade(r, tables()).ssl3 == Ssl3::open);
  CHECK(next_probe(r, tables()) == ProbeKind::ssl3);
  // Through the relay it is not sent: the plan goes on to the post-quantum probe.
  CHECK(next_probe(r, tables(), {.ssl3 = false}) == ProbeKind::tls13_post_quantum);

  SECTION("accepted: listed, and tls_version stays failed") {
    r.set(ProbeKind::ssl3, ssl3_hello(0x000a));
    const Grades g = grade(r, tables());
    CHECK(g.ssl3 == Ssl3::accepted);
    CHECK(g.tls_version.decision == Decision::decided);
    CHECK(g.tls_version.rating == Rating::insufficient);
    // The SSL 3.0 answer has no extensions: renegotiation_secure and EMS are TLS's.
    CHECK(g.renegotiation_secure.rating == Rating::good);
    CHECK(g.extended_master_secret.rating == Rating::good);
    CHECK(next_probe(r, tables()) == ProbeKind::tls13_post_quantum);
  }
  SECTION("refused by an alert, or answered with TLS 1.0") {
    r.set(ProbeKind::ssl3, refused(70));
    CHECK(grade(r, tables()).ssl3 == Ssl3::refused);
    ServerFlight higher = ssl3_hello(0x002f);
    higher.version = higher.legacy_version = 0x0301;
    r.set(ProbeKind::ssl3, higher);
    CHECK(grade(r, tables()).ssl3 == Ssl3::refused);
    CHECK(grade(r, tables()).tls_version.rating == Rating::insufficient);
  }
  SECTION("no answer: open") {
    ServerFlight cut;
    cut.status = FlightStatus::need_more;
    r.set(ProbeKind::ssl3, cut);
    CHECK(grade(r, tables()).ssl3 == Ssl3::open);
    CHECK(next_probe(r, tables()) == ProbeKind::tls13_post_quantum);  // made once
  }
}

TEST_CASE("decisions: SSL 3.0 from the legacy probe itself; none without TLS 1.0/1.1") {
  ProbeResults r;
  r.normal = normal13();
  r.set(ProbeKind::legacy, ssl3_hello(0x000a));  // an SSL 3.0-only server answers the TLS 1.1 offer so
  Grades g = grade(r, tables());
  CHECK(g.ssl3 == Ssl3::accepted);
  CHECK(g.tls_version.rating == Rating::insufficient);

  ProbeResults modern;
  modern.normal = normal13();
  modern.set(ProbeKind::legacy, refused(70));
  CHECK(grade(modern, tables()).ssl3 == Ssl3::no_legacy);
  modern.set(ProbeKind::tls12_worst_first, refused(70));
  CHECK(next_probe(modern, tables()) == ProbeKind::tls13_post_quantum);
}

TEST_CASE("decisions: a TLS 1.3-only server makes the TLS 1.2 subtests not applicable") {
  ProbeResults r;
  r.normal = normal13();
  r.set(ProbeKind::legacy, refused(70));
  r.set(ProbeKind::tls12_worst_first, refused(70));
  const Grades g = grade(r, tables());
  CHECK(g.tls_version.decision == Decision::decided);
  CHECK(g.tls_version.rating == Rating::good);
  CHECK(g.tls_ciphers.decision == Decision::decided);
  CHECK(g.tls_ciphers.rating == Rating::good);
  CHECK(g.tls_cipher_order.decision == Decision::not_applicable);
  CHECK(g.kex_hash_func.decision == Decision::not_applicable);
  CHECK(g.extended_master_secret.decision == Decision::not_applicable);
  CHECK(g.renegotiation_secure.decision == Decision::not_applicable);
  CHECK(g.tls_compression.decision == Decision::not_applicable);
  CHECK(next_probe(r, tables()) == ProbeKind::tls13_post_quantum);
}

TEST_CASE("decisions: a probe without an answer decides nothing") {
  ProbeResults r;
  r.normal = normal13();
  ServerFlight cut;
  cut.status = FlightStatus::need_more;  // the server closed or the budget ended it
  r.set(ProbeKind::legacy, cut);
  ServerFlight garbage;
  garbage.status = FlightStatus::malformed;
  r.set(ProbeKind::tls12_worst_first, garbage);
  const Grades g = grade(r, tables());
  CHECK(g.tls_version.decision == Decision::open);
  CHECK(g.tls_ciphers.decision == Decision::open);
  CHECK(g.tls_compression.decision == Decision::open);
  CHECK(g.extended_master_secret.decision == Decision::open);
  CHECK(g.kex_hash_func.decision == Decision::open);
}

TEST_CASE("decisions: a server that ignores the TLS 1.1 ceiling has not accepted a legacy version") {
  ProbeResults r;
  r.normal = normal13();
  r.set(ProbeKind::legacy, tls12(0xc013));  // answered TLS 1.2 to a TLS 1.1 offer
  r.set(ProbeKind::tls12_worst_first, tls12(0xc02f));
  const Grades g = grade(r, tables());
  CHECK(g.tls_version.decision == Decision::decided);
  CHECK(g.tls_version.rating == Rating::sufficient);
  CHECK(g.tls_ciphers.rating == Rating::insufficient);  // its pick is still an insufficient suite
}

TEST_CASE("decisions: DHE is ruled out by refused phase-out and insufficient offers only while the tables rate no DHE suite better") {
  ProbeResults r;
  r.normal = normal13();
  r.set(ProbeKind::legacy, refused(70));
  r.set(ProbeKind::tls12_worst_first, tls12(0xc030));  // server preference, sufficient
  r.set(ProbeKind::tls12_insufficient, refused());
  // A phase-out ECDHE suite accepted: a DHE suite of the same class may hide behind it.
  r.set(ProbeKind::tls12_phase_out, tls12(0xc028));
  CHECK(grade(r, tables()).fs_params.decision == Decision::open);
  CHECK(next_probe(r, tables()) == ProbeKind::tls12_dhe);

  // Both classes refused, but a guideline that rated DHE-RSA-AES256-GCM sufficient:
  // a sufficient DHE suite may still be accepted, so the prime is still a question.
  r.set(ProbeKind::tls12_phase_out, refused());
  CHECK(grade(r, tables()).fs_params.decision == Decision::decided);
  GradingTables kinder = tables();
  bool changed = false;
  for (Tls12Suite& suite : kinder.tls12_suites)
    if (suite.code == 0x009f) {  // TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
      suite.rating = Rating::sufficient;
      changed = true;
    }
  REQUIRE(changed);
  CHECK(grade(r, kinder).fs_params.decision == Decision::open);
  CHECK(next_probe(r, kinder) == ProbeKind::tls12_dhe);
}
