#!/usr/bin/env bash
# Makes the seed corpus from real changesets written by the debug `caucus`:
#   corpus/reader/  signed changesets (the `reader` mode)
#   corpus/resign/  the same in plain form (the `resign` mode)
# Usage: Tools/fuzz/make-seeds.sh   (from the repository root; builds caucus if needed)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
fuzz="$root/Tools/fuzz"
caucus="${CAUCUS_BIN:-$root/.build/debug/caucus}"
[ -x "$caucus" ] || (cd "$root" && swift build --product caucus)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$fuzz/corpus/reader" "$fuzz/corpus/resign"

c() { "$caucus" --db "$work/$1.caucus" "${@:2}"; }

c alice init --editor alice 2>/dev/null
c bob init --editor bob 2>/dev/null
cat > "$work/a.ndjson" <<'NDJSON'
{"op":"set","party":"ucpa","field":"name","value":"Union of Communist Parties","source":"party site","as_of":"2024-05"}
{"op":"set","party":"ucpa","field":"membership","value":7000}
{"op":"set","party":"ucpa","field":"vote_share","value":2.5}
{"op":"add","party":"ucpa","field":"ideology","value":"Communism"}
{"op":"add","party":"ucpa","field":"ideology","value":"Marxism"}
{"op":"set","party":"ucpa","field":"country","value":"AZE"}
{"op":"set","party":"greens","field":"name","value":"Greens"}
{"op":"set","party":"greens","field":"colour","value":"#00AA00"}
{"op":"add","party":"greens","field":"member_of","value":"egp"}
NDJSON
c alice apply "$work/a.ndjson" 2>/dev/null
c alice export -o "$fuzz/corpus/reader/alice-full.caucus-changes" 2>/dev/null
c bob import "$fuzz/corpus/reader/alice-full.caucus-changes" 2>/dev/null
cat > "$work/b.ndjson" <<'NDJSON'
{"op":"set","party":"ucpa","field":"membership","value":7100}
{"op":"remove","party":"ucpa","field":"ideology","value":"Marxism"}
{"op":"clear","party":"greens","field":"colour"}
{"op":"delete","party":"greens"}
{"op":"set","party":"pp","field":"name","value":"Pirate Party","as_of":"2023"}
NDJSON
c bob apply "$work/b.ndjson" 2>/dev/null
c alice vv > "$work/alice.vv"
c bob export --since "$work/alice.vv" -o "$fuzz/corpus/reader/bob-since.caucus-changes" 2>/dev/null
c bob export -o "$fuzz/corpus/reader/bob-relay.caucus-changes" 2>/dev/null
echo '{"op":"set","party":"ucpa","field":"membership","value":6900}' > "$work/a2.ndjson"
c alice apply "$work/a2.ndjson" 2>/dev/null
c alice import "$fuzz/corpus/reader/bob-since.caucus-changes" 2>/dev/null
echo '{"op":"restore","party":"greens"}' > "$work/a3.ndjson"
c alice apply "$work/a3.ndjson" 2>/dev/null
c alice export -o "$fuzz/corpus/reader/alice-conflict.caucus-changes" 2>/dev/null
python3 "$fuzz/plain.py" "$fuzz/corpus/resign" "$fuzz"/corpus/reader/*.caucus-changes
ls -l "$fuzz/corpus/reader" "$fuzz/corpus/resign"
