#!/usr/bin/env bash
# test-bench-server.sh MUYING-BENCH: the benchmark's server mode on a tiny database. Against the
# server of MUYING_TEST_PG (build-aux/test starts one; skipped without it), in a database the
# bench creates itself and this test drops at the end: the first run copies the cached database
# to the server and prints the worklist's server row beside the file's, with the ratio and the
# budget "≤ 3× SQLite"; the second reuses the copy and imports into a copy of it that it drops;
# a database holding another copy is refused; without a server no server row is printed. TAP
# output, the plan at the end.
set -uo pipefail
bench=$1

. "$(dirname "${BASH_SOURCE[0]}")/../muying-test-pg.sh"

check () { if eval "$2"; then ok "$1"; else not_ok "$1"; sed 's/^/# /' "$work/out"; fi; }

work=$(mktemp -d)
dbname=muying_t_bench_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
server=$(url_for "$dbname")

cleanup () {
  psql -X -q -d "$MUYING_TEST_PG" -c "DROP DATABASE IF EXISTS ${dbname}_import WITH (FORCE)" \
       -c "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1 ||
    echo "# could not drop the test database $dbname"
  rm -rf "$work"
}
trap cleanup EXIT

has_db () { [[ $(psql -X -A -t -q -d "$MUYING_TEST_PG" -c "SELECT count(*) FROM pg_database WHERE datname = '$1'") == 1 ]]; }
run () { "$bench" --runs 1 --skip-gui --cache-dir "$work" "$@" >"$work/out" 2>&1; }

# 1. A database that does not exist: made, the file copied into it, the worklist measured on both.
run --records 2000 --only worklist --server "$server"
rc=$?
check "the first run succeeds" '[[ $rc == 0 ]]'
check "the bench creates the database" 'grep -q "Creating the server database $dbname" "$work/out" && has_db "$dbname"'
check "the cached file is copied with migrate-db" 'grep -q "^| \`muying-cli migrate-db\` of the 2k database to the server .* | [0-9.]* s |" "$work/out"'
check "the worklist's server row follows the file's, the file's figure as its floor" \
  'grep -A1 "^| worklist (open follow-ups, most urgent first): count + first page | [0-9.]* ms |" "$work/out" |
   grep -Eq "^\| worklist \(open follow-ups, most urgent first\): count \+ first page — PostgreSQL \| [0-9.]+ ms \| [0-9.]+ ms \(SQLite, same run\) \| [0-9.]+× \| ≤ 3× SQLite \| (pass|FAIL) \|"'
check "the badge counts have their server row" \
  'grep -Eq "^\| worklist badge counts \(muying_store_worklist_counts\) — PostgreSQL \| [0-9.]+ ms \| [0-9.]+ ms \(SQLite, same run\) \|" "$work/out"'
check "the window rows are said to be the file's only" 'grep -q "measured on the file only" "$work/out"'

# 2. The copy is reused; the import goes into a copy of it, dropped at the end.
MUYING_BENCH_SERVER=$server run --records 2000 --only import
rc=$?
check "the second run succeeds (MUYING_BENCH_SERVER)" '[[ $rc == 0 ]]'
check "the server's copy is reused" 'grep -q "Using the server'"'"'s copy in $server" "$work/out" && ! grep -q "Copying" "$work/out"'
check "the import has its server row" \
  'grep -Eq "^\| CSV import with validation \(100000-row prenatal file into the 2k database\) — PostgreSQL \| [0-9]+ rows/s \| [0-9]+ rows/s \(SQLite, same run\) \| [0-9.]+× \| ≤ 3× SQLite \|" "$work/out"'
check "the import's copy is dropped" '! has_db "${dbname}_import"'
check "the import does not change the bench's copy" \
  '[[ $(psql -X -A -t -q -d "$server" -c "SELECT count(*) FROM record") == 2000 ]]'

# 3. A database holding another copy is refused, never overwritten.
run --records 1000 --only worklist --server "$server"
rc=$?
check "a database holding another copy is refused" '[[ $rc == 2 ]] && grep -q "holds no copy this bench made" "$work/out"'
check "the refused database keeps its copy" \
  '[[ $(psql -X -A -t -q -d "$server" -c "SELECT count(*) FROM record") == 2000 ]]'

# 4. Without a server, no server row.
run --records 2000 --only worklist
rc=$?
check "without a server the run has no server row" '[[ $rc == 0 ]] && ! grep -q "PostgreSQL" "$work/out"'

echo "1..$n"
[[ $fails == 0 ]]
