#include "check/host_decisions.h"

#include <algorithm>

#include "check/messages.h"
#include "check/summary.h"
#include "dane/usability.h"
#include "dns/address.h"

namespace daneel::check {

namespace {

using dnssec::AnswerKind;
using dnssec::Security;

bool failed(Security s) {
  return s == Security::bogus || s == Security::indeterminate;
}

bool first_link_secure(const dnssec::ValidationResult& r) {
  return !r.chain.empty() && r.chain.front().verdict.security == Security::secure;
}

}  // namespace

Security address_security(const dnssec::ValidationResult& a, const dnssec::ValidationResult& aaaa,
                          std::vector<Note>& warnings) {
  const bool a_answer = a.kind == AnswerKind::answer, aaaa_answer = aaaa.kind == AnswerKind::answer;
  Security combined = dnssec::combine(a.verdict.security, aaaa.verdict.security);
  if (!(a_answer || aaaa_answer) || failed(combined)) return combined;
  combined = a_answer && aaaa_answer ? combined : a_answer ? a.verdict.security : aaaa.verdict.security;
  for (const dnssec::ValidationResult* v : {&a, &aaaa})
    if (v->kind != AnswerKind::answer && v->verdict.security == Security::insecure &&
        combined == Security::secure)
      warnings.push_back(
          note("address_denial_insecure", {{"type", std::string(dns::to_string(v->qtype))},
                                           {"name", display_name(v->qname)},
                                           {"detail", v->verdict.detail.empty() ? "-" : v->verdict.detail}}));
  return combined;
}

bool dane_not_applicable(Security addresses, const dnssec::ValidationResult& a,
                         const dnssec::ValidationResult& aaaa) {
  const bool alias = !a.chain.empty() || !aaaa.chain.empty();
  return addresses == Security::insecure && !(alias && (first_link_secure(a) || first_link_secure(aaaa)));
}

bool securely_denied(const dnssec::ValidationResult& tlsa) {
  return tlsa.verdict.security == Security::secure &&
         (tlsa.kind == AnswerKind::nodata || tlsa.kind == AnswerKind::nxdomain);
}

TlsaState classify_tlsa_answer(const dnssec::ValidationResult& tlsa) {
  const Security s = tlsa.verdict.security;
  if (failed(s) || tlsa.kind == AnswerKind::failed) return TlsaState::error;
  if (s == Security::insecure) return TlsaState::insecure;
  if (tlsa.kind != AnswerKind::answer || !tlsa.answer) return TlsaState::denied;
  const std::vector<dns::Tlsa> records = tlsa_records(tlsa);
  const bool any_usable = std::any_of(records.begin(), records.end(),
                                      [](const dns::Tlsa& t) { return dane::check_usability(t).usable(); });
  return any_usable ? TlsaState::usable : TlsaState::unusable;
}

DaneMode dane_mode(TlsaState state) {
  switch (state) {
    case TlsaState::not_looked_up:
      return DaneMode::unusable;
    case TlsaState::usable:
      return DaneMode::authenticate;
    case TlsaState::unusable:
      return DaneMode::tls_only;
    case TlsaState::error:
      return DaneMode::tlsa_error;
    case TlsaState::denied:
    case TlsaState::insecure:
    case TlsaState::not_applicable:
      return DaneMode::opportunistic;
  }
  return DaneMode::unusable;
}

std::vector<dns::Tlsa> tlsa_records(const dnssec::ValidationResult& tlsa) {
  std::vector<dns::Tlsa> records;
  if (!tlsa.answer) return records;
  for (const dns::Rdata& rdata : tlsa.answer->rdatas)
    if (const auto* t = std::get_if<dns::Tlsa>(&rdata)) records.push_back(*t);
  return records;
}

std::vector<dns::Name> reference_names(const dns::Name& base, const dns::Name& host, const dns::Name& domain,
                                       bool mx_secure) {
  std::vector<dns::Name> names{base};
  if (!(base == host)) names.push_back(host);
  if (mx_secure && !(host == domain)) names.push_back(domain);
  return names;
}

std::vector<std::string> address_texts(const dnssec::ValidationResult& a,
                                       const dnssec::ValidationResult& aaaa) {
  std::vector<std::string> texts;
  for (const dnssec::ValidationResult* v : {&a, &aaaa}) {
    if (!v->answer) continue;
    for (const dns::Rdata& rdata : v->answer->rdatas) {
      if (const auto* x = std::get_if<dns::A>(&rdata)) texts.push_back(dns::ipv4_to_text(x->address));
      if (const auto* x = std::get_if<dns::Aaaa>(&rdata)) texts.push_back(dns::ipv6_to_text(x->address));
    }
  }
  return texts;
}

std::optional<dns::Name> tlsa_owner(const dns::Name& base) {
  auto owner = dns::Name::from_text("_25._tcp." + base.to_text());
  if (!owner.ok()) return std::nullopt;
  return owner.value();
}

}  // namespace daneel::check
