#!/usr/bin/env bash
# The release build of `make run` and `make bench`: `scripts/build-release.sh --product NAME`.
# Prints nothing but swift build's errors; the binaries land in `swift build -c release --show-bin-path`.
#
# - The Swift runtime and Foundation are linked in (--static-swift-stdlib): the binaries need no
#   Swift toolchain on the host, and the loader has no symbol of theirs to look up at start.
# - lld packs the relative relocations (DT_RELR, glibc 2.36 or later) and exports no symbols:
#   start-up reads kilobytes of relocations instead of megabytes.
# Together they take about 8 MiB off atelier-server's idle resident memory (see README, Benchmarks).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib -Xswiftc -use-ld=lld \
    -Xlinker -z -Xlinker pack-relative-relocs -Xlinker --no-export-dynamic "$@"
