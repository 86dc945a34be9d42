// The per-host decisions of the check engine (host_decisions.h), each on
// hand-built validation results: no engine, no IO.
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "check/host_decisions.h"

using namespace daneel;
using dnssec::AnswerKind;
using dnssec::Security;

namespace {

dns::Name name(const std::string& text) {
  return dns::Name::from_text(text).value();
}

dnssec::ValidationResult result(const std::string& qname, dns::RrType type, AnswerKind kind,
                                Security security, std::vector<dns::Rdata> rdatas = {}) {
  dnssec::ValidationResult r;
  r.qname = name(qname);
  r.qtype = type;
  r.kind = kind;
  r.verdict.security = security;
  r.final_name = r.qname;
  if (kind == AnswerKind::answer)
    r.answer = dnssec::Rrset{r.qname, type, dns::RrClass::in, 300, std::move(rdatas), {}};
  return r;
}

dns::Tlsa tlsa(std::uint8_t usage, std::uint8_t selector, std::uint8_t matching_type) {
  return dns::Tlsa{usage, selector, matching_type, Bytes(32, 0xab)};
}

dnssec::ChainLink cname_link(Security security) {
  dnssec::ChainLink link;
  link.verdict.security = security;
  return link;
}

}  // namespace

TEST_CASE(
    "address_security: the families that answer decide, an insecure denial beside secure records warns") {
  std::vector<check::Note> warnings;
  const auto a =
      result("mx.example.", dns::RrType::a, AnswerKind::answer, Security::secure, {dns::A{{192, 0, 2, 1}}});
  const auto aaaa_insecure_denial =
      result("mx.example.", dns::RrType::aaaa, AnswerKind::nodata, Security::insecure);
  CHECK(check::address_security(a, aaaa_insecure_denial, warnings) == Security::secure);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].code == "address_denial_insecure");
  CHECK(warnings[0].params.at(0).value == "AAAA");

  warnings.clear();
  const auto aaaa_secure_denial =
      result("mx.example.", dns::RrType::aaaa, AnswerKind::nodata, Security::secure);
  CHECK(check::address_security(a, aaaa_secure_denial, warnings) == Security::secure);
  CHECK(warnings.empty());

  // A failure of either family always counts (and says nothing more).
  const auto aaaa_bogus = result("mx.example.", dns::RrType::aaaa, AnswerKind::failed, Security::bogus);
  CHECK(check::address_security(a, aaaa_bogus, warnings) == Security::bogus);
  CHECK(warnings.empty());

  // Neither family answers: the combination of both denials.
  const auto a_denied = result("mx.example.", dns::RrType::a, AnswerKind::nodata, Security::secure);
  CHECK(check::address_security(a_denied, aaaa_insecure_denial, warnings) == Security::insecure);
  CHECK(warnings.empty());
}

TEST_CASE("dane_not_applicable: insecure addresses, unless a CNAME of theirs starts in a signed zone (A7)") {
  auto a =
      result("mx.example.", dns::RrType::a, AnswerKind::answer, Security::insecure, {dns::A{{192, 0, 2, 1}}});
  const auto aaaa = result("mx.example.", dns::RrType::aaaa, AnswerKind::nodata, Security::insecure);
  CHECK(check::dane_not_applicable(Security::insecure, a, aaaa));
  CHECK_FALSE(check::dane_not_applicable(Security::secure, a, aaaa));
  a.chain.push_back(cname_link(Security::secure));
  CHECK_FALSE(check::dane_not_applicable(Security::insecure, a, aaaa));
  a.chain.front() = cname_link(Security::insecure);
  CHECK(check::dane_not_applicable(Security::insecure, a, aaaa));
}

