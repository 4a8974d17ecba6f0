#!/usr/bin/env python3
"""End-to-end tests: the real netral binary, a fresh demo database, a free port.

Drives the JSON API and the CLI as a user would: login and CSRF, the full case
lifecycle across three roles, scope violations, concurrent registration
numbers, every kind of bad input (and that it changes nothing), evidence
hashes, the reporter-identity log, the public receipt, the audit chain.
Standard library only.
"""
import argparse
import concurrent.futures
import hashlib
from html import escape as html_escape, unescape
import http.cookiejar
import json
import os
import re
import shutil
import socket
import sqlite3
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

BIN = None
SANITIZED = False
TMP = None
DB = None
PG = None  # PostgreSQL mode: the cluster's maintenance database (a libpq URI)
VAR = None  # where the keys, evidence and checkpoint log are (beside the SQLite file, or --var)
PORT = None
SERVER = None
PASSWORD = "netral-demo-2020"
TODAY = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))


def run_cli(*args, input=None, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([BIN, *args, "--db", DB], input=input, capture_output=True, text=True, env=e, timeout=300)


class Client:
    def __init__(self, username=None, password=PASSWORD, port=None):
        self.port = port  # another server than the main one
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = None
        self.token = None
        if username:
            st, body = self.call("POST", "/api/v1/login", {"username": username, "password": password})
            assert st == 200, (st, body)
            self.csrf = body["csrf_token"]

    def call(self, method, path, body=None, raw=None, headers=None, csrf=True, as_bytes=False):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(f"http://127.0.0.1:{self.port or PORT}{path}", data=data, method=method)
        if body is not None and raw is None:
            req.add_header("Content-Type", "application/json")
        if self.csrf and csrf:
            req.add_header("X-CSRF-Token", self.csrf)
        if self.token:
            req.add_header("Authorization", "Bearer " + self.token)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with self.opener.open(req, timeout=60) as r:
                payload = r.read()
                ctype = r.headers.get("Content-Type", "")
                self.last_headers = r.headers
                return r.status, (json.loads(payload) if "json" in ctype and not as_bytes else payload)
        except urllib.error.HTTPError as e:
            payload = e.read()
            self.last_headers = e.headers
            try:
                return e.code, json.loads(payload)
            except ValueError:
                return e.code, payload


class _PgConnection:
    """The few calls of sqlite3's connection the tests use, on PostgreSQL (psycopg2)."""

    def __init__(self, uri):
        import psycopg2
        self.c = psycopg2.connect(uri)
        self.c.autocommit = True

    def execute(self, sql, params=()):
        cur = self.c.cursor()
        cur.execute(sql.replace("%", "%%").replace("?", "%s"), params)
        return cur

    def commit(self):
        pass

    def close(self):
        self.c.close()


def connect(db=None):
    """A connection to the test database (or a copy of it) on the engine under test."""
    db = db or DB
    return _PgConnection(db) if db.startswith("postgresql://") else sqlite3.connect(db)


def pg_uri(name):
    """The cluster's URI with another database name (postgresql://[netloc]/name?query)."""
    base, _, query = PG.partition("?")
    scheme, _, rest = base.partition("://")
    netloc = rest.split("/", 1)[0]
    return f"{scheme}://{netloc}/{name}" + (f"?{query}" if query else "")


def copy_database(d, name):
    """A copy of the test database now, for a test that must not touch the main one: a file in
    d (SQLite) or a database of its own (PostgreSQL). Returns its address."""
    if not PG:
        db = os.path.join(d, "netral.db")
        for f in (db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        src, dst = sqlite3.connect(DB), sqlite3.connect(db)
        src.backup(dst)
        src.close()
        dst.close()
        return db
    dbname = "copy_" + re.sub(r"[^a-z0-9_]", "_", name.lower())
    admin = _PgConnection(PG)
    admin.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {dbname}")
    admin.close()
    db = pg_uri(dbname)
    dump = subprocess.run(["pg_dump", "--no-owner", "--dbname", DB], capture_output=True, check=True)
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", db], input=dump.stdout,
                   capture_output=True, check=True)
    return db


def start_server_on_copy(name, args):
    """A second server on a copy of the test database (with its key), for tests whose
    counters or state must not touch the main server's."""
    d = os.path.join(TMP, "copy-" + name)
    os.makedirs(d, exist_ok=True)
    db = copy_database(d, name)
    dst = connect(db)
    dst.execute("DELETE FROM throttle")  # the main server's counters are not this one's
    dst.commit()
    dst.close()
    shutil.copy(os.path.join(VAR, "netral.key"), os.path.join(d, "netral.key"))
    return launch(name, db, d, args)


def launch(name, db, var, args):
    """`netral serve` on db with its keys in var, on a free port, once it listens."""
    port = free_port()
    log = open(os.path.join(TMP, f"server-{name}.log"), "w")
    srv = subprocess.Popen([BIN, "serve", "--db", db, "--var", var, "--port", str(port), *args], stdout=log,
                           stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    srv.db = db
    srv.var = var
    srv.log = log.name
    return srv, port


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server():
    global SERVER
    log = open(os.path.join(TMP, "server.log"), "w")
    SERVER = subprocess.Popen([BIN, "serve", "--db", DB, "--port", str(PORT), "--body-limit", "64",
                               "--evidence-limit", "1", "--report-limit", "1000", "--track-limit", "1000",
                               "--public-url", "https://netral.test"], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=0.2):
                return
        except OSError:
            if SERVER.poll() is not None:
                raise RuntimeError("server exited: " + open(os.path.join(TMP, "server.log")).read())
            time.sleep(0.05)
    raise RuntimeError("server did not start")


def stop_server():
    SERVER.terminate()
    try:
        rc = SERVER.wait(timeout=30)
    except subprocess.TimeoutExpired:
        SERVER.kill()
        rc = -9
    return rc


def new_temuan(office="35.05", **over):
    c = {"jalur": "temuan", "kantor": office, "pemilihan": "pilbup-blitar-2020" if office == "35.05" else None,
         "rezim": "pilkada", "tanggal_diketahui": TODAY, "tanggal_kejadian": TODAY, "tempat": "Balai Desa",
         "uraian": "ASN mengunggah ajakan memilih pasangan nomor 1", "pelanggaran": ["D2"], "terlapor": [NIPS["35.05"][0]],
         "daftar_bukti": "Tangkapan layar unggahan"}
    if c["pemilihan"] is None:
        del c["pemilihan"]
    c.update(over)
    return c


NIPS = {}


def blob_has(column, text):
    """SQL: the blob column contains the text's bytes (for "nothing is stored in clear")."""
    lit = text.replace("'", "''")
    return f"position(convert_to('{lit}', 'UTF8') in {column}) > 0" if PG else f"instr({column}, '{lit}') > 0"


def patrol_posts(test, *items):
    """Runs the patrol over the items (dicts) into the test database, as an officer's CLI run."""
    r = subprocess.run([BIN, "patrol", "--election", "pilbup-blitar-2020", "--db", f"--db={DB}", "-"],
                       input="".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items).encode(),
                       capture_output=True, timeout=120)
    test.assertEqual(r.returncode, 0, r.stderr)


def db_count(sql):
    con = connect()
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


class T01Auth(unittest.TestCase):
    def test_login_wrong_password_is_refused_and_logged(self):
        st, body = Client().call("POST", "/api/v1/login", {"username": "bawaslu.blitar", "password": "salah-sekali"})
        self.assertEqual(st, 401)
        self.assertIn("salah", body["error"]["message"])

    def test_session_cookie_flags(self):
        c = Client()
        req = urllib.request.Request(f"http://127.0.0.1:{PORT}/api/v1/login", method="POST",
                                     data=json.dumps({"username": "admin", "password": PASSWORD}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req) as r:
            cookie = r.headers["Set-Cookie"]
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)

    def test_changes_need_csrf_token_with_a_cookie(self):
        c = Client("bawaslu.blitar")
        st, body = c.call("POST", "/api/v1/cases", new_temuan(), csrf=False)
        self.assertEqual(st, 403)
        self.assertEqual(body["error"]["code"], "csrf")

    def test_no_login_no_data(self):
        st, _ = Client().call("GET", "/api/v1/cases")
        self.assertEqual(st, 401)

    def test_api_token_works_without_csrf_and_only_its_hash_is_stored(self):
        admin = Client("admin")
        st, body = admin.call("POST", "/api/v1/tokens", {"username": "bawaslu.blitar", "name": "integrasi"})
        self.assertEqual(st, 201)
        tok = body["token"]
        self.assertEqual(db_count("SELECT count(*) FROM api_tokens WHERE " + blob_has("token_hash", tok)), 0)
        c = Client()
        c.token = tok
        st, body = c.call("GET", "/api/v1/me")
        self.assertEqual(body["user"]["username"], "bawaslu.blitar")
        st, body = c.call("POST", "/api/v1/cases", new_temuan())
        self.assertEqual(st, 201, body)
        c.token = tok[:-1] + ("0" if tok[-1] != "0" else "1")
        self.assertEqual(c.call("GET", "/api/v1/me")[0], 401)

    def test_accounts_change_password_safely_and_keep_an_admin(self):
        admin = Client("admin")
        # one minimum length everywhere: 11 characters are refused by the API and the page
        st, body = admin.call("POST", "/api/v1/users", {"username": "petugas.uji", "name": "Petugas Uji",
                                                       "role": "bawaslu", "region": "35.05", "password": "a" * 11})
        self.assertEqual((st, body["error"]["field"]), (422, "password"))
        adm = Form()
        adm.post("/masuk", {"username": "admin", "password": PASSWORD})
        page = adm.get("/admin/pengguna")[1]
        self.assertIn('minlength="12"', page)
        st, html, _ = adm.post("/admin/pengguna", {"csrf": page.split('name="csrf" value="')[1].split('"')[0],
                                                   "aksi": "buat", "username": "petugas.uji", "name": "Petugas Uji",
                                                   "role": "bawaslu", "region": "35.05", "password": "b" * 11})
        self.assertEqual(st, 422)
        self.assertIn("minimal 12", html)
        old = "sandi-lama-petugas"
        st, _ = admin.call("POST", "/api/v1/users", {"username": "petugas.uji", "name": "Petugas Uji",
                                                    "role": "bawaslu", "region": "35.05", "password": old})
        self.assertEqual(st, 201)
        me = Client("petugas.uji", old)
        other = Client("petugas.uji", old)  # a second session
        tok = admin.call("POST", "/api/v1/tokens", {"username": "petugas.uji", "name": "integrasi"})[1]["token"]
        bearer = Client()
        bearer.token = tok
        self.assertEqual(bearer.call("GET", "/api/v1/me")[0], 200)
        # one's own password: the current one is asked for, and a wrong one changes nothing
        st, body = me.call("POST", "/api/v1/users/petugas.uji/password", {"password": "sandi-baru-petugas"})
        self.assertEqual((st, body["error"]["field"]), (422, "current_password"))
        st, body = me.call("POST", "/api/v1/users/petugas.uji/password",
                           {"password": "sandi-baru-petugas", "current_password": "bukan-sandinya"})
        self.assertEqual((st, body["error"]["field"]), (422, "current_password"))
        self.assertEqual(other.call("GET", "/api/v1/me")[0], 200)
        st, _ = me.call("POST", "/api/v1/users/petugas.uji/password",
                        {"password": "sandi-baru-petugas", "current_password": old})
        self.assertEqual(st, 200)
        # every session and API token of the user ends; the new password works, the old does not
        self.assertEqual(other.call("GET", "/api/v1/me")[0], 401)
        self.assertEqual(bearer.call("GET", "/api/v1/me")[0], 401)
        self.assertEqual(Client().call("POST", "/api/v1/login", {"username": "petugas.uji", "password": old})[0], 401)
        Client("petugas.uji", "sandi-baru-petugas")
        # the last active admin cannot be deactivated (nor can two admins take each other out)
        st, _ = admin.call("POST", "/api/v1/users", {"username": "admin.kedua", "name": "Admin Kedua",
                                                    "role": "admin", "password": "sandi-admin-kedua"})
        self.assertEqual(st, 201)
        self.assertEqual(admin.call("POST", "/api/v1/users/admin.kedua/active", {"active": False})[0], 200)
        st, body = admin.call("POST", "/api/v1/users/admin/active", {"active": False})
        self.assertEqual(st, 409, body)
        self.assertIn("terakhir", body["error"]["message"])
        self.assertEqual(Client("admin").call("GET", "/api/v1/me")[0], 200)

    def test_login_cannot_be_forged_from_another_site(self):
        # the form needs the token of its own page (and cookie); a cross-site post has neither
        raw = Form()
        data = urllib.parse.urlencode({"username": "bawaslu.blitar", "password": PASSWORD}).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{PORT}/masuk", data=data, method="POST")
        st, html, h = raw.fetch(req)
        self.assertEqual(st, 403)
        self.assertNotIn("netral_session=", str(h.get_all("Set-Cookie")))
        b = Form()
        self.assertEqual(b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})[0], 303)
        # the JSON login takes only application/json, which a form cannot send
        req = urllib.request.Request(f"http://127.0.0.1:{PORT}/api/v1/login", method="POST",
                                     data=json.dumps({"username": "admin", "password": PASSWORD}).encode(),
                                     headers={"Content-Type": "text/plain"})
        try:
            urllib.request.urlopen(req)
            self.fail("text/plain login accepted")
        except urllib.error.HTTPError as e:
            self.assertEqual(e.code, 415)
            self.assertIsNone(e.headers.get("Set-Cookie"))

    def test_unknown_route_and_method(self):
        c = Client("admin")
        self.assertEqual(c.call("GET", "/api/v1/nope")[0], 404)
        self.assertEqual(c.call("DELETE", "/api/v1/cases")[0], 405)


class T02Lifecycle(unittest.TestCase):
    def test_full_case_from_finding_to_sanction(self):
        bw = Client("bawaslu.blitar")
        nip = NIPS["pemkab-blitar"][0]
        st, body = bw.call("POST", "/api/v1/cases", new_temuan(terlapor=[nip], tempat=None))
        self.assertEqual(st, 201, body)
        cid = body["id"]
        # registration refused until the place is given: a material requirement
        st, body = bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "diregistrasi"})
        self.assertEqual(st, 422)
        self.assertEqual(body["error"]["field"], "tempat")
        st, body = bw.call("PATCH", f"/api/v1/cases/{cid}", {"tempat": "Pendopo Kanigoro"})
        self.assertEqual(st, 200, body)
        st, body = bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "diregistrasi"})
        self.assertEqual(st, 200, body)
        self.assertRegex(body["reg_no"], r"^\d{3}/Reg/TM/ASN/35\.05/[IVX]+/\d{4}$")
        st, case = bw.call("GET", f"/api/v1/cases/{cid}")
        self.assertEqual(case["tenggat"]["clock"], "penanganan")
        self.assertIn("klarifikasi", [s["ke"] for s in case["langkah_berikut"]])
        for to in ["klarifikasi", "kajian", "diteruskan"]:
            st, body = bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": to})
            self.assertEqual(st, 200, (to, body))
        oto = Client("otoritas")
        st, body = oto.call("POST", f"/api/v1/cases/{cid}/transitions",
                            {"ke": "rekomendasi_terbit", "nip": nip,
                             "data": {"sanksi": "turun_jabatan_12", "dasar": "PP94/2021", "nomor": "R-77/BKN/2026", "tanggal": TODAY}})
        self.assertEqual(st, 200, body)
        # the PPK acts on it
        ppk = Client("ppk.blitar")
        st, case = ppk.call("GET", f"/api/v1/cases/{cid}")
        self.assertEqual(st, 200)
        party = case["terlapor"][0]
        self.assertEqual(party["status"], "rekomendasi_terbit")
        self.assertEqual(party["rekomendasi"]["otoritas"], "BKN")
        self.assertEqual(party["tenggat"]["clock"], "tindak_lanjut_ppk")
        st, body = ppk.call("POST", f"/api/v1/cases/{cid}/transitions",
                            {"ke": "sanksi_dijatuhkan", "nip": nip, "data": {"nomor_sk": "800/12/409/2026", "tanggal_sk": TODAY}})
        self.assertEqual(st, 200, body)
        st, body = oto.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "selesai", "nip": nip})
        self.assertEqual(st, 200, body)
        st, body = bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "selesai"})
        self.assertEqual(st, 200, body)
        st, case = bw.call("GET", f"/api/v1/cases/{cid}")
        self.assertEqual(case["status"], "selesai")
        states = [(e["ke"], e["oleh"]) for e in case["riwayat"]]
        self.assertIn(("rekomendasi_terbit", "otoritas"), states)
        self.assertIn(("sanksi_dijatuhkan", "ppk.blitar"), states)

    def test_illegal_transition_is_refused_with_reason_and_changes_nothing(self):
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        st, body = bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "diteruskan"})
        self.assertEqual(st, 409)
        self.assertIn("tidak diperbolehkan", body["error"]["message"])
        self.assertEqual(bw.call("GET", f"/api/v1/cases/{cid}")[1]["status"], "temuan")
        st, body = bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "terbang"})
        self.assertEqual(st, 422)

    def test_extension_once_within_deadline(self):
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "diregistrasi"})
        due = bw.call("GET", f"/api/v1/cases/{cid}")[1]["tenggat"]["due"]
        st, body = bw.call("POST", f"/api/v1/cases/{cid}/extension", {"alasan": "Saksi belum hadir"})
        self.assertEqual(st, 200, body)
        self.assertGreater(body["tenggat"]["due"], due)
        self.assertEqual(bw.call("POST", f"/api/v1/cases/{cid}/extension", {"alasan": "lagi"})[0], 409)


class T02bDemo(unittest.TestCase):
    def test_the_demo_has_a_current_election_with_work_in_progress(self):
        year = TODAY[:4]
        api = Client("bawaslu.blitar")
        ids = [e["id"] for e in api.call("GET", "/api/v1/elections")[1]]
        self.assertIn("pilbup-blitar-2020", ids)  # the history stays
        self.assertIn(f"pilbup-blitar-{year}", ids)
        st, body = api.call("GET", f"/api/v1/cases?limit=200&pemilihan=pilbup-blitar-{year}")
        self.assertGreaterEqual(body["total"], 5)
        con = connect()
        final = {r[0] for r in con.execute("SELECT name FROM rule_case_states WHERE final=1")}
        con.close()
        self.assertFalse([c for c in body["items"] if c["status"] in final])
        # live deadlines: something due soon, not only years overdue
        due = api.call("GET", "/api/v1/cases/due?days=30")[1]
        self.assertTrue(due["segera"], due)
        self.assertTrue(all(0 <= d["tenggat"]["days_left"] <= 30 for d in due["segera"]))


class T03Scope(unittest.TestCase):
    def test_other_regions_case_is_invisible_and_unchangeable(self):
        blitar = Client("bawaslu.blitar")
        cid = blitar.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        tr = Client("bawaslu.trenggalek")
        self.assertEqual(tr.call("GET", f"/api/v1/cases/{cid}")[0], 404)
        self.assertEqual(tr.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "diregistrasi"})[0], 404)
        self.assertEqual(tr.call("PATCH", f"/api/v1/cases/{cid}", {"uraian": "x"})[0], 404)
        self.assertEqual(tr.call("GET", f"/api/v1/cases/{cid}/reporter")[0], 404)
        ids = [c["id"] for c in tr.call("GET", "/api/v1/cases?limit=500")[1]["items"]]
        self.assertNotIn(cid, ids)
        # the province above sees it
        self.assertEqual(Client("bawaslu.jatim").call("GET", f"/api/v1/cases/{cid}")[0], 200)
        self.assertEqual(Client("bawaslu.banten").call("GET", f"/api/v1/cases/{cid}")[0], 404)
        # and cannot create in another region
        st, body = tr.call("POST", "/api/v1/cases", new_temuan())
        self.assertEqual(st, 403)

    def test_ppk_and_authority_cannot_do_bawaslu_steps(self):
        blitar = Client("bawaslu.blitar")
        cid = blitar.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        ppk = Client("ppk.blitar")
        self.assertEqual(ppk.call("GET", f"/api/v1/cases/{cid}")[0], 404)
        self.assertEqual(ppk.call("POST", "/api/v1/cases", new_temuan())[0], 403)
        self.assertEqual(Client("otoritas").call("GET", f"/api/v1/cases/{cid}")[0], 404)

    def test_reporter_identity_only_for_handling_team_and_logged(self):
        blitar = Client("bawaslu.blitar")
        c = new_temuan(jalur="laporan", pelapor={"nama": "Pelapor Rahasia", "telepon": "0812000111"})
        cid = blitar.call("POST", "/api/v1/cases", c)[1]["id"]
        st, case = blitar.call("GET", f"/api/v1/cases/{cid}")
        self.assertTrue(case["ada_pelapor"])
        self.assertNotIn("Pelapor Rahasia", json.dumps(case))
        self.assertEqual(db_count("SELECT count(*) FROM cases WHERE " + blob_has("reporter_enc", "Pelapor Rahasia")), 0)
        self.assertEqual(Client("admin").call("GET", f"/api/v1/cases/{cid}/reporter")[0], 403)
        before = db_count("SELECT count(*) FROM audit WHERE action='pelapor.lihat'")
        st, who = blitar.call("GET", f"/api/v1/cases/{cid}/reporter?keperluan=undangan%20klarifikasi")
        self.assertEqual(st, 200)
        self.assertEqual(who["nama"], "Pelapor Rahasia")
        self.assertEqual(db_count("SELECT count(*) FROM audit WHERE action='pelapor.lihat'"), before + 1)


class T04Concurrency(unittest.TestCase):
    def test_registration_numbers_unique_and_gapless_under_concurrency(self):
        bw = Client("bawaslu.trenggalek")
        ids = []
        for _ in range(24):
            st, body = bw.call("POST", "/api/v1/cases", new_temuan("35.03", terlapor=[NIPS["35.03"][0]]))
            self.assertEqual(st, 201, body)
            ids.append(body["id"])
        year = int(TODAY[:4])
        before = db_count(f"SELECT coalesce(max(reg_seq),0) FROM cases WHERE office='35.03' AND reg_year={year}")

        def register(cid):
            c = Client("bawaslu.trenggalek")
            return c.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "diregistrasi"})

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as ex:
            results = list(ex.map(register, ids))
        self.assertTrue(all(st == 200 for st, _ in results), results)
        seqs = sorted(int(b["reg_no"].split("/")[0]) for _, b in results)
        self.assertEqual(seqs, list(range(before + 1, before + 25)))


class T05BadInput(unittest.TestCase):
    def assert_unchanged(self, fn):
        before = (db_count("SELECT count(*) FROM cases"), db_count("SELECT count(*) FROM audit"),
                  db_count("SELECT count(*) FROM case_events"))
        fn()
        after = (db_count("SELECT count(*) FROM cases"), db_count("SELECT count(*) FROM audit"),
                 db_count("SELECT count(*) FROM case_events"))
        self.assertEqual(before, after)

    def test_each_bad_case_input_gets_4xx_in_indonesian_naming_the_field(self):
        bw = Client("bawaslu.blitar")
        future = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600 + 3 * 86400))
        cases = [
            ({"kantor": "99.99"}, 422, "kantor"),
            ({"pemilihan": "pemilu-bulan-2099"}, 422, "pemilihan"),
            ({"terlapor": ["199001012015011999"]}, 422, "terlapor"),   # valid NIP, not in roster
            ({"terlapor": ["199013012015011001"]}, 422, "terlapor"),   # wrong NIP
            ({"tanggal_diketahui": future, "tanggal_kejadian": None}, 422, "tanggal_diketahui"),
            ({"tanggal_kejadian": "2020-01-01", "tanggal_diketahui": "2019-12-31"}, 422, "tanggal_kejadian"),
            ({"jalur": None}, 422, "jalur"),
            ({"uraian": "x" * 30000}, 422, "uraian"),
            ({"pelanggaran": ["Z1"]}, 422, "pelanggaran"),
        ]
        for over, code, field in cases:
            body = new_temuan(**over)
            body = {k: v for k, v in body.items() if v is not None}
            def go():
                st, resp = bw.call("POST", "/api/v1/cases", body)
                self.assertEqual(st, code, (over, resp))
                self.assertEqual(resp["error"]["field"], field, (over, resp))
                self.assertTrue(resp["error"]["message"])
            self.assert_unchanged(go)

    def test_malformed_json_invalid_utf8_and_oversized_body(self):
        bw = Client("bawaslu.blitar")
        for raw, code in [(b'{"jalur": "temuan",', 400), (b'[1,2]', 400), (b'', 400),
                          (b'{"jalur":"temuan","uraian":"\xff\xfe"}', 400),
                          (b'{"a":1,"a":2}', 400),
                          (b'{"uraian":"' + b"x" * 70000 + b'"}', 413)]:
            def go():
                st, body = bw.call("POST", "/api/v1/cases", raw=raw)
                self.assertEqual(st, code, raw[:40])
                self.assertIn("error", body)
            self.assert_unchanged(go)

    def test_hostile_strings_are_stored_as_data(self):
        bw = Client("bawaslu.blitar")
        evil = "'); DROP TABLE cases; -- <script>alert(1)</script> \u202e ☝"
        st, body = bw.call("POST", "/api/v1/cases", new_temuan(uraian=evil, tempat=evil))
        self.assertEqual(st, 201)
        st, case = bw.call("GET", f"/api/v1/cases/{body['id']}")
        self.assertEqual(case["uraian"], evil)
        st, found = bw.call("GET", "/api/v1/cases?q=" + urllib.parse.quote("DROP TABLE"))
        self.assertGreaterEqual(found["total"], 1)
        self.assertEqual(bw.call("GET", "/api/v1/cases/1%27%20OR%201=1")[0], 404)

    def test_roster_import_with_errors_changes_nothing_and_lists_lines(self):
        admin = Client("admin")
        csv = ("nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah,akun\n"
               "198501012010011111,Baru Satu,Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,Unit,35.05,\n"
               "19850101201001111,Pendek,Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,Unit,35.05,\n"
               "198501012010011112,Wilayah,Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,Unit,77.77,\n")
        before = db_count("SELECT count(*) FROM asn")
        st, body = admin.call("POST", "/api/v1/asn/import", raw=csv.encode(), headers={"Content-Type": "text/csv"})
        self.assertEqual(st, 422)
        self.assertEqual([r["line"] for r in body["report"]["invalid"]], [3, 4])
        self.assertEqual(db_count("SELECT count(*) FROM asn"), before)
        st, body = admin.call("POST", "/api/v1/asn/import?skip_invalid=1", raw=csv.encode())
        self.assertEqual(st, 200)
        self.assertEqual(body["imported"], 1)
        self.assertEqual(db_count("SELECT count(*) FROM asn"), before + 1)

    def test_election_import_validation(self):
        admin = Client("admin")
        good = {"id": "pilgub-jatim-2024", "name": "Pilgub Jatim 2024", "kind": "gubernur", "region": "35",
                "voting_date": "2024-11-27", "candidates": [{"number": 1, "names": ["Fiktif A", "Fiktif B"]}]}
        for over, field in [({"region": "99"}, "region"), ({"kind": "raja"}, "kind"),
                            ({"voting_date": "2024-13-01"}, "voting_date"), ({"candidates": []}, "candidates"),
                            ({"candidates": [{"number": 1, "names": ["A"]}, {"number": 1, "names": ["B"]}]}, "candidates.number")]:
            st, body = admin.call("POST", "/api/v1/elections", {**good, **over})
            self.assertEqual(st, 422, over)
            self.assertEqual(body["error"]["field"], field)
        self.assertEqual(admin.call("GET", "/api/v1/elections/pilgub-jatim-2024")[0], 404)
        st, body = admin.call("POST", "/api/v1/elections", good)
        self.assertEqual(st, 201, body)
        self.assertEqual(body["regime"], "pilkada")


class T06Evidence(unittest.TestCase):
    def test_upload_streams_hash_and_download_verifies(self):
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        data = b"\x89PNG\r\n\x1a\n" + os.urandom(300000)
        st, ev = bw.call("POST", f"/api/v1/cases/{cid}/evidence?nama=tangkapan.png&keterangan=akun%20FB",
                         raw=data, headers={"Content-Type": "image/png"})
        self.assertEqual(st, 201, ev)
        self.assertEqual(ev["sha256"], hashlib.sha256(data).hexdigest())
        self.assertEqual(ev["ukuran"], len(data))
        st, got = bw.call("GET", f"/api/v1/evidence/{ev['id']}")
        self.assertEqual(got, data)
        self.assertEqual(bw.last_headers["X-Content-SHA256"], ev["sha256"])
        self.assertEqual(Client("bawaslu.trenggalek").call("GET", f"/api/v1/evidence/{ev['id']}")[0], 404)
        # over the 1 MB limit of this server
        st, body = bw.call("POST", f"/api/v1/cases/{cid}/evidence?nama=besar.bin", raw=os.urandom(1100000))
        self.assertEqual(st, 413)
        self.assertEqual(len(bw.call("GET", f"/api/v1/cases/{cid}")[1]["bukti"]), 1)


    def test_evidence_is_shown_in_the_case_page_only_when_it_cannot_run(self):
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        files = {"layar.png": (b"\x89PNG\r\n\x1a\n" + os.urandom(3000), "image/png"),
                 "surat.pdf": (b"%PDF-1.4\n" + os.urandom(20000), "application/pdf"),
                 "catatan.txt": ("Saksi melihat unggahan pukul 09.00".encode(), "text/plain"),
                 "jebakan.html": (b"<html><script>alert(1)</script></html>", "text/html")}
        ids = {}
        for name, (data, ctype) in files.items():
            st, ev = bw.call("POST", f"/api/v1/cases/{cid}/evidence?nama={name}", raw=data,
                             headers={"Content-Type": ctype})
            self.assertEqual(st, 201, ev)
            ids[name] = ev["id"]
        for name, shown in (("layar.png", True), ("surat.pdf", True), ("catatan.txt", True), ("jebakan.html", False)):
            st, got = bw.call("GET", f"/api/v1/evidence/{ids[name]}?lihat=1", as_bytes=True)
            self.assertEqual((st, got), (200, files[name][0]))
            h = bw.last_headers
            self.assertTrue(h["Content-Disposition"].startswith("inline" if shown else "attachment"), name)
            if shown and not name.endswith(".pdf"):
                self.assertIn("sandbox", h["Content-Security-Policy"])  # nothing in it may run
            if shown:
                self.assertEqual(h["X-Frame-Options"], "SAMEORIGIN")
                self.assertIn("frame-ancestors 'self'", h["Content-Security-Policy"])
            else:
                self.assertEqual(h["X-Frame-Options"], "DENY")
            st, got = bw.call("GET", f"/api/v1/evidence/{ids[name]}", as_bytes=True)  # a download stays one
            self.assertTrue(bw.last_headers["Content-Disposition"].startswith("attachment"))
        page = Form()
        page.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        html = page.get(f"/kasus/{cid}")[1]
        self.assertIn(f'<img src="/api/v1/evidence/{ids["layar.png"]}?lihat=1"', html)
        self.assertIn(f'<iframe src="/api/v1/evidence/{ids["surat.pdf"]}?lihat=1"', html)
        self.assertIn(f'<iframe src="/api/v1/evidence/{ids["catatan.txt"]}?lihat=1"', html)
        self.assertNotIn(f'/api/v1/evidence/{ids["jebakan.html"]}?lihat=1', html)
        self.assertIn("surat.pdf</a> (19,5 KB)", html)  # 20,009 bytes, in words
        self.assertIn("<summary>SHA-256</summary>", html)


class T07Public(unittest.TestCase):
    def test_public_report_receipt_and_tracking(self):
        pub = Client()
        st, body = pub.call("POST", "/api/v1/public/reports",
                            {"kantor": "35.05", "pemilihan": "pilbup-blitar-2020", "tanggal_diketahui": TODAY,
                             "uraian": "Kepala sekolah mengajak guru memilih nomor 2",
                             "pelapor": {"nama": "Warga Wlingi", "email": "warga@example.org"}})
        self.assertEqual(st, 201, body)
        code = body["kode_tanda_terima"]
        self.assertNotIn("id", body)
        st, t = pub.call("GET", f"/api/v1/public/reports/{code.lower()}")
        self.assertEqual(st, 200)
        self.assertEqual(t["status"], "laporan_diterima")
        self.assertNotIn("Warga Wlingi", json.dumps(t))
        self.assertEqual(pub.call("GET", "/api/v1/public/reports/LP-XXXXX-XXXXX")[0], 404)
        st, body = pub.call("POST", "/api/v1/public/reports", {"kantor": "35.05", "rezim": "pilkada",
                                                               "tanggal_diketahui": TODAY, "uraian": "tanpa nama"})
        self.assertEqual(st, 422)
        self.assertEqual(body["error"]["field"], "pelapor")


class T08DueAndAudit(unittest.TestCase):
    def test_due_list_api_and_cli(self):
        bw = Client("bawaslu.blitar")
        st, due = bw.call("GET", "/api/v1/cases/due?days=7")
        self.assertEqual(st, 200)
        self.assertTrue(due["terlambat"])  # the 2020 demo cases still open
        self.assertTrue(all(r["kantor"].startswith("35.05") for r in due["terlambat"] + due["segera"]))
        self.assertEqual(bw.call("GET", "/api/v1/cases/due?days=abc")[0], 422)
        r = run_cli("case", "due", "--days", "3")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("terlambat", json.loads(r.stdout))

    def test_audit_verify_api(self):
        st, body = Client("admin").call("GET", "/api/v1/audit/verify")
        self.assertEqual(st, 200)
        self.assertTrue(body["ok"], body)
        self.assertEqual(Client("bawaslu.blitar").call("GET", "/api/v1/audit/verify")[0], 403)


