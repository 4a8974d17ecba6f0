#!/usr/bin/env bash
# Documents and the exchange (called by bench/run.sh; BENCH_ONLY=documents runs only this):
#   - each document kind: wall time and peak RSS of one `netral case document` (the process,
#     start to end, on the demo database), and the same for a clarification minutes of DOC_QA
#     (800) questions and answers, about 100 pages;
#   - a forwarding package with PKG_FILES (50) evidence files of PKG_MB (200) MiB in all:
#     export and import time and peak RSS, the import into a second instance's database.
set -euo pipefail
BIN=$1
W=$2/documents
rm -rf "$W" && mkdir -p "$W/a" "$W/b"
A=$W/a/netral.db
B=$W/b/netral.db
$BIN demo --db "$A" >/dev/null
$BIN demo --db "$B" >/dev/null
TODAY=$(date -u -d '+7 hours' +%F)
NIP=$(sqlite3 "$A" "select a.nip from asn a join agencies g on g.id=a.agency_id where g.name='Pemerintah Kabupaten Blitar' and a.position_kind='administrator' order by a.nip limit 1")
cat > "$W/case.json" <<J
{"jalur":"laporan","kantor":"35.05","pemilihan":"pilbup-blitar-2020","tanggal_diketahui":"$TODAY","tanggal_kejadian":"$TODAY",
 "tempat":"Balai Desa","uraian":"ASN mengunggah ajakan memilih pasangan nomor 1.","pelanggaran":["D2"],"terlapor":["$NIP"],
 "daftar_bukti":"Tangkapan layar","pelapor":{"nama":"Pelapor Uji","alamat":"Kanigoro","telepon":"0812000000"}}
J
ID=$($BIN case create "$W/case.json" --db "$A" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
measure() { # label kind [isian]
  local extra=()
  [ -n "${3:-}" ] && extra=(--isian "$3")
  /usr/bin/time -f "%e %M" -o "$W/t.txt" $BIN case document "$ID" "$2" --oleh bawaslu.blitar --out "$W/$2.pdf" \
    "${extra[@]}" --db "$A" > "$W/meta.json"
  read -r secs kib < "$W/t.txt"
  printf "  %-26s %5.3f s, peak RSS %3d MiB, %3d page(s), %4d KiB\n" "$1" "$secs" "$((kib / 1024))" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["halaman"])' "$W/meta.json")" \
    "$(( $(stat -c %s "$W/$2.pdf") / 1024 ))"
}
minutes() { # FILE N: a clarification minutes' fields with N questions and answers
  python3 - "$1" "$TODAY" "$2" <<'P'
import json, sys
n = int(sys.argv[3])
json.dump({"nama": "Sdr. Saksi", "sebagai": "saksi", "tanggal": sys.argv[2], "tempat": "Ruang klarifikasi",
           "identitas": "KTP", "sumpah": "bersedia disumpah",
           "tanya_jawab": [{"tanya": f"Pertanyaan {i}: apa yang Saudara lihat pada unggahan itu?",
                            "jawab": "Saya melihat unggahan ajakan memilih pada pagi hari. " * 6} for i in range(n)]},
          open(sys.argv[1], "w"))
P
}
echo "-- documents: one netral case document process each (start to end, demo database)"
/usr/bin/time -f "%e %M" -o "$W/t.txt" $BIN case show "$ID" --db "$A" >/dev/null
read -r secs kib < "$W/t.txt"
printf "  %-26s %5.3f s, peak RSS %3d MiB (the process alone: open, read the case, close)\n" "(netral case show)" "$secs" "$((kib / 1024))"
measure formulir_laporan formulir_laporan
measure tanda_bukti tanda_bukti
measure pemberitahuan_status pemberitahuan_status
$BIN case transition "$ID" --ke kajian_awal --db "$A" >/dev/null
$BIN case transition "$ID" --ke diregistrasi --db "$A" >/dev/null
measure kajian_awal kajian_awal
$BIN case transition "$ID" --ke klarifikasi --db "$A" >/dev/null
echo "{\"kepada\":\"Sdr. Uji\",\"sebagai\":\"pelapor\",\"tanggal\":\"$TODAY\",\"jam\":\"09.00\",\"tempat\":\"Kantor\"}" > "$W/und.json"
measure undangan_klarifikasi undangan_klarifikasi "$W/und.json"
minutes "$W/ba.json" 1
measure berita_acara_klarifikasi berita_acara_klarifikasi "$W/ba.json"
$BIN case transition "$ID" --ke kajian --db "$A" >/dev/null
measure kajian kajian
$BIN case transition "$ID" --ke diteruskan --db "$A" >/dev/null
measure surat_penerusan surat_penerusan
if $BIN case transition "$ID" --ke rekomendasi_terbit --nip "$NIP" \
     --data "{\"sanksi\":\"PP94/2021|teguran_tertulis\",\"nomor\":\"R-1/BKN/2026\",\"tanggal\":\"$TODAY\"}" \
     --db "$A" >/dev/null 2>&1; then
  measure tindak_lanjut_ppk tindak_lanjut_ppk
