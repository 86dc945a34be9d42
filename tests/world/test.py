#!/usr/bin/python3
"""World test: every scenario through DoH (HTTPS + plain HTTP, GET + POST, HTTP/1.1 via urllib,
HTTP/2 via kdig) with DO+CD and without CD, and every SMTP server over STARTTLS; the TLS
interoperability matrix (interop.toml): its zone through DoH, every variant's version, suite,
group, chain and DANE match with openssl s_client, and that it refuses every other version,
suite and ECDHE group (python ssl); the weak TLS variants (weak.toml): their zone's records
through DoH, the chain each serves, and every `serves` claim with openssl s_client.

Expects a running world (tests/world/up). Prints one line per failure (and per check with -v),
then a final line "N passed, M failed"; exit status 1 if anything failed.
Standard library only, plus kdig and openssl. Never uses the system resolver.
"""

import base64
import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import worldlib as W  # noqa: E402

VERBOSE = "-v" in sys.argv
ONLY = [a for a in sys.argv[1:] if not a.startswith("-")]
PASSED = 0
FAILED = []


def check(cond, what, detail=""):
    global PASSED
    if cond:
        PASSED += 1
        if VERBOSE:
            print("ok   %s" % what)
    else:
        FAILED.append(what)
        d = " ".join(str(detail).split())
        print("FAIL %s%s" % (what, (": " + (d[:400] + " ..." if len(d) > 400 else d)) if d else ""))
    return cond


# ---------------------------------------------------------------- DoH clients

class DoH:
    def __init__(self, url, cafile=None):
        self.url = url
        self.ctx = ssl.create_default_context(cafile=cafile) if url.startswith("https") else None
        handlers = [urllib.request.ProxyHandler({})]  # never use *_proxy settings
        if self.ctx:
            handlers.append(urllib.request.HTTPSHandler(context=self.ctx))
        self.opener = urllib.request.build_opener(*handlers)

    def query(self, name, qtype, cd, method):
        q = W.build_query(name, qtype, do=True, cd=cd)
        hdr = {"Accept": "application/dns-message"}
        if method == "GET":
            req = urllib.request.Request(
                self.url + "?dns=" + base64.urlsafe_b64encode(q).rstrip(b"=").decode(), headers=hdr)
        else:
            hdr["Content-Type"] = "application/dns-message"
            req = urllib.request.Request(self.url, data=q, headers=hdr, method="POST")
        with self.opener.open(req, timeout=5) as r:
            ctype = r.headers.get("Content-Type", "")
            body = r.read()
        if not ctype.startswith("application/dns-message"):
            raise ValueError("content-type %r" % ctype)
        return W.Response(body)


def kdig(server, name, qtype, cd, get, ca):
    cmd = ["kdig", "@" + server, "+https=" + W.DOH_PATH, "+tls-ca=" + ca, "+dnssec",
           "+cdflag" if cd else "+nocdflag", "+timeout=3", "+retry=0", name, qtype]
    if get:
        cmd.insert(3, "+https-get")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=15)
    return r.stdout + r.stderr


# ---------------------------------------------------------------- DNS checks

def rrset(resp, section, owner, rtype):
    return [rr for rr in getattr(resp, section) if rr.name == owner and rr.tname == rtype]


def sigs(resp, section, owner, rtype):
    return [rr for rr in getattr(resp, section)
            if rr.name == owner and rr.tname == "RRSIG" and rr.covered() == rtype]


def canon_set(rtype, rdatas):
    return sorted(W.canon_rdata(rtype, r) for r in rdatas)


def got_set(rtype, rrs):
    if rtype in ("A", "AAAA", "MX", "TLSA", "CNAME", "NS", "DS", "TXT"):
        return sorted(rr.text for rr in rrs)
    return None


