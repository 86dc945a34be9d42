#!/usr/bin/python3
"""Process and port helpers for tests/world/up and down (standard library only).

  ctl.py ports                 print every host:port the world listens on (from world.json:
                               DNS, DoH, scenario servers, interop matrix and weak servers)
  ctl.py wait SECONDS          wait until every port listens (TCP); print the missing ones on failure
  ctl.py sid PID               print the session id of PID
  ctl.py members SID...        print the PIDs of every process in these sessions
  ctl.py listening             print world ports that something still listens on (TCP)

"Listens" is read from the kernel's socket tables (/proc/net/tcp, tcp6: LISTEN state, a wildcard
0.0.0.0 or :: listener counting for every address), not by connecting: a connection would make
Postfix's master start an smtpd (TLS set-up included) for each of the ~120 listeners.
  ctl.py fresh MARGIN HASH     exit 0 if world.json matches HASH and has > MARGIN s validity left
  ctl.py spawn PIDFILE LOG CMD...  start CMD in a new session, stdout/stderr to LOG, write its PID
  ctl.py ours PID              exit 0 if PID runs with the world's state dir in argv or environment
"""
import subprocess
import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import worldlib as W  # noqa: E402


def world():
    with open(os.path.join(W.STATE, "world.json")) as f:
        return json.load(f)


def ports():
    a = W.ADDR
    out = [(a["root"], 53), (a["tld"], 53), (a["dom"], 53), (a["resolver"], 53), (a["udoh"], 443),
           (a["doh"], 53), (a["doh"], 443), (a["doh"], 80)]
    w = world()
    for sc in w["scenarios"]:
        for s in sc["servers"]:
            out.append((s["ip"], 25))
    for v in w.get("interop", []):     # the TLS interoperability matrix, 127.0.3.x
        out.append((v["ip"], 25))
    for v in w.get("weak", []):        # the weak TLS variants, 127.0.4.x
        out.append((v["ip"], 25))
        if v.get("backend"):           # a scripted variant's Postfix behind scripted_tls.py
            out.append(tuple(v["backend"]))
    return out


def listen_table():
    """{(ip, port)} of the TCP sockets in LISTEN state, or None without /proc/net/tcp."""
    out = set()
    try:
        tables = [(open("/proc/net/tcp").read(), socket.AF_INET)]
    except OSError:
        return None
    try:
        tables.append((open("/proc/net/tcp6").read(), socket.AF_INET6))
    except OSError:
        pass
    for text, fam in tables:
        for line in text.splitlines()[1:]:
            f = line.split()
            if len(f) < 4 or f[3] != "0A":      # 0A = TCP_LISTEN
                continue
            addr, port = f[1].split(":")
            raw = bytes.fromhex(addr)           # 32-bit words in host (little-endian) order
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            out.add((socket.inet_ntop(fam, raw), int(port, 16)))
    return out


def listens(table, host, port):
    if table is None:                           # no /proc: ask by connecting
        return accepts(host, port)
    if (host, port) in table or ("::", port) in table:
        return True
    return ":" not in host and (("0.0.0.0", port) in table or ("::ffff:" + host, port) in table)


def accepts(host, port, timeout=0.3):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect((host, port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def fmt(h, p):
    return "[%s]:%d" % (h, p) if ":" in h else "%s:%d" % (h, p)


def sid_of(pid):
    with open("/proc/%d/stat" % pid) as f:
        st = f.read()
    return int(st[st.rindex(")") + 2:].split()[3])


def main():
    cmd = sys.argv[1]
    if cmd == "ports":
        for h, p in ports():
            print(fmt(h, p))
    elif cmd == "wait":
        end = time.monotonic() + float(sys.argv[2])
        todo = ports()
        while todo and time.monotonic() < end:
            table = listen_table()
            todo = [(h, p) for (h, p) in todo if not listens(table, h, p)]
            if todo:
                time.sleep(0.1)
        if todo:
            print(" ".join(fmt(h, p) for h, p in todo))
            sys.exit(1)
    elif cmd == "sid":
        print(sid_of(int(sys.argv[2])))
    elif cmd == "members":
        sids = {int(x) for x in sys.argv[2:]}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    if sid_of(int(d)) in sids and int(d) != os.getpid():
                        print(d)
                except (OSError, ValueError):
                    pass
    elif cmd == "listening":
        try:
            pl = ports()
        except OSError:
            return
        table = listen_table()
        for h, p in pl:
            if listens(table, h, p):
                print(fmt(h, p))
    elif cmd == "spawn":
        pidfile, log = sys.argv[2], sys.argv[3]
        with open(log, "ab") as lf, open(os.devnull, "rb") as null:
            p = subprocess.Popen(sys.argv[4:], stdin=null, stdout=lf, stderr=lf, start_new_session=True,
                                 close_fds=True)
        with open(pidfile, "w") as f:
            f.write("%d\n" % p.pid)
    elif cmd == "ours":
        pid = int(sys.argv[2])
        state = os.path.realpath(W.STATE).encode()
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                blob = f.read()
            try:
                with open("/proc/%d/environ" % pid, "rb") as f:
                    blob += f.read()
            except OSError:
                pass
        except OSError:
            sys.exit(1)
        sys.exit(0 if state in blob else 1)
    elif cmd == "fresh":
        margin, want = float(sys.argv[2]), sys.argv[3]
        try:
            w = world()
            with open(os.path.join(W.STATE, "inputs.sha256")) as f:
                have = f.read().strip()
        except OSError:
            sys.exit(1)
        sys.exit(0 if have == want and w["valid_until"] - time.time() > margin else 1)


if __name__ == "__main__":
    main()
