#!/usr/bin/env bash
# `make test`: unit tests of every library, the end-to-end suite through real nginx, then the
# browser suite (headless Chromium, scripts/test-browser.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/ensure-packages.sh
swift build --build-tests
ATELIER_BIN_DIR="$(swift build --show-bin-path)"
export ATELIER_BIN_DIR
swift test --skip-build
bash scripts/test-browser.sh
