#!/usr/bin/env python3
"""Generates daneel's IDNA2008 tables from the Unicode Character Database.

Reads the UCD text files that Debian's `unicode-data` package installs
(/usr/share/unicode) and writes C++ range tables for core/src/dns/idna.cpp:

  * the IDNA2008 derived property of every code point (RFC 5892 section 3,
    computed here from the character properties with the exceptions of
    RFC 5892 section 2.6 and the (empty) backward-compatible list of 2.7),
    packed with the few properties the contextual rules and the Bidi rule
    need for valid characters (Bidi_Class, Joining_Type, Script, mark);
  * Canonical_Combining_Class, full canonical decompositions and the primary
    composition pairs (Unicode Standard Annex #15) for an NFC normaliser;
  * the user-input mapping (RFC 5895 style): width mapping (<wide>/<narrow>
    decompositions) and lowercase mapping (UnicodeData.txt simple lowercase,
    plus SpecialCasing.txt unconditional multi-character lowercase);
  * character names for the non-valid characters of a few blocks that users
    type by accident, for error messages.

Optionally (--normalization-test) it also writes the NFC rows of the UCD's
NormalizationTest.txt as a C++ table for the unit tests.

Standard library only. Usage:
  gen_idna_tables.py --ucd /usr/share/unicode --out idna_tables.inc \
      [--normalization-test idna_nfc_test.inc]
"""

import argparse
import bz2
import os
import re
import sys

MAX_CP = 0x10FFFF

# --------------------------------------------------------------------------
# RFC 5892 normative content (written as data here, per the RFC's text).
# --------------------------------------------------------------------------

# RFC 5892 section 2.6, Exceptions (F).
EXCEPTIONS = {
    # PVALID: would otherwise have been DISALLOWED
    0x00DF: "PVALID",  # LATIN SMALL LETTER SHARP S
    0x03C2: "PVALID",  # GREEK SMALL LETTER FINAL SIGMA
    0x06FD: "PVALID",  # ARABIC SIGN SINDHI AMPERSAND
    0x06FE: "PVALID",  # ARABIC SIGN SINDHI POSTPOSITION MEN
    0x0F0B: "PVALID",  # TIBETAN MARK INTERSYLLABIC TSHEG
    0x3007: "PVALID",  # IDEOGRAPHIC NUMBER ZERO
    # CONTEXTO: would otherwise have been DISALLOWED
    0x00B7: "CONTEXTO",  # MIDDLE DOT
    0x0375: "CONTEXTO",  # GREEK LOWER NUMERAL SIGN (KERAIA)
    0x05F3: "CONTEXTO",  # HEBREW PUNCTUATION GERESH
    0x05F4: "CONTEXTO",  # HEBREW PUNCTUATION GERSHAYIM
    0x30FB: "CONTEXTO",  # KATAKANA MIDDLE DOT
    # CONTEXTO: would otherwise have been PVALID
    **{cp: "CONTEXTO" for cp in range(0x0660, 0x066A)},  # ARABIC-INDIC DIGIT ZERO..NINE
    **{cp: "CONTEXTO" for cp in range(0x06F0, 0x06FA)},  # EXTENDED ARABIC-INDIC DIGIT ZERO..NINE
    # DISALLOWED: would otherwise have been PVALID
    0x0640: "DISALLOWED",  # ARABIC TATWEEL
    0x07FA: "DISALLOWED",  # NKO LAJANYALAN
    0x302E: "DISALLOWED",  # HANGUL SINGLE DOT TONE MARK
    0x302F: "DISALLOWED",  # HANGUL DOUBLE DOT TONE MARK
    **{cp: "DISALLOWED" for cp in range(0x3031, 0x3036)},  # VERTICAL KANA REPEAT MARK..
    0x303B: "DISALLOWED",  # VERTICAL IDEOGRAPHIC ITERATION MARK
}

# RFC 5892 section 2.7, BackwardCompatible (G): empty as of RFC 5892, and no
# later RFC (6452 for Unicode 6.0, 8753 for Unicode 12) added an entry.
BACKWARD_COMPATIBLE = {}

