#!/usr/bin/env bash
# The task engine under load (issue 5), part of `make bench`: relay-sim with tasks that take
# 60–360 s (tick 6 s, 10 steps + 0–50 spread), atelier-server and nginx; 2,000 tasks submitted
# through the studio form (Midjourney, Suno, Kling, Luma in turn), then a measured window while
# about a fifth of them finish per minute. Reports the submit POST's time at the server, how
# soon a finished task shows as done, upstream requests per finished task, and the server's CPU
# and resident memory. BENCH_TASKS, BENCH_WARMUP and BENCH_WINDOW (seconds) shrink it for a try.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tasks="${BENCH_TASKS:-2000}"
warmup="${BENCH_WARMUP:-60}"
window="${BENCH_WINDOW:-120}"

bash scripts/ensure-packages.sh
bash scripts/build-release.sh --product atelier-server >/dev/null
bash scripts/build-release.sh --product relay-sim >/dev/null
bin="$(swift build -c release --show-bin-path)"

bench="$root/var/bench-tasks"
rm -rf "$bench"
mkdir -p "$bench/media"
source "$root/scripts/bench/processes.sh"

sim_port=$(free_port)
"$bin/relay-sim" --host 127.0.0.1 --port "$sim_port" --tick 6 --steps 10 --steps-spread 50 --seed 1 --no-callbacks --balance 1000000 \
    > "$bench/relay-sim.log" 2>&1 &
pids+=($!)
wait_for "curl -fs http://127.0.0.1:$sim_port/sim/stats >/dev/null"

export ATELIER_LEAD_PASSWORD="bench lead password"
"$bin/atelier-server" --listen "unix:$bench/atelier.sock" --log-level warning --allow-private-relays \
    --database "$bench/atelier.sqlite" --master-key-file "$bench/master.key" --media-dir "$bench/media" \
    --demo-relay "http://127.0.0.1:$sim_port" --balance-refresh-minutes 0 > "$bench/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
wait_for "[ -S '$bench/atelier.sock' ]"

port=$(free_port)
bash scripts/render-nginx-conf.sh "$bench" "$port" "$bench/atelier.sock" "$bench/log/timing.log upstream_timing" > "$bench/nginx.conf"
nginx -c "$bench/nginx.conf" -p "$bench" &
pids+=($!)
wait_for "curl -fs http://127.0.0.1:$port/healthz >/dev/null"

python3 scripts/bench/tasks.py --base "http://127.0.0.1:$port" --sim "http://127.0.0.1:$sim_port" --pid "$server_pid" \
    --database "$bench/atelier.sqlite" --timing "$bench/log/timing.log" --nginx-pid "$bench/nginx.pid" \
    --tasks "$tasks" --warmup "$warmup" --window "$window"
