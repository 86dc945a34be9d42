// IDNA2008 (core/src/dns/idna.h) and Punycode (core/src/dns/punycode.h).
// Table-driven: every row is checked on its own and reported with its input.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <cctype>
#include <string>
#include <string_view>

#include "dns/idna.h"
#include "dns/punycode.h"
#include "idna_nfc_test.inc"  // NormalizationTest.txt (UCD), generated at build time

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::Equals;
namespace idna = daneel::dns::idna;
namespace punycode = daneel::dns::punycode;
using daneel::Errc;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string repeat(std::string_view unit, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += unit;
  return out;
}

// A row: input, and either the expected output or (error rows) a part of the
// expected message. `full` asks for the whole message.
struct Row {
  std::string_view what;
  std::string input;
  bool ok;
  std::string expected;
  bool full = false;
};

void check_rows(const std::vector<Row>& rows, daneel::Result<std::string> (*convert)(std::string_view)) {
  for (const Row& row : rows) {
    CAPTURE(row.what, row.input);
    const auto result = convert(row.input);
    if (row.ok) {
      CHECK(result.ok());
      if (result.ok()) {
        CHECK(result.value() == row.expected);
      } else {
        CAPTURE(result.error().message);
        CHECK(false);
      }
    } else {
      CHECK_FALSE(result.ok());
      if (!result.ok()) {
        CHECK(result.error().code == Errc::invalid_argument);
        if (row.full) {
          CHECK_THAT(result.error().message, Equals(row.expected));
        } else {
          CHECK_THAT(result.error().message, ContainsSubstring(row.expected));
        }
      }
    }
  }
}

}  // namespace

TEST_CASE("Unicode version of the generated tables", "[idna]") {
  CHECK(idna::unicode_version() == "15.0.0");
}

struct PunycodeSample {
  std::string_view what;
  std::u32string_view decoded;
  std::string_view encoded;
};

// RFC 3492 section 7.1. (I) carries mixed-case annotations in its digits,
// which an encoder need not produce: compared without case.
constexpr PunycodeSample kRfc3492Samples[] = {
    {"(A) Arabic (Egyptian)", U"\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F", "egbpdaj6bu4bxfgehfvwxn"},
    {"(B) Chinese (simplified)", U"\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587", "ihqwcrb4cv8a8dqg056pqjye"},
    {"(C) Chinese (traditional)", U"\u4ED6\u5011\u7232\u4EC0\u9EBD\u4E0D\u8AAA\u4E2D\u6587", "ihqwctvzc91f659drss3x8bo0yb"},
    {"(D) Czech", U"Pro\u010Dprost\u011Bnemluv\u00ED\u010Desky", "Proprostnemluvesky-uyb24dma41a"},
    {"(E) Hebrew", U"\u05DC\u05DE\u05D4\u05D4\u05DD\u05E4\u05E9\u05D5\u05D8\u05DC\u05D0\u05DE\u05D3\u05D1\u05E8\u05D9\u05DD\u05E2\u05D1\u05E8\u05D9\u05EA", "4dbcagdahymbxekheh6e0a7fei0b"},
    {"(F) Hindi (Devanagari)", U"\u092F\u0939\u0932\u094B\u0917\u0939\u093F\u0928\u094D\u0926\u0940\u0915\u094D\u092F\u094B\u0902\u0928\u0939\u0940\u0902\u092C\u094B\u0932\u0938\u0915\u0924\u0947\u0939\u0948\u0902", "i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd"},
    {"(G) Japanese (kanji and hiragana)", U"\u306A\u305C\u307F\u3093\u306A\u65E5\u672C\u8A9E\u3092\u8A71\u3057\u3066\u304F\u308C\u306A\u3044\u306E\u304B", "n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa"},
    {"(H) Korean (Hangul syllables)", U"\uC138\uACC4\uC758\uBAA8\uB4E0\uC0AC\uB78C\uB4E4\uC774\uD55C\uAD6D\uC5B4\uB97C\uC774\uD574\uD55C\uB2E4\uBA74\uC5BC\uB9C8\uB098\uC88B\uC744\uAE4C", "989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c"},
    {"(I) Russian (Cyrillic)", U"\u043F\u043E\u0447\u0435\u043C\u0443\u0436\u0435\u043E\u043D\u0438\u043D\u0435\u0433\u043E\u0432\u043E\u0440\u044F\u0442\u043F\u043E\u0440\u0443\u0441\u0441\u043A\u0438", "b1abfaaepdrnnbgefbaDotcwatmq2g4l"},
    {"(J) Spanish", U"Porqu\u00E9nopuedensimplementehablarenEspa\u00F1ol", "PorqunopuedensimplementehablarenEspaol-fmd56a"},
    {"(K) Vietnamese", U"T\u1EA1isaoh\u1ECDkh\u00F4ngth\u1EC3ch\u1EC9n\u00F3iti\u1EBFngVi\u1EC7t", "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g"},
    {"(L) 3<nen>B<gumi><kinpachi><sensei>", U"3\u5E74B\u7D44\u91D1\u516B\u5148\u751F", "3B-ww4c5e180e575a65lsy2b"},
    {"(M) <amuro><namie>-with-SUPER-MONKEYS", U"\u5B89\u5BA4\u5948\u7F8E\u6075-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"},
    {"(N) Hello-Another-Way-<sorezore><no><basho>", U"Hello-Another-Way-\u305D\u308C\u305E\u308C\u306E\u5834\u6240", "Hello-Another-Way--fc4qua05auwb3674vfr0b"},
    {"(O) <hitotsu><yane><no><shita>2", U"\u3072\u3068\u3064\u5C4B\u6839\u306E\u4E0B2", "2-u9tlzr9756bt3uc0v"},
    {"(P) Maji<de>Koi<suru>5<byou><mae>", U"Maji\u3067Koi\u3059\u308B5\u79D2\u524D", "MajiKoi5-783gue6qz075azm5e"},
    {"(Q) <pafii>de<runba>", U"\u30D1\u30D5\u30A3\u30FCde\u30EB\u30F3\u30D0", "de-jg4avhby1noc0d"},
    {"(R) <sono><supiido><de>", U"\u305D\u306E\u30B9\u30D4\u30FC\u30C9\u3067", "d9juau41awczczp"},
    {"(S) -> $1.00 <-", U"-> $1.00 <-", "-> $1.00 <--"},
};

