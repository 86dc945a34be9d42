// DNS messages (RFC 1035 §4): strict parsing and building.
//
// Parsing refuses anything malformed with an error that names the section,
// the record (1-based), the field and the offset. It never reads past the
// input, follows compression pointers only backwards (see read_name), reads
// every RDATA strictly for its type, and bounds the number of records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dns/edns.h"
#include "dns/name.h"
#include "dns/record.h"
#include "dns/rr_type.h"
#include "util/bytes.h"
#include "util/result.h"

namespace daneel::dns {

inline constexpr std::size_t kMaxMessageSize = 65535;  // RFC 1035 §4.2.2 (TCP length), RFC 8484 §6
// RFC 9619: a QUERY has at most one question (responses echo it or have none).
inline constexpr std::size_t kMaxQuestions = 1;
// The answers a checker needs hold a few dozen records; 1024 leaves ample room
// for any legitimate RRset while bounding the memory of one parsed message.
inline constexpr std::size_t kMaxRecords = 1024;

enum class Opcode : std::uint8_t { query = 0, iquery = 1, status = 2, notify = 4, update = 5 };
// "QUERY", "NOTIFY", ... or "OPCODE3".
std::string to_string(Opcode opcode);

// 12-bit RCODE: the header's 4 bits plus EDNS's 8 extended bits (RFC 6891 §6.1.3).
enum class Rcode : std::uint16_t { noerror = 0, formerr = 1, servfail = 2, nxdomain = 3, notimp = 4, refused = 5,
                                   yxdomain = 6, yxrrset = 7, nxrrset = 8, notauth = 9, notzone = 10, badvers = 16 };
// "NOERROR", "SERVFAIL", ... or "RCODE42".
std::string to_string(Rcode rcode);

struct Header {
  std::uint16_t id = 0;
  bool qr = false;  // response
  Opcode opcode = Opcode::query;
  bool aa = false, tc = false, rd = false, ra = false;
  bool z = false;   // reserved bit, kept as received
  bool ad = false;  // authentic data (RFC 4035 §3.2.3)
  bool cd = false;  // checking disabled (RFC 4035 §3.2.2)
  friend bool operator==(const Header&, const Header&) = default;
};

struct Question {
  Name name;
  RrType type{};
  RrClass qclass = RrClass::in;
  friend bool operator==(const Question&, const Question&) = default;
};

enum class Section : std::uint8_t { question, answer, authority, additional };
std::string_view to_string(Section section);

struct Message {
  Header header;
  Rcode rcode = Rcode::noerror;
  std::vector<Question> questions;
  std::vector<Record> answers;
  std::vector<Record> authority;
  std::vector<Record> additional;  // without the OPT pseudo-record, which is `edns`
  std::optional<Edns> edns;
  friend bool operator==(const Message&, const Message&) = default;
};

Result<Message> parse_message(ByteView wire);

// Wire form with name compression (owner, question and RFC 1035 RDATA names).
// Fails if the message would exceed 65535 octets or kMaxRecords, or if an
// extended RCODE (> 15) is set without EDNS.
Result<Bytes> build_message(const Message& message);

// A query as DoH clients send it (RFC 8484 §4.1: ID 0), recursion desired,
// EDNS0 with the DO bit so RRSIGs come back, CD when the caller validates.
struct QueryOptions {
  std::uint16_t id = 0;
  bool checking_disabled = true;
  bool dnssec_ok = true;
  std::uint16_t udp_payload_size = 1232;
};
Message make_query(const Name& name, RrType type, const QueryOptions& options = {});

// A dig-like multi-line dump for logs and reports.
std::string to_text(const Message& message);

}  // namespace daneel::dns
