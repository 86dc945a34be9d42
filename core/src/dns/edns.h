// EDNS(0) (RFC 6891) and Extended DNS Errors (RFC 8914).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace daneel::dns {

enum class EdnsOptionCode : std::uint16_t { nsid = 3, client_subnet = 8, cookie = 10, padding = 12,
                                            extended_error = 15 };

struct EdnsOption {
  std::uint16_t code = 0;
  Bytes data;
  friend bool operator==(const EdnsOption&, const EdnsOption&) = default;
};

// The OPT pseudo-record's content (RFC 6891 §6.1.3). The extended RCODE bits
// live in Message::rcode, combined with the header's four.
struct Edns {
  std::uint16_t udp_payload_size = 1232;  // DNS flag day 2020 default
  std::uint8_t version = 0;
  bool dnssec_ok = false;     // DO bit (RFC 3225)
  std::uint16_t flags = 0;    // the other 15 flag bits ("Z"), as received
  std::vector<EdnsOption> options;
  friend bool operator==(const Edns&, const Edns&) = default;
};

// RFC 8914 §2: an INFO-CODE and optional UTF-8 EXTRA-TEXT.
struct ExtendedError {
  std::uint16_t info_code = 0;
  std::string extra_text;
  friend bool operator==(const ExtendedError&, const ExtendedError&) = default;
};

// Reads the options of an OPT RDATA; an EDE option must be well formed
// (at least the INFO-CODE, EXTRA-TEXT valid UTF-8).
Result<std::vector<EdnsOption>> edns_options_from_wire(ByteView rdata);
// The EDE options among `edns.options`, in order (a response may carry several).
std::vector<ExtendedError> extended_errors(const Edns& edns);
EdnsOption make_extended_error_option(const ExtendedError& error);

// The RFC 8914 §5.2 registry name, e.g. "DNSSEC Bogus"; "" for unassigned codes.
std::string_view extended_error_name(std::uint16_t info_code);
// "EDE 6 (DNSSEC Bogus): extra text" for reports.
std::string to_text(const ExtendedError& error);

// RFC 3629 well-formedness (no overlongs, surrogates or values above U+10FFFF).
bool is_valid_utf8(ByteView text);

}  // namespace daneel::dns
