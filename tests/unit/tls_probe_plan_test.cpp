// The offers of the grading probes (tls/probe_plan.h) keep the plan of
// docs/TLS_GRADING.md section 3, and the DHE prime of a recorded Postfix
// answer is recognised as RFC 7919 ffdhe2048 (tls/dh_group.h).
#include <catch2/catch_test_macros.hpp>
#include <algorithm>
#include <set>

#include "data/tls/probe_flights.h"
#include "tls/dh_group.h"
#include "tls/grading_decisions.h"
#include "tls/grading_tables.h"
#include "tls/probe_hello.h"
#include "tls/probe_plan.h"
#include "tls/server_flight.h"
#include "util/encoding.h"

using namespace daneel;
using namespace daneel::tls;

namespace {

const GradingTables& tables() { return ncsc_2025_05(); }

// Every ClientHello probe: all kinds but tls12_renegotiation, a session.
const std::array<ProbeKind, kProbeKinds - 1> kAll{ProbeKind::legacy,
                                              ProbeKind::tls12_worst_first,
                                              ProbeKind::tls12_best_first,
                                              ProbeKind::tls12_insufficient,
                                              ProbeKind::tls12_phase_out,
                                              ProbeKind::tls12_dhe,
                                              ProbeKind::tls13_post_quantum,
                                              ProbeKind::tls12_weak_hash,
                                              ProbeKind::ssl3,
                                              ProbeKind::tls12_better_than_insufficient,
                                              ProbeKind::tls12_better_than_phase_out};

ProbeOffer offer(ProbeKind kind) {
  const Bytes random(64, 0x11);
  auto made = probe_offer(kind, tables(), "mx.example.nl", random);
  REQUIRE(made.ok());
  return std::move(made).value();
}

int severity(Rating r) { return r == Rating::sufficient ? 1 : r == Rating::phase_out ? 2 : r == Rating::insufficient ? 3 : 0; }

}  // namespace

TEST_CASE("probe plan: every probe's offer builds into one ClientHello within the relay's client TLS cap") {
  for (const ProbeKind kind : kAll) {
    INFO(to_string(kind));
    const ProbeOffer o = offer(kind);
    // SNI as the check's handshake, except in SSL 3.0, which has no extensions.
    CHECK(o.server_name == (kind == ProbeKind::ssl3 ? "" : "mx.example.nl"));
    std::set<std::uint16_t> unique(o.cipher_suites.begin(), o.cipher_suites.end());
    CHECK(unique.size() == o.cipher_suites.size());  // no suite twice
    const auto hello = build_probe_client_hello(o, Bytes(32, 1), Bytes(32, 2));
    REQUIRE(hello.ok());
    CHECK(hello.value().size() < 8 * 1024);  // proxy/policy/byte_caps.h: client_tls
  }
}

TEST_CASE("probe plan: the legacy probe offers TLS 1.1 with pre-TLS 1.2 suites only, all insufficient") {
  const ProbeOffer o = offer(ProbeKind::legacy);
  CHECK(o.legacy_version == 0x0302);
  CHECK(o.supported_versions.empty());
  CHECK(o.offer_deflate);
  CHECK(o.signature_schemes.empty());
  REQUIRE_FALSE(o.cipher_suites.empty());
  for (const std::uint16_t code : o.cipher_suites) {
    const Tls12Suite* suite = tables().find_tls12_suite(code);
    REQUIRE(suite != nullptr);
    INFO(suite->name);
    CHECK(suite->legacy);
    CHECK(suite->rating == Rating::insufficient);  // so any answer decides tls_ciphers too
  }
  CHECK(o.cipher_suites.size() == 42);
}

