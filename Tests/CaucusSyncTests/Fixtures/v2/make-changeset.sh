#!/bin/sh
# Makes alice.caucus-changes and bob.caucus-changes, version 2 changesets, and
# expected-dump.ndjson with the last version 2 writer (8adfabb).
# Usage: make-changeset.sh CAUCUS-BINARY OUTPUT-FOLDER
set -eu
caucus=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$2" && cd "$2"
alice() { "$caucus" --db alice.caucus "$@"; }
bob() { "$caucus" --db bob.caucus "$@"; }
export NO_COLOR=1
unset CAUCUS_DB CAUCUS_EDITOR

# Alice loads the base of the version 1 fixture; Bob clones it.
alice init --editor alice
alice apply "$here/../v1/edits-alice.ndjson"
alice export --output base.caucus-changes
bob init --editor bob
bob import base.caucus-changes

# Both edit offline, with claims: a second membership claim, a note, a rank and a conflict.
alice set ucpa membership 6500 --source "party congress" --as-of 2006
alice claim ucpa membership 7000 --source "the party itself" --as-of 2010 --note "its own count"
alice rank ucpa membership 7000 preferred --as-of 2010
alice delete tmp --reason "test record"
bob set ucpa membership 6000 --source "Ministry of Justice" --as-of 2006-03
bob add ucpa ideology Anti-revisionism --source "party programme"

# Bob writes his own operations; Alice takes them and writes everything she holds.
bob export --output bob.caucus-changes
alice import bob.caucus-changes
alice export --output alice.caucus-changes
alice dump > expected-dump.ndjson
cp alice.caucus-changes bob.caucus-changes expected-dump.ndjson "$here/"
