#!/bin/sh
# make-schema-v5.sh: makes schema-v5.sql.gz and schema-v5-key/, the database of schema version 5
# that tests/test-migration.c upgrades (tests/data/import-fixtures.md, "The schema-5 database").
#
#   tests/data/make-schema-v5.sh        (from the source root; needs git, meson, a C compiler, sqlite3, gzip)
#
# It builds the last version-5 commit in a temporary worktree, makes a database with its command
# line (an administrator, a doctor, a 1,500-record demo of statistical year 2026, seed 11), enters
# later results by hand through that version's store (make-schema-v5-results.c) and dumps it.
set -eu

V5=046a757
root=$(pwd)
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/src" 2>/dev/null || true; rm -rf "$work"' EXIT

git worktree add --detach "$work/src" "$V5" >/dev/null
meson setup "$work/src/_build" "$work/src" >/dev/null
meson compile -C "$work/src/_build" muying-cli >/dev/null

b=$work/src/_build
cc -o "$work/results" "$root/tests/data/make-schema-v5-results.c" \
  -I"$b" -I"$work/src/app/core" -I"$work/src/app/store" \
  $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0) \
  "$b/app/store/libmuying-store.a" "$b/app/core/libmuying-core.a" \
  $(pkg-config --libs glib-2.0 gobject-2.0 gio-2.0 sqlite3 libsodium json-glib-1.0 nettle 2>/dev/null || \
    pkg-config --libs glib-2.0 gobject-2.0 gio-2.0 sqlite3 libsodium json-glib-1.0) -lm

export MUYING_DATA_DIR="$work/src/data" MUYING_KEY_DIR="$work/key" TZ=Asia/Shanghai
export MUYING_PASSWORD=admin-password-1 MUYING_NEW_PASSWORD=admin-password-1
db=$work/v5.db
cli=$b/app/muying-cli
"$cli" --db "$db" init --admin admin
MUYING_NEW_PASSWORD=doctor-password-1 "$cli" --db "$db" --user admin user add doctor1 --role doctor --name 医生乙
"$cli" --db "$db" --user admin demo --records 1500 --seed 11 --year 2026

# Later results by hand: audiology and intervention on flagged newborns, stage and treatment on
# two-cancer records with a cancer (or, where the demo found too few, on any flagged record).
q() { sqlite3 "$db" "$1"; }
set --
i=0
for id in $(q "SELECT r.id FROM record r JOIN newborn n ON n.record_id = r.id WHERE r.level > 0 AND n.audiology_result IS NULL ORDER BY r.id LIMIT 9"); do
  case $((i % 3)) in
    0) set -- "$@" "$id:audiology:normal:2026-03-0$((i % 9 + 1))" ;;
    1) set -- "$@" "$id:audiology:unilateral_loss:2026-03-1$((i % 9))" "$id:intervention:hearing_aid:2026-04-1$((i % 9))" ;;
    2) set -- "$@" "$id:audiology:bilateral_loss:2026-03-2$((i % 9))" "$id:intervention:cochlear_implant:2026-05-0$((i % 9 + 1))" ;;
  esac
  i=$((i + 1))
done
# An intervention without an audiology result (kept as it was entered).
id=$(q "SELECT r.id FROM record r JOIN newborn n ON n.record_id = r.id WHERE r.level > 0 AND n.audiology_result IS NULL AND n.intervention IS NULL ORDER BY r.id DESC LIMIT 1")
set -- "$@" "$id:intervention:other:2026-04-20"
i=0
for t in leep conization ablation hysterectomy breast_surgery chemoradiotherapy other; do
  id=$(q "SELECT r.id FROM record r JOIN two_cancer t ON t.record_id = r.id WHERE r.level > 0 AND t.treatment IS NULL ORDER BY r.id LIMIT 1 OFFSET $i")
  set -- "$@" "$id:treatment:$t:2026-02-1$i"
  case $i in
    0) set -- "$@" "$id:cancer_stage:0:2026-02-0$((i + 1))" ;;
    3) set -- "$@" "$id:cancer_stage:II:2026-02-0$((i + 1))" ;;
    4) set -- "$@" "$id:cancer_stage:I:2026-02-0$((i + 1))" ;;
    5) set -- "$@" "$id:cancer_stage:III:2026-02-0$((i + 1))" ;;
  esac
  i=$((i + 1))
done
"$work/results" "$db" admin "$MUYING_PASSWORD" "$@"
"$cli" --db "$db" --user admin check

# .dump leaves out the header's application id and schema version: they follow it.
{ sqlite3 "$db" .dump
  echo "PRAGMA application_id = $(q 'PRAGMA application_id'); PRAGMA user_version = $(q 'PRAGMA user_version');"
} | gzip -9n > "$root/tests/data/schema-v5.sql.gz"
rm -rf "$root/tests/data/schema-v5-key"
mkdir "$root/tests/data/schema-v5-key"
cp "$work/key/current" "$work/key/"*.key "$root/tests/data/schema-v5-key/"
echo "wrote tests/data/schema-v5.sql.gz and tests/data/schema-v5-key/"
