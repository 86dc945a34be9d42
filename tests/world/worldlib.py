"""Shared helpers for the daneel test world (python3 standard library only).

- minimal DER walking: certificate -> SubjectPublicKeyInfo, for TLSA data
- a DNS wire-format query builder and response parser (enough for the world test)
- addresses and paths of the world
"""

import base64
import hashlib
import ipaddress
import os
import re
import socket
import struct

STATE = os.environ.get("DANEEL_WORLD_DIR", "/tmp/daneel-world")
TLD = "example."

ADDR = {
    "root": "127.0.2.1",      # NSD: fake root zone "."
    "tld": "127.0.2.2",       # NSD: "example."
    "dom": "127.0.2.3",       # NSD: every scenario zone
    "resolver": "127.0.2.53",  # unbound, Do53 (validating)
    "doh": "127.0.2.54",      # dnsdist: DoH HTTPS :443 (HTTP/2 + HTTP/1.1), DoH HTTP :80
    "udoh": "127.0.2.55",     # unbound's own DoH :443 (HTTP/2 only)
}

DOH_PATH = "/dns-query"


# ---------------------------------------------------------------- certificates

def pem_to_ders(text):
    """All CERTIFICATE blocks of a PEM text, as DER bytes."""
    out = []
    for m in re.finditer(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S):
        out.append(base64.b64decode("".join(m.group(1).split())))
    return out


def _der_item(buf, pos):
    """Return (tag, header_len, content_len) of the DER item at pos."""
    tag = buf[pos]
    ln = buf[pos + 1]
    hl = 2
    if ln & 0x80:
        n = ln & 0x7F
        ln = int.from_bytes(buf[pos + 2:pos + 2 + n], "big")
        hl += n
    return tag, hl, ln


def cert_spki(der):
    """DER SubjectPublicKeyInfo of a DER X.509 certificate."""
    _, hl, _ = _der_item(der, 0)          # Certificate SEQUENCE
    pos = hl
    tag, hl, ln = _der_item(der, pos)     # tbsCertificate SEQUENCE
    pos += hl
    # fields: [0] version (optional), serial, signature, issuer, validity, subject, spki
    tag, hl, ln = _der_item(der, pos)
    if tag == 0xA0:
        pos += hl + ln
    for _ in range(5):                    # serial, signature, issuer, validity, subject
        tag, hl, ln = _der_item(der, pos)
        pos += hl + ln
    tag, hl, ln = _der_item(der, pos)
    assert tag == 0x30, "SPKI is not a SEQUENCE"
    return der[pos:pos + hl + ln]


def tlsa_data(der, selector, mtype):
    """TLSA association data (bytes) for a certificate, or None for unknown parameters."""
    if selector == 0:
        data = der
    elif selector == 1:
        data = cert_spki(der)
    else:
        return None
    if mtype == 0:
        return data
    if mtype == 1:
        return hashlib.sha256(data).digest()
    if mtype == 2:
        return hashlib.sha512(data).digest()
    return None


# ---------------------------------------------------------------- DNS wire format

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28, "DS": 43,
         "RRSIG": 46, "NSEC": 47, "DNSKEY": 48, "NSEC3": 50, "NSEC3PARAM": 51, "TLSA": 52,
         "OPT": 41, "CAA": 257}
TYPENAMES = {v: k for k, v in TYPES.items()}
RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"}


def encode_name(name):
    name = name.rstrip(".")
    out = b""
    if name:
        for label in name.split("."):
            b = label.encode()
            out += bytes([len(b)]) + b
    return out + b"\x00"


def build_query(name, qtype, do=True, cd=False, rd=True, qid=0):
    flags = (0x0100 if rd else 0) | (0x0010 if cd else 0)
    hdr = struct.pack("!HHHHHH", qid, flags, 1, 0, 0, 1)
    q = encode_name(name) + struct.pack("!HH", TYPES[qtype] if isinstance(qtype, str) else qtype, 1)
    # EDNS0 OPT: udp size 4096, DO bit
    opt = b"\x00" + struct.pack("!HHIH", 41, 4096, 0x8000 if do else 0, 0)
    return hdr + q + opt


