#!/usr/bin/env bash
# test-pg-schema.sh SRCDIR [MUYING-CLI]: the PostgreSQL baseline (data/schema-postgresql) has the
# schema `muying-cli init` gives a SQLite database — tables, columns in order with their types,
# NOT NULL and defaults, keys, CHECKs, indexes — and its triggers behave like SQLite's. Runs
# against the server of MUYING_TEST_PG (a superuser's URL) with the password file
# MUYING_TEST_PG_PASSFILE, in a database of its own that it drops at the end. TAP output, the
# plan at the end.
set -uo pipefail
src=$1
cli=${2:-${MUYING_CLI:-}}

. "$(dirname "${BASH_SOURCE[0]}")/muying-test-pg.sh"

comment () { sed 's/^/# /'; }
one_line () { tr '\n' ' ' | sed 's/ $//'; }
bail () { echo "Bail out! $1"; exit 1; }

work=$(mktemp -d)
dbname=muying_schema_test_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
pgdb=$(url_for "$dbname")

cleanup () {
  psql -X -q -d "$MUYING_TEST_PG" -c "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1 ||
    echo "# could not drop the test database $dbname"
  rm -rf "$work"
}
trap cleanup EXIT

# pg SQL / sq SQL: one query, unaligned rows with '|' between fields, no headers; an error
# message goes to the output too, where the comparison shows it.
pg () { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$pgdb" -c "$1" 2>&1; }
sq () { sqlite3 -batch -noheader "$work/x.db" "$1" 2>&1; }

# same WHAT SQLITE-FILE PG-FILE: one subtest; the difference when they differ.
same () {
  if diff -u --label sqlite --label postgresql "$2" "$3" >"$work/diff"; then
    ok "$1"
  else
    not_ok "$1"
    comment <"$work/diff"
  fi
}
# expect WHAT WANTED GOT
expect () {
  if [[ "$3" == "$2" ]]; then
    ok "$1"
  else
    not_ok "$1"
    printf 'wanted: %s\ngot:    %s\n' "$2" "$3" | comment
  fi
}

# pg_reads STATEMENTS QUERY: SQLite's own statements, renamed sqlite_*, run with QUERY in a
# transaction rolled back, so that SQLite's expressions are printed as PostgreSQL prints the
# baseline's (((state <> 'done'::text) AND …)). The error, when PostgreSQL does not take them.
pg_reads () {
  if ! { echo "BEGIN;"; echo "$1"; echo "$2"; echo "ROLLBACK;"; } |
       psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$pgdb" >"$work/reads" 2>&1; then
    { echo "PostgreSQL does not take SQLite's statements:"; cat "$work/reads"; } | comment
  fi
  cat "$work/reads"
}

command -v psql >/dev/null || bail "no psql (postgresql-client)"
command -v sqlite3 >/dev/null || bail "no sqlite3"
[[ -x "$cli" ]] || bail "no muying-cli: give its path or set MUYING_CLI"

if ! psql -X -q -v ON_ERROR_STOP=1 -d "$MUYING_TEST_PG" -c "CREATE DATABASE $dbname" 2>"$work/err"; then
  comment <"$work/err"
  bail "cannot create a database on $MUYING_TEST_PG"
fi
# The baseline and the steps after it, in order, in one transaction.
steps=()
for f in "$src"/data/schema-postgresql/[0-9][0-9][0-9][0-9]-*.sql; do steps+=(-f "$f"); done
if psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$pgdb" "${steps[@]}" >"$work/load" 2>&1; then
  ok "the baseline and later steps load into an empty database in one transaction"
else
  not_ok "the baseline and later steps load into an empty database in one transaction"
  comment <"$work/load"
fi
"$cli" --db "$work/x.db" init >"$work/init" 2>&1
if [[ -s "$work/x.db" ]]; then
  ok "muying-cli init makes the SQLite database to compare with"
else
  not_ok "muying-cli init makes the SQLite database to compare with"
  comment <"$work/init"
  bail "nothing to compare with"
fi

# (a) Tables.
sq "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name" >"$work/s"
pg "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'muying_schema'
    ORDER BY tablename COLLATE \"C\"" >"$work/p"
same "the same tables" "$work/s" "$work/p"
tables=$(sort -u "$work/s" "$work/p")

# (b) Per table: columns in order, with type, NOT NULL and default; then the keys and CHECKs.
# SQLite's INTEGER PRIMARY KEY column is NOT NULL in effect (a NULL gets the next rowid). Defaults
# are compared without PostgreSQL's casts ('open'::text).
pg_reads "$(sq "SELECT 'CREATE TABLE sqlite_' || substr(replace(sql, ') WITHOUT ROWID', ')'), 14) || ';'
                FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")" \
  "SELECT substr(c.relname, 8) || '|' || pg_get_constraintdef(k.oid) FROM pg_constraint k
   JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'c' AND c.relname LIKE 'sqlite\_%';" >"$work/checks"
for t in $tables; do
  sq "SELECT name, CASE upper(type) WHEN 'INTEGER' THEN 'bigint' WHEN 'REAL' THEN 'double precision'
             WHEN 'TEXT' THEN 'text' ELSE type END,
        CASE WHEN \"notnull\" OR pk > 0 THEN 'NOT NULL' ELSE 'NULL' END, ifnull(dflt_value, '')
      FROM pragma_table_info('$t') ORDER BY cid" >"$work/s"
  pg "SELECT a.attname, format_type(a.atttypid, a.atttypmod),
        CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END,
        regexp_replace(coalesce(pg_get_expr(d.adbin, d.adrelid), ''), '::(text|bigint|integer)', '', 'g')
      FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = to_regclass('public.$t') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum" >"$work/p"
  same "$t: the same columns in the same order, types, NOT NULL and defaults" "$work/s" "$work/p"

  # Primary key, unique constraints, foreign keys (with ON DELETE) and CHECKs.
  {
    sq "SELECT 'PRIMARY KEY (' || group_concat(name, ', ') || ')'
        FROM (SELECT name FROM pragma_table_info('$t') WHERE pk > 0 ORDER BY pk)"
    sq "SELECT 'UNIQUE (' || (SELECT group_concat(name, ', ') FROM
                               (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) || ')'
        FROM pragma_index_list('$t') l WHERE l.origin = 'u'"
    sq "SELECT 'FOREIGN KEY (' || group_concat(\"from\", ', ') || ') REFERENCES ' || \"table\" || ' ('
               || group_concat(\"to\", ', ') || ') ON DELETE ' || on_delete
        FROM (SELECT * FROM pragma_foreign_key_list('$t') ORDER BY id, seq) GROUP BY id"
    grep "^$t|" "$work/checks" | cut -d '|' -f 2-
  } | sort >"$work/s"
  {
    pg "SELECT CASE c.contype WHEN 'p' THEN 'PRIMARY KEY (' ELSE 'UNIQUE (' END
               || (SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) || ')'
        FROM pg_constraint c WHERE c.conrelid = to_regclass('public.$t') AND c.contype IN ('p', 'u')"
    pg "SELECT 'FOREIGN KEY (' || (SELECT string_agg(a.attname, ', ' ORDER BY k.n)
                                   FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)
               || ') REFERENCES ' || c.confrelid::regclass || ' ('
               || (SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum)
               || ') ON DELETE ' || CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
                                      WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END
        FROM pg_constraint c WHERE c.conrelid = to_regclass('public.$t') AND c.contype = 'f'"
    pg "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass('public.$t') AND contype = 'c'"
  } | sort >"$work/p"
  same "$t: the same primary key, unique constraints, foreign keys and CHECKs" "$work/s" "$work/p"
done

# (c) Indexes: names, then table, columns (DESC), uniqueness and WHERE clause. SQLite's automatic
# indexes are its PRIMARY KEY and UNIQUE constraints, and so are PostgreSQL's constraint indexes.
sq "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name" >"$work/s"
pg "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_namespace ns ON ns.oid = c.relnamespace
    WHERE ns.nspname = 'public'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
    ORDER BY c.relname COLLATE \"C\"" >"$work/p"
same "the same indexes" "$work/s" "$work/p"

# A WHERE clause is compared as PostgreSQL prints it (pg_reads).
pg_reads "$(sq "SELECT 'CREATE INDEX sqlite_' || substr(sql, 14) || ';' FROM sqlite_master
                WHERE type = 'index' AND sql LIKE 'CREATE INDEX % WHERE %'")" \
  "SELECT substr(c.relname, 8) || '|' || pg_get_expr(i.indpred, i.indrelid)
   FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'sqlite\_%';" >"$work/where"
sq "SELECT m.name || '|' || m.tbl_name || '|'
      || (SELECT group_concat(name || CASE WHEN \"desc\" THEN ' DESC' ELSE '' END, ', ')
          FROM (SELECT * FROM pragma_index_xinfo(m.name) WHERE key ORDER BY seqno)) || '|'
      || (SELECT CASE WHEN \"unique\" THEN 'UNIQUE' ELSE '' END FROM pragma_index_list(m.tbl_name) WHERE name = m.name)
      || '|'
    FROM sqlite_master m WHERE m.type = 'index' AND m.sql IS NOT NULL ORDER BY m.name" |
  awk -F'|' 'NR == FNR { where[$1] = substr($0, length($1) + 2); next } { print $0 where[$1] }' "$work/where" - \
  >"$work/s"
pg "SELECT c.relname || '|' || t.relname || '|'
      || (SELECT string_agg(a.attname || CASE WHEN ((i.indoption::int2[])[k.n - 1] & 1) = 1 THEN ' DESC' ELSE '' END,
                            ', ' ORDER BY k.n)
          FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) || '|'
      || CASE WHEN i.indisunique THEN 'UNIQUE' ELSE '' END || '|'
      || coalesce(pg_get_expr(i.indpred, i.indrelid), '')
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace ns ON ns.oid = c.relnamespace
    WHERE ns.nspname = 'public'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
    ORDER BY c.relname COLLATE \"C\"" >"$work/p"
same "each index on the same table and columns, in the same order and direction, with the same WHERE" \
  "$work/s" "$work/p"

# (d) Triggers: SQLite's, and audit_no_truncate (SQLite has no TRUNCATE).
{ sq "SELECT name || '|' || tbl_name FROM sqlite_master WHERE type = 'trigger'"; echo "audit_no_truncate|audit"; } |
  LC_ALL=C sort >"$work/s"
pg "SELECT t.tgname || '|' || c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal ORDER BY t.tgname COLLATE \"C\"" >"$work/p"
same "the same triggers (and audit_no_truncate)" "$work/s" "$work/p"

# refused WHAT SQL MESSAGE: the statement fails with MESSAGE.
refused () {
  if pg "$2" >"$work/out" 2>&1; then
    not_ok "$1"
    echo "it succeeded" | comment
  elif grep -qF "$3" "$work/out"; then
    ok "$1"
  else
    not_ok "$1"
    comment <"$work/out"
  fi
}
now="'2026-01-01T00:00:00Z'"
pg "INSERT INTO audit (at, action, prev_hash, hash) VALUES ($now, 'test', '', 'h')" | comment
refused "audit: UPDATE is refused" "UPDATE audit SET detail = 'x'" "audit rows cannot be changed"
refused "audit: DELETE is refused" "DELETE FROM audit" "audit rows cannot be deleted"
refused "audit: TRUNCATE is refused" "TRUNCATE audit" "audit rows cannot be deleted"
expect "audit: the row is still there, unchanged" "1|" "$(pg "SELECT count(*), max(detail) FROM audit")"

# (d) The follow-up's copy of its record's programme, level and review state. The same statements
# run on SQLite give the same rows.
copies="INSERT INTO person (id, name, created_at, updated_at) VALUES (1001, '乙', $now, $now);
INSERT INTO record (id, program, record_key, person_id, record_date, level, rules_version, review_state,
                    created_at, updated_at)
  VALUES (2001, 'prenatal', 'k1', 1001, '2026-01-01', 2, 'r', 'pending', $now, $now),
         (2002, 'newborn', 'k2', 1001, '2026-01-01', 2, 'r', 'pending', $now, $now);
INSERT INTO followup (id, record_id, due_date, opened_at) VALUES (3001, 2001, '2026-02-01', $now);
INSERT INTO followup (id, record_id, due_date, opened_at, program, level, review_state)
  VALUES (3002, 2002, '2026-02-01', $now, 'two_cancer', 0, 'none');"
show="SELECT id, program, level, review_state FROM followup ORDER BY id"
pg "$copies" | comment
expect "followup: inserted with program NULL, it copies its record's programme, level and review state" \
  "3001|prenatal|2|pending" "$(pg "$show LIMIT 1")"
expect "followup: inserted with its copies filled, it keeps them" \
  "3002|two_cancer|0|none" "$(pg "$show OFFSET 1")"
pg "UPDATE record SET level = 1 WHERE id = 2001" | comment
expect "record: a new level is copied to its follow-up" "3001|prenatal|1|pending" "$(pg "$show LIMIT 1")"
pg "UPDATE record SET review_state = 'reviewed' WHERE id = 2001; UPDATE record SET level = 1 WHERE id = 2002" |
  comment
expect "record: a new review state is copied, and a new level of another record copies all three" \
  "3001|prenatal|1|reviewed 3002|newborn|1|pending" "$(pg "$show" | one_line)"
pg "$show" >"$work/p"
sq "$copies UPDATE record SET level = 1 WHERE id = 2001;
    UPDATE record SET review_state = 'reviewed' WHERE id = 2001; UPDATE record SET level = 1 WHERE id = 2002;
    $show" >"$work/s"
same "the same statements give the same follow-ups in SQLite" "$work/s" "$work/p"

# (e) Identity: a row inserted without id gets one.
person=$(pg "INSERT INTO person (name, created_at, updated_at) VALUES ('甲', $now, $now) RETURNING id")
if [[ "$person" =~ ^[0-9]+$ ]]; then ok "person: an id is given to a row inserted without one"
else not_ok "person: an id is given to a row inserted without one"; echo "$person" | comment; fi
sq "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
    WHERE m.type = 'table' AND c.pk = 1 AND upper(c.type) = 'INTEGER' AND c.name = 'id' ORDER BY m.name" >"$work/s"
pg "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace ns ON ns.oid = c.relnamespace
    WHERE ns.nspname = 'public' AND a.attname = 'id' AND a.attidentity = 'd'
    ORDER BY c.relname COLLATE \"C\"" >"$work/p"
same "every id INTEGER PRIMARY KEY is an identity column (GENERATED BY DEFAULT)" "$work/s" "$work/p"

# (f) The marker: SQLite's application id and schema version, in one row.
expect "muying_schema holds SQLite's application_id and user_version" \
  "$(sq "SELECT a.application_id || '|' || v.user_version FROM pragma_application_id a, pragma_user_version v")" \
  "$(pg "SELECT application_id || '|' || version FROM muying_schema" | one_line)"
expect "muying_schema: the application id is 0x4D555949 (\"MUYI\")" "$((0x4D555949))" \
  "$(pg "SELECT application_id FROM muying_schema" | one_line)"

echo "1..$n"
exit $((fails > 0))
