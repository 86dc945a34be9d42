// Turns the engine's values (validator results, SMTP results, DANE results,
// certificates) into the report's plain summaries.
#pragma once

#include <vector>

#include "check/report.h"
#include "dns/rdata.h"
#include "dnssec/validator.h"
#include "smtp/smtp_result.h"

namespace daneel::dane {
struct DaneResult;  // dane/match.h, which shows Mbed TLS types: kept out of check's headers
}  // namespace daneel::dane

namespace daneel::check {

DnssecSummary summarize(const dnssec::ValidationResult& result);
// A name for the report: presentation form without the trailing dot ("." for the root).
std::string display_name(const dns::Name& name);
std::string tlsa_text(const dns::Tlsa& record);
// Fills the SMTP/TLS/certificate part of a probe's report.
void summarize_smtp(const smtp::SmtpResult& result, ProbeReport& out, TimeMs now);
DaneSummary summarize(const dane::DaneResult& result);

}  // namespace daneel::check