class T09Cli(unittest.TestCase):
    def test_every_command_has_help(self):
        for cmd in ["init", "demo", "serve", "import", "case", "user", "audit"]:
            r = subprocess.run([BIN, cmd, "--help"], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, cmd)
            self.assertIn("Penggunaan", r.stdout)
        r = subprocess.run([BIN, "terbang"], capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)

    def test_every_documented_command_line_parses_as_documented(self):
        # Every `netral ...` line in README.md and docs/ (code blocks, and inline spans of
        # three words or more) and every synopsis the --help texts print must be accepted by
        # the command's own option table; NETRAL_ARGS_ONLY prints what was parsed.
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        lines = []
        for doc in ["README.md"] + sorted("docs/" + n for n in os.listdir(os.path.join(root, "docs"))):
            text = open(os.path.join(root, doc), encoding="utf-8").read()
            for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
                lines += [(doc, l) for l in block.splitlines() if re.match(r"\s*(\$ )?netral ", l)]
            for span in re.findall(r"`(netral [^`]+)`", text):
                if len(span.split()) >= 3:
                    lines.append((doc, span))
        subs = {}
        for cmd in ["init", "demo", "serve", "import", "case", "user", "audit", "patrol", "risk", "prevention", "exchange"]:
            r = subprocess.run([BIN, cmd, "--help"], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, cmd)
            found = re.findall(r"^  netral %s ([\w-]+)" % cmd, r.stdout, re.M)
            subs[cmd] = found
            for sub in found or [None]:
                h = subprocess.run([BIN, cmd] + ([sub] if sub else []) + ["--help"],
                                   capture_output=True, text=True)
                self.assertEqual(h.returncode, 0, (cmd, sub))
                text = re.sub(r"\n {5,}(?!netral )(?=\S)", " ", h.stdout)  # a synopsis continued on the next line
                for l in re.findall(r"^(?:Penggunaan: |\s+)(netral .*)$", text, re.M):
                    lines.append((f"netral {cmd} {sub or ''} --help", l))
        self.assertGreater(len(lines), 40)
        example = {"N": "3", "ID": "1", "SEQ": "1", "KB": "64", "MB": "1", "F": "0.5", "TTTT-BB-HH": "2026-12-01"}
        checked = 0
        for where, line in lines:
            words = shlex.split(line.strip().removeprefix("$ "), comments=True)
            for i, w in enumerate(words):  # the command ends where the shell's plumbing starts
                if w in (">", ">>", "|", "&&", ";") or w.startswith("2>"):
                    words = words[:i]
                    break
            if any("<" in w for w in words) or "--help" in words:
                continue  # a pattern ("netral <perintah>") or a help call, checked above
            if words[1] in subs and subs[words[1]] and len(words) == 2:
                continue  # the name of a command with subcommands, not a call
            argv = []
            for w in words[1:]:
                if w == "[opsi]":
                    continue
                w = w.replace("[=", "=").strip("[]")
                if not w.startswith("{") and "|" in w:
                    w = w.split("|")[0]
                argv.append(example.get(w, w))
            r = subprocess.run([BIN] + argv, capture_output=True, text=True,
                               env={**os.environ, "NETRAL_ARGS_ONLY": "1"})
            self.assertEqual(r.returncode, 0, f"{where}: {line}\n{r.stderr}")
            self.assertTrue(r.stdout.startswith("{"), f"{where}: {line}: {r.stdout[:200]}")
            parsed = json.loads(r.stdout)
            if "--data" in argv:  # a step's data reaches the step, never the rule directory
                self.assertEqual(parsed["options"]["data"], argv[argv.index("--data") + 1])
                self.assertNotIn("rules-dir", parsed["options"])
            checked += 1
        self.assertGreater(checked, 40)
        # and what is not declared is refused, naming the option
        r = subprocess.run([BIN, "case", "show", "1", "--data", "x"], capture_output=True, text=True,
                           env={**os.environ, "NETRAL_ARGS_ONLY": "1"})
        self.assertEqual(r.returncode, 2)
        self.assertIn("--data", r.stderr)
        r = subprocess.run([BIN, "serve", "--port", "80a"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--port", r.stderr)

    def test_an_installed_binary_finds_its_own_data_and_no_build_path(self):
        # PREFIX/bin/netral reads PREFIX/share/netral, whatever the working directory
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        prefix = os.path.join(TMP, "prefix")
        os.makedirs(os.path.join(prefix, "bin"), exist_ok=True)
        shutil.copy(BIN, os.path.join(prefix, "bin", "netral"))
        if not os.path.exists(os.path.join(prefix, "share", "netral")):
            shutil.copytree(os.path.join(root, "data"), os.path.join(prefix, "share", "netral"))
        env = {k: v for k, v in os.environ.items() if k not in ("NETRAL_DATA", "NETRAL_DB", "NETRAL_VAR")}
        r = subprocess.run([os.path.join(prefix, "bin", "netral"), "init", "--db", os.path.join(prefix, "x.db")],
                           capture_output=True, text=True, cwd="/", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Wilayah dimuat", r.stdout)
        with open(BIN, "rb") as f:
            self.assertNotIn(os.path.abspath(os.path.join(root, "data")).encode(), f.read())
        # alone, it says where it looked
        lone = os.path.join(TMP, "lone")
        os.makedirs(lone, exist_ok=True)
        shutil.copy(BIN, os.path.join(lone, "netral"))
        r = subprocess.run([os.path.join(lone, "netral"), "init", "--db", os.path.join(lone, "x.db")],
                           capture_output=True, text=True, cwd="/", env=env)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("/usr/share/netral", r.stderr)

    def test_roster_cli_reports_line_numbers_and_writes_nothing(self):
        path = os.path.join(TMP, "roster.csv")
        with open(path, "w") as f:
            f.write("nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah,akun\n"
                    "197001012000011201,Satu Benar,Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,U,35.05,\n"
                    "197001012000013201,Jenis Kelamin Tiga,Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,U,35.05,\n")
        before = db_count("SELECT count(*) FROM asn")
        r = run_cli("import", "roster", path)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("roster.csv:3:", r.stderr)
        self.assertIn("jenis kelamin", r.stderr)
        self.assertEqual(db_count("SELECT count(*) FROM asn"), before)
        r = run_cli("import", "roster", path, "--skip-invalid")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(db_count("SELECT count(*) FROM asn"), before + 1)

    def test_cli_steps_take_their_data_as_the_help_says(self):
        # `netral case --help`: transition ID --ke STATUS [--data JSON]; the rule data is
        # --rules-dir, so a step's --data is never taken for a directory
        path = os.path.join(TMP, "case-handover.json")
        with open(path, "w") as f:
            json.dump(new_temuan(), f)
        r = run_cli("case", "create", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        cid = str(json.loads(r.stdout)["id"])
        r = run_cli("case", "transition", cid, "--ke", "dilimpahkan", "--alasan", "pejabat provinsi",
                    "--data", '{"ke_wilayah":"35"}')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(db_count(f"SELECT office FROM cases WHERE id={cid}"), "35")
        r = run_cli("case", "transition", cid, "--ke", "kajian_awal", "--data", "{bukan json")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--data", r.stderr)
        r = run_cli("case", "show", cid, "--rules-dir", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data"))
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run_cli("case", "show", cid, "--rules-dir", os.path.join(TMP, "no-such-dir"))
        self.assertNotEqual(r.returncode, 0)

    def test_today_sets_the_date_the_program_believes(self):
        r = run_cli("case", "due", "--days", "3", "--today", "2020-10-05")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["hari_ini"], "2020-10-05")
        r = run_cli("case", "due", env={"NETRAL_TODAY": "2021-01-02"})
        self.assertEqual(json.loads(r.stdout)["hari_ini"], "2021-01-02")
        r = run_cli("case", "due", "--today", "2020-13-45")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--today", r.stderr)

    def test_cli_case_flow_and_errors(self):
        path = os.path.join(TMP, "case.json")
        with open(path, "w") as f:
            json.dump(new_temuan(), f)
        r = run_cli("case", "create", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        cid = str(json.loads(r.stdout)["id"])
        r = run_cli("case", "transition", cid, "--ke", "diteruskan")
        self.assertEqual(r.returncode, 2)
        self.assertIn("tidak diperbolehkan", r.stderr)
        r = run_cli("case", "transition", cid, "--ke", "diregistrasi")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run_cli("case", "show", "999999")
        self.assertEqual(r.returncode, 3)
        with open(path, "w") as f:
            f.write("{ not json")
        self.assertEqual(run_cli("case", "create", path).returncode, 2)


EVAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "eval")


def patrol(*args, input=None, env=None):
    return subprocess.run([BIN, "patrol", "--election", os.path.join(EVAL, "election.json"),
                           "--roster", os.path.join(EVAL, "roster.csv"), *args],
                          input=input, capture_output=True, env=env, timeout=600)


def findings(stdout):
    out = []
    for line in stdout.decode().splitlines():
        d = json.loads(line)
        d["evidence"].pop("captured_at")
        out.append(d)
    return out


class T10Patrol(unittest.TestCase):
    def test_bad_lines_are_counted_reported_and_do_not_stop_the_run(self):
        good = '{"platform":"facebook","id":"ok-1","kind":"post","author":{"handle":"a"},"text":"Ayo coblos Mas Rudi!"}'
        lines = [good.encode(), b"{not json", b'{"id":"x","kind":"poke","author":{}}',
                 b'{"id":"u","kind":"post","author":{"handle":"a"},"text":"pil\xff ih"}',
                 b'{"id":"bad-utf8","kind":"post","author":{"handle":"a"},"text":"\xc3\x28 coblos"}'.replace(b"\\xc3\\x28", b"\xc3\x28"),
                 b'{"id":"big","kind":"post","author":{"handle":"a"},"text":"' + b"a " * 5_000_000 + b'"}',
                 good.replace("ok-1", "ok-2").encode()]
        r = patrol("-", input=b"\n".join(lines) + b"\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        err = r.stderr.decode()
        self.assertIn("-:2:", err)
        self.assertIn("-:3:", err)
        self.assertIn("7 item dibaca", err)
        ids = [f["id"] for f in findings(r.stdout)]
        self.assertEqual(ids, ["ok-1", "ok-2"])

    def test_csv_input_with_flattened_columns(self):
        path = os.path.join(TMP, "posts.csv")
        with open(path, "w") as f:
            f.write("platform,id,kind,author.handle,author.name,text,target.author.handle\n")
            f.write('facebook,c-1,post,a,Budi,"Dukung Cak Wahyu, menang!",\n')
            f.write("facebook,c-2,like,b,Siti,,wahyudewi2024\n")
            f.write("facebook,c-3,post,c,Andi,Selamat pagi,\n")
        r = patrol(path)
        self.assertEqual(r.returncode, 0, r.stderr)
        got = {f["id"]: f for f in findings(r.stdout)}
        self.assertEqual(sorted(got), ["c-1", "c-2"])
        self.assertEqual(got["c-2"]["violation"], "D6")

    def test_two_jobs_give_the_same_output_as_one(self):
        one = patrol("--all", os.path.join(EVAL, "items.jsonl"))
        two = patrol("--all", "--jobs", "2", os.path.join(EVAL, "items.jsonl"))
        self.assertEqual(one.returncode, 0)
        self.assertEqual(findings(one.stdout), findings(two.stdout))

    def test_db_is_idempotent_and_a_lexicon_change_updates_scores(self):
        items = os.path.join(EVAL, "items.jsonl")
        r = patrol("--db", f"--db={DB}", items)
        self.assertEqual(r.returncode, 0, r.stderr)
        n = db_count("SELECT count(*) FROM patrol_findings")
        self.assertGreater(n, 300)
        self.assertEqual(patrol("--db", f"--db={DB}", items).returncode, 0)
        self.assertEqual(db_count("SELECT count(*) FROM patrol_findings"), n)
        data = os.path.join(TMP, "data")
        if not os.path.exists(data):
            shutil.copytree(os.path.join(EVAL, "..", "..", "data"), data)
        cues = json.load(open(os.path.join(data, "lexicon", "cues.json")))
        for g in cues["support"]:
            g["weight"] = round(g["weight"] * 0.5, 3)
        cues["version"] = "uji-ubah"
        json.dump(cues, open(os.path.join(data, "lexicon", "cues.json"), "w"))
        r = patrol("--db", f"--db={DB}", "--rules-dir", data, items)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(db_count("SELECT count(*) FROM patrol_findings"), n)
        self.assertGreater(db_count("SELECT count(*) FROM patrol_findings WHERE lexicon LIKE '%uji-ubah%'"), 0)

    def test_unknown_election_file_fails_cleanly(self):
        r = subprocess.run([BIN, "patrol", "--election", "/nonexistent.json", "-"], input=b"", capture_output=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(b"pemilihan", r.stderr)


class T11PatrolReview(unittest.TestCase):
    def test_finding_to_temuan_with_evidence(self):
        post = {"platform": "facebook", "id": "rv-1", "kind": "post", "created_at": TODAY + "T08:00:00+07:00",
                "url": "https://facebook.example/rv-1", "author": {"handle": "akun.baru", "name": "Tanpa Nama"},
                "text": "Ayo coblos Mas Har nomor 1, lanjutkan!"}
        patrol_posts(self, post)
        bw = Client("bawaslu.blitar")
        st, rows = bw.call("GET", "/api/v1/patrol/findings?verdict=partisan&limit=500")
        self.assertEqual(st, 200)
        fid = [x["id"] for x in rows if x["item_id"] == "rv-1"][0]
        st, body = bw.call("POST", f"/api/v1/patrol/findings/{fid}/review", {"aksi": "eskalasi"})
        self.assertEqual(st, 409, body)  # not linked to an ASN yet
        nip = NIPS["35.05"][1]
        st, body = bw.call("POST", f"/api/v1/patrol/findings/{fid}/review", {"aksi": "konfirmasi_tautan", "nip": nip})
        self.assertEqual(st, 200, body)
        self.assertEqual(body["nip"], nip)
        self.assertEqual(body["link_method"], "manual")
        st, body = bw.call("POST", f"/api/v1/patrol/findings/{fid}/review", {"aksi": "eskalasi"})
        self.assertEqual(st, 200, body)
        self.assertEqual(body["status"], "dieskalasi")
        st, case = bw.call("GET", f"/api/v1/cases/{body['case_id']}")
        self.assertEqual(case["status"], "temuan")
        self.assertEqual([p["nip"] for p in case["terlapor"]], [nip])
        self.assertEqual(len(case["bukti"]), 1)
        ev = case["bukti"][0]
        st, raw = bw.call("GET", f"/api/v1/evidence/{ev['id']}", as_bytes=True)
        self.assertEqual(json.loads(raw)["id"], "rv-1")
        self.assertEqual(hashlib.sha256(raw).hexdigest(), ev["sha256"])
        self.assertEqual(bw.call("POST", f"/api/v1/patrol/findings/{fid}/review", {"aksi": "abaikan", "alasan": "x"})[0], 409)
        self.assertEqual(bw.call("POST", f"/api/v1/patrol/findings/{fid}/review", {"aksi": "terbang"})[0], 422)
        # another regency's staff cannot see a finding about a Blitar civil servant
        self.assertEqual(Client("bawaslu.trenggalek").call("GET", f"/api/v1/patrol/findings/{fid}")[0], 404)
        self.assertEqual(Client("ppk.blitar").call("GET", "/api/v1/patrol/findings")[0], 403)
        self.assertGreater(db_count("SELECT count(*) FROM audit WHERE action='patroli.tinjau'"), 1)


class Form(Client):
    """A browser-like client: form posts, no redirect following, HTML answers."""

    def __init__(self):
        super().__init__()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def post(self, path, fields):
        if path == "/masuk" and "csrf" not in fields:  # as a browser does: the form, then its post
            page = self.get("/masuk")[1]
            m = re.search(r'name="csrf" value="([^"]+)"', page)
            fields = {**fields, "csrf": m.group(1) if m else ""}
        data = urllib.parse.urlencode(fields).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=data, method="POST")
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
        return self.fetch(req)

    def get(self, path):
        return self.fetch(urllib.request.Request(f"http://127.0.0.1:{PORT}{path}"))

    def post_multipart(self, path, fields, files, port=None):
        """files: [(field, filename, bytes)]"""
        boundary = "----netral" + os.urandom(8).hex()
        out = []
        for k, v in fields.items():
            out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode() + v.encode() + b"\r\n")
        for k, name, data in files:
            out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                       f'Content-Type: application/octet-stream\r\n\r\n'.encode() + data + b"\r\n")
        out.append(f"--{boundary}--\r\n".encode())
        req = urllib.request.Request(f"http://127.0.0.1:{port or PORT}{path}", data=b"".join(out), method="POST")
        req.add_header("Content-Type", "multipart/form-data; boundary=" + boundary)
        return self.fetch(req)

    def fetch(self, req):
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.read().decode(), r.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(), e.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class T12Pages(unittest.TestCase):
    def test_public_portal_rules_report_receipt_status(self):
        b = Form()
        st, html, h = b.get("/")
        self.assertEqual(st, 200)
        self.assertIn("D6", html)
        self.assertIn("lang=\"id\"", html)
        self.assertIn("form-action 'self'", h["Content-Security-Policy"])
        st, css, h = b.get("/static/app.css")
        self.assertEqual(h["Content-Type"], "text/css; charset=utf-8")
        st, html, _ = b.get("/lapor")
        self.assertIn('<label for="uraian">', html)
        st, html, _ = b.post("/lapor", {"jalur": "laporan", "pemilihan": "pilbup-blitar-2020",
                                        "tanggal_diketahui": TODAY, "tempat": XSS, "terlapor": "Camat " + XSS,
                                        "uraian": "Mengajak memilih " + XSS, "nama": "Warga " + XSS})
        self.assertEqual(st, 201, html)
        code = html.split('class="receipt" aria-label="Kode tanda terima">')[1].split("<")[0]
        self.assertRegex(code, r"^LP-[0-9A-Z]{5}-[0-9A-Z]{5}$")
        st, html, _ = b.get("/status?kode=" + code)
        self.assertIn("Laporan diterima", html)
        self.assertNotIn("Warga", html)
        # a tip without identity also gets a receipt
        st, html, _ = b.post("/lapor", {"jalur": "informasi_awal", "pemilihan": "pilbup-blitar-2020",
                                        "tanggal_diketahui": TODAY, "terlapor": "Kepala desa", "uraian": "Membagikan stiker"})
        self.assertEqual(st, 201, html)
        # a laporan without the reporter's name is refused, with the reason on the form
        st, html, _ = b.post("/lapor", {"jalur": "laporan", "pemilihan": "pilbup-blitar-2020",
                                        "tanggal_diketahui": TODAY, "terlapor": "X", "uraian": "Y"})
        self.assertEqual(st, 422)
        self.assertIn('role="alert"', html)
        st, html, _ = b.get("/status?kode=LP-00000-00000")
        self.assertIn("tidak ditemukan", html)

    def test_staff_login_inbox_case_page_and_steps(self):
        b = Form()
        st, html, _ = b.post("/masuk", {"username": "bawaslu.blitar", "password": "salah-sekali"})
        self.assertEqual(st, 401)
        self.assertEqual(b.get("/kasus")[0], 303)  # not logged in: to the login page
        st, _, h = b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        self.assertEqual(st, 303)
        self.assertIn("HttpOnly", h["Set-Cookie"])
        api = Client("bawaslu.blitar")
        cid = api.call("POST", "/api/v1/cases", new_temuan(uraian=XSS, judul="Judul " + XSS))[1]["id"]
        st, html, _ = b.get("/kasus?q=Judul")
        self.assertIn(f'href="/kasus/{cid}"', html)
        self.assertNotIn("<script>alert", html)
        st, html, _ = b.get(f"/kasus/{cid}")
        self.assertEqual(st, 200)
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("<img src=x", html)
        self.assertIn("&lt;script&gt;", html)
        # the steps grouped by what they do: onward first, the stop/close steps apart, each of
        # those with its consequence and a confirmation box
        groups = re.findall(r'<div class="step-group step-group-(\w+)"[^>]*><h3[^>]*>([^<]*)</h3>(.*?)</div>', html, re.S)
        kinds = [g[0] for g in groups]
        self.assertEqual(kinds, sorted(kinds, key=["lanjut", "alih", "akhir"].index), kinds)
        self.assertIn("lanjut", kinds)
        self.assertIn("akhir", kinds)
        for kind, label, body in groups:
            steps = re.findall(r'name="ke" value="([a-z_]+)"', body)
            self.assertTrue(steps, kind)
            for step in steps:
                final = db_count(f"SELECT final FROM rule_case_states WHERE name='{step}'")
                self.assertEqual(bool(final), kind == "akhir" or step == "diteruskan_lain", step)
            if kind == "akhir":
                self.assertEqual(label, "Menghentikan atau menutup kasus")
                self.assertEqual(body.count('name="konfirmasi"'), len(steps))
                self.assertEqual(body.count("Akibat langkah ini"), len(steps))
        csrf = html.split('name="csrf" value="')[1].split('"')[0]
        self.assertEqual(b.post(f"/kasus/{cid}/langkah", {"csrf": "salah", "ke": "diregistrasi"})[0], 403)
        st, _, h = b.post(f"/kasus/{cid}/langkah", {"csrf": csrf, "ke": "diregistrasi"})
        self.assertEqual(st, 303)
        self.assertEqual(api.call("GET", f"/api/v1/cases/{cid}")[1]["status"], "diregistrasi")
        # a step that closes the case asks for its consequence to be confirmed
        st, html, _ = b.post(f"/kasus/{cid}/langkah", {"csrf": csrf, "ke": "selesai"})
        self.assertEqual(st, 422)
        self.assertIn("Centang konfirmasi", html)
        self.assertEqual(api.call("GET", f"/api/v1/cases/{cid}")[1]["status"], "diregistrasi")
        st, html, _ = b.post(f"/kasus/{cid}/langkah", {"csrf": csrf, "ke": "selesai", "konfirmasi": "1"})
        self.assertEqual(st, 409)
        self.assertIn("tidak diperbolehkan", html)
        other = Form()
        other.post("/masuk", {"username": "bawaslu.trenggalek", "password": PASSWORD})
        self.assertEqual(other.get(f"/kasus/{cid}")[0], 404)


class T16PortalEvidence(unittest.TestCase):
    FIELDS = {"jalur": "laporan", "pemilihan": "pilbup-blitar-2020", "tanggal_diketahui": TODAY,
              "terlapor": "Sekretaris kecamatan", "uraian": "Mengunggah ajakan memilih", "nama": "Warga"}

    def test_a_refused_report_comes_back_as_typed_with_the_reason_beside_the_field(self):
        typed = dict(self.FIELDS, nama="", tempat="Pasar Wlingi <b>", uraian="Kepala desa membagikan kaos paslon 2",
                     telepon="0812 3456 789", email="warga@contoh.id")
        st, html, _ = Form().post_multipart("/lapor", typed, [("bukti", "foto-pasar.jpg", b"\xff\xd8\xff" + b"j" * 100)])
        self.assertEqual(st, 422, html)
        # the values typed are still there, escaped
        self.assertIn('value="Pasar Wlingi &lt;b&gt;"', html)
        self.assertIn(">Kepala desa membagikan kaos paslon 2</textarea>", html)
        self.assertIn('value="0812 3456 789"', html)
        self.assertIn('<option value="pilbup-blitar-2020" selected>', html)
        # the message is beside the field, in the field's words, and summarised at the top
        self.assertIn('id="nama-salah"', html)
        self.assertIn('aria-invalid="true" aria-describedby="nama-salah"', html)
        self.assertIn('<a href="#nama">Nama lengkap:', html)
        self.assertLess(html.index("ringkasan-salah"), html.index("<form"))
        self.assertNotIn("kolom 'nama'", html)
        # and the file must be chosen again, by name
        self.assertIn("<strong>foto-pasar.jpg</strong>", html)

    def test_report_with_files_records_their_sha256(self):
        png = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)
        pdf = b"%PDF-1.4 " + os.urandom(200000)
        st, html, _ = Form().post_multipart("/lapor", self.FIELDS, [("bukti", "layar.png", png), ("bukti", "surat.pdf", pdf),
                                                                    ("bukti", "", b"")])
        self.assertEqual(st, 201, html)
        self.assertIn("<dt>Berkas bukti yang diterima</dt><dd>2</dd>", html)
        con = connect()
        rows = con.execute("SELECT filename, content_type, size, sha256, uploader FROM evidence ORDER BY id DESC LIMIT 2").fetchall()
        con.close()
        got = {r[0]: r for r in rows}
        self.assertEqual(got["layar.png"][1:4], ("image/png", len(png), hashlib.sha256(png).hexdigest()))
        self.assertEqual(got["surat.pdf"][1:4], ("application/pdf", len(pdf), hashlib.sha256(pdf).hexdigest()))
        self.assertEqual(got["surat.pdf"][4], "publik")

    def test_bad_files_refused_and_nothing_written(self):
        con = connect()
        before = con.execute("SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM evidence)").fetchone()
        # six files: over the per-report count
        st, html, _ = Form().post_multipart("/lapor", self.FIELDS, [("bukti", f"f{i}.png", b"x" * 10) for i in range(6)])
        self.assertEqual(st, 429, html)
        self.assertIn("paling banyak 5 berkas", html)
        # an empty file with a name
        st, html, _ = Form().post_multipart("/lapor", self.FIELDS, [("bukti", "kosong.png", b"")])
        self.assertEqual(st, 422, html)
        self.assertIn("kosong", html)
        # over the 1 MB evidence limit of this server
        st, html, _ = Form().post_multipart("/lapor", self.FIELDS, [("bukti", "besar.bin", b"z" * (1024 * 1024 + 10))])
        self.assertEqual(st, 413, html)
        self.assertIn("melebihi batas", html)
        # a valid file but an invalid report: the file is not kept as evidence
        bad = dict(self.FIELDS, pemilihan="tidak-ada")
        st, html, _ = Form().post_multipart("/lapor", bad, [("bukti", "ok.png", b"\x89PNG\r\n\x1a\nabc")])
        self.assertEqual(st, 422, html)
        after = con.execute("SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM evidence)").fetchone()
        con.close()
        self.assertEqual(before, after)

    def test_rate_limits_answer_with_a_clear_message(self):
        # the counters live in the database: a copy of it, so this server's limits start afresh
        srv, port = start_server_on_copy("limit", ["--report-limit", "2", "--track-limit", "3"])
        try:
            b = Form()
            codes = [b.post_multipart("/lapor", self.FIELDS, [], port=port)[0] for _ in range(3)]
            self.assertEqual(codes, [201, 201, 429])
            st, html, _ = b.post_multipart("/lapor", self.FIELDS, [], port=port)
            self.assertIn("Terlalu banyak laporan dari alamat Anda (batas 2 per 60 menit)", html)
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/public/reports/LP-00000-00000")
            codes = []
            for _ in range(4):
                try:
                    codes.append(urllib.request.urlopen(req, timeout=30).status)
                except urllib.error.HTTPError as e:
                    codes.append(e.code)
                    body = json.loads(e.read())
            self.assertEqual(codes, [404, 404, 404, 429])
            self.assertEqual(body["error"]["code"], "rate_limited")
        finally:
            srv.terminate()
            self.assertEqual(srv.wait(timeout=30), 0)


def call_from(source, port, method, path, body=None):
    """One JSON request from a given loopback address (127.0.0.N), as another client would."""
    import http.client
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    c.request(method, path, body=json.dumps(body) if body is not None else None,
              headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    try:
        return r.status, json.loads(data)
    except ValueError:
        return r.status, data


class T20Abuse(unittest.TestCase):
    def test_login_guessing_is_throttled_per_account_and_address_across_restarts(self):
        srv, port = start_server_on_copy("brute", [])
        try:
            login = lambda src, u, pw: call_from(src, port, "POST", "/api/v1/login", {"username": u, "password": pw})[0]
            # an attacker guesses at one account and logs in to their own between guesses: the
            # success never buys more guesses (it once reset the counter: 45 guesses, no 429)
            codes = []
            for i in range(9):
                codes.append(login("127.0.0.1", "bawaslu.blitar", f"tebakan-{i}"))
                if codes[-1] == 429:
                    break
                self.assertEqual(login("127.0.0.1", "bawaslu.trenggalek", PASSWORD), 200)
            self.assertEqual(codes[:5], [401] * 5)
            self.assertEqual(codes[-1], 429, codes)
            st, body = call_from("127.0.0.1", port, "POST", "/api/v1/login", {"username": "bawaslu.blitar", "password": PASSWORD})
            self.assertEqual(st, 429)  # even the right password waits while the back-off runs
            self.assertIn("Coba lagi dalam", body["error"]["message"])
            # another address is not held back by this one's failures on other accounts
            self.assertEqual(login("127.0.0.2", "bawaslu.trenggalek", PASSWORD), 200)
            # guessing many accounts from one address: the address is throttled
            codes = [login("127.0.0.3", f"tidak.ada.{i}", "tebakan") for i in range(16)]
            self.assertEqual(codes[:10], [401] * 10)
            self.assertIn(429, codes[10:])
            self.assertEqual(login("127.0.0.4", "bawaslu.trenggalek", PASSWORD), 200)
            # kept in the database, by keyed hash only: not an address, not a name
            con = connect(srv.db)
            rows = con.execute("SELECT kind, key, count FROM throttle").fetchall()
            con.close()
            self.assertTrue(any(k == "login-ip" and n >= 10 for k, _, n in rows), rows)
            self.assertFalse(any("127.0.0" in k or "blitar" in k for _, k, _ in rows))
        finally:
            srv.terminate()
            self.assertEqual(srv.wait(timeout=30), 0)
        # a restart forgets nothing: once the running back-off is over, the next failure from
        # that address starts a longer one at once (a fresh counter would allow 10 more)
        srv2 = subprocess.Popen([BIN, "serve", "--db", srv.db, "--var", srv.var, "--port", str(port)],
                                stdout=open(os.path.join(TMP, "server-brute2.log"), "w"), stderr=subprocess.STDOUT)
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            codes = []
            deadline = time.time() + 60
            while time.time() < deadline and codes[-1:] != [401]:
                codes.append(call_from("127.0.0.3", port, "POST", "/api/v1/login",
                                       {"username": "tidak.ada.lagi", "password": "x"})[0])
                if codes[-1] == 429:
                    time.sleep(0.5)
            self.assertEqual(codes[-1], 401, codes)
            st, _ = call_from("127.0.0.3", port, "POST", "/api/v1/login", {"username": "tidak.ada.lagi", "password": "x"})
            self.assertEqual(st, 429)
        finally:
            srv2.terminate()
            srv2.wait(timeout=30)

    def test_a_ppk_sees_only_its_own_agencys_asn_everywhere(self):
        con = connect()
        own, own_name = con.execute("SELECT a.nip, a.name FROM asn a JOIN agencies g ON g.id=a.agency_id WHERE "
                                    "g.name='Pemerintah Kabupaten Blitar' ORDER BY a.nip DESC LIMIT 1").fetchone()
        other, other_name = con.execute("SELECT a.nip, a.name FROM asn a JOIN agencies g ON g.id=a.agency_id WHERE "
                                        "g.name LIKE 'Kantor Kementerian Agama Kabupaten Blitar' ORDER BY a.nip DESC "
                                        "LIMIT 1").fetchone()
        con.close()
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan(terlapor=[own, other], judul="Kasus dua instansi"))[1]["id"]
        for to in ["diregistrasi", "klarifikasi", "kajian", "diteruskan"]:
            self.assertEqual(bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": to})[0], 200, to)
        oto = Client("otoritas")
        st, body = oto.call("POST", f"/api/v1/cases/{cid}/transitions",
                            {"ke": "rekomendasi_terbit", "nip": own,
                             "data": {"sanksi": "teguran_tertulis", "dasar": "PP94/2021", "nomor": "R-77/BKN/2026",
                                      "tanggal": TODAY}, "alasan": "uji cakupan: tingkat lain"})
        self.assertEqual(st, 200, body)
        api = Client("ppk.blitar")
        page = Form()
        page.post("/masuk", {"username": "ppk.blitar", "password": PASSWORD})
        seen = {}
        for path in [f"/api/v1/cases/{cid}", "/api/v1/cases/due?days=60", "/api/v1/cases?limit=500", "/api/v1/stats"]:
            st, body = api.call("GET", path)
            self.assertEqual(st, 200, path)
            seen[path] = json.dumps(body)
        for path in [f"/kasus/{cid}", "/tenggat?hari=60", "/terlapor", "/terlapor?limit=500", "/dasbor",
                     "/ekspor/terlapor.csv", "/ekspor/tenggat.csv", "/ekspor/kasus.csv"]:
            st, body, _ = page.get(path)
            self.assertEqual(st, 200, path)
            seen[path] = body
        self.assertIn(own, seen[f"/api/v1/cases/{cid}"])
        leaks = [p for p, text in seen.items() if other in text or other_name in text]
        self.assertEqual(leaks, [], "the other agency's ASN shows in these")
        self.assertEqual(api.call("GET", f"/api/v1/asn/{other}")[0], 404)
        self.assertEqual(page.get(f"/asn/{other}")[0], 404)
        # and the figures count only their own agency's reported ASN
        stats = json.loads(seen["/api/v1/stats"])
        self.assertEqual({r["label"] for r in stats["asn_per_instansi"]}, {"Pemerintah Kabupaten Blitar"})
        # the same count as the list of reported ASN the PPK can open
        listed = int(re.search(r'data-total="(\d+)"', seen["/terlapor"]).group(1))
        self.assertEqual(sum(r["count"] for r in stats["asn_per_instansi"]), listed)

    def test_a_regency_office_writes_only_its_own_registry(self):
        bw = Client("bawaslu.blitar")
        con = connect()
        before = con.execute("SELECT region, (SELECT " + ("string_agg(names, ',')" if PG else "group_concat(names)") + " FROM candidates WHERE "
                             "election_id='pilbup-trenggalek-2020') FROM elections WHERE id='pilbup-trenggalek-2020'").fetchone()
        con.close()
        el = {"id": "pilbup-trenggalek-2020", "name": "Diganti", "kind": "bupati", "region": "35.05",
              "voting_date": "2020-12-09", "candidates": [{"number": 1, "names": ["Calon Palsu"]}]}
        st, body = bw.call("POST", "/api/v1/elections", el)  # another regency's election, moved here
        self.assertEqual(st, 403, body)
        st, body = bw.call("POST", "/api/v1/elections", dict(el, id="pilbup-lain-2026", region="35.03"))
        self.assertEqual(st, 403, body)  # a new election in another regency
        st, body = bw.call("POST", "/api/v1/elections", dict(el, id="pilgub-jatim-2024", region="35", kind="gubernur"))
        self.assertEqual(st, 403, body)  # the province's
        con = connect()
        after = con.execute("SELECT region, (SELECT " + ("string_agg(names, ',')" if PG else "group_concat(names)") + " FROM candidates WHERE "
                            "election_id='pilbup-trenggalek-2020') FROM elections WHERE id='pilbup-trenggalek-2020'").fetchone()
        self.assertEqual(after, before)
        elsewhere = NIPS["35.03"][0]
        row = con.execute("SELECT region, agency_id, (SELECT count(*) FROM asn_accounts WHERE nip=asn.nip) "
                          "FROM asn WHERE nip=?", (elsewhere,)).fetchone()
        con.close()
        header = "nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah,akun\n"
        good = NIPS["35.05"][3]
        csv = (header + f"{good},Nama Tetap,Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,U,35.05,facebook:tetap.ok\n"
               f"{elsewhere},Dipindah,Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,U,35.05,\n"
               f"197001012000011999,Baru Di Luar,Staf,pelaksana,II/a,Pemerintah Kabupaten Trenggalek,U,35.03,\n")
        st, body = bw.call("POST", "/api/v1/asn/import?skip_invalid=1", raw=csv.encode(), headers={"Content-Type": "text/csv"})
        self.assertEqual(st, 200, body)
        bad = {r["line"]: r for r in body["invalid"]}
        self.assertEqual(sorted(bad), [3, 4], body)
        self.assertIn("di luar wilayah kerja Anda", bad[3]["message"])
        self.assertEqual(body["imported"], 1)
        con = connect()
        self.assertEqual(con.execute("SELECT region, agency_id, (SELECT count(*) FROM asn_accounts WHERE nip=asn.nip) "
                                     "FROM asn WHERE nip=?", (elsewhere,)).fetchone(), row)
        self.assertIsNone(con.execute("SELECT 1 FROM asn WHERE nip='197001012000011999'").fetchone())
        # a file without the akun column keeps the accounts already known
        accounts = con.execute("SELECT count(*) FROM asn_accounts WHERE nip=?", (good,)).fetchone()[0]
        self.assertGreater(accounts, 0)
        con.close()
        csv = "nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah\n" + \
              f"{good},Nama Tetap,Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,U,35.05\n"
        self.assertEqual(bw.call("POST", "/api/v1/asn/import", raw=csv.encode(), headers={"Content-Type": "text/csv"})[0], 200)
        self.assertEqual(db_count(f"SELECT count(*) FROM asn_accounts WHERE nip='{good}'"), accounts)

    def test_a_refused_review_changes_nothing(self):
        post = {"platform": "facebook", "id": "scope-1", "kind": "post", "created_at": TODAY + "T08:00:00+07:00",
                "author": {"handle": "akun.tak.dikenal", "name": "Tanpa Nama"}, "text": "Ayo coblos Mas Har sekarang"}
        patrol_posts(self, post)
        bw = Client("bawaslu.blitar")
        fid = [x["id"] for x in bw.call("GET", "/api/v1/patrol/findings?limit=500")[1] if x["item_id"] == "scope-1"][0]
        # an unlinked finding belongs to the office of its election, not to every office
        self.assertNotIn(fid, [x["id"] for x in Client("bawaslu.trenggalek").call("GET", "/api/v1/patrol/findings?limit=500")[1]])
        self.assertEqual(Client("bawaslu.trenggalek").call("GET", f"/api/v1/patrol/findings/{fid}")[0], 404)
        row = lambda: tuple(connect().execute(
            "SELECT nip, status, reviewed_by, link_method FROM patrol_findings WHERE id=?", (fid,)).fetchone())
        before, audits = row(), db_count("SELECT count(*) FROM audit")
        st, body = bw.call("POST", f"/api/v1/patrol/findings/{fid}/review",
                           {"aksi": "konfirmasi_tautan", "nip": NIPS["35.03"][0]})
        self.assertEqual(st, 422, body)
        self.assertEqual(row(), before)
        self.assertEqual(db_count("SELECT count(*) FROM audit"), audits)
        st, body = bw.call("POST", f"/api/v1/patrol/findings/{fid}/review",
                           {"aksi": "konfirmasi_tautan", "nip": NIPS["35.05"][0]})
        self.assertEqual(st, 200, body)

    def test_the_reporter_identity_opens_only_for_the_handling_office(self):
        blitar = Client("bawaslu.blitar")
        c = new_temuan(jalur="laporan", pelapor={"nama": "Pelapor Tersembunyi", "telepon": "0812000222"})
        cid = blitar.call("POST", "/api/v1/cases", c)[1]["id"]
        path = f"/api/v1/cases/{cid}/reporter?keperluan=klarifikasi"
        views = lambda: db_count("SELECT count(*) FROM audit WHERE action='pelapor.lihat'")
        before = views()
        # the province and the national office see the case, but not who reported it
        for user in ["bawaslu.jatim", "bawaslu.ri"]:
            st, body = Client(user).call("GET", path)
            self.assertEqual(st, 403, (user, body))
            self.assertIn("kantor Bawaslu yang menangani", body["error"]["message"])
        self.assertEqual(views(), before)
        self.assertEqual(blitar.call("GET", path)[1]["nama"], "Pelapor Tersembunyi")
        # handed to the province: the province's office now handles it; Blitar no longer does
        st, body = blitar.call("POST", f"/api/v1/cases/{cid}/transitions",
                               {"ke": "dilimpahkan", "alasan": "pejabat provinsi", "data": {"ke_wilayah": "35"}})
        self.assertEqual(st, 200, body)
        self.assertEqual(Client("bawaslu.jatim").call("GET", path)[0], 200)
        self.assertEqual(blitar.call("GET", path)[0], 404)  # nor is the case in its scope any more
        self.assertEqual(views(), before + 2)
        # the rule is data: a regulation that lets the office above read it is one line
        rules = os.path.join(TMP, "rules-wider")
        if not os.path.exists(rules):
            shutil.copytree(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data"), rules)
        pj = os.path.join(rules, "rules", "privacy.json")
        doc = json.load(open(pj))
        doc["reporter_identity"]["levels_above"] = 1
        json.dump(doc, open(pj, "w"))
        cid2 = blitar.call("POST", "/api/v1/cases", c)[1]["id"]
        srv, port = start_server_on_copy("wider", ["--rules-dir", rules])
        try:
            global PORT
            saved, PORT = PORT, port
            try:
                self.assertEqual(Client("bawaslu.jatim").call("GET", f"/api/v1/cases/{cid2}/reporter")[0], 200)
                self.assertEqual(Client("bawaslu.ri").call("GET", f"/api/v1/cases/{cid2}/reporter")[0], 403)
            finally:
                PORT = saved
        finally:
            srv.terminate()
            srv.wait(timeout=30)

    def test_the_authority_reads_only_the_asn_forwarded_to_it(self):
        oto = Client("otoritas")
        st, rows = oto.call("GET", "/api/v1/asn?limit=500")
        self.assertEqual(st, 200)
        con = connect()
        forwarded = {r[0] for r in con.execute(
            "SELECT DISTINCT nip FROM case_parties WHERE state IN (SELECT name FROM rule_party_states WHERE with_authority=1)")}
        never = con.execute("SELECT nip FROM asn WHERE nip NOT IN (SELECT nip FROM case_parties) LIMIT 1").fetchone()[0]
        total = con.execute("SELECT count(*) FROM asn").fetchone()[0]
        con.close()
        items = rows["items"] if isinstance(rows, dict) else rows
        self.assertTrue(items)
        self.assertLess(len(items), total)
        self.assertTrue({r["nip"] for r in items} <= forwarded)
        self.assertEqual(oto.call("GET", f"/api/v1/asn/{never}")[0], 404)
        self.assertEqual(oto.call("GET", f"/api/v1/asn/{sorted(forwarded)[0]}")[0], 200)
        # their page lists only the cases the authority can open, and no patrol findings
        st, person = Client("ppk.blitar").call("GET", f"/api/v1/asn/{NIPS['pemkab-blitar'][0]}")
        self.assertEqual(st, 200)
        self.assertEqual(person["findings"], [])
        for case in person["cases"]:
            self.assertEqual(Client("ppk.blitar").call("GET", f"/api/v1/cases/{case['id']}")[0], 200)

    def test_slow_clients_cannot_take_the_server(self):
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
        srv, port = start_server_on_copy("slow", ["--header-timeout", "3", "--per-address-limit", "16"])
        socks = []
        try:
            # 2,000 clients from one address that send half a request line and stop
            for _ in range(2000):
                s = socket.socket()
                s.bind(("127.0.0.7", 0))
                try:
                    s.connect(("127.0.0.1", port))
                    s.send(b"GET /kasus HTTP/1.1\r\n")
                except OSError:
                    pass
                socks.append(s)
            # everyone else is still served, at once
            for _ in range(20):
                t = time.time()
                st, body = call_from("127.0.0.8", port, "GET", "/healthz")
                self.assertEqual(st, 200)
                self.assertLess(time.time() - t, 2)
            # a client sending one header line at a time is cut off at the header limit
            d = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.9", 0))
            d.send(b"GET / HTTP/1.1\r\n")
            t, closed = time.time(), None
            d.settimeout(1)
            while time.time() - t < 15 and closed is None:
                try:
                    d.send(b"X-Pelan: 1\r\n")
                    if d.recv(100) == b"":
                        closed = time.time() - t
                except socket.timeout:
                    pass
                except OSError:
                    closed = time.time() - t
            self.assertIsNotNone(closed)
            self.assertLess(closed, 8)
            # and so is a body that trickles in
            b = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.10", 0))
            b.send(b"POST /api/v1/public/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   b"Content-Length: 100000\r\n\r\n{")
            t, closed = time.time(), None
            b.settimeout(1)
            while time.time() - t < 20 and closed is None:
                try:
                    b.send(b" ")
                    if b.recv(100) == b"":
                        closed = time.time() - t
                except socket.timeout:
                    pass
                except OSError:
                    closed = time.time() - t
            self.assertIsNotNone(closed)
            self.assertLess(closed, 12)
        finally:
            for s in socks:
                s.close()
            srv.terminate()
            self.assertEqual(srv.wait(timeout=30), 0)
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    def full_disk_import_changes_nothing(self):
        d = os.path.join(TMP, "full")
        os.makedirs(d, exist_ok=True)
        db = copy_database(d, "full")
        sqlite3.connect(db).execute("PRAGMA journal_mode=WAL").fetchone()
        csv = os.path.join(d, "roster.csv")
        with open(csv, "w") as f:
            # larger than the database itself, so its journal cannot fit under the limit below
            f.write(subprocess.run([BIN, "demo", "--write-roster", "60000", "--region", "35.05"],
                                   capture_output=True, text=True).stdout)
        before = sqlite3.connect(db).execute("SELECT count(*) FROM asn").fetchone()[0]
        size = os.path.getsize(db)

        def full_disk():
            import resource, signal
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (size + 100000, size + 100000))
        r = subprocess.run([BIN, "import", "roster", csv, "--db", db], preexec_fn=full_disk,
                           capture_output=True, text=True, timeout=300)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("diimpor: 0", r.stdout)
        self.assertIn("penyimpanan penuh", r.stderr)
        self.assertEqual(sqlite3.connect(db).execute("SELECT count(*) FROM asn").fetchone()[0], before)

    def test_failures_tell_the_truth_and_leave_nothing_behind(self):
        # a full disk (the file-size limit makes every write past it fail, as ENOSPC does):
        # the import says nothing was imported, and nothing was
        # (a file's size limit is SQLite's: PostgreSQL's own disk is another process's)
        if not PG:
            self.full_disk_import_changes_nothing()
        # an upload killed half-way leaves a temporary file: the next start removes it
        tmpdir = os.path.join(VAR, "evidence", "tmp")
        os.makedirs(tmpdir, exist_ok=True)
        stale = os.path.join(tmpdir, "upload-mati01")
        open(stale, "wb").write(b"x" * 1000)
        os.utime(stale, (time.time() - 3600, time.time() - 3600))  # untouched for an hour
        live = os.path.join(tmpdir, "upload-lain01")  # another instance's upload in progress
        open(live, "wb").write(b"y" * 1000)
        srv = subprocess.Popen([BIN, "serve", "--db", DB, "--port", str(free_port())],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            if not os.path.exists(stale):
                break
            time.sleep(0.05)
        srv.terminate()
        srv.wait(timeout=30)
        self.assertFalse(os.path.exists(stale))
        self.assertTrue(os.path.exists(live))  # left to the instance writing it
        os.remove(live)
        # every stored evidence file belongs to a record: refused uploads left none behind
        ev = os.path.join(VAR, "evidence")
        files = {n for sub in os.listdir(ev) if len(sub) == 2 for n in os.listdir(os.path.join(ev, sub))}
        con = connect()
        rows = {r[0] for r in con.execute("SELECT sha256 FROM evidence UNION SELECT sha256 FROM prevention_files")}
        con.close()
        self.assertEqual(files - rows, set())

    def test_concurrent_reports_cannot_overrun_the_limit(self):
        srv, port = start_server_on_copy("burst", ["--report-limit", "10"])
        report = {"kantor": "35.05", "pemilihan": "pilbup-blitar-2020", "tanggal_diketahui": TODAY,
                  "uraian": "Kepala dinas mengajak pegawai memilih nomor 2",
                  "pelapor": {"nama": "Warga Kanigoro", "email": "warga@example.org"}}
        try:
            with concurrent.futures.ThreadPoolExecutor(50) as ex:
                codes = list(ex.map(lambda _: call_from("127.0.0.5", port, "POST", "/api/v1/public/reports", report)[0],
                                    range(50)))
            self.assertEqual(codes.count(201), 10, codes)
            self.assertEqual(codes.count(429), 40, codes)
            # a refused report gives its place back: an invalid one does not use up the limit
            st, _ = call_from("127.0.0.6", port, "POST", "/api/v1/public/reports", {"kantor": "35.05"})
            self.assertEqual(st, 422)
            ok = [call_from("127.0.0.6", port, "POST", "/api/v1/public/reports", report)[0] for _ in range(11)]
            self.assertEqual(ok.count(201), 10, ok)
        finally:
            srv.terminate()
            self.assertEqual(srv.wait(timeout=30), 0)


class T17CaseForms(unittest.TestCase):
    def test_complete_a_public_report_and_add_evidence_from_the_case_page(self):
        st, html, _ = Form().post("/lapor", {"jalur": "laporan", "pemilihan": "pilbup-blitar-2020", "tanggal_diketahui": TODAY,
                                             "terlapor": "Kasi Pemerintahan", "uraian": "Foto bersama paslon", "nama": "Warga"})
        self.assertEqual(st, 201)
        con = connect()
        cid = con.execute("SELECT max(id) FROM cases").fetchone()[0]
        con.close()
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        st, html, _ = b.get(f"/kasus/{cid}")
        self.assertIn('id="form-ubah"', html)
        csrf = html.split('name="csrf" value="')[1].split('"')[0]
        nip = NIPS["35.05"][1]
        st, html, _ = b.post(f"/kasus/{cid}/ubah", {"csrf": csrf, "tempat": "Alun-alun " + XSS, "terlapor": nip + "\n", "pl_D2": "1"})
        self.assertEqual(st, 303, html)
        case = Client("bawaslu.blitar").call("GET", f"/api/v1/cases/{cid}")[1]
        self.assertEqual([p["nip"] for p in case["terlapor"]], [nip])
        self.assertEqual([v["code"] for v in case["pelanggaran"]], ["D2"])
        # a wrong NIP: refused with the reason, nothing added
        st, html, _ = b.post(f"/kasus/{cid}/ubah", {"csrf": csrf, "terlapor": "123"})
        self.assertEqual(st, 422)
        self.assertIn("NIP", html)
        self.assertNotIn("<script>alert", html)
        # evidence from the page
        data = b"%PDF-1.7 surat " + os.urandom(100)
        st, html, _ = b.post_multipart(f"/kasus/{cid}/bukti", {"csrf": csrf}, [("bukti", "surat.pdf", data)])
        self.assertEqual(st, 303, html)
        case = Client("bawaslu.blitar").call("GET", f"/api/v1/cases/{cid}")[1]
        self.assertEqual(case["bukti"][-1]["sha256"], hashlib.sha256(data).hexdigest())
        self.assertEqual(b.post_multipart(f"/kasus/{cid}/bukti", {"csrf": "x"}, [("bukti", "a.pdf", data)])[0], 403)
        # another regency cannot add evidence
        o = Form()
        o.post("/masuk", {"username": "bawaslu.trenggalek", "password": PASSWORD})
        csrf2 = o.get("/kasus")[1].split('name="csrf" value="')[1].split('"')[0]
        self.assertEqual(o.post_multipart(f"/kasus/{cid}/bukti", {"csrf": csrf2}, [("bukti", "a.pdf", data)])[0], 404)


class T18ListsAndExports(unittest.TestCase):
    def login(self, user):
        b = Form()
        b.post("/masuk", {"username": user, "password": PASSWORD})
        return b

    def raw(self, b, path):
        req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}")
        try:
            with b.opener.open(req, timeout=60) as r:
                return r.status, r.read(), r.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers

    def test_inbox_filters_match_the_api(self):
        b = self.login("bawaslu.blitar")
        api = Client("bawaslu.blitar")
        for q in ["kategori=media_sosial", "tenggat=lewat", "tenggat=14", "pemilihan=pilbup-blitar-2020",
                  "status=diteruskan&kategori=kegiatan_partisan", "nip=" + NIPS["35.05"][0]]:
            total = api.call("GET", "/api/v1/cases?limit=1&" + q)[1]["total"]
            st, html, _ = b.get("/kasus?" + q)
            self.assertEqual(st, 200, q)
            self.assertIn(f'data-total="{total}"', html, q)
        # a category counts the cases with a code of that category
        con = connect()
        n = con.execute("SELECT count(DISTINCT v.case_id) FROM case_violations v JOIN cases c ON c.id=v.case_id "
                        "WHERE c.office LIKE '35.05%' AND v.code IN ('E2','E4','D2','D6')").fetchone()[0]
        con.close()
        self.assertEqual(api.call("GET", "/api/v1/cases?limit=1&kategori=media_sosial")[1]["total"], n)
        st, html, _ = b.get("/kasus?tenggat=besok")
        self.assertEqual(st, 422)
        self.assertIn("tenggat harus", html)
        # the agency filter answers on the API as on the page (it was always 422 on the API)
        con = connect()
        ag, n = con.execute("SELECT x.agency_id, count(DISTINCT c.id) FROM cases c JOIN case_parties p ON "
                            "p.case_id=c.id JOIN asn x ON x.nip=p.nip WHERE c.office LIKE '35.05%' "
                            "GROUP BY x.agency_id ORDER BY 2 DESC LIMIT 1").fetchone()
        con.close()
        st, body = api.call("GET", f"/api/v1/cases?limit=1&instansi={ag}")
        self.assertEqual(st, 200, body)
        self.assertEqual(body["total"], n)
        self.assertIn(f'data-total="{n}"', b.get(f"/kasus?instansi={ag}")[1])
        st, body = api.call("GET", "/api/v1/cases?instansi=satu")
        self.assertEqual((st, body["error"]["field"]), (422, "instansi"))
        st, html, _ = b.get("/kasus?kategori=" + urllib.parse.quote(XSS))
        self.assertEqual(st, 422)
        self.assertNotIn("<script>alert", html)

    def test_the_inbox_shows_who_what_where_and_sorts_by_urgency(self):
        b = self.login("bawaslu.blitar")
        api = Client("bawaslu.blitar")
        st, html, _ = b.get("/kasus?limit=50")
        self.assertEqual(st, 200)
        self.assertIn("diurutkan menurut tenggat terdekat", html)
        # the rows come by the days left on their deadlines: overdue first, none last
        listed = [int(x) for x in re.findall(r'<td data-label="Kasus"><a href="/kasus/(\d+)">', html)]
        items = {c["id"]: c for c in api.call("GET", "/api/v1/cases?limit=500")[1]["items"]}
        left = [items[i]["tenggat"]["days_left"] if "tenggat" in items[i] else 10 ** 9 for i in listed]
        self.assertEqual(left, sorted(left))
        # who, what and where, by name; the office by its name, the received date in words
        self.assertIn('<td data-label="Kantor">Kabupaten Blitar</td>', html)
        self.assertRegex(html, r'<td data-label="Terlapor">[^<]+, [^<]+, (Pemerintah|Kantor)')
        self.assertRegex(html, r'<td data-label="Dugaan">[DE]\d+: ')
        self.assertRegex(html, r'<td data-label="Diterima">\d{1,2} [A-Z][a-z]{2} \d{4}</td>')
        self.assertNotIn("+0 lainnya", html)
        # what waits for Bawaslu, as the authority and the PPK already had: each count is its list
        box = html.split('Menunggu tindakan Anda')[1].split("</section>")[0]
        tasks = re.findall(r'<a href="/kasus\?(status=\w+|tenggat=lewat)">[^<]+</a>: <strong>(\d+)</strong>', box)
        self.assertTrue(tasks, box)
        for q, n in tasks:
            self.assertEqual(api.call("GET", f"/api/v1/cases?limit=1&{q}")[1]["total"], int(n), q)
        # any column sorts; a wrong order is refused by name
        st, html2, _ = b.get("/kasus?urut=nomor&limit=20")
        ids = [int(x) for x in re.findall(r'<td data-label="Kasus"><a href="/kasus/(\d+)">', html2)]
        self.assertEqual(ids, sorted(ids, reverse=True))
        self.assertIn('href="/kasus?urut=status"', html2)
        st, html3, _ = b.get("/kasus?urut=nomor&status=kajian")
        self.assertIn('href="/kasus?status=kajian&amp;urut=diterima"', html3)
        self.assertEqual(api.call("GET", "/api/v1/cases?urut=acak")[1]["error"]["field"], "urut")
        # the reported ASN's and the violation's columns sort too, as they are shown
        for order, label, key in (("terlapor", "Terlapor", ("terlapor_utama", "nama")),
                                  ("dugaan", "Dugaan", ("pelanggaran_utama", "code"))):
            self.assertIn(f'href="/kasus?urut={order}">{label}</a>', html)
            self.assertEqual(b.get(f"/kasus?urut={order}&limit=100")[0], 200)
            rows = api.call("GET", f"/api/v1/cases?urut={order}&limit=200")[1]["items"]
            shown = [(r.get(key[0]) or {}).get(key[1], "") for r in rows]
            filled = [c for c in shown if c]
            self.assertTrue(filled)
            self.assertEqual(filled, sorted(filled, key=lambda t: t.encode()), order)
            self.assertEqual(shown[:len(filled)], filled)  # cases without one come last
        # the admin sees the same columns with names masked, and cannot sort by the masked names
        adm = self.login("admin")
        self.assertIn('<td data-label="Terlapor">(disamarkan), ', adm.get("/kasus?kantor=35.05")[1])
        self.assertNotIn('urut=terlapor', adm.get("/kasus?kantor=35.05")[1])
        self.assertEqual(Client("admin").call("GET", "/api/v1/cases?urut=terlapor")[0], 422)

    def test_prevention_and_risk_export_as_their_pages_list_them(self):
        import csv, io, zipfile
        def rows_of(b, name):
            st, body, h = self.raw(b, f"/ekspor/{name}.csv")
            self.assertEqual(st, 200, name)
            self.assertEqual(h["X-Content-SHA256"], hashlib.sha256(body).hexdigest())
            return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        bw, jatim = self.login("bawaslu.blitar"), self.login("bawaslu.jatim")
        audit = db_count("SELECT count(*) FROM audit WHERE action='ekspor'")
        # the risk index: the regions of the reader's scope, as the API gives them
        for b, user in [(bw, "bawaslu.blitar"), (jatim, "bawaslu.jatim")]:
            api = Client(user).call("GET", "/api/v1/risk")[1]["wilayah"]
            rows = rows_of(b, "risiko")
            self.assertEqual(rows[0][:5], ["Kode wilayah", "Wilayah", "Jenjang", "Skor", "Tingkat"])
            self.assertEqual([r[0] for r in rows[1:]], [w["kode"] for w in api])
            self.assertEqual([r[4] for r in rows[1:]], [w["tingkat_label"] for w in api])
        # the agreements, events and appeals of the office, parties and audiences in words
        for name, table in [("kesepakatan", "agreements"), ("kegiatan", "events"), ("imbauan", "appeals")]:
            rows = rows_of(bw, name)
            n = db_count(f"SELECT count(*) FROM {table} WHERE office LIKE '35.05%'")
            self.assertEqual(len(rows) - 1, n, name)
            self.assertTrue(all(r[rows[0].index("Kode kantor")].startswith("35.05") for r in rows[1:]), name)
            self.assertNotIn("_", "".join(",".join(r) for r in rows[1:]).replace("https://", ""), name)
        rows = rows_of(bw, "kesepakatan")
        self.assertTrue(all(";" in r[rows[0].index("Para pihak")] for r in rows[1:]))  # two parties or more
        rows = rows_of(bw, "kegiatan")
        self.assertTrue(any("Camat" in r[rows[0].index("Sasaran")] for r in rows[1:]))
        # the pledge coverage per agency, as the page shows it
        cov = Client("bawaslu.blitar").call("GET", "/api/v1/pledges/coverage")[1]["instansi"]
        rows = rows_of(bw, "ikrar")
        self.assertEqual([r[0] for r in rows[1:]], [c["label"] for c in cov])
        # XLSX the same rows; every export in the audit log; a role that may not, refused
        st, body, h = self.raw(bw, "/ekspor/kegiatan.xlsx")
        self.assertEqual(st, 200)
        sheet = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode()
        self.assertEqual(sheet.count("<row "), db_count("SELECT count(*) FROM events WHERE office LIKE '35.05%'") + 1)
        self.assertEqual(db_count("SELECT count(*) FROM audit WHERE action='ekspor'"), audit + 9)
        self.assertEqual(self.raw(self.login("otoritas"), "/ekspor/kesepakatan.csv")[0], 403)

    def test_exports_csv_and_xlsx_follow_filters_scope_and_privacy(self):
        b = self.login("bawaslu.blitar")
        api = Client("bawaslu.blitar")
        total = api.call("GET", "/api/v1/cases?limit=1&status=diteruskan")[1]["total"]
        st, body, h = self.raw(b, "/ekspor/kasus.csv?status=diteruskan")
        self.assertEqual(st, 200)
        self.assertEqual(h["X-Content-SHA256"], hashlib.sha256(body).hexdigest())
        import csv, io
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        self.assertEqual(rows[0][:2], ["No.", "Nomor registrasi"])
        self.assertEqual(len(rows) - 1, total)
        # labels, not codes; the first reported ASN and the office by name beside the codes
        self.assertTrue(all(r[3] == "Diteruskan ke otoritas kepegawaian" and r[4].startswith("35.05")
                            for r in rows[1:]))
        head = rows[0]
        self.assertEqual(head[6:10], ["Kantor", "Terlapor", "Jabatan terlapor", "Instansi terlapor"])
        self.assertTrue(all(r[6] == "Kabupaten Blitar" and r[7] for r in rows[1:]))
        self.assertNotIn("diteruskan", {r[3] for r in rows[1:]})
        # a title that a spreadsheet would run as a formula is exported as text
        cid = api.call("POST", "/api/v1/cases", new_temuan(judul='=HYPERLINK("http://x","klik")'))[1]["id"]
        st, body, _ = self.raw(b, "/ekspor/kasus.csv?q=HYPERLINK")
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        self.assertEqual([r[0] for r in rows[1:]], [str(cid)])
        self.assertTrue(rows[1][5].startswith("'="))
        # so is one that starts with a minus and a digit (a formula, not a number)
        for title in ["-2+3+cmd|' /C calc'!A0", "+1+cmd|x", "@SUM(1)"]:
            cid = api.call("POST", "/api/v1/cases", new_temuan(judul=title))[1]["id"]
            st, body, _ = self.raw(b, f"/ekspor/kasus.csv?q={urllib.parse.quote(title[1:6])}")
            rows = {r[0]: r for r in csv.reader(io.StringIO(body.decode("utf-8-sig")))}
            self.assertEqual(rows[str(cid)][5], "'" + title, title)
        # XLSX: a real workbook with the same rows
        st, body, h = self.raw(b, "/ekspor/kasus.xlsx?status=diteruskan")
        self.assertEqual(st, 200)
        self.assertIn("spreadsheetml", h["Content-Type"])
        import zipfile
        z = zipfile.ZipFile(io.BytesIO(body))
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        self.assertEqual(sheet.count("<row "), total + 1)
        # dates are real dates (a number of days with a date format), in the same order as the CSV
        st, body, _ = self.raw(b, "/ekspor/kasus.csv?status=diteruskan")
        csv_rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        cells = {m[0] + m[1]: (m[2], m[3]) for m in re.findall(
            r'<c r="([A-Z]+)(\d+)"([^>]*)>(.*?)</c>', sheet)}
        import datetime
        for title in ("Tanggal diketahui", "Tanggal diterima", "Status sejak"):
            col = chr(ord("A") + csv_rows[0].index(title))
            self.assertIn(title, cells[col + "1"][1])
            for n, row in enumerate(csv_rows[1:], start=2):
                iso = row[csv_rows[0].index(title)]
                attrs, inner = cells[col + str(n)]
                self.assertNotIn('t="', attrs, (title, n))  # a number, not text
                self.assertIn(' s="', attrs)                  # with its date format
                serial = float(re.search(r"<v>([^<]*)</v>", inner).group(1))
                self.assertEqual(datetime.date(1899, 12, 30) + datetime.timedelta(days=serial),
                                 datetime.date.fromisoformat(iso), (title, n))
        styles = z.read("xl/styles.xml").decode()
        self.assertIn('formatCode="dd/mm/yyyy"', styles)
        # labels, not codes, in the reported-ASN export too
        st, body, _ = self.raw(b, "/ekspor/terlapor.csv")
        prow = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        kinds = {r[prow[0].index("Jenis jabatan")] for r in prow[1:]}
        self.assertTrue(kinds and kinds <= {"Jabatan pimpinan tinggi (JPT)", "Jabatan administrator", "Jabatan pengawas",
                                            "Jabatan fungsional", "Jabatan pelaksana", "PPPK", "Kepala desa"}, kinds)
        self.assertTrue(all(r[prow[0].index("Kantor")] == "Kabupaten Blitar" for r in prow[1:]))
        # the reported-ASN list: names for Bawaslu, masked for the admin (privacy rules)
        st, body, _ = self.raw(b, "/ekspor/terlapor.csv")
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        self.assertEqual(rows[0][4:6], ["NIP", "Nama"])
        self.assertRegex(rows[1][4], r"^\d{18}$")
        adm = self.login("admin")
        st, body, _ = self.raw(adm, "/ekspor/terlapor.csv")
        rows_admin = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        self.assertGreater(len(rows_admin), len(rows) - 1)
        self.assertTrue(all(r[4] == "(disamarkan)" and r[5] == "(disamarkan)" for r in rows_admin[1:]))
        st, html, _ = adm.get("/terlapor")
        self.assertIn("disamarkan", html)
        # scope: Trenggalek's export has none of Blitar's cases
        st, body, _ = self.raw(self.login("bawaslu.trenggalek"), "/ekspor/kasus.csv")
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        self.assertTrue(rows[1:] and all(r[4].startswith("35.03") for r in rows[1:]))
        # exports are audited; unknown lists and formats refused; no login, no file
        self.assertGreater(db_count("SELECT count(*) FROM audit WHERE action='ekspor'"), 0)
        self.assertEqual(self.raw(b, "/ekspor/rahasia.csv")[0], 404)
        self.assertEqual(self.raw(b, "/ekspor/kasus.pdf")[0], 404)
        self.assertEqual(self.raw(b, "/ekspor/audit.csv")[0], 403)
        self.assertEqual(self.raw(Form(), "/ekspor/kasus.csv")[0], 303)

    def test_full_text_search(self):
        api = Client("bawaslu.blitar")
        cid = api.call("POST", "/api/v1/cases", new_temuan(judul="Camat Sukorejo", tempat="Pendopo Kanigoro",
                                                            uraian="Membagikan kalender bergambar pasangan calon"))[1]["id"]
        def ids(q):
            st, body = api.call("GET", "/api/v1/cases?limit=500&q=" + urllib.parse.quote(q))
            self.assertEqual(st, 200, (q, body))
            return [c["id"] for c in body["items"]]
        self.assertIn(cid, ids("kalender"))                 # a word of the narrative
        self.assertIn(cid, ids("kalend pendopo"))           # word prefixes, all required
        self.assertIn(cid, ids("KANIGORO"))                 # any case
        self.assertNotIn(cid, ids("kalender trenggalek"))
        # anything typed is words, never query syntax
        for q in ['"', "*", "AND", "NEAR(", "kalender OR x", XSS, "   ", "'; DROP TABLE cases; --"]:
            ids(q)
        self.assertNotIn(cid, ids("kalender OR pasar"))
        bw = Client("bawaslu.blitar")
        bw.call("PATCH", f"/api/v1/cases/{cid}", {"tempat": "Balai Desa Tambakan"})
        self.assertIn(cid, ids("tambakan"))                 # kept in step with edits
        self.assertNotIn(cid, ids("kanigoro"))
        bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "diregistrasi"})
        reg = api.call("GET", f"/api/v1/cases/{cid}")[1]["reg_no"]
        self.assertEqual(ids(reg), [cid])                   # the registration number

    def test_authority_and_ppk_see_what_waits_for_them(self):
        for user, state in [("otoritas", "diteruskan"), ("ppk.blitar", "rekomendasi_terbit")]:
            b = self.login(user)
            st, html, _ = b.get("/kasus")
            n = int(html.split(f'href="/terlapor?status={state}">')[1].split("<strong>")[1].split("<")[0])
            st, page, _ = b.get(f"/terlapor?status={state}")
            self.assertIn(f'data-total="{n}"', page, user)
            want = db_count("SELECT count(*) FROM case_parties p JOIN asn x ON x.nip=p.nip JOIN agencies g ON g.id=x.agency_id "
                            f"WHERE p.state='{state}'" + (" AND g.name='Pemerintah Kabupaten Blitar'" if user.startswith("ppk") else ""))
            self.assertEqual(n, want, user)

    def test_dashboard_asn_figures_and_zone_map_link_to_equal_lists(self):
        b = self.login("bawaslu.blitar")
        stats = Client("bawaslu.blitar").call("GET", "/api/v1/stats")[1]
        st, html, _ = b.get("/dasbor")
        for group, param in [("asn_per_kategori", "kategori"), ("asn_per_jabatan", "jenis_jabatan"),
                             ("asn_per_status", "status"), ("asn_per_instansi", "instansi")]:
            for row in stats[group][:3]:
                self.assertIn(f'href="/terlapor?{param}={row["key"]}"', html)
                st, page, _ = b.get(f"/terlapor?{param}={row['key']}")
                self.assertIn(f'data-total="{row["count"]}"', page, (group, row))
        self.assertIn('class="map"', html)
        for row in stats["asn_per_kabkota"]:
            self.assertIn(f'data-region="{row["key"]}" data-zone="{row["zona"]}">{row["count"]:,}<'.replace(",", "."), html)
            want = "merah" if row["count"] >= 5 else "kuning" if row["count"] >= 1 else "hijau"
            self.assertEqual(row["zona"], want)
            st, page, _ = b.get(f"/terlapor?wilayah={row['key']}")
            self.assertIn(f'data-total="{row["count"]}"', page)
        # nationwide users see provinces
        st, html, _ = self.login("bawaslu.ri").get("/dasbor")
        self.assertEqual(html.count("<path "), 38)
        self.assertNotIn("Di luar wilayah kerja Anda", html)  # the whole country is theirs
        self.assertNotIn('fill="#d9d9d9"', html)


class T19RegistryAndAdminPages(unittest.TestCase):
    def login(self, user):
        b = Form()
        b.post("/masuk", {"username": user, "password": PASSWORD})
        csrf = b.get("/registri")[1].split('name="csrf" value="')[1].split('"')[0]
        return b, csrf

    def test_roster_import_previews_errors_before_writing(self):
        b, csrf = self.login("bawaslu.blitar")
        csv = ("nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah,akun\n"
               "198602022011012001,Pratinjau Satu,Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,Unit,35.05,\n"
               "19860202201101200,Pendek,Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,Unit,35.05,\n"
               f"198602022011012003,{XSS},Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,Unit,77.77,\n")
        before = db_count("SELECT count(*) FROM asn")
        st, html, _ = b.post_multipart("/registri/asn/pratinjau", {"csrf": csrf}, [("roster", "roster.csv", csv.encode())])
        self.assertEqual(st, 200, html)
        self.assertIn("3 baris dibaca; 2 baris salah. Belum ada yang disimpan.", html)
        self.assertIn("<td data-label=\"Baris\">3</td><td data-label=\"Kolom\">nip</td>", html)
        self.assertIn("<td data-label=\"Baris\">4</td>", html)
        self.assertNotIn("<script>alert", html)
        self.assertEqual(db_count("SELECT count(*) FROM asn"), before)  # nothing written by the preview
        token = html.split('name="token" value="')[1].split('"')[0]
        # confirming with errors needs the explicit "skip invalid rows"
        st, html, _ = b.post("/registri/asn/impor", {"csrf": csrf, "token": token})
        self.assertEqual(st, 422)
        self.assertEqual(db_count("SELECT count(*) FROM asn"), before)
        st, html, _ = b.post("/registri/asn/impor", {"csrf": csrf, "token": token, "lewati": "1"})
        self.assertEqual(st, 200, html)
        self.assertIn("1 dari 3 baris disimpan.", html)
        self.assertEqual(db_count("SELECT count(*) FROM asn"), before + 1)
        # the token is spent; another user's token is not theirs
        self.assertEqual(b.post("/registri/asn/impor", {"csrf": csrf, "token": token, "lewati": "1"})[0], 404)
        st, html, _ = b.post_multipart("/registri/asn/pratinjau", {"csrf": csrf}, [("roster", "r.csv", csv.encode())])
        token = html.split('name="token" value="')[1].split('"')[0]
        o, ocsrf = self.login("bawaslu.trenggalek")
        self.assertEqual(o.post("/registri/asn/impor", {"csrf": ocsrf, "token": token, "lewati": "1"})[0], 404)
        self.assertEqual(o.post("/registri/asn/impor", {"csrf": ocsrf, "token": "../../etc/passwd"})[0], 422)
        # not a CSV at all
        st, html, _ = b.post_multipart("/registri/asn/pratinjau", {"csrf": csrf}, [("roster", "x.csv", b"\xff\xfe\x00garbage")])
        self.assertIn(st, (200, 422))
        self.assertIn('role="alert"' if st == 422 else "Belum ada yang disimpan", html)

    def test_registry_pages_regions_elections_agencies(self):
        b, csrf = self.login("bawaslu.blitar")
        st, html, _ = b.get("/registri?wilayah=35")
        self.assertIn("Kabupaten Blitar", html)
        self.assertIn('href="/registri/pemilihan/pilbup-blitar-2020"', html)
        st, html, _ = b.get("/registri/pemilihan/pilbup-blitar-2020")
        self.assertEqual(st, 200)
        self.assertIn("Nomor urut 1", html)
        st, html, _ = b.get("/registri?wilayah=99.99")
        self.assertIn('role="alert"', html)
        st, _, _ = b.post("/registri/instansi", {"csrf": csrf, "name": "Dinas Uji " + XSS, "region": "35.05"})
        self.assertEqual(st, 303)
        st, html, _ = b.get("/registri")
        self.assertIn("Dinas Uji &lt;script&gt;", html)
        st, html, _ = b.post("/registri/instansi", {"csrf": csrf, "name": "Dinas Luar", "region": "35.03"})
        self.assertEqual(st, 403)
        self.assertEqual(b.get("/registri/pemilihan/tidak-ada")[0], 404)

    def test_admin_users_and_audit_chain(self):
        b, csrf = self.login("admin")
        st, html, _ = b.get("/admin/pengguna")
        self.assertIn("bawaslu.blitar", html)
        st, html, _ = b.post("/admin/pengguna", {"csrf": csrf, "aksi": "buat", "username": "staf.baru", "name": "Staf " + XSS,
                                                 "role": "bawaslu", "region": "35.05", "password": "kata-sandi-panjang-1"})
        self.assertEqual(st, 200, html)
        self.assertIn("Pengguna staf.baru dibuat.", html)
        self.assertNotIn("<script>alert", html)
        self.assertEqual(Form().post("/masuk", {"username": "staf.baru", "password": "kata-sandi-panjang-1"})[0], 303)
        st, html, _ = b.post("/admin/pengguna", {"csrf": csrf, "aksi": "buat", "username": "X!", "name": "x", "role": "bawaslu",
                                                 "password": "kata-sandi-panjang-1"})
        self.assertEqual(st, 422)
        st, html, _ = b.post("/admin/pengguna", {"csrf": csrf, "aksi": "nonaktif", "username": "staf.baru"})
        self.assertIn("nonaktif", html)
        self.assertEqual(Form().post("/masuk", {"username": "staf.baru", "password": "kata-sandi-panjang-1"})[0], 401)
        st, html, _ = b.get("/admin/audit?periksa=1")
        self.assertIn("Rantai utuh", html)
        self.assertIn("pengguna", html)
        # newest first, each action in words, filtered by user, action, case and date
        seqs = [int(x) for x in re.findall(r'<td data-label="No.">(\d+)</td>', html)]
        self.assertEqual(seqs, sorted(seqs, reverse=True))
        self.assertIn("Pengguna dinonaktifkan", html)
        shown = re.sub(r"<[^>]*>", " ", html.split("<tbody>")[1])
        self.assertNotIn("pengguna.nonaktifkan", shown)
        self.assertNotRegex(shown, r"\{&quot;|\{\}")  # details in words, never raw JSON
        st, html, _ = b.get("/admin/audit?pelaku=admin&tindakan=pengguna.tambah")
        self.assertEqual(st, 200)
        rows = re.findall(r'<td data-label="Tindakan">([^<]*)</td>', html)
        self.assertTrue(rows)
        self.assertEqual(set(rows), {"Pengguna ditambahkan"})
        self.assertNotRegex(re.sub(r"<[^>]*>", " ", html), r"\d{4}-\d{2}-\d{2}T")  # times in words
        cid = Client("bawaslu.blitar").call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        st, html, _ = b.get(f"/admin/audit?kasus={cid}")
        self.assertEqual(set(re.findall(r'<td data-label="Objek" data-object="([^"]*)">', html)), {f"case:{cid}"})
        self.assertIn(f'<a href="/kasus/{cid}">Kasus {cid}</a>', html)
        self.assertIn("Kasus dibuat", html)
        st, html, _ = b.get("/admin/audit?dari=2001-01-01&sampai=2001-01-02")
        self.assertEqual(re.findall(r'<td data-label="No.">', html), [])
        self.assertEqual(b.get("/admin/audit?dari=kemarin")[0], 422)
        # not for other roles
        o, _ = self.login("bawaslu.blitar")
        self.assertEqual(o.get("/admin/pengguna")[0], 403)
        self.assertEqual(o.get("/admin/audit")[0], 403)


class T13Dashboard(unittest.TestCase):
    def test_dashboard_figures_equal_the_api_and_link_to_their_lists(self):
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        st, html, _ = b.get("/dasbor")
        self.assertEqual(st, 200)
        self.assertIn("<svg", html)
        api = Client("bawaslu.blitar")
        stats = api.call("GET", "/api/v1/stats")[1]
        for group, chart in [("kasus_per_status", "chart-status"), ("kasus_per_bulan", "chart-bulan"),
                             ("asn_per_kategori", "chart-kategori")]:
            section = html.split(f'id="{chart}"')[1].split("</section>")[0]
            shown = {}
            for cell in section.split('<td data-key="')[1:]:
                key, rest = cell.split('">', 1)
                shown[key] = int(rest.split("<", 1)[0].replace(".", ""))  # "2.185": Indonesian
            self.assertEqual(shown, {r["key"]: r["count"] for r in stats[group]}, group)
        total = sum(r["count"] for r in stats["kasus_per_status"])
        self.assertEqual(total, api.call("GET", "/api/v1/cases?limit=1")[1]["total"])
        month = stats["kasus_per_bulan"][0]
        self.assertIn(f'href="/kasus?bulan={month["key"]}"', html)
        self.assertEqual(api.call("GET", f"/api/v1/cases?bulan={month['key']}&limit=1")[1]["total"], month["count"])
        # another region sees its own figures
        other = Client("bawaslu.trenggalek").call("GET", "/api/v1/stats")[1]
        self.assertNotEqual(other["kasus_per_kantor"], stats["kasus_per_kantor"])
        self.assertEqual(Client().call("GET", "/api/v1/stats")[0], 401)

    def test_dashboard_filters_headline_and_funnel_equal_the_lists_behind_them(self):
        b = Form()
        b.post("/masuk", {"username": "bawaslu.jatim", "password": PASSWORD})
        api = Client("bawaslu.jatim")
        parties = ("FROM case_parties p JOIN cases c ON c.id=p.case_id WHERE c.office LIKE '35%'")
        stage_sql = {"dilaporkan": "1=1",
                     "diteruskan": "p.state IN (SELECT name FROM rule_party_states WHERE with_authority=1)",
                     "rekomendasi": "p.state IN (SELECT name FROM rule_party_states WHERE with_ppk=1)",
                     "sanksi": "p.decree IS NOT NULL"}
        filters = [({}, "1=1"),
                   ({"pemilihan": "pilbup-blitar-2020"}, "c.election_id='pilbup-blitar-2020'"),
                   ({"kantor": "35.03"}, "c.office LIKE '35.03%'"),
                   ({"dari": "2020-09-01", "sampai": "2020-10-31"},
                    "c.known_date >= '2020-09-01' AND c.known_date <= '2020-10-31'"),
                   ({"pemilihan": "pilbup-blitar-2026", "dari": "2026-01-01"},
                    "c.election_id='pilbup-blitar-2026' AND c.known_date >= '2026-01-01'")]
        for f, cond in filters:
            qs = urllib.parse.urlencode(f)
            st, stats = api.call("GET", "/api/v1/stats?" + qs)
            self.assertEqual(st, 200, stats)
            # the case total is the list's, and the database's
            want_cases = db_count(f"SELECT count(*) FROM cases c WHERE c.office LIKE '35%' AND {cond}")
            self.assertEqual(stats["jumlah_kasus"], want_cases, f)
            self.assertEqual(api.call("GET", "/api/v1/cases?limit=1&" + qs)[1]["total"], want_cases, f)
            # the funnel: each stage counted as the database has it, never more than the one before
            funnel = {row["key"]: row["count"] for row in stats["corong_asn"]}
            self.assertEqual(list(funnel), list(stage_sql))
            for key, sql in stage_sql.items():
                self.assertEqual(funnel[key], db_count(f"SELECT count(*) {parties} AND {cond} AND {sql}"), (f, key))
            counts = list(funnel.values())
            self.assertEqual(counts, sorted(counts, reverse=True), f)
            # the page shows them, each linking to the list that counts the same rows
            st, html, _ = b.get("/dasbor?" + qs)
            self.assertEqual(st, 200)
            self.assertIn("Data per ", html)
            for key, n in funnel.items():
                link = (f"/terlapor?tahap={key}" if key != "dilaporkan" else "/terlapor") + (("&" if key != "dilaporkan" else "?") + qs if qs else "")
                self.assertIn(f'href="{html_escape(link)}"', html, (f, key))
                st, page, _ = b.get(link)
                self.assertIn(f'data-total="{n}"', page, (f, key))
            # every chart's link carries the filter
            if qs and stats["kasus_per_status"]:
                self.assertIn(html_escape(f"/kasus?status={stats['kasus_per_status'][0]['key']}&" + qs), html)
        # each election its own months, as the database has them, each named in words
        for election in ("pilbup-blitar-2020", "pilbup-blitar-2026"):
            months = api.call("GET", f"/api/v1/stats?pemilihan={election}")[1]["kasus_per_bulan"]
            con = connect()
            want = {k: n for k, n in con.execute(
                "SELECT substr(known_date,1,7), count(*) FROM cases WHERE election_id=%s GROUP BY 1" % f"'{election}'")}
            con.close()
            self.assertEqual({r["key"]: r["count"] for r in months}, want)
            names = "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des".split()
            for r in months:
                self.assertEqual(r["label"], f'{names[int(r["key"][5:])-1]} {r["key"][:4]}')
        # a wrong period is refused in words, and shows no figures
        for bad, msg in [({"dari": "kemarin"}, "Tanggal awal periode"),
                         ({"dari": "2026-05-01", "sampai": "2026-04-01"}, "tidak boleh sebelum")]:
            qs = urllib.parse.urlencode(bad)
            st, out = api.call("GET", "/api/v1/stats?" + qs)
            self.assertEqual(st, 422, out)
            st, html, _ = b.get("/dasbor?" + qs)
            self.assertEqual(st, 422)
            self.assertIn(msg, html)
            self.assertNotIn("Angka utama", html)
        self.assertEqual(b.get("/terlapor?tahap=entah")[0], 422)
        # another province's office is not a way into its figures
        self.assertEqual(api.call("GET", "/api/v1/stats?kantor=36.01")[1]["jumlah_kasus"], 0)

    def test_dashboard_map_is_framed_on_the_users_area_and_prints(self):
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        st, html, _ = b.get("/dasbor")
        regencies = db_count("SELECT count(*) FROM regions WHERE parent='35'")
        drawn = re.findall(r'<path d="[^"]*" fill="', html)
        self.assertLess(len(drawn), regencies)  # the neighbourhood, not the whole province
        self.assertIn('class="fokus"', html)
        self.assertIn("Wilayah kerja Anda (garis tebal)", html)
        self.assertIn("Di luar wilayah kerja Anda", html)
        # every colour drawn has its legend entry
        legend = set(re.findall(r'<rect x="1" y="1" width="14" height="14" fill="(#[0-9a-fA-F]{6})"', html))
        self.assertTrue(set(re.findall(r'<path d="[^"]*" fill="(#[0-9a-fA-F]{6})"', html)) <= legend)
        # no raw position kind or month code shown as a label
        text = re.sub(r"<[^>]*>", " ", html)
        for code in ("kepala_desa", "2020-06"):
            self.assertNotIn(code, text)
        self.assertIn("Jabatan pelaksana", text)
        self.assertIn("Jun 2020", text)
        st, html, _ = b.get("/dasbor?cetak=1")
        self.assertIn('<body class="cetak">', html)
        self.assertIn("<details open>", html)


class T25Prevention(unittest.TestCase):
    def agreement(self, **over):
        doc = {"nomor": "001/PKS/" + os.urandom(3).hex(), "jenis": "pks", "tanggal": "2026-08-03",
               "ruang_lingkup": "Sosialisasi netralitas ASN dan pengawasan bersama media sosial",
               "tempat": "daring", "pemilihan": "pilbup-blitar-2026",
               "pihak": [{"jenis": "bawaslu", "nama": "Bawaslu Kabupaten Blitar", "penandatangan": "Ketua Contoh",
                          "jabatan": "Ketua"},
                         {"jenis": "pemda", "nama": "Pemerintah Kabupaten Blitar", "penandatangan": "Bupati Contoh",
                          "jabatan": "Bupati"}],
               "saksi": [{"penandatangan": "Saksi Contoh", "jabatan": "Asisten Deputi", "nama": "BKN"}]}
        doc.update(over)
        return doc

    def test_agreements_are_recorded_scoped_and_cover_the_elections_in_the_region(self):
        bw = Client("bawaslu.blitar")
        st, cov = bw.call("GET", "/api/v1/agreements/coverage")
        self.assertEqual(st, 200, cov)
        rows = {r["pemilihan"]: r for r in cov["pemilihan"]}
        self.assertIn("pilbup-blitar-2026", rows)  # the current election, in its region
        before_none = cov["tanpa_kesepakatan"]
        self.assertEqual(before_none, sum(1 for r in cov["pemilihan"] if not r["ada"]))
        covering = rows["pilbup-blitar-2026"]["kesepakatan"]  # other tests may have made some
        before = db_count("SELECT count(*) FROM agreements")
        audit = db_count("SELECT count(*) FROM audit")
        # refused, and nothing written: each with its field and in words
        bad = [({"tanggal": "2999-01-01"}, 422, "tanggal"),
               ({"jenis": "surat"}, 422, "jenis"),
               ({"pihak": [{"jenis": "bawaslu", "nama": "Bawaslu", "penandatangan": "Satu"}]}, 422, "pihak"),
               ({"pihak": [{"jenis": "bawaslu", "nama": "A", "penandatangan": "B"},
                           {"jenis": "partai", "nama": "C", "penandatangan": "D"}]}, 422, "pihak.2.jenis"),
               ({"pihak": [{"jenis": "bawaslu", "nama": "A", "penandatangan": "B"},
                           {"jenis": "pemda", "nama": "C"}]}, 422, "pihak.2.penandatangan"),
               ({"berlaku_dari": "2026-08-03", "berlaku_sampai": "2026-01-01"}, 422, "berlaku_sampai"),
               ({"pemilihan": "pilbup-trenggalek-2026"}, 422, "pemilihan"),
               ({"kantor": "35.03"}, 403, "kantor"),
               ({"kantor": "99.99"}, 422, "kantor"),
               ({"ruang_lingkup": XSS * 200}, 422, "ruang_lingkup")]
        for over, code, field in bad:
            st, body = bw.call("POST", "/api/v1/agreements", self.agreement(**over))
            self.assertEqual((st, body["error"]["field"]), (code, field), (over, body))
        self.assertEqual(db_count("SELECT count(*) FROM agreements"), before)
        self.assertEqual(db_count("SELECT count(*) FROM audit"), audit)
        # recorded: listed with its parties and witness, audited, and the election covered
        doc = self.agreement()
        st, body = bw.call("POST", "/api/v1/agreements", doc)
        self.assertEqual(st, 201, body)
        aid = body["id"]
        st, body = bw.call("POST", "/api/v1/agreements", self.agreement(nomor=doc["nomor"]))
        self.assertEqual((st, body["error"]["field"]), (409, "nomor"))  # same office and year
        self.assertIn("sudah tercatat", body["error"]["message"])
        items = {a["id"]: a for a in bw.call("GET", "/api/v1/agreements")[1]["items"]}
        got = items[aid]
        self.assertEqual([p["nama"] for p in got["pihak"]], ["Bawaslu Kabupaten Blitar", "Pemerintah Kabupaten Blitar"])
        self.assertEqual(got["saksi"][0]["penandatangan"], "Saksi Contoh")
        self.assertEqual(got["jenis_label"], "Perjanjian kerja sama (PKS)")
        self.assertTrue(got["berlaku"])
        self.assertEqual(db_count(f"SELECT count(*) FROM audit WHERE object='agreement:{aid}' AND action='kesepakatan.tambah'"), 1)
        cov = bw.call("GET", "/api/v1/agreements/coverage")[1]
        row = {r["pemilihan"]: r for r in cov["pemilihan"]}["pilbup-blitar-2026"]
        self.assertTrue(row["ada"])
        self.assertEqual(row["kesepakatan"], covering + 1)
        self.assertEqual(cov["tanpa_kesepakatan"], before_none - (1 if covering == 0 else 0))
        # those without one come first
        flags = [r["ada"] for r in cov["pemilihan"]]
        self.assertEqual(flags, sorted(flags))
        # the province sees it; another regency, a PPK and the authority do not
        self.assertIn(aid, [a["id"] for a in Client("bawaslu.jatim").call("GET", "/api/v1/agreements")[1]["items"]])
        self.assertNotIn(aid, [a["id"] for a in Client("bawaslu.trenggalek").call("GET", "/api/v1/agreements")[1]["items"]])
        for user in ("ppk.blitar", "otoritas"):
            self.assertEqual(Client(user).call("GET", "/api/v1/agreements")[0], 403)
            self.assertEqual(Client(user).call("POST", "/api/v1/agreements", self.agreement())[0], 403)

    def test_appeals_are_recorded_with_their_addressees_and_channels(self):
        bw = Client("bawaslu.blitar")
        doc = {"nomor": "010/IMB/" + os.urandom(3).hex(), "tanggal": "2026-10-01", "penerbit": "Ketua Bawaslu Kabupaten Blitar",
               "isi": "ASN dilarang memberikan dukungan kepada pasangan calon " + XSS, "dasar": "SKB netralitas ASN 2022",
               "tujuan": ["sekda", "camat", "sekolah"], "saluran": ["surat", "whatsapp"], "pemilihan": "pilbup-blitar-2026"}
        before, audit = db_count("SELECT count(*) FROM appeals"), db_count("SELECT count(*) FROM audit")
        for over, code, field in [({"tujuan": []}, 422, "tujuan"), ({"tujuan": ["presiden"]}, 422, "tujuan"),
                                  ({"tujuan": ["camat", "camat"]}, 422, "tujuan"), ({"saluran": ["merpati"]}, 422, "saluran"),
                                  ({"tanggal": "2999-01-01"}, 422, "tanggal"), ({"isi": "  "}, 422, "isi"),
                                  ({"kantor": "35.03"}, 403, "kantor"), ({"pemilihan": "pilbup-pandeglang-2026"}, 422, "pemilihan")]:
            st, body = bw.call("POST", "/api/v1/appeals", dict(doc, **over))
            self.assertEqual((st, body["error"]["field"]), (code, field), (over, body))
        self.assertEqual((db_count("SELECT count(*) FROM appeals"), db_count("SELECT count(*) FROM audit")), (before, audit))
        st, body = bw.call("POST", "/api/v1/appeals", doc)
        self.assertEqual(st, 201, body)
        self.assertEqual(bw.call("POST", "/api/v1/appeals", doc)[0], 409)
        got = {a["id"]: a for a in bw.call("GET", "/api/v1/appeals")[1]["items"]}[body["id"]]
        self.assertEqual([t["label"] for t in got["tujuan"]], ["Sekretaris daerah", "Camat", "Kepala sekolah dan guru"])
        self.assertEqual([t["value"] for t in got["saluran"]], ["surat", "whatsapp"])
        self.assertNotIn(body["id"], [a["id"] for a in Client("bawaslu.trenggalek").call("GET", "/api/v1/appeals")[1]["items"]])
        self.assertEqual(Client("ppk.blitar").call("GET", "/api/v1/appeals")[0], 403)
        # the page: a refused form keeps the ticks; the appeal in words after it is recorded
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        csrf = b.get("/pencegahan")[1].split('name="csrf" value="')[1].split('"')[0]
        form = {"csrf": csrf, "nomor": "011/IMB/" + os.urandom(3).hex(), "tanggal": "2026-10-02", "penerbit": "Ketua",
                "isi": "Jaga netralitas", "tujuan_camat": "1"}
        st, html, _ = b.post("/pencegahan/imbauan", form)
        self.assertEqual(st, 422)
        self.assertIn('name="tujuan_camat" value="1" checked', html)
        self.assertIn("pilih paling sedikit satu cara penyampaian", html.lower())
        form["saluran_laman"] = "1"
        st, html, _ = b.post("/pencegahan/imbauan", form)
        self.assertEqual(st, 200, html[:300])
        self.assertIn("Imbauan dicatat.", html)
        self.assertIn(f"Imbauan nomor {form['nomor']}, 2 Okt 2026", html)

    def test_the_prevention_page_records_an_agreement_and_keeps_a_refused_form(self):
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        st, html, _ = b.get("/pencegahan")
        self.assertEqual(st, 200)
        csrf = html.split('name="csrf" value="')[1].split('"')[0]
        nomor = "002/MoU/" + os.urandom(3).hex()
        form = {"csrf": csrf, "jenis": "mou", "nomor": nomor, "tanggal": "2026-07-14", "tempat": "Hotel Contoh",
                "ruang_lingkup": "Pakta integritas " + XSS, "pihak1_jenis": "bawaslu", "pihak1_nama": "Bawaslu Kabupaten Blitar",
                "pihak1_penandatangan": "Ketua Contoh", "pihak2_jenis": "pemda", "pihak2_nama": "Pemerintah Kabupaten Blitar",
                "pihak2_penandatangan": "", "pihak3_jenis": "korpri", "saksi1_penandatangan": "Saksi Satu"}
        st, html, _ = b.post("/pencegahan/kesepakatan", form)
        self.assertEqual(st, 422)
        self.assertIn(f'value="{nomor}"', html)                         # kept as typed
        self.assertIn('id="pihak2_penandatangan-salah">Penandatangan pihak 2', html)  # beside its field
        self.assertIn('href="#pihak2_penandatangan"', html)                # and in the summary
        self.assertEqual(db_count(f"SELECT count(*) FROM agreements WHERE number='{nomor}'"), 0)
        form["pihak2_penandatangan"] = "Bupati Contoh"
        st, _, h = b.post("/pencegahan/kesepakatan", form)
        self.assertEqual(st, 303)
        st, html, _ = b.get(h["Location"])
        self.assertIn("Kesepakatan kerja sama dicatat.", html)
        self.assertIn(f"Nota kesepahaman (MoU) nomor {nomor}", html)
        self.assertIn("Pakta integritas &lt;script&gt;", html)
        self.assertEqual(db_count(f"SELECT count(*) FROM agreement_parties p JOIN agreements g ON g.id=p.agreement_id "
                                  f"WHERE g.number='{nomor}'"), 3)  # two parties and a witness; the empty row left out
        ppk = Form()
        ppk.post("/masuk", {"username": "ppk.blitar", "password": PASSWORD})
        # a PPK sees its agency's pledges and events, not the office's agreements and appeals
        st, html, _ = ppk.get("/pencegahan")
        self.assertEqual(st, 200)
        self.assertNotIn("form-kesepakatan", html)
        self.assertNotIn(nomor, html)
        self.assertIn("form-ikrar", html)
        self.assertNotIn('href="/pencegahan"', ppk.get("/kasus")[1])
        self.assertIn('href="/pencegahan/kegiatan"', ppk.get("/kasus")[1])


class T27Risk(unittest.TestCase):
    def region(self, c, code):
        st, body = c.call("GET", f"/api/v1/risk/{code}")
        self.assertEqual(st, 200, body)
        return body

    def test_risk_index_explains_itself_follows_ikp_and_keeps_history(self):
        bw = Client("bawaslu.blitar")
        st, body = bw.call("POST", "/api/v1/risk/recompute")
        self.assertEqual(st, 200, body)
        st, lst = bw.call("GET", "/api/v1/risk")
        self.assertEqual(st, 200, lst)
        codes = [w["kode"] for w in lst["wilayah"]]
        self.assertIn("35.05", codes)
        self.assertNotIn("35.03", codes)  # another regency: outside Blitar's office
        self.assertNotIn("36.01", codes)
        before = self.region(bw, "35.05")
        # every indicator in words, and the points add up to the score shown
        ids = [i["id"] for i in before["indikator"]]
        self.assertEqual(ids, ["petahana", "pelanggaran_lalu", "patroli", "pencegahan", "ikp"])
        points = sum(i["poin"] for i in before["indikator"])
        self.assertAlmostEqual(points, before["skor"], delta=0.06)
        ikp = [i for i in before["indikator"] if i["id"] == "ikp"][0]
        asn = db_count("SELECT count(*) FROM asn WHERE region LIKE '35.05%'")
        self.assertEqual(before["asn"], asn)
        # a file with a wrong line writes nothing and says which line
        audit = db_count("SELECT count(*) FROM audit")
        scores = db_count("SELECT count(*) FROM ikp_scores WHERE region='35.05'")
        bad = "kode_wilayah,skor,tahun\n35.05,97.5,2024\n35.99,10,2024\n35.05,120,2023\n35.03,40,2024\n"
        st, body = bw.call("POST", "/api/v1/risk/ikp", raw=bad.encode(), headers={"Content-Type": "text/csv"})
        self.assertEqual(st, 422, body)
        lines = {r["baris"]: r["pesan"] for r in body["laporan"]["salah"]}
        self.assertEqual(sorted(lines), [3, 4, 5])
        self.assertIn("tidak dikenal", lines[3])
        self.assertIn("0 sampai 100", lines[4])
        self.assertIn("di luar", lines[5])
        self.assertEqual(db_count("SELECT count(*) FROM ikp_scores WHERE region='35.05'"), scores)
        self.assertEqual(db_count("SELECT count(*) FROM audit"), audit)
        # a published score raises the index at once, and the change is kept as history
        st, body = bw.call("POST", "/api/v1/risk/ikp?sumber=IKP+uji", raw=b"kode_wilayah,skor,tahun\n35.05,\"97,5\",2024\n",
                           headers={"Content-Type": "text/csv"})
        self.assertEqual((st, body.get("disimpan")), (201, True), body)
        self.assertEqual(body["skor"][0]["tingkat_ikp"], "Rawan tinggi")
        after = self.region(bw, "35.05")
        ikp = [i for i in after["indikator"] if i["id"] == "ikp"][0]
        self.assertTrue(ikp["tersedia"])
        self.assertIn("97,50", ikp["angka"])
        if before["skor"] < 97.5:
            self.assertGreater(after["skor"], before["skor"])
        self.assertEqual(len(after["riwayat"]), len(before["riwayat"]) + 1)
        self.assertEqual(after["riwayat"][0]["skor"], after["skor"])
        # the province's index moves with its regency's
        jatim = Client("bawaslu.jatim")
        prov = self.region(jatim, "35")
        self.assertTrue(prov["provinsi"])
        self.assertIn("35.05", [k["kode"] for k in prov["kabkota"]])
        self.assertEqual([k["kode"] for k in self.region(bw, "35")["kabkota"]], ["35.05"])
        # the same again changes nothing
        st, body = bw.call("POST", "/api/v1/risk/recompute")
        self.assertEqual((st, body["wilayah_berubah"]), (200, 0), body)
        self.assertEqual(len(self.region(bw, "35.05")["riwayat"]), len(after["riwayat"]))
        # out of scope, unknown, and a role that may not
        self.assertEqual(bw.call("GET", "/api/v1/risk/36.01")[0], 404)
        self.assertEqual(bw.call("GET", "/api/v1/risk/99.99")[0], 422)
        self.assertEqual(Client("ppk.blitar").call("POST", "/api/v1/risk/recompute")[0], 403)

    def test_cli_lists_and_refuses_a_bad_ikp_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("kode_wilayah,skor\n35.05,10\n")
        r = run_cli("risk", "import-ikp", f.name)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("kode_wilayah, skor, tahun", r.stderr)
        r = run_cli("risk", "list")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Kabupaten Blitar", r.stdout)
        os.unlink(f.name)


class T29RiskPages(unittest.TestCase):
    def login(self, user):
        b = Form()
        b.post("/masuk", {"username": user, "password": PASSWORD})
        return b

    def csrf(self, html):
        return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

    def test_the_risk_page_lists_and_maps_the_readers_regions_in_their_levels_colour(self):
        st, lst = Client("bawaslu.jatim").call("GET", "/api/v1/risk")
        self.assertEqual(st, 200, lst)
        colour = {w["kode"]: w["warna"] for w in lst["wilayah"]}
        b = self.login("bawaslu.jatim")
        st, html, _ = b.get("/risiko")
        self.assertEqual(st, 200, html)
        for w in lst["wilayah"]:
            self.assertRegex(html, r'<tr data-region="%s" data-level="%s">' % (re.escape(w["kode"]), w["tingkat"]))
        # the map: the province's regencies, each painted as the API says and linking to its page
        for code in ["35.05", "35.03"]:
            m = re.search(r'<a href="/wilayah/%s"><path d="[^"]+" fill="([^"]+)"' % re.escape(code), html)
            self.assertIsNotNone(m, code)
            self.assertEqual(m.group(1), colour[code])
        self.assertIn('action="/risiko/hitung"', html)
        # a regency's office sees its own regency, not its neighbour
        st, html, _ = self.login("bawaslu.blitar").get("/risiko")
        self.assertEqual(st, 200)
        self.assertIn('data-region="35.05"', html)
        self.assertNotIn('<tr data-region="35.03"', html)
        self.assertNotIn('href="/wilayah/35.03"', html)
        # a PPK reads the index but does not recompute it
        st, html, _ = self.login("ppk.blitar").get("/risiko")
        self.assertEqual(st, 200)
        self.assertNotIn('action="/risiko/hitung"', html)
        ppk = self.login("ppk.blitar")
        csrf = self.csrf(ppk.get("/kasus")[1])
        before = db_count("SELECT count(*) FROM risk_history")
        st, html, _ = ppk.post("/risiko/hitung", {"csrf": csrf})
        self.assertEqual(st, 403, html)
        self.assertEqual(db_count("SELECT count(*) FROM risk_history"), before)

    def test_a_regions_page_explains_its_level_and_shows_the_work_done_there(self):
        b = self.login("bawaslu.blitar")
        st, api = Client("bawaslu.blitar").call("GET", "/api/v1/risk/35.05")
        self.assertEqual(st, 200, api)
        st, html, _ = b.get("/wilayah/35.05")
        self.assertEqual(st, 200, html)
        self.assertAlmostEqual(float(re.search(r'data-score="([0-9.]+)"', html).group(1)), api["skor"])
        self.assertIn(api["tingkat_label"], html)
        for ind in api["indikator"]:
            self.assertIn(f'<tr data-indicator="{ind["id"]}">', html)
            self.assertIn(ind["angka"], unescape(html))
        # the prevention work of the region: its agreements, events, appeals, pledge coverage
        agreements = db_count("SELECT count(*) FROM agreements WHERE office LIKE '35.05%'")
        events = db_count("SELECT count(*) FROM events WHERE office LIKE '35.05%'")
        self.assertGreater(events, 0)
        self.assertEqual(html.count('href="/pencegahan#kesepakatan-'), agreements)
        self.assertEqual(html.count('<a href="/pencegahan/kegiatan/'), events)
        self.assertIn("Cakupan ikrar netralitas", html)
        self.assertIn("Kabupaten Blitar", html)
        self.assertNotIn("Trenggalek", html)  # nothing of the neighbouring regency
        cases = db_count("SELECT count(*) FROM cases WHERE office LIKE '35.05%'")
        self.assertRegex(html, r'<a href="/kasus\?kantor=35\.05"><strong>%s</strong> kasus' % re.escape(f"{cases:,}".replace(",", ".")))
        # the printable report and the history
        st, html, _ = b.get("/wilayah/35.05?cetak=1")
        self.assertEqual(st, 200)
        self.assertIn('<body class="cetak">', html)
        self.assertEqual(html.count('<td data-label="Versi aturan">'), len(api["riwayat"]))
        # the province: its regencies in the reader's scope only
        st, html, _ = b.get("/wilayah/35")
        self.assertEqual(st, 200, html)
        self.assertIn('<li data-region="35.05">', html)
        self.assertNotIn('<li data-region="35.03">', html)
        st, html, _ = self.login("bawaslu.jatim").get("/wilayah/35")
        self.assertIn('<li data-region="35.03">', html)
        # another office's region, an unknown code, a hostile one
        self.assertEqual(b.get("/wilayah/36.01")[0], 404)
        self.assertEqual(b.get("/wilayah/99.99")[0], 422)
        st, html, _ = b.get("/wilayah/%3Cscript%3E")
        self.assertIn(st, (404, 422))
        self.assertNotIn("<script>", html)
        # the authority sees the index but not the office's agreements
        st, html, _ = self.login("otoritas").get("/wilayah/35.05")
        self.assertEqual(st, 200, html)
        self.assertNotIn('href="/pencegahan#kesepakatan-', html)

    def test_ikp_scores_from_the_page_are_checked_line_by_line(self):
        b = self.login("bawaslu.blitar")
        csrf = self.csrf(b.get("/risiko")[1])
        scores = db_count("SELECT count(*) FROM ikp_scores")
        bad = b"kode_wilayah,skor,tahun\n35.05,50,2025\n35.77,10,2025\n35.05,abc,2024\n"
        st, html, _ = b.post_multipart("/risiko/ikp", {"csrf": csrf, "sumber": "IKP uji"}, [("berkas", "ikp.csv", bad)])
        self.assertEqual(st, 422, html)
        self.assertIn("Belum ada yang disimpan", html)
        self.assertRegex(html, r'<td data-label="Baris">3</td><td data-label="Kode wilayah">35\.77</td>')
        self.assertRegex(html, r'<td data-label="Baris">4</td>')
        self.assertIn('value="IKP uji"', html)  # the form as it was typed
        self.assertEqual(db_count("SELECT count(*) FROM ikp_scores"), scores)
        good = b"kode_wilayah,skor,tahun\n35.05,\"44,5\",2025\n"
        st, html, _ = b.post_multipart("/risiko/ikp", {"csrf": csrf, "sumber": "IKP uji", "periksa": "1"}, [("berkas", "ikp.csv", good)])
        self.assertEqual(st, 200, html)
        self.assertIn("belum ada yang disimpan", html)
        self.assertEqual(db_count("SELECT count(*) FROM ikp_scores"), scores)
        st, html, _ = b.post_multipart("/risiko/ikp", {"csrf": csrf, "sumber": "IKP uji"}, [("berkas", "ikp.csv", good)])
        self.assertEqual(st, 200, html)
        self.assertIn("1 skor IKP disimpan", html)
        self.assertEqual(db_count("SELECT count(*) FROM ikp_scores WHERE region='35.05' AND year=2025"), 1)
        st, html, _ = b.get("/wilayah/35.05")
        self.assertIn("Skor IKP 2025: 44,50", html)
        # without a file, or without the form's token
        st, html, _ = b.post_multipart("/risiko/ikp", {"csrf": csrf}, [])
        self.assertEqual(st, 422, html)
        self.assertIn("Pilih berkas CSV skor IKP", html)
        st, html, _ = b.post_multipart("/risiko/ikp", {"csrf": "x"}, [("berkas", "ikp.csv", good)])
        self.assertEqual(st, 403)

    def test_the_dashboard_map_shows_zones_or_the_risk_index(self):
        b = self.login("bawaslu.jatim")
        st, zones, _ = b.get("/dasbor")
        self.assertEqual(st, 200)
        self.assertIn('href="/dasbor?peta=risiko#peta"', zones)
        self.assertIn('href="/terlapor?wilayah=35.05"><path', zones)
        st, risk, _ = b.get("/dasbor?peta=risiko")
        self.assertEqual(st, 200)
        self.assertIn('<a href="/wilayah/35.05"><path', risk)
        self.assertIn('data-level=', risk)
        self.assertIn('<strong aria-current="true">indeks risiko</strong>', risk)
        # the dashboard's filters survive the switch
        st, html, _ = b.get("/dasbor?pemilihan=pilbup-blitar-2026")
        self.assertIn('href="/dasbor?pemilihan=pilbup-blitar-2026&amp;peta=risiko#peta"', html)

    def test_the_public_guidance_says_what_asn_may_and_may_not_do(self):
        g = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data/rules/guidance.json")))
        cat = {v["code"]: v for v in json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data/rules/catalogue.json")))["violations"]}
        st, html, _ = Form().get("/panduan")
        self.assertEqual(st, 200)
        html = unescape(html)
        for item in g["allowed"] + g["forbidden"]:
            self.assertIn(item["text"], html)
            self.assertIn(item["example"], html)
        for item in g["forbidden"]:
            for code in item["codes"]:
                self.assertIn(f"{code}: {cat[code]['act']}", html)
        self.assertIn(f"Panduan versi {g['version']}", html)
        st, html, _ = Form().get("/panduan?cetak=1")
        self.assertIn('<body class="cetak">', html)


class T30PublicStats(unittest.TestCase):
    def test_public_statistics_equal_the_dashboard_and_name_no_one(self):
        staff = Client("bawaslu.ri")
        con = connect()
        names = [r[0] for r in con.execute("SELECT DISTINCT x.name FROM case_parties p JOIN asn x ON x.nip=p.nip")]
        nips = [r[0] for r in con.execute("SELECT DISTINCT nip FROM case_parties")]
        con.close()
        self.assertTrue(names)
        for q in ["", "pemilihan=pilbup-blitar-2020", "kantor=35", "dari=2020-09-01&sampai=2020-12-31"]:
            st, pub = Client().call("GET", "/statistik.json" + ("?" + q if q else ""))
            self.assertEqual(st, 200, pub)
            st, dash = staff.call("GET", "/api/v1/stats" + ("?" + q if q else ""))
            self.assertEqual(st, 200, dash)
            self.assertEqual([pub["total"][k] for k in ["dilaporkan", "diteruskan", "rekomendasi", "sanksi"]],
                             [x["count"] for x in dash["corong_asn"]], q)
            for mine, theirs in [("provinsi", "asn_per_provinsi"), ("kabkota", "asn_per_kabkota"),
                                 ("kategori", "asn_per_kategori"), ("jabatan", "asn_per_jabatan")]:
                self.assertEqual({r["kode"]: r["dilaporkan"] for r in pub[mine]},
                                 {r["key"]: r["count"] for r in dash[theirs]}, (q, mine))
            # each reported ASN is in one province, regency and position: the stages add up
            for g in ["provinsi", "kabkota", "jabatan"]:
                for k in ["dilaporkan", "diteruskan", "rekomendasi", "sanksi"]:
                    self.assertEqual(sum(r[k] for r in pub[g]), pub["total"][k], (q, g, k))
            for g in ["pemilihan", "provinsi", "kabkota", "kategori", "jabatan"]:
                self.assertTrue(all(r["dilaporkan"] >= r["diteruskan"] >= r["rekomendasi"] >= r["sanksi"] for r in pub[g]), (q, g))
            self.assertEqual(pub["jumlah_kasus"], dash["jumlah_kasus"], q)
        # the page and the CSV: no login, the same figures, never a name or a NIP
        b = Form()
        st, html, _ = b.get("/statistik?kantor=35")
        self.assertEqual(st, 200)
        st, pub = Client().call("GET", "/statistik.json?kantor=35")
        self.assertIn('<span class="big" data-stage="dilaporkan">%s</span>' % f"{pub['total']['dilaporkan']:,}".replace(",", "."), html)
        st, csv_text, h = b.get("/statistik.csv")
        self.assertEqual(st, 200)
        self.assertIn("text/csv", h["Content-Type"])
        lines = csv_text.lstrip("\ufeff").splitlines()
        self.assertEqual(lines[0], '"dimensi","kode","label","dilaporkan","diteruskan","rekomendasi","sanksi"')
        self.assertTrue(lines[1].startswith('"total",'))
        for text in [html, csv_text, json.dumps(pub, ensure_ascii=False)]:
            self.assertIsNone(re.search(r"\b\d{18}\b", text))
            self.assertFalse([n for n in names if n in text][:3])
        # a wrong date is refused with its reason, as JSON and as a page
        st, body = Client().call("GET", "/statistik.json?dari=31-12-2020")
        self.assertEqual((st, body["error"]["field"]), (422, "dari"))
        st, html, _ = b.get("/statistik?sampai=kemarin")
        self.assertEqual(st, 422)
        self.assertIn("Tanggal akhir periode harus tanggal yang sah", html)


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def db_one(sql):
    return db_count(sql)


class T31ReporterLoop(unittest.TestCase):
    def test_the_reporter_completes_the_report_and_writes_with_the_team_through_the_receipt_code(self):
        pub = Client()
        mark = "Camat Kanigoro membagikan poster calon " + os.urandom(3).hex()
        st, body = pub.call("POST", "/api/v1/public/reports",
                            {"kantor": "35.05", "pemilihan": "pilbup-blitar-2020", "tanggal_diketahui": TODAY,
                             "uraian": mark, "pelapor": {"nama": "Pelapor Rahasia Loop", "email": "loop@example.org"}})
        self.assertEqual(st, 201, body)
        code = body["kode_tanda_terima"]
        con = connect()
        cid = con.execute("SELECT id FROM cases WHERE narrative LIKE ?", ("%" + mark + "%",)).fetchone()[0]
        con.close()
        bw = Client("bawaslu.blitar")
        ask = "Lampirkan tangkapan layar unggahan beserta tanggalnya"
        for to, reason in [("kajian_awal", None), ("perlu_dilengkapi", ask)]:
            st, b = bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": to, **({"alasan": reason} if reason else {})})
            self.assertEqual(st, 200, b)
        # the status page says what is missing and by when, and offers the form
        page = Form()
        st, html, _ = page.get(f"/status?kode={code}")
        self.assertEqual(st, 200)
        self.assertIn(ask, html)
        self.assertIn("Batas melengkapi:", html)
        self.assertIn('name="lengkapi"', html)
        messages = lambda: db_count(f"SELECT count(*) FROM case_messages WHERE case_id={cid}")
        evidence = lambda: db_count(f"SELECT count(*) FROM evidence WHERE case_id={cid}")
        audit = db_count("SELECT count(*) FROM audit WHERE action='pelapor.pesan'")
        # refused: an empty message, a code that does not exist; nothing written
        for fields, want in [({"kode": code, "pesan": "  ", "lengkapi": "1"}, 422),
                             ({"kode": "LP-XXXXX-XXXXX", "pesan": "halo"}, 404)]:
            st, html, _ = page.post_multipart("/status/pesan", fields, [("bukti", "bukti.png", PNG)])
            self.assertEqual(st, want, html)
        self.assertEqual((messages(), evidence()), (0, 0))
        # completed: the text and the file reach the case, which is back in preliminary review
        st, html, _ = page.post_multipart("/status/pesan", {"kode": code, "pesan": "Terlampir tangkapan layarnya, 3 Oktober", "lengkapi": "1"},
                                          [("bukti", "layar.png", PNG)])
        self.assertEqual(st, 200, html)
        self.assertIn("Kelengkapan laporan terkirim", html)
        st, c = bw.call("GET", f"/api/v1/cases/{cid}")
        self.assertEqual(c["status"], "kajian_awal")
        self.assertEqual((messages(), evidence()), (1, 1))
        self.assertEqual(db_count(f"SELECT count(*) FROM evidence WHERE case_id={cid} AND description='Dari pelapor: kelengkapan laporan'"), 1)
        self.assertEqual(db_count("SELECT count(*) FROM audit WHERE action='pelapor.pesan'"), audit + 1)
        self.assertTrue(any(m["melengkapi"] and m["pelapor"] for m in c["pesan"]))
        # a message over its limit, and a file over the evidence limit, are refused whole
        st, html, _ = page.post_multipart("/status/pesan", {"kode": code, "pesan": "x" * 4001}, [])
        self.assertEqual(st, 422, html)
        st, html, _ = page.post_multipart("/status/pesan", {"kode": code, "pesan": "berkas besar"},
                                          [("bukti", "besar.png", PNG + os.urandom(1100 * 1024))])
        self.assertIn(st, (413, 422), html)
        self.assertEqual((messages(), evidence()), (1, 1))
        # completing again, when nobody asked, is refused and writes nothing
        st, html, _ = page.post_multipart("/status/pesan", {"kode": code, "pesan": "lagi", "lengkapi": "1"}, [])
        self.assertEqual(st, 409, html)
        self.assertEqual(messages(), 1)
        # the team writes; the reporter reads "Petugas Bawaslu", never the officer's name
        staff = Form()
        staff.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        st, html, _ = staff.get(f"/kasus/{cid}")
        self.assertIn("Pesan dengan pelapor", html)
        self.assertNotIn("Pelapor Rahasia Loop", html)
        csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
        st, _, h = staff.post(f"/kasus/{cid}/pesan", {"csrf": csrf, "pesan": "Terima kasih. Di mana poster itu dibagikan?"})
        self.assertEqual(st, 303)
        self.assertIn("ok=pesan", h["Location"])
        st, html, _ = staff.post(f"/kasus/{cid}/pesan", {"csrf": csrf, "pesan": ""})
        self.assertEqual(st, 422)
        self.assertIn('id="pesan-isi-salah"', html)
        officer = db_one("SELECT name FROM users WHERE username='bawaslu.blitar'")
        st, html, _ = page.get(f"/status?kode={code}")
        self.assertIn("Di mana poster itu dibagikan?", html)
        self.assertIn("Petugas Bawaslu", html)
        self.assertNotIn(officer, html)
        self.assertNotIn('name="lengkapi"', html)  # no longer asked to complete
        # an ordinary reply leaves the case where it is
        st, html, _ = page.post_multipart("/status/pesan", {"kode": code, "pesan": "Di grup WhatsApp guru"}, [])
        self.assertEqual(st, 200, html)
        self.assertEqual(bw.call("GET", f"/api/v1/cases/{cid}")[1]["status"], "kajian_awal")
        self.assertEqual(messages(), 3)
        # the authority reads none of it, and cannot write to the reporter
        oto = Form()
        oto.post("/masuk", {"username": "otoritas", "password": PASSWORD})
        self.assertEqual(db_count(f"SELECT count(*) FROM case_messages WHERE case_id={cid} AND sender='petugas'"), 1)
        st, body = Client("otoritas").call("GET", f"/api/v1/cases/{cid}")
        self.assertNotIn("pesan", body if st == 200 else {})
        # the same through the API: the reporter's message, a wrong code, a role that may not
        st, body = Client().call("POST", f"/api/v1/public/reports/{code}/messages", {"pesan": "Satu lagi: ada fotonya"})
        self.assertEqual(st, 201, body)
        self.assertEqual(Client().call("POST", "/api/v1/public/reports/LP-XXXXX-XXXXX/messages", {"pesan": "x"})[0], 404)
        self.assertEqual(Client("otoritas").call("POST", f"/api/v1/cases/{cid}/messages", {"pesan": "x"})[0], 403)
        st, body = bw.call("POST", f"/api/v1/cases/{cid}/messages", {"pesan": "Baik, terima kasih."})
        self.assertEqual(st, 201, body)
        self.assertEqual(messages(), 5)
        # a temuan has no reporter to write to
        tid = bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        st, html, _ = staff.get(f"/kasus/{tid}")
        self.assertNotIn(f'action="/kasus/{tid}/pesan"', html)
        st, html, _ = staff.post(f"/kasus/{tid}/pesan", {"csrf": csrf, "pesan": "halo"})
        self.assertEqual(st, 409, html)


def delivery_rules(name, delivery):
    """A copy of the rule data whose notifications.json delivery settings are changed (quick
    retries to watch), for a server started with --rules-dir."""
    rules = os.path.join(TMP, name)
    shutil.rmtree(rules, ignore_errors=True)
    shutil.copytree(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data"), rules)
    path = os.path.join(rules, "rules", "notifications.json")
    doc = json.load(open(path))
    doc["delivery"].update(delivery)
    json.dump(doc, open(path, "w"), ensure_ascii=False)
    return rules


class SmtpSink:
    """A real SMTP server on loopback (aiosmtpd), keeping every message it accepts; one to a
    `slow` recipient is answered only after a few seconds."""

    def __init__(self, port=None, slow=None):
        from aiosmtpd.controller import Controller
        self.port = port or free_port()
        self.got = []
        self.slow = slow
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                import asyncio
                import email
                if sink.slow and sink.slow in envelope.rcpt_tos:
                    await asyncio.sleep(4)
                msg = email.message_from_bytes(envelope.content)
                body = msg.get_payload(decode=True).decode("utf-8")
                subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
                sink.got.append({"to": envelope.rcpt_tos, "subject": subject, "body": body,
                                 "id": msg["Message-ID"], "raw": envelope.content})
                return "250 OK"

        self.ctl = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.ctl.start()

    def stop(self):
        self.ctl.stop()

    def to(self, addr):
        return [m for m in self.got if addr in m["to"]]

    def wait_for(self, addr, words, seconds=20):
        """The messages to addr whose subject has these words, once there is one."""
        for _ in range(int(seconds * 20)):
            got = [m for m in self.to(addr) if words in m["subject"]]
            if got:
                return got
            time.sleep(0.05)
        return []

    def wait(self, addr, n, seconds=15):
        for _ in range(int(seconds * 20)):
            if len(self.to(addr)) >= n:
                return self.to(addr)
            time.sleep(0.05)
        return self.to(addr)


class T32Outbox(unittest.TestCase):
    def test_mail_reaches_reporter_and_staff_once_and_survives_a_server_that_is_down(self):
        # rule data whose retries are quick enough to watch
        rules = delivery_rules("data-mail", {"attempts": 5, "backoff_s": [1], "timeout_s": 5, "digest_hour_wib": 0, "digest_days": 2})
        sink = SmtpSink()
        # the officers choose: one wants new reports, the other turned them off
        for user, addr, off in [("bawaslu.blitar", "petugas.blitar@bawaslu.test", []),
                                ("staf.blitar", "staf.blitar@bawaslu.test", ["laporan_baru"])]:
            st, body = Client(user).call("PUT", "/api/v1/me/notifications", {"email": addr, "mati": off})
            self.assertEqual(st, 200, body)
        st, body = Client("staf.blitar").call("PUT", "/api/v1/me/notifications", {"email": "bukan-alamat"})
        self.assertEqual((st, body["error"]["field"]), (422, "email"))
        st, body = Client("staf.blitar").call("PUT", "/api/v1/me/notifications", {"mati": ["pesta"]})
        self.assertEqual((st, body["error"]["field"]), (422, "mati"))
        mailer, mport = launch("mailer", DB, VAR, ["--rules-dir", rules, "--smtp", f"smtp://127.0.0.1:{sink.port}",
                                                   "--mail-from", "netral@bawaslu.test", "--public-url", "https://netral.test"])
        try:
            pub = Client()
            st, body = pub.call("POST", "/api/v1/public/reports",
                                {"kantor": "35.05", "pemilihan": "pilbup-blitar-2020", "tanggal_diketahui": TODAY,
                                 "uraian": "Sekdes memasang stiker calon", "pelapor": {"nama": "Warga Surel Rahasia", "email": "warga.surel@example.org"}})
            self.assertEqual(st, 201, body)
            code = body["kode_tanda_terima"]
            got = sink.wait("warga.surel@example.org", 1)
            self.assertEqual(len(got), 1)
            self.assertIn("Bawaslu Kabupaten Blitar", got[0]["subject"])
            self.assertIn(code, got[0]["body"])
            self.assertIn("https://netral.test/status", got[0]["body"])
            staff = sink.wait_for("petugas.blitar@bawaslu.test", "Laporan masyarakat baru")
            self.assertTrue(staff, sink.to("petugas.blitar@bawaslu.test"))
            # a patrol finding made a case tells the region's officers too
            post = {"platform": "facebook", "id": "surel-1", "kind": "post", "created_at": TODAY + "T08:00:00+07:00",
                    "url": "https://facebook.example/surel-1", "author": {"handle": "akun.surel", "name": "Tanpa Nama"},
                    "text": "Ayo coblos Mas Har nomor 1, lanjutkan!"}
            patrol_posts(self, post)
            bw = Client("bawaslu.blitar")
            fid = [x["id"] for x in bw.call("GET", "/api/v1/patrol/findings?verdict=partisan&limit=500")[1] if x["item_id"] == "surel-1"][0]
            self.assertEqual(bw.call("POST", f"/api/v1/patrol/findings/{fid}/review", {"aksi": "konfirmasi_tautan", "nip": NIPS["35.05"][2]})[0], 200)
            st, esc = bw.call("POST", f"/api/v1/patrol/findings/{fid}/review", {"aksi": "eskalasi"})
            self.assertEqual(st, 200, esc)
            for _ in range(200):
                if [m for m in sink.to("petugas.blitar@bawaslu.test") if f"kasus #{esc['case_id']}" in m["subject"]]:
                    break
                time.sleep(0.05)
            self.assertTrue([m for m in sink.to("petugas.blitar@bawaslu.test") if f"Temuan patroli dijadikan kasus #{esc['case_id']}" == m["subject"]])
            time.sleep(1.5)  # nothing more comes: once each, and not to the officer who opted out
            self.assertEqual(len(sink.to("warga.surel@example.org")), 1)
            self.assertFalse([m for m in sink.to("staf.blitar@bawaslu.test") if "Laporan masyarakat baru" in m["subject"]])
            for m in sink.got:  # no reporter's identity and no NIP in any message
                self.assertNotIn("Warga Surel Rahasia", m["body"] + m["subject"])
                self.assertIsNone(re.search(r"\b\d{18}\b", m["body"] + m["subject"]))
            # the mail server goes down: the stage's message waits, is retried, and arrives once
            sink.stop()
            con = connect()
            cid = con.execute("SELECT id FROM cases WHERE narrative LIKE '%Sekdes memasang stiker calon%' ORDER BY id DESC").fetchone()[0]
            con.close()
            st, b = Client("bawaslu.blitar").call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "kajian_awal"})
            self.assertEqual(st, 200, b)
            for _ in range(200):
                if db_count(f"SELECT count(*) FROM outbox WHERE case_id={cid} AND kind='tahap' AND attempts >= 1 AND last_error <> ''"):
                    break
                time.sleep(0.05)
            self.assertEqual(db_count(f"SELECT count(*) FROM outbox WHERE case_id={cid} AND kind='tahap' AND state='antre' AND attempts >= 1"), 1)
            sink2 = SmtpSink(sink.port)
            try:
                got = sink2.wait("warga.surel@example.org", 1)
                self.assertEqual(len(got), 1, "redelivered after the server came back")
                self.assertIn("Kajian awal", got[0]["subject"])
                # a sender killed without warning and started again sends nothing twice
                mailer.kill()
                mailer.wait()
                mailer, mport = launch("mailer2", DB, VAR, ["--rules-dir", rules, "--smtp", f"smtp://127.0.0.1:{sink.port}",
                                                            "--mail-from", "netral@bawaslu.test"])
                time.sleep(2)
                self.assertEqual(len(sink2.to("warga.surel@example.org")), 1)
                # the morning digest of what is due came once, to the officer who has late cases
                digests = [m for m in sink.got + sink2.got
                           if "petugas.blitar@bawaslu.test" in m["to"] and m["subject"].startswith("Tenggat hari ini")]
                self.assertEqual(len(digests), 1, [m["subject"] for m in sink.got + sink2.got])
                self.assertIn("https://netral.test/tenggat", digests[0]["body"])
            finally:
                sink2.stop()
            # the administrator sees the outbox, addresses masked
            admin = Form()
            admin.post("/masuk", {"username": "admin", "password": PASSWORD})
            st, html, _ = admin.get("/admin/surel")
            self.assertEqual(st, 200)
            self.assertIn("w***@example.org", html)
            self.assertNotIn("warga.surel@example.org", html)
            self.assertEqual(Client("bawaslu.blitar").call("GET", "/api/v1/admin/outbox")[0], 403)
        finally:
            mailer.terminate()
            mailer.wait()
        log = open(mailer.log).read()  # the sender thread and libcurl leave nothing behind
        self.assertNotIn("Sanitizer", log)
        self.assertNotIn("runtime error", log)


class T34OutboxCrash(unittest.TestCase):
    def test_a_sender_killed_mid_delivery_sends_nothing_twice_and_loses_nothing(self):
        rules = delivery_rules("data-crash", {"attempts": 5, "backoff_s": [1], "timeout_s": 1, "digest_hour_wib": 23, "digest_days": 2})
        addr = "lambat@example.org"
        sink = SmtpSink(slow=addr)
        args = ["--rules-dir", rules, "--smtp", f"smtp://127.0.0.1:{sink.port}", "--mail-from", "netral@bawaslu.test"]
        mailer, _ = launch("crash1", DB, VAR, args)
        try:
            st, body = Client().call("POST", "/api/v1/public/reports",
                                     {"kantor": "35.05", "pemilihan": "pilbup-blitar-2020", "tanggal_diketahui": TODAY,
                                      "uraian": "Kiriman yang terputus", "pelapor": {"nama": "Warga", "email": addr}})
            self.assertEqual(st, 201, body)
            con = connect()
            cid = con.execute("SELECT id FROM cases WHERE narrative LIKE '%Kiriman yang terputus%' ORDER BY id DESC").fetchone()[0]
            con.close()
            held = f"SELECT count(*) FROM outbox WHERE case_id={cid} AND kind='tanda_terima' AND lease_until > 0"
            for _ in range(200):  # the sender holds it and is talking to the server...
                if db_count(held):
                    break
                time.sleep(0.05)
            self.assertEqual(db_count(held), 1)
            time.sleep(0.5)
            mailer.kill()  # ...when it is killed without warning
            mailer.wait()
            sink.slow = None  # the server answers at once from now on
            mailer, _ = launch("crash2", DB, VAR, args)
            gone = f"SELECT count(*) FROM outbox WHERE case_id={cid} AND kind='tanda_terima' AND state='gagal' AND last_error LIKE '%mungkin sudah terkirim%'"
            for _ in range(800):  # its lease runs out: marked for the administrator, not re-sent
                if db_count(gone):
                    break
                time.sleep(0.05)
            self.assertEqual(db_count(gone), 1)
            time.sleep(1)
            self.assertLessEqual(len(sink.to(addr)), 1)  # at most the copy the server had taken
            # the administrator, having checked, sends it again: it arrives, once more only
            before = len(sink.to(addr))
            admin = Form()
            admin.post("/masuk", {"username": "admin", "password": PASSWORD})
            html = admin.get("/admin/surel")[1]
            self.assertIn("mungkin sudah terkirim", html)
            csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
            st, _, h = admin.post("/admin/surel/ulang", {"csrf": csrf})
            self.assertEqual(st, 303)
            self.assertEqual(len(sink.wait(addr, before + 1, seconds=20)), before + 1)
            time.sleep(1.5)
            self.assertEqual(len(sink.to(addr)), before + 1)
        finally:
            mailer.terminate()
            mailer.wait()
            sink.stop()


class T33Gateway(unittest.TestCase):
    def test_a_reporters_phone_gets_the_receipt_through_the_gateway_after_it_failed_once(self):
        import http.server
        seen, lock = [], threading.Lock()

        class Sink(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with lock:
                    seen.append({"auth": self.headers.get("Authorization"), "body": json.loads(body)})
                    n = len(seen)
                if n == 2:
                    time.sleep(3)  # then hangs past the sender's timeout
                self.send_response(500 if n == 1 else 200)  # the provider fails once
                self.end_headers()

            def log_message(self, *a):
                pass

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        rules = delivery_rules("data-gateway", {"backoff_s": [1], "attempts": 4, "digest_hour_wib": 23, "timeout_s": 1})
        os.environ["NETRAL_GATEWAY_HEADER"] = "Authorization: Bearer rahasia-gateway"
        try:
            srv, _ = launch("gateway", DB, VAR, ["--rules-dir", rules, "--gateway", f"http://127.0.0.1:{httpd.server_port}/kirim"])
        finally:
            del os.environ["NETRAL_GATEWAY_HEADER"]
        try:
            st, body = Client().call("POST", "/api/v1/public/reports",
                                     {"kantor": "35.05", "pemilihan": "pilbup-blitar-2020", "tanggal_diketahui": TODAY,
                                      "uraian": "Lurah membagikan kaos calon",
                                      "pelapor": {"nama": "Warga Telepon Rahasia", "telepon": "0812-3456-7890"}})
            self.assertEqual(st, 201, body)
            code = body["kode_tanda_terima"]
            mine = lambda: [x for x in seen if x["body"].get("to") == "6281234567890"]
            for _ in range(300):
                if len(mine()) >= 3:
                    break
                time.sleep(0.05)
            got = mine()
            self.assertEqual(len(got), 3, seen)  # HTTP 500, then no answer in time, then delivered
            self.assertEqual(got[2]["auth"], "Bearer rahasia-gateway")
            self.assertEqual(got[2]["body"]["type"], "text")  # the body template of the rule data
            self.assertIn(code, got[2]["body"]["message"])
            self.assertNotIn("Warga Telepon Rahasia", got[2]["body"]["message"])
            time.sleep(1.5)
            self.assertEqual(len(mine()), 3)  # and not again
            con = connect()
            cid = con.execute("SELECT id FROM cases WHERE narrative LIKE '%Lurah membagikan kaos calon%' ORDER BY id DESC").fetchone()[0]
            con.close()
            for _ in range(100):
                if db_count(f"SELECT count(*) FROM outbox WHERE case_id={cid} AND channel='gateway' AND state='terkirim'"):
                    break
                time.sleep(0.05)
            self.assertEqual(db_count(f"SELECT count(*) FROM outbox WHERE case_id={cid} AND channel='gateway' AND state='terkirim' AND attempts=3"), 1)
            self.assertEqual(db_count(f"SELECT count(*) FROM cases WHERE id={cid} AND notify_phone_enc IS NOT NULL"), 1)
            # a number that is not a mobile number queues nothing
            st, body = Client().call("POST", "/api/v1/public/reports",
                                     {"kantor": "35.05", "pemilihan": "pilbup-blitar-2020", "tanggal_diketahui": TODAY,
                                      "uraian": "Nomor bukan ponsel", "pelapor": {"nama": "Warga", "telepon": "021 abc"}})
            self.assertEqual(st, 201, body)
            self.assertEqual(db_count("SELECT count(*) FROM cases WHERE narrative LIKE '%Nomor bukan ponsel%' AND notify_phone_enc IS NOT NULL"), 0)
        finally:
            srv.terminate()
            srv.wait()
            httpd.shutdown()
        self.assertNotIn("Sanitizer", open(srv.log).read())


class T28Events(unittest.TestCase):
    def event(self, **over):
        doc = {"judul": "Sosialisasi netralitas ASN " + os.urandom(3).hex(), "jenis": "sosialisasi",
               "tanggal": "2026-07-21", "cara": "campuran", "tempat": "Pendopo Kabupaten",
               "platform": "Zoom", "penyelenggara": "Bawaslu Kabupaten Blitar",
               "mitra": ["Pemerintah Kabupaten Blitar", "BKPSDM"],
               "narasumber": [{"nama": "Narasumber Contoh", "jabatan": "Anggota Bawaslu"}],
               "sasaran": ["kepala_opd", "camat", "sekolah"], "peserta": 120}
        doc.update(over)
        return doc

    def roster(self, where, n):
        con = connect()
        rows = [tuple(r) for r in con.execute(
            "SELECT x.nip, x.name, coalesce(x.agency_id, 0) FROM asn x WHERE %s ORDER BY x.nip LIMIT %d" % (where, n))]
        con.close()
        return rows

    def unique_names(self, region, n):
        """ASN whose full name no one else in the region has, with three words or more."""
        con = connect()
        rows = [tuple(r) for r in con.execute(
            "SELECT min(x.nip), x.name FROM asn x WHERE x.region LIKE '%s%%' AND x.name LIKE '%% %% %%'"
            " AND x.name NOT LIKE '%%.%%' AND x.name NOT LIKE '%%,%%'"
            " GROUP BY x.name HAVING count(*) = 1 ORDER BY 1 LIMIT %d" % (region, n))]
        con.close()
        return rows

    def test_events_are_recorded_in_scope_and_bad_ones_write_nothing(self):
        bw = Client("bawaslu.blitar")
        before, audit = db_count("SELECT count(*) FROM events"), db_count("SELECT count(*) FROM audit")
        for over, code, field in [({"tanggal": "2999-01-01"}, 422, "tanggal"), ({"jenis": "pesta"}, 422, "jenis"),
                                  ({"cara": "daring", "platform": ""}, 422, "platform"),
                                  ({"cara": "luring", "tempat": ""}, 422, "tempat"),
                                  ({"sasaran": ["presiden"]}, 422, "sasaran"), ({"peserta": -3}, 422, "peserta"),
                                  ({"kantor": "35.03"}, 403, "kantor"), ({"pemilihan": "pilbup-trenggalek-2026"}, 422, "pemilihan"),
                                  ({"judul": XSS * 100}, 422, "judul")]:
            st, body = bw.call("POST", "/api/v1/events", self.event(**over))
            self.assertEqual((st, body["error"]["field"]), (code, field), (over, body))
        self.assertEqual(db_count("SELECT count(*) FROM events"), before)
        self.assertEqual(db_count("SELECT count(*) FROM audit"), audit)
        st, body = bw.call("POST", "/api/v1/events", self.event(judul=XSS))
        self.assertEqual(st, 201, body)
        eid = body["id"]
        st, got = bw.call("GET", f"/api/v1/events/{eid}")
        self.assertEqual(st, 200, got)
        self.assertEqual(got["judul"], XSS)  # kept as typed; pages escape it
        self.assertEqual(got["cara_label"], "Luring dan daring")
        self.assertEqual([a["label"] for a in got["sasaran"]][1], "Camat")
        self.assertEqual(got["narasumber"][0]["jabatan"], "Anggota Bawaslu")
        self.assertEqual(db_count(f"SELECT count(*) FROM audit WHERE object='event:{eid}' AND action='acara.tambah'"), 1)
        self.assertIn(eid, [e["id"] for e in bw.call("GET", "/api/v1/events")[1]["items"]])
        # another regency's office and a PPK do not see it
        self.assertEqual(Client("bawaslu.trenggalek").call("GET", f"/api/v1/events/{eid}")[0], 404)
        ppk = Client("ppk.blitar")
        self.assertEqual(ppk.call("GET", f"/api/v1/events/{eid}")[0], 404)
        self.assertNotIn(eid, [e["id"] for e in ppk.call("GET", "/api/v1/events")[1]["items"]])
        self.assertEqual(Client("otoritas").call("POST", "/api/v1/events", self.event())[0], 403)

    def test_attendance_is_matched_by_nip_and_name_and_unsure_names_wait_for_the_officer(self):
        bw = Client("bawaslu.blitar")
        eid = bw.call("POST", "/api/v1/events", self.event())[1]["id"]
        (s1, name1), (s2, name2) = self.unique_names("35.05", 2)
        (n1, _, _), (n2, _, _) = self.roster(f"x.region LIKE '35.05%' AND x.nip NOT IN ('{s1}', '{s2}')", 2)
        (other, _, _), = self.roster("x.region LIKE '35.03%'", 1)
        words = name2.split()
        partial = words[0] + " " + words[-1]  # two of its words: a candidate, not a certainty
        csv = ("nip,nama,instansi\n"
               f"{n1},,\n"
               f"{n2},,\n"
               f",\"Drs. {name1.title()}, M.Si\",\n"
               f",{partial},\n"
               f"{other},,\n"
               "123,,\n"
               ",Zzyzx Qwertyuiop,\n"
               f"{n1},,\n")
        url = f"/api/v1/events/{eid}/attendance"
        hdr = {"Content-Type": "text/csv"}
        st, rep = bw.call("POST", url + "?periksa=1", raw=csv.encode(), headers=hdr)
        self.assertEqual(st, 200, rep)
        self.assertEqual((rep["cocok_nip"], rep["cocok_nama"], rep["ganda"]), (2, 1, 1), rep)
        bad = {b["baris"]: b["pesan"] for b in rep["salah"]}
        self.assertEqual(sorted(bad), [6, 7, 8], rep)
        self.assertIn("di luar", bad[6])
        self.assertIn("tidak ditemukan", bad[8])
        self.assertEqual([u["baris"] for u in rep["ragu"]], [5], rep)
        calon = [c["nip"] for c in rep["ragu"][0]["calon"]]
        self.assertIn(s2, calon)
        # saving waits for the officer: the unsure name first, then the bad lines
        count = lambda: db_count(f"SELECT count(*) FROM event_attendance WHERE event_id={eid}")
        audit = db_count("SELECT count(*) FROM audit")
        st, body = bw.call("POST", url, raw=csv.encode(), headers=hdr)
        self.assertEqual((st, body["error"]["field"]), (422, "pilihan"), body)
        st, body = bw.call("POST", url, {"csv": csv, "pilihan": {"5": s2}})
        self.assertEqual((st, body["error"]["field"]), (422, "berkas"), body)
        self.assertIn("3 baris salah", body["error"]["message"])
        st, body = bw.call("POST", url, {"csv": csv, "pilihan": {"5": other}, "lewati_salah": True})
        self.assertEqual((st, body["error"]["field"]), (422, "pilihan"), body)  # not one of its candidates
        self.assertEqual(count(), 0)
        self.assertEqual(db_count("SELECT count(*) FROM audit"), audit)
        st, body = bw.call("POST", url, {"csv": csv, "pilihan": {"5": s2}, "lewati_salah": True})
        self.assertEqual((st, body.get("disimpan")), (201, True), body)
        self.assertEqual(count(), 4)
        self.assertEqual(db_count(f"SELECT count(*) FROM event_attendance WHERE event_id={eid} AND matched_by='konfirmasi' AND nip='{s2}'"), 1)
        self.assertEqual(db_count(f"SELECT count(*) FROM audit WHERE object='event:{eid}' AND action='acara.hadir'"), 1)
        got = bw.call("GET", f"/api/v1/events/{eid}")[1]
        self.assertEqual(got["hadir"], 4)
        self.assertEqual(sum(x["jumlah"] for x in got["cara_cocok"]), 4)
        # the same list again adds no one
        st, rep = bw.call("POST", url + "?periksa=1", {"csv": csv, "pilihan": {"5": s2}})
        self.assertEqual(rep["sudah_tercatat"], 4, rep)
        # a file that is not a list, and one that is not UTF-8
        st, body = bw.call("POST", url, raw=b"foo,bar\n1,2\n", headers=hdr)
        self.assertEqual((st, body["error"]["field"]), (422, "berkas"))
        st, body = bw.call("POST", url, raw=b"nip\n\xff\xfe\n", headers=hdr)
        self.assertEqual((st, body["error"]["field"]), (422, "berkas"))
        self.assertEqual(count(), 4)

    def test_the_cli_imports_an_attendance_list_with_the_officers_answers(self):
        d = tempfile.mkdtemp()
        ev = os.path.join(d, "kegiatan.json")
        with open(ev, "w") as f:
            json.dump(self.event(kantor="35.05"), f)
        r = run_cli("prevention", "event-add", ev)
        self.assertEqual(r.returncode, 0, r.stderr)
        eid = int(re.search(r"id (\d+)", r.stdout).group(1))
        (n1, _, _), = self.roster("x.region LIKE '35.05%'", 1)
        con = connect()
        name, = con.execute("SELECT x.name FROM asn x GROUP BY x.name HAVING count(*) = 2 ORDER BY 1 LIMIT 1").fetchone()
        nips = sorted(r[0] for r in con.execute("SELECT nip FROM asn WHERE name = ?", (name,)))
        con.close()  # two people of one name: the officer must say which
        path = os.path.join(d, "hadir.csv")
        with open(path, "w") as f:
            f.write(f"nip,nama\n{n1},\n123,\n,\"{name}\"\n")
        count = lambda: db_count(f"SELECT count(*) FROM event_attendance WHERE event_id={eid}")
        r = run_cli("prevention", "attendance", str(eid), path, "--check")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"{path}:3:", r.stderr)
        self.assertIn("baris 4:", r.stdout)
        for nip in nips:
            self.assertIn(nip, r.stdout)
        self.assertEqual(count(), 0)
        for extra in [["--skip-bad"], ["--choose", f"4={nips[0]}"], ["--choose", "x"]]:
            r = run_cli("prevention", "attendance", str(eid), path, *extra)
            self.assertNotEqual(r.returncode, 0, (extra, r.stdout))
            self.assertEqual(count(), 0, extra)
        r = run_cli("prevention", "attendance", str(eid), path, "--skip-bad", "--choose", f"4={nips[0]}")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("daftar hadir disimpan", r.stdout)
        self.assertEqual(count(), 2)
        self.assertEqual(db_count(f"SELECT count(*) FROM event_attendance WHERE event_id={eid} AND nip='{nips[0]}' AND matched_by='konfirmasi'"), 1)
        # a file of the event, kept under its hash; an event that does not exist
        doc = os.path.join(d, "materi.txt")
        with open(doc, "wb") as f:
            f.write(b"Materi sosialisasi netralitas ASN\n")
        r = run_cli("prevention", "file-add", "kegiatan", str(eid), doc, "--role", "foto")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)[0]["sha256"], hashlib.sha256(b"Materi sosialisasi netralitas ASN\n").hexdigest())
        r = run_cli("prevention", "file-add", "kegiatan", "999999", doc)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("tidak ditemukan", r.stderr)
        r = run_cli("prevention", "events")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"(?m)^%d\s" % eid)
        shutil.rmtree(d)

    def test_a_ppk_records_its_own_agencys_event_and_attendees(self):
        ppk = Client("ppk.blitar")
        me = ppk.call("GET", "/api/v1/me")[1]
        agency = me.get("agency_id") or me.get("instansi")
        st, body = ppk.call("POST", "/api/v1/events", self.event(penyelenggara="Dinas Pendidikan", kantor="35.03"))
        self.assertEqual(st, 201, body)  # a PPK's event is its agency's, wherever it says
        eid = body["id"]
        self.assertEqual(db_count(f"SELECT count(*) FROM events WHERE id={eid} AND agency_id IS NOT NULL AND office='35.05'"), 1)
        own = self.roster(f"x.agency_id = (SELECT agency_id FROM events WHERE id={eid})", 1)[0][0]
        foreign = self.roster(f"x.region LIKE '35.05%' AND coalesce(x.agency_id,0) <> (SELECT agency_id FROM events WHERE id={eid})", 1)[0][0]
        st, rep = ppk.call("POST", f"/api/v1/events/{eid}/attendance?periksa=1",
                           raw=f"nip\n{own}\n{foreign}\n".encode(), headers={"Content-Type": "text/csv"})
        self.assertEqual(st, 200, rep)
        self.assertEqual(rep["cocok_nip"], 1)
        self.assertEqual([b["baris"] for b in rep["salah"]], [3])
        # the Bawaslu office of the region sees it
        self.assertEqual(Client("bawaslu.blitar").call("GET", f"/api/v1/events/{eid}")[0], 200)

    def test_event_files_are_kept_under_their_hash_and_checked_on_download(self):
        bw = Client("bawaslu.blitar")
        eid = bw.call("POST", "/api/v1/events", self.event())[1]["id"]
        png = b"\x89PNG\r\n\x1a\n" + os.urandom(64)
        st, body = bw.call("POST", f"/api/v1/events/{eid}/files?nama=foto-acara.png&peran=foto", raw=png,
                           headers={"Content-Type": "image/png"})
        self.assertEqual(st, 201, body)
        f = body["berkas"][-1]
        self.assertEqual((f["peran_label"], f["sha256"]), ("Foto", hashlib.sha256(png).hexdigest()))
        st, got = bw.call("GET", f"/api/v1/prevention/files/{f['id']}", as_bytes=True)
        self.assertEqual((st, got), (200, png))
        self.assertEqual(Client("bawaslu.trenggalek").call("GET", f"/api/v1/prevention/files/{f['id']}")[0], 404)
        files = db_count("SELECT count(*) FROM prevention_files")
        st, body = bw.call("POST", f"/api/v1/events/{eid}/files?nama=x.pdf&peran=kuitansi", raw=b"%PDF-1.4 x",
                           headers={"Content-Type": "application/pdf"})
        self.assertEqual((st, body["error"]["field"]), (422, "peran"))
        st, body = Client("bawaslu.trenggalek").call("POST", f"/api/v1/events/{eid}/files?nama=x.pdf", raw=b"%PDF-1.4 x",
                                                     headers={"Content-Type": "application/pdf"})
        self.assertEqual(st, 404)
        self.assertEqual(db_count("SELECT count(*) FROM prevention_files"), files)
        # a file changed on disk is refused, not served
        path = os.path.join(VAR, "evidence", f["sha256"][:2], f["sha256"])
        keep = open(path, "rb").read()
        try:
            os.chmod(path, 0o644)
            with open(path, "wb") as out:
                out.write(keep + b"x")
            st, body = bw.call("GET", f"/api/v1/prevention/files/{f['id']}")
            self.assertEqual(st, 500, body)
            self.assertIn("SHA-256", body["error"]["message"])
        finally:
            with open(path, "wb") as out:
                out.write(keep)


