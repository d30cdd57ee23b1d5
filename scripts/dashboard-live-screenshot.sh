#!/usr/bin/env bash
# Screenshots the dashboard of a real `orch serve` in headless Chromium: starts the Usetrace simulator
# and orch serve on free loopback ports, schedules plans/smoke.yaml (passes) and an original order
# whose second trace fails on firefox (the rest is skipped), waits for both, schedules smoke.yaml
# again and shoots the runs page and that run's page while it runs, then each ended run's page.
# Usage: scripts/dashboard-live-screenshot.sh [OUT_DIR]     (default: out/screenshots-live)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-out/screenshots-live}"
mkdir -p "$out"

scripts/setup.sh

script_name=dashboard-live-screenshot
# shellcheck source=scripts/lib/servers.sh
source scripts/lib/servers.sh
if ! command -v chromium >/dev/null 2>&1; then
  echo "$script_name: installing chromium" >&2
  apt_install chromium
fi

# The demo's simulator, with one more trace, which fails on firefox; and an order that runs it.
python3 - "$root/scripts/demo-sim.json" "$work/sim.json" "$work/order.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config["traces"]["Rf7kW3nQ9sX2mB5vL8cJ1hG4dF6aP0zT"] = {
    "name": "Refund", "durationMs": 1800,
    "browsers": {"firefox": {"outcome": "fail", "error": "Element #refund-button not found after 10 s"}}}
json.dump(config, open(sys.argv[2], "w"))
order = {"projectID": "YXlFJTqD6gAZF_7K9TE7VmYiYVazGMc6",
         "requiredCapabilities": [{"browserName": "chrome"}, {"browserName": "firefox"}],
         "runOrder": ["tag:goon", "Rf7kW3nQ9sX2mB5vL8cJ1hG4dF6aP0zT", "Ytbfm470DAAZDKpA6DWtb7176gAiQ7XB"]}
json.dump(order, open(sys.argv[3], "w"))
PY
.build/release/usetrace-sim --port 0 --config "$work/sim.json" >"$work/sim.out" 2>"$work/sim.err" &
pids+=($!)
sim="$(listen sim)"

db="$work/orch.db"
client="$(.build/release/orch clients add screenshots --db "$db")"
.build/release/orch serve --host 127.0.0.1 --port 0 --db "$db" --usetrace-url "$sim" --poll-interval 250ms \
  >"$work/serve.out" 2>"$work/serve.err" &
pids+=($!)
serve="$(listen serve)"
echo "dashboard-live-screenshot: orch serve at $serve, simulator at $sim" >&2

# schedule FILE CONTENT_TYPE: the new run's id.
schedule() {
  curl -sf -X POST -H "Content-Type: $2" --data-binary "@$1" "$serve/scheduleRun/$client"
}
# status RUN: the run's status.
status() {
  curl -sf "$serve/api/v1/runs/$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])'
}
# wait_ended RUN: waits (up to 2 minutes) until the run has ended.
wait_ended() {
  for _ in $(seq 1 480); do
    case "$(status "$1")" in passed|failed|cancelled) return 0 ;; esac
    sleep 0.25
  done
  echo "dashboard-live-screenshot: run $1 did not end" >&2
  return 1
}
# shot NAME PATH [HEIGHT]: a 1280-wide screenshot of the server's PATH as NAME.png.
shot() {
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="1280,${3:-900}" \
    --virtual-time-budget=2000 --screenshot="$out/$1.png" "$serve$2" >/dev/null 2>&1
  echo "dashboard-live-screenshot: $out/$1.png ($serve$2)" >&2
}

passed="$(schedule plans/smoke.yaml application/yaml)"
failed="$(schedule "$work/order.json" application/json)"
wait_ended "$passed"
wait_ended "$failed"
live="$(schedule plans/smoke.yaml application/yaml)"
sleep 2
shot live-runs "/getRuns"
shot live-run "/runs/$live"
[ "$(status "$live")" = running ] || echo "dashboard-live-screenshot: the live run ended before its shot" >&2
wait_ended "$live"
shot live-run-passed "/runs/$passed" 1300
shot live-run-failed "/runs/$failed" 1300
echo "dashboard-live-screenshot: runs $passed ($(status "$passed")), $failed ($(status "$failed")), $live" >&2
