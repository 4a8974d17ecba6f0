#!/usr/bin/env python3
"""National-scale inputs of the risk index for make bench, written into a Netral SQLite
database that already has its regions (netral init or demo): one regional government per
regency and city, M civil servants spread over all 514 of them (a regency's share varies
threefold, as real ones do) and P neutrality pledges of randomly chosen ASN.

  gen_risk.py DB M P
Deterministic for given sizes. Only the inputs are written here; the index itself is
computed by `netral risk recompute`, which is what the benchmark times.
"""
import random
import sqlite3
import sys
import time

db, m, p = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
R = random.Random(514)
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=OFF")
regions = [r[0] for r in con.execute("SELECT code FROM regions WHERE level='kabkota' ORDER BY code")]
names = dict(con.execute("SELECT code, name FROM regions WHERE level='kabkota'"))
for code in regions:
    con.execute("INSERT OR IGNORE INTO agencies(name, region) VALUES (?, ?)", ("Pemerintah " + names[code], code))
agency = {r[1]: r[0] for r in con.execute("SELECT id, region FROM agencies WHERE name LIKE 'Pemerintah %'")}
weights = [R.uniform(1, 3) for _ in regions]
total = sum(weights)
now = int(time.time())
kinds = ["fungsional"] * 6 + ["pelaksana"] * 3 + ["administrator", "pengawas", "pppk"]
n = 0
for code, w in zip(regions, weights):
    share = int(m * w / total) if code != regions[-1] else m - n
    rows = []
    for _ in range(share):
        nip = "19%016d" % (n + 1)  # unique, 18 digits
        n += 1
        rows.append((nip, "ASN Bangku %d" % n, "Staf", R.choice(kinds), "III/a", agency[code], "Unit", code, "1985-01-01", 1, now))
    con.executemany("INSERT OR IGNORE INTO asn(nip,name,position,position_kind,grade,agency_id,work_unit,region,"
                    "birth_date,sex,updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
# pledges: P of the ASN, drawn from the whole roster
sample = R.sample(range(1, m + 1), min(p, m))
con.executemany("INSERT OR IGNORE INTO pledges(nip, version, signed_on, method, event, office, recorded_by, created_at)"
                " VALUES (?, 'ikrar-2024', '2026-09-10', 'daftar', 'Ikrar bangku uji', '', 'bench', ?)",
                [("19%016d" % i, now) for i in sample])
con.commit()
print("risk inputs: %d regencies and cities, %d ASN, %d pledges" % (
    len(regions), con.execute("SELECT count(*) FROM asn").fetchone()[0],
    con.execute("SELECT count(*) FROM pledges").fetchone()[0]))
