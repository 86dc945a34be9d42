// verify on recorded reports of the test world (data/check_verify/, written by
// record.py): the replay reproduces every verdict offline and consumes exactly
// the recorded evidence; tampered evidence does not verify; the reader is
// strict and bounded (bad input is an error, never a crash); the C ABI entry.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "capi/check_capi.h"
#include "check/evidence.h"
#include "check/verify.h"
#include "data/check_verify/recorded_reports.h"
#include "dns/message.h"
#include "dnssec/trust_anchors.h"
#include "util/encoding.h"

using namespace daneel;
using Json = nlohmann::json;

namespace {

check::VerifyConfig recorded_config() {
  check::VerifyConfig config;
  config.trust_anchors = std::string(verify_recorded::kTrustAnchor);
  return config;
}

check::VerifyResult verified(const std::string& report,
                             const check::VerifyConfig& config = recorded_config()) {
  auto result = check::verify_report(report, config);
  INFO((result.ok() ? std::string() : result.error().message));
  REQUIRE(result.ok());
  return std::move(result).value();
}

std::string differences(const check::VerifyResult& r) {
  std::string out = r.cannot_verify;
  for (const check::Difference& d : r.differences)
    out += "\n" + d.path + ": " + d.reported + " -> " + d.verified;
  return out;
}

// The DNS evidence as a sorted list (the live check records answers in arrival order).
std::vector<std::tuple<std::string, std::string, std::string>> dns_of(const Json& evidence) {
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const Json& d : evidence["dns"]) out.emplace_back(d["qname"], d["qtype"], d["wire"]);
  std::sort(out.begin(), out.end());
  return out;
}

// The probes, by host, address and SNI flag (recorded as they finish).
// The probes, in a fixed order. The recorded reports predate "connection_end";
// a replay writes it (null: the check closed the connection itself), which is
// the same fact.
std::vector<Json> probes_of(const Json& evidence) {
  std::vector<Json> out(evidence["probes"].begin(), evidence["probes"].end());
  for (Json& probe : out)
    if (probe.contains("connection_end") && probe["connection_end"].is_null()) probe.erase("connection_end");
  std::sort(out.begin(), out.end(), [](const Json& a, const Json& b) {
    return std::make_tuple(a["host"].get<std::string>(), a["address"].get<std::string>(), a["sni"].get<bool>()) <
           std::make_tuple(b["host"].get<std::string>(), b["address"].get<std::string>(), b["sni"].get<bool>());
  });
  return out;
}

// The index of the recorded probe with (or without) SNI; ee311 has one of each.
std::size_t probe_index(const Json& report, bool sni) {
  const Json& probes = report["evidence"]["probes"];
  for (std::size_t i = 0; i < probes.size(); ++i)
    if (probes[i]["sni"] == sni) return i;
  FAIL("no probe with sni = " << sni);
  return 0;
}

Errc error_of(std::string_view report, const check::VerifyConfig& config = recorded_config()) {
  auto result = check::verify_report(report, config);
  return result.ok() ? Errc::internal : result.error().code;
}

}  // namespace

TEST_CASE("verify: recorded world reports verify offline and the replay uses exactly their evidence") {
  for (const std::string_view recorded : {verify_recorded::kEe311, verify_recorded::kTwoMx}) {
    const Json given = Json::parse(recorded);
    const check::VerifyResult result = verified(std::string(recorded));
    INFO(given["input"] << differences(result));
    CHECK(result.ok);
    CHECK(result.cannot_verify.empty());
    CHECK(result.differences.empty());
    REQUIRE(result.report.has_value());
    CHECK(to_string(result.report->verdict) == given["verdict"].get<std::string>());
    const Json replayed = Json::parse(check::report_to_json(*result.report));
    CHECK(dns_of(replayed["evidence"]) == dns_of(given["evidence"]));
    CHECK(probes_of(replayed["evidence"]) == probes_of(given["evidence"]));
    CHECK(replayed["evidence"]["time"] == given["evidence"]["time"]);
  }
  const check::VerifyResult two = verified(std::string(verify_recorded::kTwoMx));
  CHECK(to_string(two.report->verdict) == "warn");
  CHECK(two.report->hosts.size() == 2);
}

