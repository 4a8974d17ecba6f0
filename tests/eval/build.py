#!/usr/bin/env python3
"""Builds the labelled evaluation set for the cyber patrol (make eval).

Fiction on a real map: Kota Blitar (35.72) with an invented 2024 mayoral race of
three pairs. The sentences are written for this set and are not taken from the
lexicons (data/lexicon/cues.json): many phrasings there are not in the lexicon
at all, which is what measures generalization. Every item gets obfuscated
variants (leet, fancy fonts, fullwidth, circled letters, Cyrillic look-alikes,
zero-width characters, spaced letters, elongation, slang).

Writes election.json, roster.csv, items.jsonl and labels.jsonl beside this file.
Deterministic: run it again and the files are identical.
"""
import json
import os
import random

R = random.Random(20241127)
HERE = os.path.dirname(os.path.abspath(__file__))

ELECTION = {
    "id": "pilwalkot-blitar-2024-eval", "name": "Pemilihan Wali Kota dan Wakil Wali Kota Blitar 2024 (fiktif, evaluasi)",
    "kind": "walikota", "region": "35.72", "voting_date": "2024-11-27",
    "campaign_start": "2024-09-25", "campaign_end": "2024-11-23",
    "candidates": [
        {"number": 1, "names": ["Rudi Hermawan", "Anisa Putri Rahmawati"], "nicknames": ["Mas Rudi", "RuNis"],
         "slogans": ["Blitar Lebih Baik"], "hashtags": ["#RudiAnisa", "#BlitarLebihBaik"],
         "accounts": ["facebook:rudianisa.official", "instagram:rudi_anisa"], "incumbent": False},
        {"number": 2, "names": ["Wahyu Adi Prasetyo", "Dewi Kartika Sari"], "nicknames": ["Cak Wahyu", "WaDe"],
         "slogans": ["Bersama Membangun Kota"], "hashtags": ["#WaDeMenang", "#WahyuDewi"],
         "accounts": ["facebook:wahyudewi2024", "instagram:wade.blitar"], "incumbent": True},
        {"number": 3, "names": ["Heri Susilo", "Nur Aini Fadilah"], "nicknames": ["Pak Heri", "HeNur"],
         "slogans": ["Kota Sejahtera Untuk Semua"], "hashtags": ["#HeNur2024"],
         "accounts": ["facebook:herinur.blitar"], "incumbent": False},
    ],
}

# How people name a pair in posts (not all of these are lexicon entries).
REFS = {
    1: ["Mas Rudi", "Rudi Hermawan", "paslon nomor 1", "nomor urut 01", "#RudiAnisa", "pasangan RuNis",
        "Rudi-Anisa", "Rudi Hermawan dan Anisa Putri Rahmawati", "@rudi_anisa", "no. 1", "☝"],
    2: ["Cak Wahyu", "Wahyu Adi Prasetyo", "paslon nomor 2", "nomor urut 02", "#WaDeMenang", "pasangan WaDe",
        "Wahyu-Dewi", "@wade.blitar", "no 2", "✌"],
    3: ["Pak Heri", "Heri Susilo", "paslon nomor 3", "nomor urut 03", "#HeNur2024", "pasangan HeNur",
        "Heri Susilo dan Nur Aini Fadilah", "@herinur.blitar", "no.3"],
}

SUPPORT = [
    "Ayo pilih {c}!", "Mari kita coblos {c} tanggal 27 November", "Saya dukung penuh {c}",
    "{c} pasti menang, satu putaran!", "Jangan lupa coblos {c} ya bapak ibu", "Lanjutkan! {c} dua periode",
    "Siap memenangkan {c} di kelurahan kami", "Pilihan kami sudah bulat: {c}", "Insyaallah pilih {c}",
    "Warga Sukorejo kompak dukung {c}", "Yuk menangkan {c} demi Blitar", "Kami relawan {c} siap bergerak",
    "Sudah saatnya {c} memimpin kota ini, coblos!", "{c} the best, gas pol sampai TPS", "Bismillah, {c} menang",
    "Kawal suara {c} sampai akhir", "Tetap solid bersama {c}", "Ingat, coblos {c}", "All in {c}!!!",
    "Pokoknya {c}, titik. Pilih dia", "Dari hati yang paling dalam, saya memilih {c}",
    "Guru-guru SD mendukung {c}, ayo ikut", "{c} untuk Blitar yang lebih maju, ayo dukung",
    "Jangan ragu, coblos {c} saja", "Menang bersama {c}", "{c} harga mati, pilih!",
    "Sudah mantap hati memilih {c}", "Kita menangkan {c}, setuju?", "Coblos {c}, tidak ada yang lain",
]

