#!/bin/sh
# Makes alice.caucus-changes and carol.caucus-changes, version 3 changesets, and
# expected-dump.ndjson with the last version 3 writer (8d64d86).
# Usage: make-changeset.sh CAUCUS-BINARY OUTPUT-FOLDER
set -eu
caucus=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$2" && cd "$2"
export NO_COLOR=1
unset CAUCUS_DB CAUCUS_EDITOR
run() { db=$1; shift; "$caucus" --db "$db.caucus" "$@"; }

# Alice loads the version 1 fixture's base and signs it in her export; Carol relays it.
run alice init --editor alice
run alice apply "$here/../v1/edits-alice.ndjson"
run alice claim ucpa leader Sayadov --source "Justice Ministry register"
run alice claim ucpa leader Tukanov --start 1998 --source "1998 party congress"
run alice rank ucpa leader Tukanov preferred --start 1998
run alice export --output alice.caucus-changes
run carol init --editor carol
run carol import alice.caucus-changes
run carol set ucpa membership 6000 --source "Ministry of Justice" --as-of 2006-03
run carol export --output carol.caucus-changes
run carol dump > expected-dump.ndjson
cp alice.caucus-changes carol.caucus-changes expected-dump.ndjson "$here/"