# RFC 5892 section 2.5, IgnorableBlocks (E).
IGNORABLE_BLOCKS = {
    "Combining Diacritical Marks for Symbols",
    "Musical Symbols",
    "Ancient Greek Musical Notation",
}

# RFC 5892 section 2.1, LetterDigits (A).
LETTER_DIGITS = {"Ll", "Lu", "Lo", "Nd", "Lm", "Mn", "Mc"}

# --------------------------------------------------------------------------
# Encodings shared with idna.cpp (keep in step with the enums there).
# --------------------------------------------------------------------------

DERIVED = {  # 4 bits
    "PVALID": 0, "CONTEXTJ": 1, "CONTEXTO": 2, "UNASSIGNED": 3,
    "DIS_UNSTABLE": 4, "DIS_IGNORABLE_PROPERTY": 5, "DIS_IGNORABLE_BLOCK": 6,
    "DIS_OLD_HANGUL_JAMO": 7, "DIS_NOT_LETTER_DIGIT": 8, "DIS_EXCEPTION": 9,
}
BIDI = {  # 4 bits; every other class is 0 ("other")
    "L": 1, "R": 2, "AL": 3, "AN": 4, "EN": 5, "ES": 6, "CS": 7, "ET": 8,
    "ON": 9, "BN": 10, "NSM": 11,
}
JOINING = {"U": 0, "L": 1, "R": 2, "D": 3, "T": 4, "C": 5}  # 3 bits
SCRIPT = {"Greek": 1, "Hebrew": 2, "Hiragana": 3, "Katakana": 3, "Han": 3}  # 2 bits

# Character names for error messages (`contains U+0020 SPACE`), for the
# non-valid characters of blocks that users type by accident and for all
# characters (valid ones too: the Bidi and combining-mark messages name them)
# of a few small ranges. Everything else is printed as U+XXXX only: names for
# all of Unicode would cost hundreds of kilobytes. Uppercase letters are not
# named; messages describe them as uppercase letters.
NAMED_ALL = [
    (0x0000, 0x007F),  # Basic Latin
    (0x02B0, 0x036F),  # Spacing Modifier Letters, Combining Diacritical Marks
]
NAMED_RANGES = [
    (0x0080, 0x02AF),  # Latin-1 Supplement .. IPA Extensions
    (0x0370, 0x037F),  # Greek keraia, question mark
    (0x0387, 0x0387),  # GREEK ANO TELEIA
    (0x0590, 0x06FF),  # Hebrew, Arabic (punctuation, contextual characters)
    (0x2000, 0x206F),  # General Punctuation (spaces, joiners, bidi controls)
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2700, 0x27BF),  # Dingbats (U+2764 HEAVY BLACK HEART)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (ideographic space, full stop)
    (0x30FB, 0x30FB),  # KATAKANA MIDDLE DOT
    (0xFB00, 0xFB06),  # Latin ligatures
    (0xFE00, 0xFE0F),  # Variation Selectors
    (0xFF00, 0xFF65),  # Fullwidth ASCII and halfwidth CJK punctuation
    (0xFFF0, 0xFFFF),  # Specials
]

# --------------------------------------------------------------------------
# UCD parsing
# --------------------------------------------------------------------------


