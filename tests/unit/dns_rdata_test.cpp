#include <string>
#include <string_view>

#include <catch2/catch_test_macros.hpp>

#include "dns/address.h"
#include "dns/rdata.h"
#include "dns/record.h"
#include "util/encoding.h"

using daneel::Bytes;
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

std::string to_hex(const Bytes& b) { return daneel::encoding::to_hex(b); }

struct RoundTrip {
  RrType type;
  std::string_view input;    // presentation text as written (zone files, RFC examples)
  std::string_view printed;  // what daneel prints ("" = same as input)
  std::string_view wire;     // expected RDATA octets in hex ("" = only round-trip checked)
};

// Examples from the RFCs that define the types, and from common tool output.
const RoundTrip kRoundTrips[] = {
    {RrType::a, "192.0.2.1", "", "c0000201"},
    {RrType::a, "\\# 4 C0000201", "192.0.2.1", "c0000201"},  // RFC 3597 §5 generic form of a known type
    {RrType::aaaa, "2001:db8::1", "", "20010db8000000000000000000000001"},
    {RrType::aaaa, "::1", "", "00000000000000000000000000000001"},
    {RrType::aaaa, "2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1", "20010db8000000000001000000000001"},
    {RrType::aaaa, "::ffff:192.0.2.1", "", "00000000000000000000ffffc0000201"},
    {RrType::ns, "ns.dns.example.", "", "026e7303646e73076578616d706c6500"},
    {RrType::cname, "real.mx-cname.example.", "", ""},
    {RrType::ptr, "host.example.", "", "04686f7374076578616d706c6500"},
    {RrType::dname, "example.net.", "", "076578616d706c65036e657400"},
    {RrType::soa, "ns.dns.example. hostmaster.ee311.example. 1795873984 3600 600 86400 300", "", ""},
    {RrType::mx, "10 mx.ee311.example.", "", "000a026d7805656533313107" "6578616d706c6500"},
    {RrType::mx, "0 .", "", "000000"},  // null MX, RFC 7505
    {RrType::txt, "\"v=spf1 -all\"", "", "0b763d73706631202d616c6c"},
    {RrType::txt, "hello \"two words\" \"q\\\"\\\\\\010\"", "\"hello\" \"two words\" \"q\\\"\\\\\\010\"",
     "0568656c6c6f0974776f20776f72647304 71225c0a"},
    {RrType::txt, "\"\"", "", "00"},
    // RFC 4034 §5.4
    {RrType::ds, "60485 5 1 ( 2BB183AF5F22588179A53B0A98631FAD1A292118 )",
     "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118", "ec4505012bb183af5f22588179a53b0a98631fad1a292118"},
    // RFC 4034 §2.3 (base64 split over several tokens)
    {RrType::dnskey,
     "256 3 5 ( AQPSKmynfzW4kyBv015MUG2DeIQ3 Cbl+BBZH4b/0PY1kxkmvHjcZc8no kfzj31GajIQKY+5CptLr3buXA10h "
     "WqTkF7H6RfoRqXQeogmMHfpftf6z Mv1LyBUgia7za6ZEzOJBOztyvhjL 742iU/TpPSEDhm2SNKLijfUppn1U aNvv4w== )",
     "256 3 5 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogm"
     "MHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==",
     ""},
    // RFC 4034 §3.3
    {RrType::rrsig,
     "A 5 3 86400 20030322173103 ( 20030220173103 2642 example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTr "
     "PYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6o B9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3t GNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkG "
     "J5D6fwFm8nN+6pBzeDQfsS3Ap3o= )",
     "A 5 3 86400 20030322173103 20030220173103 2642 example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMe"
     "DPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQf"
     "sS3Ap3o=",
     ""},
    {RrType::rrsig, "TYPE65280 13 2 300 1048000000 0 1 . AAAA", "TYPE65280 13 2 300 20030318150640 19700101000000 1 . AAAA",
     "ff000d020000012c3e773600000000000001 00 000000"},
    // RFC 4034 §4.3, with the RFC's own wire example
    {RrType::nsec, "host.example.com. ( A MX RRSIG NSEC TYPE1234 )", "host.example.com. A MX RRSIG NSEC TYPE1234",
     "04686f7374076578616d706c6503636f6d00 0006400100000003 041b" "000000000000000000000000000000000000000000000000000020"},
    {RrType::nsec, "a.example. RRSIG A NSEC A", "a.example. A RRSIG NSEC", "01610765 78616d706c6500 0006400000000003"},
    {RrType::nsec, "a.example.", "", "0161076578616d706c6500"},  // no types: an empty bit map
    // RFC 5155 Appendix A
    {RrType::nsec3, "1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG )",
     "1 1 12 AABBCCDD 2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA MX RRSIG DNSKEY NSEC3PARAM",
     ""},
    {RrType::nsec3, "1 0 0 - 2nhbglef561f3m48q4jai3om8h1u3oi5 A RRSIG", "", ""},  // the world's kdig output
    {RrType::nsec3param, "1 0 12 aabbccdd", "1 0 12 AABBCCDD", "0100000c04aabbccdd"},
    {RrType::nsec3param, "1 0 0 -", "", "0100000000"},
    {RrType::tlsa, "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6", "",
     "0301010c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6"},
    {RrType::tlsa, "2 0 0 30820307", "2 0 0 30820307", "02000030820307"},
    // RFC 8659 §4.1
    {RrType::caa, "0 issue \"ca.example.net; account=230123\"", "", ""},
    {RrType::caa, "128 tbs \"Unknown\"", "", "8003746273556e6b6e6f776e"},
    {RrType::caa, "0 issue \"\"", "", "00056973737565"},
    {RrType::caa, "0 iodef mailto:security@example.com", "0 iodef \"mailto:security@example.com\"", ""},
    // RFC 9460 Appendix D.2
    {RrType::https, "0 foo.example.com.", "", "000003666f6f076578616d706c6503636f6d00"},
    {RrType::svcb, "1 .", "", "000100"},
    {RrType::svcb, "16 foo.example.com. port=53", "", "0010 03666f6f076578616d706c6503636f6d00 0003 0002 0035"},
    {RrType::svcb, "1 foo.example.com. key667=hello", "", "0001 03666f6f076578616d706c6503636f6d00 029b 0005 68656c6c6f"},
    {RrType::svcb, "1 foo.example.com. key667=\"hello\\210qoo\"", "",
     "0001 03666f6f076578616d706c6503636f6d00 029b 0009 68656c6c6fd2716f6f"},
    {RrType::svcb, "1 foo.example.com. ( ipv6hint=\"2001:db8::1,2001:db8::53:1\" )",
     "1 foo.example.com. ipv6hint=2001:db8::1,2001:db8::53:1",
     "0001 03666f6f076578616d706c6503636f6d00 0006 0020 20010db8000000000000000000000001 20010db8000000000000000000530001"},
    {RrType::svcb, "16 foo.example.org. ( alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1 )",
     "16 foo.example.org. mandatory=alpn,ipv4hint alpn=h2,h3-19 ipv4hint=192.0.2.1",
     "0010 03666f6f076578616d706c65036f726700 0000 0004 00010004 0001 0009 02683205 68332d3139 0004 0004 c0000201"},
    {RrType::svcb, "16 foo.example.org. alpn=\"f\\\\\\\\oo\\\\,bar,h2\"", "",
     "0010 03666f6f076578616d706c65036f726700 0001 000c 08665c6f6f2c626172 026832"},
    {RrType::https, "1 . alpn=h2 no-default-alpn port=8443 ech=AEP+DQA/ dohpath=\"/q{?dns}\"",
     "1 . alpn=h2 no-default-alpn port=8443 ech=AEP+DQA/ dohpath=/q{?dns}", ""},
    {RrType::svcb, "1 . ipv4hint=192.0.2.1,192.0.2.2 key65000", "", "0001 00 0004 0008 c0000201c0000202 fde8 0000"},
    // RFC 3597 §5: types without a presentation format
    {static_cast<RrType>(65280), "\\# 4 0A000001", "", "0a000001"},
    {static_cast<RrType>(65280), "\\# 0", "", ""},
    {RrType::hinfo, "\\# 5 ( 01 41 02 42 43 )", "\\# 5 0141024243", "0141024243"},
};

}  // namespace

