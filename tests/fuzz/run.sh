#!/usr/bin/env bash
# Short libFuzzer runs of every harness (CI): BUILD_DIR SECONDS_EACH.
# Seeds come from tests/fuzz/seeds/<harness>/; the working corpus is a temp dir.
set -euo pipefail
build=$1
secs=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
for h in fuzz_roster_csv fuzz_json_input fuzz_router fuzz_patrol; do
  corpus=$(mktemp -d)
  cp "$here/seeds/$h/"* "$corpus/"
  echo "fuzz: $h for ${secs}s"
  ASAN_OPTIONS=detect_leaks=1 "$build/$h" -max_total_time="$secs" -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/$h-" "$corpus" 2>&1 | tail -4
  status=${PIPESTATUS[0]}
  rm -rf "$corpus"
  if [ "$status" -ne 0 ]; then echo "fuzz: $h FAILED (see $build/$h-*)"; exit 1; fi
done