def ucd_lines(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield [field.strip() for field in line.split(";")]


def parse_range(text):
    if ".." in text:
        a, b = text.split("..")
        return int(a, 16), int(b, 16)
    return int(text, 16), int(text, 16)


def property_file(path, wanted=None):
    """{property value: set of code points} or, with `wanted`, one set."""
    out = {}
    for fields in ucd_lines(path):
        lo, hi = parse_range(fields[0])
        out.setdefault(fields[1], set()).update(range(lo, hi + 1))
    return out.get(wanted, set()) if wanted else out


def property_map(path, default):
    values = [default] * (MAX_CP + 1)
    for fields in ucd_lines(path):
        lo, hi = parse_range(fields[0])
        for cp in range(lo, hi + 1):
            values[cp] = fields[1]
    return values


class UnicodeData:
    def __init__(self, path):
        self.gc = ["Cn"] * (MAX_CP + 1)
        self.ccc = [0] * (MAX_CP + 1)
        self.decomp = {}  # cp -> (tag or None, [cps])
        self.lower = {}  # simple lowercase mapping
        self.name = {}
        first = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\n").split(";")
                cp = int(fields[0], 16)
                name = fields[1]
                if name.endswith(", First>"):
                    first = cp
                    continue
                if name.endswith(", Last>"):
                    for c in range(first, cp + 1):
                        self.gc[c] = fields[2]
                        self.ccc[c] = int(fields[3])
                    continue
                self.gc[cp] = fields[2]
                self.ccc[cp] = int(fields[3])
                if fields[5]:
                    parts = fields[5].split()
                    tag = None
                    if parts[0].startswith("<"):
                        tag, parts = parts[0], parts[1:]
                    self.decomp[cp] = (tag, [int(p, 16) for p in parts])
                if fields[13]:
                    self.lower[cp] = int(fields[13], 16)
                if name == "<control>":
                    name = fields[10]  # the Unicode 1.0 name, e.g. CHARACTER TABULATION
                self.name[cp] = name


# --------------------------------------------------------------------------
# Normalisation (UAX #15) in Python: for the Unstable derivation and as the
# reference that the tables are checked against (NormalizationTest.txt).
# --------------------------------------------------------------------------

S_BASE, L_BASE, V_BASE, T_BASE = 0xAC00, 0x1100, 0x1161, 0x11A7
L_COUNT, V_COUNT, T_COUNT = 19, 21, 28
N_COUNT = V_COUNT * T_COUNT
S_COUNT = L_COUNT * N_COUNT


class Normalizer:
    def __init__(self, ud, full_exclusion):
        self.ud = ud
        self.canon = {}
        self.compat = {}
        for cp in ud.decomp:
            self.canon[cp] = self._full(cp, compat=False)
            self.compat[cp] = self._full(cp, compat=True)
        self.compose_pairs = {}
        for cp, (tag, parts) in ud.decomp.items():
            if tag is None and len(parts) == 2 and cp not in full_exclusion:
                self.compose_pairs[(parts[0], parts[1])] = cp

    def _full(self, cp, compat):
        entry = self.ud.decomp.get(cp)
        if entry is None or (entry[0] is not None and not compat):
            return [cp]
        out = []
        for part in entry[1]:
            out.extend(self._full(part, compat))
        return out

    def decompose(self, cps, compat):
        table = self.compat if compat else self.canon
        out = []
        for cp in cps:
            if S_BASE <= cp < S_BASE + S_COUNT:
                s = cp - S_BASE
                out.append(L_BASE + s // N_COUNT)
                out.append(V_BASE + (s % N_COUNT) // T_COUNT)
                if s % T_COUNT:
                    out.append(T_BASE + s % T_COUNT)
            else:
                out.extend(table.get(cp, [cp]))
        # canonical ordering: stable sort of each run of non-starters
        ccc = self.ud.ccc
        i = 0
        while i < len(out):
            if ccc[out[i]] == 0:
                i += 1
                continue
            j = i
            while j < len(out) and ccc[out[j]] != 0:
                j += 1
            out[i:j] = sorted(out[i:j], key=lambda c: ccc[c])
            i = j
        return out

    def pair(self, a, b):
        if L_BASE <= a < L_BASE + L_COUNT and V_BASE <= b < V_BASE + V_COUNT:
            return S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT
        if S_BASE <= a < S_BASE + S_COUNT and (a - S_BASE) % T_COUNT == 0 and T_BASE < b < T_BASE + T_COUNT:
            return a + (b - T_BASE)
        return self.compose_pairs.get((a, b))

    def compose(self, cps):
        # UAX #15 canonical composition over a decomposed, canonically ordered string.
        if not cps:
            return []
        ccc = self.ud.ccc
        out = [cps[0]]
        starter = 0
        last = ccc[cps[0]]
        if last != 0:
            last = 256  # no starter yet: nothing composes
        for cp in cps[1:]:
            c = ccc[cp]
            composite = self.pair(out[starter], cp) if last != 256 else None
            if composite is not None and (last < c or last == 0):
                out[starter] = composite
                continue
            if c == 0:
                starter = len(out)
            last = c
            out.append(cp)
        return out

    def nfc(self, cps):
        return self.compose(self.decompose(cps, compat=False))

    def nfkc(self, cps):
        return self.compose(self.decompose(cps, compat=True))


def check_normalizer(norm, ucd_dir):
    """Runs NormalizationTest.txt against the Python normaliser; returns NFC rows."""
    path = os.path.join(ucd_dir, "NormalizationTest.txt.bz2")
    rows = []
    failures = 0
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("@"):
                continue
            cols = [[int(x, 16) for x in col.split()] for col in line.split(";")[:5]]
            c1, c2, c3, c4, c5 = cols
            if not (norm.nfc(c1) == c2 and norm.nfc(c2) == c2 and norm.nfc(c3) == c2
                    and norm.nfc(c4) == c4 and norm.nfc(c5) == c4 and norm.nfkc(c1) == c4):
                failures += 1
            rows.append(cols)
    if failures:
        sys.exit(f"gen_idna_tables: the generator's normaliser fails {failures} NormalizationTest rows")
    return rows


# --------------------------------------------------------------------------
# RFC 5892 derivation
# --------------------------------------------------------------------------


def derive(ud, norm, ucd_dir):
    prop = lambda name: os.path.join(ucd_dir, name)
    proplist = property_file(prop("PropList.txt"))
    white_space = proplist["White_Space"]
    noncharacter = proplist["Noncharacter_Code_Point"]
    join_control = proplist["Join_Control"]
    default_ignorable = property_file(prop("DerivedCoreProperties.txt"), "Default_Ignorable_Code_Point")
    hangul_jamo = set()
    for value, cps in property_file(prop("HangulSyllableType.txt")).items():
        if value in ("L", "V", "T"):
            hangul_jamo |= cps
    ignorable_blocks = set()
    for fields in ucd_lines(prop("Blocks.txt")):
        if fields[1] in IGNORABLE_BLOCKS:
            lo, hi = parse_range(fields[0])
            ignorable_blocks.update(range(lo, hi + 1))
    casefold = {}
    for fields in ucd_lines(prop("CaseFolding.txt")):
        if fields[1] in ("C", "F"):
            casefold[int(fields[0], 16)] = [int(x, 16) for x in fields[2].split()]

    def unstable(cp):  # RFC 5892 section 2.2: toNFKC(toCaseFold(toNFKC(cp))) != cp
        step = norm.nfkc([cp])
        folded = []
        for c in step:
            folded.extend(casefold.get(c, [c]))
        return norm.nfkc(folded) != [cp]

    derived = [None] * (MAX_CP + 1)
    for cp in range(MAX_CP + 1):
        gc = ud.gc[cp]
        if cp in EXCEPTIONS:
            value = EXCEPTIONS[cp]
            derived[cp] = "DIS_EXCEPTION" if value == "DISALLOWED" else value
        elif cp in BACKWARD_COMPATIBLE:
            derived[cp] = BACKWARD_COMPATIBLE[cp]
        elif gc == "Cn" and cp not in noncharacter:
            derived[cp] = "UNASSIGNED"
        elif cp == 0x2D or 0x30 <= cp <= 0x39 or 0x61 <= cp <= 0x7A:
            derived[cp] = "PVALID"
        elif cp in join_control:
            derived[cp] = "CONTEXTJ"
        elif gc != "Cs" and unstable(cp):
            derived[cp] = "DIS_UNSTABLE"
        elif cp in default_ignorable or cp in white_space or cp in noncharacter:
            derived[cp] = "DIS_IGNORABLE_PROPERTY"
        elif cp in ignorable_blocks:
            derived[cp] = "DIS_IGNORABLE_BLOCK"
        elif cp in hangul_jamo:
            derived[cp] = "DIS_OLD_HANGUL_JAMO"
        elif gc in LETTER_DIGITS:
            derived[cp] = "PVALID"
        else:
            derived[cp] = "DIS_NOT_LETTER_DIGIT"
    return derived


# --------------------------------------------------------------------------
# Table emission
# --------------------------------------------------------------------------


def ranges_of(values):
    """[(start, value)] for runs of equal values over 0..MAX_CP."""
    out = []
    prev = object()
    for cp, v in enumerate(values):
        if v != prev:
            out.append((cp, v))
            prev = v
    return out


def delta_runs(mapping):
    """Compresses {cp: target} into (first, last, stride, delta) runs."""
    items = sorted(mapping.items())
    runs = []
    i = 0
    while i < len(items):
        cp, target = items[i]
        delta = target - cp
        best_end, best_stride = i, 1
        for stride in (1, 2):
            j = i
            while (j + 1 < len(items) and items[j + 1][0] == items[j][0] + stride
                   and items[j + 1][1] - items[j + 1][0] == delta):
                j += 1
            if j > best_end:
                best_end, best_stride = j, stride
        runs.append((cp, items[best_end][0], best_stride, delta))
        i = best_end + 1
    return runs


def c_array(ctype, name, values, per_line=12, fmt="0x{:X}"):
    lines = [f"constexpr {ctype} {name}[] = {{"]
    for i in range(0, len(values), per_line):
        lines.append("    " + ", ".join(fmt.format(v) for v in values[i:i + per_line]) + ",")
    lines.append("};")
    return "\n".join(lines)


def c_string(data):
    out = []
    for b in data:
        ch = chr(b)
        if ch in '"\\' or not (32 <= b < 127):
            out.append("\\%03o" % b)
        else:
            out.append(ch)
    return "".join(out)


def ucd_version(ucd_dir):
    with open(os.path.join(ucd_dir, "DerivedCoreProperties.txt"), encoding="utf-8") as f:
        m = re.match(r"# DerivedCoreProperties-(\d+\.\d+\.\d+)\.txt", f.readline())
    if not m:
        sys.exit("gen_idna_tables: cannot read the Unicode version from DerivedCoreProperties.txt")
    return m.group(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ucd", required=True, help="directory of the UCD (Debian: /usr/share/unicode)")
    ap.add_argument("--out", required=True, help="the C++ table file to write")
    ap.add_argument("--normalization-test", help="also write NormalizationTest's rows as C++")
    args = ap.parse_args()
    ucd = args.ucd
    version = ucd_version(ucd)

    ud = UnicodeData(os.path.join(ucd, "UnicodeData.txt"))
    full_exclusion = property_file(os.path.join(ucd, "DerivedNormalizationProps.txt"),
                                   "Full_Composition_Exclusion")
    norm = Normalizer(ud, full_exclusion)
    nfc_rows = check_normalizer(norm, ucd)
    derived = derive(ud, norm, ucd)

    # Cross-check Unstable against the UCD's Changes_When_NFKC_Casefolded: they
    # differ only where NFKC_Casefold also removes default-ignorables.
    cwkcf = property_file(os.path.join(ucd, "DerivedNormalizationProps.txt"), "Changes_When_NFKC_Casefolded")
    default_ignorable = property_file(os.path.join(ucd, "DerivedCoreProperties.txt"),
                                      "Default_Ignorable_Code_Point")
    mismatch = [cp for cp in range(MAX_CP + 1)
                if cp not in EXCEPTIONS and ud.gc[cp] not in ("Cn", "Cs")
                and (derived[cp] == "DIS_UNSTABLE") != (cp in cwkcf)
                and cp not in default_ignorable]
    if mismatch:
        sys.exit("gen_idna_tables: Unstable disagrees with CWKCF at "
                 + ", ".join("U+%04X" % cp for cp in mismatch[:20]))

    bidi = property_map(os.path.join(ucd, "extracted", "DerivedBidiClass.txt"), "L")
    joining = property_map(os.path.join(ucd, "extracted", "DerivedJoiningType.txt"), "U")
    script = property_map(os.path.join(ucd, "Scripts.txt"), "Unknown")

    packed = []
    for cp in range(MAX_CP + 1):
        d = derived[cp]
        v = DERIVED[d]
        if d in ("PVALID", "CONTEXTJ", "CONTEXTO"):
            v |= BIDI.get(bidi[cp], 0) << 4
            v |= JOINING[joining[cp]] << 8
            v |= SCRIPT.get(script[cp], 0) << 11
            v |= (1 << 13) if ud.gc[cp] in ("Mn", "Mc", "Me") else 0
        packed.append(v)
    prop_ranges = ranges_of(packed)
    ccc_ranges = ranges_of(ud.ccc)

    # Decompositions (canonical, fully expanded; Hangul is algorithmic).
    decomp_cps = sorted(cp for cp, (tag, _) in ud.decomp.items() if tag is None)
    pool, decomp_index = [], []
    for cp in decomp_cps:
        full = norm.canon[cp]
        assert len(full) < 8 and len(pool) < (1 << 13)
        decomp_index.append((len(pool) << 3) | len(full))
        pool.extend(full)
    compose = sorted(norm.compose_pairs.items())

    # User-input mapping.
    width = {cp: parts[0] for cp, (tag, parts) in ud.decomp.items() if tag in ("<wide>", "<narrow>")}
    assert all(len(ud.decomp[cp][1]) == 1 for cp in width)
    # Case mapping, only for characters that are not valid as they are (an
    # uppercase Cherokee letter is PVALID, its lowercase form is not): the
    # simple lowercase mapping, else simple case folding (Cherokee small letters).
    simple_fold = {}
    for fields in ucd_lines(os.path.join(ucd, "CaseFolding.txt")):
        if fields[1] in ("C", "S"):
            simple_fold[int(fields[0], 16)] = int(fields[2], 16)
    valid = ("PVALID", "CONTEXTJ", "CONTEXTO")
    lower = {}
    for cp in set(ud.lower) | set(simple_fold):
        if derived[cp] not in valid:
            lower[cp] = ud.lower.get(cp, simple_fold.get(cp))
    special_lower = []
    for fields in ucd_lines(os.path.join(ucd, "SpecialCasing.txt")):
        if len(fields) >= 5 and fields[4]:
            continue  # conditional mappings (language or context): not applied
        cp = int(fields[0], 16)
        target = [int(x, 16) for x in fields[1].split()]
        if len(target) > 1:
            special_lower.append((cp, target))
            lower.pop(cp, None)
    assert len(special_lower) == 1 and all(len(t) == 2 for _, t in special_lower)
    width_runs = delta_runs(width)
    lower_runs = delta_runs(lower)

    # Names.
    names = []
    for ranges, all_chars in ((NAMED_ALL, True), (NAMED_RANGES, False)):
        for lo, hi in ranges:
            for cp in range(lo, hi + 1):
                if (cp in ud.name and (all_chars or derived[cp] != "PVALID")
                        and not ud.name[cp].startswith("<") and cp not in ud.lower):
                    names.append((cp, ud.name[cp]))
    names.sort()
    name_blob = b""
    name_offsets = []
    for _, name in names:
        name_offsets.append(len(name_blob))
        name_blob += name.encode("ascii")
    name_offsets.append(len(name_blob))

    out = []
    out.append("// Generated by core/src/dns/idna_gen/gen_idna_tables.py from the Unicode")
    out.append(f"// Character Database {version} (Debian package unicode-data). Do not edit.")
    out.append("// NOLINTBEGIN")
    out.append(f'constexpr char kUnicodeVersion[] = "{version}";')
    out.append("")
    out.append("// IDNA2008 derived property and context properties, by range start.")
    out.append(c_array("char32_t", "kPropStart", [s for s, _ in prop_ranges]))
    out.append(c_array("std::uint16_t", "kPropValue", [v for _, v in prop_ranges]))
    out.append("")
    out.append("// Canonical_Combining_Class, by range start.")
    out.append(c_array("char32_t", "kCccStart", [s for s, _ in ccc_ranges]))
    out.append(c_array("std::uint8_t", "kCccValue", [v for _, v in ccc_ranges], fmt="{}"))
    out.append("")
    out.append("// Full canonical decompositions: code point, (pool offset << 3 | length).")
    out.append(c_array("char32_t", "kDecompCp", decomp_cps))
    out.append(c_array("std::uint16_t", "kDecompIndex", decomp_index))
    out.append(c_array("char32_t", "kDecompPool", pool))
    out.append("")
    out.append("// Primary composites: first, second, composite (sorted by first, second).")
    out.append("struct ComposePair { char32_t first, second, composite; };")
    out.append("constexpr ComposePair kCompose[] = {")
    for (a, b), c in compose:
        out.append(f"    {{0x{a:X}, 0x{b:X}, 0x{c:X}}},")
    out.append("};")
    out.append("")
    out.append("// Mapping runs: first, last, stride, delta (target = cp + delta).")
    out.append("struct MapRun { char32_t first, last; std::uint8_t stride; std::int32_t delta; };")
    for name, runs in (("kWidthMap", width_runs), ("kCaseMap", lower_runs)):
        out.append(f"constexpr MapRun {name}[] = {{")
        for first, last, stride, delta in runs:
            out.append(f"    {{0x{first:X}, 0x{last:X}, {stride}, {delta}}},")
        out.append("};")
    out.append("struct SpecialLower { char32_t cp, first, second; };")
    out.append("constexpr SpecialLower kSpecialLower[] = {")
    for cp, t in special_lower:
        out.append(f"    {{0x{cp:X}, 0x{t[0]:X}, 0x{t[1]:X}}},")
    out.append("};")
    out.append("")
    out.append("// Names of the non-valid characters of a few blocks (for messages).")
    out.append(c_array("char32_t", "kNameCp", [cp for cp, _ in names]))
    out.append(c_array("std::uint16_t", "kNameOffset", name_offsets, fmt="{}"))
    out.append("constexpr char kNameBlob[] =")
    for i in range(0, len(name_blob), 96):
        out.append(f'    "{c_string(name_blob[i:i + 96])}"')
    out.append(";")
    out.append("// NOLINTEND")

    with open(args.out, "w", encoding="ascii") as f:
        f.write("\n".join(out) + "\n")

    if args.normalization_test:
        lines = ["// Generated from NormalizationTest.txt (Unicode %s) by gen_idna_tables.py." % version,
                 "// Columns: c1..c5 as UTF-8; NFC(c1)=NFC(c2)=NFC(c3)=c2, NFC(c4)=NFC(c5)=c4.",
                 "// NOLINTBEGIN",
                 "constexpr const char* kNfcTest[][5] = {"]
        for cols in nfc_rows:
            cells = ['"%s"' % c_string("".join(map(chr, col)).encode("utf-8", "surrogatepass"))
                     for col in cols]
            lines.append("    {" + ", ".join(cells) + "},")
        lines.append("};")
        lines.append("// NOLINTEND")
        with open(args.normalization_test, "w", encoding="ascii") as f:
            f.write("\n".join(lines) + "\n")

    sizes = {
        "properties": len(prop_ranges) * 6,
        "ccc": len(ccc_ranges) * 5,
        "decompositions": len(decomp_cps) * 6 + len(pool) * 4,
        "compositions": len(compose) * 12,
        "mappings": (len(width_runs) + len(lower_runs)) * 16,
        "names": len(names) * 6 + len(name_blob),
    }
    counts = {}
    for d in derived:
        key = "DISALLOWED" if d.startswith("DIS_") else d
        counts[key] = counts.get(key, 0) + 1
    print(f"gen_idna_tables: Unicode {version}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"gen_idna_tables: {len(prop_ranges)} property ranges, {len(ccc_ranges)} ccc ranges, "
          f"{len(decomp_cps)} decompositions, {len(compose)} compositions, "
          f"{len(width_runs)}+{len(lower_runs)} mapping runs, {len(names)} names; "
          f"~{sum(sizes.values()) // 1024} KiB ("
          + ", ".join(f"{k} {v // 1024}" for k, v in sizes.items()) + ")")


if __name__ == "__main__":
    main()
