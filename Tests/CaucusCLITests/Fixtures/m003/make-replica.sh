#!/bin/sh
# Makes replica.caucus (Alice's replica) and the expected-* files with the release
# before m004 (fe333d1). Usage: make-replica.sh CAUCUS-BINARY OUTPUT-FOLDER
set -eu
caucus=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$2" && cd "$2"
alice() { "$caucus" --db replica.caucus "$@"; }
bob() { "$caucus" --db bob.caucus "$@"; }
export NO_COLOR=1
unset CAUCUS_DB CAUCUS_EDITOR

# Alice loads the base; Bob clones it.
alice init --editor alice
alice apply "$here/edits-alice.ndjson"
alice export --output base.caucus-changes
bob init --editor bob
bob import base.caucus-changes
bob vv > bob.vv
alice vv > alice.vv

# Both edit offline.
alice apply "$here/edits-alice-offline.ndjson"  # membership 6500, clear newspaper, add Stalinism, azp founded 1993, delete dup
alice remove ucpa ideology Stalinism --source "not in the programme"
alice delete tmp --source "test record"
bob set ucpa membership 6000 --source "Ministry of Justice" --as-of 2006-03
bob set ucpa newspaper "Kommunist (weekly)"
bob add ucpa ideology Anti-revisionism --source "party programme"
bob set azp founded 1991 --source "party website"
bob set tmp leader "Test Leader"
bob delete old --source "duplicate of azp"

# They swap deltas.
alice export --since bob.vv --output alice-delta.caucus-changes
bob export --since alice.vv --output bob-delta.caucus-changes
alice import bob-delta.caucus-changes
bob import alice-delta.caucus-changes
alice search communist > /dev/null  # indexes ucpa; the edits below leave azp and old stale


# Alice settles the founding year of azp, brings back the old party, and edits on.
alice resolve azp founded 1992 --source "party congress records" --as-of 1992
alice restore old --source "not a duplicate: the party of 1920"
alice set azp leader "Rauf Qurbanov" --source "party website" --as-of 2010

# What this release prints.
parties="ucpa azp tmp dup old"
alice dump > expected-dump.ndjson
alice vv > expected-vv.json
for p in $parties; do alice history "$p" --json; done > expected-history.ndjson
for p in $parties; do alice show "$p" --json; done > expected-show.ndjson
status=0; alice conflicts --json > expected-conflicts.ndjson || status=$?
echo "conflicts --json exited with $status"
cp replica.caucus probe.caucus  # search updates the index; the replica keeps its stale parties
"$caucus" --db probe.caucus search communist --json > expected-search-communist.ndjson
rm probe.caucus
cp replica.caucus probe.caucus  # settling what remains, then dump
"$caucus" --db probe.caucus resolve ucpa membership --pick 1
"$caucus" --db probe.caucus resolve tmp --restore
"$caucus" --db probe.caucus dump > expected-dump-settled.ndjson
rm probe.caucus
sqlite3 replica.caucus "SELECT kind, count(*) FROM op GROUP BY kind" 2>/dev/null || true
ls replica.caucus*
