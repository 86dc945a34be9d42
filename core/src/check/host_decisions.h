// The decisions the engine takes for one MX host once its A, AAAA and TLSA
// answers are validated (docs/CHECK.md, checklist A6-A8, A14), each a pure
// function so that it can be tested without a check. Check::decide_tlsa
// strings them together.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check/report.h"
#include "check/verdicts.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dnssec/validator.h"

namespace daneel::check {

// The security of the host's address records that exist. A family's denial
// that is only insecure (e.g. NSEC3 iterations over the limit, RFC 9276) does
// not make the other family's secure records insecure, but it is worth a
// warning (address_denial_insecure, appended to `warnings`); failures always count.
dnssec::Security address_security(const dnssec::ValidationResult& a, const dnssec::ValidationResult& aaaa,
                                  std::vector<Note>& warnings);

// The addresses are insecure, and no CNAME of theirs starts in a signed zone
// (A7): DANE does not apply, the TLSA records are not looked at.
bool dane_not_applicable(dnssec::Security addresses, const dnssec::ValidationResult& a,
                         const dnssec::ValidationResult& aaaa);

// A7: the TLSA answer at the CNAME-expanded name is used unless it is a
// secure denial (then the original name's is).
bool securely_denied(const dnssec::ValidationResult& tlsa);

// What a validated TLSA answer means for the host.
TlsaState classify_tlsa_answer(const dnssec::ValidationResult& tlsa);

// What a DANE sender does with a host in that TLSA state (RFC 7672 §2.2).
DaneMode dane_mode(TlsaState state);

// The TLSA records of an answer (those of other types are ignored).
std::vector<dns::Tlsa> tlsa_records(const dnssec::ValidationResult& tlsa);

// Reference identifiers for DANE-TA name checks (A14): the TLSA base domain,
// the original MX host name, and the next-hop domain when the MX answer is secure.
std::vector<dns::Name> reference_names(const dns::Name& base, const dns::Name& host, const dns::Name& domain,
                                       bool mx_secure);

// The host's addresses as text, A before AAAA, in answer order.
std::vector<std::string> address_texts(const dnssec::ValidationResult& a,
                                       const dnssec::ValidationResult& aaaa);

// `_25._tcp.<base>`; unset when the name would be too long.
std::optional<dns::Name> tlsa_owner(const dns::Name& base);

}  // namespace daneel::check
