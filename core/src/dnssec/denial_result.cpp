#include "dnssec/denial_result.h"

namespace daneel::dnssec {

std::string_view to_string(DenialKind kind) {
  switch (kind) {
    case DenialKind::nxdomain: return "nxdomain";
    case DenialKind::nodata: return "nodata";
    case DenialKind::wildcard_answer: return "wildcard_answer";
  }
  return "unknown";
}

std::string_view to_string(Proven proven) {
  switch (proven) {
    case Proven::nothing: return "nothing";
    case Proven::name_does_not_exist: return "name_does_not_exist";
    case Proven::no_data: return "no_data";
    case Proven::empty_non_terminal: return "empty_non_terminal";
    case Proven::wildcard_no_data: return "wildcard_no_data";
    case Proven::no_closer_match: return "no_closer_match";
    case Proven::insecure_delegation: return "insecure_delegation";
    case Proven::opt_out: return "opt_out";
    case Proven::iterations_too_high: return "iterations_too_high";
  }
  return "unknown";
}

std::string_view to_string(DenialMechanism mechanism) {
  switch (mechanism) {
    case DenialMechanism::none: return "none";
    case DenialMechanism::nsec: return "NSEC";
    case DenialMechanism::nsec3: return "NSEC3";
  }
  return "unknown";
}

std::string_view to_string(ProofRelation relation) {
  return relation == ProofRelation::matches ? "matches" : "covers";
}

std::string_view to_string(ProofSubject subject) {
  switch (subject) {
    case ProofSubject::query_name: return "query name";
    case ProofSubject::closest_encloser: return "closest encloser";
    case ProofSubject::next_closer: return "next closer";
    case ProofSubject::wildcard: return "wildcard";
  }
  return "unknown";
}

std::string to_text(const ProofStep& step) {
  return step.record.to_text() + " " + std::string(to_string(step.relation)) + " " +
         std::string(to_string(step.subject)) + " " + step.name.to_text();
}

}  // namespace daneel::dnssec