class T26Pledges(unittest.TestCase):
    def nips(self, region, n, offset=0):
        con = connect()
        rows = [r[0] for r in con.execute(
            "SELECT x.nip FROM asn x WHERE x.region LIKE '%s%%' AND x.nip NOT IN (SELECT nip FROM pledges) "
            "ORDER BY x.nip LIMIT %d OFFSET %d" % (region, n, offset))]
        con.close()
        return rows

    def test_pledges_are_recorded_once_imported_whole_or_not_at_all_and_counted(self):
        bw = Client("bawaslu.blitar")
        one, two, three = self.nips("35.05", 3)
        other = self.nips("35.03", 1)[0]
        terms = {"tanggal": "2026-09-14", "cara": "acara", "acara": "Apel ikrar netralitas ASN"}
        count = lambda: db_count("SELECT count(*) FROM pledges")
        before, audit = count(), db_count("SELECT count(*) FROM audit")
        # refusals, each in words, and nothing written
        for over, code, field in [({"nip": "1234"}, 422, "nip"), ({"nip": other}, 403, "nip"),
                                  ({"nip": one, "tanggal": "2999-01-01"}, 422, "tanggal"),
                                  ({"nip": one, "cara": "lisan"}, 422, "cara"),
                                  ({"nip": one, "versi": "ikrar-1900"}, 422, "versi"),
                                  ({"nip": one, "tanggal": "2001-01-01"}, 422, "versi")]:
            st, body = bw.call("POST", "/api/v1/pledges", dict(terms, **over))
            self.assertEqual((st, body["error"]["field"]), (code, field), (over, body))
        self.assertEqual((count(), db_count("SELECT count(*) FROM audit")), (before, audit))
        st, body = bw.call("POST", "/api/v1/pledges", dict(terms, nip=one))
        self.assertEqual(st, 201, body)
        st, body = bw.call("POST", "/api/v1/pledges", dict(terms, nip=one))
        self.assertEqual(st, 409)  # once per version of the text
        self.assertEqual(db_count(f"SELECT version FROM pledges WHERE nip='{one}'"), "ikrar-2024")
        # a signature list: every line checked; nothing written while one is wrong
        qs = urllib.parse.urlencode(dict(terms, cara="daftar"))
        bad_csv = f"no,nama,nip\n1,A,{two}\n2,B,{one}\n3,C,{other}\n4,D,{two}\n5,E,99999\n"
        st, body = bw.call("POST", f"/api/v1/pledges/import?{qs}", raw=bad_csv.encode(),
                           headers={"Content-Type": "text/csv"})
        self.assertEqual(st, 422, body)
        lines = {r["baris"]: r["pesan"] for r in body["laporan"]["salah"]}
        self.assertEqual(sorted(lines), [3, 4, 5, 6])  # signed already, outside, twice, not a NIP
        self.assertIn("sudah tercatat", lines[3])
        self.assertIn("di luar", lines[4])
        self.assertIn("baris lain", lines[5])
        self.assertEqual(count(), before + 1)
        st, body = bw.call("POST", f"/api/v1/pledges/import?{qs}&periksa=1", raw=f"nip\n{two}\n{three}\n".encode(),
                           headers={"Content-Type": "text/csv"})
        self.assertEqual((st, body["sah"]), (200, 2))
        self.assertEqual(count(), before + 1)  # a check writes nothing
        st, body = bw.call("POST", f"/api/v1/pledges/import?{qs}", raw=f"nip\n{two}\n{three}\n".encode(),
                           headers={"Content-Type": "text/csv"})
        self.assertEqual((st, body["sah"], body.get("disimpan")), (201, 2, True), body)
        self.assertEqual(count(), before + 3)
        self.assertEqual(db_count("SELECT count(*) FROM audit WHERE action IN ('ikrar.catat','ikrar.impor')") >= 2, True)
        st, body = bw.call("POST", f"/api/v1/pledges/import?{qs}", raw=b"nama\nX\n", headers={"Content-Type": "text/csv"})
        self.assertEqual((st, body["error"]["field"]), (422, "berkas"))
        # coverage: signed over roster per agency, as the database has it, the lowest first
        st, cov = bw.call("GET", "/api/v1/pledges/coverage")
        self.assertEqual(st, 200, cov)
        con = connect()
        want = {str(ag): (n, s) for ag, n, s in con.execute(
            "SELECT coalesce(x.agency_id,0), count(*), count(p.nip) FROM asn x LEFT JOIN (SELECT DISTINCT nip FROM pledges) p "
            "ON p.nip=x.nip WHERE x.region LIKE '35.05%' GROUP BY 1")}
        con.close()
        self.assertEqual({r["key"]: (r["asn"], r["ikrar"]) for r in cov["instansi"]}, want)
        shares = [r["cakupan"] for r in cov["instansi"]]
        self.assertEqual(shares, sorted(shares))
        self.assertTrue(all(r["di_bawah_ambang"] == (r["cakupan"] < cov["ambang"]) for r in cov["instansi"]))
        # the PPK records and counts only its own agency's ASN
        ppk = Client("ppk.blitar")
        ag = db_count("SELECT agency_id FROM users WHERE username='ppk.blitar'")
        pick = lambda op: db_count(f"SELECT nip FROM asn WHERE region LIKE '35.05%' AND agency_id {op} {ag} AND nip NOT IN "
                                   "(SELECT nip FROM pledges) ORDER BY nip LIMIT 1")
        mine, theirs = pick("="), pick("<>")
        self.assertEqual(ppk.call("POST", "/api/v1/pledges", dict(terms, nip=mine))[0], 201)
        self.assertEqual(ppk.call("POST", "/api/v1/pledges", dict(terms, nip=theirs))[0], 403)
        self.assertEqual({r["key"] for r in ppk.call("GET", "/api/v1/pledges/coverage")[1]["instansi"]}, {str(ag)})
        self.assertEqual(Client("otoritas").call("POST", "/api/v1/pledges", dict(terms, nip=mine))[0], 403)

    def test_a_pledge_shows_on_the_person_and_case_pages_and_the_page_keeps_a_refused_form(self):
        bw = Client("bawaslu.blitar")
        nip = self.nips("35.05", 1, offset=60)[0]
        cid = bw.call("POST", "/api/v1/cases", new_temuan(terlapor=[nip]))[1]["id"]
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        st, html, _ = b.get("/pencegahan")
        self.assertIn("Cakupan ikrar per instansi", html)
        self.assertIn("Menjaga dan menegakkan prinsip netralitas ASN", html)  # the text in use, from the rules
        csrf = html.split('name="csrf" value="')[1].split('"')[0]
        st, html, _ = b.post("/pencegahan/ikrar", {"csrf": csrf, "nip": nip, "tanggal": "2999-01-01", "cara": "acara",
                                                   "acara": "Apel " + XSS})
        self.assertEqual(st, 422)
        self.assertIn(f'value="{nip}"', html)
        self.assertIn('id="i-tanggal-salah"', html)
        st, html, _ = b.post("/pencegahan/ikrar", {"csrf": csrf, "nip": nip, "tanggal": "2026-09-14", "cara": "acara",
                                                   "acara": "Apel " + XSS})
        self.assertEqual(st, 200)
        self.assertIn("Ikrar netralitas dicatat.", html)
        for page in (f"/asn/{nip}", f"/kasus/{cid}"):
            st, html, _ = b.get(page)
            self.assertIn("Ikrar Netralitas Aparatur Sipil Negara pada 14 Sep 2026 (Ditandatangani dalam acara: Apel &lt;script&gt;", html)
        # a signature list with a wrong line writes nothing and says which line
        st, html, _ = b.post_multipart("/pencegahan/ikrar/impor", {"csrf": csrf, "tanggal": "2026-09-14", "cara": "daftar"},
                                       [("berkas", "daftar.csv", f"nip\n{nip}\n".encode())])
        self.assertEqual(st, 422)
        self.assertIn("<td data-label=\"Baris\">2</td>", html)
        self.assertIn("Belum ada yang disimpan", html)


