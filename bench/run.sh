#!/usr/bin/env bash
# make bench: throughput and memory, printed with the input sizes.
#   - API: requests/s and p99 latency (wrk, loopback) on a 100,000-case database,
#     for the case list and for a case's detail
#   - roster import: time and peak memory for a 100,000-row CSV
#   - the outbox: messages/s to a local SMTP server and change-to-arrival p50/p99; the public
#     statistics page p50/p99
#   - the risk index: recompute time and memory for 514 regencies with RISK_ASN (4.3 million)
#     ASN and RISK_PLEDGES (500,000) pledges; the risk pages p50/p99 at that size
#   - national size (100,000 cases over 514 offices, 4.3 million ASN, 1 million findings): the
#     pages and APIs for a national and a regency officer, first view after a change and then
#     under wrk, with one and three instances, on SQLite and PostgreSQL; a regency merged in
# Sizes can be changed: CASES=... ROSTER=... DURATION=... CONNECTIONS=...; BENCH_PG=0 skips
# PostgreSQL; BENCH_ONLY=api stops after the API and pages of both engines, BENCH_ONLY=risk
# after the risk index, BENCH_ONLY=national runs only the national-size section (one and three
# instances, both engines, a regency merged in), BENCH_ONLY=outbox only the outbox and public
# statistics, BENCH_ONLY=documents only the documents and the exchange (bench/documents.sh:
# each document kind, a 100-page minutes, a 200 MiB package exported and imported).
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=${CASES:-100000}
ROSTER=${ROSTER:-100000}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
B=build-bench
[ -f $B/build.ninja ] || meson setup $B --buildtype=release >/dev/null
ninja -C $B >/dev/null
BIN=./$B/netral
W=$B/work
mkdir -p $W
# each database in a directory of its own: its keys and signed audit checkpoints are its own
mkdir -p "$W/cases-$CASES"
DB=$W/cases-$CASES/netral.db

echo "== Netral benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
# BENCH_ONLY=documents needs none of the large databases below
if [ "${BENCH_ONLY:-}" = documents ]; then bash bench/documents.sh "$BIN" "$W"; exit 0; fi
if [ ! -f "$DB" ]; then
  extra=$(( CASES > 120 ? CASES - 120 : 0 ))
  t0=$(date +%s.%N)
  $BIN demo --db "$DB" --extra-cases "$extra" >/dev/null
  t1=$(date +%s.%N)
  printf "seed: %d cases generated through the store API in %.1f s\n" "$CASES" "$(echo "$t1 - $t0" | bc)"
fi
ncases=$(sqlite3 "$DB" "select count(*) from cases")
nasn=$(sqlite3 "$DB" "select count(*) from asn")
echo "database: $ncases cases, $nasn ASN, $(du -h "$DB" | cut -f1)"
DETAIL=$(sqlite3 "$DB" "select case_id from case_events group by case_id order by count(*) desc, case_id limit 1")

run_wrk() { # name url
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$2")
  local rps p99 bytes
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  bytes=$(curl -s -H "Authorization: Bearer $TOKEN" "$2" | wc -c)
  printf "%-34s %10s req/s   p99 %8s   response %6d B   (wrk -t2 -c%s -d%ss)\n" "$1" "$rps" "$p99" "$bytes" "$CONNECTIONS" "$DURATION"
  if echo "$out" | grep -q "Non-2xx"; then echo "  WARNING: non-2xx answers"; echo "$out" | grep Non-2xx; fi
}
run_page() { # name url
  local out p50 p99 rps bytes gz first
  # the first view after a change (the dashboard's figures are then computed, not cached)
  first=$(curl -s -o /dev/null -w "%{time_total}" -H "Cookie: netral_session=$COOKIE" "$2" | awk '{print $1 * 1000}')
  out=$(wrk -t2 -c8 -d"${DURATION}s" --latency -H "Cookie: netral_session=$COOKIE" "$2")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  bytes=$(curl -s -H "Cookie: netral_session=$COOKIE" "$2" | wc -c)
  gz=$(curl -s -H "Accept-Encoding: gzip" -H "Cookie: netral_session=$COOKIE" "$2" | wc -c)
  printf "%-28s first %7.1fms  p50 %8s  p99 %8s  %8s req/s   page %7d B, %d B sent gzipped (+ %d B CSS, cached)\n" \
    "$1" "$first" "$p50" "$p99" "$rps" "$bytes" "$gz" "$CSS"
  if echo "$out" | grep -q "Non-2xx"; then echo "  WARNING: non-2xx answers"; fi
}

