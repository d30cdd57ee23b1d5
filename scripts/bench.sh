#!/usr/bin/env bash
# Builds orch in release mode and runs every benchmark (the bench-* executables); each prints its figures.
# Usage: scripts/bench.sh [NAME...]   e.g. scripts/bench.sh compile store
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-build
swift build -c release --static-swift-stdlib -Xswiftc -warnings-as-errors 2>&1 \
    | grep -vE '^\[[0-9]+/[0-9]+\]|use of .mktemp. is dangerous' >&2
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  mapfile -t names < <(grep -oE 'name: "bench-[a-z]+"' Package.swift | sed -E 's/name: "bench-([a-z]+)"/\1/')
fi
for name in "${names[@]}"; do
  echo "== bench-$name"
  ".build/release/bench-$name"
  echo
done
