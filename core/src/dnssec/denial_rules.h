// The rules NSEC and NSEC3 proofs share: what a type bit map at the query
// name proves for a NODATA answer, which records speak for names below them,
// the wildcard name at a closest encloser, and the result constructors.
#pragma once

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rr_type.h"
#include "dnssec/denial_result.h"

namespace daneel::dnssec {

// A delegation point seen from the parent (RFC 6840 §4.1): NS without SOA.
// Such a record, and one with DNAME (RFC 6672 §5.3.4.1), speaks for its own
// name only, never for names below it, which live in another zone or are
// redirected.
bool is_parent_side_delegation(const dns::TypeBitmap& types);
bool proves_nothing_below(const dns::TypeBitmap& types);

// The verdict of a record that matches `name` exactly, for a NODATA answer
// to `type`. For DS (RFC 4035 §5.2, RFC 5155 §8.6, RFC 6840 §4.4): DS and
// CNAME absent; SOA present means the record is the child zone's apex, which
// cannot speak for the parent's DS; NS present means an insecure delegation.
// For other types (RFC 6840 §4.3): type and CNAME absent, and the record must
// not be the parent side of a delegation, where the child's data lives. An
// empty map means an empty non-terminal. `record` names the record for the
// sentence; `mechanism` says NSEC or NSEC3.
DenialResult nodata_from_bitmap(const dns::TypeBitmap& types, const dns::Name& record, const dns::Name& name,
                                dns::RrType type, DenialMechanism mechanism);

// `*.<encloser>` (RFC 4592 §2.1.1). Enclosers are proper ancestors of a name
// of at most 255 octets, so they have at most 253 and "*" always fits.
dns::Name wildcard_at(const dns::Name& encloser);

// A verdict of the given kind with one sentence, ready to be filled with evidence.
DenialResult denial_bogus(Reason reason, std::string detail, DenialMechanism mechanism);
DenialResult denial_secure(Proven proven, DenialMechanism mechanism);
DenialResult denial_insecure(Reason reason, Proven proven, std::string detail, DenialMechanism mechanism);

}  // namespace daneel::dnssec
