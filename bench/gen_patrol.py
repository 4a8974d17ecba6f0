#!/usr/bin/env python3
"""Synthetic patrol input for make bench: N social-media items and an M-person roster
with Indonesian names (the demo name lists, Javanese and Sundanese). About 3 % of the
items are partisan posts and 2 % interactions, the rest everyday chatter.

  gen_patrol.py items N OUT.jsonl ROSTER.csv     (authors partly drawn from the roster)
  gen_patrol.py roster M OUT.csv
Deterministic for a given size.
"""
import json
import random
import sys

R = random.Random(42)
names = json.load(open("data/demo/names.json"))
cultures = [names["jawa"], names["sunda"]]
titles = names["suffix_titles"]

CHAT = ["Selamat pagi semua, semoga hari ini lancar", "Jalan di depan rumah rusak lagi, mohon diperbaiki",
        "Alhamdulillah panen padi tahun ini bagus", "Ada yang tahu jadwal posyandu bulan ini?",
        "Macet parah di perempatan pasar pagi ini", "Selamat ulang tahun untuk ibuku tercinta",
        "Info lowongan kerja di pabrik rokok, kirim CV ke kantor desa", "Hujan deras sejak siang, hati-hati di jalan",
        "Bawaslu mengingatkan ASN menjaga netralitas", "Jangan golput, datang ke TPS tanggal 9 Desember"]
PARTISAN = ["Ayo pilih {c}!", "Coblos {c} tanggal 9 Desember", "Saya dukung {c}, pasti menang", "Lanjutkan {c} dua periode",
            "#HaWaUntukBlitar {c} menang satu putaran", "Mari menangkan {c} ☝"]
REFS = ["Mas Har", "Hartono Wicaksono", "nomor 1", "Pak Bams", "nomor urut 02", "BaRa"]


def person():
    c = R.choice(cultures)
    sex = R.choice(["male", "female"])
    n = f"{R.choice(c[sex])} {R.choice(c['family'])}"
    if R.random() < 0.4:
        n = f"{R.choice(c[sex])} {n}"
    return n


def nip(i):
    y = 1965 + (i // 999) % 30
    d = 1 + (i // (999 * 30)) % 28
    m = 1 + (i // (999 * 30 * 28)) % 12
    return f"{y}{m:02d}{d:02d}{y + 25}01{1 + i % 2}{i % 999 + 1:03d}"


def roster(m, out):
    with open(out, "w") as f:
        f.write("nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah,akun\n")
        for i in range(m):
            n = person()
            t = ", " + R.choice(titles) if R.random() < 0.4 else ""
            acc = f"facebook:{n.lower().replace(' ', '.')}{i % 97}" if R.random() < 0.2 else ""
            f.write(f'{nip(i)},"{n}{t}",Staf,pelaksana,III/a,Pemerintah Kabupaten Blitar,Dinas {i % 20},35.05,{acc}\n')


def items(n, out, roster_path):
    sample = []
    with open(roster_path) as f:
        next(f)
        for i, line in enumerate(f):
            if i % 50 == 0:
                sample.append(line.split('"')[1].split(",")[0])
            if len(sample) >= 20000:
                break
    # 50,000 accounts, each with one name: 30 % named like a civil servant on the roster
    accounts = [{"id": str(100000 + a), "handle": f"user{a}",
                 "name": R.choice(sample) if R.random() < 0.3 else person()} for a in range(50000)]
    with open(out, "w") as f:
        for i in range(n):
            r = R.random()
            author = R.choice(accounts)
            it = {"platform": "facebook", "id": f"b-{i}", "kind": "post", "created_at": "2020-10-20T10:00:00+07:00",
                  "author": author}
            # most of a patrol feed is everyday chatter: about 3 % partisan posts, 2 % interactions
            if r < 0.95:
                it["text"] = R.choice(CHAT)
            elif r < 0.98:
                it["text"] = R.choice(PARTISAN).format(c=R.choice(REFS))
            else:
                it["kind"] = R.choice(["like", "share"])
                it["target"] = {"author": {"handle": R.choice(["hawa.blitar", "warga123"])}, "text": R.choice(CHAT + PARTISAN).format(c="Mas Har")}
            f.write(json.dumps(it, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "roster":
        roster(int(sys.argv[2]), sys.argv[3])
    else:
        items(int(sys.argv[2]), sys.argv[3], sys.argv[4])
