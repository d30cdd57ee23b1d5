#!/usr/bin/env bash
# Sets up a machine (Debian packages) and runs orch's whole test suite:
# warnings-as-errors build, formatting check, then every XCTest and Swift Testing test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --no-build

echo "test: building (warnings are errors)" >&2
swift build --build-tests -Xswiftc -warnings-as-errors 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' >&2

echo "test: checking formatting (swift-format lint --strict)" >&2
swift-format lint --strict --recursive --parallel Sources Tests Package.swift

echo "test: running the suite" >&2
swift test --skip-build 2>&1