else
  echo "  tindak_lanjut_ppk          (not measured: the command line cannot record the authority's recommendation)"
fi
sed -e 's/"jalur":"laporan"/"jalur":"temuan"/' -e 's/,"pelapor":{[^}]*}//' "$W/case.json" > "$W/temuan.json"
TID=$($BIN case create "$W/temuan.json" --db "$A" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
ID0=$ID
ID=$TID
measure lhp lhp
ID=$ID0
minutes "$W/ba100.json" "${DOC_QA:-800}"
measure "minutes, ${DOC_QA:-800} Q&A" berita_acara_klarifikasi "$W/ba100.json"

FILES=${PKG_FILES:-50}
MBT=${PKG_MB:-200}
echo "-- exchange package: $FILES evidence files, $MBT MiB in all"
EACH=$(( MBT * 1024 / FILES ))
for i in $(seq "$FILES"); do
  head -c "$((EACH * 1024))" /dev/urandom > "$W/bukti-$i.bin"
  $BIN case evidence "$ID" "$W/bukti-$i.bin" --db "$A" >/dev/null
done
$BIN exchange key export --kantor 35.05 --db "$A" --out "$W/ka.json" >/dev/null
$BIN exchange key export --kantor BKN --db "$B" --out "$W/kb.json" >/dev/null
$BIN exchange key trust "$W/kb.json" --db "$A" >/dev/null
$BIN exchange key trust "$W/ka.json" --db "$B" >/dev/null
/usr/bin/time -f "%e %M" -o "$W/t.txt" $BIN exchange export "$ID" --oleh bawaslu.blitar --out "$W/p.tar" --db "$A" >/dev/null
read -r secs kib < "$W/t.txt"
printf "export: %.2f s, %.0f MiB/s, peak RSS %d MiB, package %d MiB\n" "$secs" "$(echo "$MBT / $secs" | bc -l)" \
  "$((kib / 1024))" "$(( $(stat -c %s "$W/p.tar") / 1048576 ))"
/usr/bin/time -f "%e %M" -o "$W/t.txt" $BIN exchange import "$W/p.tar" --db "$B" >/dev/null
read -r secs kib < "$W/t.txt"
printf "import (signature, %d hashes, into the evidence store, one transaction): %.2f s, %.0f MiB/s, peak RSS %d MiB\n" \
  "$((FILES + 2))" "$secs" "$(echo "$MBT / $secs" | bc -l)" "$((kib / 1024))"
/usr/bin/time -f "%e %M" -o "$W/t.txt" $BIN exchange import "$W/p.tar" --db "$B" >/dev/null
read -r secs kib < "$W/t.txt"
printf "import again (verified, found imported, nothing written): %.2f s, peak RSS %d MiB\n" "$secs" "$((kib / 1024))"
rm -rf "$W"
