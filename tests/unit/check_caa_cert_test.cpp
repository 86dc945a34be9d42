// The subtests the check decides itself beside the probe plan (grading.h,
// caa.h): mail_caa's climb and verdict over validated answers, and
// cert_trust / cert_hostmatch from a chain, the host's reference names, its
// TLSA records and a root store (the DANE unit tests' certificates).
#include <catch2/catch_test_macros.hpp>

#include "check/caa.h"
#include "check/grading.h"
#include "data/dane/test_support.h"

using namespace daneel;
using namespace daneel::check;
using daneel::dane::testing::chain_of;
using daneel::dane::testing::kNow;
using daneel::dane::testing::name;
using daneel::dane::testing::tlsa_for;
using namespace daneel::dane::testdata;

namespace {

dnssec::ValidationResult answer_of(dnssec::Security security, dnssec::AnswerKind kind, std::vector<dns::Caa> records = {}) {
  dnssec::ValidationResult r;
  r.verdict.security = security;
  r.kind = kind;
  if (!records.empty()) {
    r.answer.emplace();
    for (dns::Caa& c : records) r.answer->rdatas.emplace_back(std::move(c));
  }
  return r;
}

dns::Caa caa(std::string tag, std::string_view value) {
  const ByteView v = as_bytes(value);
  return dns::Caa{0, std::move(tag), Bytes(v.begin(), v.end())};
}

constexpr auto kSecure = dnssec::Security::secure;
constexpr auto kInsecure = dnssec::Security::insecure;

}  // namespace

TEST_CASE("mail_caa: the names climbed, from the host down to below the TLD, bounded") {
  const CaaNames names = caa_names(name("mx.mail.example.nl"));
  REQUIRE(names.names.size() == 3);
  CHECK(names.names[0] == name("mx.mail.example.nl"));
  CHECK(names.names[2] == name("example.nl"));  // never "nl."
  CHECK_FALSE(names.truncated);
  CHECK(caa_names(name("nl")).names.empty());
  const CaaNames deep = caa_names(name("a.b.c.d.e.f.g.h.i.j.example.nl"));
  CHECK(deep.names.size() == kMaxCaaNames);
  CHECK(deep.truncated);
}

TEST_CASE("mail_caa: the first RRset met climbing decides; failures decide nothing") {
  const CaaNames names = caa_names(name("mx.example.nl"));  // mx.example.nl, example.nl
  const auto nodata = answer_of(kSecure, dnssec::AnswerKind::nodata);
  const auto issue = answer_of(kInsecure, dnssec::AnswerKind::answer, {caa("issue", "ca.example.net")});
  const auto iodef = answer_of(kSecure, dnssec::AnswerKind::answer, {caa("iodef", "mailto:a@example.nl")});
  const auto bogus = answer_of(dnssec::Security::bogus, dnssec::AnswerKind::answer, {caa("issue", "x.example")});
  const auto failed = answer_of(dnssec::Security::indeterminate, dnssec::AnswerKind::failed);
  using Answers = std::vector<const dnssec::ValidationResult*>;

  CHECK(decide_caa(names, Answers{nullptr, &issue}).state == CaaState::pending);
  CHECK(decide_caa(names, Answers{&nodata, nullptr}).state == CaaState::pending);
  const CaaFinding parent = decide_caa(names, Answers{&nodata, &issue});
  CHECK(parent.state == CaaState::issue_found);
  CHECK(parent.owner == "example.nl");
  CHECK(parent.records == std::vector<std::string>{"0 issue \"ca.example.net\""});
  // The host's own RRset wins even when the parent's says more, and it is not yet known.
  CHECK(decide_caa(names, Answers{&iodef, nullptr}).state == CaaState::no_issue);
  CHECK(decide_caa(names, Answers{&nodata, &nodata}).state == CaaState::none);
  CHECK(decide_caa(names, Answers{&bogus, &issue}).state == CaaState::bogus);
  CHECK(decide_caa(names, Answers{&nodata, &failed}).state == CaaState::dns_failed);

  CHECK(mail_caa_subtest(parent).status == SubtestStatus::passed);
  CHECK(mail_caa_subtest(parent).note.code == "mail_caa_ok");
  CHECK(mail_caa_subtest(decide_caa(names, Answers{&iodef, nullptr})).status == SubtestStatus::warning);
  CHECK(mail_caa_subtest(CaaFinding{CaaState::none, {}, {}}).status == SubtestStatus::warning);
  CHECK(mail_caa_subtest(CaaFinding{CaaState::none, {}, {}}).note.code == "mail_caa_bad");
  const GradingSubtest untested = mail_caa_subtest(CaaFinding{CaaState::bogus, {}, {}});
  CHECK(untested.status == SubtestStatus::not_tested);
  CHECK(untested.reason == "bogus");
}