TEST_CASE("Punycode: RFC 3492 section 7.1 samples", "[idna][punycode]") {
  for (const auto& sample : kRfc3492Samples) {
    CAPTURE(sample.what);
    const auto encoded = punycode::encode(sample.decoded);
    REQUIRE(encoded.ok());
    if (sample.what.substr(0, 3) == "(I)") {
      CHECK(encoded.value() == lower(sample.encoded));
    } else {
      CHECK(encoded.value() == sample.encoded);
    }
    const auto decoded = punycode::decode(sample.encoded);
    REQUIRE(decoded.ok());
    CHECK((decoded.value() == sample.decoded));
  }
}

TEST_CASE("Punycode: malformed input and overflow", "[idna][punycode]") {
  struct Bad {
    std::string_view input;
    Errc code;
  };
  const Bad rows[] = {
      {"9", Errc::malformed},                      // incomplete number
      {"-", Errc::malformed},                      // no basic code points: the "-" is read as a digit
      {"ab-c!", Errc::malformed},                  // not a base-36 digit
      {"\xC3\xBC-kva", Errc::malformed},           // non-ASCII in the basic part
      {"99999999999999a", Errc::out_of_range},     // delta overflows 32 bits
      {"en32g", Errc::out_of_range},               // decodes to U+110000
      {"ib9b", Errc::out_of_range},                // decodes to a surrogate (U+D800)
  };
  for (const Bad& row : rows) {
    CAPTURE(row.input);
    const auto result = punycode::decode(row.input);
    CHECK_FALSE(result.ok());
    if (!result.ok()) CHECK(result.error().code == row.code);
  }
  CHECK_FALSE(punycode::encode(std::u32string(1, char32_t{0xD800})).ok());
  CHECK_FALSE(punycode::encode(std::u32string(1, char32_t{0x110000})).ok());
  CHECK(punycode::decode(std::string(punycode::kMaxPunycodeInput + 1, 'a')).error().code == Errc::limit_exceeded);
  // Empty input and basic-only strings.
  CHECK(punycode::encode(U"").value().empty());
  CHECK(punycode::decode("").value().empty());
  CHECK(punycode::encode(U"abc").value() == "abc-");
  CHECK((punycode::decode("abc-").value() == U"abc"));
  // Digits are case-insensitive, basic code points keep their case.
  CHECK((punycode::decode("Bcher-KVA").value() == U"B\u00FCcher"));
}

