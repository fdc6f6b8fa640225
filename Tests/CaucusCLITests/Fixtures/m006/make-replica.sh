#!/bin/sh
# Makes replica.caucus, a replica whose schema ends at m006_authorship, with the last release
# before m007 (13688ac), its search index refreshed by a search.
# Usage: make-replica.sh CAUCUS-BINARY OUTPUT-FOLDER
set -eu
caucus=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$2" && cd "$2"
export NO_COLOR=1
unset CAUCUS_DB CAUCUS_EDITOR
run() { "$caucus" --db replica.caucus "$@"; }
run init --editor alice
run set cn-ccp --new "name=中国共产党" "name_english=Communist Party of China"
run set th-pt --new "name=พรรคเพื่อไทย" "name_english=Pheu Thai Party"
run set ucpa --new "name=Birləşmiş Kommunist Partiyası" "name_english=United Communist Party of Azerbaijan"
run search communist > /dev/null
sqlite3 replica.caucus "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
cp replica.caucus "$here/"