class T14PatrolPages(unittest.TestCase):
    def test_queue_highlights_matches_and_reviews_by_form(self):
        post = {"platform": "facebook", "id": "pg-1", "kind": "post", "created_at": TODAY + "T08:00:00+07:00",
                "author": {"handle": "akun.lain", "name": "Tanpa Nama"}, "text": "Ayo 𝐜𝐨𝐛𝐥𝐨𝐬 Mas Har <b>sekarang</b>"}
        patrol_posts(self, post)
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        self.assertEqual(b.get("/patroli")[0], 200)
        fid = [x["id"] for x in Client("bawaslu.blitar").call("GET", "/api/v1/patrol/findings?limit=500")[1] if x["item_id"] == "pg-1"][0]
        st, html, _ = b.get(f"/patroli?temuan={fid}")
        self.assertEqual(st, 200)
        self.assertIn("<mark>𝐜𝐨𝐛𝐥𝐨𝐬</mark>", html)
        self.assertIn("<mark>Mas Har</mark>", html)
        self.assertIn("&lt;b&gt;sekarang&lt;/b&gt;", html)
        # the card in the reviewer's words: no rule ids, codes or file paths
        card = html.split('<article class="finding"')[1].split("</article>")[0]
        self.assertRegex(card, r">(Dukungan kepada calon|Perlu ditinjau) · unggahan facebook</h2>")
        self.assertIn("<strong>Tanpa Nama</strong> (@akun.lain) · diunggah ", card)
        self.assertIn("menyebut calon nomor", card)
        self.assertNotRegex(card, r"<li>(dukungan|kandidat|netral|negasi):")
        self.assertNotRegex(card, r"dari [^<]*/")
        self.assertEqual(b.get("/patroli?temuan=abc")[0], 404)
        csrf = html.split('name="csrf" value="')[1].split('"')[0]
        # one form per action: a refused dismissal comes back to the queue, the message beside
        # that form, the other findings still there
        queued = len(re.findall(r'<article class="finding"', b.get("/patroli")[1]))
        st, html, _ = b.post(f"/patroli/{fid}/tinjau", {"csrf": csrf, "aksi": "abaikan", "status": "baru"})
        self.assertEqual(st, 422)
        self.assertEqual(len(re.findall(r'<article class="finding"', html)), queued)
        self.assertRegex(html, rf'<p class="field-error" id="alasan-{fid}-salah">Alasan[^<]*wajib')
        self.assertIn(f'aria-describedby="alasan-{fid}-salah"', html)
        self.assertEqual(html.count('class="field-error"'), 1)
        # a NIP the office does not hold: refused beside the link form, the NIP typed kept
        st, html, _ = b.post(f"/patroli/{fid}/tinjau", {"csrf": csrf, "aksi": "konfirmasi_tautan", "nip": NIPS["35.03"][0],
                                                        "status": "baru"})
        self.assertEqual(st, 422)
        self.assertIn(f'id="nip-{fid}-salah"', html)
        self.assertIn(f'value="{NIPS["35.03"][0]}"', html)
        # linked: the card names the ASN with position and agency, as the roster has them
        nip = NIPS["35.05"][0]
        st, _, h = b.post(f"/patroli/{fid}/tinjau", {"csrf": csrf, "aksi": "konfirmasi_tautan", "nip": nip, "status": "baru"})
        self.assertEqual(st, 303)
        self.assertEqual(h["Location"], "/patroli?status=baru")
        con = connect()
        name, position, agency = con.execute(
            "SELECT x.name, x.position, g.name FROM asn x JOIN agencies g ON g.id=x.agency_id WHERE x.nip='%s'" % nip).fetchone()
        con.close()
        st, html, _ = b.get(f"/patroli?temuan={fid}")
        self.assertIn(f'<a href="/asn/{nip}">{html_escape(name)}</a>, {html_escape(position)}, {html_escape(agency)}', html)
        st, _, h = b.post(f"/patroli/{fid}/tinjau", {"csrf": csrf, "aksi": "abaikan", "alasan": "Akun parodi"})
        self.assertEqual(st, 303)
        self.assertEqual(Client("bawaslu.blitar").call("GET", f"/api/v1/patrol/findings/{fid}")[1]["status"], "ditolak")

    def test_a_like_shows_what_was_liked_and_accounts_stay_masked_for_the_admin(self):
        like = {"platform": "facebook", "id": "like-target-1", "kind": "like", "created_at": TODAY + "T09:00:00+07:00",
                "author": {"handle": "guru.sd.01", "name": "Bu Guru Contoh"},
                "target": {"id": "t-1", "url": "https://facebook.com/calon/posts/1",
                           "author": {"handle": "mas.har.official", "name": "Mas Har"},
                           "text": "Ayo coblos nomor 1 tanggal 9 Desember!"}}
        patrol_posts(self, like)
        fid = db_count("SELECT id FROM patrol_findings WHERE item_id='like-target-1'")
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        st, html, _ = b.get(f"/patroli?temuan={fid}")
        self.assertEqual(st, 200)
        card = html.split('<article class="finding"')[1].split("</article>")[0]
        self.assertIn("suka atas unggahan <strong>Mas Har</strong> (@mas.har.official):", card)
        # the target's words the rules matched are marked in it, as in a post
        self.assertIn('<blockquote class="post target-text">Ayo <mark>coblos</mark> <mark>nomor 1</mark> tanggal 9 Desember!</blockquote>', card)
        self.assertNotIn('<p class="post">', card)  # a like has no text of its own
        # the administrator may not see accounts: neither the author nor the target's, in the
        # page or in the API's captured record
        adm = Client("admin")
        st, body = adm.call("GET", f"/api/v1/patrol/findings/{fid}")
        self.assertEqual(st, 200)
        text = json.dumps(body, ensure_ascii=False)
        for secret in ("guru.sd.01", "Bu Guru Contoh", "mas.har.official"):
            self.assertNotIn(secret, text)

    def test_a_patrol_runs_from_the_browser_on_an_upload_against_the_roster_in_the_database(self):
        con = connect()
        nip, platform, handle = con.execute(
            "SELECT c.nip, c.platform, c.handle FROM asn_accounts c JOIN asn x ON x.nip=c.nip "
            "WHERE x.region LIKE '35.05%' ORDER BY c.nip LIMIT 1").fetchone()
        con.close()
        tag = os.urandom(4).hex()
        items = [{"platform": platform, "id": f"web-{tag}-1", "kind": "post", "created_at": TODAY + "T08:00:00+07:00",
                  "author": {"handle": handle, "name": "Siapa Saja"}, "text": "Ayo coblos Mas Har, jangan lupa"},
                 {"platform": "facebook", "id": f"web-{tag}-2", "kind": "post", "created_at": TODAY + "T08:00:00+07:00",
                  "author": {"handle": "warga.biasa", "name": "Warga"}, "text": "Hari ini hujan deras di Kanigoro"}]
        export = (json.dumps(items[0]) + "\n{rusak\n" + json.dumps(items[1]) + "\n").encode()
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        st, html, _ = b.get("/patroli/jalankan")
        self.assertEqual(st, 200)
        csrf = html.split('name="csrf" value="')[1].split('"')[0]
        runs_before = db_count("SELECT count(*) FROM patrol_runs")
        # refused forms keep the choice, say what is wrong beside the field, and start nothing
        st, html, _ = b.post_multipart("/patroli/jalankan", {"csrf": csrf, "pemilihan": "pilbup-blitar-2020"}, [])
        self.assertEqual(st, 422)
        self.assertIn('id="berkas-salah"', html)
        self.assertIn('<option value="pilbup-blitar-2020" selected>', html)
        st, html, _ = b.post_multipart("/patroli/jalankan", {"csrf": csrf, "pemilihan": "pilbup-trenggalek-2020"},
                                       [("berkas", "ekspor.jsonl", export)])
        self.assertEqual(st, 422)
        self.assertIn('id="pemilihan-salah"', html)
        self.assertIn("pilih lagi: <strong>ekspor.jsonl</strong>", html)
        st, html, _ = b.post_multipart("/patroli/jalankan", {"csrf": csrf, "pemilihan": "pilbup-blitar-2020", "format": "xml"},
                                       [("berkas", "ekspor.jsonl", export)])
        self.assertEqual(st, 422)
        self.assertEqual(db_count("SELECT count(*) FROM patrol_runs"), runs_before)
        ppk = Form()
        ppk.post("/masuk", {"username": "ppk.blitar", "password": PASSWORD})
        self.assertEqual(ppk.get("/patroli/jalankan")[0], 403)
        # the run: started, then watched until it is done
        st, _, h = b.post_multipart("/patroli/jalankan", {"csrf": csrf, "pemilihan": "pilbup-blitar-2020"},
                                    [("berkas", "ekspor.jsonl", export)])
        self.assertEqual(st, 303)
        page = h["Location"]
        self.assertRegex(page, r"^/patroli/jalankan/\d+$")
        for _ in range(200):
            st, html, _ = b.get(page)
            if "Status: <strong>Selesai" in html or "Gagal" in html:
                break
            self.assertIn('http-equiv="refresh"', html)  # the page looks again by itself
            time.sleep(0.05)
        self.assertIn("Status: <strong>Selesai", html)
        self.assertNotIn('http-equiv="refresh"', html)
        run_id = int(page.rsplit("/", 1)[1])
        con = connect()
        row = con.execute("SELECT items_read, malformed, flagged, linked, roster_size, sha256, problems FROM patrol_runs "
                          "WHERE id=%d" % run_id).fetchone()
        roster = con.execute("SELECT count(*) FROM asn WHERE region LIKE '35.05%'").fetchone()[0]
        con.close()
        self.assertEqual(row[:2], (3, 1))
        self.assertEqual(row[4], roster)  # the office's roster, from the database
        self.assertEqual(row[5], hashlib.sha256(export).hexdigest())
        self.assertIn("ekspor.jsonl:2:", row[6])
        self.assertIn("ekspor.jsonl:2:", html)
        # the account registered in the roster is linked, as the CLI's --roster would link it
        self.assertEqual(db_count(f"SELECT nip FROM patrol_findings WHERE item_id='web-{tag}-1'"), nip)
        self.assertEqual(db_count(f"SELECT link_method FROM patrol_findings WHERE item_id='web-{tag}-1'"), "handle")
        self.assertEqual(row[3], 1)
        self.assertEqual(db_count(f"SELECT count(*) FROM patrol_findings WHERE item_id='web-{tag}-2'"), 0)
        # audited at the start and at the end, under the officer's name
        self.assertEqual(db_count(f"SELECT count(*) FROM audit WHERE object='patrol_run:{run_id}'"), 2)
        # the same export again: the same item is one finding
        before = db_count("SELECT count(*) FROM patrol_findings")
        st, _, h = b.post_multipart("/patroli/jalankan", {"csrf": csrf, "pemilihan": "pilbup-blitar-2020"},
                                    [("berkas", "ekspor.jsonl", export)])
        for _ in range(200):
            if "Status: <strong>Selesai" in b.get(h["Location"])[1]:
                break
            time.sleep(0.05)
        self.assertEqual(db_count("SELECT count(*) FROM patrol_findings"), before)
        # another office does not see the run
        other = Form()
        other.post("/masuk", {"username": "bawaslu.trenggalek", "password": PASSWORD})
        self.assertEqual(other.get(page)[0], 404)
        self.assertNotIn(f"/patroli/jalankan/{run_id}", other.get("/patroli/jalankan")[1])
        self.assertIn(f"/patroli/jalankan/{run_id}", b.get("/patroli/jalankan")[1])
        # the CLI's --db without --roster links against the same roster in the database
        item = dict(items[0], id=f"cli-{tag}")
        r = subprocess.run([BIN, "patrol", "--election", "pilbup-blitar-2020", f"--db={DB}", "-"],
                           input=(json.dumps(item) + "\n").encode(), capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout.decode().splitlines()[0])["nip"], nip)

    def test_the_queue_comes_a_page_at_a_time(self):
        tag = os.urandom(3).hex()
        patrol_posts(self, *[{"platform": "facebook", "id": f"q-{tag}-{i}", "kind": "post",
                               "created_at": TODAY + "T08:00:00+07:00", "author": {"handle": f"q{tag}{i}", "name": "Warga"},
                               "text": f"Ayo coblos Mas Har, salam {i}"} for i in range(60)])
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        seen = []
        page, pages = "/patroli?status=baru", 0
        while page and pages < 100:
            st, html, _ = b.get(page)
            self.assertEqual(st, 200)
            ids = re.findall(r'<article class="finding" id="temuan-(\d+)"', html)
            self.assertLessEqual(len(ids), 50)
            seen += ids
            nxt = re.search(r'href="(/patroli\?status=baru&amp;offset=\d+)" rel="next"', html)
            page = nxt.group(1).replace("&amp;", "&") if nxt else None
            pages += 1
        self.assertGreater(pages, 1)
        self.assertEqual(len(seen), len(set(seen)))  # no finding twice
        con = connect()
        mine = {str(r[0]) for r in con.execute(f"SELECT id FROM patrol_findings WHERE item_id LIKE 'q-{tag}-%'")}
        con.close()
        self.assertEqual(len(mine), 60)
        self.assertLessEqual(mine, set(seen))  # every one of them on some page
        self.assertEqual(b.get("/patroli?offset=abc")[0], 422)

    def test_a_finding_keeps_who_posted_it(self):
        post = {"platform": "facebook", "id": "author-1", "kind": "post", "created_at": TODAY + "T08:00:00+07:00",
                "author": {"handle": "pak.camat", "name": "Pak Camat"}, "text": "Ayo coblos Mas Har sekarang"}
        r = subprocess.run([BIN, "patrol", "--election", "pilbup-blitar-2020", f"--db={DB}", "-"],
                           input=(json.dumps(post) + "\n").encode(), capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout.decode().splitlines()[0])["author"],
                         {"handle": "pak.camat", "name": "Pak Camat"})
        self.assertEqual(db_count("SELECT author_handle FROM patrol_findings WHERE item_id='author-1'"), "pak.camat")

    def test_only_http_urls_become_links(self):
        items = [{"platform": "facebook", "id": f"pg-url-{i}", "kind": "post", "created_at": TODAY + "T08:00:00+07:00",
                  "author": {"handle": "akun.lain", "name": "Tanpa Nama"}, "text": "Ayo coblos Mas Har sekarang",
                  "url": u} for i, u in enumerate(["javascript:alert(document.cookie)", " JavaScript:alert(1)",
                                                   "//evil.example/x", "https://www.facebook.com/p/1"])]
        patrol_posts(self, *items)
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        found = {x["item_id"]: x["id"] for x in Client("bawaslu.blitar").call("GET", "/api/v1/patrol/findings?limit=500")[1]}
        for i, it in enumerate(items):
            st, html, _ = b.get(f"/patroli?temuan={found[it['id']]}")
            self.assertEqual(st, 200)
            links = re.findall(r'<a href="([^"]*)" rel="noopener', html)
            if i < 3:
                self.assertEqual(links, [], it["url"])
                self.assertIn("bukan http/https", html)
            else:
                self.assertEqual(links, [it["url"]])

    def test_person_page_shows_cases_and_is_scoped(self):
        nip = NIPS["35.05"][2]
        api = Client("bawaslu.blitar")
        api.call("POST", "/api/v1/cases", new_temuan(terlapor=[nip]))
        b = Form()
        b.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        st, html, _ = b.get(f"/asn/{nip}")
        self.assertEqual(st, 200)
        self.assertIn(nip, html)
        self.assertIn('href="/kasus/', html)
        other = Form()
        other.post("/masuk", {"username": "bawaslu.trenggalek", "password": PASSWORD})
        self.assertEqual(other.get(f"/asn/{nip}")[0], 404)


