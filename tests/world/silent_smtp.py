#!/usr/bin/python3
"""A TCP listener on port 25 that accepts connections and never sends a banner.

Usage: silent_smtp.py PIDFILE LIFETIME_SECONDS ADDR [ADDR...]
Each accepted connection is held open (input read and discarded) for at most 120 s;
the process exits by itself after LIFETIME_SECONDS. Standard library only.
"""
import os
import selectors
import socket
import sys
import time

HOLD = 120


def main():
    pidfile, lifetime, addrs = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    sel = selectors.DefaultSelector()
    for a in addrs:
        fam = socket.AF_INET6 if ":" in a else socket.AF_INET
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((a, 25))
        s.listen(64)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, "listen")
    with open(pidfile + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(pidfile + ".tmp", pidfile)
    end = time.monotonic() + lifetime
    conns = {}
    while time.monotonic() < end:
        for key, _ in sel.select(timeout=1.0):
            if key.data == "listen":
                try:
                    c, _ = key.fileobj.accept()
                except OSError:
                    continue
                c.setblocking(False)
                conns[c] = time.monotonic() + HOLD
                sel.register(c, selectors.EVENT_READ, "conn")
            else:
                c = key.fileobj
                try:
                    data = c.recv(4096)
                except OSError:
                    data = b""
                if not data:
                    sel.unregister(c)
                    c.close()
                    conns.pop(c, None)
        now = time.monotonic()
        for c, t in list(conns.items()):
            if t < now:
                sel.unregister(c)
                c.close()
                del conns[c]
    try:
        os.unlink(pidfile)
    except OSError:
        pass


if __name__ == "__main__":
    main()
