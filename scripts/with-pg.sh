#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster (scripts/pg-cluster.sh) and stops the
# cluster afterwards, whatever the command's outcome. The command finds the cluster's
# maintenance database in NETRAL_TEST_PG (a libpq URI) and makes its own databases there.
#   scripts/with-pg.sh CMD [ARGS...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/netral-pg-XXXXXX)
trap 'bash "$here/pg-cluster.sh" stop "$dir"' EXIT
NETRAL_TEST_PG=$(bash "$here/pg-cluster.sh" start "$dir")
export NETRAL_TEST_PG NETRAL_TEST_PG_DIR="$dir"
"$@"