TEST_CASE("verify: tampered evidence or verdicts make differences") {
  const Json good = Json::parse(verify_recorded::kEe311);
  REQUIRE(good["verdict"] == "pass");

  SECTION("a flipped bit in the TLSA record's data: the RRSIG no longer verifies (bogus)") {
    Json tampered = good;
    const std::string record = good["hosts"][0]["tlsa"]["records"][0];
    const Bytes data = encoding::from_hex(record.substr(record.rfind(' ') + 1)).value();
    bool flipped = false;
    for (Json& d : tampered["evidence"]["dns"]) {
      if (d["qtype"] != "TLSA") continue;
      Bytes wire = encoding::from_base64(d["wire"].get<std::string>()).value();
      const auto at = std::search(wire.begin(), wire.end(), data.begin(), data.end());
      if (at == wire.end()) continue;
      *at = static_cast<std::uint8_t>(*at ^ 0x80);
      d["wire"] = encoding::to_base64(wire);
      flipped = true;
    }
    REQUIRE(flipped);
    const check::VerifyResult r = verified(tampered.dump());
    INFO(differences(r));
    CHECK_FALSE(r.ok);
    CHECK(to_string(r.report->hosts.at(0).tlsa.dnssec.security) == "bogus");
    CHECK(std::any_of(r.differences.begin(), r.differences.end(), [](const check::Difference& d) {
      return d.path == "verdict" && d.verified == "fail";
    }));
  }
  SECTION("a changed byte in the served certificate: DANE-EE no longer matches") {
    Json tampered = good;
    Json& chain = tampered["evidence"]["probes"][probe_index(good, true)]["smtp"]["tls"]["chain"];
    REQUIRE(chain.size() >= 1);
    Bytes der = encoding::from_base64(chain[0].get<std::string>()).value();
    der[der.size() / 2] =
        static_cast<std::uint8_t>(der[der.size() / 2] ^ 0x01);  // inside the SPKI or signature
    chain[0] = encoding::to_base64(der);
    const check::VerifyResult r = verified(tampered.dump());
    INFO(differences(r));
    CHECK_FALSE(r.ok);
    CHECK(to_string(r.report->hosts.at(0).addresses.at(0).verdict) == "fail");
  }
  SECTION("the probe without SNI is replayed by its own key: another chain there changes sni_dependence only") {
    REQUIRE(good["subtests"]["sni_dependence"]["status"] == "passed");
    REQUIRE(good["hosts"][0]["addresses"][0]["no_sni"]["sni"] == false);
    Json tampered = good;
    Json& chain = tampered["evidence"]["probes"][probe_index(good, false)]["smtp"]["tls"]["chain"];
    Bytes der = encoding::from_base64(chain[0].get<std::string>()).value();
    der[der.size() / 2] = static_cast<std::uint8_t>(der[der.size() / 2] ^ 0x01);
    chain[0] = encoding::to_base64(der);
    const check::VerifyResult r = verified(tampered.dump());
    INFO(differences(r));
    CHECK_FALSE(r.ok);
    CHECK(to_string(r.report->hosts.at(0).addresses.at(0).verdict) == "pass");  // the SNI probe is untouched
    std::vector<std::string> paths;
    for (const check::Difference& d : r.differences) paths.push_back(d.path);
    std::sort(paths.begin(), paths.end());
    CHECK(paths == std::vector<std::string>{"subtests.sni_dependence.code", "subtests.sni_dependence.status"});
    CHECK(r.report->hosts.at(0).sni_dependence->note.code == "sni_required");
  }
  SECTION("without the probe without SNI (an older report): no such probe replayed, sni_dependence not tested") {
    Json tampered = good;
    tampered["evidence"]["probes"].erase(probe_index(good, false));
    for (Json& p : tampered["evidence"]["probes"]) p.erase("sni");  // older reports have no flag
    const check::VerifyResult r = verified(tampered.dump());
    INFO(differences(r));
    CHECK(to_string(r.report->hosts.at(0).addresses.at(0).verdict) == "pass");
    CHECK_FALSE(r.report->hosts.at(0).addresses.at(0).no_sni.has_value());
    std::vector<std::string> paths;
    for (const check::Difference& d : r.differences) paths.push_back(d.path);
    std::sort(paths.begin(), paths.end());
    CHECK(paths == std::vector<std::string>{"subtests.sni_dependence.code", "subtests.sni_dependence.status"});
  }
  SECTION("the probe removed: the address replays as not connected") {
    Json tampered = good;
    tampered["evidence"]["probes"] = Json::array();
    const check::VerifyResult r = verified(tampered.dump());
    CHECK_FALSE(r.ok);
    CHECK(r.report->hosts.at(0).addresses.at(0).connect_error.find("no probe") != std::string::npos);
  }
  SECTION("judged later than the signatures' validity") {
    Json tampered = good;
    tampered["evidence"]["time"] =
        good["evidence"]["time"].get<std::int64_t>() + 10LL * 365 * 24 * 3600 * 1000;
    CHECK_FALSE(verified(tampered.dump()).ok);
  }
  SECTION("an edited verdict, outcome code and subtest in the report") {
    Json tampered = good;
    tampered["hosts"][0]["verdict"] = "fail";
    tampered["outcome"]["code"] = "made_up";
    tampered["subtests"]["dane_valid"]["status"] = "failed";
    const check::VerifyResult r = verified(tampered.dump());
    std::vector<std::string> paths;
    for (const check::Difference& d : r.differences) paths.push_back(d.path);
    std::sort(paths.begin(), paths.end());
    CHECK(paths ==
          std::vector<std::string>{"hosts[0].verdict", "outcome.code", "subtests.dane_valid.status"});
  }
  SECTION("no evidence, or incomplete evidence: cannot verify, never ok") {
    Json tampered = good;
    tampered.erase("evidence");
    check::VerifyResult r = verified(tampered.dump());
    CHECK_FALSE(r.ok);
    CHECK(r.cannot_verify == "the report carries no evidence");
    tampered = good;
    tampered["evidence"]["complete"] = false;
    tampered["evidence"]["incomplete_reason"] = "more than 256 probes";
    r = verified(tampered.dump());
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.report.has_value());
    CHECK(r.cannot_verify.find("more than 256 probes") != std::string::npos);
    tampered = good;
    tampered["timed_out"] = true;
    r = verified(tampered.dump());
    CHECK_FALSE(r.ok);
    CHECK(r.cannot_verify.find("deadline") != std::string::npos);
  }
}