TEST_CASE("NFC: the UCD's NormalizationTest.txt", "[idna][nfc]") {
  std::size_t failures = 0;
  for (const auto& row : kNfcTest) {
    const auto c1 = idna::to_nfc(row[0]);
    const auto c2 = idna::to_nfc(row[1]);
    const auto c3 = idna::to_nfc(row[2]);
    const auto c4 = idna::to_nfc(row[3]);
    const auto c5 = idna::to_nfc(row[4]);
    const bool good = c1.ok() && c2.ok() && c3.ok() && c4.ok() && c5.ok() && c1.value() == row[1] &&
                      c2.value() == row[1] && c3.value() == row[1] && c4.value() == row[3] &&
                      c5.value() == row[3];
    if (!good && ++failures <= 10) {
      CAPTURE(row[0], row[1], row[3]);
      CHECK(good);
    }
  }
  CHECK(failures == 0);
  CHECK(sizeof(kNfcTest) / sizeof(kNfcTest[0]) > 19000);
  CHECK_FALSE(idna::to_nfc("\xED\xA0\x80").ok());  // a UTF-8-encoded surrogate
}

TEST_CASE("domain_to_ascii: ASCII input", "[idna]") {
  check_rows(
      {
          {"plain", "example.nl", true, "example.nl"},
          {"case folded", "Example.NL", true, "example.nl"},
          {"trailing dot dropped", "example.nl.", true, "example.nl"},
          {"whitespace trimmed", " \t example.nl \r\n", true, "example.nl"},
          {"single label", "localhost", true, "localhost"},
          {"digits and hyphens", "a-1.b2-c.example", true, "a-1.b2-c.example"},
          {"A-label kept", "xn--bcher-kva.example", true, "xn--bcher-kva.example"},
          {"A-label uppercase", "XN--BCHER-KVA.Example", true, "xn--bcher-kva.example"},
          {"63-character label", repeat("a", 63) + ".nl", true, repeat("a", 63) + ".nl"},
          {"253 characters", repeat(repeat("a", 49) + ".", 5) + "abc", true, repeat(repeat("a", 49) + ".", 5) + "abc"},
          {"empty", "", false, "no domain name given (the input is empty)", true},
          {"only whitespace", "  \t ", false, "no domain name given (the input is empty)", true},
          {"only a dot", ".", false, "the input is only a dot: no domain name given", true},
          {"two trailing dots", "example.nl..", false, "label 3 is empty (two dots in a row)", true},
          {"leading dot", ".example.nl", false, "label 1 is empty (the name starts with a dot)", true},
          {"inner space", "ex ample.nl", false,
           "label 1 (\"ex ample\") contains U+0020 \" \", which IDNA2008 disallows (white space, an invisible "
           "formatting character or a noncharacter)",
           true},
          {"space in label 2", "www.ex ample.nl", false, "label 2 (\"ex ample\") contains U+0020 \" \""},
          {"inner tab, shown escaped", "ex\tample.nl", false,
           "label 1 (\"ex\\u{0009}ample\") contains U+0009"},
          {"underscore", "_dmarc.example.nl", false,
           "label 1 (\"_dmarc\") contains \"_\" (U+005F LOW LINE): a mail domain is a host name, and host "
           "names may not contain underscores",
           true},
          {"e-mail address", "postmaster@example.nl", false,
           "\"postmaster@example.nl\" looks like an e-mail address: give only the domain, the part after \"@\"",
           true},
          {"punctuation", "exam!ple.nl", false, "contains U+0021 \"!\", which IDNA2008 disallows (not a letter, digit or combining mark)"},
          {"quote shown escaped", "a\"b.nl", false, "label 1 (\"a\\u{0022}b\") contains U+0022"},
          {"control character", "a\x01" "b.nl", false, "contains U+0001"},
          {"DEL", "a\x7f" "b.nl", false, "contains U+007F"},
          {"leading hyphen", "-abc.nl", false, "label 1 (\"-abc\") starts with a hyphen", true},
          {"trailing hyphen", "www.abc-.nl", false, "label 2 (\"abc-\") ends with a hyphen", true},
          {"hyphens in positions 3-4", "ab--cd.nl", false,
           "label 1 (\"ab--cd\") has \"--\" in the third and fourth positions, which only \"xn--\" A-labels may have",
           true},
          {"hyphens elsewhere are fine", "a--b.nl", true, "a--b.nl"},
          {"64-character label", repeat("a", 64) + ".nl", false,
           "label 1 (\"" + repeat("a", 64) + "\") is 64 characters long ; the limit is 63"},
          {"254 characters", repeat(repeat("a", 49) + ".", 5) + "abcd", false,
           "the domain name is 254 characters long in ASCII form; the limit is 253", true},
          {"not UTF-8", "ex\xff" "ample.nl", false, "the input is not valid UTF-8 (byte 2 starts no valid character)", true},
          {"overlong UTF-8", "\xC0\xAE" "nl", false, "not valid UTF-8 (byte 0"},
          {"UTF-8 surrogate", "a\xED\xA0\x80" ".nl", false, "not valid UTF-8 (byte 1"},
          {"truncated UTF-8", "ab\xC3", false, "not valid UTF-8 (byte 2"},
      },
      idna::domain_to_ascii);
  const auto huge = idna::domain_to_ascii(std::string(idna::kMaxInputBytes + 1, 'a'));
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.error().code == Errc::limit_exceeded);
}

