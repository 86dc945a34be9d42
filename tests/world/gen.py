#!/usr/bin/python3
"""Generate the daneel test world from scenarios.toml, interop.toml and weak.toml into $DANEEL_WORLD_DIR.

Creates (reusing keys and certificates already there): DNSSEC keys, certificates, signed
zones for the fake root, the TLD "example.", one zone per scenario and the zone of the TLS
interoperability matrix (interop.example.) and of the weak TLS variants (weak.example.), and the configuration of NSD x3, unbound, dnsdist
and Postfix, plus world.json / world.env for the tests and clients. Starts nothing:
tests/world/up does that.

  gen.py            generate
  gen.py --table    the scenario table of docs/TEST_WORLD.md
  gen.py --interop  the interop matrix's variants: id, address, version, suite, group

Standard library only; external tools: ldns-keygen, ldns-signzone, openssl.
"""

import base64
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import worldlib as W  # noqa: E402

STATE = W.STATE
TLD = W.TLD
VALIDITY = 14 * 86400          # RRSIG validity from now; `up` regenerates after 7 days
TTL = 300

ALGS = {  # name -> (number, ldns-keygen name, key bits or None)
    "ECDSAP256SHA256": (13, "ECDSAP256SHA256", None),
    "RSASHA256": (8, "RSASHA256", 2048),
    "RSASHA1": (5, "RSASHA1", 2048),
    "ED25519": (15, "ED25519", None),
    "ED448": (16, "ED448", None),     # signed, but daneel does not implement it: insecure
}


