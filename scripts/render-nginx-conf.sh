#!/usr/bin/env bash
# Renders Atelier's nginx configs from one source of locations, nginx/server.conf.in, and a frame:
#   scripts/render-nginx-conf.sh VAR_DIR PORT SOCKET [ACCESS_LOG] > nginx.conf
#       self-contained, for make run, the tests and the benchmark (nginx/local.conf.in); creates
#       the log and temp folders under VAR_DIR
#   scripts/render-nginx-conf.sh --site > nginx/atelier.site.conf
#       a real host's site (nginx/site.conf.in, paths under /srv/atelier); a test checks that the
#       committed file is exactly this output
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# The shared server body without its header comment, indented, with its paths filled in.
# Usage: server_body INDENT PUBLIC MEDIA SOCKET
server_body() {
    sed -e '1,/^$/d' -e "s|@PUBLIC@|$2|g" -e "s|@MEDIA@|$3|g" -e "s|@SOCKET@|$4|g" "$root/nginx/server.conf.in" \
        | sed -e "s|^\(.\)|$1\1|"
}

# The frame with its @SERVER@ line replaced by the body on standard input.
# Usage: … | with_server FRAME
with_server() {
    awk 'FNR == NR { body = body $0 "\n"; next } $0 == "@SERVER@" { printf "%s", body; next } { print }' - "$1"
}

if [ "${1:-}" = "--site" ]; then
    server_body "    " /srv/atelier/Public /srv/atelier/var/media /run/atelier/atelier.sock | with_server "$root/nginx/site.conf.in"
    exit 0
fi

var_dir="$(mkdir -p "$1" && cd "$1" && pwd)"
port="$2"
socket="$3"
access_log="${4:-$var_dir/log/nginx-access.log}"
mkdir -p "$var_dir"/log "$var_dir"/media "$var_dir"/nginx/{client_body,fastcgi,proxy,uwsgi,scgi}
user_line=""
if [ "$(id -u)" = 0 ]; then user_line="user $(id -un) $(id -gn);"; fi
server_body "        " "$root/Public" "$var_dir/media" "$socket" | with_server "$root/nginx/local.conf.in" \
    | sed -e "s|@VAR@|$var_dir|g" -e "s|@PORT@|$port|g" -e "s|@SOCKET@|$socket|g" \
          -e "s|@ACCESS_LOG@|$access_log|g" -e "s|@USER_LINE@|$user_line|g"
