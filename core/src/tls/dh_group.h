// Which finite-field group a TLS 1.2 DHE server used (fs_params): the
// ServerKeyExchange carries the prime itself, never a group name, so the
// RFC 7919 groups are recognised by value; any other prime is a custom group,
// which the NCSC tables rate insufficient whatever its size.
#pragma once

#include <cstdint>
#include <optional>

#include "tls/grading_tables.h"
#include "util/bytes.h"

namespace daneel::tls {

// The IANA code point (0x0100 ffdhe2048 ... 0x0104 ffdhe8192) when `prime`
// (big-endian, leading zero bytes allowed) is an RFC 7919 prime; else nullopt.
std::optional<std::uint16_t> rfc7919_group(ByteView prime);

// The prime's rating: its RFC 7919 group's, or `custom_ffdhe`.
Rating dhe_prime_rating(ByteView prime, const GradingTables& tables);

}  // namespace daneel::tls
