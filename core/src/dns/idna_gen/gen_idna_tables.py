#!/usr/bin/env python3
"""Generates daneel's IDNA2008 tables from the Unicode Character Database.

Reads the UCD text files that Debian's `unicode-data` package installs
(/usr/share/unicode) and writes C++ range tables for core/src/dns/idna.cpp:

  * the IDNA2008 derived property of every code point (RFC 5892 section 3,
    computed here from the character properties with the exceptions of
    RFC 5892 section 2.6 and the (empty) backward-compatible list of 2.7),
    packed with the few properties the contextual rules and the Bidi rule
    need for valid characters (Bidi_Class, Joining_Type, Script, mark);
  * Canonical_Combining_Class and the canonical decompositions, each marked
    whether it is a primary composite (Unicode Standard Annex #15), for an
    NFC normaliser;
  * the user-input mapping (RFC 5895 style): width mapping (<wide>/<narrow>
    decompositions) and lowercase mapping (UnicodeData.txt simple lowercase,
    plus SpecialCasing.txt unconditional multi-character lowercase).

The range starts and the decompositions are written as LEB128 varints of
differences (a third of the gzip'd size of plain 32-bit arrays in the npm
package); idna.cpp decodes them once, at first use.

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


def leb128(values):
    """Unsigned LEB128: 7 bits a byte, low bits first, high bit = more."""
    out = []
    for v in values:
        assert v >= 0
        while True:
            byte, v = v & 0x7F, v >> 7
            out.append(byte | (0x80 if v else 0))
            if not v:
                break
    return out


def differences(values):
    """values[0], values[1] - values[0], ... of an increasing sequence."""
    assert all(b > a for a, b in zip(values, values[1:]))
    return [b - a for a, b in zip([0] + values, values)]


def zigzag(v):
    """Signed -> unsigned for LEB128: 0, -1, 1, -2, ... -> 0, 1, 2, 3, ..."""
    return v * 2 if v >= 0 else -v * 2 - 1


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

    # Canonical decompositions, one step as in UnicodeData.txt (one or two
    # code points; Hangul is algorithmic); idna.cpp applies them recursively.
    # A two-code-point decomposition that is not excluded from composition is
    # a primary composite: the same table composes.
    decomp_cps = sorted(cp for cp, (tag, _) in ud.decomp.items() if tag is None)
    decomp_first, decomp_second = [], []
    for cp in decomp_cps:
        parts = ud.decomp[cp][1]
        assert 1 <= len(parts) <= 2
        composes = len(parts) == 2 and norm.compose_pairs.get((parts[0], parts[1])) == cp
        decomp_first.append(zigzag(cp - parts[0]))
        decomp_second.append(((parts[1] if len(parts) == 2 else 0) << 1) | int(composes))
    assert sum(v & 1 for v in decomp_second) == len(norm.compose_pairs)
    # kMaxDecompositionLength in idna.cpp
    assert max(len(norm.canon[cp]) for cp in decomp_cps) <= 4

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

    out = []
    out.append("// Generated by core/src/dns/idna_gen/gen_idna_tables.py from the Unicode")
    out.append(f"// Character Database {version} (Debian package unicode-data). Do not edit.")
    out.append("// NOLINTBEGIN")
    out.append(f'constexpr char kUnicodeVersion[] = "{version}";')
    out.append("")
    prop_leb = leb128(differences([s for s, _ in prop_ranges]))
    ccc_leb = leb128(differences([s for s, _ in ccc_ranges]))
    decomp_leb = (leb128(differences(decomp_cps)), leb128(decomp_first), leb128(decomp_second))
    out.append("// IDNA2008 derived property and context properties, by range start")
    out.append("// (the starts as LEB128 differences).")
    out.append(f"constexpr std::size_t kPropRanges = {len(prop_ranges)};")
    out.append(c_array("std::uint8_t", "kPropStartLeb", prop_leb, per_line=16))
    out.append(c_array("std::uint16_t", "kPropValue", [v for _, v in prop_ranges]))
    out.append("")
    out.append("// Canonical_Combining_Class, by range start (the starts as LEB128 differences).")
    out.append(f"constexpr std::size_t kCccRanges = {len(ccc_ranges)};")
    out.append(c_array("std::uint8_t", "kCccStartLeb", ccc_leb, per_line=16))
    out.append(c_array("std::uint8_t", "kCccValue", [v for _, v in ccc_ranges], fmt="{}"))
    out.append("")
    out.append("// Canonical decompositions (one step), by code point, as LEB128: the code")
    out.append("// points' differences; zigzag(code point - first); second << 1 | 1 if the")
    out.append("// code point is a primary composite (second 0: decomposes to one code point).")
    out.append(f"constexpr std::size_t kDecompositions = {len(decomp_cps)};")
    out.append(c_array("std::uint8_t", "kDecompCpLeb", decomp_leb[0], per_line=16))
    out.append(c_array("std::uint8_t", "kDecompFirstLeb", decomp_leb[1], per_line=16))
    out.append(c_array("std::uint8_t", "kDecompSecondLeb", decomp_leb[2], per_line=16))
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
        "properties": len(prop_leb) + len(prop_ranges) * 2,
        "ccc": len(ccc_leb) + len(ccc_ranges),
        "decompositions": sum(map(len, decomp_leb)),
        "mappings": (len(width_runs) + len(lower_runs)) * 16,
    }
    counts = {}
    for d in derived:
        key = "DISALLOWED" if d.startswith("DIS_") else d
        counts[key] = counts.get(key, 0) + 1
    print(f"gen_idna_tables: Unicode {version}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"gen_idna_tables: {len(prop_ranges)} property ranges, {len(ccc_ranges)} ccc ranges, "
          f"{len(decomp_cps)} decompositions ({len(norm.compose_pairs)} compose), "
          f"{len(width_runs)}+{len(lower_runs)} mapping runs; "
          f"~{sum(sizes.values()) // 1024} KiB ("
          + ", ".join(f"{k} {v // 1024}" for k, v in sizes.items()) + ")")


if __name__ == "__main__":
    main()
