#!/usr/bin/python3
# check-deidentified.py: looks for the identity of every person of a database in a workbook.
#
#   check-deidentified.py DATABASE WORKBOOK.xlsx absent|present
#
# From the database: every name, phone number and ID number, every 10-character piece of an ID
# number (also its first 6 and last 4 around a mask, "110108********4926"), and every full date
# of a person (birth date, record date, expected delivery date,
# follow-up dates) as YYYY-MM-DD and YYYYMMDD. From the workbook: every cell of every sheet
# (values as written and as an independent reader sees them: dates become YYYY-MM-DD), and the
# text of every part of the zip (shared strings, sheets, charts, document properties).
#
# absent: nothing of the above may appear, no cell may be a date or hold any full date, and the
#         register must have rows (county code + age), so that an empty export cannot pass.
# present: the names, ID numbers and dates must be found (the check can fail).
# Prints what it finds; exit status 0 when the expectation holds.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import html
import re
import sqlite3
import sys
import zipfile

import openpyxl

FULL_DATE = re.compile(r"(19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}")


def dataset(db):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    names, phones, ids, dates = set(), set(), set(), set()
    for name, phone, id_number, birth in con.execute("SELECT name, phone, id_number, birth_date FROM person"):
        if name:
            names.add(name)
        if phone:
            phones.add(phone)
        if id_number:
            ids.add(id_number)
        if birth:
            dates.add(birth[0:10])
    queries = ["SELECT record_date FROM record", "SELECT edd FROM prenatal",
               "SELECT due_date FROM followup", "SELECT opened_at FROM followup",
               "SELECT closed_at FROM followup WHERE closed_at IS NOT NULL"]
    for q in queries:
        for (d,) in con.execute(q):
            if d:
                dates.add(d[0:10])
    con.close()
    pieces = set()
    for i in ids:
        for k in range(0, len(i) - 9):
            pieces.add(i[k:k + 10])
    return names, phones, ids, pieces, dates


def cell_texts(path):
    """(where, text) for every non-empty cell of every sheet, and whether any cell is a date."""
    out = []
    date_cells = []
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if v is None:
                    continue
                where = "%s!%s" % (ws.title, getattr(c, "coordinate", "?"))
                if isinstance(v, (datetime.date, datetime.datetime)):
                    date_cells.append(where)
                    v = v.isoformat()[0:10]
                elif isinstance(v, float) and v.is_integer():
                    v = str(int(v))
                out.append((where, str(v)))
    book.close()
    return out, date_cells


# The file's own time stamps (created, modified) are the export's, not a person's: they are
# checked apart (the first of a month when de-identified) and left out of the date search.
STAMP = re.compile(r"<dcterms:(created|modified)[^>]*>([^<]*)</dcterms:\1>")


def zip_texts(path, stamps):
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith(".xml") or n.endswith(".rels"):
                text = z.read(n).decode("utf-8")
                stamps.extend(m.group(2) for m in STAMP.finditer(text))
                yield n, html.unescape(STAMP.sub("", text))


def main():
    db, path, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    names, phones, ids, pieces, dates = dataset(db)
    compact = {d.replace("-", "") for d in dates}
    cells, date_cells = cell_texts(path)
    hits = {"name": set(), "phone": set(), "id": set(), "id piece": set(), "masked id": set(), "date": set(),
            "compact date": set()}
    # A masked ID number ("410106********9144") still gives 10 of its 18 characters.
    masked = {i[0:6] + i[-4:] for i in ids if len(i) >= 10}
    mask = re.compile(r"(\d{6})[^\dXx]+(\d{3}[\dXx])")

    # Every word by its length: each text is then looked at window by window (a set lookup per
    # window), not word by word.
    kinds = {}
    for kind, words in (("name", names), ("phone", phones), ("id", ids), ("date", dates), ("id piece", pieces),
                        ("compact date", compact)):
        for w in words:
            kinds.setdefault(w, []).append(kind)
    lengths = sorted({len(w) for w in kinds})

    def scan(where, text, with_compact):
        for m in mask.finditer(text):
            if m.group(1) + m.group(2) in masked:
                hits["masked id"].add((m.group(0), where))
        for n in lengths:
            for k in range(0, len(text) - n + 1):
                for kind in kinds.get(text[k:k + n], ()):
                    if with_compact or kind != "compact date":
                        hits[kind].add((text[k:k + n], where))

    print("data set: %d names, %d phones, %d ID numbers, %d dates; workbook: %d cells" %
          (len(names), len(phones), len(ids), len(dates), len(cells)))
    for where, text in cells:
        scan(where, text, True)
    stamps = []
    for where, text in zip_texts(path, stamps):
        scan(where, text, False)
    for kind, found in hits.items():
        print("%s: %d hit(s)%s" % (kind, len(found), (", e.g. %r" % sorted(found)[0:3]) if found else ""))

    if mode == "present":
        missing = [k for k in ("name", "id", "date") if not hits[k]]
        if missing:
            print("expected to find %s in the identified workbook" % ", ".join(missing))
            return 1
        return 0

    bad = any(hits.values())
    full = [(w, t) for w, t in cells if FULL_DATE.search(t)]
    if full:
        print("full dates in cells: %r" % full[0:5])
        bad = True
    odd = [t for t in stamps if not re.fullmatch(r"\d{4}-\d{2}-01T00:00:00Z", t)]
    if odd:
        print("file time stamps finer than the month: %r" % odd)
        bad = True
    if date_cells:
        print("date cells: %r" % date_cells[0:5])
        bad = True
    cover = {t for w, t in cells if w.startswith("说明!B")}
    if not any(t.startswith("是") for t in cover):
        print("the cover does not say de-identified")
        bad = True
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [r for name in book.sheetnames if "高危个案登记" in name
            for r in list(book[name].iter_rows(values_only=True))[1:]]
    book.close()
    good = [r for r in rows if isinstance(r[2], str) and re.fullmatch(r"\d{6}", r[2]) and isinstance(r[3], int)]
    print("register: %d rows, %d with county code and age" % (len(rows), len(good)))
    if not good:
        print("the register has no row with a county code and an age")
        bad = True
    return 1 if bad else 0


sys.exit(main())
