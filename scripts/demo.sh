#!/usr/bin/env bash
# The main job: from a fresh clone, installs what orch needs and builds it (scripts/setup.sh), starts
# the Usetrace simulator on a free loopback port (configured by scripts/demo-sim.json), runs
# plans/smoke.yaml against it with a temporary database, shows the run, and exits with orch's exit
# code (0 passed, 1 failed or cancelled, 2 usage, 3 orch could not work).
# Usage: scripts/demo.sh            (from any folder; Ctrl-C cancels the run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/setup.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/orch-demo.XXXXXX")"
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Port 0: the simulator picks a free port and says which on its first line.
.build/release/usetrace-sim --port 0 --config scripts/demo-sim.json >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
url=""
for _ in $(seq 1 200); do
  url="$(sed -n 's/^usetrace-sim listening on //p' "$work/sim.out")"
  [ -n "$url" ] && break
  kill -0 "$sim_pid" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$url" ]; then
  echo "demo: usetrace-sim did not start:" >&2
  cat "$work/sim.err" >&2
  exit 3
fi
echo "demo: Usetrace simulator at $url" >&2

db="$work/orch.db"
mkdir -p out
set +e
.build/release/orch run plans/smoke.yaml --db "$db" --usetrace-url "$url" --poll-interval 250ms \
  --junit out/demo-junit.xml
status=$?
set -e

run_id="$(.build/release/orch runs list --db "$db" --limit 1 | awk 'NR == 2 { print $1 }')"
if [ -n "$run_id" ]; then
  echo
  .build/release/orch runs show "$run_id" --db "$db"
  echo
  echo "demo: JUnit report in out/demo-junit.xml; orch exited $status" >&2
fi
exit "$status"