class T15AgencyPages(unittest.TestCase):
    def login(self, user):
        b = Form()
        self.assertEqual(b.post("/masuk", {"username": user, "password": PASSWORD})[0], 303)
        return b

    def csrf(self, html):
        return html.split('name="csrf" value="')[1].split('"')[0]

    def test_recommendation_and_sanction_through_the_pages(self):
        nip = NIPS["pemkab-blitar"][1]
        api = Client("bawaslu.blitar")
        cid = api.call("POST", "/api/v1/cases", new_temuan(terlapor=[nip]))[1]["id"]
        bw = self.login("bawaslu.blitar")
        for to in ["diregistrasi", "klarifikasi", "kajian", "diteruskan"]:
            st, html, _ = bw.get(f"/kasus/{cid}")
            self.assertEqual(bw.post(f"/kasus/{cid}/langkah", {"csrf": self.csrf(html), "ke": to})[0], 303, to)
        oto = self.login("otoritas")
        st, html, _ = oto.get(f"/kasus/{cid}")
        self.assertEqual(st, 200)
        self.assertIn('name="sanksi"', html)
        # the list offers the ladder for this ASN (PNS or PPPK) today, pre-selecting the
        # catalogue's level for D2 (heavy), and only that regulation's sanctions
        kind = connect().execute("SELECT position_kind FROM asn WHERE nip=?", (nip,)).fetchone()[0]
        ladder = "PP49/2018" if kind == "pppk" else "PP94/2021"
        picked = re.search(r'<option value="([^"]+)" selected>[^<]*\(Disiplin berat\)', html)
        self.assertIsNotNone(picked, html)
        self.assertTrue(picked.group(1).startswith(ladder + "|"), picked.group(1))
        self.assertNotIn('value="PP53/2010|', html)
        sel = picked.group(1)
        url = f"/kasus/{cid}/terlapor/{nip}/langkah"
        st, html2, _ = oto.post(url, {"csrf": self.csrf(html), "ke": "rekomendasi_terbit", "sanksi": sel,
                                      "nomor": "R-9/BKN/2026"})
        self.assertEqual(st, 422)  # the date is missing: said on the page
        self.assertIn('role="alert"', html2)
        st, html2, _ = oto.post(url, {"csrf": self.csrf(html), "ke": "rekomendasi_terbit", "sanksi": ladder + "|teguran_lisan",
                                      "nomor": "R-9/BKN/2026", "tanggal": TODAY})
        self.assertEqual(st, 422)  # lighter than the catalogue's level without a reason
        self.assertIn("tuliskan alasannya", html2)
        st, _, _ = oto.post(url, {"csrf": self.csrf(html), "ke": "rekomendasi_terbit", "sanksi": sel,
                                  "nomor": "R-9/BKN/2026", "tanggal": TODAY})
        self.assertEqual(st, 303)
        ppk = self.login("ppk.blitar")
        st, html, _ = ppk.get(f"/kasus/{cid}")
        self.assertIn("R-9/BKN/2026", html)
        self.assertIn('name="nomor_sk"', html)
        # the decree's scan goes with the step: a form that sends files, a file field
        self.assertIn('enctype="multipart/form-data"', html)
        self.assertIn('name="berkas_sk" type="file"', html)
        scan = b"%PDF-1.4\n" + os.urandom(5000)
        evidence = lambda: db_count(f"SELECT count(*) FROM evidence WHERE case_id={cid}")
        # a refused step keeps no document
        st, html2, _ = ppk.post_multipart(url, {"csrf": self.csrf(html), "ke": "sanksi_dijatuhkan", "nomor_sk": "800/5/2026"},
                                          [("berkas_sk", "sk-sanksi.pdf", scan)])
        self.assertEqual(st, 422, html2)
        self.assertEqual(evidence(), 0)
        st, _, _ = ppk.post_multipart(url, {"csrf": self.csrf(html), "ke": "sanksi_dijatuhkan", "nomor_sk": "800/5/2026",
                                            "tanggal_sk": TODAY}, [("berkas_sk", "sk-sanksi.pdf", scan)])
        self.assertEqual(st, 303)
        party = api.call("GET", f"/api/v1/cases/{cid}")[1]["terlapor"][0]
        self.assertEqual(party["status"], "sanksi_dijatuhkan")
        self.assertEqual(party["sk"]["nomor_sk"], "800/5/2026")
        self.assertEqual(ladder + "|" + party["rekomendasi"]["sanksi"], sel)
        files = api.call("GET", f"/api/v1/cases/{cid}")[1]["bukti"]
        self.assertEqual([(f["nama_berkas"], f["sha256"], f["diunggah_oleh"]) for f in files],
                         [("sk-sanksi.pdf", hashlib.sha256(scan).hexdigest(), "ppk.blitar")])
        self.assertIn("800/5/2026", files[0]["keterangan"])

    def test_a_role_that_does_not_see_the_nip_acts_on_the_person_by_key(self):
        # the admin sees NIPs masked; the step forms name the reported ASN by an opaque key
        nip = NIPS["pemkab-blitar"][2]
        api = Client("bawaslu.blitar")
        cid = api.call("POST", "/api/v1/cases", new_temuan(terlapor=[nip]))[1]["id"]
        bw = self.login("bawaslu.blitar")
        for to in ["diregistrasi", "klarifikasi", "kajian", "diteruskan"]:
            st, html, _ = bw.get(f"/kasus/{cid}")
            self.assertEqual(bw.post(f"/kasus/{cid}/langkah", {"csrf": self.csrf(html), "ke": to})[0], 303, to)
        adm = self.login("admin")
        st, html, _ = adm.get(f"/kasus/{cid}")
        self.assertEqual(st, 200)
        self.assertNotIn(nip, html)
        actions = re.findall(r'action="/kasus/%d/terlapor/([^/"]+)/langkah"' % cid, html)
        self.assertTrue(actions, html)
        self.assertTrue(all(re.fullmatch(r"[0-9a-f]{16}", k) for k in actions), actions)
        key = actions[0]
        before = db_count(f"SELECT count(*) FROM case_events WHERE case_id={cid}")
        st, html2, _ = adm.post(f"/kasus/{cid}/terlapor/{'0' * 16}/langkah",
                                {"csrf": self.csrf(html), "ke": "tidak_terbukti", "alasan": "uji", "konfirmasi": "1"})
        self.assertEqual(st, 422)
        self.assertIn("tidak ada dalam kasus ini", html2)
        self.assertEqual(db_count(f"SELECT count(*) FROM case_events WHERE case_id={cid}"), before)
        st, _, _ = adm.post(f"/kasus/{cid}/terlapor/{key}/langkah",
                            {"csrf": self.csrf(html), "ke": "tidak_terbukti", "alasan": "tidak cukup bukti",
                             "konfirmasi": "1"})
        self.assertEqual(st, 303)
        self.assertEqual(db_count(f"SELECT state FROM case_parties WHERE case_id={cid}"), "tidak_terbukti")
        # the key of one case does not act in another
        other = api.call("POST", "/api/v1/cases", new_temuan(terlapor=[nip]))[1]["id"]
        st, body = Client("admin").call("POST", f"/api/v1/cases/{other}/transitions",
                                        {"ke": "dihentikan", "pihak": key, "alasan": "x"})
        self.assertEqual(st, 422, body)

    def test_case_forms_keep_what_was_typed_and_say_what_happened(self):
        nip = NIPS["pemkab-blitar"][0]
        api = Client("bawaslu.blitar")
        cid = api.call("POST", "/api/v1/cases", new_temuan(terlapor=[nip]))[1]["id"]
        bw = self.login("bawaslu.blitar")
        st, html, _ = bw.get(f"/kasus/{cid}")
        # the data form, refused for a wrong NIP: what was typed stays, the reason is beside it
        st, html2, _ = bw.post(f"/kasus/{cid}/ubah", {"csrf": self.csrf(html), "judul": "Judul baru <i>",
                                                      "terlapor": "12345"})
        self.assertEqual(st, 422, html2)
        self.assertIn('value="Judul baru &lt;i&gt;"', html2)
        self.assertIn(">12345</textarea>", html2)
        self.assertIn('id="ubah-terlapor-salah"', html2)
        self.assertIn('<a href="#ubah-terlapor">', html2)
        self.assertLess(html2.index("ringkasan-salah"), html2.index("<h1>"))
        # an accepted step says what it did, with the registration number
        st, _, h = bw.post(f"/kasus/{cid}/langkah", {"csrf": self.csrf(html), "ke": "diregistrasi"})
        self.assertEqual(st, 303)
        self.assertIn("?ok=diregistrasi", h["Location"])
        st, html, _ = bw.get(h["Location"])
        reg = api.call("GET", f"/api/v1/cases/{cid}")[1]["reg_no"]
        self.assertIn(f"Kasus diregistrasi dengan nomor {reg}.", html)
        # the deadline in words, dates as people write them: no ISO date or timestamp as text
        self.assertRegex(html, r"(sisa \d+ hari (kerja|kalender)|terlambat \d+ hari|jatuh tempo hari ini)")
        text = re.sub(r"<[^>]*>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S))
        self.assertNotRegex(text, r"\d{4}-\d{2}-\d{2}")
        self.assertNotIn(">temuan<", html)  # the route by its label
        self.assertEqual(bw.get(f"/kasus/{cid}?ok=%3Cscript%3E")[1].count("done-summary"), 0)
        # a refused step keeps its inputs: the authority's recommendation without its date
        for to in ["klarifikasi", "kajian", "diteruskan"]:
            st, html, _ = bw.get(f"/kasus/{cid}")
            bw.post(f"/kasus/{cid}/langkah", {"csrf": self.csrf(html), "ke": to})
        oto = self.login("otoritas")
        st, html, _ = oto.get(f"/kasus/{cid}")
        key = re.search(r'action="/kasus/%d/terlapor/([0-9a-f]{16})/langkah"' % cid, html).group(1)
        sel = re.search(r'<option value="([^"]+)" selected>', html).group(1)
        st, html2, _ = oto.post(f"/kasus/{cid}/terlapor/{key}/langkah",
                                {"csrf": self.csrf(html), "ke": "rekomendasi_terbit", "sanksi": sel, "nomor": "R-55/BKN/2026"})
        self.assertEqual(st, 422, html2)
        fid = f"p-{key}-rekomendasi_terbit"
        self.assertIn(f'id="{fid}-nomor" name="nomor" maxlength="120" value="R-55/BKN/2026"', html2)
        self.assertIn(f'id="{fid}-tanggal-salah"', html2)
        self.assertIn(f'<a href="#{fid}-tanggal">', html2)
        self.assertIn(f'<option value="{sel}" selected>', html2)

    def test_every_menu_entry_opens_for_its_role(self):
        for user in ["admin", "bawaslu.blitar", "otoritas", "ppk.blitar"]:
            b = self.login(user)
            html = b.get("/kasus")[1]
            nav = html.split('<nav aria-label="Navigasi utama">')[1].split("</nav>")[0]
            links = re.findall(r'<a href="(/[^"]*)"', nav)
            self.assertTrue(links, user)
            for href in links:
                self.assertEqual(b.get(href)[0], 200, (user, href))
            self.assertNotRegex(nav, r"\((admin|bawaslu|otoritas|ppk)\)")  # the role by its label

    def test_the_handling_office_opens_the_reporter_and_extends_a_deadline_from_the_page(self):
        api = Client("bawaslu.blitar")
        c = new_temuan(jalur="laporan", pelapor={"nama": "Pelapor Halaman", "telepon": "0812999000"})
        cid = api.call("POST", "/api/v1/cases", c)[1]["id"]
        bw = self.login("bawaslu.blitar")
        st, html, _ = bw.get(f"/kasus/{cid}")
        self.assertIn('action="/kasus/%d/pelapor"' % cid, html)
        self.assertNotIn("Pelapor Halaman", html)
        # the province sees the case, not the button
        prov = self.login("bawaslu.jatim")
        self.assertNotIn('action="/kasus/%d/pelapor"' % cid, prov.get(f"/kasus/{cid}")[1])
        views = db_count("SELECT count(*) FROM audit WHERE action='pelapor.lihat'")
        st, html2, _ = bw.post(f"/kasus/{cid}/pelapor", {"csrf": self.csrf(html), "keperluan": ""})
        self.assertEqual(st, 422)
        self.assertIn('id="pelapor-keperluan-salah"', html2)
        self.assertEqual(db_count("SELECT count(*) FROM audit WHERE action='pelapor.lihat'"), views)
        st, html2, _ = bw.post(f"/kasus/{cid}/pelapor", {"csrf": self.csrf(html), "keperluan": "undangan klarifikasi"})
        self.assertEqual(st, 200)
        self.assertIn("<dd>Pelapor Halaman</dd>", html2)
        self.assertIn("tercatat di log audit", html2)
        self.assertEqual(db_count("SELECT count(*) FROM audit WHERE action='pelapor.lihat'"), views + 1)
        self.assertEqual(prov.post(f"/kasus/{cid}/pelapor", {"csrf": self.csrf(prov.get(f"/kasus/{cid}")[1]),
                                                             "keperluan": "ingin tahu"})[0], 403)
        # the regime's one extension, with its reason, while the deadline runs
        self.assertIn('id="form-perpanjang"', html)
        st, html2, _ = bw.post(f"/kasus/{cid}/perpanjang", {"csrf": self.csrf(html), "alasan": ""})
        self.assertEqual(st, 422)
        st, _, h = bw.post(f"/kasus/{cid}/perpanjang", {"csrf": self.csrf(html), "alasan": "menunggu keterangan saksi"})
        self.assertEqual(st, 303)
        st, html, _ = bw.get(h["Location"])
        self.assertIn("Tenggat diperpanjang", html)
        self.assertNotIn('id="form-perpanjang"', html)
        self.assertIn("menunggu keterangan saksi", html)
        self.assertTrue(api.call("GET", f"/api/v1/cases/{cid}")[1]["diperpanjang"])

    def test_an_officer_creates_a_case_in_the_browser(self):
        bw = self.login("bawaslu.blitar")
        st, html, _ = bw.get("/kasus/baru")
        self.assertEqual(st, 200)
        self.assertIn('<option value="35.05" selected>', html)
        nip = NIPS["35.05"][4]
        form = {"csrf": self.csrf(html), "jalur": "temuan", "kantor": "35.05", "pemilihan": "pilbup-blitar-2020",
                "tanggal_diketahui": TODAY, "tanggal_kejadian": TODAY, "tempat": "Pasar Kanigoro",
                "uraian": "Camat berorasi di panggung kampanye", "daftar_bukti": "Video 2 menit",
                "terlapor": "1234", "pl_D2": "1"}
        st, html2, _ = bw.post("/kasus/baru", form)
        self.assertEqual(st, 422, html2)
        self.assertIn('value="Pasar Kanigoro"', html2)
        self.assertIn(">1234</textarea>", html2)
        self.assertIn('name="pl_D2" value="1" checked', html2)
        self.assertIn('<a href="#baru-terlapor">', html2)
        st, _, h = bw.post("/kasus/baru", dict(form, terlapor=nip))
        self.assertEqual(st, 303)
        self.assertIn("?ok=dibuat", h["Location"])
        st, page, _ = bw.get(h["Location"])
        self.assertIn("Kasus dibuat (Temuan)", page)
        cid = int(re.search(r"/kasus/(\d+)", h["Location"]).group(1))
        case = Client("bawaslu.blitar").call("GET", f"/api/v1/cases/{cid}")[1]
        self.assertEqual((case["jalur"], case["terlapor"][0]["nip"], case["tempat"]), ("temuan", nip, "Pasar Kanigoro"))
        # a laporan brought in person: the officer types the reporter, who is sealed
        st, _, h = bw.post("/kasus/baru", dict(form, jalur="laporan", terlapor=nip, nama="Ibu Pelapor Datang",
                                                telepon="0813"))
        self.assertEqual(st, 303, _)
        cid = int(re.search(r"/kasus/(\d+)", h["Location"]).group(1))
        self.assertTrue(Client("bawaslu.blitar").call("GET", f"/api/v1/cases/{cid}")[1]["ada_pelapor"])
        self.assertEqual(db_count(f"SELECT count(*) FROM cases WHERE id={cid} AND " + blob_has("reporter_enc", "Ibu Pelapor")), 0)
        # another regency's office is not offered, and is refused if sent
        st, html3, _ = bw.post("/kasus/baru", dict(form, kantor="35.03", terlapor=nip))
        self.assertEqual(st, 403)
        ppk = self.login("ppk.blitar")
        self.assertEqual(ppk.get("/kasus/baru")[0], 403)

    def test_find_an_asn_by_name_and_add_them_to_a_case(self):
        con = connect()
        nip, name, other = con.execute(
            "SELECT a.nip, a.name, (SELECT b.nip FROM asn b WHERE b.region LIKE '35.03%' LIMIT 1) FROM asn a "
            "WHERE a.region LIKE '35.05%' ORDER BY a.nip DESC LIMIT 1").fetchone()
        con.close()
        api = Client("bawaslu.blitar")
        cid = api.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        bw = self.login("bawaslu.blitar")
        st, html, _ = bw.get(f"/asn?kasus={cid}&q={urllib.parse.quote(name[:12])}")
        self.assertEqual(st, 200)
        self.assertIn(f'<input type="hidden" name="terlapor" value="{nip}">', html)
        self.assertIn(f"Tambahkan ke kasus {cid}", html)
        # the search stays in the officer's region
        st, html2, _ = bw.get(f"/asn?q={other}")
        self.assertNotIn(other, html2.split("<tbody>")[1])
        # by position or agency too
        st, html3, _ = bw.get("/asn?q=" + urllib.parse.quote("Kabupaten Blitar"))
        self.assertGreater(int(re.search(r'data-total="(\d+)"', html3).group(1)), 0)
        self.assertEqual(bw.get("/asn?q=ab")[0], 200)
        st, _, h = bw.post(f"/kasus/{cid}/ubah", {"csrf": self.csrf(html), "terlapor": nip})
        self.assertEqual(st, 303)
        self.assertIn(nip, [p["nip"] for p in api.call("GET", f"/api/v1/cases/{cid}")[1]["terlapor"]])

    def test_due_page_lists_overdue_in_scope(self):
        b = self.login("bawaslu.blitar")
        st, html, _ = b.get("/tenggat?hari=3")
        self.assertEqual(st, 200)
        due = Client("bawaslu.blitar").call("GET", "/api/v1/cases/due?days=3")[1]
        self.assertIn(f"Terlambat ({len(due['terlambat'])})", html)
        self.assertEqual(b.get("/tenggat?hari=abc")[0], 422)


class T99AuditTamper(unittest.TestCase):
    """Runs last: it edits the database behind the server's back."""

    def test_cli_verify_detects_an_edited_entry(self):
        r = run_cli("audit", "verify")
        self.assertEqual(r.returncode, 0, r.stderr)
        con = connect()
        con.execute("UPDATE audit SET detail='{}' WHERE seq=(SELECT min(seq)+5 FROM audit)")
        con.commit()
        con.close()
        r = run_cli("audit", "verify")
        self.assertEqual(r.returncode, 5)
        self.assertIn("RUSAK", r.stderr)


class T21AccessMatrix(unittest.TestCase):
    """Every role x region x agency x action, with the expected answer derived from the scope
    rules: the rule tables the store writes from rules/workflow.c (which party states are with
    the authority, with the PPK) and the documented scope of each role. A route added without a
    scope check fails the second test."""

    ACTORS = ["admin", "bawaslu.ri", "bawaslu.jatim", "bawaslu.blitar", "bawaslu.trenggalek",
              "bawaslu.pandeglang", "otoritas", "ppk.blitar", "ppk.kemenag.blitar", "ppk.trenggalek"]

    @classmethod
    def setUpClass(cls):
        con = connect()
        cls.users = {u: (role, region or "", agency or 0) for u, role, region, agency in
                     con.execute("SELECT username, role, region, agency_id FROM users")}
        blitar = [r[0] for r in con.execute(
            "SELECT a.nip FROM asn a JOIN agencies g ON g.id=a.agency_id WHERE g.id=1 ORDER BY a.nip LIMIT 2 OFFSET 2")]
        kemenag = con.execute("SELECT nip FROM asn WHERE agency_id=2 ORDER BY nip LIMIT 1").fetchone()[0]
        tr = con.execute("SELECT nip FROM asn WHERE agency_id=3 ORDER BY nip LIMIT 1").fetchone()[0]
        con.close()
        bw, tg, jt = Client("bawaslu.blitar"), Client("bawaslu.trenggalek"), Client("bawaslu.jatim")
        forward = ["diregistrasi", "klarifikasi", "kajian", "diteruskan"]
        rec = lambda nip: {"ke": "rekomendasi_terbit", "nip": nip, "alasan": "uji matriks akses",
                           "data": {"sanksi": "teguran_tertulis", "dasar": "PP94/2021", "nomor": "R-1/M/2026", "tanggal": TODAY}}
        cls.cases = []
        cid = bw.call("POST", "/api/v1/cases", new_temuan(terlapor=[blitar[0]]))[1]["id"]  # open, in Blitar
        cls.cases.append(cid)
        cid = bw.call("POST", "/api/v1/cases", new_temuan(terlapor=[blitar[1], kemenag]))[1]["id"]
        for to in forward:
            bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": to})
        Client("otoritas").call("POST", f"/api/v1/cases/{cid}/transitions", rec(blitar[1]))
        cls.cases.append(cid)  # forwarded; a recommendation for the Pemkab ASN only
        cid = tg.call("POST", "/api/v1/cases", new_temuan("35.03", terlapor=[tr]))[1]["id"]
        for to in forward:
            tg.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": to})
        cls.cases.append(cid)  # forwarded in Trenggalek, no recommendation yet
        st, body = jt.call("POST", "/api/v1/cases", new_temuan("35", terlapor=[blitar[0]]))
        assert st == 201, body
        cid = body["id"]
        cls.cases.append(cid)  # the province's own
        cls.clients = {u: Client(u) for u in cls.ACTORS}
        cls.clients["(publik)"] = Client()

    def expected(self, user, case_id):
        """The scope rules, from the data: a case is visible to ..."""
        if user == "(publik)":
            return False
        role, region, agency = self.users[user]
        con = connect()
        office = con.execute("SELECT office FROM cases WHERE id=?", (case_id,)).fetchone()[0]
        parties = con.execute(
            "SELECT x.agency_id, s.with_authority, s.with_ppk FROM case_parties p JOIN asn x ON x.nip=p.nip "
            "JOIN rule_party_states s ON s.name=p.state WHERE p.case_id=?", (case_id,)).fetchall()
        con.close()
        if role == "admin":
            return True
        if role == "bawaslu":  # its region and below; no region: the nation
            return region == "" or office == region or office.startswith(region + ".")
        if role == "otoritas":  # an ASN of the case is with the authority
            return any(wa for _, wa, _ in parties)
        if role == "ppk":  # an ASN of its agency has a recommendation
            return any(ag == agency and wp for ag, _, wp in parties)
        return False

    def visible_total(self, user):
        con = connect()
        ids = [r[0] for r in con.execute("SELECT id FROM cases")]
        con.close()
        return sum(1 for i in ids if self.expected(user, i))

    def test_every_role_reads_lists_exports_counts_and_writes_only_its_scope(self):
        failures = []
        for user, c in self.clients.items():
            page = None
            if user != "(publik)":
                page = Form()
                page.post("/masuk", {"username": user, "password": PASSWORD})
            # list and count over the whole database: the API, the inbox page, the export, the stats
            if user != "(publik)":
                want = self.visible_total(user)
                st, body = c.call("GET", "/api/v1/cases?limit=1")
                got = {"api": body.get("total") if st == 200 else st}
                stats = c.call("GET", "/api/v1/stats")[1]
                got["stats"] = sum(r["count"] for r in stats.get("kasus_per_status", []))
                html = page.get("/kasus")[1]
                m = re.search(r'data-total="(\d+)"', html)
                got["page"] = int(m.group(1)) if m else None
                st, csv, _ = page.get("/ekspor/kasus.csv")
                got["export"] = len(csv.strip().splitlines()) - 1 if st == 200 else st
                for k, v in got.items():
                    if v != want:
                        failures.append(f"{user} {k}: {v} cases, expected {want}")
            for cid in self.cases:
                want = self.expected(user, cid)
                st, _ = c.call("GET", f"/api/v1/cases/{cid}")
                if (st == 200) != want:
                    failures.append(f"{user} read case {cid}: {st}, expected {'200' if want else '404'}")
                if page is not None:
                    pst = page.get(f"/kasus/{cid}")[0]
                    if (pst == 200) != want:
                        failures.append(f"{user} page /kasus/{cid}: {pst}")
                # a write: an impossible step. In scope: refused for the step (403/409/422);
                # out of scope: 404 (or 401/403 for no role), never a change
                before = db_count(f"SELECT count(*) FROM case_events WHERE case_id={cid}")
                st, _ = c.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "informasi_awal"})
                if not want and st not in (401, 403, 404):
                    failures.append(f"{user} write case {cid}: {st}")
                if want and st == 404:
                    failures.append(f"{user} write case {cid}: 404 though in scope")
                if db_count(f"SELECT count(*) FROM case_events WHERE case_id={cid}") != before:
                    failures.append(f"{user} write case {cid} changed it")
        self.assertEqual(failures, [])

    def test_no_route_serves_a_case_outside_the_callers_scope(self):
        # every route of src/web/routes.c that names a case, an evidence file or a finding
        src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "web", "routes.c")).read()
        routes = re.findall(r'R\("(GET|POST|PATCH)", "([^"]*\{id\}[^"]*)"', src)
        self.assertGreater(len(routes), 8)
        cid = self.cases[1]  # Blitar, forwarded, Pemkab ASN recommended
        con = connect()
        ev = con.execute("SELECT id FROM evidence WHERE case_id IN (SELECT id FROM cases WHERE office='35.05') LIMIT 1").fetchone()
        fid = con.execute("SELECT f.id FROM patrol_findings f JOIN asn x ON x.nip=f.nip WHERE x.region LIKE '35.05%' LIMIT 1").fetchone()
        con.close()
        ids = {"kasus": cid, "cases": cid, "evidence": ev[0] if ev else 1, "patroli": fid[0] if fid else 1,
               "findings": fid[0] if fid else 1}
        outsiders = ["bawaslu.trenggalek", "bawaslu.pandeglang", "ppk.kemenag.blitar", "ppk.trenggalek"]
        failures = []
        for who in outsiders:
            api, page = Client(who), Form()
            page.post("/masuk", {"username": who, "password": PASSWORD})
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.get("/kasus")[1])
            for method, path in routes:
                kind = [k for k in ids if f"/{k}/" in path]
                if not kind:
                    continue
                url = path.replace("{id}", str(ids[kind[0]])).replace("{pihak}", "0" * 16)
                url = re.sub(r"\{[a-z]+\}", "x", url)
                audit = db_count("SELECT count(*) FROM audit")
                if url.startswith("/api/"):
                    st, _ = api.call(method, url, {} if method != "GET" else None)
                elif method == "GET":
                    st = page.get(url)[0]
                else:
                    st = page.post(url, {"csrf": csrf.group(1) if csrf else "", "ke": "selesai"})[0]
                if st not in (401, 403, 404, 405, 422):
                    failures.append(f"{who} {method} {url}: {st}")
                if db_count("SELECT count(*) FROM audit") != audit:
                    failures.append(f"{who} {method} {url}: wrote to the audit log")
        self.assertEqual(failures, [])