def sh(cmd, cwd=None, inp=None):
    r = subprocess.run(cmd, cwd=cwd, input=inp, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise SystemExit("gen: command failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def write(path, text, mode=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode)


def fqdn(name, origin):
    if name == "@":
        return origin
    if name.endswith("."):
        return name.lower()
    return (name + "." + origin).lower()


# ---------------------------------------------------------------- DNSSEC keys

def zone_keys(zone, alg, rogue=False):
    """KSK + ZSK (and optionally a rogue key not published in the zone) for zone, reused."""
    num, kname, bits = ALGS[alg]
    d = os.path.join(STATE, "keys", (zone.rstrip(".") or "root"), alg)
    os.makedirs(d, exist_ok=True)
    out = {}
    for role in (["ksk", "zsk"] + (["rogue"] if rogue else [])):
        ref = os.path.join(d, role)
        if os.path.exists(ref):
            out[role] = os.path.join(d, open(ref).read().strip())
            continue
        cmd = ["ldns-keygen", "-a", kname]
        if bits:
            cmd += ["-b", str(bits)]
        if role in ("ksk", "rogue"):   # the rogue key is a KSK too, so it has a .ds file
            cmd += ["-k"]
        cmd += [zone]
        base = sh(cmd, cwd=d).strip()
        write(ref, base + "\n")
        out[role] = os.path.join(d, base)
    return out


def ds_of(keys):
    """The DS (SHA-256) line of the KSK, as 'owner IN DS ...'."""
    return open(keys["ksk"] + ".ds").read().strip()


# ---------------------------------------------------------------- certificates

CA_CNF = """
[ ca ]
default_ca = world
[ world ]
dir = {dir}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
commonName = supplied
"""


class Certs:
    def __init__(self):
        self.dir = os.path.join(STATE, "certs")
        os.makedirs(os.path.join(self.dir, "db", "newcerts"), exist_ok=True)
        idx = os.path.join(self.dir, "db", "index.txt")
        if not os.path.exists(idx):
            write(idx, "")
        write(os.path.join(self.dir, "db", "ca.cnf"), CA_CNF.replace("{dir}", os.path.join(self.dir, "db")))

    def path(self, name, ext):
        return os.path.join(self.dir, name + "." + ext)

    def key(self, name, kind="ec"):
        """The private key `name`, generated once and kept. kind: "ec" (P-256), "ec:CURVE"
        (an OpenSSL curve name: P-256, P-384, ...), "rsa" (2048 bits) or "rsa:BITS". Written to
        a temporary file first, so an interrupted (slow, RSA-4096) generation leaves no key."""
        p = self.path(name, "key")
        if not os.path.exists(p):
            alg, _, param = kind.partition(":")
            if alg == "rsa":
                opt = "rsa_keygen_bits:" + (param or "2048")
            elif alg == "ec":
                opt = "ec_paramgen_curve:" + (param or "P-256")
            else:
                raise SystemExit("gen: key %s: unknown kind %r" % (name, kind))
            tmp = "%s.%d.tmp" % (p, os.getpid())
            sh(["openssl", "genpkey", "-algorithm", alg.upper(), "-pkeyopt", opt, "-out", tmp])
            os.replace(tmp, p)
        return p

    def _ext(self, name, text):
        p = self.path(name, "ext")
        write(p, text)
        return p

    def ca(self, name, cn, extensions=()):
        key = self.key(name)
        crt = self.path(name, "crt")
        if not os.path.exists(crt):
            cmd = ["openssl", "req", "-x509", "-new", "-key", key, "-subj", "/CN=" + cn, "-days", "3650",
                   "-addext", "basicConstraints=critical,CA:true",
                   "-addext", "keyUsage=critical,keyCertSign,cRLSign"]
            for ext in extensions:
                cmd += ["-addext", ext]
            sh(cmd + ["-out", crt])
        return crt

    def leaf(self, name, cn, sans, issuer=None, kind="ec", expired=False, spec="", md=None):
        """A leaf certificate; issuer None = self-signed; md: the signature's hash (default
        the CA configuration's sha256). Regenerated when spec changes."""
        crt = self.path(name, "crt")
        specp = self.path(name, "spec")
        spec = "%s|%s|%s|%s|%s|%s" % (cn, ",".join(sans), issuer, kind, expired, spec) + ("|" + md if md else "")
        if os.path.exists(crt) and os.path.exists(specp) and open(specp).read() == spec:
            return crt
        key = self.key(name, kind)
        san = ",".join(("IP:" + s[3:]) if s.startswith("IP:") else ("DNS:" + s.rstrip(".")) for s in sans)
        ext = self._ext(name, "basicConstraints=critical,CA:false\n"
                              "keyUsage=critical,digitalSignature,keyEncipherment\n"
                              "extendedKeyUsage=serverAuth\n"
                              "subjectAltName=" + san + "\n")
        csr = self.path(name, "csr")
        sh(["openssl", "req", "-new", "-key", key, "-subj", "/CN=" + cn.rstrip("."), "-out", csr])
        if expired:
            start, end = "20200101000000Z", "20210101000000Z"
        else:
            t0 = time.gmtime(time.time() - 86400)
            t1 = time.gmtime(time.time() + 365 * 86400)
            start, end = time.strftime("%Y%m%d%H%M%SZ", t0), time.strftime("%Y%m%d%H%M%SZ", t1)
        cmd = ["openssl", "ca", "-batch", "-notext", "-config", os.path.join(self.dir, "db", "ca.cnf"),
               "-rand_serial", "-startdate", start, "-enddate", end, "-extfile", ext,
               "-in", csr, "-out", crt]
        if md:
            cmd += ["-md", md]
        if issuer:
            cmd += ["-cert", self.path(issuer, "crt"), "-keyfile", self.path(issuer, "key")]
        else:
            cmd += ["-selfsign", "-keyfile", key]
        sh(cmd)
        write(specp, spec)
        return crt


def der_of(crt):
    return W.pem_to_ders(open(crt).read())[0]


# ---------------------------------------------------------------- zones

def record_tokens(line):
    """One scenario record line -> its tokens. As in a zone file, ";" starts a comment
    and whitespace separates tokens, except inside a "quoted string" (TXT rdata such as
    "v=STSv1; id=1"), which stays one token, quotes and backslash escapes included."""
    tokens, cur, quoted, i = [], "", False, 0
    while i < len(line):
        c = line[i]
        if quoted:
            cur += c
            if c == "\\" and i + 1 < len(line):
                cur += line[i + 1]
                i += 1
            elif c == '"':
                quoted = False
        elif c == ";":
            break
        elif c in " \t":
            if cur:
                tokens.append(cur)
            cur = ""
        else:
            cur += c
            quoted = c == '"'
        i += 1
    if quoted:
        raise SystemExit("gen: unterminated quoted string in record line: %s" % line)
    if cur:
        tokens.append(cur)
    return tokens


def parse_records(text, origin):
    """Scenario records -> list of (owner, type, rdata) with absolute names."""
    out = []
    for line in text.splitlines():
        parts = record_tokens(line)
        if not parts:
            continue
        if len(parts) < 3:
            raise SystemExit("gen: record line needs OWNER TYPE RDATA: %s" % line)
        owner, rtype, rdata = parts[0], parts[1].upper(), parts[2:]
        owner = fqdn(owner, origin)
        if rtype == "MX":
            rdata = [rdata[0], fqdn(rdata[1], origin) if rdata[1] != "." else "."]
        elif rtype in ("CNAME", "NS"):
            rdata = [fqdn(rdata[0], origin)]
        out.append((owner, rtype, " ".join(rdata)))
    return out


def zone_text(origin, ns_name, records, serial):
    lines = ["$TTL %d" % TTL,
             "%s %d IN SOA %s hostmaster.%s %d 3600 600 86400 %d" % (origin, TTL, ns_name, origin.lstrip("."), serial, TTL),
             "%s %d IN NS %s" % (origin, TTL, ns_name)]
    for owner, rtype, rdata in records:
        lines.append("%s %d IN %s %s" % (owner, TTL, rtype, rdata))
    return "\n".join(lines) + "\n"


def signzone(zone, unsigned, out, keys, inception, expiration, nsec3=None):
    cmd = ["ldns-signzone", "-o", zone, "-i", str(inception), "-e", str(expiration), "-f", out]
    if nsec3 is not None:
        cmd += ["-n", "-t", str(nsec3)]
    cmd += [unsigned] + keys
    sh(cmd)
    return open(out).read()


def rrsig_lines(text, owner, rtype, keytag=None):
    out = []
    for i, line in enumerate(text.splitlines()):
        f = line.split()
        if len(f) > 12 and f[3] == "RRSIG" and f[0].lower() == owner and f[4] == rtype:
            if keytag is None or int(f[10]) == keytag:
                out.append((i, line))
    return out


def keytag_of(keybase):
    return int(os.path.basename(keybase).split("+")[-1])


def corrupt(line):
    f = line.split("\t") if "\t" in line else line.split()
    sig = f[-1].split()
    s = sig[-1]
    pos = len(s) // 3
    c = "B" if s[pos] == "A" else "A"
    sig[-1] = s[:pos] + c + s[pos + 1:]
    f[-1] = " ".join(sig)
    return ("\t" if "\t" in line else " ").join(f)


def sign_with_breaks(zone, unsigned, signed_path, keys, alg, nsec3, breaks, now):
    text = signzone(zone, unsigned, signed_path, [keys["zsk"], keys["ksk"]], now - 3600, now + VALIDITY, nsec3)
    if not breaks:
        return text
    lines = text.splitlines()
    for owner, rtype, how in breaks:
        found = rrsig_lines(text, owner, rtype)
        if not found:
            raise SystemExit("gen: break %s %s: no RRSIG found in %s" % (owner, rtype, zone))
        if how == "corrupt":
            for i, line in found:
                lines[i] = corrupt(line)
        elif how in ("expired", "wrongkey"):
            tmp = signed_path + "." + how
            if how == "expired":
                alt = signzone(zone, unsigned, tmp, [keys["zsk"], keys["ksk"]],
                               now - 60 * 86400, now - 30 * 86400, nsec3)
                repl = rrsig_lines(alt, owner, rtype, keytag_of(keys["zsk"]))
            else:
                alt = signzone(zone, unsigned, tmp, [keys["rogue"]], now - 3600, now + VALIDITY, nsec3)
                repl = rrsig_lines(alt, owner, rtype, keytag_of(keys["rogue"]))
            os.unlink(tmp)
            if not repl:
                raise SystemExit("gen: break %s %s %s: no replacement RRSIG" % (owner, rtype, how))
            for n, (i, _) in enumerate(found):
                lines[i] = repl[0][1] if n == 0 else ""
        else:
            raise SystemExit("gen: unknown break kind %r" % how)
    text = "\n".join(l for l in lines if l) + "\n"
    write(signed_path, text)
    return text


def keytrap_tag(keys):
    """A key tag no real key of the zone has, for the colliding fake keys."""
    used = {keytag_of(k) for k in keys.values()}
    tag = 4242
    while tag in used:
        tag += 1
    return tag


def keytrap_dnskeys(origin, count, tag):
    """`count` fake zone keys (Ed25519, valid points) sharing key tag `tag`: published in the
    DNSKEY RRset (signed by the KSK like every other key), usable by nobody."""
    rng = random.Random("keytrap:" + origin)
    return [(origin, "DNSKEY", "256 3 15 " + base64.b64encode(k).decode())
            for k in W.colliding_ed25519_keys(count, tag, 256, rng)]


def keytrap_rrsigs(text, signed_path, owner, rtype, count, tag):
    """Replaces the RRSIGs of (owner, rtype) by `count` RRSIGs naming key tag `tag` (every
    fake key) with random signature bytes: a validator that tried every RRSIG with every
    key would do count x keys verifications and find none valid."""
    found = rrsig_lines(text, owner, rtype)
    if not found:
        raise SystemExit("gen: keytrap %s %s: no RRSIG found" % (owner, rtype))
    lines = text.splitlines()
    f = found[0][1].split()
    rng = random.Random("keytrap-sig:" + owner + rtype)
    fake = []
    for _ in range(count):
        sig = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(64))).decode()
        fake.append(" ".join(f[:10] + [str(tag)] + [f[11], sig]))
    for n, (i, _) in enumerate(found):
        lines[i] = "\n".join(fake) if n == 0 else ""
    text = "\n".join(l for l in lines if l) + "\n"
    write(signed_path, text)
    return text


# ---------------------------------------------------------------- template expansion

TPL = re.compile(r"\{(ip|tlsa|digest):([^}]*)\}")


def expand(text, scen, certders, ips):
    def repl(m):
        kind, arg = m.group(1), m.group(2)
        if kind == "ip":
            return ips[arg]
        if kind == "tlsa":
            ref, params = arg.split(":")
            u, s, mt = (int(x) for x in params.split())
            data = W.tlsa_data(certders[ref], s, mt)
            if data is None:
                raise SystemExit("gen: %s: cannot compute %s, use {digest:...}" % (scen, m.group(0)))
            return "%d %d %d %s" % (u, s, mt, data.hex().upper())
        ref, sel, match = arg.split(":")
        data = W.tlsa_data(certders[ref], {"cert": 0, "spki": 1}[sel], {"full": 0, "sha256": 1, "sha512": 2}[match])
        return data.hex().upper()
    return TPL.sub(repl, text)


