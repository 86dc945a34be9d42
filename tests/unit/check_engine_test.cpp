// check::Check through its CheckIo seam with a scripted driver (no network),
// and the report's JSON shape.
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <variant>

#include "check/check.h"
#include "check/messages.h"
#include "check/report.h"
#include "check/verdicts.h"

using namespace daneel;

namespace {

check::CheckConfig scripted_config() {
  check::CheckConfig config;
  config.resolver.servers = {"https://192.0.2.53/dns-query"};
  config.resolver.max_attempts = 1;
  return config;
}

}  // namespace

TEST_CASE("check engine: bad input is an error report at once") {
  check::Check c("  not a domain!  ", scripted_config(), 1000);
  CHECK(c.done());
  CHECK(to_string(c.report().verdict) == "error");
  CHECK(c.report().outcome.code == "input_invalid");
  CHECK(c.take_actions().empty());
  CHECK_FALSE(c.next_deadline().has_value());
  // The problem is a code, worded in the report's language: no English in a Dutch report.
  REQUIRE(c.report().outcome.params.size() == 2);
  CHECK(c.report().outcome.params[0].name == "problem");
  CHECK(c.report().outcome.params[0].value == "space");
  check::Report dutch = c.report();
  CHECK(check::render_messages(dutch, "nl").empty());
  CHECK(dutch.outcome.text == "Dit is geen maildomein dat getest kan worden: het domein bevat een spatie: typ één maildomein.");
  check::Report english = c.report();
  CHECK(check::render_messages(english, "en").empty());
  CHECK(english.outcome.text == "This is not a mail domain that can be checked: the domain contains a space: type one mail domain.");
}

TEST_CASE("check engine: a bad resolver config is an error report") {
  check::CheckConfig config = scripted_config();
  config.resolver.servers.clear();
  check::Check c("example.nl", config, 1000);
  CHECK(c.done());
  CHECK(c.report().outcome.code == "config_invalid");
}

TEST_CASE("check engine: resolvers that cannot be reached -> said once, plainly; every subtest not tested") {
  check::CheckConfig config = scripted_config();
  config.resolver.servers = {"https://192.0.2.53/dns-query", "https://198.51.100.53/dns-query"};
  config.resolver.max_attempts = 2;
  check::Check c("user@Example.NL", config, 1000);
  REQUIRE_FALSE(c.done());
  CHECK(c.report().domain == "example.nl");
  TimeMs now = 1000;
  std::size_t exchanges = 0;
  bool asked_mx_and_dnskey_at_once = false;
  for (int round = 0; round < 1000 && !c.done(); ++round) {
    auto actions = c.take_actions();
    if (round == 0) asked_mx_and_dnskey_at_once = actions.size() >= 2;
    for (const check::Action& action : actions) {
      REQUIRE_FALSE(std::holds_alternative<check::OpenConnection>(action));
      if (const auto* doh = std::get_if<check::DohExchange>(&action)) {
        ++exchanges;
        now += 5;
        c.on_doh_failure(doh->id, "scripted: connection refused by " + doh->request.url.substr(0, 24), now);
      }
    }
    if (actions.empty()) {
      const auto deadline = c.next_deadline();
      REQUIRE(deadline.has_value());
      now = std::max(now + 1, *deadline);
      c.on_timer(now);
    }
  }
  REQUIRE(c.done());
  CHECK(asked_mx_and_dnskey_at_once);
  CHECK(exchanges >= 1);
  const check::Report& r = c.report();
  CHECK(to_string(r.verdict) == "error");
  CHECK(r.outcome.code == "resolvers_unreachable");
  // Both servers named, and what each said, not only the last one tried.
  CHECK(r.outcome.text.find("https://192.0.2.53/dns-query, https://198.51.100.53/dns-query") != std::string::npos);
  CHECK(r.outcome.text.find("refused by https://192.0.2.53") != std::string::npos);
  CHECK(r.outcome.text.find("refused by https://198.51.100") != std::string::npos);
  CHECK(to_string(r.mx.security) == "indeterminate");
  CHECK(r.hosts.empty());
  REQUIRE(r.subtests.size() == 15);
  for (const check::Subtest& s : r.subtests) {
    INFO(s.name << ": " << s.note.code);
    CHECK(s.status == check::SubtestStatus::not_tested);
  }
  bool done_progress = false;
  for (const check::Progress& p : c.take_progress()) done_progress = done_progress || p.stage == "done";
  CHECK(done_progress);
}

