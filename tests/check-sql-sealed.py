#!/usr/bin/env python3
"""All SQL lives in app/store: the windows (app/ui), the command line (app/cli), the readers and
writers of files (app/io), the demo generator (app/demo) and main.c ask the store's functions and
never touch SQLite themselves.

Fails when any source or header under those places names sqlite3 (its header, types or calls),
runs a statement through the store's low-level helpers or its statement layer (muying-sql.h),
names libpq (the PostgreSQL client) or includes the store's SQL headers, and
when a store header they may include (any but muying-store-sql.h and the store's own
muying-store*-private.h headers) names sqlite3, which would hand them SQLite again. The demo
generator writes through the store's bulk load (muying-store-bulk.h): a string there that reads
like an SQL statement fails too.

  check-sql-sealed.py SOURCE_ROOT
"""
import pathlib
import re
import sys

FORBIDDEN = re.compile(r"sqlite3|muying_store_prepare|muying_store_exec\b|muying_store_get_handle"
                       r"|muying-store-sql\.h|muying-store(-[a-z]+)*-private\.h"
                       r"|libpq-fe|\bPQ[a-z]+\s*\(|\bPG(conn|result)\b|muying-server-private\.h"
                       r"|muying-sql(-private)?\.h|\bmuying_sql_[a-z_]+\s*\(|muying_store_query")
# An SQL statement in a string: its first keyword in capitals (checked in SQL_FREE places).
SQL_TEXT = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|REPLACE|PRAGMA|CREATE|DROP|ALTER|BEGIN|COMMIT|ROLLBACK)\b")
SQL_FREE = ("app/demo/",)
# The store's own headers for its SQL; all its other headers are public.
SQL_HEADERS = {"muying-store-sql.h", "muying-server-private.h", "muying-sql.h", "muying-sql-private.h"}
PRIVATE_HEADER = re.compile(r"muying-store(-[a-z]+)*-private\.h$")

# Files still allowed to use SQL directly, until they are moved to store functions.
# Empty: every known use has been replaced; keep it empty.
ALLOWED = set()


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    places = [root / "app" / "ui", root / "app" / "cli", root / "app" / "io", root / "app" / "demo"]
    files = [root / "app" / "main.c"]
    for place in places:
        if not place.is_dir():
            print(f"missing directory {place}")
            return 1
        files += sorted(p for p in place.rglob("*") if p.suffix in (".c", ".h"))
    found = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        if rel in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FORBIDDEN.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
            elif rel.startswith(SQL_FREE) and SQL_TEXT.search(line):
                found.append(f"{rel}:{number}: {line.strip()} (SQL in the demo generator)")
    if len(files) < 10:
        print(f"only {len(files)} files looked at: wrong source root?")
        return 1
    store = root / "app" / "store"
    for path in sorted(store.glob("*.h")):
        if path.name in SQL_HEADERS or PRIVATE_HEADER.match(path.name):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "sqlite3" in line or "libpq-fe" in line or re.search(r"\bPG(conn|result)\b", line):
                found.append(f"{path.relative_to(root).as_posix()}:{number}: {line.strip()} (public store header)")
    for hit in found:
        print(hit)
    if found:
        print(f"{len(found)} uses of SQL outside app/store: add a store function instead")
        return 1
    print(f"{len(files)} files looked at, no SQL outside app/store")
    return 0


if __name__ == "__main__":
    sys.exit(main())
