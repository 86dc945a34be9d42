#!/usr/bin/python3
"""A scripted STARTTLS server for what Debian's OpenSSL 3.0 cannot serve (SSL 3.0, 3DES).

Usage: scripted_tls.py PIDFILE LIFETIME_SECONDS CONFIG.json
CONFIG (written by gen.py): {"listeners": [{"id", "ip", "host", "versions", "suites", "chain",
"backend": [ip, port], "backend_versions"}]}: versions and suites as integers, chain as hex DER
(leaf first). Standard library only; exits by itself after LIFETIME_SECONDS.

Per connection: SMTP up to STARTTLS (220 greeting, EHLO offers STARTTLS, STARTTLS -> 220), then
one ClientHello is read and answered by one rule (docs/TEST_WORLD.md, "Scripted TLS variants"):
the version is the highest the offer allows among the script's `versions` and the backend's
`backend_versions`; when it is one of the script's and the offer holds one of its `suites` (its
own order; in SSL 3.0 only the suites SSL 3.0 defines, code <= 0x001B), the script answers
ServerHello + Certificate + ServerHelloDone itself (static RSA suites only, so no key exchange
message), echoing renegotiation_info and extended_master_secret in TLS when offered, and then
closes: it cannot finish a handshake, so it serves probes only. Otherwise, when the version is
the backend's, the connection is handed to the backend (a real Postfix: EHLO, STARTTLS, then the
ClientHello and everything after it are relayed unchanged), so that daneel's own DANE handshake
and every modern offer meet a real server. No version at all: a protocol_version alert; else a
handshake_failure alert. Every read is bounded in size and time.
"""
import json
import os
import selectors
import socket
import struct
import sys
import threading
import time

IO_TIMEOUT = 10.0          # per read or write
CONNECTION_LIFETIME = 60.0  # a relayed connection at most
MAX_LINE = 512
MAX_COMMANDS = 16
MAX_RECORD = 16384 + 2048
MAX_CONNECTIONS = 64
RELAY_BYTES = 1 << 20      # per direction

ALERT_HANDSHAKE_FAILURE = 40
ALERT_PROTOCOL_VERSION = 70
EXT_EMS = 23
EXT_SUPPORTED_VERSIONS = 43
EXT_RENEGOTIATION_INFO = 0xFF01
SCSV = 0x00FF
SSL3_LAST_SUITE = 0x001B   # RFC 6101 appendix A.6


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def read_exact(sock, n):
    out = b""
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise EOFError("closed")
        out += chunk
    return out


def read_line(sock, buf):
    """One CRLF line (bounded); buf is the bytes already read after the previous line."""
    while b"\n" not in buf:
        if len(buf) > MAX_LINE:
            raise ValueError("line too long")
        chunk = sock.recv(MAX_LINE)
        if not chunk:
            raise EOFError("closed")
        buf += chunk
    line, _, rest = buf.partition(b"\n")
    return line.rstrip(b"\r"), rest


def parse_client_hello(body):
    """(client_version, suites, extensions{type: data}) of a ClientHello body, or ValueError."""
    p = 0

    def take(n):
        nonlocal p
        if p + n > len(body):
            raise ValueError("short ClientHello")
        out = body[p:p + n]
        p += n
        return out

    version = struct.unpack("!H", take(2))[0]
    take(32)
    take(take(1)[0])
    raw = take(struct.unpack("!H", take(2))[0])
    suites = [struct.unpack("!H", raw[i:i + 2])[0] for i in range(0, len(raw) - 1, 2)]
    take(take(1)[0])
    extensions = {}
    if p < len(body):
        raw = take(struct.unpack("!H", take(2))[0])
        q = 0
        while q + 4 <= len(raw):
            kind, size = struct.unpack("!HH", raw[q:q + 4])
            extensions[kind] = raw[q + 4:q + 4 + size]
            q += 4 + size
    return version, suites, extensions


def decide(listener, version, suites, extensions):
    """('hello', version, suite) | ('relay',) | ('alert', description): the rule of the docstring."""
    known = sorted(set(listener["versions"]) | set(listener["backend_versions"]))
    sv = extensions.get(EXT_SUPPORTED_VERSIONS)
    if sv:
        listed = {struct.unpack("!H", sv[i:i + 2])[0] for i in range(1, min(len(sv), 1 + sv[0]) - 1, 2)}
        allowed = [v for v in known if v in listed]
    else:
        allowed = [v for v in known if v <= version]
    if not allowed:
        return ("alert", ALERT_PROTOCOL_VERSION)
    chosen = allowed[-1]
    if chosen in listener["versions"]:
        for suite in listener["suites"]:
            if suite in suites and (chosen > 0x0300 or suite <= SSL3_LAST_SUITE):
                return ("hello", chosen, suite)
    if chosen in listener["backend_versions"]:
        return ("relay",)
    return ("alert", ALERT_HANDSHAKE_FAILURE)


def record(content_type, version, payload):
    return struct.pack("!BHH", content_type, version, len(payload)) + payload


def handshake(kind, body):
    return struct.pack("!B", kind) + len(body).to_bytes(3, "big") + body


def server_flight(listener, version, suite, suites, extensions):
    exts = b""
    if version > 0x0300:
        if EXT_RENEGOTIATION_INFO in extensions or SCSV in suites:
            exts += struct.pack("!HHB", EXT_RENEGOTIATION_INFO, 1, 0)
        if EXT_EMS in extensions:
            exts += struct.pack("!HH", EXT_EMS, 0)
    hello = struct.pack("!H", version) + os.urandom(32) + b"\x00" + struct.pack("!HB", suite, 0)
    if exts:
        hello += struct.pack("!H", len(exts)) + exts
    chain = b"".join(len(der).to_bytes(3, "big") + der for der in listener["chain_der"])
    messages = (handshake(2, hello) + handshake(11, len(chain).to_bytes(3, "big") + chain) + handshake(14, b""))
    return record(22, version, messages)