# A server on a free port (PORT, SPID): serve DB LABEL; a national officer's session (COOKIE) on
# it through the login form, as a browser would, and the stylesheet's size (CSS): login
serve() {
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  $BIN serve --db "$1" --port "$PORT" > "$W/serve-$2.log" 2>&1 &
  SPID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
}
login() {
  LOGIN_TOKEN=$(curl -s -c $W/jar "http://127.0.0.1:$PORT/masuk" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
  COOKIE=$(curl -s -b $W/jar -D - -o /dev/null -d "csrf=$LOGIN_TOKEN&username=bawaslu.ri&password=netral-demo-2020" \
    "http://127.0.0.1:$PORT/masuk" | awk -F'[=;]' '/^Set-Cookie: netral_session=/ {print $2}')
  CSS=$(curl -s "http://127.0.0.1:$PORT/static/app.css" | wc -c)
}

# The API and the pages as a national officer uses them, on one engine: bench_engine LABEL DB VAR
bench_engine() {
  local label=$1 db=$2 var=$3
  TOKEN=$($BIN user token bawaslu.ri --name "bench-$(date +%s%N)" --db "$db" --var "$var")
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  $BIN serve --db "$db" --var "$var" --port "$PORT" > $W/serve-$label.log 2>&1 &
  SPID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
  echo "-- [$label] API on $ncases cases (national scope, loopback)"
  run_wrk "GET /api/v1/cases?limit=50" "http://127.0.0.1:$PORT/api/v1/cases?limit=50"
  run_wrk "GET /api/v1/cases/$DETAIL (detail)" "http://127.0.0.1:$PORT/api/v1/cases/$DETAIL"
  run_wrk "GET /api/v1/cases?status=kajian" "http://127.0.0.1:$PORT/api/v1/cases?status=kajian&limit=50"
  run_wrk "GET /api/v1/cases?tenggat=lewat" "http://127.0.0.1:$PORT/api/v1/cases?tenggat=lewat&limit=50"
  run_wrk "GET /api/v1/cases/due?limit=100" "http://127.0.0.1:$PORT/api/v1/cases/due?days=7&limit=100"
  run_wrk "GET /healthz (server floor)" "http://127.0.0.1:$PORT/healthz"
  # The pages, as a logged-in national officer sees them (session cookie). Page weight is the
  # HTML plus the one stylesheet; server time is wrk's latency on loopback (p50 and p99).
  # the login form's own token and cookie first, as a browser would
  login
  echo "-- [$label] pages on $ncases cases (national scope; wrk -t2 -c8 -d${DURATION}s; 'first' = first view after a change)"
  run_page "GET /kasus (inbox)" "http://127.0.0.1:$PORT/kasus"
  run_page "GET /kasus?tenggat=lewat" "http://127.0.0.1:$PORT/kasus?tenggat=lewat"
  run_page "GET /kasus/$DETAIL (case page)" "http://127.0.0.1:$PORT/kasus/$DETAIL"
  run_page "GET /tenggat (due list)" "http://127.0.0.1:$PORT/tenggat"
  run_page "GET /dasbor (dashboard)" "http://127.0.0.1:$PORT/dasbor"
  run_page "GET /dasbor?pemilihan=… (filtered)" "http://127.0.0.1:$PORT/dasbor?pemilihan=pilbup-blitar-2026&dari=2026-01-01"
  run_page "GET /dasbor?cetak=1 (print view)" "http://127.0.0.1:$PORT/dasbor?cetak=1"
  run_page "GET /terlapor" "http://127.0.0.1:$PORT/terlapor"
  run_page "GET /terlapor?tahap=sanksi" "http://127.0.0.1:$PORT/terlapor?tahap=sanksi"
  run_page "GET /patroli (patrol queue)" "http://127.0.0.1:$PORT/patroli"
  run_page "GET /patroli/jalankan (upload)" "http://127.0.0.1:$PORT/patroli/jalankan"
  local rss
  rss=$(ps -o rss= -p $SPID | tr -d ' ')
  echo "[$label] server resident memory after load: $((rss / 1024)) MiB"
  kill $SPID; wait $SPID 2>/dev/null || true
}

ONLY=${BENCH_ONLY:-}
case "$ONLY" in risk|outbox|national) ;; *) bench_engine sqlite "$DB" "$(dirname "$DB")" ;; esac
# the same on PostgreSQL (a throwaway cluster; the database restored from a backup of the
# SQLite one, which also times the whole-record copy)
# one throwaway PostgreSQL cluster for every section that uses it (PGURI)
pg_cluster() {
  [ -n "${PGURI:-}" ] && return 0
  PGDIR=$(mktemp -d /tmp/netral-bench-pg-XXXXXX)
  trap 'bash scripts/pg-cluster.sh stop "$PGDIR"' EXIT
  PGURI=$(bash scripts/pg-cluster.sh start "$PGDIR")
}
# a SQLite database copied into PostgreSQL through a backup and a restore, both timed:
# to_pg LABEL DB VAR BACKUP_DIR PG_URI PG_VAR
to_pg() {
  rm -rf "$4" "$6"
  local t0 t1 t2
  t0=$(date +%s.%N)
  $BIN backup "$4" --db "$2" --var "$3" >/dev/null
  t1=$(date +%s.%N)
  $BIN restore "$4" --db "$5" --var "$6" >/dev/null
  t2=$(date +%s.%N)
  printf "%s: backup of the SQLite database %.1f s; restore into PostgreSQL %.1f s\n" "$1" \
    "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)"
}
if [ "${BENCH_PG:-1}" = 1 ] && [ "$ONLY" != risk ] && [ "$ONLY" != outbox ] && [ "$ONLY" != national ]; then
  pg_cluster
  to_pg "$ncases cases" "$DB" "$(dirname "$DB")" $W/backup "$PGURI" $W/pgvar
  bench_engine postgresql "$PGURI" $W/pgvar