# ---------------------------------------------------------------- configs

# The expectation vocabulary of the check engine (docs/TEST_WORLD.md, docs/CHECK.md).
SUBTEST_STATUSES = {"passed", "failed", "warning", "info", "not_tested", "error"}
SUMMARY_VALUES = {
    "dane": {"pass", "partial", "fail", "none", "bogus", "no_mail", "error"},
    "dnssec": {"secure", "insecure", "bogus", "indeterminate"},
    "starttls": {"all", "some", "none", "not_tested"},
    "tls_ncsc": {"meets", "phase_out", "insufficient", "not_tested", "not_graded"},
}


def checked_expect(name, expect):
    """The scenario's `expect` table, carried into world.json unchanged once its
    `subtests` (subtest name -> status) and `summary` use the vocabulary."""
    for subtest, status in expect.get("subtests", {}).items():
        if status not in SUBTEST_STATUSES:
            raise SystemExit("gen: %s: expect.subtests.%s = %r is not one of %s"
                             % (name, subtest, status, sorted(SUBTEST_STATUSES)))
    for key, value in expect.get("summary", {}).items():
        if key not in SUMMARY_VALUES or value not in SUMMARY_VALUES[key]:
            raise SystemExit("gen: %s: expect.summary.%s = %r is not valid" % (name, key, value))
    return expect


def nsd_conf(role, zones):
    d = os.path.join(STATE, "nsd", role)
    os.makedirs(os.path.join(d, "xfr"), exist_ok=True)
    text = """server:
    ip-address: {ip}
    port: 53
    do-ip6: no
    database: ""
    zonelistfile: "{d}/zone.list"
    xfrdfile: "{d}/xfrd.state"
    xfrdir: "{d}/xfr"
    pidfile: "{run}/nsd-{role}.pid"
    logfile: "{logs}/nsd-{role}.log"
    username: ""
    chroot: ""
    zonesdir: "{zones}"
    server-count: 1
    reuseport: no
    verbosity: 1
    hide-version: yes
remote-control:
    control-enable: no
""".format(ip=W.ADDR[role], d=d, role=role, run=os.path.join(STATE, "run"),
           logs=os.path.join(STATE, "logs"), zones=os.path.join(STATE, "zones"))
    for z in zones:
        text += "zone:\n    name: \"%s\"\n    zonefile: \"%s.signed\"\n" % (z, z.rstrip(".") or "root")
    write(os.path.join(d, "nsd.conf"), text)


def unbound_conf():
    d = os.path.join(STATE, "unbound")
    write(os.path.join(d, "root.hints"), ". 3600000 NS ns.root.\nns.root. 3600000 A %s\n" % W.ADDR["root"])
    text = """server:
    interface: {res}@53
    interface: {udoh}@443
    https-port: 443
    tls-service-key: "{certs}/doh-server.key"
    tls-service-pem: "{certs}/doh-server.crt"
    http-endpoint: "{path}"
    http-notls-downstream: no
    do-ip6: no
    do-ip4: yes
    do-udp: yes
    do-tcp: yes
    access-control: 127.0.0.0/8 allow
    outgoing-interface: {res}
    do-not-query-localhost: no
    chroot: ""
    username: ""
    directory: "{d}"
    pidfile: "{run}/unbound.pid"
    logfile: "{logs}/unbound.log"
    use-syslog: no
    verbosity: 1
    val-log-level: 2
    log-servfail: yes
    num-threads: 1
    so-reuseport: no
    root-hints: "{d}/root.hints"
    trust-anchor-file: "{state}/trust-anchor.ds"
    module-config: "validator iterator"
    qname-minimisation: no
    minimal-responses: no
    harden-dnssec-stripped: yes
    prefetch: no
    cache-max-ttl: 300
    cache-max-negative-ttl: 60
    infra-host-ttl: 60
    val-bogus-ttl: 5
    serve-expired: no
    hide-identity: yes
    hide-version: yes
remote-control:
    control-enable: no
""".format(res=W.ADDR["resolver"], udoh=W.ADDR["udoh"], certs=os.path.join(STATE, "certs"),
           path=W.DOH_PATH, d=d, run=os.path.join(STATE, "run"), logs=os.path.join(STATE, "logs"),
           state=STATE)
    write(os.path.join(d, "unbound.conf"), text)


def dnsdist_conf():
    c = os.path.join(STATE, "certs")
    text = """-- generated by tests/world/gen.py
setSecurityPollSuffix('')
setACL({{'127.0.0.0/8'}})
setLocal('{doh}:53')
newServer({{address='{res}:53', name='unbound', checkName='example.', checkType='SOA', mustResolve=false}})
addDOHLocal('{doh}:443', '{c}/doh-server.crt', '{c}/doh-server.key', '{path}')
addDOHLocal('{doh}:80', nil, nil, '{path}')
""".format(doh=W.ADDR["doh"], res=W.ADDR["resolver"], c=c, path=W.DOH_PATH)
    write(os.path.join(STATE, "dnsdist", "dnsdist.conf"), text)


POSTFIX_SERVICES = """
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


def postfix_conf(smtp_servers):
    d = os.path.join(STATE, "postfix")
    for sub in ("etc", "queue", "data"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    shutil.chown(os.path.join(d, "data"), "postfix", "postfix")
    ips = sorted({s["ip"] for s in smtp_servers})
    has6 = any(":" in ip for ip in ips)
    main = """# generated by tests/world/gen.py
