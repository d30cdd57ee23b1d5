# Sourced by the scripts that start orch serve and usetrace-sim in the background. Gives them a work
# folder ($work, removed at exit), the children's pids ($pids, stopped at exit), `listen NAME` and
# `apt_install PACKAGE...`. Set $script_name before sourcing it: it names the script in messages.

work="$(mktemp -d "${TMPDIR:-/tmp}/orch-$script_name.XXXXXX")"
pids=()
stop_servers() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop_servers EXIT

# listen NAME: waits for the first stdout line of $work/NAME.out ("… listening on URL") and prints URL.
listen() {
  local url=""
  for _ in $(seq 1 200); do
    url="$(sed -n 's/^.* listening on //p' "$work/$1.out")"
    [ -n "$url" ] && { echo "$url"; return 0; }
    sleep 0.05
  done
  echo "$script_name: $1 did not start:" >&2
  cat "$work/$1.err" >&2
  return 1
}

# apt_install PACKAGE...: installs Debian packages (with sudo when not root).
apt_install() {
  local sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}
