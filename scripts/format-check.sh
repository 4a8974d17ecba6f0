#!/usr/bin/env bash
# Fails if any C file differs from what clang-format (.clang-format) would write.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files --cached --others --exclude-standard 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 2>/dev/null || true)
[ -n "$files" ] || files=$(find src tests -name '*.[ch]')
if ! clang-format --dry-run --Werror $files 2>/tmp/netral-format.log; then
  head -40 /tmp/netral-format.log
  echo "format-check: run 'make format' and commit the result"
  exit 1
fi
echo "format-check: ok"