TEST_CASE("Every RR type: presentation -> wire -> presentation -> wire") {
  for (const RoundTrip& c : kRoundTrips) {
    CAPTURE(to_string(c.type), c.input);
    const auto parsed = rdata_from_text(c.type, c.input);
    if (!parsed.ok()) FAIL(parsed.error().message);
    const Bytes wire = rdata_to_wire(parsed.value());
    if (!c.wire.empty()) CHECK(to_hex(wire) == to_hex(hex(c.wire)));
    const std::string printed = rdata_to_text(parsed.value());
    CHECK(printed == (c.printed.empty() ? c.input : c.printed));
    // Print -> parse -> wire gives the same octets; wire -> typed -> wire too.
    const auto reparsed = rdata_from_text(c.type, printed);
    REQUIRE(reparsed.ok());
    CHECK(reparsed.value() == parsed.value());
    const auto from_wire = rdata_from_wire(c.type, wire);
    REQUIRE(from_wire.ok());
    CHECK(from_wire.value() == parsed.value());
    CHECK(rdata_to_wire(from_wire.value()) == wire);
    CHECK(has_typed_rdata(c.type) == (parsed.value().index() != 0));
  }
}

TEST_CASE("Canonical RDATA lowercases exactly the names RFC 4034 §6.2 / RFC 6840 §5.1 list") {
  struct Case {
    RrType type;
    std::string_view text;
    bool lowered;
  };
  const Case cases[] = {
      {RrType::mx, "10 MAIL.Example.", true},
      {RrType::ns, "NS.Example.", true},
      {RrType::cname, "Target.Example.", true},
      {RrType::ptr, "Host.Example.", true},
      {RrType::dname, "Example.NET.", true},
      {RrType::soa, "NS.Example. Host.Example. 1 2 3 4 5", true},
      {RrType::rrsig, "A 13 2 300 20261212135304 20261128125304 10978 Example.COM. AAAA", true},
      {RrType::nsec, "Host.Example. A RRSIG NSEC", false},  // RFC 6840 §5.1 removed NSEC
      {RrType::svcb, "1 Foo.Example.", false},
      {RrType::txt, "\"MiXeD\"", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto rdata = rdata_from_text(c.type, c.text);
    REQUIRE(rdata.ok());
    const Bytes plain = rdata_to_wire(rdata.value());
    const Bytes canonical = canonical_rdata(rdata.value());
    Bytes lowered = plain;
    for (auto& octet : lowered) octet = ascii_lower(octet);
    if (c.lowered) {
      CHECK(canonical != plain);
      // Only name octets change; other fields (e.g. a base64 "AAAA") never contain 'A'..'Z' here except
      // the signature, which must not change: compare field by field via re-parsing.
      const auto back = rdata_from_wire(c.type, canonical);
      REQUIRE(back.ok());
      CHECK(rdata_to_text(back.value()) != rdata_to_text(rdata.value()));
    } else {
      CHECK(canonical == plain);
    }
  }
  // The RRSIG signature itself is never folded.
  const auto rrsig = rdata_from_text(RrType::rrsig, "A 13 2 300 20261212135304 20261128125304 1 EX. QUJD");
  REQUIRE(rrsig.ok());
  CHECK(rdata_to_text(rdata_from_wire(RrType::rrsig, canonical_rdata(rrsig.value())).value()) ==
        "A 13 2 300 20261212135304 20261128125304 1 ex. QUJD");
}

TEST_CASE("RDATA presentation errors name the type and field") {
  struct Bad {
    RrType type;
    std::string_view text;
    Errc code;
    std::string_view message;
  };
  const Bad cases[] = {
      {RrType::a, "192.0.2", Errc::malformed, "A address: \"192.0.2\" is not an IPv4 address"},
      {RrType::a, "192.0.2.01", Errc::malformed, "A address: \"192.0.2.01\" is not an IPv4 address"},
      {RrType::aaaa, "1::2::3", Errc::malformed, "AAAA address: \"1::2::3\" is not an IPv6 address"},
      {RrType::mx, "65536 mx.example.", Errc::out_of_range, "MX preference: 65536 is above 65535"},
      {RrType::mx, "10", Errc::truncated, "MX exchange: missing"},
      {RrType::ds, "1 8 2", Errc::truncated, "DS digest: missing"},
      {RrType::ds, "1 8 2 XYZ", Errc::malformed, "DS digest: odd number of hex digits (3)"},
      {RrType::nsec, "a.example. A BOGUS", Errc::malformed, "NSEC type bit maps: unknown RR type \"BOGUS\""},
      {RrType::rrsig, "A 13 2 300 20261332000000 0 1 . AAAA", Errc::malformed,
       "RRSIG signature expiration: \"20261332000000\" is not a valid date and time"},
      {RrType::rrsig, "A 13 2 300 21060207062816 0 1 . AAAA", Errc::out_of_range,
       "RRSIG signature expiration: \"21060207062816\" is outside 1970..2106"},
      {RrType::caa, "0 is-sue \"x\"", Errc::malformed, "CAA tag: tag must be 1..255 ASCII letters and digits (RFC 8659 §4.1)"},
      {RrType::txt, "\"unterminated", Errc::malformed, "TXT unterminated quote at offset 0"},
      {RrType::txt, "", Errc::malformed,
       "TXT text: at least one <character-string> is required"},
      {RrType::svcb, "1 . port=1 port=2", Errc::malformed,
       "SVCB SvcParams: SvcParamKey 3 after 3: keys must be strictly ascending (RFC 9460 §2.2)"},
      {RrType::svcb, "1 . no-default-alpn=x", Errc::malformed, "SVCB SvcParams: SvcParam no-default-alpn: takes no value (RFC 9460 §7)"},
      {RrType::svcb, "1 . mandatory=mandatory", Errc::malformed, "SVCB SvcParams: SvcParam mandatory: lists itself (RFC 9460 §7)"},
      {RrType::svcb, "1 . key65535=x", Errc::malformed, "SVCB SvcParams: unknown SvcParamKey \"key65535\""},
      {RrType::nsec3param, "1 0 0 -- ", Errc::malformed, "NSEC3PARAM salt: invalid hex character '-' at offset 0"},
      {RrType::soa, "a. b. 1 2 3 4 5 6", Errc::malformed, "SOA unexpected \"6\" at offset 16 after the last field"},
      {static_cast<RrType>(65280), "0a000001", Errc::unsupported,
       "no presentation format for TYPE65280 RDATA; use the generic form \\# LENGTH HEX (RFC 3597 §5)"},
      {static_cast<RrType>(65280), "\\# 3 0a000001", Errc::malformed, "TYPE65280 \\# says 3 octets but has 4"},
      {RrType::a, "\\# 3 0a0000", Errc::truncated, "A RDATA, address: needed 4 bytes at offset 0, only 3 left (RDLENGTH 3)"},
  };
  for (const Bad& c : cases) {
    CAPTURE(c.text);
    const auto parsed = rdata_from_text(c.type, c.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == c.code);
    CHECK(parsed.error().message == c.message);
  }
  CHECK(rdata_from_text(RrType::tlsa, "3 1 1 ( AB CD ) ; comment").ok());
  const std::string long_string = "\"" + std::string(256, 'a') + "\"";
  CHECK(rdata_from_text(RrType::txt, long_string).error().message ==
        "TXT text: a <character-string> longer than 255 octets");
}

TEST_CASE("Record lines: trust anchors and report output") {
  const auto anchor = record_from_text(
      ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D");
  REQUIRE(anchor.ok());
  CHECK(anchor.value().owner.is_root());
  CHECK(anchor.value().ttl == 0);
  const auto& ds = std::get<Ds>(anchor.value().rdata);
  CHECK(ds.key_tag == 20326);
  CHECK(ds.algorithm == 8);
  CHECK(ds.digest_type == 2);
  CHECK(ds.digest.size() == 32);
  CHECK(to_text(anchor.value()) ==
        ". 0 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D");

  // The world's anchor file: tabs and a lowercase digest.
  const auto world = record_from_text(
      ".\tIN\tDS\t51427 13 2 3c13e40ccbe29837931ff0437792d768519f9fe4b6db3a8a6debe34ec05ee28f\n");
  REQUIRE(world.ok());
  CHECK(std::get<Ds>(world.value().rdata).key_tag == 51427);

  const auto mx = record_from_text("ee311.example. 300 IN MX 10 mx.ee311.example.");
  REQUIRE(mx.ok());
  CHECK(mx.value().ttl == 300);
  CHECK(to_text(mx.value()) == "ee311.example. 300 IN MX 10 mx.ee311.example.");
  const auto swapped = record_from_text("example. CH 60 TXT \"x\"");
  REQUIRE(swapped.ok());
  CHECK(swapped.value().rclass == RrClass::ch);
  CHECK(swapped.value().ttl == 60);
  const auto multi = record_from_text("example. 60 IN DNSKEY ( 257 3 13\n  AAAA\n  BBBB ) ; key");
  REQUIRE(multi.ok());
  CHECK(rdata_to_text(multi.value().rdata) == "257 3 13 AAAABBBB");

  CHECK(record_from_text("example. 300 IN").error().message == "record type missing");
  CHECK(record_from_text("example. IN BOGUS 1").error().message == "unknown RR type \"BOGUS\"");
  CHECK(record_from_text("").error().message == "empty record line");
  CHECK(make_record(Name(), RrType::a, RrClass::in, 0, Mx{}).error().code == Errc::invalid_argument);
  CHECK(make_record(Name(), RrType::mx, RrClass::in, 0, Mx{}).ok());
}

TEST_CASE("Record lines in two steps: the head, then the RDATA of a chosen set of types") {
  const std::string_view ds_line = "example. 60 IN DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118";
  const auto head = record_line_from_text(ds_line);
  REQUIRE(head.ok());
  CHECK(head.value().owner.to_text() == "example.");
  CHECK(head.value().type == RrType::ds);
  CHECK(head.value().ttl == 60);
  CHECK(head.value().tokens.size() - head.value().rdata_start == 4);
  const auto keys_only = record_from_line<DnssecKeyRdataTypes>(head.value());
  REQUIRE(keys_only.ok());
  CHECK(keys_only.value() == record_from_text(ds_line).value());

  const auto dnskey = record_line_from_text("example. DNSKEY 257 3 13 AAAA BBBB");
  REQUIRE(dnskey.ok());
  CHECK(rdata_to_text(record_from_line<DnssecKeyRdataTypes>(dnskey.value()).value().rdata) ==
        "257 3 13 AAAABBBB");

  // A type outside the set: only the generic form, read as wire RDATA.
  const auto mx = record_line_from_text("example. MX 10 mx.example.");
  REQUIRE(mx.ok());
  const auto refused = record_from_line<DnssecKeyRdataTypes>(mx.value());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::unsupported);
  CHECK(refused.error().message ==
        "no presentation format for MX RDATA; use the generic form \\# LENGTH HEX (RFC 3597 §5)");
  CHECK(record_from_line<AllRdataTypes>(mx.value()).value() ==
        record_from_text("example. MX 10 mx.example.").value());
  const auto generic = record_line_from_text("example. MX \\# 3 000A00");
  REQUIRE(generic.ok());
  CHECK(std::get<Mx>(record_from_line<DnssecKeyRdataTypes>(generic.value()).value().rdata).preference == 10);

  // The head's errors are record_from_text's.
  CHECK(record_line_from_text("example. 300 IN").error().message == "record type missing");
  CHECK(record_line_from_text("example. IN BOGUS 1").error().message == "unknown RR type \"BOGUS\"");
}

TEST_CASE("RR type and class mnemonics both ways") {
  CHECK(to_string(RrType::tlsa) == "TLSA");
  CHECK(to_string(static_cast<RrType>(65280)) == "TYPE65280");
  CHECK(rr_type_from_text("nsec3param").value() == RrType::nsec3param);
  CHECK(rr_type_from_text("TYPE52").value() == RrType::tlsa);
  CHECK(rr_type_from_text("type65280").value() == static_cast<RrType>(65280));
  CHECK(rr_type_from_text("TYPE65536").error().message == "unknown RR type \"TYPE65536\"");
  CHECK(rr_type_from_text("TYPE").error().code == Errc::malformed);
  CHECK(to_string(RrClass::in) == "IN");
  CHECK(to_string(static_cast<RrClass>(42)) == "CLASS42");
  CHECK(rr_class_from_text("class1").value() == RrClass::in);
  CHECK(rr_class_from_text("ch").value() == RrClass::ch);
  CHECK(is_meta_type(RrType::opt));
  CHECK(is_meta_type(RrType::any));
  CHECK_FALSE(is_meta_type(RrType::caa));
}

TEST_CASE("IPv6 text follows RFC 5952 and inet_ntop") {
  struct Case {
    std::string_view in, out;
  };
  const Case cases[] = {
      {"::", "::"},
      {"::1", "::1"},
      {"1::", "1::"},
      {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
      {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},  // a single zero group is not shortened
      {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},           // the longest run wins
      {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},     // the first of equal runs wins
      {"::ffff:10.0.0.1", "::ffff:10.0.0.1"},
      {"::10.0.0.1", "::10.0.0.1"},
      {"FE80::ABCD", "fe80::abcd"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    const auto parsed = ipv6_from_text(c.in);
    REQUIRE(parsed.ok());
    CHECK(ipv6_to_text(parsed.value()) == c.out);
  }
  for (const std::string_view bad : {":", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "1::2::3", "::g",
                                     "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4::", "1:", ":1"}) {
    CAPTURE(bad);
    CHECK_FALSE(ipv6_from_text(bad).ok());
  }
}
