#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch_test_macros.hpp>

#include "dns/name.h"
#include "util/encoding.h"

using daneel::ByteReader;
using daneel::Bytes;
using daneel::Errc;
using daneel::dns::Compression;
using daneel::dns::Name;

namespace {

Name name(std::string_view text) {
  auto parsed = Name::from_text(text);
  REQUIRE(parsed.ok());
  return parsed.value();
}

std::string wire_hex(const Name& n) { return daneel::encoding::to_hex(n.wire()); }

}  // namespace

TEST_CASE("Name presentation <-> wire, with escapes") {
  struct Case {
    std::string_view text, printed, wire;
  };
  const Case cases[] = {
      {".", ".", "00"},
      {"example", "example.", "076578616d706c6500"},
      {"Example.COM.", "Example.COM.", "074578616d706c6503434f4d00"},
      {"_25._tcp.mx.example.", "_25._tcp.mx.example.", "035f3235045f746370026d78076578616d706c6500"},
      {"a\\.b.example.", "a\\.b.example.", "03612e62076578616d706c6500"},  // a dot inside a label
      {"a\\\\b.", "a\\\\b.", "03615c6200"},                                 // a backslash inside a label
      {"\\065bc.", "Abc.", "0341626300"},                                     // \DDD for a printable octet
      {"\\000\\255.", "\\000\\255.", "0200ff00"},                             // binary octets
      {"sp\\ ace.", "sp\\032ace.", "0673702061636500"},
      {"q\\\"t\\(\\)\\;\\@\\$.", "q\\\"t\\(\\)\\;\\@\\$.", "08 71227428293b4024 00"},
      {"*.example.", "*.example.", "012a076578616d706c6500"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const Name n = name(c.text);
    CHECK(n.to_text() == c.printed);
    std::string expected(c.wire);
    expected.erase(std::remove(expected.begin(), expected.end(), ' '), expected.end());
    CHECK(wire_hex(n) == expected);
    // Printing always reads back to the same octets (not merely an equal name).
    CHECK(wire_hex(name(n.to_text())) == expected);
    const auto from_wire = Name::from_wire(n.wire());
    REQUIRE(from_wire.ok());
    CHECK(from_wire.value().to_text() == c.printed);
  }
}

TEST_CASE("Name limits: 63 octets per label, 255 in all") {
  const std::string label63(63, 'a');
  CHECK(name(label63 + ".example.").label(0).size() == 63);
  // 3 x (1+63) + (1+61) + root = 255 octets: the longest name.
  const std::string longest = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b') + ".";
  CHECK(name(longest).wire_size() == 255);

  struct Bad {
    std::string text;
    Errc code;
    std::string message;
  };
  const Bad bad[] = {
      {"", Errc::malformed, "empty name"},
      {"..", Errc::malformed, "name \"..\": empty label at offset 0"},
      {"a..b", Errc::malformed, "name \"a..b\": empty label at offset 2"},
      {".a", Errc::malformed, "name \".a\": empty label at offset 0"},
      {std::string(64, 'x') + ".", Errc::limit_exceeded,
       "name \"" + std::string(64, 'x') + ".\": label of 64 octets (at most 63, RFC 1035 §2.3.4) at offset 0"},
      {longest + "c", Errc::limit_exceeded,
       "name \"" + longest + "c\": name longer than 255 octets (RFC 1035 §2.3.4) at offset 254"},
      {"a\\256.", Errc::out_of_range, "name \"a\\256.\": escape \\256 is above 255 (offset 1)"},
      {"a\\12", Errc::malformed, "name \"a\\12\": \\DDD escape needs three digits (offset 1)"},
      {"a\\", Errc::malformed, "name \"a\\\": backslash at the end (offset 1)"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.text);
    const auto parsed = Name::from_text(b.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == b.code);
    CHECK(parsed.error().message == b.message);
  }
  // A huge label fails early, without building it all.
  CHECK(Name::from_text(std::string(100000, 'z')).error().code == Errc::limit_exceeded);
}

TEST_CASE("Name equality and hashing ignore ASCII case only") {
  CHECK(name("WWW.Example.COM") == name("www.example.com."));
  CHECK(name("WWW.Example.COM").hash() == name("www.example.com.").hash());
  CHECK_FALSE(name("a.example") == name("b.example"));
  CHECK_FALSE(name("example") == name("example.com"));
  // Octets above 0x7f are not letters: \195 and \227 differ although "Ã"/"ã" are case pairs in Latin-1.
  CHECK_FALSE(name("\\195.") == name("\\227."));
  CHECK(name("MiXeD.Example.").canonical().to_text() == "mixed.example.");
}

TEST_CASE("Canonical ordering follows the RFC 4034 §6.1 example") {
  const std::vector<std::string_view> ordered = {
      "example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.", "z.example.",
      "\\001.z.example.", "*.z.example.", "\\200.z.example.",
  };
  std::vector<Name> names;
  for (const auto text : ordered) names.push_back(name(text));
  std::vector<Name> shuffled(names.rbegin(), names.rend());
  std::swap(shuffled[1], shuffled[5]);
  std::sort(shuffled.begin(), shuffled.end());
  for (std::size_t i = 0; i < names.size(); ++i) {
    CAPTURE(i);
    CHECK(shuffled[i].to_text() == names[i].to_text());
  }
  for (std::size_t i = 0; i + 1 < names.size(); ++i) CHECK(names[i] < names[i + 1]);
  CHECK((name("Z.a.example") <=> name("z.A.EXAMPLE")) == 0);
  CHECK(Name::root() < name("example."));
}

TEST_CASE("Label counts, wildcards and RRSIG labels") {
  struct Case {
    std::string_view text;
    std::size_t labels, rrsig_labels;
    bool wildcard;
  };
  const Case cases[] = {
      {".", 0, 0, false},
      {"example.", 1, 1, false},
      {"www.example.com.", 3, 3, false},
      {"*.example.com.", 3, 2, true},   // RFC 4034 §3.1.3: the leading "*" is not counted
      {"a.*.example.", 3, 3, false},    // only a leftmost "*" makes a wildcard
      {"\\042.example.", 2, 1, true},   // "*" written as an escape is still "*"
      {"**.example.", 2, 2, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const Name n = name(c.text);
    CHECK(n.label_count() == c.labels);
    CHECK(n.rrsig_label_count() == c.rrsig_labels);
    CHECK(n.is_wildcard() == c.wildcard);
  }
}

TEST_CASE("Name relations: subdomain, parent, strip, concat, prepend") {
  const Name mx = name("mx.Example.");
  CHECK(mx.is_subdomain_of(name("example.")));
  CHECK(mx.is_subdomain_of(mx));
  CHECK(mx.is_subdomain_of(Name::root()));
  CHECK_FALSE(name("example.").is_subdomain_of(mx));
  CHECK_FALSE(name("xexample.").is_subdomain_of(name("example.")));
  CHECK_FALSE(name("mx.other.").is_subdomain_of(name("example.")));
  CHECK(mx.parent().to_text() == "Example.");
  CHECK(mx.strip_left(2).is_root());
  CHECK(mx.strip_left(9).is_root());
  CHECK(Name::root().parent().is_root());
  CHECK(mx.label(0).size() == 2);

  const auto tlsa = Name::concat(name("_25._tcp"), mx);
  REQUIRE(tlsa.ok());
  CHECK(tlsa.value().to_text() == "_25._tcp.mx.Example.");
  CHECK(Name::concat(Name::root(), mx).value() == mx);

  const Bytes hash = {'a', 'b'};
  CHECK(name("zone.").prepend_label(hash).value().to_text() == "ab.zone.");
  CHECK(name("zone.").prepend_label({}).error().message == "empty label");
  const std::string label63(63, 'a');
  const Name big = name(label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b'));
  CHECK(Name::concat(name("x"), big).error().code == Errc::limit_exceeded);
  CHECK(big.prepend_label(hash).error().code == Errc::limit_exceeded);
}

TEST_CASE("read_name follows backward pointers and resumes after the first one") {
  // "example." at 0, then "mx" + pointer to 0 at 9, then a pointer to 9 at 14.
  const Bytes wire = daneel::encoding::from_hex("076578616d706c6500" "026d78c000" "c009" "ff").value();
  ByteReader reader(wire);
  CHECK(read_name(reader, Compression::allowed).to_text() == "example.");
  CHECK(reader.offset() == 9);
  CHECK(read_name(reader, Compression::allowed).to_text() == "mx.example.");
  CHECK(reader.offset() == 14);
  CHECK(read_name(reader, Compression::allowed).to_text() == "mx.example.");
  CHECK(reader.offset() == 16);
  CHECK(reader.ok());

  ByteReader strict(wire);
  strict.seek(9);
  (void)read_name(strict, Compression::forbidden);
  REQUIRE_FALSE(strict.ok());
  CHECK(strict.error()->message ==
        "name at offset 9: compression pointer at offset 12 where names must not be compressed (RFC 3597 §4)");
  CHECK(Name::from_wire(wire).error().message == "8 bytes after the name at offset 9");
}
