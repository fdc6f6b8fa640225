#!/usr/bin/env bash
# Crash soak: SIGKILLs `caucus import` and `caucus apply` at random moments, many
# times, and checks after each kill that the database passes `PRAGMA
# integrity_check`, holds exactly the state before or exactly the state after,
# and that a retry completes. The test suite does this 100 times
# (FaultTests); this script does it as often as you like.
#
#   Tools/soak/kill-soak.sh [ROUNDS=500] [OPS=20000]
#
# Needs python3 (for its sqlite3 module and timing). Uses .build/debug/caucus,
# or $CAUCUS_BIN (a release build kills faster runs: CAUCUS_BIN=.build/release/caucus).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-500}"
ops="${2:-20000}"
caucus="${CAUCUS_BIN:-$root/.build/debug/caucus}"
[ -x "$caucus" ] || (cd "$root" && swift build --product caucus)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 SWIFT_BACKTRACE=enable=no

edits() {  # edits COUNT PARTY-PREFIX VALUE
    python3 - "$@" <<'PY'
import sys
n, prefix, v = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
fields = ["membership", "founded", "name", "leader"]
for i in range(n):
    f = fields[i % 4]
    value = v + i if f == "membership" else 1900 + i % 100 if f == "founded" else f'"N{v}-{i}"'
    print(f'{{"op":"set","party":"{prefix}{i // 4}","field":"{f}","value":{value}}}')
PY
}
state() {  # the dump and the version vector
    "$caucus" --db "$1" vv
    "$caucus" --db "$1" dump | sha256sum
}
integrity() {
    python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$1"
}

"$caucus" --db "$work/template.caucus" init --editor bob 2>/dev/null
"$caucus" --db "$work/alice.caucus" init --editor alice 2>/dev/null
edits 400 b 1 > "$work/base.ndjson"
"$caucus" --db "$work/template.caucus" apply "$work/base.ndjson" 2>/dev/null
edits "$ops" a 1 > "$work/alice.ndjson"
"$caucus" --db "$work/alice.caucus" apply "$work/alice.ndjson" 2>/dev/null
"$caucus" --db "$work/alice.caucus" export -o "$work/alice.changes" 2>/dev/null
edits "$ops" b 5 > "$work/bob.ndjson"
before="$(state "$work/template.caucus")"

declare -A after seconds
for cmd in import apply; do
    case $cmd in import) args=(import "$work/alice.changes");; apply) args=(apply "$work/bob.ndjson");; esac
    cp "$work/template.caucus" "$work/ref.caucus"; rm -f "$work/ref.caucus-wal" "$work/ref.caucus-shm"
    t0=$(date +%s.%N)
    "$caucus" --db "$work/ref.caucus" "${args[@]}" 2>/dev/null
    seconds[$cmd]=$(echo "$(date +%s.%N) - $t0" | bc)
    after[$cmd]="$(state "$work/ref.caucus")"
done

declare -A killed_before killed_after
failures=0
for ((round = 0; round < rounds; round++)); do
    for cmd in import apply; do
        case $cmd in import) args=(import "$work/alice.changes");; apply) args=(apply "$work/bob.ndjson");; esac
        db="$work/victim.caucus"
        rm -f "$db" "$db-wal" "$db-shm"; cp "$work/template.caucus" "$db"
        "$caucus" --db "$db" "${args[@]}" 2>/dev/null &
        pid=$!
        sleep "$(python3 -c "import random; print(random.uniform(0, ${seconds[$cmd]} * 1.1))")"
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        ok="$(integrity "$db")"
        now="$(state "$db")"
        if [ "$ok" != ok ]; then echo "round $round $cmd: integrity_check: $ok"; failures=$((failures + 1)); continue; fi
        if [ "$now" == "$before" ]; then
            killed_before[$cmd]=$((${killed_before[$cmd]:-0} + 1))
            "$caucus" --db "$db" "${args[@]}" 2>/dev/null
        elif [ "$now" == "${after[$cmd]}" ]; then
            killed_after[$cmd]=$((${killed_after[$cmd]:-0} + 1))
            [ "$cmd" == import ] && "$caucus" --db "$db" "${args[@]}" 2>/dev/null
        else
            echo "round $round $cmd: a state neither before nor after"; failures=$((failures + 1)); continue
        fi
        if [ "$(state "$db")" != "${after[$cmd]}" ]; then echo "round $round $cmd: the retry did not complete"; failures=$((failures + 1)); fi
    done
done
for cmd in import apply; do
    echo "$cmd: ${seconds[$cmd]} s a run; killed before commit ${killed_before[$cmd]:-0}, after ${killed_after[$cmd]:-0}"
done
echo "$((rounds * 2 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