TEST_CASE("cert_trust: validated against the given root store, never guessed without one") {
  const std::vector<Bytes> chain = chain_of({&kLeafMx, &kInter});
  const std::vector<dns::Name> refs{name("mx.example.nl")};
  const std::string roots(kBundleRootPem);
  CHECK(cert_findings(chain, refs, {}, roots, kNow).trust == CertTrust::trusted);
  CHECK(cert_findings(chain_of({&kLeafMx}), refs, {}, roots, kNow).trust == CertTrust::not_trusted);
  CHECK(cert_findings(chain_of({&kEeEc}), refs, {}, roots, kNow).trust == CertTrust::not_trusted);  // self-signed
  CHECK(cert_findings(chain, refs, {}, "", kNow).trust == CertTrust::no_root_store);
  CHECK(cert_findings(chain, refs, {}, "-----BEGIN CERTIFICATE-----\nno\n", kNow).trust == CertTrust::unusable);

  AddressGrading g;
  g.results.normal = tls::NormalHandshakeFacts{};
  g.certs = cert_findings(chain, refs, {}, "", kNow);
  const GradingReport r = grading_report(g);
  REQUIRE(r.subtests.size() == 12);
  CHECK(r.subtests[10].name == "cert_trust");
  CHECK(r.subtests[10].status == SubtestStatus::not_tested);
  CHECK(r.subtests[10].reason == "no_root_store");
  g.certs = cert_findings(chain_of({&kEeEc}), refs, {}, roots, kNow);
  CHECK(grading_report(g).subtests[10].status == SubtestStatus::info);  // information only, never failed
  CHECK(grading_report(g).subtests[10].note.code == "cert_trust_bad");
}

TEST_CASE("cert_hostmatch: the DANE-TA name rule; failed only with a DANE-TA record") {
  const std::vector<dns::Name> refs{name("mx.example.nl"), name("example.nl")};
  const std::vector<dns::Tlsa> ee{tlsa_for(kEeEc, 3, 1, 1)};
  const std::vector<dns::Tlsa> ta{tlsa_for(kInter, 2, 1, 1)};
  const auto subtest = [](const CertFindings& f) {
    AddressGrading g;
    g.results.normal = tls::NormalHandshakeFacts{};
    g.certs = f;
    return grading_report(g).subtests[11];
  };
  const CertFindings match = cert_findings(chain_of({&kLeafMx, &kInter}), refs, ta, "", kNow);
  CHECK(match.name_matched);
  CHECK(match.matched_name == "mx.example.nl");
  CHECK(subtest(match).status == SubtestStatus::passed);
  // A wildcard covers one label (the DANE code's rule).
  CHECK(cert_findings(chain_of({&kLeafWild}), refs, ta, "", kNow).name_matched);
  const std::vector<dns::Name> deeper{name("a.mx.example.nl")};
  CHECK_FALSE(cert_findings(chain_of({&kLeafWild}), deeper, ta, "", kNow).name_matched);
  const CertFindings wrong_ee = cert_findings(chain_of({&kLeafWrong}), refs, ee, "", kNow);
  CHECK_FALSE(wrong_ee.name_matched);
  CHECK(subtest(wrong_ee).status == SubtestStatus::info);
  CHECK(subtest(wrong_ee).note.code == "cert_hostmatch_bad");
  const CertFindings wrong_ta = cert_findings(chain_of({&kLeafWrong}), refs, ta, "", kNow);
  CHECK(subtest(wrong_ta).status == SubtestStatus::failed);
  CHECK(subtest(wrong_ta).note.code == "cert_hostmatch_bad_dane_ta");
  CHECK(subtest(cert_findings({}, refs, ta, "", kNow)).reason == "leaf_unreadable");
}

TEST_CASE("grading summary: by name, worst wins; a negative information finding is not hidden by a pass") {
  GradingReport a, b;
  a.subtests = {GradingSubtest{"cert_hostmatch", tls::Decision::decided, tls::Rating::good, SubtestStatus::passed, {}, {}}};
  b.subtests = {GradingSubtest{"cert_hostmatch", tls::Decision::decided, tls::Rating::insufficient, SubtestStatus::info, {}, {}}};
  const auto host = summarize_grading({&a, &b});
  REQUIRE(host.has_value());
  CHECK(host->subtests[0].status == SubtestStatus::info);
  GradingSummary other;
  other.subtests = {GradingSubtest{"mail_caa", tls::Decision::decided, tls::Rating::phase_out, SubtestStatus::warning, {}, {}}};
  const auto domain = combine_summaries({&*host, &other});
  REQUIRE(domain.has_value());
  REQUIRE(domain->subtests.size() == 2);
  CHECK(domain->subtests[1].name == "mail_caa");
}
