#!/usr/bin/env python3
"""One source for each fact (issue 15, item 3), checked on the sources:

1. The report's languages are the files core/messages/<lang>.json. No other
   source lists them: a line of code (not a comment) in the core, the drivers,
   the npm package or the benchmarks that quotes two or more of those codes
   is a second list (the tests may, they use languages). The places that must
   spell the list out for their readers are compared with the files instead:
   the report schema's "lang" enum and index.d.ts's `lang` union.
2. Configured trust anchors are read by one function,
   dnssec::TrustAnchors::from_config: TrustAnchors::from_text (the syntax
   parser under it) is called nowhere else outside dnssec/trust_anchors.cpp.

Exits 1 and names every offending line.
  one_source.py REPOSITORY_ROOT
"""
import json
import pathlib
import re
import sys

SOURCE_DIRS = ("core/src", "drivers", "wasm/src", "wasm/bin", "bench", "proxy/src", "web")
SUFFIXES = {".h", ".cpp", ".in", ".mjs", ".js", ".cjs", ".ts", ".txt", ".cmake"}
COMMENT = re.compile(r"^\s*(//|/\*|\*|#(?!\s*include))")
TRAILING_COMMENT = re.compile(r"\s//(?!/).*$")  # a comment after code (not the // of a URL)


def sources(root: pathlib.Path):
    for top in SOURCE_DIRS:
        base = root / top
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and (path.suffix in SUFFIXES or path.name == "CMakeLists.txt") \
                    and "node_modules" not in path.parts and "dist" not in path.parts:
                yield path


def main(root: pathlib.Path) -> int:
    problems = []
    languages = sorted(p.stem for p in (root / "core/messages").glob("*.json"))
    if len(languages) < 1:
        problems.append("core/messages holds no catalogue")
    quoted = re.compile(r"""["'`](%s)["'`]""" % "|".join(map(re.escape, languages)))

    for path in sources(root):
        rel = path.relative_to(root)
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if COMMENT.match(line):
                continue
            line = TRAILING_COMMENT.sub("", line)
            codes = set(quoted.findall(line))
            if len(codes) >= 2:
                problems.append(f"{rel}:{number}: a second list of the languages ({', '.join(sorted(codes))}); "
                                "read them from core/messages/ (C++: check::supported_languages(), "
                                "JS: the module's build info)")
            if "TrustAnchors::from_text" in line and rel.as_posix() != "core/src/dnssec/trust_anchors.cpp":
                problems.append(f"{rel}:{number}: trust anchors parsed outside TrustAnchors::from_config")

    schema = json.loads((root / "docs/report-schema.json").read_text())
    if sorted(schema["properties"]["lang"].get("enum", [])) != languages:
        problems.append(f"docs/report-schema.json: lang enum {schema['properties']['lang'].get('enum')} "
                        f"is not the catalogue files {languages}")
    types = (root / "wasm/index.d.ts").read_text()
    unions = re.findall(r"\blang\?:\s*([^;]+);", types)
    if not unions:
        problems.append("wasm/index.d.ts: no `lang?:` union found")
    for union in unions:
        names = sorted(re.findall(r"'([a-z]{2})'", union))
        if names != languages:
            problems.append(f"wasm/index.d.ts: lang union {union.strip()} is not the catalogue files {languages}")

    for p in problems:
        print(p)
    print(f"languages {languages}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