TEST_CASE("check verdicts: hosts and subtests from address outcomes") {
  check::Report r;
  r.domain = "example.nl";
  r.mx_kind = check::MxKind::records;
  r.mx.security = dnssec::Security::secure;
  check::HostReport good;
  good.name = "mx1.example.nl";
  good.address_security = dnssec::Security::secure;
  good.tlsa.state = check::TlsaState::usable;
  good.tlsa.records = {"3 1 1 aa", "3 1 1 bb"};
  check::AddressReport a;
  a.address = "192.0.2.1";
  a.smtp_outcome = smtp::Outcome::ok;
  check::judge_address(a, check::DaneMode::opportunistic, nullptr);
  CHECK(to_string(a.verdict) == "no-dane");
  a.verdict = check::AddressVerdict::pass;
  check::DaneSummary dane;
  dane.records.push_back({"3 1 1 aa", 3, "DANE-EE(3) SPKI(1) SHA2-256(1)", true, true, true, {0}, "matches the leaf"});
  dane.records.push_back({"3 1 1 bb", 3, "DANE-EE(3) SPKI(1) SHA2-256(1)", true, true, false, {}, "the next key"});
  a.dane = dane;
  good.addresses.push_back(a);
  check::HostReport plain = good;
  plain.name = "mx2.example.nl";
  plain.tlsa.state = check::TlsaState::denied;
  plain.tlsa.records.clear();
  plain.addresses[0].verdict = check::AddressVerdict::no_dane;
  r.hosts = {good, plain};
  check::judge_report(r);
  CHECK(to_string(r.hosts[0].verdict) == "pass");
  CHECK(to_string(r.hosts[1].verdict) == "no-dane");
  CHECK(to_string(r.verdict) == "warn");
  CHECK(r.outcome.code == "mx_without_dane");
  CHECK(to_string(r.summary.dane) == "partial");
  CHECK(to_string(r.summary.dnssec) == "secure");
  CHECK(to_string(r.summary.starttls) == "all");
  auto status = [&](const std::string& name) {
    for (const check::Subtest& s : r.subtests)
      if (s.name == name) return std::string(check::to_string(s.status));
    return std::string("missing");
  };
  CHECK(status("starttls_available") == "passed");
  CHECK(status("dane_exists") == "failed");
  CHECK(status("dane_valid") == "passed");
  CHECK(status("dane_rollover") == "passed");
  CHECK(status("dnssec_mx_domain") == "passed");
  CHECK(status("dnssec_mx_hosts") == "passed");
  CHECK(status("every_mx_has_tlsa") == "failed");
  CHECK(status("mx_insecure") == "passed");
  CHECK(status("digest_agility") == "passed");

  // Without the standby record there is no rollover scheme (info, not a failure).
  r.hosts[0].addresses[0].dane->records.pop_back();
  r.warnings.clear();
  r.outcome = {};
  check::judge_report(r);
  CHECK(status("dane_rollover") == "info");
}

TEST_CASE("check report: JSON shape") {
  check::Report r;
  r.input = "Example.NL";
  r.domain = "example.nl";
  r.verdict = check::DomainVerdict::pass;
  r.outcome = check::note("dane_ok");
  r.summary = {check::SummaryDane::pass, dnssec::Security::secure, check::SummaryStarttls::all,
               check::SummaryTlsNcsc::not_graded};
  r.started_at = 1000;
  r.finished_at = 3500;
  check::HostReport h;
  h.name = "mx.example.nl";
  h.preference = 10;
  check::AddressReport a;
  a.address = "2001:db8::25";
  a.ipv6 = true;
  a.replies = {std::string("220 caf\xe9 [greeting]")};  // not UTF-8: replaced, never aborts
  a.tls = true;
  a.tls_version = "TLSv1.3";
  check::CertificateSummary cert;
  cert.spki_sha256 = "88ef";
  cert.tlsa_3_1_1 = "3 1 1 88ef";
  a.certificates.push_back(cert);
  a.dane = check::DaneSummary{};
  a.dane->matched_record = 0;
  h.addresses.push_back(a);
  r.hosts.push_back(h);
  r.subtests.push_back({"dane_valid", check::SubtestStatus::passed, check::note("dane_valid_ok")});
  CHECK(check::render_messages(r, "nl").empty());
  const std::string json = check::report_to_json(r);
  // The summary comes first, then the schema version and the language.
  CHECK(json.starts_with(R"({"summary":{"dane":"pass","dnssec":"secure","starttls":"all","tls_ncsc":"not_graded"},"schema_version":"1.5","lang":"nl",)"));
  // The trust anchors it was judged with (none set here), just before the evidence.
  CHECK(json.find(R"("timed_out":false,"trust_anchors":[],"evidence":)") != std::string::npos);
  for (const char* key :
       {"\"domain\":\"example.nl\"", "\"verdict\":\"pass\"", "\"subtests\":{\"dane_valid\":{\"status\":\"passed\",\"code\":\"dane_valid_ok\",\"params\":{}",
        "\"fix\":\"Geen actie nodig.\"",
        "\"duration_ms\":2500", "\"hosts\":[{\"name\":\"mx.example.nl\",\"preference\":10",
        "\"tlsa_3_1_1\":\"3 1 1 88ef\"", "\"matched_record\":0", "\"matched_depth\":null", "\"ipv6\":true",
        "\"version\":\"TLSv1.3\""}) {
    INFO(key << "\n" << json);
    CHECK(json.find(key) != std::string::npos);
  }
  CHECK(json.find("caf\xef\xbf\xbd") != std::string::npos);  // U+FFFD
}