TEST_CASE("domain_to_ascii: Dutch and European names, mapping", "[idna]") {
  check_rows(
      {
          {"u umlaut", "bücher.example", true, "xn--bcher-kva.example"},
          {"sharp s is PVALID in IDNA2008", "straße.de", true, "xn--strae-oqa.de"},
          {"capital sharp s lowercases to sharp s", "STRAẞE.de", true, "xn--strae-oqa.de"},
          {"e acute", "café.nl", true, "xn--caf-dma.nl"},
          {"o umlaut", "köln.de", true, "xn--kln-sna.de"},
          {"uppercase mapped", "BÜCHER.Example", true, "xn--bcher-kva.example"},
          {"decomposed input composed (NFC)", "bu\u0308cher.example", true, "xn--bcher-kva.example"},
          {"ideographic full stop", "bücher\u3002example", true, "xn--bcher-kva.example"},
          {"full-width full stop", "bücher\uFF0Eexample", true, "xn--bcher-kva.example"},
          {"half-width ideographic full stop", "bücher\uFF61example", true, "xn--bcher-kva.example"},
          {"trailing ideographic full stop", "bücher.example\u3002", true, "xn--bcher-kva.example"},
          {"full-width letters", "\uFF22\uFF35\uFF23\uFF28\uFF25\uFF32.nl", true, "bucher.nl"},
          {"full-width letters with umlaut", "\uFF42\u00FC\uFF43\uFF48\uFF45\uFF52.nl", true, "xn--bcher-kva.nl"},
          {"Catalan middle dot", "col·legi.cat", true, "xn--collegi-xma.cat"},
          {"capital I with dot above: full lowercase", "\u0130stanbul.tr", true, "xn--istanbul-o0e.tr"},
          {"Greek", "ελληνικά.gr", true, "xn--hxargifdar.gr"},
          {"Greek uppercase", "ΕΛΛΗΝΙΚΆ.gr", true, "xn--hxargifdar.gr"},
          {"Hangul", "한국.kr", true, "xn--3e0b707e.kr"},
          {"Hangul from conjoining jamo (NFC)", "\u1112\u1161\u11AB\u1100\u116E\u11A8.kr", true, "xn--3e0b707e.kr"},
          {"Devanagari", "नामे.in", true, "xn--l2bm1cwb.in"},
          {"Angstrom sign maps to a ring", "\u212B.se", true, "xn--5ca.se"},
          {"Cherokee capital is PVALID as it is", "\u13A0.us", true, "xn--58d.us"},
          {"Cherokee small letter folds to capital", "\uAB70.us", true, "xn--58d.us"},
          {"fi ligature refused", "ﬁets.nl", false,
           "label 1 (\"ﬁets\") contains U+FB01 \"ﬁ\", which IDNA2008 disallows (a "
           "compatibility or case variant"},
          {"ij ligature refused", "ĳssel.nl", false, "contains U+0133 \"ĳ\", which IDNA2008 disallows"},
          {"full-width space", "ex\u3000ample.nl", false, "contains U+3000 \"\u3000\", which IDNA2008 disallows"},
          {"no-break space", "ex\u00A0ample.nl", false, "contains U+00A0 \"\u00A0\""},
          {"soft hyphen", "ex\u00ADample.nl", false, "label 1 (\"ex\\u{00AD}ample\") contains U+00AD"},
          {"U-label hyphen in positions 3-4", "bü--cher.nl", false, "has \"--\" in the third and fourth positions"},
          {"U-label leading hyphen", "-bücher.nl", false, "label 1 (\"-bücher\") starts with a hyphen"},
          {"U-label trailing hyphen", "bücher-.nl", false, "ends with a hyphen"},
          {"U-label with xn-- prefix", "xn--bücher.nl", false, "has \"--\" in the third and fourth positions"},
          {"leading combining mark", "\u0301bücher.nl", false, "starts with the combining mark U+0301 \"\u0301\""},
          {"57 u-umlauts fit in 63", repeat("ü", 57) + ".nl", true, "xn--tda" + repeat("a", 56) + ".nl"},
          {"58 u-umlauts do not", repeat("ü", 58) + ".nl", false,
           "is 64 characters long as an A-label (\"xn--tda" + repeat("a", 57) + "\"); the limit is 63"},
          {"60 u-umlauts are refused before encoding", repeat("ü", 60) + ".nl", false,
           "is 64 characters long at least as an A-label; the limit is 63"},
          {"24 Hangul syllables (RFC 3492 sample H) are too long", "\uC138\uACC4\uC758\uBAA8\uB4E0\uC0AC\uB78C\uB4E4\uC774\uD55C\uAD6D\uC5B4\uB97C\uC774\uD574\uD55C\uB2E4\uBA74\uC5BC\uB9C8\uB098\uC88B\uC744\uAE4C.kr", false,
           "is 73 characters long as an A-label (\"xn--989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c\")"},
          {"very long U-label refused before normalization", repeat("a\u0308", 200) + ".nl", false,
           "is 400 characters long; a label has at most 63 characters as an A-label"},
          {"domain too long after conversion", repeat("bücher.", 31) + "nl", false, "the domain name is 436 characters long"},
      },
      idna::domain_to_ascii);
}