class T22Operations(unittest.TestCase):
    """What an operator relies on: readiness, one log line per request, a stop that finishes the
    work in flight; several instances on one database behaving as one; a database restart and a
    killed instance that leave no half-written case."""

    def test_readiness_health_and_request_ids(self):
        c = Client()
        st, body = c.call("GET", "/readyz")
        self.assertEqual((st, body["status"]), (200, "ready"), body)
        want = db_count("SELECT value FROM meta WHERE key='schema_version'") if PG else \
            connect().execute("PRAGMA user_version").fetchone()[0]
        self.assertEqual(body["schema"], int(want))
        self.assertEqual(c.call("GET", "/healthz"), (200, {"status": "ok"}))
        first = c.last_headers["X-Request-Id"]
        c.call("GET", "/healthz")
        self.assertNotEqual(c.last_headers["X-Request-Id"], first)

    def token(self, port, user="bawaslu.blitar"):
        st, body = Client(user, port=port).call("POST", "/api/v1/tokens", {"name": "uji-operasi"})
        self.assertEqual(st, 201, body)
        return body["token"]

    def test_request_log_lines_and_a_stop_that_finishes_requests_in_flight(self):
        import http.client
        srv, port = start_server_on_copy("ops", ["--access-log", "--drain", "20"])
        try:
            bw = Client("bawaslu.blitar", port=port)
            cid = bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
            tok = self.token(port)
            blob = os.urandom(200000)
            up = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            up.putrequest("POST", f"/api/v1/cases/{cid}/evidence?nama=rekaman.bin&keterangan=separuh")
            up.putheader("Authorization", "Bearer " + tok)
            up.putheader("Content-Type", "application/octet-stream")
            up.putheader("Content-Length", str(len(blob)))
            up.endheaders()
            up.send(blob[:100000])
            time.sleep(0.3)
            srv.send_signal(15)  # SIGTERM while the upload is half-way
            time.sleep(0.5)
            with self.assertRaises(OSError):  # no new connections are taken
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            up.send(blob[100000:])
            r = up.getresponse()
            got = json.loads(r.read())
            self.assertEqual(r.status, 201, got)  # the request in flight finished
            self.assertEqual(got["sha256"], hashlib.sha256(blob).hexdigest())
            self.assertEqual(srv.wait(timeout=30), 0)
        finally:
            if srv.poll() is None:
                srv.kill()
        lines = [json.loads(l) for l in open(srv.log) if l.startswith("{")]
        self.assertTrue(lines)
        for l in lines:
            self.assertLessEqual({"t", "request_id", "ip", "method", "route", "user", "status", "ms"}, set(l))
        self.assertIn(("/api/v1/tokens", 201, "bawaslu.blitar"), {(l["route"], l["status"], l["user"]) for l in lines})
        self.assertIn(("/api/v1/cases/{id}/evidence", 201), {(l["route"], l["status"]) for l in lines})
        self.assertEqual(len({l["request_id"] for l in lines}), len(lines))

    def test_several_instances_on_one_database_behave_as_one(self):
        # three more servers on the test database itself, sharing its key and evidence directory
        servers = [launch(f"instance-{i}", DB, VAR, []) for i in range(3)]
        ports = [p for _, p in servers]
        try:
            make = Client("bawaslu.trenggalek", port=ports[0])
            ids = [make.call("POST", "/api/v1/cases", new_temuan("35.03", terlapor=[NIPS["35.03"][1]]))[1]["id"]
                   for _ in range(18)]
            year = int(TODAY[:4])
            before = db_count(f"SELECT coalesce(max(reg_seq),0) FROM cases WHERE office='35.03' AND reg_year={year}")
            clients = [Client("bawaslu.trenggalek", port=p) for p in ports]

            def register(k):
                return clients[k % 3].call("POST", f"/api/v1/cases/{ids[k]}/transitions", {"ke": "diregistrasi"})
            with concurrent.futures.ThreadPoolExecutor(max_workers=9) as ex:
                results = list(ex.map(register, range(len(ids))))
            self.assertTrue(all(st == 200 for st, _ in results), results)
            seqs = sorted(int(b["reg_no"].split("/")[0]) for _, b in results)
            self.assertEqual(seqs, list(range(before + 1, before + 1 + len(ids))))  # gapless, unique
            # every instance has read (and kept) these cases' answers before the next step
            for cid in ids[:4]:
                for c in clients:
                    self.assertEqual(c.call("GET", f"/api/v1/cases/{cid}")[1]["status"], "diregistrasi")
            # the same step on the same case from two instances at once: one wins, one is told why
            for cid in ids[:4]:
                with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
                    got = list(ex.map(lambda k: clients[k].call("POST", f"/api/v1/cases/{cid}/transitions",
                                                                {"ke": "klarifikasi"}), (1, 2)))
                codes = sorted(st for st, _ in got)
                self.assertEqual(codes[0], 200, got)
                self.assertIn(codes[1], (409, 422), got)
                self.assertEqual(db_count(f"SELECT count(*) FROM case_events WHERE case_id={cid} AND "
                                          "to_state='klarifikasi'"), 1)
                # no instance answers from what it kept before the step
                for c in clients:
                    self.assertEqual(c.call("GET", f"/api/v1/cases/{cid}")[1]["status"], "klarifikasi")
            # uploads through every instance, each file served by another instance
            blobs = [os.urandom(30000 + k) for k in range(6)]

            def upload(k):
                return clients[k % 3].call("POST", f"/api/v1/cases/{ids[0]}/evidence?nama=b{k}.bin",
                                           raw=blobs[k], headers={"Content-Type": "application/octet-stream"})
            with concurrent.futures.ThreadPoolExecutor(max_workers=6) as ex:
                ups = list(ex.map(upload, range(6)))
            for k, (st, ev) in enumerate(ups):
                self.assertEqual(st, 201, ev)
                st, data = clients[(k + 1) % 3].call("GET", f"/api/v1/evidence/{ev['id']}", as_bytes=True)
                self.assertEqual((st, hashlib.sha256(data).hexdigest()), (200, hashlib.sha256(blobs[k]).hexdigest()))
            # a session made on one instance is known to the others; the chain is one chain
            self.assertEqual(Client("bawaslu.blitar", port=ports[1]).call("GET", "/api/v1/me")[0], 200)
        finally:
            for srv, _ in servers:
                srv.terminate()
                srv.wait(timeout=30)
        r = run_cli("audit", "verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_an_instance_killed_mid_transition_leaves_every_case_whole(self):
        srv, port = start_server_on_copy("killed", [])
        bw = Client("bawaslu.blitar", port=port)
        ids = [bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"] for _ in range(12)]
        stop = time.time() + 0.4

        def walk(cid):
            try:
                c = Client("bawaslu.blitar", port=port)
                for to in ("diregistrasi", "klarifikasi", "kajian"):
                    c.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": to})
                    if time.time() > stop:
                        srv.kill()  # kill -9, in the middle of the others' transitions
            except (OSError, AssertionError):
                return
        with concurrent.futures.ThreadPoolExecutor(max_workers=6) as ex:
            list(ex.map(walk, ids))
        srv.kill()
        srv.wait(timeout=30)
        con = connect(srv.db)
        torn = con.execute(
            "SELECT c.id FROM cases c WHERE c.state <> coalesce((SELECT e.to_state FROM case_events e WHERE "
            "e.case_id=c.id AND e.nip IS NULL ORDER BY e.id DESC LIMIT 1), c.state)").fetchall()
        unnumbered = con.execute("SELECT id FROM cases WHERE state='diregistrasi' AND reg_no IS NULL").fetchall()
        con.close()
        self.assertEqual((torn, unnumbered), ([], []))
        r = subprocess.run([BIN, "audit", "verify", "--db", srv.db, "--var", srv.var], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_a_backup_restores_whole_on_either_engine_and_refuses_what_it_must(self):
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan(jalur="laporan", pelapor={"nama": "Pelapor Cadangan",
                                                                                      "telepon": "0812999000"}))[1]["id"]
        blob = os.urandom(50000)
        st, ev = bw.call("POST", f"/api/v1/cases/{cid}/evidence?nama=cadangan.bin", raw=blob,
                         headers={"Content-Type": "application/octet-stream"})
        self.assertEqual(st, 201, ev)
        tables = ("cases", "case_events", "evidence", "audit", "asn", "users")
        before = {t: db_count(f"SELECT count(*) FROM {t}") for t in tables}
        bdir = os.path.join(TMP, "cadangan")
        r = run_cli("backup", bdir)  # while the server runs
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        manifest = json.load(open(os.path.join(bdir, "MANIFEST.json")))
        self.assertEqual(manifest["audit"]["entri"], before["audit"])
        self.assertEqual(os.stat(os.path.join(bdir, "netral.db")).st_mode & 0o777, 0o600)
        r = run_cli("backup", bdir)  # never over another backup
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("sudah berisi", r.stderr)
        targets = [os.path.join(TMP, "pulih", "netral.db")]
        if PG:
            admin = _PgConnection(PG)
            admin.execute("DROP DATABASE IF EXISTS pulih WITH (FORCE)")
            admin.execute("CREATE DATABASE pulih")
            admin.close()
            targets.append(pg_uri("pulih"))
        for k, target in enumerate(targets):
            var = os.path.join(TMP, f"pulih-var-{k}")
            r = subprocess.run([BIN, "restore", bdir, "--db", target, "--var", var], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            con = connect(target)
            self.assertEqual({t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}, before)
            con.close()
            r = subprocess.run([BIN, "audit", "verify", "--db", target, "--var", var], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("Checkpoint bertanda tangan", r.stdout)
            # the offices' exchange signing keys came along, the same keys, still private
            for name in os.listdir(os.path.join(VAR, "kunci")):
                with open(os.path.join(VAR, "kunci", name), "rb") as a, open(os.path.join(var, "kunci", name), "rb") as b:
                    self.assertEqual(a.read(), b.read(), name)
                self.assertEqual(os.stat(os.path.join(var, "kunci", name)).st_mode & 0o777, 0o600)
            srv, port = launch(f"pulih-{k}", target, var, [])
            try:
                c = Client("bawaslu.blitar", port=port)
                st, data = c.call("GET", f"/api/v1/evidence/{ev['id']}", as_bytes=True)
                self.assertEqual((st, hashlib.sha256(data).hexdigest()), (200, hashlib.sha256(blob).hexdigest()))
                st, who = c.call("GET", f"/api/v1/cases/{cid}/reporter")  # the key came along
                self.assertEqual((st, who.get("nama")), (200, "Pelapor Cadangan"), who)
                self.assertEqual(c.call("POST", "/api/v1/cases", new_temuan())[0], 201)  # ids go on
            finally:
                srv.terminate()
                srv.wait(timeout=30)
            # a target that holds a record is refused and left as it was
            con = connect(target)
            n = con.execute("SELECT count(*) FROM cases").fetchone()[0]
            con.close()
            r = subprocess.run([BIN, "restore", bdir, "--db", target, "--var", var], capture_output=True, text=True)
            self.assertNotEqual(r.returncode, 0)
            con = connect(target)
            self.assertEqual(con.execute("SELECT count(*) FROM cases").fetchone()[0], n)
            con.close()
        # a backup whose evidence was altered does not restore, and writes no record
        bad = os.path.join(TMP, "cadangan-rusak")
        shutil.copytree(bdir, bad)
        h = hashlib.sha256(blob).hexdigest()
        with open(os.path.join(bad, "evidence", h[:2], h), "r+b") as f:
            first = f.read(1)
            f.seek(0)
            f.write(bytes([first[0] ^ 0xFF]))  # always a change (writing "X" was none 1 time in 256)
        target = os.path.join(TMP, "pulih-rusak", "netral.db")
        r = subprocess.run([BIN, "restore", bad, "--db", target, "--var", os.path.join(TMP, "pulih-rusak")],
                           capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("rusak", r.stderr)
        self.assertEqual(connect(target).execute("SELECT count(*) FROM cases").fetchone()[0], 0)
        r = subprocess.run([BIN, "restore", os.path.join(TMP, "bukan-cadangan"), "--db", target], capture_output=True,
                           text=True)
        self.assertIn("bukan cadangan Netral", r.stderr)

    def fresh_target(self, name):
        """A new database on the engine under test, and a directory for its keys."""
        var = os.path.join(TMP, name + "-var")
        if not PG:
            return os.path.join(TMP, name, "netral.db"), var
        admin = _PgConnection(PG)
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
        admin.close()
        return pg_uri(name), var

    def test_a_regency_database_merges_into_a_national_one(self):
        bw = Client("bawaslu.blitar")
        old = bw.call("POST", "/api/v1/cases", new_temuan(jalur="laporan", pelapor={"nama": "Pelapor Kabupaten",
                                                                                      "telepon": "0812777000"}))[1]["id"]
        blob = os.urandom(20000)
        ev_old = bw.call("POST", f"/api/v1/cases/{old}/evidence?nama=gabung.bin", raw=blob,
                         headers={"Content-Type": "application/octet-stream"})[1]["id"]
        sha = hashlib.sha256(blob).hexdigest()
        pact = "009/PKS/GABUNG/" + os.urandom(3).hex()
        st, body = bw.call("POST", "/api/v1/agreements", {
            "nomor": pact, "jenis": "pks", "tanggal": TODAY, "ruang_lingkup": "Sosialisasi",
            "pihak": [{"jenis": "bawaslu", "nama": "Bawaslu Kabupaten Blitar", "penandatangan": "Ketua"},
                      {"jenis": "pemda", "nama": "Pemerintah Kabupaten Blitar", "penandatangan": "Bupati"}]})
        self.assertEqual(st, 201, body)
        st, _ = bw.call("POST", f"/api/v1/cases/{old}/documents/tanda_bukti", {}, as_bytes=True)
        self.assertEqual(st, 200)
        doc_code = db_one(f"SELECT code FROM documents WHERE case_id={old} AND superseded_at IS NULL")
        nat, nvar = self.fresh_target("nasional")
        cli = lambda *a, **kw: subprocess.run([BIN, *a, "--db", nat, "--var", nvar], capture_output=True, text=True,
                                              env=dict(os.environ, NETRAL_PASSWORD="kata-sandi-nasional-1"), **kw)
        # the national database already holds another regency's work (Kabupaten Bogor)
        self.assertEqual(cli("init").returncode, 0)
        roster = os.path.join(TMP, "bogor.csv")
        open(roster, "w").write(subprocess.run([BIN, "demo", "--write-roster", "20", "--region", "32.01"],
                                               capture_output=True, text=True).stdout)
        r = cli("import", "roster", roster)
        self.assertEqual(r.returncode, 0, r.stderr)
        nip = open(roster).read().splitlines()[1].split(",")[0]
        case = os.path.join(TMP, "bogor-case.json")
        json.dump({"jalur": "temuan", "kantor": "32.01", "rezim": "pilkada", "tanggal_diketahui": TODAY,
                   "tanggal_kejadian": TODAY, "tempat": "Cibinong", "uraian": "Unggahan ajakan memilih",
                   "pelanggaran": ["D2"], "terlapor": [nip], "daftar_bukti": "Tangkapan layar"}, open(case, "w"))
        r = cli("case", "create", case)
        self.assertEqual(r.returncode, 0, r.stderr)
        bogor = json.loads(r.stdout)["id"]
        self.assertEqual(cli("case", "transition", str(bogor), "--ke", "diregistrasi").returncode, 0)
        con = connect(nat)
        bogor_reg = con.execute("SELECT reg_no FROM cases WHERE id=?", (bogor,)).fetchone()[0]
        before = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("cases", "case_events", "evidence")}
        con.close()
        src = {t: db_count(f"SELECT count(*) FROM {t}") for t in ("cases", "case_events", "evidence")}
        # the regency (the test database, on this engine) merges in
        r = cli("migrate", "--from", DB, "--from-var", VAR)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        con = connect(nat)
        after = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("cases", "case_events", "evidence")}
        self.assertEqual(after, {t: before[t] + src[t] for t in before})
        # the regency's agreements come along with their parties
        self.assertEqual(con.execute("SELECT count(*) FROM agreement_parties p JOIN agreements g ON "
                                     "g.id=p.agreement_id WHERE g.number=?", (pact,)).fetchone()[0], 2)
        self.assertEqual(con.execute("SELECT reg_no FROM cases WHERE id=?", (bogor,)).fetchone()[0], bogor_reg)
        new = con.execute("SELECT new_id FROM migrated WHERE tbl='cases' AND old_id=?", (str(old),)).fetchone()[0]
        # a receipt the regency printed still verifies against the national record, on its case
        self.assertEqual(con.execute("SELECT case_id FROM documents WHERE code=?", (doc_code,)).fetchone()[0], int(new))
        ev_new = con.execute("SELECT new_id FROM migrated WHERE tbl='evidence' AND old_id=?", (str(ev_old),)).fetchone()[0]
        con.close()
        # a second run brings nothing twice
        r = cli("migrate", "--from", DB, "--from-var", VAR)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("tidak ada yang baru", r.stdout)
        con = connect(nat)
        self.assertEqual({t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in after}, after)
        con.close()
        # both chains hold: the national one, and the regency's kept whole beside it
        r = cli("audit", "verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Rantai audit kantor yang digabungkan: 1", r.stdout)
        # the regency's officers work on: their login, the reporter's identity (sealed anew with
        # the national key), the evidence files
        srv, port = launch("nasional", nat, nvar, [])
        try:
            bw = Client("bawaslu.blitar", port=port)
            st, who = bw.call("GET", f"/api/v1/cases/{new}/reporter")
            self.assertEqual((st, who.get("nama")), (200, "Pelapor Kabupaten"), who)
            st, data = bw.call("GET", f"/api/v1/evidence/{ev_new}", as_bytes=True)
            self.assertEqual((st, hashlib.sha256(data).hexdigest()), (200, sha))
            self.assertEqual(bw.call("GET", f"/api/v1/cases/{bogor}")[0], 404)  # still another office's
            st, log = Client("admin", port=port).call("GET", "/api/v1/audit?limit=1000")
            self.assertEqual(st, 200, log)
            merged = [e for e in log if e["action"] == "migrasi.impor"]
            self.assertEqual([e["tindakan_label"] for e in merged], ["Data kantor lain digabungkan"])
        finally:
            srv.terminate()
            srv.wait(timeout=30)
        # another office's database whose officer name is taken here by another role: refused whole
        other, ovar = os.path.join(TMP, "lain", "netral.db"), os.path.join(TMP, "lain")
        env = dict(os.environ, NETRAL_PASSWORD="kata-sandi-lain-123")
        env.pop("NETRAL_VAR", None)
        subprocess.run([BIN, "init", "--db", other], capture_output=True, env=env)
        subprocess.run([BIN, "user", "add", "--username", "bawaslu.blitar", "--name", "X", "--role", "otoritas",
                        "--db", other], capture_output=True, env=env)
        subprocess.run([BIN, "user", "add", "--username", "pengguna.baru", "--name", "Y", "--role", "otoritas",
                        "--db", other], capture_output=True, env=env)
        r = cli("migrate", "--from", other, "--from-var", ovar)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("sudah dipakai akun lain", r.stderr)
        con = connect(nat)
        self.assertEqual(con.execute("SELECT count(*) FROM users WHERE username='pengguna.baru'").fetchone()[0], 0)
        # an archived chain edited afterwards is seen
        con.execute("UPDATE audit_archive SET actor='orang.lain' WHERE seq=3")
        con.commit()
        con.close()
        r = cli("audit", "verify")
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertIn("arsip audit", r.stderr)

    def test_a_database_restart_answers_503_then_serves_again(self):
        if not PG or not os.environ.get("NETRAL_TEST_PG_DIR"):
            self.skipTest("PostgreSQL only: a file database cannot be restarted under the server")
        srv, port = start_server_on_copy("restart", ["--threads", "4"])
        try:
            bw = Client("bawaslu.blitar", port=port)
            seen, done = [], [False]

            def hammer():
                while not done[0]:
                    try:
                        seen.append(bw.call("GET", "/api/v1/cases?limit=5")[0])
                    except OSError as e:
                        seen.append(repr(e))
            with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
                futs = [ex.submit(hammer) for _ in range(3)]
                time.sleep(0.5)
                here = os.path.dirname(os.path.abspath(__file__))
                subprocess.run(["bash", os.path.join(here, "..", "..", "scripts", "pg-cluster.sh"), "restart",
                                os.environ["NETRAL_TEST_PG_DIR"]], check=True, capture_output=True)
                time.sleep(1.0)
                done[0] = True
                for f in futs:
                    f.result()
            # readers reconnect at once; what could not be answered is a 503, never an error
            self.assertLessEqual(set(seen), {200, 503}, [x for x in seen if x not in (200, 503)][:5])
            self.assertGreater(seen.count(200), 10)
            # and service comes back: reads and a write
            for _ in range(20):
                if bw.call("GET", "/api/v1/cases?limit=5")[0] == 200:
                    break
            self.assertEqual(bw.call("GET", "/api/v1/cases?limit=5")[0], 200)
            st, body = bw.call("POST", "/api/v1/cases", new_temuan())
            self.assertEqual(st, 201, body)
        finally:
            srv.terminate()
            srv.wait(timeout=30)


class T23StoredDeadlines(unittest.TestCase):
    """Deadlines are stored when a case moves, so the due list and the inbox filter, sort and
    page by them in the database; they agree with the deadline computed for the case itself."""

    @staticmethod
    def rows(body):
        return body["terlambat"] + body["segera"]

    def test_the_due_list_pages_soonest_first_and_agrees_with_each_case(self):
        bw = Client("bawaslu.blitar")
        st, whole = bw.call("GET", "/api/v1/cases/due?days=365&limit=1000")
        self.assertEqual(st, 200, whole)
        rows = self.rows(whole)
        self.assertEqual(len(rows), whole["total_terlambat"] + whole["total_segera"])
        self.assertGreater(len(rows), 6)
        dues = [r["tenggat"]["due"] for r in rows]
        self.assertEqual(dues, sorted(dues))  # soonest (the most overdue) first
        self.assertTrue(all(r["tenggat"]["overdue"] for r in whole["terlambat"]))
        self.assertFalse(any(r["tenggat"]["overdue"] for r in whole["segera"]))
        paged = []
        for off in range(0, len(rows), 4):
            st, page = bw.call("GET", f"/api/v1/cases/due?days=365&limit=4&offset={off}")
            self.assertEqual((st, page["total_terlambat"], page["total_segera"]),
                             (200, whole["total_terlambat"], whole["total_segera"]))
            self.assertLessEqual(len(self.rows(page)), 4)
            paged += self.rows(page)
        key = lambda r: (r["id"], r.get("nip"))
        self.assertEqual([key(r) for r in paged], [key(r) for r in rows])
        for bad in ("limit=0", "limit=5000", "limit=x", "offset=-1"):
            st, body = bw.call("GET", f"/api/v1/cases/due?days=7&{bad}")
            self.assertEqual(st, 422, (bad, body))
            self.assertEqual(body["error"]["field"], bad.split("=")[0])
        # each case-level row says what the case itself says
        for r in [r for r in rows if not r.get("nip")][:10]:
            st, case = bw.call("GET", f"/api/v1/cases/{r['id']}")
            self.assertEqual(case["tenggat"]["due"], r["tenggat"]["due"], r["id"])
        # the inbox's overdue filter is the due list's overdue cases
        st, late = bw.call("GET", "/api/v1/cases?tenggat=lewat&limit=500")
        self.assertEqual({c["id"] for c in late["items"]}, {r["id"] for r in whole["terlambat"]})
        # and its default order is by the next deadline, cases without one last
        st, inbox = bw.call("GET", "/api/v1/cases?limit=200")
        seq = [c["tenggat"]["due"] if c.get("tenggat") else "9999" for c in inbox["items"]]
        self.assertEqual(seq, sorted(seq))

    def test_a_forwarded_case_shows_whose_deadline_runs(self):
        bw = Client("bawaslu.blitar")
        st, listed = bw.call("GET", "/api/v1/cases?status=diteruskan&limit=50")
        self.assertTrue(listed["items"])
        due = self.rows(bw.call("GET", "/api/v1/cases/due?days=365&limit=1000")[1])
        for c in listed["items"]:
            party = sorted(r["tenggat"]["due"] for r in due if r["id"] == c["id"] and r.get("nip"))
            if not party:
                continue
            self.assertEqual(c["tenggat"]["due"], party[0], c["id"])  # the ASN's clock, not the case's
            self.assertEqual(c["menunggu"], c["tenggat"]["label"])
        page = Form()
        page.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        html = page.get("/kasus?status=diteruskan")[1]
        self.assertIn([c for c in listed["items"] if c.get("menunggu")][0]["menunggu"] + ":", html)

    def test_a_step_moves_the_stored_deadline(self):
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        find = lambda: [r for r in self.rows(bw.call("GET", "/api/v1/cases/due?days=365&limit=1000")[1])
                        if r["id"] == cid]
        before = find()
        self.assertEqual(len(before), 1)
        self.assertEqual(before[0]["status"], "temuan")
        self.assertEqual(bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "diregistrasi"})[0], 200)
        after = find()
        self.assertEqual([r["status"] for r in after], ["diregistrasi"])
        self.assertEqual(after[0]["tenggat"]["due"], bw.call("GET", f"/api/v1/cases/{cid}")[1]["tenggat"]["due"])
        # a case that ends leaves the list
        self.assertEqual(bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "kajian"})[0], 200)
        st, body = bw.call("POST", f"/api/v1/cases/{cid}/transitions",
                           {"ke": "dihentikan", "alasan": "bukan pelanggaran netralitas", "konfirmasi": True})
        self.assertEqual(st, 200, body)
        self.assertEqual(find(), [])

    def test_a_day_off_added_to_the_rules_moves_stored_deadlines_at_start(self):
        bw = Client("bawaslu.blitar")
        st, body = bw.call("POST", "/api/v1/cases", new_temuan(rezim="pemilu", pemilihan=None))
        if "pemilihan" in (body.get("error") or {}).get("field", ""):
            c = new_temuan(rezim="pemilu")
            del c["pemilihan"]
            st, body = bw.call("POST", "/api/v1/cases", c)
        self.assertEqual(st, 201, body)
        cid = body["id"]
        self.assertEqual(bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": "diregistrasi"})[0], 200)
        due = bw.call("GET", f"/api/v1/cases/{cid}")[1]["tenggat"]  # the handling clock: working days
        self.assertEqual(due["count"], "hari_kerja", due)
        import datetime
        today, end = datetime.date.fromisoformat(TODAY), datetime.date.fromisoformat(due["due"])
        day = today + datetime.timedelta(days=1)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        self.assertLess(day, end, due)  # a working day before the deadline becomes a day off
        rules = os.path.join(TMP, "rules-libur")
        if not os.path.exists(rules):
            shutil.copytree(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data"), rules)
        hj = os.path.join(rules, "rules", "holidays.json")
        doc = json.load(open(hj))
        year = doc["years"].setdefault(str(day.year), [])
        (year["days"] if isinstance(year, dict) else year).append({"date": day.isoformat(), "name": "Libur uji"})
        json.dump(doc, open(hj, "w"))  # (the version left as it was)
        srv, port = start_server_on_copy("libur", ["--rules-dir", rules])
        try:
            c = Client("bawaslu.blitar", port=port)
            moved = c.call("GET", f"/api/v1/cases/{cid}")[1]["tenggat"]["due"]
            self.assertGreater(moved, due["due"])
            row = [r for r in self.rows(c.call("GET", "/api/v1/cases/due?days=365&limit=1000")[1]) if r["id"] == cid]
            self.assertEqual([r["tenggat"]["due"] for r in row], [moved])
        finally:
            srv.terminate()
            srv.wait(timeout=30)


class T24Words(unittest.TestCase):
    """Times in the zone of the office concerned (Keppres 41/1987, as rule data)."""

    def test_a_case_in_bali_tells_its_times_in_wita(self):
        ri = Client("bawaslu.ri")
        st, body = ri.call("POST", "/api/v1/cases", new_temuan("51.71"))
        self.assertEqual(st, 201, body)
        case = ri.call("GET", f"/api/v1/cases/{body['id']}")[1]
        label = case["riwayat"][0]["waktu_label"]
        self.assertTrue(label.endswith(" WITA"), label)
        # the same instant an hour later than in Java
        wib = Client("bawaslu.blitar").call("GET", f"/api/v1/cases/{bw_case(self)}")[1]["riwayat"][0]["waktu_label"]
        self.assertTrue(wib.endswith(" WIB"), wib)
        page = Form()
        page.post("/masuk", {"username": "bawaslu.ri", "password": PASSWORD})
        self.assertIn(label, page.get(f"/kasus/{body['id']}")[1])


    def test_figures_read_as_indonesians_write_them(self):
        # a patrol score (0,85) and the due list's counts are written with a decimal comma and
        # thousands dots, never in an id or a link
        post = {"platform": "facebook", "id": "angka-1", "kind": "post", "created_at": TODAY + "T08:00:00+07:00",
                "author": {"handle": "akun.angka", "name": "Tanpa Nama"}, "text": "Ayo coblos Mas Har sekarang"}
        patrol_posts(self, post)
        page = Form()
        page.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        html = page.get("/patroli")[1]
        scores = re.findall(r"\b0[.,]\d\d\b", html)
        self.assertTrue(scores, "the patrol queue shows scores")
        self.assertTrue(all("," in x for x in scores), scores)
        html = page.get("/kasus?limit=1")[1]
        self.assertRegex(html, r'href="/kasus/\d+"')  # ids stay as they are


def bw_case(test):
    st, body = Client("bawaslu.blitar").call("POST", "/api/v1/cases", new_temuan())
    test.assertEqual(st, 201, body)
    return body["id"]


class T98AuditCheckpoints(unittest.TestCase):
    """An insider with the database: the chain alone cannot tell, the signed checkpoints can."""

    def copy(self, name):
        d = os.path.join(TMP, "audit-" + name)
        os.makedirs(d, exist_ok=True)
        db = copy_database(d, "audit_" + name)
        for f in ("netral.key", "audit.key", "audit-checkpoints.log"):
            shutil.copy(os.path.join(VAR, f), os.path.join(d, f))
        self.dirs[db] = d
        return db

    def setUp(self):
        self.dirs = {}

    def verify(self, db):
        return subprocess.run([BIN, "audit", "verify", "--db", db, "--var", self.dirs[db]],
                              capture_output=True, text=True)

    @staticmethod
    def entry_hash(prev, seq, at, actor, action, obj, detail):
        h = hashlib.sha256()
        for f in (prev, str(seq), str(at), actor, action, obj, detail):
            b = f.encode()
            h.update(f"{len(b)}:".encode() + b)
        return h.hexdigest()

    def rechain(self, con, start):
        """What an insider does: recompute every hash from `start` on, and the head."""
        prev = con.execute("SELECT hash FROM audit WHERE seq=?", (start - 1,)).fetchone()[0]
        for seq, at, actor, action, obj, detail in con.execute(
                "SELECT seq, at, actor, action, object, detail FROM audit WHERE seq>=? ORDER BY seq", (start,)).fetchall():
            h = self.entry_hash(prev, seq, at, actor, action, obj, detail)
            con.execute("UPDATE audit SET prev_hash=?, hash=? WHERE seq=?", (prev, h, seq))
            prev = h
        last = con.execute("SELECT max(seq) FROM audit").fetchone()[0]
        con.execute("UPDATE meta SET value=? WHERE key='audit_head'", (str(last),))
        con.execute("UPDATE meta SET value=? WHERE key='audit_head_hash'", (prev,))
        con.commit()

    def test_the_chain_is_anchored_in_signed_checkpoints(self):
        db = self.copy("intact")
        r = self.verify(db)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Checkpoint bertanda tangan", r.stdout)
        lines = open(os.path.join(self.dirs[db], "audit-checkpoints.log")).read().splitlines()
        self.assertTrue(lines and all(l.startswith("NTCP1 ") for l in lines))
        self.assertEqual(os.stat(os.path.join(self.dirs[db], "audit.key")).st_mode & 0o777, 0o600)

    def test_deleting_the_last_entries_and_moving_the_head_is_detected(self):
        db = self.copy("truncated")
        con = connect(db)
        last = con.execute("SELECT max(seq) FROM audit").fetchone()[0]
        con.execute("DELETE FROM audit WHERE seq > ?", (last - 3,))
        con.commit()
        self.rechain(con, last - 3)  # the head now names the new last entry: the chain is whole
        con.close()
        r = self.verify(db)
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertIn("entri terakhir dihapus", r.stderr)

    def test_editing_an_entry_and_recomputing_the_chain_is_detected(self):
        db = self.copy("rewritten")
        con = connect(db)
        seq = con.execute("SELECT min(seq)+3 FROM audit").fetchone()[0]
        con.execute("UPDATE audit SET actor='orang.lain' WHERE seq=?", (seq,))
        self.rechain(con, seq)
        con.close()
        r = self.verify(db)
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertIn("ditulis ulang", r.stderr)

    def test_a_forged_checkpoint_is_detected(self):
        db = self.copy("forged")
        path = os.path.join(self.dirs[db], "audit-checkpoints.log")
        lines = open(path).read().splitlines()
        parts = lines[-1].split(" ")
        parts[2] = "0" * 64  # another hash, the old signature
        lines[-1] = " ".join(parts)
        open(path, "w").write("\n".join(lines) + "\n")
        r = self.verify(db)
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertIn("tanda tangan checkpoint", r.stderr)


class T35KeptPages(unittest.TestCase):
    def test_a_kept_page_is_one_sessions_own_and_follows_every_change(self):
        a, b = Client("bawaslu.blitar"), Client("bawaslu.blitar")
        st, first = a.call("GET", "/dasbor")
        self.assertEqual(st, 200)
        self.assertIn(a.csrf.encode(), first)  # the layout's sign-out form
        self.assertEqual(a.call("GET", "/dasbor")[1], first)  # the same page, kept
        st, other = b.call("GET", "/dasbor")  # another session of the same officer
        self.assertIn(b.csrf.encode(), other)
        self.assertNotIn(a.csrf.encode(), other)
        # a change is on the next view of every kept page
        before = a.call("GET", "/kasus?urut=nomor")[1]
        cid = a.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        after = a.call("GET", "/kasus?urut=nomor")[1]
        self.assertNotIn(f'href="/kasus/{cid}"'.encode(), before)
        self.assertIn(f'href="/kasus/{cid}"'.encode(), after)
        # a page of another address, or with another query, is its own
        self.assertNotEqual(a.call("GET", "/kasus?urut=nomor&status=diterima")[1], after)
        # signed out: the kept page is not served to the cookie any more
        st, _ = a.call("POST", "/keluar", raw=urllib.parse.urlencode({"csrf": a.csrf}).encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
        st, page = a.call("GET", "/dasbor")
        self.assertNotIn(a.csrf.encode(), page)


ARTEFACTS_DOCS = os.environ.get("ARTEFACTS_DOCS", os.path.join(os.getcwd(), "artefacts", "documents"))
ALL_KINDS = ["formulir_laporan", "tanda_bukti", "lhp", "kajian_awal", "undangan_klarifikasi",
             "berita_acara_klarifikasi", "kajian", "pemberitahuan_status", "surat_penerusan", "tindak_lanjut_ppk"]
INVITE = {"kepada": "Sdr. Pelapor Uji", "sebagai": "pelapor", "tanggal": TODAY, "jam": "09.00 WIB",
          "tempat": "Kantor Bawaslu Kabupaten Blitar, ruang rapat"}
MINUTES = {"nama": "Sdr. Saksi Uji", "sebagai": "saksi", "tanggal": TODAY, "tempat": "Ruang klarifikasi",
           "identitas": "KTP", "sumpah": "bersedia disumpah",
           "tanya_jawab": [{"tanya": "Apakah Saudara melihat unggahan itu?", "jawab": "Ya, pada pagi hari."}]}


def pdf_facts(test, pdf, name):
    """The PDF's text (pdftotext), after checking it is A4 with every font embedded; the first
    page is kept as an image in the artefacts."""
    os.makedirs(ARTEFACTS_DOCS, exist_ok=True)
    path = os.path.join(ARTEFACTS_DOCS, name + ".pdf")
    with open(path, "wb") as f:
        f.write(pdf)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    test.assertRegex(info, r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", name)
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    test.assertTrue(fonts, name)
    for line in fonts:
        test.assertRegex(line, r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", (name, line))  # emb = yes
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", path,
                    os.path.join(ARTEFACTS_DOCS, name)], check=True)
    text = subprocess.run(["pdftotext", "-raw", path, "-"], capture_output=True, text=True, check=True).stdout
    return DocText(text), int(re.search(r"Pages:\s+(\d+)", info).group(1))


class DocText(str):
    """A PDF's text with its line breaks as spaces; `in` also finds a hash or an address that a
    narrow column wrapped (compared without white space)."""

    def __new__(cls, text):
        t = str.__new__(cls, re.sub(r"\s+", " ", text))
        t.bare = re.sub(r"\s+", "", text)
        return t

    def __contains__(self, fact):
        return str.__contains__(self, fact) or re.sub(r"\s+", "", fact) in self.bare


class T36Documents(unittest.TestCase):
    """Official documents from the case data as PDF, in every state that allows each, and their
    verification page."""

    def issue(self, who, cid, kind, fields=None):
        st, body = who.call("POST", f"/api/v1/cases/{cid}/documents/{kind}", fields or {}, as_bytes=True)
        return st, body, who.last_headers

    def step(self, who, cid, to, **kw):
        st, body = who.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": to, **kw})
        self.assertEqual(st, 200, (to, body))

    def allowed_now(self, who, cid, expect, fields_for=None):
        """Issues every kind: those expected give a PDF, the others a 409 naming why; returns
        the PDFs' text by kind."""
        out = {}
        state = who.call("GET", f"/api/v1/cases/{cid}")[1]["status"]
        for kind in ALL_KINDS:
            st, body, h = self.issue(who, cid, kind, (fields_for or {}).get(kind))
            if kind in expect:
                self.assertEqual(st, 200, (state, kind, body))
                self.assertEqual(h["Content-Type"], "application/pdf")
                self.assertEqual(hashlib.sha256(body).hexdigest(), h["X-Content-SHA256"])
                out[kind] = pdf_facts(self, body, f"{kind}-{state}")[0]
            else:
                self.assertIn(st, (409, 422), (state, kind, body))
        return out

    def test_every_document_in_every_state_that_allows_it(self):
        bw = Client("bawaslu.blitar")
        nip = NIPS["pemkab-blitar"][0]
        name = db_one(f"SELECT name FROM asn WHERE nip='{nip}'")
        case = new_temuan(jalur="laporan", terlapor=[nip], pelapor={"nama": "Sulastri Wulandari", "alamat": "Desa Kanigoro",
                                                                    "telepon": "081200000001"},
                          saksi=[{"nama": "Joko Saksono"}])
        st, body = bw.call("POST", "/api/v1/cases", case)
        self.assertEqual(st, 201, body)
        cid = body["id"]
        bw.call("POST", f"/api/v1/cases/{cid}/evidence?nama=tangkapan.png", raw=b"\x89PNG fake screenshot bytes",
                headers={"Content-Type": "image/png"})
        ev = bw.call("GET", f"/api/v1/cases/{cid}")[1]["bukti"]
        audit0 = db_count("SELECT count(*) FROM audit WHERE action='dokumen.terbit'")
        views0 = db_count("SELECT count(*) FROM audit WHERE action='pelapor.lihat'")
        texts = self.allowed_now(bw, cid, {"formulir_laporan", "tanda_bukti", "pemberitahuan_status"})
        f = texts["formulir_laporan"]
        for fact in ("FORMULIR LAPORAN", "Model A.1", "Sulastri Wulandari", "Joko Saksono", name, nip,
                     "KABUPATEN BLITAR", "ASN mengunggah ajakan memilih pasangan nomor 1"):
            self.assertIn(fact, f, fact)
        self.assertIn("TANDA BUKTI PENYAMPAIAN LAPORAN", texts["tanda_bukti"])
        self.assertGreater(db_count("SELECT count(*) FROM audit WHERE action='pelapor.lihat'"), views0)
        for to in ["kajian_awal", "diregistrasi"]:
            self.step(bw, cid, to)
        reg = bw.call("GET", f"/api/v1/cases/{cid}")[1]["reg_no"]
        texts = self.allowed_now(bw, cid, {"formulir_laporan", "tanda_bukti", "pemberitahuan_status", "kajian_awal"})
        ka = texts["kajian_awal"]
        self.assertIn("Syarat formal", ka)
        self.assertIn("Terpenuhi", ka)
        self.assertIn("UU 10/2016 Pasal 134 ayat (4)", ka)  # each requirement with its basis
        self.assertIn(reg, ka)
        self.assertIn(reg, texts["pemberitahuan_status"])
        self.step(bw, cid, "klarifikasi")
        texts = self.allowed_now(bw, cid, {"formulir_laporan", "tanda_bukti", "pemberitahuan_status", "kajian_awal",
                                           "undangan_klarifikasi", "berita_acara_klarifikasi"},
                                 {"undangan_klarifikasi": INVITE, "berita_acara_klarifikasi": MINUTES})
        self.assertIn("Sdr. Pelapor Uji", texts["undangan_klarifikasi"])
        self.assertIn("ruang rapat", texts["undangan_klarifikasi"])
        ba = texts["berita_acara_klarifikasi"]
        for fact in ("BERITA ACARA KLARIFIKASI", "bersedia disumpah", "KTP", "Apakah Saudara melihat unggahan itu?",
                     "Ya, pada pagi hari."):
            self.assertIn(fact, ba, fact)
        self.step(bw, cid, "kajian")
        self.step(bw, cid, "diteruskan")
        texts = self.allowed_now(bw, cid, {"formulir_laporan", "tanda_bukti", "pemberitahuan_status", "kajian_awal",
                                           "berita_acara_klarifikasi", "kajian", "surat_penerusan"},
                                 {"berita_acara_klarifikasi": MINUTES, "kajian": {"analisis": "Unggahan terbukti."}})
        sp = texts["surat_penerusan"]
        for fact in ("Badan Kepegawaian Negara", "Kepala", name, nip, ev[0]["sha256"], reg):
            self.assertIn(fact, sp, fact)
        self.assertIn("merekomendasikan penerusan kepada Badan Kepegawaian Negara", texts["kajian"])
        self.assertIn("Unggahan terbukti.", texts["kajian"])
        oto = Client("otoritas")
        self.step(oto, cid, "rekomendasi_terbit", nip=nip,
                  data={"sanksi": "turun_jabatan_12", "dasar": "PP94/2021", "nomor": "R-88/BKN/2026", "tanggal": TODAY})
        st, body, _ = self.issue(oto, cid, "tindak_lanjut_ppk")
        self.assertEqual(st, 200, body)
        tl = pdf_facts(self, body, "tindak_lanjut_ppk-rekomendasi")[0]
        self.assertIn("R-88/BKN/2026", tl)
        self.assertIn(name, tl)
        # the authority issues no Bawaslu letter, and a PPK issues none at all
        self.assertEqual(self.issue(oto, cid, "surat_penerusan")[0], 403)
        self.assertEqual(self.issue(Client("ppk.blitar"), cid, "tindak_lanjut_ppk")[0], 403)
        self.assertGreaterEqual(db_count("SELECT count(*) FROM audit WHERE action='dokumen.terbit'") - audit0, 20)

    def test_a_temuan_from_the_patrol_has_its_supervision_report_with_the_captured_item(self):
        post = {"platform": "facebook", "id": "doc-lhp-1", "kind": "post", "created_at": TODAY + "T08:00:00+07:00",
                "url": "https://facebook.example/doc-lhp-1", "author": {"handle": "akun.dokumen", "name": "Akun Dokumen"},
                "text": "Ayo coblos Mas Har nomor 1, lanjutkan!"}
        patrol_posts(self, post)
        bw = Client("bawaslu.blitar")
        fid = [x["id"] for x in bw.call("GET", "/api/v1/patrol/findings?verdict=partisan&limit=500")[1]
               if x["item_id"] == "doc-lhp-1"][0]
        bw.call("POST", f"/api/v1/patrol/findings/{fid}/review", {"aksi": "konfirmasi_tautan", "nip": NIPS["35.05"][2]})
        st, body = bw.call("POST", f"/api/v1/patrol/findings/{fid}/review", {"aksi": "eskalasi"})
        self.assertEqual(st, 200, body)
        cid = body["case_id"]
        sha = db_one(f"SELECT sha256 FROM patrol_findings WHERE id={fid}")
        st, pdf, _ = self.issue(bw, cid, "lhp")
        self.assertEqual(st, 200, pdf)
        text = pdf_facts(self, pdf, "lhp-patroli")[0]
        for fact in ("LAPORAN HASIL PENGAWASAN", "Form A", "Patroli siber", "akun.dokumen", sha,
                     "https://facebook.example/doc-lhp-1", "Ayo coblos Mas Har nomor 1"):
            self.assertIn(fact, text, fact)
        self.assertEqual(self.issue(bw, cid, "formulir_laporan")[0], 409)  # a temuan has no report form

    def test_refusals_write_nothing_and_hostile_text_stays_text(self):
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        for to in ["diregistrasi", "klarifikasi"]:
            self.step(bw, cid, to)
        other = Client("bawaslu.trenggalek")
        before = (db_count("SELECT count(*) FROM documents"), db_count("SELECT count(*) FROM audit"))
        st, body, _ = self.issue(bw, cid, "undangan_klarifikasi", {"kepada": "Sdr. X"})
        self.assertEqual(st, 422)
        msg = body["error"]["message"]
        for label in ("Diundang sebagai", "Tanggal klarifikasi", "Pukul", "Tempat"):
            self.assertIn(label, msg)  # every missing field named at once
        st, body, _ = self.issue(bw, cid, "undangan_klarifikasi", {**INVITE, "tanggal": "2026-02-30"})
        self.assertEqual(st, 422)
        self.assertIn("TTTT-BB-HH", body["error"]["message"])
        st, body, _ = self.issue(bw, cid, "undangan_klarifikasi", {**INVITE, "sebagai": "hakim"})
        self.assertEqual(st, 422)
        st, body, _ = self.issue(bw, cid, "berita_acara_klarifikasi", {**MINUTES, "tanya_jawab": [{"tanya": 1}]})
        self.assertEqual(st, 422)
        self.assertEqual(self.issue(bw, cid, "kajian")[0], 409)  # not yet at the study
        self.assertEqual(self.issue(bw, cid, "terbang")[0], 404)
        self.assertEqual(self.issue(other, cid, "kajian_awal")[0], 404)  # out of scope
        self.assertEqual(self.issue(bw, cid, "undangan_klarifikasi", {**INVITE, "kepada": "Sdr. \udcff"})[0], 400)
        self.assertEqual((db_count("SELECT count(*) FROM documents"), db_count("SELECT count(*) FROM audit")), before)
        hostile = "<b>Tebal</b> &amp; {kasus.judul} " + "Panjang" * 60
        st, pdf, _ = self.issue(bw, cid, "undangan_klarifikasi", {**INVITE, "kepada": hostile})
        self.assertEqual(st, 200, pdf)
        text, pages = pdf_facts(self, pdf, "undangan-hostile")
        self.assertIn("<b>Tebal</b> &amp; {kasus.judul}", text)  # markup and braces are printed, not read
        self.assertLessEqual(pages, 2)
        minutes = {**MINUTES, "tanya_jawab": [{"tanya": f"Pertanyaan nomor {i}? " + "rinci " * 20,
                                               "jawab": f"Jawaban nomor {i}. " + "panjang " * 100} for i in range(1, 51)]}
        st, pdf, _ = self.issue(bw, cid, "berita_acara_klarifikasi", minutes)
        self.assertEqual(st, 200)
        text, pages = pdf_facts(self, pdf, "berita-acara-panjang")
        self.assertGreater(pages, 10)
        self.assertIn("Pertanyaan nomor 50?", text)  # nothing lost across page breaks
        self.assertIn(f"Halaman {pages} dari {pages}", text)

    def test_the_verification_page_tells_genuine_altered_and_superseded(self):
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        self.step(bw, cid, "diregistrasi")
        st, pdf1, h1 = self.issue(bw, cid, "kajian_awal")
        self.assertEqual(st, 200)
        text = pdf_facts(self, pdf1, "kajian_awal-verifikasi")[0]
        code, digest = re.search(r"/verifikasi/([0-9a-f]{12})\?h=([0-9a-f]{64})", text.bare).groups()
        n = db_count("SELECT count(*) FROM documents")
        st, pdf2, h2 = self.issue(bw, cid, "kajian_awal")  # the same content: the same letter
        self.assertEqual(h1["X-Content-SHA256"], h2["X-Content-SHA256"])
        self.assertEqual(db_count("SELECT count(*) FROM documents"), n)
        page = Form().get(f"/verifikasi/{code}?h={digest}")[1]
        self.assertIn("Asli dan berlaku", page)
        self.assertNotIn(db_one(f"SELECT name FROM asn WHERE nip='{NIPS['35.05'][0]}'"), page)  # no personal data
        altered = digest[:-1] + ("0" if digest[-1] != "0" else "1")
        self.assertIn("Tidak cocok", Form().get(f"/verifikasi/{code}?h={altered}")[1])
        st, page, _ = Form().get("/verifikasi/000000000000")
        self.assertEqual(st, 404)
        self.assertIn("Tidak dikenal", page)
        # the case changes, the study is issued again: the printed one is now superseded
        self.assertEqual(bw.call("PATCH", f"/api/v1/cases/{cid}", {"judul": "Unggahan ajakan memilih (diperbaiki)"})[0], 200)
        st, pdf3, _ = self.issue(bw, cid, "kajian_awal")
        self.assertEqual(st, 200)
        page = Form().get(f"/verifikasi/{code}?h={digest}")[1]
        self.assertIn("sudah diganti", page)
        st, body = Client().call("GET", f"/api/v1/verify/{code}")
        self.assertEqual(st, 200)
        self.assertFalse(body["berlaku"])
        self.assertRegex(body["pengganti_nomor"], r"^\d{3}/KA/")

    def test_the_case_page_offers_the_documents_and_issues_from_its_form(self):
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        for to in ["diregistrasi", "klarifikasi"]:
            self.step(bw, cid, to)
        f = Form()
        f.post("/masuk", {"username": "bawaslu.blitar", "password": PASSWORD})
        st, page, _ = f.get(f"/kasus/{cid}")
        self.assertEqual(st, 200)
        self.assertIn("Dokumen resmi", page)
        self.assertIn(f'href="/kasus/{cid}/dokumen/undangan_klarifikasi"', page)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        st, form, _ = f.get(f"/kasus/{cid}/dokumen/berita_acara_klarifikasi")
        self.assertEqual(st, 200)
        self.assertIn('name="tanya_3"', form)
        fields = {"csrf": csrf, "nama": "Sdr. Saksi", "sebagai": "saksi", "tanggal": TODAY, "tempat": "Ruang 2",
                  "identitas": "KTP", "sumpah": "bersedia disumpah", "tanya_1": "Pertanyaan pertama?", "jawab_1": ""}
        st, form, _ = f.post(f"/kasus/{cid}/dokumen/berita_acara_klarifikasi", {**fields, "tambah": "1"})
        self.assertEqual(st, 200)
        self.assertIn('name="tanya_6"', form)  # more pairs, what was typed kept
        self.assertIn("Pertanyaan pertama?", form)
        st, form, _ = f.post(f"/kasus/{cid}/dokumen/berita_acara_klarifikasi", {**fields, "sumpah": ""})
        self.assertEqual(st, 422)
        self.assertIn("Sumpah/janji wajib diisi", form)
        self.assertIn("Pertanyaan pertama?", form)
        data = urllib.parse.urlencode({**fields, "jawab_1": "Jawaban pertama."}).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{PORT}/kasus/{cid}/dokumen/berita_acara_klarifikasi", data=data,
                                     method="POST")
        with f.opener.open(req, timeout=60) as r:
            self.assertEqual(r.headers["Content-Type"], "application/pdf")
            self.assertIn("attachment", r.headers["Content-Disposition"])
            text = pdf_facts(self, r.read(), "berita_acara-halaman")[0]
        self.assertIn("Jawaban pertama.", text)
        st, page, _ = f.get(f"/kasus/{cid}")
        self.assertIn("Berita acara klarifikasi", page)
        self.assertIn("Berlaku", page)

    def test_the_command_line_issues_a_document(self):
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan())[1]["id"]
        out = os.path.join(TMP, "lhp-cli.pdf")
        r = run_cli("case", "document", str(cid), "lhp", "--oleh", "bawaslu.blitar", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        meta = json.loads(r.stdout)
        self.assertRegex(meta["nomor"], r"^\d{3}/LHP/")
        with open(out, "rb") as fh:
            self.assertIn(meta["kode"], pdf_facts(self, fh.read(), "lhp-cli")[0])
        r = run_cli("case", "document", "--help")
        self.assertEqual(r.returncode, 0)
        for kind in ALL_KINDS:
            self.assertIn(kind, r.stdout)
        r = run_cli("case", "document", str(cid), "lhp", "--out", out)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--oleh", r.stderr)
        r = run_cli("case", "document", str(cid), "kajian", "--oleh", "bawaslu.blitar", "--out", out + ".2")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("tidak lagi dapat dibuat", r.stderr)
        self.assertFalse(os.path.exists(out + ".2"))  # no half-written file


import io
import tarfile


def tar_edit(data, edit):
    """A package's entries [(name, bytes)], changed by edit, written back as a tar."""
    src = tarfile.open(fileobj=io.BytesIO(data))
    entries = [(m.name, src.extractfile(m).read()) for m in src.getmembers()]
    entries = edit(entries)
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, body in entries:
            if isinstance(body, tarfile.TarInfo):
                t.addfile(body)
                continue
            info = tarfile.TarInfo(name)
            info.size = len(body)
            t.addfile(info, io.BytesIO(body))
    return out.getvalue()


class T37Exchange(unittest.TestCase):
    """The exchange between a Bawaslu office's Netral (the main server) and the authority's
    (a second instance on its own database): forwarding, results back, every tamper refused."""

    @classmethod
    def setUpClass(cls):
        d = os.path.join(TMP, "bkn")
        os.makedirs(d, exist_ok=True)
        if PG:
            admin = _PgConnection(PG)
            admin.execute("DROP DATABASE IF EXISTS bkn WITH (FORCE)")
            admin.execute("CREATE DATABASE bkn")
            admin.close()
            cls.db = pg_uri("bkn")
        else:
            cls.db = os.path.join(d, "netral.db")
        cls.var = d
        r = subprocess.run([BIN, "demo", "--db", cls.db, "--var", d, "--roster-scale", "0.1"], capture_output=True,
                           text=True, timeout=600)
        assert r.returncode == 0, r.stderr
        cls.srv, cls.port = launch("bkn", cls.db, d, [])
        # each side's key, exported and trusted by the other side's administrator
        ka, kb = os.path.join(TMP, "kunci-blitar.json"), os.path.join(TMP, "kunci-bkn.json")
        assert run_cli("exchange", "key", "export", "--kantor", "35.05", "--out", ka).returncode == 0
        assert cls.cli("exchange", "key", "export", "--kantor", "BKN", "--out", kb).returncode == 0
        assert run_cli("exchange", "key", "trust", kb).returncode == 0
        assert cls.cli("exchange", "key", "trust", ka).returncode == 0

    @classmethod
    def tearDownClass(cls):
        cls.srv.terminate()
        cls.srv.wait(timeout=30)

    @classmethod
    def cli(cls, *args):
        return subprocess.run([BIN, *args, "--db", cls.db, "--var", cls.var], capture_output=True, text=True,
                              timeout=300)

    def bkn_count(self, sql):
        con = connect(self.db)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()

    def forwarded_case(self, nip):
        bw = Client("bawaslu.blitar")
        cid = bw.call("POST", "/api/v1/cases", new_temuan(terlapor=[nip]))[1]["id"]
        bw.call("POST", f"/api/v1/cases/{cid}/evidence?nama=unggahan.png", raw=b"\x89PNG bukti unggahan " + os.urandom(64),
                headers={"Content-Type": "image/png"})
        for to in ["diregistrasi", "klarifikasi", "kajian", "diteruskan"]:
            st, body = bw.call("POST", f"/api/v1/cases/{cid}/transitions", {"ke": to})
            self.assertEqual(st, 200, (to, body))
        return cid

    def export(self, cid, who="bawaslu.blitar", side=None):
        out = os.path.join(TMP, f"paket-{cid}-{os.urandom(3).hex()}.tar")
        r = (side or run_cli)("exchange", "export", str(cid), "--oleh", who, "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, "rb") as f:
            return f.read(), json.loads(r.stdout)

    def push(self, client, data):
        return client.call("POST", "/api/v1/exchange/import", raw=data, headers={"Content-Type": "application/x-tar"})

    def test_a_forwarded_case_goes_to_the_authority_and_its_results_come_back(self):
        nip = NIPS["pemkab-blitar"][0]
        cid = self.forwarded_case(nip)
        pkg, meta = self.export(cid)
        self.assertEqual(meta["jenis"], "penerusan")
        self.assertEqual(meta["kepada"], "BKN")
        names = tarfile.open(fileobj=io.BytesIO(pkg)).getnames()
        self.assertEqual(names[:3], ["manifest.json", "manifest.sig", "kasus.json"])
        self.assertIn("surat/surat_penerusan.pdf", names)
        self.assertTrue(any(n.startswith("bukti/") and n.endswith("unggahan.png") for n in names))
        manifest = json.loads(tarfile.open(fileobj=io.BytesIO(pkg)).extractfile("manifest.json").read())
        for f in manifest["berkas"]:  # every file with its hash
            body = tarfile.open(fileobj=io.BytesIO(pkg)).extractfile(f["path"]).read()
            self.assertEqual(hashlib.sha256(body).hexdigest(), f["sha256"])
        # the authority fetches it with its token
        tok = run_cli("user", "token", "otoritas", "--name", "bkn-sync").stdout.strip()
        api = Client()
        api.token = tok
        st, fetched = api.call("GET", f"/api/v1/cases/{cid}/package", as_bytes=True)
        self.assertEqual(st, 200)
        self.assertEqual(hashlib.sha256(fetched).hexdigest(), hashlib.sha256(pkg).hexdigest())
        self.assertEqual(Client("ppk.trenggalek").call("GET", f"/api/v1/cases/{cid}/package")[0], 404)
        # imported on the authority's side, once
        oto = Client("otoritas", port=self.port)
        cases0 = self.bkn_count("SELECT count(*) FROM cases")
        st, body = self.push(oto, pkg)
        self.assertEqual(st, 201, body)
        bid = body["kasus"]
        st, again = self.push(oto, pkg)
        self.assertEqual(st, 200, again)
        self.assertEqual((again["kasus"], again["baru"]), (bid, False))
        self.assertEqual(self.bkn_count("SELECT count(*) FROM cases"), cases0 + 1)
        # the same package through the upload page: verified, found imported, nothing new
        page = Form()
        page.port = self.port
        st, login = page.call("POST", "/api/v1/login", {"username": "otoritas", "password": PASSWORD})
        self.assertEqual(st, 200, login)
        st, html, _ = page.post_multipart("/pertukaran/impor", {"csrf": login["csrf_token"]},
                                          [("paket", "paket.tar", pkg)], port=self.port)
        self.assertEqual(st, 200, html)
        self.assertIn("sudah pernah diimpor", html)
        self.assertIn(f'href="/kasus/{bid}"', html)
        self.assertEqual(self.bkn_count("SELECT count(*) FROM cases"), cases0 + 1)
        st, case = oto.call("GET", f"/api/v1/cases/{bid}")
        self.assertEqual(case["status"], "diteruskan")
        self.assertEqual([p["nip"] for p in case["terlapor"]], [nip])
        self.assertEqual(len(case["bukti"]), 2)  # the letter and the evidence, hashes checked
        self.assertEqual(self.bkn_count(f"SELECT peer_case FROM exchange_links WHERE case_id={bid}"), str(cid))
        # the authority recommends; the results go back, pushed with retries by the CLI
        st, body = oto.call("POST", f"/api/v1/cases/{bid}/transitions",
                            {"ke": "rekomendasi_terbit", "nip": nip,
                             "data": {"sanksi": "turun_jabatan_12", "dasar": "PP94/2021", "nomor": "R-501/BKN/2026",
                                      "tanggal": TODAY}})
        self.assertEqual(st, 200, body)
        h1, m1 = self.export(bid, "otoritas", self.cli)
        self.assertEqual((m1["jenis"], m1["kepada"], m1["urutan"]), ("hasil", "35.05", 1))
        # only the authority answers, and only the office handling the case takes the answer
        r = self.cli("exchange", "export", str(bid), "--oleh", "ppk.blitar")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("hanya otoritas", r.stderr)
        st, body = self.push(Client("bawaslu.trenggalek"), h1)
        self.assertEqual(st, 403, body)
        token_file = os.path.join(TMP, "token-blitar")
        with open(token_file, "w") as f:
            f.write(run_cli("user", "token", "bawaslu.blitar", "--name", "bkn-push").stdout)
        h1_path = os.path.join(TMP, "hasil-1.tar")
        with open(h1_path, "wb") as f:
            f.write(h1)
        r = subprocess.run([BIN, "exchange", "push", h1_path, "--url", f"http://127.0.0.1:{PORT}", "--token-file",
                            token_file, "--jeda", "0"], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["langkah"], 1)
        bw = Client("bawaslu.blitar")
        case = bw.call("GET", f"/api/v1/cases/{cid}")[1]
        party = case["terlapor"][0]
        self.assertEqual(party["status"], "rekomendasi_terbit")
        self.assertEqual(party["rekomendasi"]["nomor"], "R-501/BKN/2026")
        self.assertTrue(any(b["keterangan"] and "Paket hasil dari BKN" in b["keterangan"] for b in case["bukti"]))
        # a replayed results package is refused and changes nothing
        audit0 = db_count("SELECT count(*) FROM audit")
        st, body = self.push(bw, h1)
        self.assertEqual(st, 409, body)
        self.assertIn("diputar ulang", body["error"]["message"])
        self.assertEqual(db_count("SELECT count(*) FROM audit"), audit0)
        # the PPK's decree on the authority's side; two more packages, the later one first
        ppk = Client("ppk.blitar", port=self.port)
        st, body = ppk.call("POST", f"/api/v1/cases/{bid}/transitions",
                            {"ke": "sanksi_dijatuhkan", "nip": nip, "data": {"nomor_sk": "800/77/409/2026", "tanggal_sk": TODAY}})
        self.assertEqual(st, 200, body)
        h2, m2 = self.export(bid, "otoritas", self.cli)
        h3, m3 = self.export(bid, "otoritas", self.cli)
        self.assertEqual((m2["urutan"], m3["urutan"]), (2, 3))
        st, body = self.push(bw, h3)
        self.assertEqual(st, 409, body)
        self.assertIn("sebelum urutan 2", body["error"]["message"])
        self.assertEqual(self.push(bw, h2)[0], 201)
        self.assertEqual(self.push(bw, h3)[0], 201)
        party = bw.call("GET", f"/api/v1/cases/{cid}")[1]["terlapor"][0]
        self.assertEqual(party["status"], "sanksi_dijatuhkan")
        self.assertEqual(party["sk"]["nomor_sk"], "800/77/409/2026")
        self.assertGreaterEqual(db_count("SELECT count(*) FROM audit WHERE action='pertukaran.impor'"), 3)

    def test_every_tampered_or_unknown_package_is_refused_with_its_reason(self):
        cid = self.forwarded_case(NIPS["pemkab-blitar"][1])
        pkg, _ = self.export(cid)
        oto = Client("otoritas", port=self.port)

        def sig_flip(entries):
            return [(n, (b[:10] + (b"0" if b[10:11] != b"0" else b"1") + b[11:]) if n == "manifest.sig" else b)
                    for n, b in entries]

        def file_changed(entries):
            return [(n, (b[:-1] + bytes([b[-1] ^ 1])) if n.startswith("bukti/") else b) for n, b in entries]

        def file_missing(entries):
            return [(n, b) for n, b in entries if not n.startswith("bukti/")]

        def schema(entries):
            return [(n, b.replace(b'"netral.paket/1"', b'"netral.paket/9"') if n == "manifest.json" else b)
                    for n, b in entries]

        def escape(entries):
            return entries[:2] + [("../../etc/evil", b"x")] + entries[2:]

        def link(entries):
            info = tarfile.TarInfo("bukti/tautan")
            info.type = tarfile.SYMTYPE
            info.linkname = "/etc/passwd"
            return entries[:2] + [("bukti/tautan", info)] + entries[2:]

        def bigger(entries):
            return [(n, b + b"\0" * 4096 if n.startswith("bukti/") else b) for n, b in entries]

        cases = [(sig_flip, "tanda tangan paket tidak sah"), (file_changed, "berubah"),
                 (file_missing, "tidak ada dalam paket"), (schema, "versi skema paket"),
                 (escape, "tidak diizinkan"), (link, "bukan berkas biasa"), (bigger, "lebih besar")]
        before = (self.bkn_count("SELECT count(*) FROM cases"), self.bkn_count("SELECT count(*) FROM evidence"),
                  self.bkn_count("SELECT count(*) FROM exchange_packages"))
        for edit, reason in cases:
            st, body = self.push(oto, tar_edit(pkg, edit))
            self.assertIn(st, (400, 403, 409, 413, 422), (edit.__name__, body))
            self.assertIn(reason, body["error"]["message"], edit.__name__)
        self.assertIn(self.push(oto, b"bukan paket sama sekali")[0], (400, 422))
        import gzip
        bomb = gzip.compress(tar_edit(pkg, lambda e: [(n, b + b"\0" * (8 << 20) if n.startswith("bukti/") else b)
                                                      for n, b in e]))
        self.assertLess(len(bomb), 200000)
        st, body = self.push(oto, bomb)
        self.assertIn("lebih besar", body["error"]["message"])
        # an office this side does not trust
        r = run_cli("exchange", "key", "export", "--kantor", "35.03")
        self.assertEqual(r.returncode, 0, r.stderr)
        bw3 = Client("bawaslu.trenggalek")
        c3 = bw3.call("POST", "/api/v1/cases", new_temuan("35.03", terlapor=[NIPS["35.03"][0]]))[1]["id"]
        for to in ["diregistrasi", "klarifikasi", "kajian", "diteruskan"]:
            self.assertEqual(bw3.call("POST", f"/api/v1/cases/{c3}/transitions", {"ke": to})[0], 200)
        p3, _ = self.export(c3, "bawaslu.trenggalek")
        st, body = self.push(oto, p3)
        self.assertEqual(st, 403, body)
        self.assertIn("pengirim tidak dikenal", body["error"]["message"])
        after = (self.bkn_count("SELECT count(*) FROM cases"), self.bkn_count("SELECT count(*) FROM evidence"),
                 self.bkn_count("SELECT count(*) FROM exchange_packages"))
        self.assertEqual(after, before)
        # nothing half-written in the evidence store either
        stray = [f for root, _, files in os.walk(os.path.join(self.var, "evidence")) for f in files
                 if root.endswith("tmp")]
        self.assertEqual(stray, [])
        # and a PPK may not import at all
        self.assertEqual(self.push(Client("ppk.blitar", port=self.port), pkg)[0], 403)

    def test_a_rotated_key_keeps_old_packages_verifiable(self):
        old_case = self.forwarded_case(NIPS["35.05"][3])
        old, _ = self.export(old_case)
        r = run_cli("exchange", "key", "rotate", "--kantor", "35.05")
        self.assertEqual(r.returncode, 0, r.stderr)
        rotated = json.loads(r.stdout)
        new_case = self.forwarded_case(NIPS["35.05"][4])
        new, _ = self.export(new_case)
        oto = Client("otoritas", port=self.port)
        self.assertEqual(self.push(oto, old)[0], 201)  # signed before the rotation
        st, body = self.push(oto, new)
        self.assertEqual(st, 403)  # the new key is not trusted yet
        path = os.path.join(TMP, "kunci-blitar-baru.json")
        with open(path, "w") as f:
            json.dump(rotated, f)
        self.assertEqual(self.cli("exchange", "key", "trust", path).returncode, 0)
        self.assertEqual(self.push(oto, new)[0], 201)
        keys = json.loads(run_cli("exchange", "key", "list").stdout)
        mine = [k for k in keys if k["kantor"] == "35.05" and k["milik_sendiri"]]
        self.assertEqual(sorted(k["diganti"] is None for k in mine), [False, True])
        self.assertEqual(oct(os.stat(os.path.join(VAR, "kunci", "35.05.ed25519")).st_mode & 0o777), "0o600")


class T99KeptFigures(unittest.TestCase):
    """Runs last, after every other test has moved cases on this database."""

    def test_the_figures_kept_as_cases_moved_equal_a_fresh_count(self):
        r = run_cli("stats", "check")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("cocok", r.stdout)
        # one cell changed behind the store's back is found, named, and a recount mends it
        con = connect()
        con.execute("UPDATE stat_cells SET n=n+1 WHERE region='' AND vis='b' AND sel='' AND fig='st'"
                    " AND k=(SELECT min(k) FROM stat_cells WHERE region='' AND vis='b' AND sel='' AND fig='st')")
        con.commit()
        con.close()
        r = run_cli("stats", "check")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn('{"pembaca":"bawaslu","wilayah":""}', r.stderr)
        r = run_cli("stats", "recount")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = run_cli("stats", "check")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # the recount is in the audit log, and the dashboard reads the mended figures at once
        self.assertGreaterEqual(db_count("SELECT count(*) FROM audit WHERE action='statistik.hitung_ulang'"), 1)
        st, again = Client("bawaslu.ri").call("GET", "/api/v1/stats")
        self.assertEqual(st, 200, again)
        self.assertEqual(sum(x["count"] for x in again["kasus_per_status"]), again["jumlah_kasus"])
        self.assertEqual(again["jumlah_kasus"], db_count("SELECT count(*) FROM cases"))


def main():
    global BIN, SANITIZED, TMP, DB, PORT, PG, VAR
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--sanitized", action="store_true")
    ap.add_argument("-k", dest="pattern")
    ap.add_argument("--pg", metavar="URI", help="run on PostgreSQL: a maintenance database of a "
                    "throwaway cluster (scripts/pg-cluster.sh); the tests create their own databases")
    args = ap.parse_args()
    BIN = os.path.abspath(args.bin)
    SANITIZED = args.sanitized
    TMP = tempfile.mkdtemp(prefix="netral-e2e-")
    VAR = TMP
    if args.pg:
        PG = args.pg
        admin = _PgConnection(PG)
        admin.execute("DROP DATABASE IF EXISTS e2e WITH (FORCE)")
        admin.execute("CREATE DATABASE e2e")
        admin.close()
        DB = pg_uri("e2e")
        os.environ["NETRAL_VAR"] = VAR  # every command the tests run keeps its keys there
    else:
        DB = os.path.join(TMP, "netral.db")
    PORT = free_port()
    r = subprocess.run([BIN, "demo", "--db", DB, "--roster-scale", "0.1"], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit(1)
    con = connect()
    for region in ("35.05", "35.03"):
        NIPS[region] = [row[0] for row in con.execute(
            "SELECT nip FROM asn WHERE region LIKE ? || '%' ORDER BY nip LIMIT 5", (region,))]
    NIPS["pemkab-blitar"] = [row[0] for row in con.execute(
        "SELECT a.nip FROM asn a JOIN agencies g ON g.id=a.agency_id WHERE g.name='Pemerintah Kabupaten Blitar' ORDER BY a.nip LIMIT 3")]
    con.close()
    start_server()
    ok = False
    try:
        loader = unittest.TestLoader()
        if args.pattern:
            loader.testNamePatterns = [f"*{args.pattern}*"]
        suite = loader.loadTestsFromModule(sys.modules[__name__])
        result = unittest.TextTestRunner(verbosity=2).run(suite)
        ok = result.wasSuccessful()
    finally:
        rc = stop_server()
        log = open(os.path.join(TMP, "server.log")).read()
        if rc != 0 or "ERROR: AddressSanitizer" in log or "runtime error" in log:
            print("server exit status", rc)
            print(log[-6000:])
            ok = False
    if ok:
        shutil.rmtree(TMP, ignore_errors=True)
    else:
        print("artefacts kept in", TMP)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
