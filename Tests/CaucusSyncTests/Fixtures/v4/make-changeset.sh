#!/bin/sh
# Makes alice.caucus-changes, a version 4 changeset, and expected-dump.ndjson and
# expected-releases.ndjson with the last version 4 writer (13688ac).
# Usage: make-changeset.sh CAUCUS-BINARY OUTPUT-FOLDER
set -eu
caucus=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$2" && cd "$2"
export NO_COLOR=1
unset CAUCUS_DB CAUCUS_EDITOR
run() { db=$1; shift; "$caucus" --db "$db.caucus" "$@"; }

# Alice loads the version 1 fixture's base, releases it, corrects it, and exports everything.
run alice init --editor alice
run alice apply "$here/../v1/edits-alice.ndjson"
run alice release create 2025.1 --note "the January release"
run alice claim ucpa leader Tukanov --start 1998 --source "1998 party congress"
run alice set ucpa membership 6000 --source "Ministry of Justice" --as-of 2006-03
run alice export --output alice.caucus-changes
run alice dump > expected-dump.ndjson
run alice dump --at 2025.1 > expected-dump-at-2025.1.ndjson
cp alice.caucus-changes expected-dump.ndjson expected-dump-at-2025.1.ndjson "$here/"
