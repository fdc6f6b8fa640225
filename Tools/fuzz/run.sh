#!/usr/bin/env bash
# Builds the libFuzzer target and runs it.
#   Tools/fuzz/run.sh [reader|resign] [SECONDS] [extra libFuzzer flags...]
# Seeds come from Tools/fuzz/make-seeds.sh (run first); findings land in
# Tools/fuzz/artifacts/MODE/, and each becomes a fixture under
# Tests/CaucusSyncTests/Fixtures/fuzz/ (replayed by `swift test`).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
fuzz="$root/Tools/fuzz"
mode="${1:-reader}"
seconds="${2:-600}"
shift $(( $# > 2 ? 2 : $# ))
scratch="$root/.build-fuzz"
# The extra -Xswiftc matters: swiftc keeps only the last -sanitize= of a compile
# job, so SwiftPM's "--sanitize=fuzzer --sanitize=address" alone compiles the Swift
# code with ASan but WITHOUT coverage (libFuzzer then sees only the C code).
swift build --package-path "$fuzz" --scratch-path "$scratch" -c debug \
    --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --product caucus-fuzz
binary="$scratch/debug/caucus-fuzz"
[ -d "$fuzz/corpus/reader" ] || "$fuzz/make-seeds.sh"
mkdir -p "$fuzz/corpus/$mode-work" "$fuzz/artifacts/$mode"
# New inputs go to the work folder; the seeds stay as they are. Leak detection is
# off: every input makes stores whose caches outlive it, so LeakSanitizer would
# stop the world after nearly every run (20-40 inputs a second instead of hundreds).
cd "$fuzz"
CAUCUS_FUZZ_MODE="$mode" SWIFT_BACKTRACE=enable=no "$binary" \
    -dict="$fuzz/changeset.dict" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 \
    -artifact_prefix="$fuzz/artifacts/$mode/" -print_final_stats=1 "$@" \
    "$fuzz/corpus/$mode-work" "$fuzz/corpus/$mode"