TEST_CASE("probe plan: worst-first and best-first offer the same suites in opposite class order, DHE first") {
  const ProbeOffer worst = offer(ProbeKind::tls12_worst_first);
  const ProbeOffer best = offer(ProbeKind::tls12_best_first);
  CHECK(worst.cipher_suites.size() == tables().tls12_suites.size());
  CHECK(std::set<std::uint16_t>(worst.cipher_suites.begin(), worst.cipher_suites.end()) ==
        std::set<std::uint16_t>(best.cipher_suites.begin(), best.cipher_suites.end()));
  for (std::size_t i = 1; i < worst.cipher_suites.size(); ++i) {
    const Tls12Suite* a = tables().find_tls12_suite(worst.cipher_suites[i - 1]);
    const Tls12Suite* b = tables().find_tls12_suite(worst.cipher_suites[i]);
    CHECK(severity(a->rating) >= severity(b->rating));
    if (a->rating == b->rating && b->kex == SuiteKex::dhe) CHECK(a->kex == SuiteKex::dhe);
    const Tls12Suite* c = tables().find_tls12_suite(best.cipher_suites[i - 1]);
    const Tls12Suite* d = tables().find_tls12_suite(best.cipher_suites[i]);
    CHECK(severity(c->rating) <= severity(d->rating));
  }
  CHECK(tables().tls12_suite(worst.cipher_suites.front()) == Rating::insufficient);
  CHECK(tables().tls12_suite(best.cipher_suites.front()) == Rating::sufficient);
  // Curves: weak first in the worst-first offer, good first in the other.
  CHECK(tables().group(worst.groups.front()) == Rating::insufficient);
  CHECK(tables().group(best.groups.front()) == Rating::good);
  // Both ask for SHA-2 signatures only: a ServerKeyExchange then answers kex_hash_func.
  for (const std::uint16_t scheme : worst.signature_schemes) CHECK(tables().kex_signature_scheme(scheme) == Rating::good);
  CHECK(worst.offer_deflate);
  CHECK(worst.extended_master_secret);
  CHECK(worst.renegotiation_info);
}

TEST_CASE("probe plan: the single-class probes, DHE only, weak hash and post-quantum") {
  for (const std::uint16_t code : offer(ProbeKind::tls12_insufficient).cipher_suites)
    CHECK(tables().tls12_suite(code) == Rating::insufficient);
  for (const std::uint16_t code : offer(ProbeKind::tls12_phase_out).cipher_suites)
    CHECK(tables().tls12_suite(code) == Rating::phase_out);
  for (const std::uint16_t code : offer(ProbeKind::tls12_dhe).cipher_suites)
    CHECK(tables().find_tls12_suite(code)->kex == SuiteKex::dhe);
  const ProbeOffer weak = offer(ProbeKind::tls12_weak_hash);
  REQUIRE_FALSE(weak.signature_schemes.empty());
  for (const std::uint16_t scheme : weak.signature_schemes)
    CHECK(tables().kex_signature_scheme(scheme) != Rating::good);

  const ProbeOffer pq = offer(ProbeKind::tls13_post_quantum);
  CHECK(pq.supported_versions == std::vector<std::uint16_t>{0x0304});
  CHECK(pq.cipher_suites.front() == 0x1305);  // CCM_8 first: a client-order server that has it shows it
  CHECK(pq.groups.front() == 0x11ec);
  REQUIRE(pq.key_shares.size() == 2);
  CHECK(pq.key_shares[0].group == 0x11ec);
  CHECK(pq.key_shares[0].key_exchange.size() == 1216);
  CHECK(pq.key_shares[1].group == 0x001d);
}