def decode_name(msg, pos):
    labels = []
    jumped = False
    end = pos
    seen = 0
    while True:
        ln = msg[pos]
        if ln & 0xC0 == 0xC0:
            ptr = ((ln & 0x3F) << 8) | msg[pos + 1]
            if not jumped:
                end = pos + 2
            jumped = True
            pos = ptr
            seen += 1
            if seen > 64:
                raise ValueError("compression loop")
            continue
        if ln == 0:
            if not jumped:
                end = pos + 1
            break
        labels.append(msg[pos + 1:pos + 1 + ln].decode("ascii", "replace"))
        pos += 1 + ln
    return (".".join(labels) + ".").lower() if labels else ".", end


class RR:
    def __init__(self, name, rtype, rclass, ttl, rdata, text):
        self.name, self.type, self.rclass, self.ttl, self.rdata, self.text = name, rtype, rclass, ttl, rdata, text

    @property
    def tname(self):
        return TYPENAMES.get(self.type, "TYPE%d" % self.type)

    def covered(self):
        """For RRSIG: the type name it covers."""
        t = struct.unpack("!H", self.rdata[:2])[0]
        return TYPENAMES.get(t, "TYPE%d" % t)

    def __repr__(self):
        return "%s %s %s" % (self.name, self.tname, self.text)


def _rdata_text(msg, rtype, start, rdlen):
    rd = msg[start:start + rdlen]
    if rtype == 1:
        return str(ipaddress.IPv4Address(rd))
    if rtype == 28:
        return str(ipaddress.IPv6Address(rd))
    if rtype in (2, 5):
        return decode_name(msg, start)[0]
    if rtype == 15:
        return "%d %s" % (struct.unpack("!H", rd[:2])[0], decode_name(msg, start + 2)[0])
    if rtype == 52:
        return "%d %d %d %s" % (rd[0], rd[1], rd[2], rd[3:].hex())
    if rtype == 43:
        tag, alg, dt = struct.unpack("!HBB", rd[:4])
        return "%d %d %d %s" % (tag, alg, dt, rd[4:].hex())
    if rtype == 257:  # RFC 8659: flags, tag length, tag, value
        tag = rd[2:2 + rd[1]].decode("ascii", "replace").lower()
        return caa_text(rd[0], tag, rd[2 + rd[1]:])
    if rtype == 16:
        strings, pos = [], 0
        while pos < len(rd):
            strings.append(rd[pos + 1:pos + 1 + rd[pos]])
            pos += 1 + rd[pos]
        return txt_text(strings)
    return rd.hex()


def caa_text(flags, tag, value):
    """CAA rdata -> presentation form: flags tag "value" (value bytes as in txt_text), the
    one spelling both sides of a comparison use."""
    return "%d %s %s" % (flags, tag, txt_text([value]))


def txt_text(strings):
    """TXT character-strings (bytes) -> presentation form: "..." "..." with \\, \" and
    \DDD escapes, the one spelling both sides of a comparison use."""
    def one(b):
        return '"' + "".join("\\" + chr(c) if c in (0x22, 0x5C) else chr(c) if 0x20 <= c < 0x7F
                             else "\\%03d" % c for c in b) + '"'
    return " ".join(one(b) for b in strings)


def txt_strings(text):
    """Presentation TXT rdata ("quoted" or bare character-strings) -> list of bytes."""
    out, i = [], 0
    while i < len(text):
        if text[i] in " \t":
            i += 1
            continue
        quoted = text[i] == '"'
        i += 1 if quoted else 0
        cur = bytearray()
        while i < len(text) and (text[i] != '"' if quoted else text[i] not in " \t"):
            if text[i] == "\\" and text[i + 1:i + 4].isdigit() and len(text[i + 1:i + 4]) == 3:
                cur.append(int(text[i + 1:i + 4]))
                i += 4
            elif text[i] == "\\" and i + 1 < len(text):
                cur.append(ord(text[i + 1]))
                i += 2
            else:
                cur += text[i].encode()
                i += 1
        i += 1 if quoted else 0
        out.append(bytes(cur))
    return out


class Response:
    def __init__(self, wire):
        self.wire = wire
        (self.id, flags, qd, an, ns, ar) = struct.unpack("!HHHHHH", wire[:12])
        self.flags = flags
        self.rcode_num = flags & 0xF
        self.ad = bool(flags & 0x0020)
        self.cd = bool(flags & 0x0010)
        self.tc = bool(flags & 0x0200)
        pos = 12
        for _ in range(qd):
            _, pos = decode_name(wire, pos)
            pos += 4
        self.answer, pos = self._rrs(an, pos)
        self.authority, pos = self._rrs(ns, pos)
        self.additional, pos = self._rrs(ar, pos)

    def _rrs(self, count, pos):
        out = []
        for _ in range(count):
            name, pos = decode_name(self.wire, pos)
            rtype, rclass, ttl, rdlen = struct.unpack("!HHIH", self.wire[pos:pos + 10])
            pos += 10
            text = _rdata_text(self.wire, rtype, pos, rdlen)
            out.append(RR(name, rtype, rclass, ttl, self.wire[pos:pos + rdlen], text))
            pos += rdlen
        return out, pos

    @property
    def rcode(self):
        return RCODES.get(self.rcode_num, str(self.rcode_num))

    def __repr__(self):
        return "<%s ad=%s an=%r ns=%r>" % (self.rcode, self.ad, self.answer, self.authority)


