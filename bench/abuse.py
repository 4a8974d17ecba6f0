#!/usr/bin/env python3
"""make bench, hardening figures (printed with their sizes):
  - requests/s served to normal clients, alone and while SLOW slow clients (from as many
    loopback addresses) hold half-sent requests;
  - case transitions/s through the API with signed audit checkpoints and without them.
usage: abuse.py BIN DB [SLOW] [DURATION]"""
import json, os, re, shutil, socket, subprocess, sys, time, urllib.request

BIN, DB = sys.argv[1], sys.argv[2]
SLOW = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
DURATION = int(sys.argv[4]) if len(sys.argv) > 4 else 10


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db, *args):
    port = free_port()
    p = subprocess.Popen([BIN, "serve", "--db", db, "--port", str(port), *args],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return p, port
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server did not start")


def wrk(url, token):
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{DURATION}s", "--latency", "-H", f"Authorization: Bearer {token}", url],
                         capture_output=True, text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    return (rps.group(1) if rps else "?"), (p99.group(1) if p99 else "?")


def token(db):
    return subprocess.run([BIN, "user", "token", "bawaslu.ri", "--name", f"bench-{time.time()}", "--db", db],
                          capture_output=True, text=True).stdout.strip()


import resource
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
tok = token(DB)
srv, port = serve(DB)
url = f"http://127.0.0.1:{port}/api/v1/cases?limit=50"
rps0, p990 = wrk(url, tok)
slow = []
for i in range(SLOW):
    s = socket.socket()
    s.bind((f"127.1.{i // 250}.{i % 250 + 1}", 0))
    try:
        s.connect(("127.0.0.1", port))
        s.send(b"GET /kasus HTTP/1.1\r\nHost: x\r\n")
        slow.append(s)
    except OSError:
        s.close()
time.sleep(1)
rps1, p991 = wrk(url, tok)
for s in slow:
    s.close()
srv.terminate()
srv.wait()
print(f"-- slow clients: GET /api/v1/cases?limit=50 (wrk -t2 -c16 -d{DURATION}s)")
print(f"alone:                        {rps0:>10} req/s   p99 {p990}")
print(f"with {SLOW} slow clients ({len(slow)} connected, from {SLOW} addresses): {rps1:>10} req/s   p99 {p991}")

# transitions per second, with and without signed checkpoints (each on its own copy)
N = 300
print(f"-- audit checkpoints: {N} cases through 4 steps each (sequential API calls)")
for label, args in (("with signed checkpoints", []), ("without (--checkpoint-log none)", ["--checkpoint-log", "none"])):
    d = os.path.join(os.path.dirname(DB), "cp-" + ("on" if not args else "off"))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    db = os.path.join(d, "netral.db")
    subprocess.run(["sqlite3", DB, f".backup '{db}'"], check=True)
    for f in ("netral.key", "audit.key"):
        if os.path.exists(os.path.join(os.path.dirname(DB), f)):
            shutil.copy(os.path.join(os.path.dirname(DB), f), d)
    t = token(db)
    srv, port = serve(db, *args)
    nip = subprocess.run(["sqlite3", db, "select nip from asn where region like '35.05%' limit 1"],
                         capture_output=True, text=True).stdout.strip()

    def call(method, path, body):
        req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + t})
        with urllib.request.urlopen(req) as r:
            return json.loads(r.read())
    case = {"jalur": "temuan", "kantor": "35.05", "pemilihan": "pilbup-blitar-2020", "tanggal_diketahui": time.strftime("%Y-%m-%d"), "tanggal_kejadian": time.strftime("%Y-%m-%d"),
            "tempat": "Balai Desa", "uraian": "bench", "pelanggaran": ["D2"], "terlapor": [nip], "daftar_bukti": "foto"}
    ids = [call("POST", "/api/v1/cases", case)["id"] for _ in range(N)]
    t0 = time.time()
    for cid in ids:
        for to in ("diregistrasi", "klarifikasi", "kajian", "diteruskan"):
            call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": to})
    secs = time.time() - t0
    srv.terminate()
    srv.wait()
    lines = sum(1 for _ in open(os.path.join(d, "audit-checkpoints.log"))) if not args else 0
    print(f"{label:34} {4 * N / secs:8.0f} transitions/s  ({4 * N} in {secs:.2f} s; {lines} checkpoints written)")