TEST_CASE("domain_to_ascii: disallowed and unassigned code points", "[idna]") {
  check_rows(
      {
          {"emoji", "\U0001F600.nl", false,
           "label 1 (\"\U0001F600\") contains U+1F600 \"\U0001F600\", which IDNA2008 disallows (not a letter, digit or combining "
           "mark)",
           true},
          {"heavy black heart", "i\u2764.nl", false,
           "label 1 (\"i\u2764\") contains U+2764 \"❤\", which IDNA2008 disallows (not a letter, digit "
           "or combining mark)",
           true},
          {"emoji with variation selector", "i\u2764\uFE0F.nl", false, "contains U+2764 \"❤\""},
          {"trademark sign", "brand\u2122.nl", false, "contains U+2122 \"™\", which IDNA2008 disallows"},
          {"euro sign", "\u20ACuro.nl", false, "contains U+20AC \"€\""},
          {"unassigned", "a\u0378.nl", false,
           "label 1 (\"a\u0378\") contains U+0378, which is not assigned in Unicode 15.0.0 (IDNA2008 refuses "
           "unassigned code points)",
           true},
          {"unassigned, plane 2", "a\U0002FFFD.nl", false, "contains U+2FFFD, which is not assigned in Unicode 15.0.0"},
          {"noncharacter", "a\uFDD0.nl", false, "contains U+FDD0, which IDNA2008 disallows (white space"},
          {"private use", "a\uE000.nl", false, "contains U+E000 \"\uE000\", which IDNA2008 disallows (not a letter"},
          {"replacement character", "a\uFFFD.nl", false, "contains U+FFFD \"�\""},
          {"ignorable block (symbol combining marks)", "a\u20D0.nl", false,
           "which IDNA2008 disallows (a symbol from a block RFC 5892 excludes)"},
          {"ignorable block (musical symbols)", "a\U0001D100.nl", false, "a symbol from a block RFC 5892 excludes"},
          {"old Hangul jamo", "\u1100.kr", false, "(a conjoining Hangul jamo; use precomposed syllables)"},
          {"RFC 5892 exception: Arabic tatweel", "\u0628\u0640\u0628.eg", false,
           "contains U+0640 \"ـ\", which IDNA2008 disallows (an exception in RFC 5892 section 2.6)"},
          {"RFC 5892 exception: final sigma is PVALID", "\u03C3\u03BF\u03C2.gr", true, "xn--0xagb.gr"},
          {"RFC 5892 exception: ideographic number zero", "\u3007.jp", true, "xn--w6j.jp"},
          {"left-to-right mark", "a\u200Eb.nl", false, "label 1 (\"a\\u{200E}b\") contains U+200E"},
          {"slash", "a/b.nl", false, "contains U+002F \"/\""},
          {"full-width at sign is an e-mail address too", "a\uFF20b.nl", false, "contains U+FF20 \"＠\""},
      },
      idna::domain_to_ascii);
}

