// MTA-STS (RFC 8461 §3.1, `_mta-sts.<domain>` TXT) and TLS-RPT (RFC 8460 §3,
// `_smtp._tls.<domain>` TXT): the DNS records' presence, syntax and DNSSEC
// status. Information subtests: they do not change the DANE verdict. The
// MTA-STS policy file itself (HTTPS) is not fetched.
#pragma once

#include <string>
#include <string_view>

#include "check/report.h"
#include "dnssec/validator.h"

namespace daneel::check {

inline constexpr std::string_view kMtaStsVersion = "v=STSv1";
inline constexpr std::string_view kTlsRptVersion = "v=TLSRPTv1";

// Fills `out` from the validated TXT lookup: the records that start with
// `version` (the others are kept apart: senders discard them).
void summarize_txt_policy(const dnssec::ValidationResult& result, std::string_view version, TxtPolicy& out);

// One record's syntax. On success `value` is the id (MTA-STS) or the rua
// URIs (TLS-RPT).
bool mta_sts_record_valid(std::string_view record, std::string& id);
bool tls_rpt_record_valid(std::string_view record, std::string& rua);

// The subtests "mta_sts" and "tls_rpt".
Subtest judge_mta_sts(const TxtPolicy& policy);
Subtest judge_tls_rpt(const TxtPolicy& policy);

}  // namespace daneel::check
