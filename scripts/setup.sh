#!/usr/bin/env bash
# Installs every Debian package orch needs (idempotent) and builds the package.
# Usage: scripts/setup.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  pkg-config
  libyaml-dev
  libsqlite3-dev
  libcurl4-openssl-dev
  libmicrohttpd-dev
  libssl-dev
  sqlite3
  python3
  curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${1:-}" != "--no-build" ]; then
  echo "setup: building" >&2
  # The Swift runtime and Foundation are linked into each binary: a self-contained orch to copy to
  # a CI machine, and about 6 MB less resident memory (no dynamic relocation of the Swift
  # libraries). The toolchain's own static Foundation makes the linker warn about its mktemp use.
  swift build -c release --static-swift-stdlib -Xswiftc -warnings-as-errors 2>&1 \
    | grep -vE '^\[[0-9]+/[0-9]+\]|use of .mktemp. is dangerous' >&2 || { echo "setup: build failed" >&2; exit 1; }
fi
