#include <cstdio>
#include <string>
#include <string_view>

#include <catch2/catch_test_macros.hpp>

#include "data/dns/recorded.h"
#include "dns/message.h"
#include "util/encoding.h"

using daneel::Bytes;
using daneel::ByteView;
using daneel::Errc;
using namespace daneel::dns;

namespace {

Bytes hex(std::string_view text) {
  std::string compact;
  for (const char c : text)
    if (c != ' ') compact.push_back(c);
  auto decoded = daneel::encoding::from_hex(compact);
  REQUIRE(decoded.ok());
  return decoded.value();
}

std::string u16(std::size_t v) {
  char out[17];  // room for any size_t, though callers pass 16-bit counts
  std::snprintf(out, sizeof out, "%04zx", v);
  return out;
}

// A response header (QR RD RA, NOERROR) with the given counts.
std::string header(std::size_t qd, std::size_t an, std::size_t ns, std::size_t ar) {
  return "0000 8180 " + u16(qd) + u16(an) + u16(ns) + u16(ar) + " ";
}
// "example. A IN" at offset 12; the first record starts at 25.
const std::string kQuestion = "076578616d706c6500 0001 0001 ";
// One record in hex: owner, type, class IN, TTL 300, RDLENGTH (computed unless given), RDATA.
std::string rr(std::string_view owner, std::uint16_t type, std::string_view rdata, long rdlength = -1) {
  std::size_t length = 0;
  for (const char c : rdata) length += c != ' ';
  return std::string(owner) + " " + u16(type) + "0001 0000012c " +
         u16(rdlength >= 0 ? static_cast<std::size_t>(rdlength) : length / 2) + " " + std::string(rdata) + " ";
}
const std::string kOpt = "00 0029 04d0 00008000 0000 ";  // root, OPT, 1232, DO

struct Malformed {
  std::string_view what;
  std::string wire;
  Errc code;
  std::string message;
};

std::vector<Malformed> malformed_cases() {
  const std::string q = kQuestion;
  const std::string h1 = header(1, 1, 0, 0);
  const std::string nsec = "c00c";  // owner for the answer records: "example."
  return {
      {"empty input", "", Errc::truncated, "message of 0 octets is shorter than the 12-octet header"},
      {"short header", "0000818000010000000000", Errc::truncated,
       "message of 11 octets is shorter than the 12-octet header"},
      {"two questions", header(2, 0, 0, 0) + q + q, Errc::limit_exceeded, "QDCOUNT 2: at most one question (RFC 9619)"},
      {"too many records", header(0, 1000, 24, 1), Errc::limit_exceeded,
       "ANCOUNT + NSCOUNT + ARCOUNT = 1025 records, more than the limit of 1024"},
      {"counts promise more than the bytes", header(1, 3, 0, 0) + q + rr("c00c", 1, "c0000201"), Errc::truncated,
       "header counts 1 questions and 3 records, at least 38 octets, but only 29 follow"},
      {"a promised record is missing", header(1, 2, 0, 0) + q + rr("c00c", 1, "c0000201"), Errc::truncated,
       "answer record 2 at offset 41: owner: name at offset 41: ends at offset 41 before its root label"},
      {"question name: pointer to itself", header(1, 0, 0, 0) + "c00c 0001 0001", Errc::malformed,
       "question 1 at offset 12: name at offset 12: compression pointer at offset 12 points to itself "
       "(RFC 1035 §4.1.4: only to a prior occurrence)"},
      {"question name: pointer loop", header(1, 0, 0, 0) + "0161 c00c 0001 0001", Errc::malformed,
       "question 1 at offset 12: name at offset 12: compression pointer at offset 14 points back to 12, into "
       "labels already read (a loop)"},
      {"owner: forward pointer", h1 + q + rr("c01c", 1, "c0000201"), Errc::malformed,
       "answer record 1 at offset 25: owner: name at offset 25: compression pointer at offset 25 points forward "
       "to 28 (RFC 1035 §4.1.4: only to a prior occurrence)"},
      {"owner: pointer past the end", h1 + q + rr("c3ff", 1, "c0000201"), Errc::out_of_range,
       "answer record 1 at offset 25: owner: name at offset 25: compression pointer at offset 25 points to 1023, "
       "past the end (41 bytes)"},
      {"owner: pointer cut off at the end", header(1, 0, 0, 0) + "c0", Errc::truncated,
       "header counts 1 questions and 0 records, at least 5 octets, but only 1 follow"},
      {"label length 64 (type bits 01)", header(1, 0, 0, 0) + "40" + std::string(128, 'a') + "00 0001 0001",
       Errc::malformed,
       "question 1 at offset 12: name at offset 12: label type 0x40 at offset 12 is not a length or pointer "
       "(RFC 6891 §5 retired them)"},
      {"label type 10", header(1, 0, 0, 0) + "8000 0001 0001", Errc::malformed,
       "question 1 at offset 12: name at offset 12: label type 0x80 at offset 12 is not a length or pointer "
       "(RFC 6891 §5 retired them)"},
      {"name longer than 255 octets", [] {
         std::string name;
         for (int i = 0; i < 5; ++i) name += "3f" + std::string(126, '6');
         return header(1, 0, 0, 0) + name + "00 0001 0001";
       }(),
       Errc::limit_exceeded,
       "question 1 at offset 12: name at offset 12: name longer than 255 octets (RFC 1035 §2.3.4) at offset 204"},
      {"label running past the end", header(1, 0, 0, 0) + "05616263", Errc::truncated,
       "header counts 1 questions and 0 records, at least 5 octets, but only 4 follow"},
      {"label running past the end (question)", header(1, 0, 0, 0) + "3f616263 00000000", Errc::truncated,
       "question 1 at offset 12: name at offset 12: label of 63 octets at offset 12 runs past the end (20 bytes)"},
      {"more than 128 pointer hops", [] {
         // RDATA of an unknown type holds a root label and a chain of 129 pointers, each to the previous one.
         std::string chain = "00";
         for (std::size_t i = 0; i < 129; ++i) chain += u16(0xC000 | (37 + (i == 0 ? 0 : 1 + 2 * (i - 1))));
         return header(1, 2, 0, 0) + kQuestion + rr("c00c", 65280, chain) + rr(u16(0xC000 | (37 + 1 + 2 * 128)), 1, "c0000201");
       }(),
       Errc::limit_exceeded, "answer record 2 at offset 296: owner: name at offset 296: more than 128 compression pointers"},
      {"RDLENGTH past the end", h1 + q + rr("c00c", 1, "c0000201", 300), Errc::truncated,
       "answer record 1 at offset 25: A RDLENGTH 300 at offset 35 runs past the end of the message (4 octets left)"},
      {"RDLENGTH too small for A", h1 + q + rr("c00c", 1, "c00002"), Errc::truncated,
       "answer record 1 at offset 25: A RDATA, address: needed 4 bytes at offset 37, only 3 left (RDLENGTH 3)"},
      {"RDLENGTH too large for A", h1 + q + rr("c00c", 1, "c000020101"), Errc::malformed,
       "answer record 1 at offset 25: A RDATA: 1 bytes left over at offset 41 (RDLENGTH 5)"},
      {"RDLENGTH too small for AAAA", h1 + q + rr("c00c", 28, "20010db8"), Errc::truncated,
       "answer record 1 at offset 25: AAAA RDATA, address: needed 16 bytes at offset 37, only 4 left (RDLENGTH 4)"},
      {"RDLENGTH too small for MX", h1 + q + rr("c00c", 15, "00"), Errc::truncated,
       "answer record 1 at offset 25: MX RDATA, preference: needed 2 bytes at offset 37, only 1 left (RDLENGTH 1)"},
      {"MX exchange runs past RDLENGTH", h1 + q + rr("c00c", 15, "000a 026d78", 5) + "c00c", Errc::truncated,
       "answer record 1 at offset 25: MX RDATA, exchange: name at offset 39: ends at offset 42 before its root "
       "label (RDLENGTH 5)"},
      {"SOA without MINIMUM", h1 + q + rr("c00c", 6, "c00c c00c 00000001 00000002 00000003 00000004"), Errc::truncated,
       "answer record 1 at offset 25: SOA RDATA, MINIMUM: needed 4 bytes at offset 57, only 0 left (RDLENGTH 20)"},
      {"TXT without strings", h1 + q + rr("c00c", 16, ""), Errc::malformed,
       "answer record 1 at offset 25: TXT RDATA, text: at least one <character-string> is required (RDLENGTH 0)"},
      {"TXT string past RDLENGTH", h1 + q + rr("c00c", 16, "0568656c6c"), Errc::truncated,
       "answer record 1 at offset 25: TXT RDATA, text: needed 5 bytes at offset 38, only 4 left (RDLENGTH 5)"},
      {"DS without digest", h1 + q + rr("c00c", 43, "ec450501"), Errc::malformed,
       "answer record 1 at offset 25: DS RDATA, digest: must not be empty (RDLENGTH 4)"},
      {"DNSKEY without key", h1 + q + rr("c00c", 48, "0101030d"), Errc::malformed,
       "answer record 1 at offset 25: DNSKEY RDATA, public key: must not be empty (RDLENGTH 4)"},
      {"TLSA without data", h1 + q + rr("c00c", 52, "030101"), Errc::malformed,
       "answer record 1 at offset 25: TLSA RDATA, certificate association data: must not be empty (RDLENGTH 3)"},
      {"RRSIG signer compressed", h1 + q + rr("c00c", 46, "0001 0d 01 0000012c 00000002 00000001 0001 c00c aabb"),
       Errc::malformed,
       "answer record 1 at offset 25: RRSIG RDATA, signer's name: name at offset 55: compression pointer at "
       "offset 55 where names must not be compressed (RFC 3597 §4) (RDLENGTH 22)"},
      {"NSEC next name compressed", h1 + q + rr("c00c", 47, "c00c 000140"), Errc::malformed,
       "answer record 1 at offset 25: NSEC RDATA, next domain name: name at offset 37: compression pointer at "
       "offset 37 where names must not be compressed (RFC 3597 §4) (RDLENGTH 5)"},
      {"NSEC bit map windows out of order", h1 + q + rr("c00c", 47, "00 0101 01 0001 40"), Errc::malformed,
       "answer record 1 at offset 25: NSEC RDATA, type bit maps: type bit map window 0 at offset 3 is not above "
       "window 1 (RFC 4034 §4.1.2) (RDLENGTH 7)"},
      {"NSEC bit map window repeated", h1 + q + rr("c00c", 47, "00 000140 000120"), Errc::malformed,
       "answer record 1 at offset 25: NSEC RDATA, type bit maps: type bit map window 0 at offset 3 is not above "
       "window 0 (RFC 4034 §4.1.2) (RDLENGTH 7)"},
      {"NSEC bit map window of length 0", h1 + q + rr("c00c", 47, "00 0000"), Errc::malformed,
       "answer record 1 at offset 25: NSEC RDATA, type bit maps: type bit map window 0 has length 0 (1..32, "
       "RFC 4034 §4.1.2) (RDLENGTH 3)"},
      {"NSEC bit map window of length 33", h1 + q + rr("c00c", 47, "00 0021" + std::string(66, '1')), Errc::malformed,
       "answer record 1 at offset 25: NSEC RDATA, type bit maps: type bit map window 0 has length 33 (1..32, "
       "RFC 4034 §4.1.2) (RDLENGTH 36)"},
      {"NSEC bit map trailing zero octet", h1 + q + rr("c00c", 47, "00 00024000"), Errc::malformed,
       "answer record 1 at offset 25: NSEC RDATA, type bit maps: type bit map window 0 ends with a zero octet "
       "(RFC 4034 §4.1.2) (RDLENGTH 5)"},
      {"NSEC bit map cut off", h1 + q + rr("c00c", 47, "00 000240"), Errc::truncated,
       "answer record 1 at offset 25: NSEC RDATA, type bit maps: type bit map window at offset 0 is cut off "
       "(RDLENGTH 4)"},
      {"NSEC3 hash of length 0", h1 + q + rr("c00c", 50, "01 00 0000 00 00"), Errc::malformed,
       "answer record 1 at offset 25: NSEC3 RDATA, next hashed owner name: length 0 is too small (RDLENGTH 6)"},
      {"NSEC3 salt past RDLENGTH", h1 + q + rr("c00c", 50, "01 00 0000 08 aabb"), Errc::truncated,
       "answer record 1 at offset 25: NSEC3 RDATA, salt: needed 8 bytes at offset 42, only 2 left (RDLENGTH 7)"},
      {"SVCB keys not ascending", h1 + q + rr("c00c", 64, "0001 00 0003 0002 01bb 0001 0003 026832"), Errc::malformed,
       "answer record 1 at offset 25: SVCB RDATA, SvcParams: SvcParamKey 1 after 3: keys must be strictly "
       "ascending (RFC 9460 §2.2) (RDLENGTH 16)"},
      {"SVCB port of 3 octets", h1 + q + rr("c00c", 64, "0001 00 0003 0003 01bb00"), Errc::malformed,
       "answer record 1 at offset 25: SVCB RDATA, SvcParams: SvcParam port: must be 2 octets (RFC 9460 §7) "
       "(RDLENGTH 10)"},
      {"HTTPS alpn with an empty id", h1 + q + rr("c00c", 65, "0001 00 0001 0003 00 0161"), Errc::malformed,
       "answer record 1 at offset 25: HTTPS RDATA, SvcParams: SvcParam alpn: alpn-id list is malformed "
       "(RFC 9460 §7) (RDLENGTH 10)"},
      {"SVCB key 65535", h1 + q + rr("c00c", 64, "0001 00 ffff 0000"), Errc::malformed,
       "answer record 1 at offset 25: SVCB RDATA, SvcParams: SvcParamKey 65535 is reserved (RFC 9460 §14.3.2) "
       "(RDLENGTH 7)"},
      {"SVCB target compressed", h1 + q + rr("c00c", 64, "0001 c00c"), Errc::malformed,
       "answer record 1 at offset 25: SVCB RDATA, TargetName: name at offset 39: compression pointer at offset 39 "
       "where names must not be compressed (RFC 3597 §4) (RDLENGTH 4)"},
      {"CAA tag with a hyphen", h1 + q + rr("c00c", 257, "00 03 612d62 78"), Errc::malformed,
       "answer record 1 at offset 25: CAA RDATA, tag: tag must be 1..255 ASCII letters and digits (RFC 8659 §4.1) "
       "(RDLENGTH 6)"},
      {"CAA empty tag", h1 + q + rr("c00c", 257, "00 00 78"), Errc::malformed,
       "answer record 1 at offset 25: CAA RDATA, tag: length 0 is too small (RDLENGTH 3)"},
      {"OPT in the answer section", h1 + q + kOpt, Errc::malformed,
       "answer record 1 at offset 25: OPT pseudo-record in the answer section (RFC 6891 §6.1.1: additional only)"},
      {"OPT in the authority section", header(1, 0, 1, 0) + q + kOpt, Errc::malformed,
       "authority record 1 at offset 25: OPT pseudo-record in the authority section (RFC 6891 §6.1.1: additional "
       "only)"},
      {"two OPT records", header(1, 0, 0, 2) + q + kOpt + kOpt, Errc::malformed,
       "additional record 2 at offset 36: a second OPT pseudo-record (RFC 6891 §6.1.1 allows one)"},
      {"OPT owner not the root", header(1, 0, 0, 1) + q + "c00c 0029 04d0 00008000 0000", Errc::malformed,
       "additional record 1 at offset 25: OPT owner example. is not the root (RFC 6891 §6.1.2)"},
      {"OPT option cut off", header(1, 0, 0, 1) + q + "00 0029 04d0 00008000 0006 000f 0004 0006", Errc::truncated,
       "additional record 1 at offset 25: OPT RDATA: EDNS option 15 at RDATA offset 0 is cut off (OPTION-LENGTH 4, "
       "RFC 6891 §6.1.2)"},
      {"EDE without INFO-CODE", header(1, 0, 0, 1) + q + "00 0029 04d0 00008000 0005 000f 0001 06", Errc::malformed,
       "additional record 1 at offset 25: OPT RDATA: Extended DNS Error option of 1 octets lacks its INFO-CODE "
       "(RFC 8914 §2)"},
      {"EDE text not UTF-8", header(1, 0, 0, 1) + q + "00 0029 04d0 00008000 0008 000f 0004 0006 c0af",
       Errc::malformed,
       "additional record 1 at offset 25: OPT RDATA: Extended DNS Error EXTRA-TEXT is not valid UTF-8 (RFC 8914 §2)"},
      {"trailing bytes", h1 + q + rr("c00c", 1, "c0000201") + "0000", Errc::malformed,
       "2 trailing octets after the last record at offset 41"},
      {"trailing bytes after the header", header(0, 0, 0, 0) + "00", Errc::malformed,
       "1 trailing octets after the last record at offset 12"},
      {"message larger than 65535 octets", header(0, 0, 0, 0) + std::string(2 * 65524, '0'), Errc::limit_exceeded,
       "message of 65536 octets (at most 65535, RFC 1035 §4.2.2)"},
  };
}

Message parse_hex(std::string_view text) {
  auto parsed = parse_message(hex(text));
  if (!parsed.ok()) FAIL(parsed.error().message);
  return parsed.value();
}

// Parses, builds, parses again: the two parsed messages are equal.
void check_rebuild(const Message& m) {
  const auto built = build_message(m);
  REQUIRE(built.ok());
  const auto again = parse_message(built.value());
  if (!again.ok()) FAIL(again.error().message);
  CHECK(again.value() == m);
  CHECK(to_text(again.value()) == to_text(m));
}

}  // namespace