NEUTRAL = [
    "Bawaslu Kota Blitar mengingatkan ASN untuk menjaga netralitas selama Pilkada 2024",
    "Sosialisasi netralitas ASN digelar di aula kecamatan hari ini",
    "ASN dilarang memberikan dukungan kepada calon mana pun, termasuk lewat like dan share",
    "Jangan golput! Datang ke TPS tanggal 27 November dan gunakan hak pilih Anda",
    "Ayo gunakan hak pilihmu, siapa pun pilihanmu",
    "Pilih pemimpin yang jujur dan amanah, siapa pun orangnya",
    "Jangan pilih calon yang membagi-bagikan uang",
    "Ayo dukung Arema menang malam ini! Salam satu jiwa",
    "Bobotoh siap dukung Persib di final, pasti menang!",
    "Ibu adalah nomor 1 di hati kami",
    "Timnas Indonesia harus menang lawan Jepang, ayo dukung Garuda!",
    "Selamat pagi semua, semoga hari ini lancar",
    "Rapat koordinasi persiapan HUT kota bersama Pak Sekda",
    "Jadwal posyandu bulan ini dipindah ke hari Kamis",
    "Lomba kebersihan antar-RT dimenangkan RT 03, selamat!",
    "KPU menetapkan tiga pasangan calon wali kota Blitar",
    "Info: debat publik putaran kedua digelar Sabtu malam",
    "Hoaks! Beredar pesan berantai soal nomor urut yang dicabut",
    "Pilih paket internet yang murah, nomor 1 di Indonesia",
    "Selamat kepada tim voli putri yang menang kejuaraan provinsi",
    "Ayo pilih menu sehat untuk anak-anak di rumah",
    "Saya mendukung program vaksinasi untuk lansia",
    "Lanjutkan kerja baikmu, Nak, semangat belajar!",
    "Juara 1 lomba mewarnai tingkat kota diraih SDN Sukorejo 2",
    "Mari dukung UMKM lokal dengan membeli produk tetangga",
    "Kampanye cuci tangan pakai sabun di sekolah dasar",
    "Nomor antrean 02 silakan ke loket 3",
    "Bawaslu: pelanggaran netralitas bisa dilaporkan lewat kanal resmi",
    "Netralitas ASN harga mati, jaga marwah birokrasi",
    "Siapa pun yang menang nanti, mari tetap rukun",
    "Pemilih pemula antusias ikut simulasi pemungutan suara",
    "Selamat untuk Persik yang menang 2-0 tadi malam",
    "Ayo dukung gerakan tanam pohon di bantaran sungai",
    "Jangan lupa bayar pajak kendaraan sebelum jatuh tempo",
]

NEUTRAL_CAND = [
    "Debat kandidat: {c} memaparkan program kesehatan gratis",
    "Bawaslu memanggil ASN yang diduga mengunggah foto bersama {c}",
    "Diduga melanggar netralitas, seorang guru dilaporkan karena membagikan postingan {c}",
    "Berita: {c} menyampaikan visi misi di hadapan KPU",
    "Hasil survei terbaru: elektabilitas {c} naik tipis menurut lembaga survei",
    "{c} hadir dalam pengajian rutin di masjid agung, dikawal panitia",
    "Klarifikasi: foto {c} bersama ASN itu hoaks, kata Bawaslu",
    "Jadwal kampanye {c} hari ini menurut KPU di Kecamatan Kepanjenkidul",
    "ASN yang terbukti mendukung {c} akan dijatuhi sanksi, ujar Ketua Bawaslu",
]

NEG_CAMPAIGN = ["Jangan pilih {c}, janjinya palsu", "Tolak {c}!", "Stop {c}, tidak layak memimpin"]

COMMENTS_ON_CAND = ["Siap menangkan!", "Mantap, lanjutkan pak!", "Gas terus, pasti menang", "Setuju, kami dukung",
                    "Sukses selalu untuk paslon kita"]
COMMENTS_NEUTRAL = ["Turut berduka cita atas musibah banjir", "Jalan di depan rumah saya rusak pak, mohon diperbaiki"]

CAND_POSTS = ["Terima kasih warga Sananwetan atas sambutan hangatnya", "Kampanye akbar di alun-alun Sabtu ini, ayo hadir",
              "Program kami: seragam sekolah gratis untuk semua siswa", "Turut berduka cita atas musibah kebakaran di pasar"]

SLANG = {"pilih": ["plh", "pilihh"], "dukung": ["dkg", "dukungg"], "jangan": ["jgn"], "nomor": ["nmr", "nomer"],
         "yang": ["yg"], "tidak": ["gak", "ga"], "sudah": ["udah", "udh"], "saya": ["sy", "aku"], "coblos": ["nyoblos", "cblos"]}
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
CYR = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і"}


