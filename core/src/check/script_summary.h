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
ScriptSummary summarize_for_scripts(const Report& report);

// An address was tried (a session or a connection error), and its result
// says something about the server: a handshake that failed on daneel's side
// (ProbeReport::checker_limit) or a connection that the relay or the local
// network ended (ProbeReport::cut_off) tested nothing. The one definition of
// "tested" for starttls_available and summary.starttls.
bool is_tested(const AddressReport& address);

}  // namespace daneel::check