def smtp_until_starttls(conn, host):
    """The SMTP dialogue up to STARTTLS; returns the bytes read after it (the ClientHello's start)."""
    conn.sendall(b"220 %s ESMTP daneel-world scripted\r\n" % host)
    buf = b""
    for _ in range(MAX_COMMANDS):
        line, buf = read_line(conn, buf)
        verb = line[:8].upper()
        if verb.startswith(b"EHLO"):
            conn.sendall(b"250-%s\r\n250-PIPELINING\r\n250 STARTTLS\r\n" % host)
        elif verb.startswith(b"HELO") or verb.startswith(b"NOOP") or verb.startswith(b"RSET"):
            conn.sendall(b"250 2.0.0 Ok\r\n")
        elif verb.startswith(b"STARTTLS"):
            conn.sendall(b"220 2.0.0 Ready to start TLS\r\n")
            return buf
        elif verb.startswith(b"QUIT"):
            conn.sendall(b"221 2.0.0 Bye\r\n")
            raise EOFError("quit")
        else:
            conn.sendall(b"502 5.5.2 Error: command not recognized\r\n")
    raise ValueError("too many commands")


def read_client_hello(conn, buf):
    """The first handshake record (one ClientHello in one record, as daneel's probes send it)."""
    while len(buf) < 5:
        chunk = conn.recv(4096)
        if not chunk:
            raise EOFError("closed")
        buf += chunk
    content_type, _, size = struct.unpack("!BHH", buf[:5])
    if content_type != 22 or size > MAX_RECORD:
        raise ValueError("not a handshake record")
    while len(buf) < 5 + size:
        chunk = conn.recv(4096)
        if not chunk:
            raise EOFError("closed")
        buf += chunk
    body = buf[5:5 + size]
    if len(body) < 4 or body[0] != 1:
        raise ValueError("not a ClientHello")
    return buf, body[4:4 + int.from_bytes(body[1:4], "big")]


def backend_starttls(listener):
    """A connection to the backend Postfix, past its STARTTLS 220."""
    b = socket.create_connection(tuple(listener["backend"]), timeout=IO_TIMEOUT)
    buf = b""
    for command, want in ((None, b"220 "), (b"EHLO scripted.world.example\r\n", b"250 "), (b"STARTTLS\r\n", b"220 ")):
        if command:
            b.sendall(command)
        for _ in range(MAX_COMMANDS):
            line, buf = read_line(b, buf)
            if line.startswith(want):
                break
            if not line[3:4] == b"-":
                raise ValueError("backend said %r" % line)
        else:
            raise ValueError("backend: too many lines")
    return b


def relay(conn, backend, first):
    """Both directions unchanged until either side closes (bounded in bytes and time)."""
    backend.sendall(first)
    sel = selectors.DefaultSelector()
    sel.register(conn, selectors.EVENT_READ, backend)
    sel.register(backend, selectors.EVENT_READ, conn)
    sent = {conn: 0, backend: 0}
    end = time.monotonic() + CONNECTION_LIFETIME
    while time.monotonic() < end:
        events = sel.select(timeout=1.0)
        for key, _ in events:
            data = key.fileobj.recv(16384)
            if not data:
                return
            sent[key.fileobj] += len(data)
            if sent[key.fileobj] > RELAY_BYTES:
                return
            key.data.sendall(data)


def serve(conn, listener, slots):
    backend = None
    try:
        conn.settimeout(IO_TIMEOUT)
        rest = smtp_until_starttls(conn, listener["host"].encode())
        raw, body = read_client_hello(conn, rest)
        version, suites, extensions = parse_client_hello(body)
        what = decide(listener, version, suites, extensions)
        log(listener["id"], "offer 0x%04x, %d suites ->" % (version, len(suites)), what)
        if what[0] == "relay":
            backend = backend_starttls(listener)
            relay(conn, backend, raw)
            return
        if what[0] == "hello":
            conn.sendall(server_flight(listener, what[1], what[2], suites, extensions))
        else:
            conn.sendall(record(21, min(max(version, 0x0300), 0x0303), bytes([2, what[1]])))
        # The client reads the flight and closes; unread input would make close() reset.
        conn.shutdown(socket.SHUT_WR)
        end = time.monotonic() + IO_TIMEOUT
        while time.monotonic() < end and conn.recv(4096):
            pass
    except (OSError, EOFError, ValueError) as e:
        log(listener["id"], "connection ended:", e)
    finally:
        if backend is not None:
            backend.close()
        conn.close()
        slots.release()


def main():
    pidfile, lifetime, config = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    with open(config) as f:
        listeners = json.load(f)["listeners"]
    sel = selectors.DefaultSelector()
    for listener in listeners:
        listener["chain_der"] = [bytes.fromhex(h) for h in listener["chain"]]
        s = socket.socket(socket.AF_INET6 if ":" in listener["ip"] else socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((listener["ip"], 25))
        s.listen(64)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, listener)
    with open(pidfile + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(pidfile + ".tmp", pidfile)
    slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
    end = time.monotonic() + lifetime
    while time.monotonic() < end:
        for key, _ in sel.select(timeout=1.0):
            try:
                conn, _ = key.fileobj.accept()
            except OSError:
                continue
            if not slots.acquire(blocking=False):
                conn.close()   # more than MAX_CONNECTIONS at once: refused
                continue
            threading.Thread(target=serve, args=(conn, key.data, slots), daemon=True).start()
    try:
        os.unlink(pidfile)
    except OSError:
        pass


if __name__ == "__main__":
    main()
