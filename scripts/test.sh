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

# One test at a time: the integration suites run real servers and subprocesses, and on a 2-core
# machine several at once starve the rest of the suite's time-outs. The whole suite still takes
# well under two minutes; the time-out turns a hung test into a failure instead of a stuck CI.
echo "test: running the suite" >&2
timeout --signal=KILL 1800 swift test --skip-build --no-parallel 2>&1
