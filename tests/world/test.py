#!/usr/bin/python3
"""World test: every scenario through DoH (HTTPS + plain HTTP, GET + POST, HTTP/1.1 via urllib,
HTTP/2 via kdig) with DO+CD and without CD, and every SMTP server over STARTTLS.

Expects a running world (tests/world/up). Prints one line per failure (and per check with -v),
then a final line "N passed, M failed"; exit status 1 if anything failed.
Standard library only, plus kdig and openssl. Never uses the system resolver.
"""

import base64
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import time
import urllib.request

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
    cmd = ["openssl", "s_client", "-starttls", "smtp", "-connect", addr] + sni + [
           "-showcerts", "-" + version.replace("TLSv1.", "tls1_")]
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
    print("world test: %d scenarios in %.1f s" % (len(scens), time.time() - t0))
    print("%d passed, %d failed" % (PASSED, len(FAILED)))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