TEST_CASE("domain_to_ascii: CONTEXTJ rules (RFC 5892 A.1, A.2)", "[idna]") {
  check_rows(
      {
          {"ZWNJ after virama", "\u0915\u094D\u200C\u0937.in", true, "xn--11b2ezcs70k.in"},
          {"ZWNJ between joining letters (Persian)", "\u0646\u0627\u0645\u0647\u200C\u0627\u06CC.ir", true,
           "xn--mgba3gch31f060k.ir"},
          {"ZWNJ between Latin letters", "a\u200Cb.nl", false,
           "label 1 (\"a\\u{200C}b\") contains U+200C, which RFC 5892 allows only after a "
           "virama or between two joining letters (Appendix A.1)",
           true},
          {"ZWNJ before a right-joining-only letter", "\u0627\u200C\u0627.ir", false, "(Appendix A.1)"},
          {"ZWNJ at the start", "\u200C\u0628.ir", false, "(Appendix A.1)"},
          {"ZWJ after virama", "\u0915\u094D\u200D\u0937.in", true, "xn--11b2ezcw70k.in"},
          {"ZWJ between Latin letters", "a\u200Db.nl", false,
           "contains U+200D, which RFC 5892 allows only after a virama (Appendix A.2)"},
          {"ZWJ between joining letters is still refused", "\u0628\u200D\u0628.ir", false, "(Appendix A.2)"},
      },
      idna::domain_to_ascii);
}

TEST_CASE("domain_to_ascii: CONTEXTO rules (RFC 5892 A.3-A.9)", "[idna]") {
  check_rows(
      {
          {"middle dot between l's", "l\u00B7l.cat", true, "xn--ll-0ea.cat"},
          {"middle dot not between l's", "a\u00B7b.cat", false,
           "contains U+00B7 \"·\", which RFC 5892 allows only between two l's"},
          {"middle dot at the end", "l\u00B7.cat", false, "(Appendix A.3)"},
          {"keraia before Greek", "\u0375\u03B1.gr", true, "xn--wva4j.gr"},
          {"keraia after Greek", "\u03B1\u0375.gr", false,
           "contains U+0375 \"͵\", which RFC 5892 allows only before a Greek character (Appendix A.4)"},
          {"keraia before Latin", "\u0375a.gr", false, "(Appendix A.4)"},
          {"geresh after Hebrew", "\u05E0\u05F3.il", true, "xn--leb2b.il"},
          {"geresh after Latin", "a\u05F3.il", false, "U+05F3 \"\u05F3\", which RFC 5892 allows only after a Hebrew character (Appendix A.5)"},
          {"gershayim after Hebrew", "\u05E6\u05D4\u05F4\u05DC.il", true, "xn--8dbq2a9c.il"},
          {"gershayim at the start", "\u05F4\u05DC.il", false, "(Appendix A.6)"},
          {"katakana middle dot with katakana", "\u30A2\u30FB\u30A4.jp", true, "xn--ccke4x.jp"},
          {"katakana middle dot with Han", "\u4F8B\u30FB.jp", true, "xn--veky33g.jp"},
          {"katakana middle dot alone", "\u30FB.jp", false,
           "contains U+30FB \"・\", which RFC 5892 allows only in a label with Hiragana, Katakana or Han "
           "characters (Appendix A.7)"},
          {"katakana middle dot with Latin", "a\u30FBb.jp", false, "(Appendix A.7)"},
          {"Arabic-Indic digit", "\u0628\u0660.eg", true, "xn--ngb6i.eg"},
          {"extended Arabic-Indic digit", "\u0628\u06F0.ir", true, "xn--ngb41b.ir"},
          {"Arabic-Indic digits mixed with extended", "\u0628\u0660\u06F0.eg", false,
           "contains U+0660 \"٠\", which RFC 5892 allows only in a label without Extended "
           "Arabic-Indic digits; it also contains U+06F0 \"۰\" (Appendix A.8)"},
          {"extended digits mixed with Arabic-Indic", "\u0628\u06F0\u0660.ir", false, "(Appendix A.9)"},
      },
      idna::domain_to_ascii);
}

