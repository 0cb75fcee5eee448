#!/usr/bin/env bash
# The browser suite (Tests/Browser): real headless Chromium over chromedriver on loopback drives
# the pages through real nginx, atelier-server and relay-sim (the debug build's binaries, or
# ATELIER_BIN_DIR's). Installs what it needs: Debian's chromium, chromium-driver and python3-venv,
# and the pinned Python packages (Selenium, axe-core, pytest) in a venv under .build/.
# Screenshots go to .build/browser-shots/ (ATELIER_BROWSER_SHOTS to change).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/ensure-packages.sh chromium chromium-driver python3-venv
venv="$root/.build/browser-venv"
requirements="$root/Tests/Browser/requirements.txt"
if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
    rm -rf "$venv"
    /usr/bin/python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements"
    cp "$requirements" "$venv/requirements.txt"
fi
ATELIER_BIN_DIR="${ATELIER_BIN_DIR:-$(swift build --show-bin-path)}"
export ATELIER_BIN_DIR
cd Tests/Browser
export PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/python" -m pytest -p no:cacheprovider -q "$@"
