#!/usr/bin/env bash
# `make bench`: wrk through nginx (2 threads, 32 connections) against atelier-server's /healthz
# and home page, and in the same run against a minimal C FastCGI responder behind an identical
# nginx (the baseline). Prints requests/s, p99 latency, the ratios to the baseline, and the idle
# resident memory of atelier-server.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
duration="${BENCH_DURATION:-10s}"
connections="${BENCH_CONNECTIONS:-32}"

bash scripts/ensure-packages.sh wrk gcc
swift build -c release --product atelier-server >/dev/null
bin="$(swift build -c release --show-bin-path)"

bench="$root/var/bench"
rm -rf "$bench"
mkdir -p "$bench/atelier" "$bench/baseline"
cc -O2 -o "$bench/baseline-responder" scripts/bench/baseline-responder.c -lfcgi -lpthread

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

wait_for() { for _ in $(seq 1 100); do eval "$1" && return 0; sleep 0.1; done; echo "timed out: $1" >&2; exit 1; }

"$bin/atelier-server" --listen "unix:$bench/atelier/atelier.sock" --templates "$root/Templates" --log-level warning \
    > "$bench/atelier/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
"$bench/baseline-responder" "$bench/baseline/baseline.sock" &
pids+=($!)
wait_for "[ -S '$bench/atelier/atelier.sock' ] && [ -S '$bench/baseline/baseline.sock' ]"

atelier_port=$(free_port)
bash scripts/render-nginx-conf.sh "$bench/atelier" "$atelier_port" "$bench/atelier/atelier.sock" off > "$bench/atelier/nginx.conf"
nginx -c "$bench/atelier/nginx.conf" -p "$bench/atelier" &
pids+=($!)
baseline_port=$(free_port)
bash scripts/render-nginx-conf.sh "$bench/baseline" "$baseline_port" "$bench/baseline/baseline.sock" off > "$bench/baseline/nginx.conf"
nginx -c "$bench/baseline/nginx.conf" -p "$bench/baseline" &
pids+=($!)
wait_for "curl -fs http://127.0.0.1:$atelier_port/healthz >/dev/null && curl -fs http://127.0.0.1:$baseline_port/ >/dev/null"

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }
idle_before=$(rss_kib)

# run NAME URL → "rps p99_ms"
run() {
    local out
    out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$2")
    echo "$out" > "$bench/wrk-$1.txt"
    local rps p99
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
    echo "$rps $p99"
}

# Warm-up, then the measured runs.
wrk -t2 -c"$connections" -d2s "http://127.0.0.1:$atelier_port/" >/dev/null
wrk -t2 -c"$connections" -d2s "http://127.0.0.1:$baseline_port/" >/dev/null
read -r base_rps base_p99 < <(run baseline "http://127.0.0.1:$baseline_port/")
read -r health_rps health_p99 < <(run healthz "http://127.0.0.1:$atelier_port/healthz")
read -r home_rps home_p99 < <(run home "http://127.0.0.1:$atelier_port/")
sleep 2
idle_after=$(rss_kib)

python3 - "$base_rps" "$base_p99" "$health_rps" "$health_p99" "$home_rps" "$home_p99" "$idle_before" "$idle_after" <<'PY'
import sys
base_rps, base_p99, health_rps, health_p99, home_rps, home_p99 = map(float, sys.argv[1:7])
idle_before, idle_after = int(sys.argv[7]), int(sys.argv[8])
def verdict(ok): return "ok" if ok else "MISSED"
print(f"\n{'target':<24}{'req/s':>10}{'p99 ms':>9}{'vs baseline':>13}  goal")
print(f"{'baseline (C responder)':<24}{base_rps:>10.0f}{base_p99:>9.2f}{'100%':>13}")
hr, mr = health_rps / base_rps, home_rps / base_rps
print(f"{'/healthz':<24}{health_rps:>10.0f}{health_p99:>9.2f}{hr:>12.0%}  >=90%, p99<5ms: {verdict(hr >= .9 and health_p99 < 5)}")
print(f"{'/ (home page)':<24}{home_rps:>10.0f}{home_p99:>9.2f}{mr:>12.0%}  >=60%, p99<5ms: {verdict(mr >= .6 and home_p99 < 5)}")
print(f"\natelier-server resident memory: idle at start {idle_before/1024:.1f} MiB, idle after load {idle_after/1024:.1f} MiB"
      f"  (goal < 30 MiB idle: {verdict(idle_before < 30*1024)})")
PY
echo "wrk output: $bench/wrk-*.txt"