TEST_CASE("Malformed messages fail with a specific code and message") {
  const auto cases = malformed_cases();
  CHECK(cases.size() >= 40);
  for (const Malformed& c : cases) {
    CAPTURE(c.what);
    const auto parsed = parse_message(hex(c.wire));
    REQUIRE_FALSE(parsed.ok());
    CHECK(to_string(parsed.error().code) == to_string(c.code));
    CHECK(parsed.error().message == c.message);
  }
}

TEST_CASE("Truncating a real answer at every offset fails cleanly with 'truncated'") {
  std::size_t checked = 0;
  for (const std::string_view recorded : {recorded::kNsec3Nxdomain, recorded::kMxEe311, recorded::kNsecNodataTlsa,
                                          recorded::kDnskeyRsasha256, recorded::kCnameMx}) {
    const Bytes whole = hex(recorded);
    REQUIRE(parse_message(whole).ok());
    for (std::size_t length = 0; length < whole.size(); ++length) {
      CAPTURE(length);
      const auto parsed = parse_message(ByteView(whole).first(length));
      REQUIRE_FALSE(parsed.ok());
      CHECK(parsed.error().code == Errc::truncated);
      ++checked;
    }
  }
  CHECK(checked > 2000);
}

TEST_CASE("Recorded answers from the test world parse, print and rebuild") {
  SECTION("MX with RRSIG, EDNS DO") {
    const Message m = parse_hex(recorded::kMxEe311);
    CHECK(m.header.qr);
    CHECK(m.header.rd);
    CHECK(m.header.ra);
    CHECK(m.header.cd);
    CHECK(m.rcode == Rcode::noerror);
    REQUIRE(m.questions.size() == 1);
    CHECK(m.questions[0].name.to_text() == "ee311.example.");
    CHECK(m.questions[0].type == RrType::mx);
    REQUIRE(m.answers.size() == 2);
    CHECK(to_text(m.answers[0]) == "ee311.example. 300 IN MX 10 mx.ee311.example.");
    const auto& sig = std::get<Rrsig>(m.answers[1].rdata);
    CHECK(sig.type_covered == RrType::mx);
    CHECK(sig.algorithm == 13);
    CHECK(sig.labels == 2);
    CHECK(sig.signer.to_text() == "ee311.example.");
    CHECK(sig.signature.size() == 64);
    REQUIRE(m.edns.has_value());
    CHECK(m.edns->dnssec_ok);
    CHECK(m.edns->udp_payload_size == 1232);
    check_rebuild(m);
  }
  SECTION("TLSA 3 1 1") {
    const Message m = parse_hex(recorded::kTlsaEe311);
    REQUIRE(m.answers.size() == 2);
    const auto& tlsa = std::get<Tlsa>(m.answers[0].rdata);
    CHECK(tlsa.usage == 3);
    CHECK(tlsa.selector == 1);
    CHECK(tlsa.matching_type == 1);
    CHECK(tlsa.data.size() == 32);
    CHECK(m.answers[0].owner.to_text() == "_25._tcp.mx.ee311.example.");
    check_rebuild(m);
  }
  SECTION("NSEC NODATA: the world's kdig printed the same lines") {
    const Message m = parse_hex(recorded::kNsecNodataTlsa);
    CHECK(m.rcode == Rcode::nxdomain);  // "_25._tcp.mx" does not exist in that zone
    REQUIRE(m.authority.size() == 4);
    CHECK(to_text(m.authority[0]) == "mx.no-tlsa.example. 300 IN NSEC no-tlsa.example. A RRSIG NSEC");
    const auto& nsec = std::get<Nsec>(m.authority[0].rdata);
    CHECK(nsec.types.contains(RrType::a));
    CHECK_FALSE(nsec.types.contains(RrType::tlsa));
    check_rebuild(m);
  }
  SECTION("NSEC3 denials and NSEC3PARAM") {
    const Message nodata = parse_hex(recorded::kNsec3NodataTlsa);
    REQUIRE_FALSE(nodata.authority.empty());
    bool saw_nsec3 = false;
    for (const Record& r : nodata.authority) {
      if (const auto* n3 = std::get_if<Nsec3>(&r.rdata)) {
        saw_nsec3 = true;
        CHECK(n3->hash_algorithm == 1);
        CHECK(n3->iterations == 0);
        CHECK(n3->salt.empty());
        CHECK(n3->next_hashed_owner.size() == 20);
        CHECK(rdata_to_text(r.rdata).substr(0, 8) == "1 0 0 - ");
      }
    }
    CHECK(saw_nsec3);
    check_rebuild(nodata);
    const Message nx = parse_hex(recorded::kNsec3Nxdomain);
    CHECK(nx.rcode == Rcode::nxdomain);
    check_rebuild(nx);
    const Message param = parse_hex(recorded::kNsec3param);
    CHECK(to_text(param.answers.at(0)) == "nsec3-denial.example. 300 IN NSEC3PARAM 1 0 0 -");
    check_rebuild(param);
  }
  SECTION("CNAME, DNSKEY, DS, SOA, AAAA, null MX") {
    const Message cname = parse_hex(recorded::kCnameMx);
    CHECK(std::get<Cname>(cname.answers.at(0).rdata).target.to_text() == "real.mx-cname.example.");
    const Message keys = parse_hex(recorded::kDnskeyRsasha256);
    std::size_t dnskeys = 0;
    for (const Record& r : keys.answers) dnskeys += std::holds_alternative<Dnskey>(r.rdata);
    CHECK(dnskeys >= 2);
    const Message ds = parse_hex(recorded::kDsEe311);
    CHECK(std::get<Ds>(ds.answers.at(0).rdata).digest_type == 2);
    const Message soa = parse_hex(recorded::kSoaEe311);
    CHECK(std::get<Soa>(soa.answers.at(0).rdata).mname.to_text() == "ns.dns.example.");
    const Message aaaa = parse_hex(recorded::kAaaaDualStack);
    CHECK(rdata_to_text(aaaa.answers.at(0).rdata) == "::1");
    const Message null_mx = parse_hex(recorded::kNullMx);
    CHECK(rdata_to_text(null_mx.answers.at(0).rdata) == "0 .");
    for (const Message* m : {&cname, &keys, &ds, &soa, &aaaa, &null_mx}) check_rebuild(*m);
    check_rebuild(parse_hex(recorded::kDnskeyEd25519));
    check_rebuild(parse_hex(recorded::kDnskeyEe311));
  }
  SECTION("SERVFAIL") {
    const Message m = parse_hex(recorded::kServfailBogusMx);
    CHECK(m.rcode == Rcode::servfail);
    CHECK(to_string(m.rcode) == "SERVFAIL");
    CHECK(m.answers.empty());
    check_rebuild(m);
  }
}

