#include "check/decisions.h"

namespace daneel::check {

std::string_view to_string(AddressVerdict verdict) {
  switch (verdict) {
    case AddressVerdict::not_tested:
      return "not_tested";
    case AddressVerdict::pass:
      return "pass";
    case AddressVerdict::fail:
      return "fail";
    case AddressVerdict::no_dane:
      return "no-dane";
  }
  return "not_tested";
}

std::string_view to_string(HostVerdict verdict) {
  switch (verdict) {
    case HostVerdict::not_tested:
      return "not_tested";
    case HostVerdict::pass:
      return "pass";
    case HostVerdict::fail:
      return "fail";
    case HostVerdict::no_dane:
      return "no-dane";
    case HostVerdict::skipped:
      return "skipped";
  }
  return "not_tested";
}

std::string_view to_string(DomainVerdict verdict) {
  switch (verdict) {
    case DomainVerdict::error:
      return "error";
    case DomainVerdict::pass:
      return "pass";
    case DomainVerdict::fail:
      return "fail";
    case DomainVerdict::warn:
      return "warn";
    case DomainVerdict::no_dane:
      return "no-dane";
    case DomainVerdict::no_mail:
      return "no-mail";
  }
  return "error";
}

std::string_view to_string(TlsaState state) {
  switch (state) {
    case TlsaState::not_looked_up:
      return "not_looked_up";
    case TlsaState::usable:
      return "usable";
    case TlsaState::unusable:
      return "unusable";
    case TlsaState::denied:
      return "denied";
    case TlsaState::insecure:
      return "insecure";
    case TlsaState::error:
      return "error";
    case TlsaState::not_applicable:
      return "not_applicable";
  }
  return "error";
}

std::string_view to_string(MxKind kind) {
  switch (kind) {
    case MxKind::unknown:
      return "";
    case MxKind::records:
      return "records";
    case MxKind::null:
      return "null";
    case MxKind::mixed_null:
      return "mixed_null";
    case MxKind::implicit:
      return "implicit";
    case MxKind::nxdomain:
      return "nxdomain";
    case MxKind::error:
      return "error";
  }
  return "";
}

std::string_view to_string(SummaryDane dane) {
  switch (dane) {
    case SummaryDane::error:
      return "error";
    case SummaryDane::pass:
      return "pass";
    case SummaryDane::partial:
      return "partial";
    case SummaryDane::fail:
      return "fail";
    case SummaryDane::none:
      return "none";
    case SummaryDane::bogus:
      return "bogus";
    case SummaryDane::no_mail:
      return "no_mail";
  }
  return "error";
}

std::string_view to_string(SummaryStarttls starttls) {
  switch (starttls) {
    case SummaryStarttls::not_tested:
      return "not_tested";
    case SummaryStarttls::all:
      return "all";
    case SummaryStarttls::some:
      return "some";
    case SummaryStarttls::none:
      return "none";
  }
  return "not_tested";
}

std::string_view to_string(SummaryTlsNcsc tls) {
  switch (tls) {
    case SummaryTlsNcsc::not_graded:
      return "not_graded";
    case SummaryTlsNcsc::meets:
      return "meets";
    case SummaryTlsNcsc::phase_out:
      return "phase_out";
    case SummaryTlsNcsc::insufficient:
      return "insufficient";
    case SummaryTlsNcsc::not_tested:
      return "not_tested";
  }
  return "not_graded";
}

}  // namespace daneel::check
