#!/bin/sh
# Makes alice.caucus-changes, a version 1 changeset, and expected-dump.ndjson with the last
# version 1 writer (ff12097). Usage: make-changeset.sh CAUCUS-BINARY OUTPUT-FOLDER
set -eu
caucus=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$2" && cd "$2"
alice() { "$caucus" --db alice.caucus "$@"; }
bob() { "$caucus" --db bob.caucus "$@"; }
export NO_COLOR=1
unset CAUCUS_DB CAUCUS_EDITOR

# Alice loads the base; Bob clones it.
alice init --editor alice
alice apply "$here/edits-alice.ndjson"
alice export --output base.caucus-changes
bob init --editor bob
bob import base.caucus-changes

# Both edit offline: a membership conflict, a remove, a clear, a restore and a delete.
alice set ucpa membership 6500 --source "party congress" --as-of 2006
alice remove ucpa ideology Stalinism --source "not in the programme"
alice clear ucpa newspaper
alice restore old --source "not a duplicate: the party of 1920"
alice delete tmp --reason "test record"
bob set ucpa membership 6000 --source "Ministry of Justice" --as-of 2006-03
bob add ucpa ideology Anti-revisionism --source "party programme"
bob set azp founded 1991 --source "party website" --as-of 2011

# Alice takes Bob's edits and writes everything she holds: operations of two replicas.
bob export --output bob.caucus-changes
alice import bob.caucus-changes
alice export --output alice.caucus-changes
alice dump > expected-dump.ndjson
cp alice.caucus-changes expected-dump.ndjson "$here/"