def fancy(s, base):
    out = []
    for ch in s:
        if "a" <= ch <= "z":
            out.append(chr(base + ord(ch) - ord("a") + 26))
        elif "A" <= ch <= "Z":
            out.append(chr(base + ord(ch) - ord("A")))
        else:
            out.append(ch)
    return "".join(out)


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def circled(s):
    return "".join(chr(0x24D0 + ord(c) - 97) if "a" <= c <= "z" else c for c in s)


def keyword_transform(text, f):
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if any(k in w.lower() for k in ["pilih", "coblos", "dukung", "menang", "lanjut", "netral", "golput", "arema", "persib"])]
    if not idx:
        idx = [max(range(len(words)), key=lambda i: len(words[i]))]
    i = R.choice(idx)
    words[i] = f(words[i])
    return " ".join(words)


OBFUSCATIONS = {
    "leet": lambda t: keyword_transform(t, lambda w: "".join(LEET.get(c, c) if R.random() < 0.7 else c for c in w)),
    "bold": lambda t: fancy(t, 0x1D400),
    "script": lambda t: keyword_transform(t, lambda w: fancy(w, 0x1D4D0)),
    "fullwidth": lambda t: keyword_transform(t, fullwidth),
    "circled": lambda t: keyword_transform(t.lower(), circled),
    "cyrillic": lambda t: "".join(CYR.get(c, c) if R.random() < 0.5 else c for c in t),
    "zerowidth": lambda t: keyword_transform(t, lambda w: "\u200b".join(w)),
    "spaced": lambda t: keyword_transform(t, lambda w: R.choice([" ", ".", "-"]).join(w)),
    "elongated": lambda t: keyword_transform(t, lambda w: w + w[-1] * R.randint(2, 6) if w[-1].isalpha() else w),
    "slang": lambda t: " ".join(R.choice(SLANG[w.lower()]) if w.lower() in SLANG else w for w in t.split(" ")),
    "caps": lambda t: t.upper(),
}

# ---- the roster and the authors ----
GIVEN = ["Agus", "Budi", "Siti", "Dewi", "Eko", "Sri", "Bambang", "Rina", "Hadi", "Lestari", "Yusuf", "Endang",
         "Wahyuni", "Teguh", "Ratna", "Joko", "Nanik", "Dimas", "Fitri", "Heru"]
FAMILY = ["Santoso", "Wibowo", "Purnomo", "Kurniawati", "Hidayat", "Setiawan", "Pratiwi", "Saputra", "Gunawan",
          "Handayani", "Susanto", "Utami", "Nugroho", "Maharani", "Firmansyah", "Rahmawati", "Sulistyo", "Anggraini"]
UNITS = [("Dinas Pendidikan", "guru"), ("Dinas Kesehatan", "perawat"), ("Kecamatan Sananwetan", "staf kecamatan"),
         ("Kecamatan Kepanjenkidul", "staf kecamatan"), ("Dinas Sosial", "pegawai"), ("RSUD Mardi Waluyo", "perawat")]


def nip(i, sex):
    y = 1970 + i % 25
    return f"{y}{(i % 12) + 1:02d}{(i % 27) + 1:02d}{y + 24}{(i % 12) + 1:02d}{sex}{(i % 900) + 100:03d}"


def build_roster():
    rows, people = [], []
    used = set()
    for i in range(320):
        sex = 1 + i % 2
        while True:
            name = f"{R.choice(GIVEN)} {R.choice(FAMILY)}"
            if R.random() < 0.35:
                name = f"{R.choice(GIVEN)} {R.choice(GIVEN)} {R.choice(FAMILY)}"
            if name not in used or i % 40 == 0:  # a few homonyms on purpose
                break
        used.add(name)
        unit, role = R.choice(UNITS)
        handle = (name.lower().replace(" ", ".") + str(R.randint(1, 99))) if R.random() < 0.4 else ""
        title = R.choice(["", "", ", S.Pd.", ", S.Kep.", ", S.E.", ", M.Si"])
        rows.append([nip(i, sex), name + title, role.title(), "fungsional", "III/b", "Pemerintah Kota Blitar",
                     unit, "35.72", f"facebook:{handle}" if handle else ""])
        people.append({"nip": nip(i, sex), "name": name, "unit": unit, "role": role, "handle": handle})
    return rows, people