TEST_CASE("classify_tlsa_answer and dane_mode: every TLSA state and what a DANE sender does with it") {
  using check::DaneMode;
  using check::TlsaState;
  const std::string owner = "_25._tcp.mx.example.";
  const auto usable =
      result(owner, dns::RrType::tlsa, AnswerKind::answer, Security::secure, {tlsa(0, 1, 1), tlsa(3, 1, 1)});
  const auto unusable =
      result(owner, dns::RrType::tlsa, AnswerKind::answer, Security::secure, {tlsa(0, 1, 1), tlsa(1, 0, 1)});
  const auto denied = result(owner, dns::RrType::tlsa, AnswerKind::nxdomain, Security::secure);
  const auto insecure =
      result(owner, dns::RrType::tlsa, AnswerKind::answer, Security::insecure, {tlsa(3, 1, 1)});
  const auto bogus = result(owner, dns::RrType::tlsa, AnswerKind::answer, Security::bogus, {tlsa(3, 1, 1)});
  const auto failed = result(owner, dns::RrType::tlsa, AnswerKind::failed, Security::secure);
  CHECK(check::classify_tlsa_answer(usable) == TlsaState::usable);
  CHECK(check::classify_tlsa_answer(unusable) == TlsaState::unusable);
  CHECK(check::classify_tlsa_answer(denied) == TlsaState::denied);
  CHECK(check::classify_tlsa_answer(insecure) == TlsaState::insecure);
  CHECK(check::classify_tlsa_answer(bogus) == TlsaState::error);
  CHECK(check::classify_tlsa_answer(failed) == TlsaState::error);
  CHECK(check::tlsa_records(usable).size() == 2);

  CHECK(check::securely_denied(denied));
  CHECK_FALSE(
      check::securely_denied(result(owner, dns::RrType::tlsa, AnswerKind::nodata, Security::insecure)));
  CHECK_FALSE(check::securely_denied(usable));

  CHECK(check::dane_mode(TlsaState::usable) == DaneMode::authenticate);
  CHECK(check::dane_mode(TlsaState::unusable) == DaneMode::tls_only);
  CHECK(check::dane_mode(TlsaState::error) == DaneMode::tlsa_error);
  CHECK(check::dane_mode(TlsaState::not_looked_up) == DaneMode::unusable);
  for (const TlsaState s : {TlsaState::denied, TlsaState::insecure, TlsaState::not_applicable})
    CHECK(check::dane_mode(s) == DaneMode::opportunistic);
}

TEST_CASE(
    "reference_names: base, then the MX host when it differs, then the domain when the MX answer is secure") {
  const dns::Name base = name("mx.provider.example."), host = name("mx.example.nl."),
                  domain = name("example.nl.");
  CHECK(check::reference_names(base, host, domain, true) == std::vector<dns::Name>{base, host, domain});
  CHECK(check::reference_names(base, host, domain, false) == std::vector<dns::Name>{base, host});
  CHECK(check::reference_names(host, host, domain, true) == std::vector<dns::Name>{host, domain});
  // Implicit MX: the host is the domain, named once.
  CHECK(check::reference_names(domain, domain, domain, true) == std::vector<dns::Name>{domain});
}

TEST_CASE("address_texts: A before AAAA, in answer order; tlsa_owner refuses a name that would be too long") {
  const auto a = result("mx.example.", dns::RrType::a, AnswerKind::answer, Security::secure,
                        {dns::A{{192, 0, 2, 2}}, dns::A{{192, 0, 2, 1}}});
  dns::Aaaa v6;
  v6.address[0] = 0x20;
  v6.address[1] = 0x01;
  v6.address[2] = 0x0d;
  v6.address[3] = 0xb8;
  v6.address[15] = 1;
  const auto aaaa = result("mx.example.", dns::RrType::aaaa, AnswerKind::answer, Security::secure, {v6});
  CHECK(check::address_texts(a, aaaa) == std::vector<std::string>{"192.0.2.2", "192.0.2.1", "2001:db8::1"});
  CHECK(check::address_texts(result("mx.example.", dns::RrType::a, AnswerKind::nodata, Security::secure),
                             aaaa) == std::vector<std::string>{"2001:db8::1"});

  CHECK(check::tlsa_owner(name("mx.example.")) == name("_25._tcp.mx.example."));
  std::string long_name;
  for (int i = 0; i < 4; ++i)
    long_name +=
        std::string(61, static_cast<char>('a' + i)) + ".";  // 249 octets on the wire, 258 with _25._tcp
  CHECK_FALSE(check::tlsa_owner(name(long_name)).has_value());
}
