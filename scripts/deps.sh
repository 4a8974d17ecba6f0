#!/usr/bin/env bash
# Installs the Debian packages Netral needs to build, test and benchmark.
# Idempotent: installs only what is missing. Needs root (or sudo) for apt-get.
set -euo pipefail
want=(build-essential pkg-config meson ninja-build clang libclang-rt-14-dev
      libmicrohttpd-dev libsqlite3-dev libpq-dev postgresql python3-psycopg2 libjansson-dev libsodium-dev libcmocka-dev
      libutf8proc-dev libvectorscan-dev libicu-dev libsimdjson-dev libkainjow-mustache-dev libxlsxwriter-dev zlib1g-dev g++ libcurl4-openssl-dev python3-aiosmtpd
      libcairo2-dev libpango1.0-dev libqrencode-dev libarchive-dev fonts-dejavu-core poppler-utils
      sqlite3 python3 curl time clang-format bc)
if [ "${1:-}" = "--bench" ]; then want+=(wrk ripgrep); fi
# Browser tests: Debian's chromium, and Node.js with npm from Debian when no node is on the
# PATH (Debian 12 ships Node 18; tests/browser pins a playwright-core that runs on it).
if [ "${1:-}" = "--browser" ]; then
  want+=(chromium fonts-dejavu-core)
  command -v node >/dev/null 2>&1 || want+=(nodejs)
  command -v npm >/dev/null 2>&1 || want+=(npm)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
