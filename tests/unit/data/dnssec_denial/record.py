#!/usr/bin/env python3
"""Records denial-of-existence answers from the test world's resolver
(docs/TEST_WORLD.md) for tests/unit/dnssec_denial_recorded_test.cpp.

    tests/world/up && tests/unit/data/dnssec_denial/record.py

Writes recorded.h: each answer as a hex string (the wasm tests have no file
system). Queries go over TCP to 127.0.2.53 with RD, CD and EDNS0 DO=1; the
message ID is 0. Signatures and TTLs change whenever the world is
regenerated; the tests check only the denial logic, which does not."""
import os
import socket
import struct

SERVER = ("127.0.2.53", 53)
TYPE_CODES = {"A": 1, "AAAA": 28, "DS": 43, "TLSA": 52}

# constant name -> (query name, type)
ANSWERS = {
    "kNsec3NxdomainTlsa": ("_25._tcp.mx.nsec3-denial.example", "TLSA"),
    "kNsec3NodataAaaa": ("mx.nsec3-denial.example", "AAAA"),
    "kNsec3Iterations200NodataAaaa": ("mx.nsec3-200.example", "AAAA"),
    "kNsecNxdomainTlsa": ("_25._tcp.mx.no-tlsa.example", "TLSA"),
    "kNsecNodataAaaa": ("mx.no-tlsa.example", "AAAA"),
    "kNsecNoDsUnsigned": ("unsigned-tlsa.example", "DS"),
}


def encode_query(qname, qtype):
    header = struct.pack("!6H", 0, 0x0110, 1, 0, 0, 1)  # RD + CD, one question, one additional (OPT)
    question = b"".join(bytes([len(p)]) + p.encode() for p in qname.split(".")) + b"\0"
    question += struct.pack("!HH", TYPE_CODES[qtype], 1)
    opt = b"\0" + struct.pack("!HHIH", 41, 1232, 0x00008000, 0)  # DO bit
    return header + question + opt


def ask(qname, qtype):
    message = encode_query(qname, qtype)
    with socket.create_connection(SERVER, timeout=5) as conn:
        conn.sendall(struct.pack("!H", len(message)) + message)
        received = b""
        while len(received) < 2 or len(received) < 2 + struct.unpack("!H", received[:2])[0]:
            chunk = conn.recv(65536)
            if not chunk:
                raise SystemExit(f"{qname} {qtype}: the resolver closed the connection")
            received += chunk
    return received[2:2 + struct.unpack("!H", received[:2])[0]]


def main():
    out = ["// Written by record.py from the test world's resolver (TCP, RD+CD, EDNS0 DO=1). Do not edit.",
           "#pragma once", "", "#include <string_view>", "", "namespace denial_recorded {", ""]
    for constant, (qname, qtype) in ANSWERS.items():
        wire = ask(qname, qtype).hex()
        out.append(f"// {qname}. {qtype}")
        out.append(f"inline constexpr std::string_view {constant} =")
        out += [f'    "{wire[i:i + 100]}"' for i in range(0, len(wire), 100)]
        out[-1] += ";"
    out += ["", "}  // namespace denial_recorded", ""]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recorded.h")
    with open(path, "w") as f:
        f.write("\n".join(out))


main()
