// Internal: the composite RDATA field kinds shared by the wire and text
// visitors (type bit maps, SvcParams, RRSIG timestamps, hex).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/rdata.h"
#include "dns/text.h"
#include "util/bytes.h"
#include "util/result.h"

namespace daneel::dns {

// RFC 4034 §4.1.2: windows in ascending order, 1..32 octets each, the last
// octet of a window not zero. Strict, so encoding a decoded map gives back the
// same octets.
Result<TypeBitmap> type_bitmap_from_wire(ByteView wire);
Bytes type_bitmap_to_wire(const TypeBitmap& bitmap);

// RFC 9460 §2.2: keys strictly ascending, values of the known keys well formed
// (§7), key 65535 refused. The same check runs on parsed presentation text.
Status validate_svc_params(const std::vector<SvcParam>& params);
Result<std::vector<SvcParam>> svc_params_from_wire(ByteView wire);
std::string svc_params_to_text(const std::vector<SvcParam>& params);
Result<std::vector<SvcParam>> svc_params_from_text(std::span<const Token> tokens);

// RFC 4034 §3.2: YYYYMMDDHHmmSS (UTC) for a 32-bit seconds-since-epoch value.
// Parsing also takes the plain decimal number the RFC allows.
std::string rrsig_time_to_text(std::uint32_t seconds);
Result<std::uint32_t> rrsig_time_from_text(std::string_view text);

// RFC 8659 §4.1: a CAA tag is 1..255 ASCII letters and digits.
bool is_caa_tag(ByteView tag);
inline constexpr std::string_view kCaaTagRule = "tag must be 1..255 ASCII letters and digits (RFC 8659 §4.1)";

// rdata_from_text() over tokens already split (record lines), reading the
// presentation form of the alternatives in `Types` (an RdataTypes) only, any
// type in the generic form. Defined in rdata_text.cpp for AllRdataTypes and
// DnssecKeyRdataTypes.
template <class Types>
Result<Rdata> rdata_from_tokens(RrType type, std::span<const Token> tokens);

// Uppercase hex, as BIND and Knot print DS digests and TLSA data.
std::string to_upper_hex(ByteView data);

}  // namespace daneel::dns
