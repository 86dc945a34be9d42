// Authenticated denial of existence with NSEC (RFC 4034 §4, RFC 4035 §5.4,
// RFC 6840 §4.1/§4.3/§4.4).
//
// These functions check only the logic of a proof. The caller must already
// have validated the RRSIGs of every NSEC record it passes (and knows the
// zone that signed them, `apex`); an unvalidated record proves nothing.
// All functions are pure: no IO, no clock, no allocation beyond the result.
#pragma once

#include <cstddef>
#include <span>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rr_type.h"
#include "dnssec/denial_result.h"

namespace daneel::dnssec::nsec {

struct NsecRecord {
  dns::Name owner;
  dns::Nsec rdata;
};

// RFC 4034 §4.1.1 with the canonical order of §6.1: `name` lies strictly
// between `owner` and `next`. The last NSEC of a zone wraps around (next is
// the apex, which sorts before every other name of the zone), so it covers
// every name after its owner. An NSEC whose next equals its owner (a zone
// with one name) covers every other name.
bool covers(const dns::Name& owner, const dns::Name& next, const dns::Name& name);

// The closest encloser of a name that `covering` proves does not exist
// (RFC 4592 §3.3.1): the longest ancestor of `name` shared with the NSEC's
// owner or its next name (the existing neighbours), never above `apex`.
dns::Name closest_encloser(const dns::Name& name, const NsecRecord& covering, const dns::Name& apex);

// NXDOMAIN (RFC 4035 §3.1.3.2, §5.4): an NSEC covers the name, and an NSEC
// covers the wildcard at its closest encloser.
DenialResult prove_nxdomain(const DenialQuery& query, std::span<const NsecRecord> records);

// NODATA (RFC 4035 §3.1.3.1, §3.1.3.4; RFC 6840 §4.3, §4.4): an NSEC at the
// name without the type and without CNAME; or one showing the name is an
// empty non-terminal; or the wildcard NODATA case (the name is covered and
// the wildcard at its closest encloser exists without the type). For DS,
// an NSEC at a delegation (NS, no DS, no SOA) proves an insecure delegation
// (verdict insecure, Reason::no_ds_proven).
DenialResult prove_nodata(const DenialQuery& query, std::span<const NsecRecord> records);

// A wildcard-expanded answer (RFC 4035 §5.3.4, RFC 4592 §4.3): the RRSIG's
// Labels field (`rrsig_labels`) gives the closest encloser; an NSEC must
// prove the exact name does not exist and that no name closer than that
// encloser exists.
DenialResult prove_wildcard_answer(const DenialQuery& query, std::size_t rrsig_labels,
                                   std::span<const NsecRecord> records);

}  // namespace daneel::dnssec::nsec
