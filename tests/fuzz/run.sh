#!/usr/bin/env bash
# libFuzzer runs of every harness: BUILD_DIR SECONDS_EACH [long]
#   short (CI, make test): seeds from tests/fuzz/seeds/<harness>/ and the kept corpus
#     tests/fuzz/corpus/<harness>/, working copy in a temp dir, nothing written back;
#   long (make fuzz-long): the kept corpus grows, then is minimized (-merge=1) in place, so
#     what a long campaign found is committed and every short run starts from it.
set -euo pipefail
build=$1
secs=${2:-20}
mode=${3:-short}
here=$(cd "$(dirname "$0")" && pwd)
for h in fuzz_roster_csv fuzz_json_input fuzz_router fuzz_patrol fuzz_package fuzz_document; do
  kept="$here/corpus/$h"
  mkdir -p "$kept"
  corpus=$(mktemp -d)
  cp "$here/seeds/$h/"* "$corpus/"
  cp "$kept/"* "$corpus/" 2>/dev/null || true
  echo "fuzz: $h for ${secs}s ($mode, $(ls "$corpus" | wc -l) inputs to start)"
  set +e
  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions="$here/../lsan.supp" "$build/$h" -max_total_time="$secs" -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/$h-" "$corpus" 2>&1 | tail -4
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then rm -rf "$corpus"; echo "fuzz: $h FAILED (see $build/$h-*)"; exit 1; fi
  if [ "$mode" = long ]; then
    merged=$(mktemp -d)
    "$build/$h" -merge=1 -max_len=65536 "$merged" "$corpus" >/dev/null 2>&1
    rm -rf "$kept" && mkdir -p "$kept" && cp "$merged/"* "$kept/" 2>/dev/null || true
    rm -rf "$merged"
    echo "fuzz: $h corpus kept: $(ls "$kept" | wc -l) inputs in tests/fuzz/corpus/$h"
  fi
  rm -rf "$corpus"
done
