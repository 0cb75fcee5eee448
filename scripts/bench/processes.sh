# Sourced by the benchmark scripts: free loopback ports, background processes stopped on exit,
# and waiting for a condition.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    sleep 1  # the baseline responder ignores SIGTERM while blocked in accept
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pids=()
}
trap cleanup EXIT INT TERM
wait_for() { for _ in $(seq 1 100); do eval "$1" && return 0; sleep 0.1; done; echo "timed out: $1" >&2; exit 1; }
