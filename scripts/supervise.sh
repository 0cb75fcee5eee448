#!/usr/bin/env bash
# Runs a command again whenever it stops, until this script is sent SIGTERM or SIGINT, which it
# passes on to the command before waiting for it and exiting. `make run` starts atelier-server
# through it, so one crash does not end the service (as systemd's Restart=always does in a
# deployment).
#
# A restart waits 1 s, doubling up to 30 s while the command keeps stopping within a minute of
# its start. Each stop is logged on standard error with the exit status or signal.
#
# Usage: scripts/supervise.sh PIDFILE COMMAND [ARGS...]   (PIDFILE holds the running command's pid)
set -uo pipefail
pidfile="$1"
shift
name="$(basename "$1")"
child=0
stopping=0

stop() {
    stopping=1
    if [ "$child" -ne 0 ]; then kill -TERM "$child" 2>/dev/null; fi
}
trap stop TERM INT

backoff=1
while :; do
    started=$SECONDS
    "$@" &
    child=$!
    echo "$child" > "$pidfile"
    wait "$child"
    status=$?
    # A trap interrupts `wait`; wait again for the command's own end and status.
    while kill -0 "$child" 2>/dev/null; do
        wait "$child"
        status=$?
    done
    child=0
    rm -f "$pidfile"
    if [ "$stopping" = 1 ]; then exit 0; fi

    if [ "$status" -gt 128 ]; then
        reason="killed by SIG$(kill -l $((status - 128)) 2>/dev/null || echo $((status - 128)))"
    else
        reason="exit status $status"
    fi
    if [ $((SECONDS - started)) -ge 60 ]; then backoff=1; fi
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) supervise: $name stopped ($reason); restarting in ${backoff} s" >&2
    sleep "$backoff" &
    wait $! 2>/dev/null
    if [ "$stopping" = 1 ]; then exit 0; fi
    backoff=$((backoff * 2 > 30 ? 30 : backoff * 2))
done
