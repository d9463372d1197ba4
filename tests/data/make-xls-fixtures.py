#!/usr/bin/python3
# make-xls-fixtures.py: writes the Excel 97–2003 (.xls) import fixtures of tests/data from the
# CSV fixtures, with xlwt (Debian python3-xlwt), typed as make-xlsx-fixtures.py types them:
# dates as date cells, counts and measurements as numbers, ID and phone numbers as text. Also a
# damaged file: a good one cut in half. (damaged-shifted.xls, a good file with one byte inserted
# into its workbook stream, was found by the libFuzzer run and is committed as found.) The files
# are committed; this script documents how they were made. Outcomes are asserted in
# tests/test-xlsx-reader.c (the same rows give the same result as the CSV file).
#
#   /usr/bin/python3 tests/data/make-xls-fixtures.py
#
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import datetime
import os
import re

import xlwt

HERE = os.path.dirname(os.path.abspath(__file__))

TEXT_COLUMNS = {"sample_no", "exam_no", "id_number", "mother_id_number", "phone", "样本编号", "检查编号", "身份证号",
                "母亲身份证号", "联系电话"}
DATE = xlwt.easyxf(num_format_str="yyyy-mm-dd")


def typed(header, value):
    if value == "":
        return None
    if header in TEXT_COLUMNS:
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.date.fromisoformat(value)
    if re.fullmatch(r"-?\d{1,9}", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    return value


def from_csv(csv_name, xls_name, numeric_ids=False):
    with open(os.path.join(HERE, csv_name), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("结果")
    header = rows[0]
    for c, name in enumerate(header):
        ws.write(0, c, name)
    for r, row in enumerate(rows[1:], start=1):
        cells = [typed(h, v) for h, v in zip(header, row)] + row[len(header):]
        if numeric_ids:
            # What Excel does to an 18-digit ID typed into a General cell: a number, digits lost.
            cells = [float(v) if h in ("id_number", "身份证号") and isinstance(v, str) and v.isdigit() else v
                     for h, v in zip(header, cells)]
        for c, v in enumerate(cells):
            if v is None:
                continue
            if isinstance(v, datetime.date):
                ws.write(r, c, v, DATE)
            else:
                ws.write(r, c, v)
    wb.add_sheet("其他").write(0, 0, "not this sheet")
    wb.save(os.path.join(HERE, xls_name))


def main():
    from_csv("prenatal-good-en.csv", "prenatal-good-en.xls")
    from_csv("prenatal-good-zh.csv", "prenatal-good-zh.xls")
    from_csv("newborn-good-en.csv", "newborn-good-en.xls")
    from_csv("two-cancer-good-zh.csv", "two-cancer-good-zh.xls")
    from_csv("prenatal-invalid-values.csv", "prenatal-invalid-values.xls")
    from_csv("prenatal-excel-id.csv", "prenatal-numeric-id.xls", numeric_ids=True)
    with open(os.path.join(HERE, "prenatal-good-en.xls"), "rb") as f:
        data = f.read()
    with open(os.path.join(HERE, "damaged.xls"), "wb") as f:
        f.write(data[:len(data) // 2])


if __name__ == "__main__":
    main()
