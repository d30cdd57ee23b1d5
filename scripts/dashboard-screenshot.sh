#!/usr/bin/env bash
# Renders the dashboard's sample pages (the ServerTests fixtures) to HTML and screenshots each in headless
# Chromium, in light and dark colour schemes.
# Usage: scripts/dashboard-screenshot.sh [--all] [OUT_DIR]     (default: docs/screenshots)
# Keeps the HTML next to the PNGs when ORCH_KEEP_HTML=1.
set -euo pipefail
cd "$(dirname "$0")/.."

all=0
if [ "${1:-}" = "--all" ]; then all=1; shift; fi
out="${1:-docs/screenshots}"
mkdir -p "$out"
html_dir="$(mktemp -d)"
trap 'rm -rf "$html_dir"' EXIT

if ! command -v chromium >/dev/null 2>&1; then
  echo "dashboard-screenshot: installing chromium" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

echo "dashboard-screenshot: rendering the sample pages" >&2
ORCH_DASHBOARD_SAMPLES="$html_dir" swift test --filter DashboardSampleFiles 2>&1 \
  | grep -vE '^\[[0-9]+/[0-9]+\]' | grep -E 'error|✘|failed' >&2 || true
[ -f "$html_dir/runs.html" ] || { echo "dashboard-screenshot: the sample pages were not written" >&2; exit 1; }

# shot NAME HEIGHT SUFFIX [chromium flags...]: a 1280-wide screenshot of $html_dir/NAME.html as NAME+SUFFIX.png.
shot() {
  local name="$1" height="$2" suffix="$3"
  shift 3
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="1280,$height" \
    --screenshot="$out/$name$suffix.png" "$@" "file://$html_dir/$name.html" >/dev/null 2>&1
  echo "dashboard-screenshot: $out/$name$suffix.png" >&2
}

# The ones the README shows: the runs page, a failed run, a live run, and a failed run in the dark scheme.
dark=(--force-dark-mode --blink-settings=preferredColorScheme=0)
for name in runs run-failed run-live; do
  shot "$name" 900 ""
done
shot run-failed 900 -dark "${dark[@]}"

# With --all, also: a passed run (a flaky cell), the runs page dark and empty, the whole live page, and a
# phone-sized view (the responsive layout).
if [ "$all" = 1 ]; then
  shot run-passed 900 ""
  shot runs 900 -dark "${dark[@]}"
  shot runs-empty 500 ""
  shot run-live 1600 -full
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=390,1100 \
    --screenshot="$out/run-failed-narrow.png" "file://$html_dir/run-failed.html" >/dev/null 2>&1
  echo "dashboard-screenshot: $out/run-failed-narrow.png" >&2
fi

if [ "${ORCH_KEEP_HTML:-0}" = 1 ]; then cp "$html_dir"/*.html "$out/"; fi