def check_positive(ep, method, sc, owner, rtype, rdatas, broken, tag):
    """DO+CD: RRset and its RRSIG present; without CD: AD / SERVFAIL as expected."""
    what = "%s %s %s %s/%s" % (tag, owner, rtype, ep[0], method)
    try:
        r = ep[1].query(owner, rtype, cd=True, method=method)
    except Exception as e:  # noqa: BLE001
        return check(False, what + " +cd", e)
    rrs = rrset(r, "answer", owner, rtype)
    ok = r.rcode == "NOERROR" and rrs
    if ok and rdatas is not None:
        want = canon_set(rtype, rdatas)
        got = got_set(rtype, rrs)
        ok = got is None and len(rrs) == len(want) or got == want
    check(ok, what + " +cd data", r)
    if sc["signed"]:
        check(sigs(r, "answer", owner, rtype), what + " +cd RRSIG", r)
    else:
        check(not sigs(r, "answer", owner, rtype), what + " +cd no RRSIG (unsigned)", r)
    try:
        r2 = ep[1].query(owner, rtype, cd=False, method=method)
    except Exception as e:  # noqa: BLE001
        return check(False, what + " nocd", e)
    if broken:
        check(r2.rcode == "SERVFAIL", what + " nocd SERVFAIL (bogus: %s)" % broken, r2)
    else:
        check(r2.rcode == "NOERROR" and rrset(r2, "answer", owner, rtype), what + " nocd answer", r2)
        check(r2.ad == sc["signed"], what + " nocd AD=%s" % sc["signed"], r2)
    return True


def check_absent(ep, method, sc, a, tag):
    owner, rtype = a["owner"], a["type"]
    what = "%s absent %s %s %s/%s" % (tag, owner, rtype, ep[0], method)
    try:
        r = ep[1].query(owner, rtype, cd=True, method=method)
    except Exception as e:  # noqa: BLE001
        return check(False, what, e)
    check(r.rcode in ("NOERROR", "NXDOMAIN") and not rrset(r, "answer", owner, rtype), what + " +cd no data", r)
    proof = [rr for rr in r.authority if rr.tname in ("NSEC", "NSEC3")]
    check(proof, what + " +cd NSEC/NSEC3 proof", r)
    for p in proof:
        check(sigs(r, "authority", p.name, p.tname), what + " +cd RRSIG over %s" % p.tname, r)
    try:
        r2 = ep[1].query(owner, rtype, cd=False, method=method)
    except Exception as e:  # noqa: BLE001
        return check(False, what + " nocd", e)
    check(r2.rcode in ("NOERROR", "NXDOMAIN") and r2.ad == a["ad"], what + " nocd AD=%s" % a["ad"], r2)


def dns_checks(sc, endpoints):
    tag = sc["name"]
    rr_by_owner = {}
    for rs in sc["rrsets"]:
        rr_by_owner.setdefault(rs["owner"], []).append(rs)
    for i, ep in enumerate(endpoints):
        method = "POST" if i < 2 else "GET"
        for rs in sc["rrsets"]:
            check_positive(ep, method, sc, rs["owner"], rs["type"], rs["rdata"], rs["broken"], tag)
            if rs["type"] == "CNAME":   # through the alias: CNAME + target RRset, both signed
                target = rs["rdata"][0]
                for ts in rr_by_owner.get(target, []):
                    what = "%s %s %s via CNAME %s/%s" % (tag, rs["owner"], ts["type"], ep[0], method)
                    try:
                        r = ep[1].query(rs["owner"], ts["type"], cd=True, method=method)
                    except Exception as e:  # noqa: BLE001
                        check(False, what, e)
                        continue
                    ok = rrset(r, "answer", rs["owner"], "CNAME") and rrset(r, "answer", target, ts["type"])
                    if sc["signed"]:
                        ok = ok and sigs(r, "answer", rs["owner"], "CNAME") and sigs(r, "answer", target, ts["type"])
                    check(ok, what, r)
        if sc["signed"]:
            check_positive(ep, method, sc, sc["domain"], "DNSKEY", None,
                           "ds-mismatch" if sc.get("ds") == "rogue" else None, tag)
            check_positive(ep, method, {"signed": True}, sc["domain"], "DS", None, None, tag)
        for a in sc["absent"]:
            check_absent(ep, method, sc, a, tag)