def canon_rdata(rtype, text):
    """Normalise presentation rdata of the scenario file for comparison with _rdata_text."""
    parts = text.split()
    if rtype == "AAAA":
        return str(ipaddress.IPv6Address(text.strip()))
    if rtype == "TLSA":
        return "%d %d %d %s" % (int(parts[0]), int(parts[1]), int(parts[2]), "".join(parts[3:]).lower())
    if rtype == "MX":
        return "%d %s" % (int(parts[0]), parts[1].lower())
    if rtype in ("CNAME", "NS"):
        return parts[0].lower()
    if rtype == "TXT":
        return txt_text(txt_strings(text))
    if rtype == "CAA":
        flags, tag, value = text.split(None, 2)
        return caa_text(int(flags), tag.lower(), b"".join(txt_strings(value)))
    return text.strip()


# ---------------------------------------------------------------- KeyTrap-style keys

def key_tag(rdata):
    """RFC 4034 Appendix B key tag of DNSKEY RDATA (flags, protocol, algorithm, key)."""
    ac = 0
    for i, b in enumerate(rdata):
        ac += b if i & 1 else b << 8
    ac += (ac >> 16) & 0xFFFF
    return ac & 0xFFFF


_ED_P = 2 ** 255 - 19
_ED_D = (-121665 * pow(121666, _ED_P - 2, _ED_P)) % _ED_P