fi

[ "${BENCH_ONLY:-}" = api ] && exit 0  # BENCH_ONLY=api: the two engines' API and pages only

# ---- the risk index at national scale: all 514 regencies and cities, RISK_ASN civil
# servants, RISK_PLEDGES pledges, on top of the 100,000-case database ----
RISK_ASN=${RISK_ASN:-4300000}
RISK_PLEDGES=${RISK_PLEDGES:-500000}
RW=$W/risk-$RISK_ASN-$RISK_PLEDGES
risk_db() { # the 100,000-case database with RISK_ASN ASN in 514 regencies and RISK_PLEDGES pledges
  [ -f "$RW/netral.db" ] && return 0
  rm -rf "$RW"; mkdir -p "$RW"
  cp "$(dirname "$DB")"/*.key "$RW"/
  sqlite3 "$DB" ".backup $RW/netral.db"
  python3 bench/gen_risk.py "$RW/netral.db" "$RISK_ASN" "$RISK_PLEDGES"
}
if [ "$ONLY" != outbox ] && [ "$ONLY" != national ]; then
risk_db
echo "-- risk index: $(sqlite3 "$RW/netral.db" "select count(*) from regions where level='kabkota'") regencies and cities," \
  "$(sqlite3 "$RW/netral.db" "select count(*) from asn") ASN, $(sqlite3 "$RW/netral.db" "select count(*) from cases") cases," \
  "$(sqlite3 "$RW/netral.db" "select count(*) from pledges") pledges"
for pass in "from scratch" "again, nothing changed"; do
  [ "$pass" = "from scratch" ] && sqlite3 "$RW/netral.db" "delete from risk_current; delete from risk_history"
  /usr/bin/time -f "%e %M" -o $W/time.txt $BIN risk recompute --db "$RW/netral.db" --checkpoint-log none > $W/risk.log
  read -r secs kib < $W/time.txt
  printf "recompute (%s): %.2f s, peak RSS %d MiB (includes the memory-mapped database file, up to 256 MiB); %s\n" \
    "$pass" "$secs" "$((kib / 1024))" "$(cat $W/risk.log)"
done
serve "$RW/netral.db" risk
login
echo "-- risk pages at that size (national officer; wrk -t2 -c8 -d${DURATION}s)"
run_page "GET /risiko (map and list)" "http://127.0.0.1:$PORT/risiko"
run_page "GET /wilayah/35.05 (regency)" "http://127.0.0.1:$PORT/wilayah/35.05"
run_page "GET /wilayah/35 (province)" "http://127.0.0.1:$PORT/wilayah/35"
run_page "GET /dasbor?peta=risiko" "http://127.0.0.1:$PORT/dasbor?peta=risiko"
kill $SPID; wait $SPID 2>/dev/null || true
fi
[ "${BENCH_ONLY:-}" = risk ] && exit 0

# ---- national size: 100,000 cases spread over all 514 regencies and cities, 4.3 million ASN,
# NATIONAL_FINDINGS patrol findings; a national and a regency officer, one and three instances
# on one database, on both engines; and a 30,000-ASN regency database merged into it ----
NATIONAL_FINDINGS=${NATIONAL_FINDINGS:-1000000}
NDUR=${NATIONAL_DURATION:-5}
if [ -z "$ONLY" ] || [ "$ONLY" = national ]; then
NW=$W/national-$NATIONAL_FINDINGS
if [ ! -f "$NW/netral.db" ]; then
  risk_db
  rm -rf "$NW"; mkdir -p "$NW"
  cp "$RW"/*.key "$NW"/
  sqlite3 "$RW/netral.db" ".backup $NW/netral.db"
  python3 bench/gen_national.py "$NW/netral.db" "$NATIONAL_FINDINGS"
fi
# a write through the CLI (an audited token): the next view of every page is a first view
# after a change on every instance
touch_db() { $BIN user token bawaslu.ri --name "ubah-$(date +%s%N)" --db "$1" --var "$2" >/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wrk on every instance at once (one wrk each): the sum of req/s, the worst p99
wrk_all() { # name path auth-header
  local i=0 pids=() p
  for p in "${PORTS[@]}"; do
    wrk -t1 -c$((CONNECTIONS / ${#PORTS[@]} + 1)) -d"${NDUR}s" --latency -H "$3" "http://127.0.0.1:$p$2" > "$W/wrk-$i.txt" &
    pids+=($!); i=$((i + 1))
  done
  wait "${pids[@]}"
  local rps p99 p50
  rps=$(cat "$W"/wrk-[0-9]*.txt | awk '/Requests\/sec/ {s += $2} END {printf "%.0f", s}')
  p50=$(cat "$W"/wrk-[0-9]*.txt | awk '$1=="50%" {print $2}' | sort -h | tail -1)
  p99=$(cat "$W"/wrk-[0-9]*.txt | awk '$1=="99%" {print $2}' | sort -h | tail -1)
  if grep -q "Non-2xx" "$W"/wrk-[0-9]*.txt; then echo "  WARNING: non-2xx answers"; fi
  rm -f "$W"/wrk-[0-9]*.txt
  printf "  %-34s %9s req/s  p50 %8s  p99 %8s\n" "$1" "$rps" "$p50" "$p99"
}
# the first view after a change (curl, one request), then wrk on every instance
page_all() { # name path
  touch_db "$NDB" "$NVAR"
  local first
  first=$(curl -s -m 60 -o /dev/null -w "%{time_total}" -H "Cookie: netral_session=$COOKIE" "http://127.0.0.1:${PORTS[0]}$2" | awk '{print $1 * 1000}' || true)
  printf "  %-34s first %7.1fms\n" "$1" "$first"
  wrk_all "$1 (then)" "$2" "Cookie: netral_session=$COOKIE"
}
bench_national() { # LABEL DB VAR
  NDB=$2 NVAR=$3
  local n officer region id
  for n in 1 3; do
    PORTS=() SPIDS=()
    for _ in $(seq $n); do
      local port; port=$(free_port)
      $BIN serve --db "$NDB" --var "$NVAR" --port "$port" > "$W/serve-national-$1-$port.log" 2>&1 &
      SPIDS+=($!); PORTS+=("$port")
      for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
    done
    for officer in bawaslu.ri bawaslu.blitar; do
      region=$([ $officer = bawaslu.ri ] && echo "" || echo 35.05)
      TOKEN=$($BIN user token $officer --name "bench-$(date +%s%N)" --db "$NDB" --var "$NVAR")
      PORT=${PORTS[0]}
      LOGIN_TOKEN=$(curl -s -c $W/jar "http://127.0.0.1:$PORT/masuk" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
      COOKIE=$(curl -s -b $W/jar -D - -o /dev/null -d "csrf=$LOGIN_TOKEN&username=$officer&password=netral-demo-2020" \
        "http://127.0.0.1:$PORT/masuk" | awk -F'[=;]' '/^Set-Cookie: netral_session=/ {print $2}')
      id=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/cases?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
      echo "-- [$1, $n instance(s)] $officer (${region:-national}); wrk -c$CONNECTIONS in all, ${NDUR}s"
      if [ $n = 1 ]; then
        page_all "GET /kasus (inbox)" "/kasus"
        page_all "GET /kasus/$id (case page)" "/kasus/$id"
        page_all "GET /tenggat (due list)" "/tenggat"
        page_all "GET /patroli (patrol queue)" "/patroli"
        page_all "GET /terlapor (reported ASN)" "/terlapor"
        page_all "GET /risiko (risk index)" "/risiko"
        page_all "GET /wilayah/${region:-35} (region)" "/wilayah/${region:-35}"
      fi
      page_all "GET /dasbor (dashboard)" "/dasbor"
      touch_db "$NDB" "$NVAR"
      wrk_all "GET /api/v1/cases?limit=50" "/api/v1/cases?limit=50" "Authorization: Bearer $TOKEN"
      wrk_all "GET /api/v1/cases/$id (detail)" "/api/v1/cases/$id" "Authorization: Bearer $TOKEN"
    done
    wrk_all "GET /healthz (server floor)" "/healthz" "X-Bench: 1"
    local rss=0 pid
    for pid in "${SPIDS[@]}"; do rss=$((rss + $(ps -o rss= -p "$pid"))); done
    echo "[$1, $n instance(s)] resident memory after load: $((rss / 1024)) MiB in all"
    kill "${SPIDS[@]}"; wait "${SPIDS[@]}" 2>/dev/null || true
  done
}
echo "-- national size: $(sqlite3 "$NW/netral.db" "select count(*) from cases") cases in" \
  "$(sqlite3 "$NW/netral.db" "select count(distinct office) from cases") offices," \
  "$(sqlite3 "$NW/netral.db" "select count(*) from asn") ASN, $(sqlite3 "$NW/netral.db" "select count(*) from patrol_findings") patrol findings"
/usr/bin/time -f "%e %M" -o $W/time.txt $BIN stats check --db "$NW/netral.db" --var "$NW" > $W/check.log
read -r secs kib < $W/time.txt
printf "figures counted after the bulk load and checked against a fresh count: %.1f s, peak RSS %d MiB; %s\n" \
  "$secs" "$((kib / 1024))" "$(cat $W/check.log)"
bench_national sqlite "$NW/netral.db" "$NW"
if [ "${BENCH_PG:-1}" = 1 ]; then
  pg_cluster
  NPG=$(echo "$PGURI" | sed 's#:///netral#:///national#')
  psql "$PGURI" -qc "DROP DATABASE IF EXISTS national" -c "CREATE DATABASE national"
  to_pg "national database" "$NW/netral.db" "$NW" $W/nbackup "$NPG" $W/npgvar
  bench_national postgresql "$NPG" $W/npgvar
  # a regency's own database merged into it: Kabupaten Malang's 30,000 ASN and 100 temuan of
  # its office, kept on SQLite until now
  RG=$W/regency; rm -rf "$RG"; mkdir -p "$RG"
  $BIN init --db "$RG/netral.db" >/dev/null
  $BIN demo --write-roster 30000 --region 35.07 > "$RG/roster.csv"
  $BIN import roster "$RG/roster.csv" --db "$RG/netral.db" >/dev/null
  for nip in $(sed -n '2,101p' "$RG/roster.csv" | cut -d, -f1); do
    printf '{"jalur":"temuan","kantor":"35.07","rezim":"pilkada","tanggal_diketahui":"%s","tanggal_kejadian":"%s","tempat":"Kepanjen","uraian":"ASN mengunggah ajakan memilih","pelanggaran":["D2"],"terlapor":["%s"],"daftar_bukti":"Tangkapan layar"}' \
      "$(date +%F)" "$(date +%F)" "$nip" | $BIN case create - --db "$RG/netral.db" >/dev/null
  done
  /usr/bin/time -f "%e %M" -o $W/time.txt $BIN migrate --from "$RG/netral.db" --from-var "$RG" --db "$NPG" --var $W/npgvar > $W/migrate.log
  read -r secs kib < $W/time.txt
  printf "merge of a regency database (%s ASN, %s cases) into the national PostgreSQL one: %.1f s, peak RSS %d MiB\n" \
    "$(sqlite3 "$RG/netral.db" "select count(*) from asn")" "$(sqlite3 "$RG/netral.db" "select count(*) from cases")" \
    "$secs" "$((kib / 1024))"
fi
fi
[ "${BENCH_ONLY:-}" = national ] && exit 0

# ---- the outbox and the public statistics ----
echo "-- outbox: ${OUTBOX_REPORTS:-2000} public reports with an e-mail address, a local SMTP server (aiosmtpd)"
/usr/bin/python3 bench/outbox.py "$BIN" "$W" "${OUTBOX_REPORTS:-2000}"
serve "$DB" public
COOKIE=none
CSS=$(curl -s "http://127.0.0.1:$PORT/static/app.css" | wc -c)
echo "-- public statistics on $ncases cases (no login; wrk -t2 -c8 -d${DURATION}s)"
run_page "GET /statistik" "http://127.0.0.1:$PORT/statistik"
run_page "GET /statistik.json" "http://127.0.0.1:$PORT/statistik.json"
run_page "GET /statistik?pemilihan=…" "http://127.0.0.1:$PORT/statistik?pemilihan=pilbup-blitar-2026"
kill $SPID; wait $SPID 2>/dev/null || true
[ "${BENCH_ONLY:-}" = outbox ] && exit 0

# hardening: service under slow clients, the cost of signed audit checkpoints
python3 bench/abuse.py "$BIN" "$DB" "${SLOW_CLIENTS:-2000}" "$DURATION"

echo "-- roster import ($ROSTER rows)"
CSV=$W/roster-$ROSTER.csv
[ -f "$CSV" ] || $BIN demo --write-roster "$ROSTER" > "$CSV"
RDB=$W/roster.db
rm -f $RDB $RDB-wal $RDB-shm
$BIN init --db $RDB >/dev/null
/usr/bin/time -f "%e %M" -o $W/time.txt $BIN import roster "$CSV" --db $RDB > $W/import.log
read -r secs kib < $W/time.txt
printf "import %d rows (%s MiB CSV): %.2f s, %.0f rows/s, peak RSS %d MiB\n" "$ROSTER" \
  "$(du -m "$CSV" | cut -f1)" "$secs" "$(echo "$ROSTER / $secs" | bc -l)" "$((kib / 1024))"
tail -1 $W/import.log

# ---- cyber patrol (issue: N = 1,000,000 items, M = 100,000 and 4,300,000 ASN) ----
N=${PATROL_ITEMS:-1000000}
EL=data/demo/elections/pilbup-blitar-2020.json
echo "-- patrol: $N items"
for M in ${PATROL_ROSTERS:-100000 4300000}; do
  R=$W/roster-patrol-$M.csv
  [ -f "$R" ] || python3 bench/gen_patrol.py roster "$M" "$R"
done
ITEMS=$W/items-$N.jsonl
[ -f "$ITEMS" ] || python3 bench/gen_patrol.py items "$N" "$ITEMS" "$W/roster-patrol-100000.csv"
MB=$(du -m "$ITEMS" | cut -f1)
echo "input: $N items, $MB MiB JSON Lines ($(grep -c '"target"' "$ITEMS") interactions)"
for M in ${PATROL_ROSTERS:-100000 4300000}; do
  R=$W/roster-patrol-$M.csv
  /usr/bin/time -f "%e %M" -o $W/t.txt $BIN patrol --election $EL --roster "$R" /dev/null 2>/dev/null
  read -r load kib < $W/t.txt
  printf "roster %8d ASN: loaded in %.2f s, peak RSS %d MiB\n" "$M" "$load" "$((kib / 1024))"
  for J in 1 2; do
    /usr/bin/time -f "%e %M" -o $W/t.txt $BIN patrol --election $EL --roster "$R" --jobs $J "$ITEMS" \
      > $W/patrol-out.jsonl 2> $W/patrol-err.txt
    read -r secs kib < $W/t.txt
    scan=$(echo "$secs - $load" | bc -l)
    printf "  --jobs %d: %.2f s total (%.2f s scanning): %.0f items/s, %.0f items/s per core, %.1f MB/s per core, peak RSS %d MiB, %s flagged\n" \
      "$J" "$secs" "$scan" "$(echo "$N / $scan" | bc -l)" "$(echo "$N / $scan / $J" | bc -l)" \
      "$(echo "$MB / $scan / $J" | bc -l)" "$((kib / 1024))" "$(wc -l < $W/patrol-out.jsonl)"
  done
done
$BIN patrol --election $EL --print-lexicon > $W/literals.txt
/usr/bin/time -f "%e %M" -o $W/t.txt rg -c -F -f $W/literals.txt "$ITEMS" > $W/rg.txt || true
read -r secs kib < $W/t.txt
printf "reference: rg -c -F -f (%d literals, raw text, no normalization): %.2f s, %.0f lines/s, %.1f MB/s, %s matching lines\n" \
  "$(wc -l < $W/literals.txt)" "$secs" "$(echo "$N / $secs" | bc -l)" "$(echo "$MB / $secs" | bc -l)" "$(cat $W/rg.txt)"

# the same scan started from the browser: an upload of WEB_ITEMS items, watched to the end
# (findings written to the database, linked against the office's roster in it)
WEB_ITEMS=${WEB_ITEMS:-100000}
head -n "$WEB_ITEMS" "$ITEMS" > $W/items-web.jsonl
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
$BIN serve --db "$DB" --port "$PORT" --import-limit 512 > $W/serve-web-patrol.log 2>&1 &
SPID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
echo "-- patrol from the browser: $WEB_ITEMS items ($(du -m $W/items-web.jsonl | cut -f1) MiB upload)"
python3 bench/web_patrol.py "$PORT" $W/items-web.jsonl pilbup-blitar-2020
kill $SPID; wait $SPID 2>/dev/null || true

bash bench/documents.sh "$BIN" "$W"