def author_for(people, kind):
    """An author and the link the evaluation expects (nip or None)."""
    p = R.choice(people)
    homonyms = [q for q in people if q["name"] == p["name"]]
    if kind == "handle" and p["handle"]:
        return {"handle": p["handle"], "name": p["name"]}, p["nip"]
    if kind == "profile":
        bio = f"{p['role'].title()} di {p['unit']} Kota Blitar. ASN"
        expect = p["nip"] if len(homonyms) == 1 else None
        return {"handle": "akun" + str(R.randint(1000, 9999)), "name": R.choice([p["name"], "Drs. " + p["name"], p["name"] + ", S.Pd"]), "bio": bio}, expect
    if kind == "name_only":
        # the same name as a civil servant, nothing else: not enough to link
        return {"handle": "u" + str(R.randint(10000, 99999)), "name": p["name"]}, None
    # a citizen whose name is not on the roster
    return {"handle": "warga" + str(R.randint(100, 999)), "name": f"{R.choice(['Andi', 'Rizky', 'Putri', 'Bayu'])} {R.choice(['Kusuma', 'Ramadhan', 'Aulia', 'Pambudi'])}"}, None


def main():
    rows, people = build_roster()
    items, labels = [], []
    n = [0]

    def add(kind, text, label, explicit, group, target=None, created="2024-10-15T09:00:00+07:00"):
        n[0] += 1
        iid = f"eval-{n[0]:04d}"
        akind = R.choice(["handle", "profile", "name_only", "citizen", "citizen"])
        author, expect = author_for(people, akind)
        it = {"platform": "facebook", "id": iid, "kind": kind, "created_at": created,
              "url": f"https://facebook.example/{iid}", "author": author}
        if text is not None:
            it["text"] = text
        if target:
            it["target"] = target
        items.append(it)
        labels.append({"id": iid, "label": label, "explicit": explicit, "group": group, "link": expect, "link_kind": akind})

    def variants(text, label, explicit, group, kind="post", k=2):
        add(kind, text, label, explicit, group)
        for name in R.sample(sorted(OBFUSCATIONS), k):
            add(kind, OBFUSCATIONS[name](text), label, explicit, group + "/" + name)

    for tpl in SUPPORT:
        for num in [1, 2, 3]:
            variants(tpl.format(c=R.choice(REFS[num])), "partisan", True, "dukungan", k=3)
    for tpl in NEUTRAL:
        variants(tpl, "clear", False, "netral", k=3)
    for tpl in NEUTRAL_CAND:
        for num in [1, 2, 3]:
            variants(tpl.format(c=R.choice(REFS[num][:3])), "clear", False, "berita_netral", k=1)
    for tpl in NEG_CAMPAIGN:
        for num in [1, 2, 3]:
            add("post", tpl.format(c=R.choice(REFS[num][:4])), "review", False, "kampanye_negatif")
    # interactions with the candidates' accounts and with partisan content
    for num, cand in enumerate(ELECTION["candidates"], 1):
        for acc in cand["accounts"]:
            platform, handle = acc.split(":")
            for post in CAND_POSTS:
                tgt = {"author": {"handle": handle, "name": cand["nicknames"][0]}, "text": post}
                add(R.choice(["like", "share"]), None, "partisan", True, "interaksi_akun", tgt)
            add("follow", None, "partisan", True, "ikuti_akun", {"author": {"handle": handle}})
            for c in COMMENTS_ON_CAND:
                add("comment", c, "partisan", True, "komentar_akun",
                    {"author": {"handle": handle}, "text": R.choice(CAND_POSTS)})
    for tpl in SUPPORT[:12]:
        num = R.choice([1, 2, 3])
        tgt = {"author": {"handle": "warga.biasa" + str(R.randint(1, 50))}, "text": tpl.format(c=R.choice(REFS[num]))}
        add(R.choice(["like", "share"]), None, "partisan", True, "bagikan_partisan", tgt)
    for tpl in NEUTRAL[:10]:
        tgt = {"author": {"handle": "berita.blitar"}, "text": tpl}
        add(R.choice(["like", "share"]), None, "clear", False, "bagikan_netral", tgt)
    for c in COMMENTS_NEUTRAL:
        add("comment", c, "clear", False, "komentar_netral", {"author": {"handle": "pemkot.blitar"}, "text": "Info layanan"})
    # ethics before candidates were confirmed (22 Sep 2024)
    for tpl in SUPPORT[:8]:
        add("post", tpl.format(c=R.choice(REFS[1][:2])), "partisan", True, "sebelum_penetapan",
            created="2024-08-20T08:00:00+07:00")

    with open(os.path.join(HERE, "election.json"), "w") as f:
        json.dump(ELECTION, f, ensure_ascii=False, indent=1)
    with open(os.path.join(HERE, "roster.csv"), "w") as f:
        f.write("nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah,akun\n")
        for r in rows:
            f.write(",".join('"' + c + '"' if "," in c else c for c in r) + "\n")
    with open(os.path.join(HERE, "items.jsonl"), "w") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "labels.jsonl"), "w") as f:
        for lb in labels:
            f.write(json.dumps(lb, ensure_ascii=False) + "\n")
    print(f"{len(items)} items, {sum(1 for l in labels if l['label'] == 'partisan')} partisan")


if __name__ == "__main__":
    main()
