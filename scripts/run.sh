#!/usr/bin/env bash
# `make run`: installs what is missing, builds in release, starts relay-sim (the offline demo
# provider, on 127.0.0.1:$SIM_PORT, default 8787), atelier-server and nginx on 127.0.0.1:$PORT
# (default 8080), prints the URLs, and stops all three on Ctrl-C. atelier-server is restarted
# when it stops by itself (with a short back-off and a line in var/log/atelier.log).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
port="${PORT:-8080}"
sim_port="${SIM_PORT:-8787}"
var="$root/var"

bash scripts/ensure-packages.sh
echo "Building atelier-server and relay-sim (release)…"
bash scripts/build-release.sh --product atelier-server
bash scripts/build-release.sh --product relay-sim
bin="$(swift build -c release --show-bin-path)"

for candidate in "$port" "$sim_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
        echo "Port $candidate is already in use; choose others with: make run PORT=8081 SIM_PORT=8788" >&2
        exit 1
    fi
done

mkdir -p "$var/run" "$var/log" "$var/uploads"
socket="$var/run/atelier.sock"
bash scripts/render-nginx-conf.sh "$var" "$port" "$socket" > "$var/nginx.conf"

pids=()
stop() {
    trap - INT TERM EXIT
    echo
    echo "Stopping…"
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    echo "Stopped."
}
trap stop INT TERM EXIT

"$bin/relay-sim" --host 127.0.0.1 --port "$sim_port" >> "$var/log/relay-sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$sim_port") 2>/dev/null && break; sleep 0.1; done

rm -f "$socket"  # a socket left by a killed run would look like a started server
# Supervised: when atelier-server stops by itself it is started again (see scripts/supervise.sh).
bash scripts/supervise.sh "$var/run/atelier-server.pid" "$bin/atelier-server" --listen "unix:$socket" --uploads "$var/uploads" \
    --database "$var/atelier.sqlite" --master-key-file "$var/master.key" --media-dir "$var/media" \
    --initial-password-file "$var/initial-lead-password" --demo-relay "http://127.0.0.1:$sim_port" --allow-private-relays \
    > >(tee -a "$var/log/atelier.log") 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || { echo "atelier-server did not start; see $var/log/atelier.log" >&2; exit 1; }

nginx -c "$var/nginx.conf" -p "$var" &
pids+=($!)
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

if [ -n "${ATELIER_LEAD_PASSWORD:-}" ]; then
    sign_in="lead / the password in ATELIER_LEAD_PASSWORD"
elif [ -f "$var/initial-lead-password" ]; then
    sign_in="lead / $(cat "$var/initial-lead-password")   (generated on first start; change it under Account)"
else
    sign_in="your existing accounts (database: $var/atelier.sqlite)"
fi

cat <<MSG

  Atelier is running: http://127.0.0.1:$port/
  Sign in as:         $sign_in
  Health check:       http://127.0.0.1:$port/healthz
  Demo relay:         relay-sim at http://127.0.0.1:$sim_port (API key: sk-sim-demo), offline
  Logs:               $var/log/
  Press Ctrl-C to stop.

MSG
wait -n "${pids[@]}" || true
