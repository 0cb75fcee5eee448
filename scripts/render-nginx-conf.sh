#!/usr/bin/env bash
# Renders nginx/local.conf.in into a self-contained config.
# Usage: scripts/render-nginx-conf.sh VAR_DIR PORT SOCKET [ACCESS_LOG] > nginx.conf
# Creates the log and temp folders under VAR_DIR.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
var_dir="$(mkdir -p "$1" && cd "$1" && pwd)"
port="$2"
socket="$3"
access_log="${4:-$var_dir/log/nginx-access.log}"
mkdir -p "$var_dir"/log "$var_dir"/media "$var_dir"/nginx/{client_body,fastcgi,proxy,uwsgi,scgi}
user_line=""
if [ "$(id -u)" = 0 ]; then user_line="user $(id -un) $(id -gn);"; fi
sed -e "s|@VAR@|$var_dir|g" -e "s|@PORT@|$port|g" -e "s|@SOCKET@|$socket|g" \
    -e "s|@PUBLIC@|$root/Public|g" -e "s|@MEDIA@|$var_dir/media|g" \
    -e "s|@ACCESS_LOG@|$access_log|g" -e "s|@USER_LINE@|$user_line|g" \
    "$root/nginx/local.conf.in"
