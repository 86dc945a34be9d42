// The TLS grading's report side (check/grading.h): how a probe's end stops
// the plan (the relay's refusals never blamed on the server), the subtests
// of an address (open ones not tested with the stop as reason, never
// passed), the notes, the per-host/domain summary (worst wins), and the
// report block read back as verify does.
#include <catch2/catch_test_macros.hpp>

#include "check/grading.h"
#include "check/grading_json.h"

using namespace daneel;
using namespace daneel::check;

namespace {

// An address whose own session was TLS 1.3 (TLS_AES_256_GCM_SHA384 with x25519), no probe made yet.
AddressGrading after_tls13_session() {
  AddressGrading g;
  tls::NormalHandshakeFacts normal;
  normal.version = 0x0304;
  normal.cipher_suite = 0x1302;
  normal.group = 0x001d;
  g.results.normal = normal;
  return g;
}

GradingProbe ended(smtp::ProbeEnd end) {
  GradingProbe p;
  p.kind = tls::ProbeKind::legacy;
  p.end = end;
  return p;
}

GradingProbe failed(CloseCause cause) {
  GradingProbe p;
  p.kind = tls::ProbeKind::legacy;
  p.connection_end = CloseReason{cause, cause == CloseCause::relay_refused ? std::uint16_t{4008} : std::uint16_t{0}, "x"};
  return p;
}

// The report block's ssl3 as "STATUS REASON" ("null" for none).
std::string ssl3_json(const GradingReport& r) {
  const Json j = grading_to_json(r).at("ssl3");
  return j.at("status").get<std::string>() + " " +
         (j.at("reason").is_null() ? std::string("null") : j.at("reason").get<std::string>());
}

const GradingSubtest& find(const std::vector<GradingSubtest>& all, const std::string& name) {
  for (const GradingSubtest& s : all)
    if (s.name == name) return s;
  FAIL("no subtest " << name);
  std::abort();
}

}  // namespace

TEST_CASE("grading: how a probe's end stops the plan") {
  CHECK(stop_of(ended(smtp::ProbeEnd::answered)) == GradingStop::none);
  CHECK(stop_of(ended(smtp::ProbeEnd::rate_limited)) == GradingStop::rate_limited);
  CHECK(stop_of(ended(smtp::ProbeEnd::session_refused)) == GradingStop::session_refused);
  CHECK(stop_of(ended(smtp::ProbeEnd::timeout)) == GradingStop::timeout);
  CHECK(stop_of(ended(smtp::ProbeEnd::closed)) == GradingStop::connection_failed);
  CHECK(stop_of(failed(CloseCause::server_reset)) == GradingStop::connection_failed);
  CHECK(stop_of(failed(CloseCause::server_silent)) == GradingStop::connection_failed);
  // The relay's refusals and caps, and the local network, are never the server's doing.
  CHECK(stop_of(failed(CloseCause::relay_refused)) == GradingStop::relay_refused);
  CHECK(stop_of(failed(CloseCause::relay_cap)) == GradingStop::relay_refused);
  GradingProbe cut = ended(smtp::ProbeEnd::closed);
  cut.connection_end = CloseReason{CloseCause::relay_cap, 4009, "cap"};
  CHECK(stop_of(cut) == GradingStop::relay_refused);
}

TEST_CASE("grading: undecided subtests are not tested with the stop as reason; no handshake, no subtests") {
  AddressGrading g;
  g.stop = GradingStop::rate_limited;
  g.connections = 3;
  tls::NormalHandshakeFacts normal;
  normal.version = 0x0304;
  normal.cipher_suite = 0x1302;
  normal.group = 0x001d;
  g.results.normal = normal;
  const GradingReport r = grading_report(g);
  CHECK(r.connections == 3);
  REQUIRE(r.subtests.size() == 10);
  for (const GradingSubtest& s : r.subtests) {
    INFO(s.name);
    if (s.decision == tls::Decision::open) {
      CHECK(s.status == SubtestStatus::not_tested);
      CHECK(s.note.code == "tls_grading_not_tested");
      REQUIRE(s.note.params.size() == 1);
      CHECK(s.note.params[0].value == "rate_limited");
    }
    CHECK(s.status != SubtestStatus::passed);  // nothing decided: no probe answered, no chain
  }
  AddressGrading none;
  none.stop = GradingStop::no_handshake;
  CHECK(grading_report(none).subtests.empty());
}

TEST_CASE("grading: decided subtests carry their finding; the summary is the worst over the addresses") {
  AddressGrading g = after_tls13_session();
  tls::ServerFlight refused;
  refused.status = tls::FlightStatus::alert;
  refused.alert_level = 2;
  refused.alert_description = 70;
  g.results.set(tls::ProbeKind::legacy, refused);
  refused.alert_description = 40;
  g.results.set(tls::ProbeKind::tls12_worst_first, refused);
  const GradingReport tls13_only = grading_report(g);
  CHECK(find(tls13_only.subtests, "tls_version").status == SubtestStatus::passed);
  CHECK(find(tls13_only.subtests, "tls_version").note.code == "tls_version_ok");
  CHECK(find(tls13_only.subtests, "extended_master_secret").status == SubtestStatus::info);
  CHECK(find(tls13_only.subtests, "extended_master_secret").note.code == "tls_grading_not_applicable");

  AddressGrading other;
  other.stop = GradingStop::budget;
  other.results.normal = g.results.normal;
  const GradingReport untested = grading_report(other);
  const auto summary = summarize_grading({&tls13_only, &untested});
  REQUIRE(summary.has_value());
  // A pass on one address and not tested on the other: not tested (an untested address never lets a pass stand).
  CHECK(find(summary->subtests, "tls_version").status == SubtestStatus::not_tested);
  CHECK_FALSE(summarize_grading({}).has_value());
}

