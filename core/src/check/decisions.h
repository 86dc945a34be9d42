// The check's decisions as types. The engine and the verdict rules work on
// these; the report's words for them ("no-dane", "not_looked_up", ...) are
// written in one place, the to_string functions here (decisions.cpp), which
// report_to_json uses. No rule decides anything by comparing strings.
// The words are part of the report's JSON shape (docs/CHECK.md,
// docs/report-schema.json): changing one is a schema change.
#pragma once

#include <cstdint>
#include <string_view>

namespace daneel::check {

// An address: its probe authenticated with DANE, failed, worked without DANE
// applying, or says nothing about the server.
enum class AddressVerdict : std::uint8_t { not_tested, pass, fail, no_dane };

// A host: from its addresses and TLSA state; skipped when it has no address.
enum class HostVerdict : std::uint8_t { not_tested, pass, fail, no_dane, skipped };

// The domain.
enum class DomainVerdict : std::uint8_t { error, pass, fail, warn, no_dane, no_mail };

// What the host's TLSA lookup found (RFC 7672 §2.2).
enum class TlsaState : std::uint8_t {
  not_looked_up,   // the address records failed DNSSEC (A6): never asked
  usable,          // secure records, at least one usable
  unusable,        // secure records, none usable
  denied,          // securely denied (NODATA / NXDOMAIN)
  insecure,        // the answer is insecure
  error,           // the lookup failed (bogus, indeterminate, no answer, owner too long)
  not_applicable,  // the addresses are insecure: DANE does not apply
};

// The MX RRset of the domain.
enum class MxKind : std::uint8_t {
  unknown,     // not decided (bad input, deadline before the MX answer)
  records,     // MX records
  null,        // a null MX only (RFC 7505)
  mixed_null,  // a null MX among other MX records
  implicit,    // NODATA: the domain itself is the mail host (RFC 5321 §5.1)
  nxdomain,    // the domain does not exist
  error,       // the lookup failed
};

// The report's `summary` (script_summary.h).
enum class SummaryDane : std::uint8_t { error, pass, partial, fail, none, bogus, no_mail };
enum class SummaryStarttls : std::uint8_t { not_tested, all, some, none };
// The domain's TLS by the NCSC guidelines (script_summary.h): worst of the
// grading's rated subtests; not_graded when the check did not grade.
enum class SummaryTlsNcsc : std::uint8_t { not_graded, meets, phase_out, insufficient, not_tested };

std::string_view to_string(AddressVerdict verdict);
std::string_view to_string(HostVerdict verdict);
std::string_view to_string(DomainVerdict verdict);
std::string_view to_string(TlsaState state);
std::string_view to_string(MxKind kind);
std::string_view to_string(SummaryDane dane);
std::string_view to_string(SummaryStarttls starttls);
std::string_view to_string(SummaryTlsNcsc tls);

}  // namespace daneel::check