TEST_CASE("domain_to_ascii: the Bidi rule (RFC 5893)", "[idna]") {
  check_rows(
      {
          {"Arabic IDN test", "مثال.إختبار", true, "xn--mgbh0fb.xn--kgbechtv"},
          {"Hebrew IDN test", "דוגמה.טעסט", true, "xn--6dbbec0c.xn--deba0ad"},
          {"Arabic with an ASCII label", "مثال.example", true, "xn--mgbh0fb.example"},
          {"Arabic label with a European digit at the end", "\u0645\u062B\u0627\u06441.eg", true, "xn--1-ymcl5hc.eg"},
          {"Hebrew with NSM at the end", "\u05D0\u05B0.il", true, "xn--7cb7d.il"},
          {"condition 1: ASCII label starts with a digit", "1abc.مثال", false,
           "label 1 (\"1abc\") breaks the Bidi rule of RFC 5893 (the domain name has right-to-left labels): a "
           "label must start with a letter, but it starts with U+0031 \"1\" (bidi class EN) (condition 1)",
           true},
          {"condition 1: RTL label starts with an Arabic-Indic digit", "\u0660\u0628.eg", false, "(condition 1)"},
          {"condition 1 only matters in Bidi domain names", "1abc.example", true, "1abc.example"},
          {"condition 2: RTL label with a Latin letter", "\u05D0a.il", false,
           "a right-to-left label may not contain U+0061 \"a\" (bidi class L) (condition 2)"},
          {"condition 3: RTL label ends with ON", "\u05D0\u02B9.il", false,
           "a right-to-left label must end with a right-to-left letter or a digit, but it ends with U+02B9 "
           "\"ʹ\" (bidi class ON) (condition 3)"},
          {"condition 4: European and Arabic-Indic digits", "\u06281\u0660.eg", false,
           "a right-to-left label may not mix European digits and Arabic-Indic digits (condition 4)"},
          {"condition 5: LTR label with a Hebrew letter", "a\u05D0.il", false,
           "a left-to-right label may not contain U+05D0 \"\u05D0\" (bidi class R) (condition 5)"},
          {"condition 5 in another label", "abc\u05D0.\u05D0.il", false, "label 1 (\"abc\u05D0\")"},
          {"condition 6: LTR label ends with ON", "a\u02B9.\u05D0.il", false,
           "a left-to-right label must end with a letter or a European digit, but it ends with U+02B9 "
           "\"ʹ\" (bidi class ON) (condition 6)"},
          {"condition 6 only matters in Bidi domain names", "a\u02B9.nl", true, "xn--a-t6a.nl"},
          {"Arabic-Indic digit alone makes a Bidi domain name", "\u0628\u0660.1abc", false,
           "label 2 (\"1abc\") breaks the Bidi rule"},
          {"A-label that decodes to Arabic makes a Bidi domain name", "1abc.xn--mgbh0fb", false,
           "label 1 (\"1abc\") breaks the Bidi rule"},
      },
      idna::domain_to_ascii);
}

