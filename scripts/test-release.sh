#!/usr/bin/env bash
# CI, after `make test`: the release binaries that `make run` and deployments use (statically
# linked Swift runtime, lld) pass the end-to-end and CLI suites too.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
for product in atelier-server relay-sim atelier; do
    bash scripts/build-release.sh --product "$product"
done
swift build --build-tests  # the test bundles (nothing to do after `make test`)
ATELIER_BIN_DIR="$(swift build -c release --show-bin-path)"
export ATELIER_BIN_DIR
swift test --skip-build --filter 'EndToEndTests|AtelierCLITests'
