#!/usr/bin/env python3
"""make bench: the outbox. N public reports with an e-mail address are filed through the API
against a server sending to a local SMTP server (aiosmtpd); printed: delivered messages per
second, and the time from a report's answer to its receipt's arrival, p50/p99.

  outbox.py NETRAL_BIN WORKDIR N
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from aiosmtpd.controller import Controller

BIN, WORK, N = sys.argv[1], sys.argv[2], int(sys.argv[3])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


arrived = {}
lock = threading.Lock()


class Handler:
    async def handle_DATA(self, server, session, envelope):
        with lock:
            for rcpt in envelope.rcpt_tos:
                arrived.setdefault(rcpt, time.monotonic())
        return "250 OK"


d = os.path.join(WORK, "outbox")
shutil.rmtree(d, ignore_errors=True)
os.makedirs(d)
db = os.path.join(d, "netral.db")
subprocess.run([BIN, "demo", "--db", db, "--roster-scale", "0.1"], check=True, capture_output=True)
smtp_port, port = free_port(), free_port()
ctl = Controller(Handler(), hostname="127.0.0.1", port=smtp_port)
ctl.start()
srv = subprocess.Popen([BIN, "serve", "--db", db, "--port", str(port), "--report-limit", "1000000",
                        "--smtp", f"smtp://127.0.0.1:{smtp_port}", "--mail-from", "netral@bawaslu.test"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        break
    except OSError:
        time.sleep(0.05)
sent = {}
t0 = time.monotonic()
for i in range(N):
    addr = f"pelapor{i}@example.org"
    body = json.dumps({"kantor": "35.05", "pemilihan": "pilbup-blitar-2020",
                       "tanggal_diketahui": time.strftime("%Y-%m-%d"), "uraian": f"Laporan uji {i}",
                       "pelapor": {"nama": f"Pelapor {i}", "email": addr}}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/public/reports", data=body,
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=30) as r:
        r.read()
    sent[addr] = time.monotonic()
t_filed = time.monotonic()
deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    with lock:
        if all(a in arrived for a in sent):
            break
    time.sleep(0.05)
t_done = time.monotonic()
srv.terminate()
srv.wait()
ctl.stop()
lat = sorted((arrived[a] - sent[a]) * 1000 for a in sent if a in arrived)
got = len(lat)
first = min(sent.values())
last = max(arrived.values()) if arrived else t_done
print(f"outbox: {N} reports filed in {t_filed - t0:.1f} s; {got} receipts delivered to the local SMTP server, "
      f"{got / max(last - first, 1e-9):.0f} messages/s end to end")
if lat:
    print(f"report answered -> receipt arrived: p50 {lat[len(lat) // 2]:.0f} ms, p99 {lat[min(len(lat) - 1, int(len(lat) * 0.99))]:.0f} ms")
if got < N:
    print(f"WARNING: {N - got} receipts did not arrive")