def http2_checks(sc, ca):
    """HTTP/2 DoH through kdig on dnsdist and on unbound's own endpoint."""
    rs = (next((r for r in sc["rrsets"] if r["broken"]), None)
          or next((r for r in sc["rrsets"] if r["type"] == "TLSA"), None)
          or next((r for r in sc["rrsets"] if r["type"] == "MX"), None)
          or (sc["rrsets"][0] if sc["rrsets"] else None))
    if not rs:
        return
    for server in (W.ADDR["doh"], W.ADDR["udoh"]):
        for get in (False, True):
            what = "%s http2 %s %s %s %s" % (sc["name"], rs["owner"], rs["type"], server, "GET" if get else "POST")
            out = kdig(server, rs["owner"], rs["type"], True, get, ca)
            check("HTTP/2-%s" % ("GET" if get else "POST") in out and "status: NOERROR" in out, what + " +cd", out)
            has_sig = re.search(r"\sRRSIG\s+%s\s" % rs["type"], out) is not None
            check(has_sig == sc["signed"], what + " +cd RRSIG=%s" % sc["signed"], out)
            if rs["broken"]:
                out = kdig(server, rs["owner"], rs["type"], False, get, ca)
                check("status: SERVFAIL" in out, what + " nocd SERVFAIL", out)


# ---------------------------------------------------------------- SMTP checks

def smtp_probe(ip, timeout=3.0):
    """(banner, ehlo reply) over plain TCP; banner None on timeout."""
    fam = socket.AF_INET6 if ":" in ip else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect((ip, 25))
        f = s.makefile("rb")
        try:
            banner = f.readline().decode(errors="replace")
        except socket.timeout:
            return None, None
        s.sendall(b"EHLO client.world.example\r\n")
        ehlo = []
        while True:
            line = f.readline().decode(errors="replace")
            ehlo.append(line)
            if len(line) < 4 or line[3] != "-":
                break
        s.sendall(b"QUIT\r\n")
        return banner, "".join(ehlo)
    finally:
        s.close()


def s_client(ip, host, version):
    """host None: no SNI (-noservername)."""
    addr = "[%s]:25" % ip if ":" in ip else "%s:25" % ip
    sni = ["-servername", host.rstrip(".")] if host else ["-noservername"]
    # no system CA store: the chain is compared and matched here, not verified by openssl, and
    # loading the store is most of an s_client run's time
    cmd = ["openssl", "s_client", "-starttls", "smtp", "-connect", addr] + sni + [
           "-showcerts", "-" + version.replace("TLSv1.", "tls1_"), "-no-CAfile", "-no-CApath", "-no-CAstore"]
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        return None, []
    out = r.stdout.decode(errors="replace")
    m = re.search(r"New, (TLSv[\d.]+), Cipher is", out) or re.search(r"Protocol\s*:\s*(TLSv[\d.]+)", out)
    return (m.group(1) if m else None), W.pem_to_ders(out)


def tlsa_records(doh, owner):
    """TLSA records at owner (following CNAMEs) via DoH with CD; list of (u, s, m, bytes)."""
    r = doh.query(owner, "TLSA", cd=True, method="POST")
    out = []
    for rr in r.answer:
        if rr.tname == "TLSA":
            out.append((rr.rdata[0], rr.rdata[1], rr.rdata[2], rr.rdata[3:]))
    return out


def tlsa_matches(records, chain):
    """Data-level match: usage 1/3 against the leaf, 0/2 against any certificate served."""
    for u, s, m, data in records:
        if u in (1, 3):
            cands = chain[:1]
        elif u in (0, 2):
            cands = chain
        else:
            continue
        for der in cands:
            if W.tlsa_data(der, s, m) == data and data is not None:
                return True
    return False