TEST_CASE("probe plan: the SSL 3.0 probe offers client_version 3.0, the non-EC pre-TLS 1.2 suites and the SCSV, no extensions") {
  const ProbeOffer o = offer(ProbeKind::ssl3);
  CHECK(o.legacy_version == 0x0300);
  CHECK(o.supported_versions.empty());
  CHECK(o.groups.empty());
  CHECK(o.signature_schemes.empty());
  CHECK_FALSE(o.offer_deflate);
  REQUIRE(o.cipher_suites.size() == 27);  // 26 suites of the tables + the SCSV
  CHECK(o.cipher_suites.back() == 0x00ff);  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3)
  for (std::size_t i = 0; i + 1 < o.cipher_suites.size(); ++i) {
    const Tls12Suite* suite = tables().find_tls12_suite(o.cipher_suites[i]);
    REQUIRE(suite != nullptr);
    INFO(suite->name);
    CHECK(suite->legacy);
    CHECK(suite->kex != SuiteKex::ecdhe);
    CHECK(suite->kex != SuiteKex::ecdh);
    CHECK(suite->kex != SuiteKex::ecdh_anon);
  }
  CHECK(std::find(o.cipher_suites.begin(), o.cipher_suites.end(), 0x000a) != o.cipher_suites.end());  // 3DES (RFC 6101)
  // The ClientHello ends after the compression methods: no extensions field.
  const auto hello = build_probe_client_hello(o, Bytes(32, 1), Bytes{});
  REQUIRE(hello.ok());
  const Bytes& h = hello.value();
  const std::size_t body = 4 + 2 + 32 + 1 + 2 + 2 * o.cipher_suites.size() + 2;  // header .. compression {1, 0}
  REQUIRE(h.size() == 5 + body);
  CHECK(h[9] == 0x03);
  CHECK(h[10] == 0x00);  // client_version 3.0
  CHECK(h[h.size() - 2] == 1);
  CHECK(h[h.size() - 1] == 0);  // compression: null only
}

TEST_CASE("probe plan: the better-than probes (P8) offer exactly the TLS 1.2 suites rated above the pick, best first") {
  const ProbeOffer above_insufficient = offer(ProbeKind::tls12_better_than_insufficient);
  const ProbeOffer above_phase_out = offer(ProbeKind::tls12_better_than_phase_out);
  std::size_t phase_out = 0;
  std::size_t sufficient = 0;
  for (const Tls12Suite& suite : tables().tls12_suites) {
    phase_out += suite.rating == Rating::phase_out ? 1 : 0;
    sufficient += suite.rating == Rating::sufficient ? 1 : 0;
  }
  CHECK(above_insufficient.cipher_suites.size() == phase_out + sufficient);
  CHECK(above_phase_out.cipher_suites.size() == sufficient);
  for (const std::uint16_t code : above_insufficient.cipher_suites)
    CHECK(tables().tls12_suite(code) != Rating::insufficient);
  for (const std::uint16_t code : above_phase_out.cipher_suites) CHECK(tables().tls12_suite(code) == Rating::sufficient);
  CHECK(tables().tls12_suite(above_insufficient.cipher_suites.front()) == Rating::sufficient);
  CHECK(tables().tls12_suite(above_insufficient.cipher_suites.back()) == Rating::phase_out);
  CHECK(above_insufficient.legacy_version == 0x0303);
  CHECK(above_insufficient.supported_versions.empty());
}

TEST_CASE("probe plan: tls12_renegotiation is a session of the check's own kind, with no ClientHello of the core's") {
  CHECK_FALSE(probe_offer(ProbeKind::tls12_renegotiation, tables(), "mx.example.nl", Bytes(64, 0x11)).ok());
  CHECK(std::find(kAll.begin(), kAll.end(), ProbeKind::tls12_renegotiation) == kAll.end());
}

TEST_CASE("dh group: the recorded Postfix prime is ffdhe2048; a changed prime is custom") {
  auto bytes = encoding::from_hex(testdata::kProbeDheRsaGcmFfdhe2048);
  REQUIRE(bytes.ok());
  const ServerFlight flight = read_server_flight(bytes.value(), tables());
  REQUIRE(flight.status == FlightStatus::server_hello_done);
  CHECK(rfc7919_group(flight.dh_prime) == 0x0100);
  CHECK(dhe_prime_rating(flight.dh_prime, tables()) == Rating::insufficient);  // ffdhe2048

  Bytes with_zero{0};
  with_zero.insert(with_zero.end(), flight.dh_prime.begin(), flight.dh_prime.end());
  CHECK(rfc7919_group(with_zero) == 0x0100);  // a leading zero byte does not change the number

  Bytes changed = flight.dh_prime;
  changed[100] ^= 1;
  CHECK_FALSE(rfc7919_group(changed));
  CHECK(dhe_prime_rating(changed, tables()) == tables().custom_ffdhe);
  CHECK_FALSE(rfc7919_group(ByteView(flight.dh_prime).first(128)));  // half of it
  CHECK_FALSE(rfc7919_group(Bytes{}));
}
