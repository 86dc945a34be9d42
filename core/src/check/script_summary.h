// The report's `summary`: three words that batch tools and monitoring read
// without knowing the rest of the report (issue 7 item 4, docs/CHECK.md).
#pragma once

#include "check/report.h"

namespace daneel::check {

// From a judged report (host, address and domain verdicts set):
//  dane: no_mail  null MX or the domain does not exist
//        error    nothing could be tested (bad input, MX lookup without an
//                 answer, no address, deadline before any result)
//        bogus    a DNSSEC failure stops DANE senders: the MX answer, an MX
//                 host's addresses or its TLSA records are bogus
//        pass     every MX host DANE-authenticated on every address
//        partial  some MX hosts or addresses authenticated, not all
//        fail     usable secure TLSA somewhere, but STARTTLS or
//                 authentication failed everywhere
//        none     no usable secure TLSA (unsigned, no TLSA, only unusable records)
//  dnssec: the security of the domain's MX answer (its denial for implicit MX / NXDOMAIN)
//  starttls: all / some / none of the tested addresses completed STARTTLS; not_tested
//  tls_ncsc: the domain's TLS by the NCSC guidelines, from its grading
//        (worst of the subtests the guidelines rate, over every address:
//        rated_by_ncsc): insufficient (one failed), phase_out (one
//        warning), not_tested (one could not be decided, none worse),
//        meets (every one passed or not applicable); not_graded when the
//        check did not grade (--quick, a relay, no address reached)
ScriptSummary summarize_for_scripts(const Report& report);

// An address was tried (a session or a connection error), and its result
// says something about the server: a handshake that failed on daneel's side
// (ProbeReport::checker_limit) or a connection that the relay or the local
// network ended (ProbeReport::cut_off) tested nothing. The one definition of
// "tested" for starttls_available and summary.starttls.
bool is_tested(const AddressReport& address);

// Whether the grading subtest `name` is one the NCSC TLS guidelines rate
// (tls_version ... cert_signature), as opposed to information beside them
// (cert_trust, cert_hostmatch, renegotiation_client as Internet.nl shows
// them; mail_caa, a DNS recommendation): only these make tls_ncsc.
bool rated_by_ncsc(std::string_view name);

}  // namespace daneel::check