TEST_CASE("Building compresses names and round-trips flags, EDNS and EDE") {
  const Name zone = Name::from_text("Example.").value();
  Message m = make_query(Name::from_text("_25._tcp.mx.example.").value(), RrType::tlsa);
  const auto query = build_message(m);
  REQUIRE(query.ok());
  CHECK(daneel::encoding::to_hex(query.value()) ==
        "00000110000100000000000103" "5f3235045f746370026d78076578616d706c6500" "00340001"
        "0000290" "4d000008000" "0000");

  m.header.qr = m.header.aa = m.header.tc = m.header.ra = m.header.ad = m.header.z = true;
  m.header.id = 0xbeef;
  m.header.opcode = Opcode::notify;
  m.rcode = Rcode::badvers;  // 16: needs the extended bits
  m.answers.push_back(make_record(zone, RrType::mx, RrClass::in, 60, Mx{5, Name::from_text("mx.example.").value()}).value());
  m.answers.push_back(make_record(zone, RrType::ns, RrClass::in, 60, Ns{Name::from_text("ns.EXAMPLE.").value()}).value());
  m.authority.push_back(make_record(zone, RrType::nsec, RrClass::in, 60,
                                    Nsec{Name::from_text("mx.example.").value(), {{RrType::a, RrType::mx}}}).value());
  m.additional.push_back(make_record(Name::from_text("mx.example.").value(), static_cast<RrType>(65280),
                                     static_cast<RrClass>(42), 1, UnknownRdata{{1, 2, 3}}).value());
  m.edns->version = 1;
  m.edns->flags = 0x1234;
  m.edns->options.push_back(make_extended_error_option({6, "RRSIG expired for mx.example."}));
  m.edns->options.push_back({10, {1, 2, 3, 4, 5, 6, 7, 8}});
  const auto built = build_message(m);
  REQUIRE(built.ok());
  const auto parsed = parse_message(built.value());
  REQUIRE(parsed.ok());
  CHECK(parsed.value() == m);
  CHECK(parsed.value().rcode == Rcode::badvers);
  const auto errors = extended_errors(*parsed.value().edns);
  REQUIRE(errors.size() == 1);
  CHECK(to_text(errors[0]) == "EDE 6 (DNSSEC Bogus): \"RRSIG expired for mx.example.\"");
  // Names were compressed: "example." appears in full only in the question and in the NSEC next
  // name, which must not be compressed (RFC 4034 §4.1.1).
  const std::string wire = daneel::encoding::to_hex(built.value());
  std::size_t full = 0;
  for (std::size_t at = wire.find("076578616d706c6500"); at != std::string::npos;
       at = wire.find("076578616d706c6500", at + 1))
    ++full;
  CHECK(full == 2);
  const std::string text = to_text(parsed.value());
  CHECK(text.find(";; flags: qr aa tc rd ra z ad cd;") != std::string::npos);
  CHECK(text.find(";; EDE 6 (DNSSEC Bogus)") != std::string::npos);
  // Compression points at the first spelling of a name: case is not preserved through it (RFC 4343 §4.1).
  CHECK(text.find("example. 60 IN NS ns.example.") != std::string::npos);

  Message no_edns;
  no_edns.rcode = Rcode::badvers;
  CHECK(build_message(no_edns).error().message == "extended RCODE BADVERS needs EDNS (RFC 6891 §6.1.3)");
  Message wrong;
  wrong.answers.push_back({zone, RrType::a, RrClass::in, 0, Mx{}});
  CHECK(build_message(wrong).error().code == Errc::invalid_argument);
  Message huge;
  for (int i = 0; i < 300; ++i)
    huge.answers.push_back(make_record(zone, RrType::txt, RrClass::in, 0, Txt{{Bytes(255, 'x')}}).value());
  CHECK(build_message(huge).error().message == "message of 80419 octets (at most 65535)");
  Message many;
  many.answers.resize(kMaxRecords + 1, make_record(zone, RrType::a, RrClass::in, 0, A{}).value());
  CHECK(build_message(many).error().code == Errc::limit_exceeded);
  many.answers.pop_back();
  const auto most = build_message(many);
  REQUIRE(most.ok());
  CHECK(parse_message(most.value()).ok());  // exactly the limit is fine
}