TEST_CASE("verify: the reader is strict and bounded") {
  const Json good = Json::parse(verify_recorded::kEe311);
  CHECK(error_of("") == Errc::malformed);
  CHECK(error_of("{\"input\":") == Errc::malformed);
  CHECK(error_of("[]") == Errc::malformed);
  CHECK(error_of("{\"verdict\":\"pass\"}") == Errc::malformed);  // no input
  CHECK(error_of(std::string(100'000, '[')) == Errc::limit_exceeded);
  check::VerifyConfig small = recorded_config();
  small.max_input = 1000;
  CHECK(error_of(verify_recorded::kEe311, small) == Errc::limit_exceeded);

  auto with = [&](const char* pointer, const Json& value) {
    Json j = good;
    j[Json::json_pointer(pointer)] = value;
    return error_of(j.dump());
  };
  CHECK(with("/evidence", "yes") == Errc::malformed);
  CHECK(with("/evidence/time", -1) == Errc::malformed);
  CHECK(with("/evidence/time", "now") == Errc::malformed);
  CHECK(with("/evidence/dns", Json::object()) == Errc::malformed);
  CHECK(with("/evidence/dns/0/wire", "not base64!") == Errc::malformed);
  CHECK(with("/evidence/dns/0/wire", std::string(100'000, 'A')) == Errc::malformed);
  CHECK(with("/evidence/dns/0/qname", 5) == Errc::malformed);
  CHECK(with("/evidence/probes/0/smtp/outcome", "splendid") == Errc::malformed);
  CHECK(with("/evidence/probes/0/smtp/tls/version", "SSLv3") == Errc::malformed);
  CHECK(with("/evidence/probes/0/smtp/tls/group", 70000) == Errc::malformed);
  CHECK(with("/evidence/probes/0/smtp/replies/0/lines", Json::array({1, 2})) == Errc::malformed);
  CHECK(with("/evidence/probes/0/connected", nullptr) == Errc::malformed);
  CHECK(with("/evidence/probes/0/sni", "no") == Errc::malformed);
  Json many = Json::array();
  for (int i = 0; i < 1025; ++i) many.push_back(good["evidence"]["dns"][0]);
  CHECK(with("/evidence/dns", many) == Errc::limit_exceeded);
  Json chain = Json::array();
  for (int i = 0; i < 17; ++i) chain.push_back("AAAA");
  CHECK(with("/evidence/probes/0/smtp/tls/chain", chain) == Errc::limit_exceeded);

  // Every truncation of a real report is refused cleanly (never a crash).
  const std::string text(verify_recorded::kEe311);
  std::size_t refused = 0, tried = 0;
  for (std::size_t cut = 0; cut < text.size(); cut += 37, ++tried)
    refused += check::verify_report(text.substr(0, cut), recorded_config()).ok() ? 0 : 1;
  CHECK(refused == tried);
}

TEST_CASE("verify: the C ABI entry daneel_verify") {
  const std::string report(verify_recorded::kEe311);
  const std::string config = Json{{"trust_anchors", verify_recorded::kTrustAnchor}}.dump();
  const char* out = daneel_verify(report.data(), report.size(), config.data(), config.size());
  REQUIRE(out != nullptr);
  const Json result = Json::parse(out);
  CHECK(result["ok"] == true);
  CHECK(result["differences"].empty());
  CHECK(result["report"]["verdict"] == "pass");
  CHECK_FALSE(result.contains("cannot_verify"));

  // Without the world's anchor (the root's KSKs by default) nothing validates: differences, not an error.
  out = daneel_verify(report.data(), report.size(), nullptr, 0);
  REQUIRE(out != nullptr);
  CHECK(Json::parse(out)["ok"] == false);

  CHECK(daneel_verify(nullptr, 0, nullptr, 0) == nullptr);
  CHECK(std::strstr(daneel_last_error(), "invalid_argument") != nullptr);
  CHECK(daneel_verify("{", 1, nullptr, 0) == nullptr);
  const std::string bad_anchor = R"({"trust_anchors":"not a record"})";
  CHECK(daneel_verify(report.data(), report.size(), bad_anchor.data(), bad_anchor.size()) == nullptr);
  CHECK(daneel_verify(report.data(), report.size(), "[]", 2) == nullptr);
}

TEST_CASE(
    "evidence recorder: questions from POST and GET requests, consumed answers only, bounds mark it "
    "incomplete") {
  auto request = [](const char* name, dns::RrType type, dns::HttpMethod method) {
    const Bytes wire = dns::build_message(dns::make_query(dns::Name::from_text(name).value(), type)).value();
    return dns::make_doh_request("https://192.0.2.53/dns-query", wire, method).value();
  };
  const dns::DohRequest post = request("MX.Example.NL", dns::RrType::mx, dns::HttpMethod::post);
  const dns::DohRequest get = request("_25._tcp.mx.example.nl", dns::RrType::tlsa, dns::HttpMethod::get);
  CHECK(check::doh_question_key(post) == "mx.example.nl. MX");
  CHECK(check::doh_question_key(get) == "_25._tcp.mx.example.nl. TLSA");
  CHECK_FALSE(
      check::doh_question_key(dns::DohRequest{dns::HttpMethod::get, "https://x/dns-query?dns=%%", {}}));
  CHECK_FALSE(check::doh_question_key(dns::DohRequest{dns::HttpMethod::post, "https://x/", Bytes{1, 2, 3}}));

  check::EvidenceRecorder recorder(
      check::EvidenceLimits{.max_dns_answers = 2, .max_probes = 1, .max_bytes = 1000});
  const dns::HttpResponse answer{200, "application/dns-message", Bytes(100, 0)};
  recorder.on_request(1, post);
  recorder.on_request(2, get);
  recorder.on_request(3, post);
  recorder.on_cancel(3);
  recorder.on_response(3, answer, 2000);                                              // cancelled: not consumed
  recorder.on_response(9, answer, 2000);                                              // never asked
  recorder.on_response(1, dns::HttpResponse{503, "text/plain", Bytes(10, 0)}, 2000);  // replays as a failure
  recorder.on_response(2, answer, 2000);
  check::Evidence e = recorder.evidence(1234);
  CHECK(e.time == 1234);
  CHECK(e.complete);
  REQUIRE(e.dns.size() == 1);
  CHECK(e.dns[0].qname == "_25._tcp.mx.example.nl.");
  CHECK(e.dns[0].qtype == "TLSA");
  CHECK(e.dns[0].at == 2000 - 1234);

  for (dns::RequestId id = 10; id < 14; ++id) {
    recorder.on_request(id, post);
    recorder.on_response(id, answer, 2000);
  }
  e = recorder.evidence(1234);
  CHECK(e.dns.size() == 2);
  CHECK_FALSE(e.complete);
  CHECK(e.incomplete_reason == "more than 2 DNS answers");

  check::EvidenceRecorder small(check::EvidenceLimits{.max_bytes = 150});
  small.on_request(1, post);
  small.on_response(1, answer, 0);
  check::ProbeEvidence probe;
  probe.completed = true;
  probe.outcome = "ok";
  probe.phase = "tls_ehlo";
  probe.chain = {Bytes(100, 0x30)};
  small.on_probe(probe);
  e = small.evidence(0);
  CHECK(e.probes.empty());
  CHECK_FALSE(e.complete);
  CHECK(e.incomplete_reason.find("over 150 bytes") != std::string::npos);
}

namespace {

// A recorded report as schema 1.2 writes it: naming the trust anchor it was judged with.
std::string with_anchors(std::string_view recorded, const Json& anchors) {
  Json report = Json::parse(recorded);
  report["schema_version"] = "1.2";
  report["trust_anchors"] = anchors;
  return report.dump();
}

const Json kWorldAnchor = Json::array(
    {{{"owner", "."}, {"type", "DS"}, {"key_tag", 51427}, {"algorithm", 13}, {"digest_type", 2}}});

}  // namespace

TEST_CASE("trust anchors: one reader for every configuration (check, verify, the C ABI)") {
  // Empty text: none given, the root's KSKs.
  const auto root = dnssec::TrustAnchors::from_config("");
  REQUIRE(root.ok());
  const std::vector<dnssec::TrustAnchorKey> keys = root.value().keys();
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].owner.is_root());
  CHECK(keys[0].key_tag == 20326);
  CHECK(keys[1].key_tag == 38696);
  CHECK(keys[1].algorithm == 8);
  CHECK(keys[1].digest_type == 2);
  // Text without a record is refused, not taken as "no anchors".
  const auto none = dnssec::TrustAnchors::from_config("; only a comment\n\n");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message.find("no DS or DNSKEY record") != std::string::npos);
  CHECK_FALSE(dnssec::TrustAnchors::from_config(". IN NS a.root-servers.net.").ok());
  const auto world = dnssec::TrustAnchors::from_config(verify_recorded::kTrustAnchor);
  REQUIRE(world.ok());
  CHECK(world.value().keys().at(0).key_tag == 51427);

  // The same answer through the C ABI: a bad anchor is an error there, a report never sees it.
  const std::string bad = R"({"trust_anchors":"; nothing here"})";
  const std::string report(verify_recorded::kEe311);
  CHECK(daneel_verify(report.data(), report.size(), bad.data(), bad.size()) == nullptr);
  CHECK(std::strstr(daneel_last_error(), "no DS or DNSKEY record") != nullptr);

  // A report names the anchors it was judged with: the replay's are the verifier's.
  const check::VerifyResult replayed = verified(report);
  REQUIRE(replayed.report);
  REQUIRE(replayed.report->trust_anchors.size() == 1);
  CHECK(replayed.report->trust_anchors[0].key_tag == 51427);
  const Json replayed_json = Json::parse(check::report_to_json(*replayed.report));
  CHECK(replayed_json["schema_version"] == check::kReportSchemaVersion);
  CHECK(replayed_json["trust_anchors"] == kWorldAnchor);
}

TEST_CASE("verify: a report judged with other trust anchors says so first and plainly") {
  // A world report (schema 1.2, the world's anchor 51427) verified with the root's KSKs.
  const std::string report = with_anchors(verify_recorded::kEe311, kWorldAnchor);
  const check::VerifyResult r = verified(report, check::VerifyConfig{});
  REQUIRE(r.trust_anchors_differ);
  CHECK(r.trust_anchors_differ->code == "verify_trust_anchors_differ");
  CHECK(r.trust_anchors_differ->params ==
        std::vector<check::Param>{{"report", "51427"}, {"verify", "20326, 38696"}});
  // In the report's language (English): both sets of key tags, and what to do.
  INFO(r.trust_anchors_differ->text);
  CHECK(r.trust_anchors_differ->text.find("other trust anchors (key tags 51427)") != std::string::npos);
  CHECK(r.trust_anchors_differ->text.find("(20326, 38696)") != std::string::npos);
  CHECK(r.trust_anchors_differ->fix.find("--trust-anchor") != std::string::npos);
  // The differences still follow (nothing validates with the root's KSKs), as the anchors' consequence.
  CHECK_FALSE(r.ok);
  CHECK(r.differences.size() > 10);
  CHECK(r.report_trust_anchors.value().at(0).key_tag == 51427);
  CHECK(r.verify_trust_anchors.size() == 2);

  // In the language asked for.
  check::VerifyConfig dutch;
  dutch.lang = "nl";
  const check::VerifyResult nl = verified(report, dutch);
  REQUIRE(nl.trust_anchors_differ);
  CHECK(nl.trust_anchors_differ->text.find("andere vertrouwensankers (sleuteltags 51427)") != std::string::npos);

  // With the report's own anchor: nothing to say, the report holds.
  const check::VerifyResult same = verified(report);
  CHECK_FALSE(same.trust_anchors_differ);
  CHECK(same.ok);
  // A DNSKEY anchor for the same key counts as the same anchor (owner, key tag, algorithm).
  Json as_dnskey = kWorldAnchor;
  as_dnskey[0]["type"] = "DNSKEY";
  as_dnskey[0]["digest_type"] = nullptr;
  CHECK_FALSE(verified(with_anchors(verify_recorded::kEe311, as_dnskey)).trust_anchors_differ);

  // A report from before schema 1.2 names no anchors: today's behaviour, differences only.
  const check::VerifyResult old = verified(std::string(verify_recorded::kEe311), check::VerifyConfig{});
  CHECK_FALSE(old.trust_anchors_differ);
  CHECK_FALSE(old.report_trust_anchors);
  CHECK_FALSE(old.ok);
  CHECK_FALSE(old.differences.empty());

  // The field is read strictly.
  for (const Json& bad : {Json("."), Json::array({{{"owner", "."}}}),
                          Json::array({{{"owner", "."}, {"type", "NS"}, {"key_tag", 1}, {"algorithm", 8}, {"digest_type", 2}}}),
                          Json::array({{{"owner", "."}, {"type", "DS"}, {"key_tag", 70000}, {"algorithm", 8}, {"digest_type", 2}}}),
                          Json::array({{{"owner", "."}, {"type", "DS"}, {"key_tag", 1}, {"algorithm", 8}, {"digest_type", nullptr}}})}) {
    INFO(bad.dump());
    const auto result = check::verify_report(with_anchors(verify_recorded::kEe311, bad), check::VerifyConfig{});
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == Errc::malformed);
  }

  // Through the C ABI: the finding first, both anchor lists after the differences.
  const std::string config = R"({"lang":"nl"})";
  const char* out = daneel_verify(report.data(), report.size(), config.data(), config.size());
  REQUIRE(out != nullptr);
  const Json result = Json::parse(out);
  const auto ordered = nlohmann::ordered_json::parse(out);
  CHECK(ordered.begin().key() == "ok");
  CHECK(std::next(ordered.begin()).key() == "trust_anchors_differ");
  CHECK(result["trust_anchors_differ"]["code"] == "verify_trust_anchors_differ");
  CHECK(result["trust_anchors_differ"]["params"]["verify"] == "20326, 38696");
  CHECK(result["trust_anchors_differ"]["text"].get<std::string>().find("sleuteltags") != std::string::npos);
  CHECK(result["trust_anchors"]["report"] == kWorldAnchor);
  CHECK(result["trust_anchors"]["verify"][1]["key_tag"] == 38696);
  const std::string same_config = Json{{"trust_anchors", verify_recorded::kTrustAnchor}}.dump();
  out = daneel_verify(report.data(), report.size(), same_config.data(), same_config.size());
  REQUIRE(out != nullptr);
  CHECK(Json::parse(out)["trust_anchors_differ"].is_null());
  CHECK(Json::parse(out)["ok"] == true);
  const std::string bad_lang = R"({"lang":"de"})";
  CHECK(daneel_verify(report.data(), report.size(), bad_lang.data(), bad_lang.size()) == nullptr);
  CHECK(std::strstr(daneel_last_error(), R"(lang must be \"en\" or \"nl\")") != nullptr);
}