def ed25519_point_ok(key):
    """True when 32 bytes decode to a point of Ed25519 (RFC 8032 §5.1.3), so a verifier
    cannot reject the key without doing the arithmetic."""
    y = int.from_bytes(key, "little") & ((1 << 255) - 1)
    sign = key[31] >> 7
    if y >= _ED_P:
        return False
    u, v = (y * y - 1) % _ED_P, (_ED_D * y * y + 1) % _ED_P
    x2 = u * pow(v, _ED_P - 2, _ED_P) % _ED_P
    x = pow(x2, (_ED_P + 3) // 8, _ED_P)
    if (x * x - x2) % _ED_P:
        x = x * pow(2, (_ED_P - 1) // 4, _ED_P) % _ED_P
    if (x * x - x2) % _ED_P:
        return False
    return not (x == 0 and sign)


def colliding_ed25519_keys(count, tag, flags, rng):
    """`count` distinct Ed25519 public keys (valid curve points, no private key anyone knows)
    whose DNSKEY (flags, protocol 3, algorithm 15) has key tag `tag`: the KeyTrap pattern
    (CVE-2023-50387), where a validator must try every key with the RRSIG's tag.
    The last two key octets are solved for the tag (the tag is a folded 16-bit sum)."""
    head = struct.pack("!HBB", flags, 3, 15)
    keys = []
    while len(keys) < count:
        prefix = bytes(rng.getrandbits(8) for _ in range(30))
        rest = sum(x if i & 1 else x << 8 for i, x in enumerate(head + prefix))
        for word in range(65536):
            ac = rest + word
            if (ac + ((ac >> 16) & 0xFFFF)) & 0xFFFF != tag:
                continue
            key = prefix + struct.pack("!H", word)
            if key_tag(head + key) == tag and ed25519_point_ok(key) and key not in keys:
                keys.append(key)
            break
    return keys


# ---------------------------------------------------------------- openssl s_client probes
# Shared by tests/world/test.py (the weak variants' `serves` claims) and
# scripts/compare-grading. Always by address: -connect IP:25, the name only as SNI.

S_CLIENT_VERSIONS = {"tls1": "TLSv1", "tls1_1": "TLSv1.1", "tls1_2": "TLSv1.2", "tls1_3": "TLSv1.3"}


def s_client(ip, host, proto=None, cipher=None, timeout=10):
    """One `openssl s_client -starttls smtp` handshake with exactly `proto` (a key of
    S_CLIENT_VERSIONS) and, for TLS 1.2 and older, exactly the suite `cipher`; the client at
    OpenSSL security level 0 (so it can offer what the server is tested for). Returns a dict:
    protocol and cipher (None when no handshake), ems (True/False/None), temp_key ("DH, 1024
    bits", ...), key_bits (the server key's size), leaf (the first certificate, PEM)."""
    import subprocess
    cmd = ["openssl", "s_client", "-starttls", "smtp", "-connect", ip + ":25", "-servername", host,
           "-showcerts", "-no-CAfile", "-no-CApath", "-no-CAstore"]
    if proto:
        cmd.append("-" + proto)
    # the level applies to the whole handshake (keys, signatures), TLS 1.3 included
    cmd += ["-cipher", (cipher or "ALL:COMPLEMENTOFALL") + ":@SECLEVEL=0"]
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        out = r.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired:
        out = ""
    res = {"protocol": None, "cipher": None, "ems": None, "temp_key": None, "key_bits": None, "leaf": None}
    # "New, V, Cipher is S": V is the suite's version for TLS 1.2 and older (TLSv1.0 for a
    # TLS 1.1 session), so the protocol is the session block's; in TLS 1.3 that block comes
    # only with a session ticket, which s_client may not wait for
    n = re.search(r"^New, (\S+), Cipher is (\S+)$", out, re.M)
    m = re.search(r"^\s*Protocol\s*: (\S+)$", out, re.M)
    if n and n.group(2) != "(NONE)":
        res["cipher"] = n.group(2)
        res["protocol"] = "TLSv1.3" if n.group(1) == "TLSv1.3" else (m.group(1) if m else None)
    e = re.search(r"Extended master secret: (yes|no)", out)
    if e:
        res["ems"] = e.group(1) == "yes"
    t = re.search(r"Server Temp Key: (.*)", out)
    if t:
        res["temp_key"] = t.group(1).strip()
    k = re.search(r"Server public key is (\d+) bit", out)
    if k:
        res["key_bits"] = int(k.group(1))
    pem = re.search(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", out, re.S)
    if pem:
        res["leaf"] = pem.group(0)
    return res


def cert_signature_algorithm(pem):
    """The certificate's signature algorithm as openssl names it (sha1WithRSAEncryption, ...)."""
    import subprocess
    out = subprocess.run(["openssl", "x509", "-noout", "-text"], input=pem, capture_output=True, text=True,
                         timeout=10).stdout
    m = re.search(r"Signature Algorithm: (\S+)", out)
    return m.group(1) if m else None


def renegotiates(ip, host, timeout=10):
    """A TLS 1.2 `openssl s_client -starttls smtp` session, then its `R` command (a
    client-initiated renegotiation): True when the server completed the new handshake (its
    certificate came a second time, no error), False when it refused ("no renegotiation":
    OpenSSL 3.0's default, or SSL_OP_NO_RENEGOTIATION), None when neither was seen."""
    import subprocess
    import time
    cmd = ["openssl", "s_client", "-starttls", "smtp", "-connect", ip + ":25", "-servername", host,
           "-tls1_2", "-no-CAfile", "-no-CApath", "-no-CAstore",
           # security level 0: a weak server (a 1024-bit DH prime) is still asked
           "-cipher", "ALL:@SECLEVEL=0"]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        # s_client reads its commands after the handshake: R, then Q once the answer is in
        time.sleep(1.0)
        p.stdin.write(b"R\n")
        p.stdin.flush()
        time.sleep(1.5)
        p.stdin.write(b"Q\n")
        p.stdin.flush()
        out = p.communicate(timeout=timeout)[0].decode(errors="replace")
    except (subprocess.TimeoutExpired, BrokenPipeError):
        p.kill()
        out = p.communicate()[0].decode(errors="replace")
    before, sep, after = out.partition("RENEGOTIATING")
    if not sep:
        return None
    if "no renegotiation" in after:
        return False
    first = before.count("depth=0")
    return True if first >= 1 and after.count("depth=0") == first and ":error:" not in after else None


# A raw ClientHello of the world test (independent of daneel's): the versions by name, and the
# suites it offers, ECDHE and static RSA, 3DES and RC4 included, then the renegotiation SCSV.
HELLO_VERSIONS = {"ssl3": 0x0300, "tls1": 0x0301, "tls1_1": 0x0302, "tls1_2": 0x0303}
HELLO_SUITES = [0xC030, 0xC02F, 0xC014, 0xC013, 0x0035, 0x002F, 0x000A, 0x0005, 0x0004]


def raw_client_hello(version, host):
    """One ClientHello record: in SSL 3.0 only its own suites (<= 0x001B) and no extensions; else
    SNI, x25519/P-256, uncompressed points, renegotiation_info (and SHA-256 signatures in 1.2)."""
    suites = [s for s in HELLO_SUITES if version > 0x0300 or s <= 0x001B] + [0x00FF]
    body = struct.pack("!H", version) + os.urandom(32) + b"\x00"
    body += struct.pack("!H", 2 * len(suites)) + b"".join(struct.pack("!H", s) for s in suites) + b"\x01\x00"
    if version > 0x0300:
        name = host.encode()
        ext = struct.pack("!HHHBH", 0, len(name) + 5, len(name) + 3, 0, len(name)) + name
        ext += struct.pack("!HHHHH", 10, 6, 4, 0x001D, 0x0017) + struct.pack("!HHBB", 11, 2, 1, 0)
        ext += struct.pack("!HHB", 0xFF01, 1, 0)
        if version >= 0x0303:
            ext += struct.pack("!HHHHH", 13, 6, 4, 0x0401, 0x0804)
        body += struct.pack("!H", len(ext)) + ext
    hs = b"\x01" + len(body).to_bytes(3, "big") + body
    return struct.pack("!BHH", 22, 0x0301, len(hs)) + hs


def raw_hello_answer(ip, host, version, timeout=10):
    """SMTP up to STARTTLS, a raw ClientHello, and what the first record says:
    "VERSION/0xSUITE" (a ServerHello, VERSION by HELLO_VERSIONS' names), "alert" or "closed"."""
    with socket.create_connection((ip, 25), timeout=timeout) as s:
        f = s.makefile("rb")

        def reply():
            while True:
                line = f.readline(1024)
                if not line:
                    raise EOFError("closed")
                if line[3:4] != b"-":
                    return line
        reply()
        s.sendall(b"EHLO world-test.example\r\n")
        reply()
        s.sendall(b"STARTTLS\r\n")
        if not reply().startswith(b"220"):
            return "no STARTTLS"
        s.sendall(raw_client_hello(version, host))
        head = f.read(5)
        if len(head) < 5:
            return "closed"
        payload = f.read(struct.unpack("!H", head[3:5])[0])
        if head[0] == 21:
            return "alert"
        if head[0] != 22 or len(payload) < 4 + 2 + 32 + 1 or payload[0] != 2:
            return "unexpected record %r" % head
        hello = payload[4:]
        sid = hello[34]
        got_version = struct.unpack("!H", hello[0:2])[0]
        suite = struct.unpack("!H", hello[35 + sid:37 + sid])[0]
        names = {v: k for k, v in HELLO_VERSIONS.items()}
        return "%s/0x%04X" % (names.get(got_version, "0x%04x" % got_version), suite)


def serves_claim(ip, host, claim):
    """Checks one `serves` claim of weak.toml: (ok, what was seen)."""
    kind, _, arg = claim.partition(":")
    if kind == "hello":   # hello:OFFER=ANSWER, a raw ClientHello (scripted variants)
        offer, _, want = arg.partition("=")
        got = raw_hello_answer(ip, host, HELLO_VERSIONS[offer])
        return got == want, got
    if kind in ("proto", "no-proto"):
        got = s_client(ip, host, proto=arg)["protocol"]
        return (got == S_CLIENT_VERSIONS[arg]) == (kind == "proto"), got
    if kind in ("cipher", "no-cipher"):
        got = s_client(ip, host, proto="tls1_2", cipher=arg)["cipher"]   # every suite here exists in 1.2
        return (got == arg) == (kind == "cipher"), got
    if kind in ("ems", "no-ems"):
        got = s_client(ip, host, proto="tls1_2")["ems"]
        return got is (kind == "ems"), got
    if kind == "dh":
        got = s_client(ip, host, proto="tls1_2", cipher="kEDH")["temp_key"]
        return got == "DH, %s bits" % arg, got
    if kind == "key-bits":
        got = s_client(ip, host)["key_bits"]
        return got == int(arg), got
    if kind in ("client-reneg", "no-client-reneg"):
        got = renegotiates(ip, host)
        return got is (kind == "client-reneg"), got
    if kind == "cert-sig":
        leaf = s_client(ip, host)["leaf"]
        got = cert_signature_algorithm(leaf) if leaf else None
        return got == arg, got
    return False, "unknown claim"