def smtp_checks(sc, doh):
    for srv in sc["servers"]:
        tag = "%s smtp %s (%s)" % (sc["name"], srv["ip"], srv["smtp"])
        mode = srv["smtp"]
        if mode == "silent":
            banner, _ = smtp_probe(srv["ip"], timeout=2.0)
            check(banner is None, tag + " no banner within 2 s", banner)
            continue
        try:
            banner, ehlo = smtp_probe(srv["ip"])
        except OSError as e:
            check(False, tag + " connect", e)
            continue
        if mode == "reject554":
            check(banner is not None and banner.startswith("554"), tag + " greets with 554", banner)
            check(ehlo is not None and "STARTTLS" not in ehlo, tag + " no STARTTLS", ehlo)
            continue
        check(banner is not None and banner.startswith("220"), tag + " 220 banner", banner)
        offers = ehlo is not None and "STARTTLS" in ehlo
        check(offers == (mode == "starttls"), tag + " STARTTLS offered=%s" % (mode == "starttls"), ehlo)
        tlsa = tlsa_records(doh, "_25._tcp." + srv["host"])
        check(bool(tlsa) == (srv["tlsa"] != "absent"), tag + " TLSA present=%s" % (srv["tlsa"] != "absent"), tlsa)
        if mode != "starttls":
            continue
        want_chain = [W.pem_to_ders(open(p).read())[0] for p in srv["chain_certs"]]
        for version in ("TLSv1.2", "TLSv1.3"):
            proto, chain = s_client(srv["ip"], srv["host"], version)
            check(proto == version, tag + " %s negotiated" % version, proto)
            check(chain == want_chain, tag + " %s serves the expected chain (%d certs)" % (version, len(want_chain)),
                  "got %d certs" % len(chain))
            if version == "TLSv1.3" and srv["tlsa"] != "absent":
                m = tlsa_matches(tlsa, chain)
                check(m == (srv["tlsa"] == "match"), tag + " served chain matches TLSA=%s" % (srv["tlsa"] == "match"),
                      tlsa)
        if srv.get("sni"):
            # SNI-dependent certificate (tls_server_sni_maps): without SNI the default chain.
            want_default = [W.pem_to_ders(open(p).read())[0] for p in srv["nosni_chain_certs"]]
            check(want_default != want_chain, tag + " SNI and default chains differ", None)
            for version in ("TLSv1.2", "TLSv1.3"):
                proto, chain = s_client(srv["ip"], None, version)
                check(proto == version, tag + " %s negotiated without SNI" % version, proto)
                check(chain == want_default, tag + " %s serves the default chain without SNI" % version,
                      "got %d certs" % len(chain))
            m = tlsa_matches(tlsa, chain)
            want = srv["tlsa_nosni"] == "match"
            check(m == want, tag + " chain without SNI matches TLSA=%s" % want, tlsa)


# ---------------------------------------------------------------- TLS interoperability matrix

# What `openssl s_client` prints as "Server Temp Key" for each group of world.json.
TEMP_KEY = {"X25519": "X25519, 253 bits", "P-256": "ECDH, prime256v1, 256 bits",
            "P-384": "ECDH, secp384r1, 384 bits", "ffdhe2048": "DH, 2048 bits", "ffdhe3072": "DH, 3072 bits"}
# s_client without the system CA store (loading it is most of a run's 60 ms; DANE-EE needs none)
NO_CA = ["-no-CAfile", "-no-CApath", "-no-CAstore"]
# the ECDHE groups an OpenSSL client can offer (s_client -groups)
ECDHE_GROUPS = ("X25519", "P-256", "P-384", "X448", "P-521")


class DoHKeepAlive:
    """DoH POST over one kept-alive HTTPS/1.1 connection (for the many small interop queries)."""

    def __init__(self, url, cafile):
        u = urllib.parse.urlsplit(url)
        self.host, self.path = u.hostname, u.path
        self.ctx = ssl.create_default_context(cafile=cafile)
        self.conn = None

    def query(self, name, qtype, cd=False):
        q = W.build_query(name, qtype, do=True, cd=cd)
        for attempt in (0, 1):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPSConnection(self.host, 443, context=self.ctx, timeout=5)
                self.conn.request("POST", self.path, body=q, headers={
                    "Content-Type": "application/dns-message", "Accept": "application/dns-message"})
                r = self.conn.getresponse()
                body = r.read()
                if r.status != 200:
                    raise ValueError("HTTP %d" % r.status)
                return W.Response(body)
            except (OSError, http.client.HTTPException):
                self.conn = None
                if attempt:
                    raise


def ffdhe_prime(group):
    """p of the RFC 7919 group, from OpenSSL's built-in named group (not the world's file)."""
    out = subprocess.run(["openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:" + group],
                         capture_output=True, text=True, timeout=10).stdout
    der = base64.b64decode("".join(out.split("-----")[2].split()))
    _, hl, _ = W._der_item(der, 0)            # DHParameter SEQUENCE { p INTEGER, g INTEGER }
    _, phl, pln = W._der_item(der, hl)
    return der[hl + phl:hl + phl + pln].lstrip(b"\x00")


