#!/usr/bin/env bash
# test-installed.sh BUILDDIR SRCDIR: `meson install --destdir` gives a program that finds its
# rules, panels and translations in the installed prefix, with no help from the source or build
# tree, and keeps working when the installed tree is moved. TAP output.
set -uo pipefail
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
fails=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check () { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

echo "1..10"
if ! meson install -C "$build" --destdir "$work/dest" --no-rebuild --quiet >"$work/install.log" 2>&1; then
  sed 's/^/# /' "$work/install.log"
fi
cli=$(find "$work/dest" -path '*/bin/muying-cli' -type f | head -n 1)
check "meson install --destdir installs muying-cli" test -x "$cli"
prefix=$(dirname "$(dirname "$cli")")
for f in share/muying/rules/ruleset.ini share/muying/panels/9.ini share/muying/schema/0001-initial.sql \
         share/muying/schema-postgresql/0007-baseline.sql share/locale/zh_CN/LC_MESSAGES/muying.mo \
         share/applications/io.github.muying.Muying.desktop share/glib-2.0/schemas/io.github.muying.Muying.gschema.xml; do
  [[ -f "$prefix/$f" ]] || { echo "# missing $prefix/$f"; missing=1; }
done
check "rules, panels, database schema steps, translation, desktop file and settings schema are installed" test -z "${missing:-}"
check "the GUI program is installed" test -x "$prefix/bin/muying"

# The installed program, run from elsewhere, with none of the variables that point into the tree.
run_cli () {
  (cd "$work" && env -u MUYING_DATA_DIR -u MUYING_LOCALEDIR -u LANGUAGE LANG=C.UTF-8 "$@")
}
run_cli "$cli" classify --program prenatal "$src/tests/data/prenatal-good-en.csv" >"$work/classify.csv" 2>"$work/err"
check "installed classify reads the installed rules" grep -q ',high,' "$work/classify.csv"
sed 's/^/# /' "$work/err"
run_cli "$cli" --help >"$work/help.txt" 2>&1
check "installed program speaks Chinese from the installed catalogue" grep -q '用法' "$work/help.txt"
run_cli "$cli" --db "$work/m.db" init >"$work/init.txt" 2>&1
check "installed program creates a database" test -s "$work/m.db"

# Move the whole installed tree: it still finds its data.
mkdir -p "$work/moved"
mv "$prefix" "$work/moved/opt"
moved_cli="$work/moved/opt/bin/muying-cli"
run_cli "$moved_cli" classify --program prenatal "$src/tests/data/prenatal-good-en.csv" >"$work/classify2.csv" 2>&1
check "a moved installed tree still reads its rules" cmp -s "$work/classify.csv" "$work/classify2.csv"
run_cli "$moved_cli" --help >"$work/help2.txt" 2>&1
check "a moved installed tree still finds its translations" grep -q '用法' "$work/help2.txt"

# Rules missing from the installed tree: a clear refusal, not the source tree's rules.
rm -rf "$work/moved/opt/share/muying"
run_cli "$moved_cli" classify --program prenatal "$src/tests/data/prenatal-good-en.csv" >"$work/classify3.csv" 2>"$work/err3"
rc=$?
check "without installed rules classify fails instead of reading the source tree" test "$rc" -ne 0
sed 's/^/# /' "$work/err3"
# … and no database is made without its schema steps: a message, and no file left behind.
run_cli "$moved_cli" --db "$work/m2.db" init >"$work/init2.txt" 2>&1
rc=$?
check "without installed schema steps init fails with a message and creates nothing" \
  test "$rc" -ne 0 -a ! -e "$work/m2.db" -a -s "$work/init2.txt"
sed 's/^/# /' "$work/init2.txt"
exit $((fails > 0))
