#!/usr/bin/env python3
"""Where third-party code (Mbed TLS, libsodium) may appear in the core
(docs/ARCHITECTURE.md, "Third-party code"), checked on the sources:

1. Only the files in ALLOWED_SOURCES include a third-party header directly.
2. No header outside dane/ reaches a third-party header, directly or through
   the project's own headers; so util, dns, dnssec, smtp, tls, crypto, check
   and capi show their users no third-party type, and a driver, the wasm
   module or a test that includes them needs no third-party include path.

Exits 1 and names every offending file and the include chain.
  third_party_boundary.py CORE_SRC_DIR
"""
import pathlib
import re
import sys

THIRD_PARTY = re.compile(r'^\s*#\s*include\s*<(mbedtls/|psa/|sodium)')
PROJECT = re.compile(r'^\s*#\s*include\s*"([^"]+)"')

# Directories (and single files) whose sources may include third-party headers.
ALLOWED_SOURCES = ("crypto/", "tls/", "dane/", "dnssec/algorithms.cpp", "dnssec/digest.cpp",
                   "dnssec/nsec3_hash.cpp", "capi/daneel_capi.cpp")
# Headers that may expose third-party types: dane parses X.509 with Mbed TLS,
# and its certificate and path types hold Mbed TLS structures.
ALLOWED_HEADERS = ("dane/",)


def main(root: pathlib.Path) -> int:
    files = sorted(p for p in root.rglob("*") if p.suffix in (".h", ".cpp"))
    direct, includes = {}, {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
        direct[rel] = any(THIRD_PARTY.match(line) for line in text)
        includes[rel] = [m.group(1) for line in text if (m := PROJECT.match(line))]

    def chain_to_third_party(rel, seen):
        """The include chain from `rel` to a file that includes third-party code, or None."""
        if direct.get(rel):
            return [rel]
        for inc in includes.get(rel, []):
            if inc in seen or inc not in includes:
                continue
            seen.add(inc)
            chain = chain_to_third_party(inc, seen)
            if chain:
                return [rel] + chain
        return None

    problems = []
    for rel in direct:
        if direct[rel] and not rel.startswith(ALLOWED_SOURCES):
            problems.append(f"{rel} includes a third-party header (allowed only in {', '.join(ALLOWED_SOURCES)})")
        if rel.endswith(".h") and not rel.startswith(ALLOWED_HEADERS):
            chain = chain_to_third_party(rel, {rel})
            if chain:
                problems.append(f"{rel} reaches a third-party header: {' -> '.join(chain)}")
    for problem in problems:
        print(problem)
    print(f"{len(files)} files checked: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