def ske_dh_prime(msg_out):
    """dh_p of the TLS 1.2 ServerKeyExchange in `openssl s_client -msg` output, or None."""
    lines = msg_out.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("<<<") and line.endswith("ServerKeyExchange"):
            hexes = []
            for l2 in lines[i + 1:]:
                if not l2.startswith(" "):
                    break
                hexes += l2.split()
            b = bytes(int(h, 16) for h in hexes)
            if len(b) < 6 or b[0] != 0x0C:
                return None
            plen = int.from_bytes(b[4:6], "big")
            return b[6:6 + plen]
    return None


def interop_s_client(v, tlsa, extra=()):
    """One openssl s_client run against the variant: DANE with the TLSA record found via DoH,
    the chain (-showcerts) and the handshake messages (-msg, for the DHE prime)."""
    host = v["mx"].rstrip(".")
    cmd = ["openssl", "s_client", "-starttls", "smtp", "-connect", v["ip"] + ":25", "-servername", host,
           "-showcerts", "-msg", "-dane_tlsa_domain", host] + NO_CA + list(extra)
    for t in tlsa:
        cmd += ["-dane_tlsa_rrdata", t]
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        return ""
    return r.stdout.decode(errors="replace")


def starttls_handshake(ip, host, ctx):
    """STARTTLS on ip:25 with python ssl; (version, suite) or the error text."""
    with socket.create_connection((ip, 25), timeout=5) as s:
        f = s.makefile("rb")
        f.readline()
        s.sendall(b"EHLO client.world.example\r\n")
        while True:
            line = f.readline()
            if len(line) < 4 or line[3:4] != b"-":
                break
        s.sendall(b"STARTTLS\r\n")
        if not f.readline().startswith(b"220"):
            return "no 220 to STARTTLS"
        try:
            with ctx.wrap_socket(s, server_hostname=host) as t:
                return (t.version(), t.cipher()[0])
        except (ssl.SSLError, OSError) as e:
            return str(e)


def client_ctx(version, ciphers=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    tv = ssl.TLSVersion.TLSv1_3 if version == "TLSv1.3" else ssl.TLSVersion.TLSv1_2
    ctx.minimum_version = ctx.maximum_version = tv
    if ciphers:
        ctx.set_ciphers(ciphers)
    return ctx


def s_client_groups(ip, host, groups):
    """TLS 1.2 with openssl s_client offering only `groups` (python ssl cannot offer X25519
    alone): (version, suite) or the tail of its output."""
    cmd = ["openssl", "s_client", "-starttls", "smtp", "-connect", ip + ":25", "-servername", host,
           "-tls1_2", "-groups", ":".join(groups)] + NO_CA
    try:
        out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=10).stdout.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return "timeout"
    m = re.search(r"New, (TLSv[\d.]+), Cipher is (\S+)", out)
    return (m.group(1), m.group(2)) if m else out[-200:]


def interop_refusals(v):
    """Handshakes the variant must refuse: [(what, result)]; a tuple result = it succeeded."""
    host = v["mx"].rstrip(".")
    out = []
    if v["version"] == "TLSv1.3":
        out.append(("refuses TLSv1.2", starttls_handshake(v["ip"], host, client_ctx("TLSv1.2", "ALL"))))
        return out
    out.append(("refuses TLSv1.3", starttls_handshake(v["ip"], host, client_ctx("TLSv1.3"))))
    out.append(("refuses every other TLS 1.2 suite",
                starttls_handshake(v["ip"], host, client_ctx("TLSv1.2", "ALL:!" + v["openssl_suite"]))))
    if v["group"] in ECDHE_GROUPS:
        others = [g for g in ECDHE_GROUPS if g != v["group"]]
        out.append(("refuses every other ECDHE group (%s)" % ":".join(others), s_client_groups(v["ip"], host, others)))
    return out