compatibility_level = 3.6
queue_directory = {d}/queue
data_directory = {d}/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.world.example
mydomain = world.example
myorigin = $myhostname
mydestination =
relay_domains =
mynetworks =
inet_interfaces = loopback-only
inet_protocols = {proto}
smtp_address_preference = ipv4
alias_maps =
alias_database =
local_recipient_maps =
default_transport = error
smtpd_peername_lookup = no
smtpd_banner = $myhostname ESMTP daneel-world
smtpd_relay_restrictions = reject
smtpd_recipient_restrictions = reject
smtpd_tls_security_level = may
smtpd_tls_protocols = >=TLSv1.2
smtpd_tls_loglevel = 0
smtpd_tls_session_cache_database =
tls_random_source = dev:/dev/urandom
smtp_dns_support_level = disabled
maillog_file = {logs}/postfix.log
maillog_file_prefixes = {logs}
biff = no
""".format(d=d, logs=os.path.join(STATE, "logs"), proto="all" if has6 else "ipv4")
    master = "# generated by tests/world/gen.py\n"
    for s in smtp_servers:
        addr = ("[%s]" % s["ip"]) if ":" in s["ip"] else s["ip"]
        line = "%s:%d inet n - n - - smtpd\n  -o syslog_name=postfix/%s\n  -o myhostname=%s\n" % (
            addr, s.get("port", 25), s["id"], s["host"].rstrip("."))
        if s["smtp"] == "plain":
            line += "  -o smtpd_tls_security_level=none\n"
        else:
            line += "  -o smtpd_tls_chain_files=%s\n" % s["chain"]
        if s.get("sni"):
            # texthash: read when smtpd opens the table (before it drops privileges);
            # the value names a PEM file with the key, then the chain.
            sni_map = os.path.join(d, "etc", "sni-%s" % s["id"])
            write(sni_map, "%s %s\n" % (s["sni"]["name"], s["sni"]["chain"]))
            line += "  -o tls_server_sni_maps=texthash:%s\n" % sni_map
        if s["smtp"] == "reject554":
            line += "  -o smtpd_delay_reject=no\n  -o smtpd_client_restrictions=reject\n"
        for name, value in s.get("tls", []):
            line += "  -o %s=%s\n" % (name, value)
        master += line
    master += POSTFIX_SERVICES
    write(os.path.join(d, "etc", "main.cf"), main)
    write(os.path.join(d, "etc", "master.cf"), master)


# ---------------------------------------------------------------- TLS interoperability matrix

INTEROP_KEYS = ("id", "domain", "mx", "ip", "cert", "version", "kx", "cipher", "group",
                "openssl_suite", "iana_suite", "tlsa", "chain")   # world.json "interop" objects


def load_interop():
    with open(os.path.join(HERE, "interop.toml"), "rb") as f:
        return tomllib.load(f)


def openssl_suites(names):
    """OpenSSL suite name -> (IANA name, "Kx=.. Au=.. Enc=.. Mac=.." of `openssl ciphers -V`)."""
    out = sh(["openssl", "ciphers", "-stdname", "-V", ":".join(names)])
    info = {}
    for line in out.splitlines():
        f = line.split()   # 0xC0,0x30 - IANA_NAME - OPENSSL-NAME TLSv1.2 Kx=.. Au=.. Enc=.. Mac=..
        if len(f) >= 9 and f[1] == "-" and f[3] == "-":
            info[f[4]] = (f[2], " ".join(f[6:]))
    return info


def interop_variants(spec):
    """interop.toml crossed into its variants, in address order. Each variant: the world.json
    keys that do not need the certificates (tlsa and chain are filled in later) plus, under
    "_", what the server needs (certificate kind's key, OpenSSL curve or DH group)."""
    zone = spec["zone"].lower()
    certs, ciphers, kxs, groups = spec["cert"], spec["cipher"], spec["kx"], spec["group"]
    auth = {name: c["key"].partition(":")[0] for name, c in certs.items()}
    suites = [s for kx in kxs.values() for s in kx["suites"].values()]
    known = openssl_suites(suites)
    rows = []   # (id, cert, version, kx, cipher, group, suite)
    for cert in certs:
        for kxname, kx in kxs.items():
            if kx["auth"] != auth[cert]:
                continue
            for cipher, suite in kx["suites"].items():
                if cipher not in ciphers:
                    raise SystemExit("gen: interop: kx %s: unknown cipher form %s" % (kxname, cipher))
                if suite not in known:
                    raise SystemExit("gen: interop: OpenSSL does not know the suite %s" % suite)
                for want in (kx["openssl"] + " " + ciphers[cipher]["openssl"]).split():
                    if want not in known[suite][1].split():
                        raise SystemExit("gen: interop: %s is not %s: openssl says %s"
                                         % (suite, want, known[suite][1]))
                fam = [g for g, gv in groups.items() if gv["family"] == kx["groups"]]
                if not fam and kx["groups"] != "none":
                    raise SystemExit("gen: interop: kx %s: no group of family %s" % (kxname, kx["groups"]))
                for group in fam or [None]:
                    vid = "-".join([cert, kx["short"], ciphers[cipher]["short"]]
                                   + ([groups[group]["short"]] if group else []))
                    rows.append((vid, cert, "TLSv1.2", kxname, cipher, group, suite))
    for cert in spec["tls13"]["certs"]:
        if cert not in certs:
            raise SystemExit("gen: interop: tls13: unknown certificate kind %s" % cert)
        rows.append((cert + "-tls13", cert, "TLSv1.3", "TLS1.3", None, None, None))

    first = [int(x) for x in spec["first_ip"].split(".")]
    last = [int(x) for x in spec["last_ip"].split(".")]
    if first[:3] != last[:3] or len(rows) > last[3] - first[3] + 1:
        raise SystemExit("gen: interop: %d variants do not fit in %s-%s" % (len(rows), spec["first_ip"], spec["last_ip"]))
    out, seen = [], set()
    for n, (vid, cert, version, kx, cipher, group, suite) in enumerate(rows):
        if vid in seen or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", vid):
            raise SystemExit("gen: interop: bad or duplicate variant id %r" % vid)
        seen.add(vid)
        domain = "%s.%s" % (vid, zone)
        out.append({
            "id": vid, "domain": domain, "mx": "mx." + domain,
            "ip": ".".join(str(x) for x in first[:3] + [first[3] + n]),
            "cert": cert, "version": version, "kx": kx, "cipher": cipher, "group": group,
            "openssl_suite": suite, "iana_suite": known[suite][0] if suite else None,
            "tlsa": None, "chain": None,
            "_": {"key": certs[cert]["key"], "curve": groups[group].get("curve") if group else None,
                  "dh": groups[group].get("dh") if group else None},
        })
    return zone, out


def interop_tls_options(v, dhfile):
    """master.cf -o overrides that make one smtpd speak exactly the variant's version, suite and
    group (Postfix 3.7, OpenSSL 3.0)."""
    if v["version"] == "TLSv1.3":
        # TLS 1.3 only; suites and groups: OpenSSL's and Postfix's defaults.
        return [("smtpd_tls_protocols", ">=TLSv1.3"), ("smtpd_tls_mandatory_protocols", ">=TLSv1.3")]
    opts = [("smtpd_tls_protocols", ">=TLSv1.2,<=TLSv1.2"),
            ("smtpd_tls_mandatory_protocols", ">=TLSv1.2,<=TLSv1.2"),
            # the "high" grade is tls_high_cipherlist, which is exactly the one suite
            ("smtpd_tls_ciphers", "high"), ("smtpd_tls_mandatory_ciphers", "high"),
            ("tls_high_cipherlist", v["openssl_suite"]),
            # the server's order decides (suite and, in TLS 1.2, the ECDHE curve)
            ("tls_preempt_cipherlist", "yes")]
    if v["_"]["curve"]:
        # exactly one curve, also where it is not the certificate's (p384-ecdhe-*-p256,
        # p256-ecdhe-*-x25519, ...): an OpenSSL 3.0 server checks its ECDSA certificate's curve
        # against the client's supported groups only, not its own list, so no second curve is
        # needed (checked: each of these negotiates its group and refuses every other one)
        opts.append(("tls_eecdh_auto_curves", v["_"]["curve"]))
    if v["_"]["dh"]:
        # TLS 1.2 DHE: the group is the server's DH parameters (Postfix 3.7 has no FFDHE
        # negotiation); the file holds the RFC 7919 group's p and g
        opts.append(("smtpd_tls_dh1024_param_file", dhfile[v["_"]["dh"]]))
    return opts


# ---------------------------------------------------------------- weak TLS variants

WEAK_KEYS = ("id", "about", "domain", "mx", "ip", "key", "sign", "protocols", "ciphers", "preempt", "dh",
             "ssl_options", "serves", "expect", "daneel", "daneel_why", "ssl3", "scripted", "backend", "tlsa",
             "chain", "cert")   # world.json "weak" objects
# The grading subtests every weak variant states its expected status for (issue 18).
WEAK_SUBTESTS = ("tls_version", "tls_ciphers", "tls_cipher_order", "fs_params", "kex_hash_func",
                 "tls_compression", "renegotiation_secure", "extended_master_secret", "cert_pubkey",
                 "cert_signature", "renegotiation_client")
WEAK_PROTOS = {"tls1", "tls1_1", "tls1_2", "tls1_3"}
WEAK_DH = {"ffdhe2048", "custom1024"}
WEAK_FIELDS = {"id", "about", "key", "sign", "protocols", "ciphers", "preempt", "dh", "ssl_options", "serves",
               "expect", "daneel", "daneel_why", "ssl3", "scripted"}
# A scripted variant (tests/world/scripted_tls.py): its versions by name, and the static RSA
# suites it may answer with (no key exchange message to script).
SCRIPTED_VERSIONS = {"ssl3": 0x0300, "tls1": 0x0301, "tls1_1": 0x0302, "tls1_2": 0x0303}
SCRIPTED_SUITES = {0x0004, 0x0005, 0x0009, 0x000A, 0x002F, 0x0035}
SCRIPTED_BACKEND_PORT = 2525   # the variant's real Postfix, on the variant's address
POSTFIX_VERSIONS = {"TLSv1": 0x0301, "TLSv1.1": 0x0302, "TLSv1.2": 0x0303, "TLSv1.3": 0x0304}


def postfix_versions(protocols):
    """The versions a Postfix smtpd_tls_protocols value ">=TLSv1.2,<=TLSv1.3" enables."""
    low, high = 0x0301, 0x0304
    for part in protocols.split(","):
        m = re.fullmatch(r"(>=|<=)(TLSv1(?:\.[123])?)", part.strip())
        if not m:
            raise SystemExit("gen: weak: protocols %r: only >=V and <=V are understood" % protocols)
        if m.group(1) == ">=":
            low = POSTFIX_VERSIONS[m.group(2)]
        else:
            high = POSTFIX_VERSIONS[m.group(2)]
    return [v for v in range(low, high + 1)]


def scripted_of(vid, spec, protocols):
    """weak.toml's `scripted` table, checked, as scripted_tls.py reads it (integers)."""
    if spec is None:
        return None
    if set(spec) != {"versions", "suites"}:
        raise SystemExit("gen: weak: %s: scripted needs exactly versions and suites" % vid)
    if not spec["versions"] or any(x not in SCRIPTED_VERSIONS for x in spec["versions"]):
        raise SystemExit("gen: weak: %s: scripted.versions must be some of %s" % (vid, sorted(SCRIPTED_VERSIONS)))
    suites = [int(x, 16) for x in spec["suites"]]
    if not suites or any(x not in SCRIPTED_SUITES for x in suites):
        raise SystemExit("gen: weak: %s: scripted.suites must be static RSA suites it knows" % vid)
    return {"versions": sorted(SCRIPTED_VERSIONS[x] for x in spec["versions"]), "suites": suites,
            "backend_versions": postfix_versions(protocols)}


def load_weak():
    with open(os.path.join(HERE, "weak.toml"), "rb") as f:
        return tomllib.load(f)


def weak_serves_ok(claim):
    """One `serves` entry of weak.toml is in its vocabulary."""
    kind, _, arg = claim.partition(":")
    if kind in ("proto", "no-proto"):
        return arg in WEAK_PROTOS
    if kind in ("cipher", "no-cipher", "cert-sig"):
        return bool(arg)
    if kind in ("dh", "key-bits"):
        return arg.isdigit()
    if kind == "hello":
        offer, _, want = arg.partition("=")
        return offer in SCRIPTED_VERSIONS and bool(re.fullmatch(r"alert|closed|(ssl3|tls1|tls1_1|tls1_2)/0x[0-9A-F]{4}", want))
    return claim in ("ems", "no-ems", "client-reneg", "no-client-reneg")


def weak_variants(spec):
    """weak.toml's variants in address order, checked; tlsa, chain and cert filled in later."""
    zone = spec["zone"].lower()
    first = [int(x) for x in spec["first_ip"].split(".")]
    last = [int(x) for x in spec["last_ip"].split(".")]
    rows = spec.get("variant", [])
    if first[:3] != last[:3] or len(rows) > last[3] - first[3] + 1:
        raise SystemExit("gen: weak: %d variants do not fit in %s-%s" % (len(rows), spec["first_ip"], spec["last_ip"]))
    out, seen = [], set()
    for n, v in enumerate(rows):
        vid = v.get("id", "")
        if vid in seen or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", vid):
            raise SystemExit("gen: weak: bad or duplicate variant id %r" % vid)
        seen.add(vid)
        unknown = set(v) - WEAK_FIELDS
        if unknown:
            raise SystemExit("gen: weak: %s: unknown fields %s" % (vid, sorted(unknown)))
        if v.get("sign", "self") not in ("self", "sha1-ca"):
            raise SystemExit("gen: weak: %s: sign must be self or sha1-ca" % vid)
        if v.get("dh") is not None and v["dh"] not in WEAK_DH:
            raise SystemExit("gen: weak: %s: dh must be one of %s" % (vid, sorted(WEAK_DH)))
        if not re.fullmatch(r"(rsa:\d+|ec:P-(256|384|521))", v.get("key", "")):
            raise SystemExit("gen: weak: %s: key must be rsa:BITS or ec:P-256/384/521" % vid)
        if v.get("ssl_options") is not None and not re.fullmatch(r"0x[0-9a-fA-F]+", v["ssl_options"]):
            raise SystemExit("gen: weak: %s: ssl_options must be a hex bit mask" % vid)
        for claim in v.get("serves", []):
            if not weak_serves_ok(claim):
                raise SystemExit("gen: weak: %s: serves %r is not in the vocabulary" % (vid, claim))
        expect = v.get("expect", {})
        if sorted(expect) != sorted(WEAK_SUBTESTS):
            raise SystemExit("gen: weak: %s: expect must name exactly %s" % (vid, ", ".join(WEAK_SUBTESTS)))
        for sub, status in expect.items():
            if status not in SUBTEST_STATUSES:
                raise SystemExit("gen: weak: %s: expect.%s = %r is not a status" % (vid, sub, status))
        daneel = v.get("daneel", {})
        for sub, status in daneel.items():
            if sub not in WEAK_SUBTESTS or status not in SUBTEST_STATUSES or status == expect[sub]:
                raise SystemExit("gen: weak: %s: daneel.%s = %r: a subtest, a status, not the expected one"
                                 % (vid, sub, status))
        if bool(daneel) != bool(v.get("daneel_why")):
            raise SystemExit("gen: weak: %s: daneel and daneel_why go together" % vid)
        if v.get("ssl3") not in (None, "accepted", "refused", "not_tested"):
            raise SystemExit("gen: weak: %s: ssl3 must be accepted, refused or not_tested" % vid)
        domain = "%s.%s" % (vid, zone)
        out.append({
            "id": vid, "about": v.get("about", ""), "domain": domain, "mx": "mx." + domain,
            "ip": ".".join(str(x) for x in first[:3] + [first[3] + n]),
            "key": v["key"], "sign": v.get("sign", "self"), "protocols": v["protocols"],
            "ciphers": v["ciphers"], "preempt": bool(v.get("preempt", False)), "dh": v.get("dh"),
            "ssl_options": v.get("ssl_options"), "serves": list(v.get("serves", [])), "expect": dict(expect),
            "daneel": dict(daneel), "daneel_why": v.get("daneel_why"), "ssl3": v.get("ssl3"),
            "scripted": scripted_of(vid, v.get("scripted"), v["protocols"]), "backend": None,
            "tlsa": None, "chain": None, "cert": None,
        })
    return zone, out


def weak_tls_options(v, dhfile):
    """master.cf -o overrides for one weak variant (Postfix 3.7, OpenSSL 3.0): the protocol
    range, the TLS 1.2-and-older suites as the "high" grade, whose order decides, and the DH
    prime and OpenSSL options it asks for."""
    opts = [("smtpd_tls_protocols", v["protocols"]), ("smtpd_tls_mandatory_protocols", v["protocols"]),
            ("smtpd_tls_ciphers", "high"), ("smtpd_tls_mandatory_ciphers", "high"),
            ("tls_high_cipherlist", v["ciphers"]),
            ("tls_preempt_cipherlist", "yes" if v["preempt"] else "no")]
    if v["dh"]:
        opts.append(("smtpd_tls_dh1024_param_file", dhfile[v["dh"]]))
    if v["ssl_options"]:
        opts.append(("tls_ssl_options", v["ssl_options"]))
    return opts


def weak_dh_file(certs, dh):
    """The DH parameter file of a weak variant: an RFC 7919 group, or a 1024-bit prime of our
    own (made once, kept with the keys)."""
    p = certs.path("weak-dh-" + dh, "pem")
    if not os.path.exists(p):
        tmp = "%s.%d.tmp" % (p, os.getpid())
        if dh == "custom1024":
            sh(["openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "dh_paramgen_prime_len:1024",
                "-out", tmp])
        else:
            sh(["openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:" + dh, "-out", tmp])
        os.replace(tmp, p)
    return p


def weak_servers(certs, zone, variants):
    """Certificates, DH files and SMTP servers of the weak variants; their zone's records; the
    scripted listeners (scripted_tls.py) in front of the scripted variants' Postfix."""
    weak_ca = None
    if any(v["sign"] == "sha1-ca" for v in variants):
        # an RSA CA (its own self-signature SHA-256) that issues with SHA-1 on request
        certs.key("weak-sha1-ca", "rsa:3072")
        weak_ca = certs.ca("weak-sha1-ca", "daneel world weak (SHA-1 issuing) CA")
    dhfile = {dh: weak_dh_file(certs, dh) for dh in sorted({v["dh"] for v in variants if v["dh"]})}
    records, servers, scripted = [], [], []
    for v in variants:
        cid = "weak-" + v["id"]
        if v["sign"] == "sha1-ca":
            crt = certs.leaf(cid, v["mx"], [v["mx"]], issuer="weak-sha1-ca", kind=v["key"], md="sha1")
            files = [crt, weak_ca]
        else:
            crt = certs.leaf(cid, v["mx"], [v["mx"]], kind=v["key"])
            files = [crt]
        chain = certs.path(cid, "chain.pem")
        write(chain, open(certs.path(cid, "key")).read() + "".join(open(p).read() for p in files), 0o600)
        v["cert"], v["chain"] = crt, chain
        v["tlsa"] = "3 1 1 " + W.tlsa_data(der_of(crt), 1, 1).hex()
        records += [(v["domain"], "MX", "10 " + v["mx"]), (v["mx"], "A", v["ip"]),
                    ("_25._tcp." + v["mx"], "TLSA", v["tlsa"])]
        port = 25
        if v["scripted"]:
            # the scripted server owns port 25 and hands every offer it does not answer itself
            # to the variant's Postfix behind it (docs/TEST_WORLD.md, "Scripted TLS variants")
            port = SCRIPTED_BACKEND_PORT
            v["backend"] = [v["ip"], port]
            scripted.append(dict(v["scripted"], id=cid, ip=v["ip"], host=v["mx"].rstrip("."), backend=v["backend"],
                                 chain=[der_of(p).hex() for p in files]))
        servers.append({"id": cid, "ip": v["ip"], "port": port, "host": v["mx"], "smtp": "starttls", "chain": chain,
                        "tls": weak_tls_options(v, dhfile)})
    return records, servers, scripted


# ---------------------------------------------------------------- main

def main():
    t0 = time.time()
    now = int(t0)
    with open(os.path.join(HERE, "scenarios.toml"), "rb") as f:
        spec = tomllib.load(f)
    scens = spec["scenario"]
    for sub in ("zones", "run", "logs", "certs", "keys"):
        os.makedirs(os.path.join(STATE, sub), exist_ok=True)

    # certificates: DoH, mail CA, unrelated, one per server
    certs = Certs()
    # TLS interoperability matrix (interop.toml): its keys (RSA-4096 takes seconds) are made in
    # the background while the scenarios' certificates and zones are; leaves are signed below
    # (`openssl ca` shares one database, so certificates are made one at a time)
    izone, variants = interop_variants(load_interop())
    ikinds = {}
    for v in variants:
        ikinds.setdefault(v["cert"], v["_"]["key"])
    keypool = ThreadPoolExecutor(max_workers=2)
    slow_first = sorted(ikinds, key=lambda k: -int(ikinds[k].partition(":")[2]) if ikinds[k].startswith("rsa") else 0)
    ikeys = [keypool.submit(certs.key, "interop-" + kind, ikinds[kind]) for kind in slow_first]
    wzone, weak = weak_variants(load_weak())
    ikeys += [keypool.submit(certs.key, "weak-" + v["id"], v["key"]) for v in weak]
    ikeys.append(keypool.submit(certs.key, "weak-sha1-ca", "rsa:3072"))
    doh_ca = certs.ca("doh-ca", "daneel world DoH CA")
    certs.leaf("doh-server", "doh.world.example",
               ["doh.world.example", "localhost", "IP:" + W.ADDR["doh"], "IP:" + W.ADDR["udoh"]], issuer="doh-ca")
    mail_ca = certs.ca("mail-ca", "daneel world mail CA")
    # A CA with a critical nameConstraints extension: OpenSSL (and so a sending
    # MTA) reads it, Mbed TLS 3.6's X.509 parser does not implement it. Servers
    # with issuer "nc-ca" show a handshake that fails on daneel's side.
    nc_ca = certs.ca("mail-nc-ca", "daneel world name-constrained mail CA",
                     ["nameConstraints=critical,permitted;DNS:.example"])
    issuers = {"ca": ("mail-ca", mail_ca), "nc-ca": ("mail-nc-ca", nc_ca)}
    certs.leaf("unrelated", "unrelated.example", ["unrelated.example"])

    seen_ips = {v["ip"]: "interop " + v["id"] for v in variants}
    for v in weak:
        if v["ip"] in seen_ips:
            raise SystemExit("gen: weak %s: address %s already used by %s" % (v["id"], v["ip"], seen_ips[v["ip"]]))
        seen_ips[v["ip"]] = "weak " + v["id"]
    seen_names = set()
    world_scens = []
    smtp_servers = []
    jobs = []
    for sc in scens:
        name = sc["name"]
        if name in seen_names or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
            raise SystemExit("gen: bad or duplicate scenario name %r" % name)
        seen_names.add(name)
        origin = name + "." + TLD
        if origin in (izone, wzone):
            raise SystemExit("gen: scenario %s: its zone is the interop matrix's or the weak variants'" % name)
        alg = sc.get("algorithm", "ECDSAP256SHA256")
        if alg != "none" and alg not in ALGS:
            raise SystemExit("gen: %s: unknown algorithm %s" % (name, alg))
        ders = {"ca": der_of(mail_ca), "unrelated": der_of(certs.path("unrelated", "crt"))}
        ips = {}
        servers = []
        for s in sc.get("servers", []):
            label, ip = s["label"], s["ip"]
            if ip in seen_ips:
                raise SystemExit("gen: %s: address %s already used by %s" % (name, ip, seen_ips[ip]))
            seen_ips[ip] = name
            host = fqdn(s.get("name", label), origin)
            cnames = [fqdn(n, origin) for n in s.get("certnames", [s.get("name", label)])]
            issuer = s.get("issuer", "self")
            cid = "%s--%s" % (name, label)
            if issuer != "self" and issuer not in issuers:
                raise SystemExit("gen: %s: unknown issuer %s" % (name, issuer))
            crt = certs.leaf(cid, cnames[0], cnames, issuer=issuers[issuer][0] if issuer in issuers else None,
                             kind=s.get("key", "ec"), expired=s.get("expired", False))
            chain_files = [crt] + ([issuers[issuer][1]] if issuer in issuers and s.get("chain", True) else [])
            chain = certs.path(cid, "chain.pem")
            write(chain, open(certs.path(cid, "key")).read() + "".join(open(p).read() for p in chain_files), 0o600)
            ders[label] = der_of(crt)
            ips[label] = ip
            srv = {"id": cid, "label": label, "ip": ip, "host": host, "smtp": s.get("smtp", "starttls"),
                   "cert": crt, "chain": chain, "chain_certs": chain_files, "tlsa": s.get("tlsa", "match"),
                   "issuer": issuer, "expired": s.get("expired", False), "sni": None}
            if s.get("sni", False):
                # A second key and self-signed leaf (same names), served only when the client
                # names the host in SNI (Postfix tls_server_sni_maps); without SNI the server
                # keeps serving the label's own chain. Templates name it LABEL-sni.
                if issuer != "self" or s.get("smtp", "starttls") != "starttls":
                    raise SystemExit("gen: %s: sni needs a self-signed starttls server" % name)
                sni_crt = certs.leaf(cid + "-sni", cnames[0], cnames, kind=s.get("key", "ec"))
                sni_chain = certs.path(cid + "-sni", "chain.pem")
                write(sni_chain, open(certs.path(cid + "-sni", "key")).read() + open(sni_crt).read(), 0o600)
                ders[label + "-sni"] = der_of(sni_crt)
                srv["sni"] = {"name": host.rstrip("."), "chain": sni_chain}
                # What the world test sees: with SNI the SNI chain (tlsa), without SNI the default one.
                srv["nosni_chain_certs"] = chain_files
                srv["chain_certs"] = [sni_crt]
                srv["tlsa_nosni"] = s.get("tlsa_nosni", "match")
            servers.append(srv)
            if srv["smtp"] != "silent":
                smtp_servers.append(srv)
        records = parse_records(expand(sc.get("records", ""), name, ders, ips), origin)
        breaks = []
        for b in sc.get("break", []):
            what, how = b.rsplit(":", 1)
            owner, rtype = what.split()
            breaks.append((fqdn(owner, origin), rtype.upper(), how))
        absent = []
        for a in sc.get("absent", []):
            what, _, flag = a.partition(":")
            owner, rtype = what.split()
            absent.append({"owner": fqdn(owner, origin), "type": rtype.upper(), "ad": flag != "insecure"})
        keytrap = None
        if "keytrap" in sc:
            kt = sc["keytrap"]
            if alg != "ED25519":
                raise SystemExit("gen: %s: keytrap needs algorithm ED25519 (the fake keys are Ed25519)" % name)
            kowner, ktype = kt["rrset"].split()
            keytrap = {"keys": int(kt["keys"]), "rrsigs": int(kt["rrsigs"]),
                       "owner": fqdn(kowner, origin), "type": ktype.upper()}
            if not (1 <= keytrap["keys"] <= 64 and 1 <= keytrap["rrsigs"] <= 64):
                raise SystemExit("gen: %s: keytrap keys and rrsigs must be 1..64" % name)
            breaks_kt = [(keytrap["owner"], keytrap["type"], "keytrap")]
        else:
            breaks_kt = []
        validate = []
        for v in sc.get("validate", []):
            what, _, verdict = v.partition("=")
            vowner, vtype = what.split()
            vsec, _, vreason = verdict.strip().partition(" ")
            validate.append({"owner": fqdn(vowner, origin), "type": vtype.upper(), "security": vsec,
                             "reason": vreason.strip() or None})
        rrsets = {}
        for owner, rtype, rdata in records:
            rrsets.setdefault((owner, rtype), []).append(rdata)
        world_scens.append({
            "name": name, "domain": origin, "about": sc.get("about", ""), "algorithm": alg,
            "signed": alg != "none", "nsec3": sc.get("nsec3"),
            "servers": servers,
            "rrsets": [{"owner": o, "type": t, "rdata": r,
                        "broken": ("ds-mismatch" if sc.get("ds") == "rogue" else
                                   next((h for (bo, bt, h) in breaks + breaks_kt if bo == o and bt == t), None))}
                       for (o, t), r in rrsets.items()],
            "absent": absent,
            "keytrap": keytrap,
            "validate": validate,
            "ds": sc.get("ds", "ksk"),
            "expect": checked_expect(name, sc.get("expect", {})),
        })
        if sc.get("ds", "ksk") not in ("ksk", "rogue"):
            raise SystemExit("gen: %s: ds must be ksk or rogue" % name)
        jobs.append((origin, alg, records, breaks, sc.get("nsec3"), sc.get("ds", "ksk"), keytrap))

    # the interop matrix: one leaf per certificate kind, DH parameters per group, one zone
    for f in ikeys:
        f.result()
    keypool.shutdown()
    ichain = {}
    for kind in ikinds:
        names = [v["mx"] for v in variants if v["cert"] == kind]
        cid = "interop-" + kind
        crt = certs.leaf(cid, "%s.%s" % (kind, izone), names, kind=ikinds[kind])
        chain = certs.path(cid, "chain.pem")
        write(chain, open(certs.path(cid, "key")).read() + open(crt).read(), 0o600)
        ichain[kind] = (crt, chain, "3 1 1 " + W.tlsa_data(der_of(crt), 1, 1).hex())
    dhfile = {}
    for dh in sorted({v["_"]["dh"] for v in variants if v["_"]["dh"]}):
        dhfile[dh] = certs.path("dh-" + dh, "pem")
        if not os.path.exists(dhfile[dh]):
            sh(["openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:" + dh,
                "-out", dhfile[dh]])
    irecords = []
    for v in variants:
        v["chain"], v["tlsa"] = ichain[v["cert"]][0], ichain[v["cert"]][2]
        irecords += [(v["domain"], "MX", "10 " + v["mx"]), (v["mx"], "A", v["ip"]),
                     ("_25._tcp." + v["mx"], "TLSA", v["tlsa"])]
        smtp_servers.append({"id": "interop-" + v["id"], "ip": v["ip"], "host": v["mx"], "smtp": "starttls",
                             "chain": ichain[v["cert"]][1], "tls": interop_tls_options(v, dhfile)})
    jobs.append((izone, "ECDSAP256SHA256", irecords, [], None, "ksk", None))

    # the weak TLS variants (weak.toml): one leaf each, their DH files, one zone
    scripted = []
    if weak:
        wrecords, wservers, scripted = weak_servers(certs, wzone, weak)
        smtp_servers += wservers
        jobs.append((wzone, "ECDSAP256SHA256", wrecords, [], None, "ksk", None))

    # keys + signing of scenario zones and the interop zone (in parallel), then TLD and root
    def do_zone(job):
        origin, alg, records, breaks, nsec3, ds, keytrap = job
        fn = origin.rstrip(".")
        unsigned = os.path.join(STATE, "zones", fn + ".zone")
        signed = os.path.join(STATE, "zones", fn + ".signed")
        if alg == "none":
            write(unsigned, zone_text(origin, "ns.dns.example.", records, now))
            shutil.copy(unsigned, signed)
            return origin, None
        keys = zone_keys(origin, alg, rogue=ds == "rogue" or any(b[2] == "wrongkey" for b in breaks))
        if keytrap:
            tag = keytrap_tag(keys)
            records = records + keytrap_dnskeys(origin, keytrap["keys"], tag)
        write(unsigned, zone_text(origin, "ns.dns.example.", records, now))
        text = sign_with_breaks(origin, unsigned, signed, keys, alg, nsec3, breaks, now)
        if keytrap:
            keytrap_rrsigs(text, signed, keytrap["owner"], keytrap["type"], keytrap["rrsigs"], tag)
        if ds == "rogue":   # the parent's DS names a key the zone does not publish
            return origin, open(keys["rogue"] + ".ds").read().strip()
        return origin, ds_of(keys)

    with ThreadPoolExecutor(max_workers=4) as ex:
        results = list(ex.map(do_zone, jobs))

    tld_records = [("ns.nic.example.", "A", W.ADDR["tld"]), ("ns.dns.example.", "A", W.ADDR["dom"])]
    for origin, ds in results:
        tld_records.append((origin, "NS", "ns.dns.example."))
        if ds:
            f = ds.split()
            tld_records.append((origin, "DS", " ".join(f[f.index("DS") + 1:])))
    tld_keys = zone_keys(TLD, "ECDSAP256SHA256")
    write(os.path.join(STATE, "zones", "example.zone"), zone_text(TLD, "ns.nic.example.", tld_records, now))
    sign_with_breaks(TLD, os.path.join(STATE, "zones", "example.zone"), os.path.join(STATE, "zones", "example.signed"),
                     tld_keys, "ECDSAP256SHA256", None, [], now)
    f = ds_of(tld_keys).split()
    root_records = [("ns.root.", "A", W.ADDR["root"]), (TLD, "NS", "ns.nic.example."),
                    ("ns.nic.example.", "A", W.ADDR["tld"]), (TLD, "DS", " ".join(f[f.index("DS") + 1:]))]
    root_keys = zone_keys(".", "ECDSAP256SHA256")
    write(os.path.join(STATE, "zones", "root.zone"), zone_text(".", "ns.root.", root_records, now))
    sign_with_breaks(".", os.path.join(STATE, "zones", "root.zone"), os.path.join(STATE, "zones", "root.signed"),
                     root_keys, "ECDSAP256SHA256", None, [], now)
    ta = ds_of(root_keys)
    write(os.path.join(STATE, "trust-anchor.ds"), ta + "\n")

    # server configs
    nsd_conf("root", ["."])
    nsd_conf("tld", [TLD])
    nsd_conf("dom", [s["domain"] for s in world_scens] + [izone] + ([wzone] if weak else []))
    unbound_conf()
    dnsdist_conf()
    postfix_conf(smtp_servers)
    silent = [s["ip"] for sc in world_scens for s in sc["servers"] if s["smtp"] == "silent"]
    scripted_conf = os.path.join(STATE, "scripted.json")
    write(scripted_conf, json.dumps({"listeners": scripted}, indent=1) + "\n")

    env = {
        "DANEEL_WORLD_DIR": STATE,
        "DANEEL_WORLD_DOH_URL": "https://%s%s" % (W.ADDR["doh"], W.DOH_PATH),
        "DANEEL_WORLD_DOH_HTTP_URL": "http://%s%s" % (W.ADDR["doh"], W.DOH_PATH),
        "DANEEL_WORLD_DOH_UNBOUND_URL": "https://%s%s" % (W.ADDR["udoh"], W.DOH_PATH),
        "DANEEL_WORLD_DOH_CA": doh_ca,
        "DANEEL_WORLD_TRUST_ANCHOR": os.path.join(STATE, "trust-anchor.ds"),
        "DANEEL_WORLD_TRUST_ANCHOR_DS": ta,
        "DANEEL_WORLD_RESOLVER": W.ADDR["resolver"],
        "DANEEL_WORLD_MAIL_CA": mail_ca,
        "DANEEL_WORLD_JSON": os.path.join(STATE, "world.json"),
        "DANEEL_WORLD_DOMAINS": " ".join(s["domain"].rstrip(".") for s in world_scens),
        "DANEEL_WORLD_INTEROP_DOMAINS": " ".join(v["domain"].rstrip(".") for v in variants),
        "DANEEL_WORLD_WEAK_DOMAINS": " ".join(v["domain"].rstrip(".") for v in weak),
    }
    world = {"generated": now, "valid_until": now + VALIDITY, "addresses": W.ADDR, "env": env,
             "silent": silent, "scripted": scripted_conf if scripted else "", "scenarios": world_scens,
             "interop": [{k: v[k] for k in INTEROP_KEYS} for v in variants],
             "weak": [{k: v[k] for k in WEAK_KEYS} for v in weak]}
    write(os.path.join(STATE, "world.json"), json.dumps(world, indent=1) + "\n")
    write(os.path.join(STATE, "world.env"),
          "".join("%s='%s'\n" % (k, v.replace("'", "")) for k, v in env.items()))
    print("gen: %d scenarios, %d interop variants, %d weak variants, %d SMTP servers, %.1f s"
          % (len(world_scens), len(variants), len(weak), len(smtp_servers) + len(silent), time.time() - t0),
          file=sys.stderr)


def table():
    """Markdown table of the scenarios (for docs/TEST_WORLD.md)."""
    with open(os.path.join(HERE, "scenarios.toml"), "rb") as f:
        scens = tomllib.load(f)["scenario"]
    print("| domain | what | algorithm | servers | expected verdict |")
    print("|---|---|---|---|---|")
    for sc in scens:
        alg = sc.get("algorithm", "ECDSAP256SHA256")
        if sc.get("nsec3") is not None:
            alg += ", NSEC3 %d it." % sc["nsec3"]
        srv = ", ".join("%s %s%s" % (s["label"], s["ip"], "" if s.get("smtp", "starttls") == "starttls"
                                     else " (%s)" % s["smtp"]) for s in sc.get("servers", [])) or "-"
        e = sc.get("expect", {})
        print("| %s.example | %s | %s | %s | %s |" % (sc["name"], sc.get("about", ""), alg, srv,
                                                      e.get("verdict", "?")))


def interop_table():
    """One line per interop variant (no certificates needed)."""
    _, variants = interop_variants(load_interop())
    for v in variants:
        print("%-30s %-11s %-8s %-30s %s" % (v["id"], v["ip"], v["version"], v["openssl_suite"] or "(default)",
                                             v["group"] or "-"))
    print("%d variants" % len(variants))


if __name__ == "__main__":
    if sys.argv[1:] == ["--table"]:
        table()
    elif sys.argv[1:] == ["--interop"]:
        interop_table()
    else:
        main()
