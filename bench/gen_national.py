#!/usr/bin/env python3
"""The national-size database of make bench, from the risk index's (514 regencies and cities,
4.3 million ASN, 100,000 cases in three offices): the cases are spread over every regency and
city (a registration number stays unique per office and year), and F patrol findings are
written, 7 in 10 linked to an ASN of the roster, most still waiting for review.

  gen_national.py DB F
Deterministic for given sizes. Written around the store, so the dashboard's kept figures are
marked stale here and counted again when Netral next opens the database.
"""
import hashlib
import json
import random
import sqlite3
import sys
import time

db, nfind = sys.argv[1], int(sys.argv[2])
R = random.Random(545)
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=OFF")
regencies = [r[0] for r in con.execute("SELECT code FROM regions WHERE level='kabkota' ORDER BY code")]

# every case to a regency or city; a registered one where its (year, number) is still free
taken = set()
moves = []
for cid, year, seq in con.execute("SELECT id, reg_year, reg_seq FROM cases ORDER BY id").fetchall():
    k = R.randrange(len(regencies))
    while seq is not None and (regencies[k], year, seq) in taken:
        k = (k + 1) % len(regencies)
    if seq is not None:
        taken.add((regencies[k], year, seq))
    moves.append((regencies[k], cid))
# through an office of its own first, so no two cases ever hold one number in between
con.execute("CREATE TEMP TABLE mv(id INTEGER PRIMARY KEY, office TEXT)")
con.executemany("INSERT INTO mv(office, id) VALUES (?, ?)", moves)
con.execute("UPDATE cases SET office='~' || id")
con.execute("UPDATE cases SET office=(SELECT office FROM mv WHERE mv.id=cases.id)")
con.execute("DELETE FROM reg_counters")
con.execute("INSERT INTO reg_counters(office, year, last) SELECT office, reg_year, max(reg_seq) FROM cases"
            " WHERE reg_seq IS NOT NULL GROUP BY office, reg_year")
con.commit()

# patrol findings
have = con.execute("SELECT count(*) FROM patrol_findings").fetchone()[0]
elections = [r[0] for r in con.execute("SELECT id FROM elections ORDER BY id")]
code = con.execute("SELECT code FROM case_violations LIMIT 1").fetchone()[0]
nasn = con.execute("SELECT count(*) FROM asn WHERE nip LIKE '19%'").fetchone()[0]
platforms = ["facebook", "instagram", "x", "tiktok"]
now = int(time.time())
reasons = json.dumps([{"rule": "dukungan:ajakan_memilih", "field": "text", "span": [0, 5], "text": "pilih",
                       "normalized": "pilih", "weight": 0.275},
                      {"rule": "kandidat:panggilan:1", "field": "text", "span": [6, 15], "text": "nomor 1",
                       "normalized": "nomor 1", "weight": 0.5}])
rows = []
for i in range(have, nfind):
    p = platforms[i % 4]
    item = "nas-%07d" % i
    linked = R.random() < 0.7
    nip = "19%016d" % R.randint(1, nasn) if linked and nasn else None
    raw = json.dumps({"platform": p, "id": item, "kind": "post", "created_at": "2026-10-01T09:00:00+07:00",
                      "author": {"handle": "akun%d" % i, "name": "Akun %d" % i},
                      "text": "pilih nomor 1 untuk kabupaten kita"})
    status = "baru" if R.random() < 0.8 else R.choice(["dikonfirmasi", "ditolak"])
    rows.append((p, item, R.choice(elections), "post", "partisan", round(R.uniform(0.5, 0.99), 3), 1, code,
                 nip, 0.97 if nip else None, "nip" if nip else None, None, reasons, "akun%d" % i, "Akun %d" % i,
                 "https://%s.example/%s" % (p, item), "2026-10-01T09:00:00+07:00", raw,
                 hashlib.sha256(raw.encode()).hexdigest(), "2026-10-02T10:00:00+07:00", "bench", "bench 1", status,
                 now, now))
    if len(rows) == 50000:
        con.executemany("INSERT INTO patrol_findings(platform,item_id,election_id,kind,verdict,score,candidate,"
                        "violation,nip,link_confidence,link_method,suggestion,reasons,author_handle,author_name,"
                        "url,posted_at,raw,sha256,captured_at,source,lexicon,status,first_seen,updated_at)"
                        " VALUES (" + ",".join("?" * 25) + ")", rows)
        rows = []
if rows:
    con.executemany("INSERT INTO patrol_findings(platform,item_id,election_id,kind,verdict,score,candidate,"
                    "violation,nip,link_confidence,link_method,suggestion,reasons,author_handle,author_name,"
                    "url,posted_at,raw,sha256,captured_at,source,lexicon,status,first_seen,updated_at)"
                    " VALUES (" + ",".join("?" * 25) + ")", rows)
# written around the store: the kept figures are counted again at the next start
con.execute("DELETE FROM meta WHERE key='figure_rules'")
con.commit()
print("national: %d cases in %d offices, %d ASN, %d patrol findings, %d regions" % (
    con.execute("SELECT count(*) FROM cases").fetchone()[0],
    con.execute("SELECT count(DISTINCT office) FROM cases").fetchone()[0],
    con.execute("SELECT count(*) FROM asn").fetchone()[0],
    con.execute("SELECT count(*) FROM patrol_findings").fetchone()[0],
    con.execute("SELECT count(*) FROM regions WHERE level IN ('provinsi','kabkota')").fetchone()[0] + 1))