def interop_checks(variants, env):
    """The matrix: DNS through DoH, then every variant's TLS (probes run in parallel)."""
    ca = env["DANEEL_WORLD_DOH_CA"]
    zone = variants[0]["domain"].split(".", 1)[1]
    # the zone as a whole like a scenario (every endpoint and method, HTTP/2): the first variant's
    # RRsets, DNSKEY, DS and a denial
    v0 = variants[0]
    pseudo = {"name": "interop", "domain": zone, "signed": True, "absent": [
        {"owner": v0["mx"], "type": "AAAA", "ad": True}], "rrsets": [
        {"owner": v0["domain"], "type": "MX", "rdata": ["10 " + v0["mx"]], "broken": None},
        {"owner": v0["mx"], "type": "A", "rdata": [v0["ip"]], "broken": None},
        {"owner": "_25._tcp." + v0["mx"], "type": "TLSA", "rdata": [v0["tlsa"]], "broken": None}]}
    dns_checks(pseudo, [("https", DoH(env["DANEEL_WORLD_DOH_URL"], ca)), ("http", DoH(env["DANEEL_WORLD_DOH_HTTP_URL"])),
                        ("https", DoH(env["DANEEL_WORLD_DOH_URL"], ca)), ("http", DoH(env["DANEEL_WORLD_DOH_HTTP_URL"]))])
    http2_checks(pseudo, ca)

    # every variant's MX, A and TLSA: exactly the expected data, signed, validated (AD)
    doh = DoHKeepAlive(env["DANEEL_WORLD_DOH_URL"], ca)
    tlsa_of = {}
    for v in variants:
        tlsa = variant_dns_checks(doh, v, "interop %s" % v["id"])
        if tlsa is not None:
            tlsa_of[v["id"]] = tlsa

    primes = {g: ffdhe_prime(g) for g in sorted({v["group"] for v in variants if v["group"] in ("ffdhe2048", "ffdhe3072")})}
    with ThreadPoolExecutor(max_workers=6) as ex:
        probes = list(ex.map(lambda v: interop_s_client(v, tlsa_of.get(v["id"]) or [v["tlsa"]]), variants))
        refusals = list(ex.map(interop_refusals, variants))
    for v, out, refused in zip(variants, probes, refusals):
        tag = "interop %s %s" % (v["id"], v["ip"])
        m = re.search(r"New, (TLSv[\d.]+), Cipher is (\S+)", out)
        proto, suite = (m.group(1), m.group(2)) if m else (None, None)
        check(proto == v["version"], tag + " negotiates %s" % v["version"], proto or out[-300:])
        if v["openssl_suite"]:
            check(suite == v["openssl_suite"], tag + " negotiates %s" % v["openssl_suite"], suite)
        else:
            check(suite is not None and suite.startswith("TLS_"), tag + " negotiates a TLS 1.3 suite", suite)
        tk = re.search(r"Server Temp Key: (.*)", out)
        tk = tk.group(1).strip() if tk else None
        if v["version"] == "TLSv1.2":
            want = TEMP_KEY.get(v["group"])   # static RSA: no temporary key
            check(tk == want, tag + " server temp key %s" % want, tk)
        if v["group"] in primes:
            check(ske_dh_prime(out) == primes[v["group"]], tag + " DHE prime is RFC 7919 %s" % v["group"],
                  "ServerKeyExchange p differs")
        want_chain = W.pem_to_ders(open(v["chain"]).read())
        check(W.pem_to_ders(out) == want_chain, tag + " serves its %s certificate" % v["cert"])
        check("Verify return code: 0 (ok)" in out and re.search(r"DANE TLSA 3 1 1 \S+ matched EE certificate at depth 0", out),
              tag + " DANE-EE 3 1 1 verifies", re.findall(r"Verif.*|DANE.*", out))
        for what, res in refused:
            check(not isinstance(res, tuple), tag + " " + what, res)



# ---------------------------------------------------------------- weak TLS variants

def variant_dns_checks(doh, v, tag):
    """A TLS variant's (interop or weak) MX, A and TLSA through DoH: exactly the expected data,
    signed and validated (AD). Returns the TLSA answer as read (None when it was not)."""
    tlsa = None
    for owner, rtype, want in ((v["domain"], "MX", ["10 " + v["mx"]]), (v["mx"], "A", [v["ip"]]),
                               ("_25._tcp." + v["mx"], "TLSA", [v["tlsa"]])):
        what = "%s DoH %s %s" % (tag, owner, rtype)
        try:
            r = doh.query(owner, rtype)
        except Exception as e:  # noqa: BLE001
            check(False, what, e)
            continue
        got = sorted(rr.text for rr in rrset(r, "answer", owner, rtype))
        check(r.rcode == "NOERROR" and got == sorted(W.canon_rdata(rtype, x) for x in want), what + " data", r)
        check(sigs(r, "answer", owner, rtype) and r.ad, what + " signed and validated (RRSIG, AD)", r)
        if rtype == "TLSA":
            tlsa = got
    return tlsa