TEST_CASE("grading: the report block reads back as verify replays it") {
  GradingReport r;
  r.budget = 6;
  r.connections = 4;
  r.stop = GradingStop::relay_refused;
  GradingProbe answered = ended(smtp::ProbeEnd::answered);
  answered.kind = tls::ProbeKind::tls12_worst_first;
  tls::ServerFlight f;
  f.status = tls::FlightStatus::server_hello_done;
  f.version = 0x0303;
  f.cipher_suite = 0x009f;
  f.compression_method = 0;
  f.extended_master_secret = true;
  f.dh_prime = Bytes{0xff, 0x01, 0x02};
  f.dh_prime_bits = 24;
  f.signature_scheme = 0x0804;
  answered.flight = f;
  r.probes = {answered, failed(CloseCause::relay_refused)};
  const Json json = grading_to_json(r);
  auto back = recorded_grading_from_json(json);
  REQUIRE(back.ok());
  CHECK(back.value().budget == 6);
  CHECK(back.value().stop == GradingStop::relay_refused);
  REQUIRE(back.value().probes.size() == 2);
  const GradingProbe& p = back.value().probes[0];
  CHECK(p.kind == tls::ProbeKind::tls12_worst_first);
  CHECK(p.end == smtp::ProbeEnd::answered);
  REQUIRE(p.flight.has_value());
  CHECK(p.flight->cipher_suite == std::optional<std::uint16_t>(0x009f));
  CHECK(p.flight->dh_prime == f.dh_prime);
  CHECK(p.flight->extended_master_secret);
  CHECK(p.flight->signature_scheme == std::optional<std::uint16_t>(0x0804));
  CHECK_FALSE(back.value().probes[1].end.has_value());
  CHECK(stop_of(back.value().probes[1]) == GradingStop::relay_refused);

  CHECK_FALSE(back.value().through_relay);
  // (Strings, not Json, in CHECK: Catch would print a Json with a serializer
  // instantiated here with UBSan's vptr check, which the RTTI-less core breaks.)
  CHECK(json["ssl3"]["status"].get<std::string>() == "not_tested");
  CHECK(json["ssl3"]["reason"].get<std::string>() == "relay_refused");  // what stopped the plan
  r.through_relay = true;
  const Json relayed = grading_to_json(r);
  CHECK(relayed["ssl3"]["reason"].get<std::string>() == "relay");
  REQUIRE(recorded_grading_from_json(relayed).ok());
  CHECK(recorded_grading_from_json(relayed).value().through_relay);

  Json bad = json;
  bad["probes"][0]["kind"] = "sslv2";
  CHECK_FALSE(recorded_grading_from_json(bad).ok());
  bad = json;
  bad["stop"] = 7;
  CHECK_FALSE(recorded_grading_from_json(bad).ok());
}

TEST_CASE("grading: SSL 3.0 in tls_version's text and the block: accepted, refused, or why not tested") {
  AddressGrading g = after_tls13_session();
  tls::ServerFlight legacy;
  legacy.status = tls::FlightStatus::server_hello_done;
  legacy.version = legacy.legacy_version = 0x0301;
  legacy.cipher_suite = 0x002f;
  legacy.compression_method = 0;
  g.results.set(tls::ProbeKind::legacy, legacy);
  g.stop = GradingStop::budget;
  GradingReport r = grading_report(g);
  const auto param = [](const GradingSubtest& s, const std::string& name) {
    for (const Param& p : s.note.params)
      if (p.name == name) return p.value;
    return std::string("(none)");
  };
  CHECK(find(r.subtests, "tls_version").status == SubtestStatus::failed);
  CHECK(param(find(r.subtests, "tls_version"), "ssl3") == "budget");
  CHECK(ssl3_json(r) == "not_tested budget");

  g.through_relay = true;
  r = grading_report(g);
  CHECK(param(find(r.subtests, "tls_version"), "ssl3") == "relay");

  tls::ServerFlight ssl3 = legacy;
  ssl3.version = ssl3.legacy_version = 0x0300;
  ssl3.cipher_suite = 0x000a;
  g.results.set(tls::ProbeKind::ssl3, ssl3);
  r = grading_report(g);
  CHECK(param(find(r.subtests, "tls_version"), "ssl3") == "accepted");
  CHECK(ssl3_json(r) == "accepted null");

  tls::ServerFlight alert;
  alert.status = tls::FlightStatus::alert;
  alert.alert_level = 2;
  alert.alert_description = 70;
  g.results.set(tls::ProbeKind::ssl3, alert);
  CHECK(param(find(grading_report(g).subtests, "tls_version"), "ssl3") == "refused");

  // TLS 1.0/1.1 refused: SSL 3.0 not probed, and tls_version has no ssl3 word.
  g.results.set(tls::ProbeKind::legacy, alert);
  g.results.flights[static_cast<std::size_t>(tls::ProbeKind::ssl3)].reset();
  r = grading_report(g);
  CHECK(ssl3_json(r) == "not_tested no_legacy");
  CHECK(param(find(r.subtests, "tls_version"), "ssl3") == "(none)");
}