TEST_CASE("domain_to_ascii: fake and invalid A-labels", "[idna]") {
  check_rows(
      {
          {"decodes to ASCII only", "xn--abc-.nl", false,
           "label 1 (\"xn--abc-\") is not a valid A-label: it decodes to \"abc\", which has no non-ASCII character "
           "(a fake A-label)",
           true},
          {"nothing after xn--", "xn--.nl", false, "label 1 (\"xn--\") is not a valid A-label: nothing follows \"xn--\"", true},
          {"Punycode garbage", "xn--9.nl", false, "label 1 (\"xn--9\") is not a valid A-label: Punycode: the last number is incomplete", true},
          {"Punycode overflow", "xn--99999999999999a.nl", false, "is not a valid A-label: Punycode overflow"},
          {"Punycode to a surrogate", "xn--ib9b.nl", false, "is not a valid A-label: Punycode: decodes to a code point"},
          {"encodes an uppercase letter", "xn--bcher-2pa.example", false,
           "label 1 (\"xn--bcher-2pa\") is not a valid A-label: it decodes to \"bÜcher\", which contains U+00DC "
           "\"Ü\" (an uppercase letter), which IDNA2008 disallows",
           true},
          {"encodes a non-NFC string", "xn--bucher-xyd.example", false,
           "label 1 (\"xn--bucher-xyd\") is not a valid A-label: it decodes to \"bu\u0308cher\", which is not in "
           "Unicode Normalization Form C",
           true},
          {"encodes an emoji", "xn--i-7iq.nl", false, "is not a valid A-label: it decodes to \"i\u2764\", which contains U+2764 \"❤\""},
          {"encodes a ZWJ out of context", "xn--ab-m1t.nl", false, "which contains U+200D, which RFC 5892 allows only after a virama"},
          {"encodes a leading combining mark", "xn--bcher-5ed.nl", false, "which starts with the combining mark U+0301"},
          {"encodes a hyphen in positions 3-4", "xn--ab---3ra.nl", false, "which has \"--\" in the third and fourth positions"},
          {"underscore in an A-label", "xn--a_b.nl", false, "contains \"_\" (U+005F LOW LINE)"},
          {"A-label too long", "xn--" + repeat("a", 60) + ".nl", false, "is 64 characters long ; the limit is 63"},
      },
      idna::domain_to_ascii);
}

TEST_CASE("domain_to_unicode", "[idna]") {
  check_rows(
      {
          {"A-label", "xn--bcher-kva.example", true, "bücher.example"},
          {"uppercase, trailing dot", "XN--BCHER-KVA.EXAMPLE.", true, "bücher.example"},
          {"plain ASCII", "mail.example.nl", true, "mail.example.nl"},
          {"service labels pass", "_25._tcp.xn--bcher-kva.example", true, "_25._tcp.bücher.example"},
          {"Arabic", "xn--mgbh0fb.xn--kgbechtv", true, "مثال.إختبار"},
          {"Hangul", "xn--3e0b707e.kr", true, "한국.kr"},
          {"sharp s", "xn--strae-oqa.de", true, "straße.de"},
          {"fake A-label", "xn--abc-.nl", false, "label 1 (\"xn--abc-\") is not a valid A-label: it decodes to \"abc\""},
          {"uppercase in the U-label", "www.xn--bcher-2pa.example", false, "label 2 (\"xn--bcher-2pa\") is not a valid A-label"},
          {"non-NFC", "xn--bucher-xyd.example", false, "is not in Unicode Normalization Form C"},
          {"Bidi rule", "1abc.xn--mgbh0fb", false, "label 1 (\"1abc\") breaks the Bidi rule"},
          {"not ASCII", "bücher.example", false, "the domain name is not ASCII (byte 1); this takes A-labels", true},
          {"space", "ex ample.nl", false, "label 1 (\"ex ample\") contains U+0020 \" \""},
          {"empty label", "a..nl", false, "label 2 is empty (two dots in a row)", true},
          {"empty", "", false, "no domain name given"},
          {"too long", repeat(repeat("a", 49) + ".", 5) + "abcd", false, "the domain name is 254 characters long"},
      },
      idna::domain_to_unicode);
}

TEST_CASE("round trips: to_ascii is idempotent and to_unicode inverts it", "[idna]") {
  const std::string_view inputs[] = {
      "example.nl",          "Bücher.Example",  "straße.de",       "col·legi.cat",   "مثال.إختبار",
      "דוגמה.טעסט",          "한국.kr",         "ελληνικά.gr",     "\u0915\u094D\u200D\u0937.in",
      "\u30A2\u30FB\u30A4.jp", "\u0130stanbul.tr", "\uAB70.us",       "\u0628\u06F0.ir",
  };
  for (std::string_view input : inputs) {
    CAPTURE(input);
    const auto ascii = idna::domain_to_ascii(input);
    REQUIRE(ascii.ok());
    const auto again = idna::domain_to_ascii(ascii.value());
    REQUIRE(again.ok());
    CHECK(again.value() == ascii.value());
    const auto unicode = idna::domain_to_unicode(ascii.value());
    REQUIRE(unicode.ok());
    const auto back = idna::domain_to_ascii(unicode.value());
    REQUIRE(back.ok());
    CHECK(back.value() == ascii.value());
  }
}