def weak_checks(variants, env):
    """The weak variants (weak.toml): MX, A and TLSA through DoH (signed, validated), the
    served chain, and what each claims to serve (`serves`, W.serves_claim: s_client by address)."""
    doh = DoHKeepAlive(env["DANEEL_WORLD_DOH_URL"], env["DANEEL_WORLD_DOH_CA"])
    for v in variants:
        variant_dns_checks(doh, v, "weak %s %s" % (v["id"], v["ip"]))
    jobs = [(v, c) for v in variants for c in v["serves"]]
    with ThreadPoolExecutor(max_workers=6) as ex:
        # security level 0: the client must not refuse an RSA-1024 key or a SHA-1 signature
        chains = list(ex.map(lambda v: interop_s_client(v, [v["tlsa"]], ["-cipher", "ALL:@SECLEVEL=0"]), variants))
        claims = list(ex.map(lambda j: W.serves_claim(j[0]["ip"], j[0]["mx"].rstrip("."), j[1]), jobs))
    for v, out in zip(variants, chains):
        tag = "weak %s %s" % (v["id"], v["ip"])
        check(W.pem_to_ders(out) == W.pem_to_ders(open(v["chain"]).read()), tag + " serves its chain")
        check(re.search(r"DANE TLSA 3 1 1 \S+ matched EE certificate at depth 0", out), tag + " DANE-EE 3 1 1 verifies",
              re.findall(r"Verif.*|DANE.*", out))
    for (v, claim), (ok, got) in zip(jobs, claims):
        check(ok, "weak %s %s serves %s" % (v["id"], v["ip"], claim), got)


# ---------------------------------------------------------------- main

def main():
    t0 = time.time()
    state = W.STATE
    try:
        with open(os.path.join(state, "world.json")) as f:
            world = json.load(f)
    except OSError as e:
        print("world not generated (%s): run tests/world/up first" % e)
        print("0 passed, 1 failed")
        return 1
    r = subprocess.run([sys.executable, os.path.join(HERE, "ctl.py"), "wait", "3"], capture_output=True, text=True)
    if r.returncode != 0:
        print("world not up, no listener on: %s" % r.stdout.strip())
        print("0 passed, 1 failed")
        return 1
    env = world["env"]
    ca = env["DANEEL_WORLD_DOH_CA"]
    https = ("https", DoH(env["DANEEL_WORLD_DOH_URL"], ca))
    http = ("http", DoH(env["DANEEL_WORLD_DOH_HTTP_URL"]))
    # unbound's own DoH endpoint speaks HTTP/2 only: covered by kdig in http2_checks
    # the trust anchor file is the root DS, in presentation format
    ta = open(env["DANEEL_WORLD_TRUST_ANCHOR"]).read().split()
    check(ta[0] == "." and "DS" in ta, "trust anchor file holds the root DS", ta)
    root_ds = https[1].query(".", "DNSKEY", cd=False, method="POST")
    check(root_ds.rcode == "NOERROR" and root_ds.ad, "root DNSKEY validates (AD) via DoH", root_ds)
    scens = [s for s in world["scenarios"] if not ONLY or s["name"] in ONLY]
    for sc in scens:
        dns_checks(sc, [https, http, https, http])
        http2_checks(sc, ca)
        smtp_checks(sc, https[1])
    t1 = time.time()
    # the matrix: all of it, or "interop", or some variant ids
    variants = [v for v in world.get("interop", []) if not ONLY or "interop" in ONLY or v["id"] in ONLY]
    if variants:
        interop_checks(variants, env)
    t2 = time.time()
    weak = [v for v in world.get("weak", []) if not ONLY or "weak" in ONLY or v["id"] in ONLY]
    if weak:
        weak_checks(weak, env)
    print("world test: %d scenarios in %.1f s, %d interop variants in %.1f s, %d weak variants in %.1f s"
          % (len(scens), t1 - t0, len(variants), t2 - t1, len(weak), time.time() - t2))
    print("%d passed, %d failed" % (PASSED, len(FAILED)))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
