#!/usr/bin/python3
# make-xlsx-fixtures.py: writes the Excel (.xlsx) import fixtures of tests/data from the CSV
# fixtures, with openpyxl, as a laboratory's spreadsheet would hold them: dates as date cells,
# counts and measurements as numbers, ID numbers and phone numbers as text. The files are
# committed; this script documents how they were made. Outcomes are asserted in
# tests/test-xlsx-reader.c (the same rows give the same result as the CSV file).
#
#   /usr/bin/python3 tests/data/make-xlsx-fixtures.py            # rewrite the fixtures
#   /usr/bin/python3 tests/data/make-xlsx-fixtures.py --cells F  # only the cell-types workbook
#   /usr/bin/python3 tests/data/make-xlsx-fixtures.py --follow-on  # only the follow-on workbooks
#
# cell-types.xlsx is written by hand (zipfile): inline strings, a phonetic run, booleans, an
# error, cells without references, a custom date format and the 1904 date system, which
# openpyxl does not all write.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import datetime
import os
import re
import sys
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = datetime.datetime(2026, 1, 1)   # creation time (openpyxl stamps "modified" at saving)

TEXT_COLUMNS = {"sample_no", "exam_no", "id_number", "mother_id_number", "phone", "样本编号", "检查编号", "身份证号",
                "母亲身份证号", "联系电话"}


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


def from_csv(csv_name, xlsx_name, epoch=None, numeric_ids=False):
    with open(os.path.join(HERE, csv_name), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.title = "结果"
    header = rows[0]
    ws.append(header)
    for row in rows[1:]:
        cells = [typed(h, v) for h, v in zip(header, row)] + row[len(header):]
        if numeric_ids:
            # What Excel does to an 18-digit ID typed into a General cell: a number, digits lost.
            cells = [int(v) if h in ("id_number", "身份证号") and isinstance(v, str) and v.isdigit() else v
                     for h, v in zip(header, cells)]
        ws.append(cells)
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if isinstance(c.value, datetime.date):
                c.number_format = "yyyy-mm-dd"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(os.path.join(HERE, xlsx_name))


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

# Two sheets: only the first one listed is read; its part is not named sheet1.xml.
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<x:workbookPr date1904="%s"/>
<x:sheets><x:sheet name="产前筛查" sheetId="1" r:id="rId7"/><x:sheet name="其他" sheetId="2" r:id="rId8"/></x:sheets>
</x:workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/other.xml"/>
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>
</Relationships>"""

# xf 0 General, 1 built-in date (14), 2 custom date 年月日 (176), 3 custom number with quotes
# holding a "d" that is not a date, 4 text (@).
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
<numFmt numFmtId="177" formatCode="0.0&quot; d&quot;"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="176" applyNumberFormat="1"/>
<xf numFmtId="177" applyNumberFormat="1"/><xf numFmtId="49" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""

SHARED = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<si><t>sample_no</t></si>
<si><r><t>王</t></r><r><rPr><b/></rPr><t xml:space="preserve">芳 </t></r><rPh sb="0" eb="1"><t>ワン</t></rPh></si>
<si><t>a &amp; b &lt;c&gt;</t></si>
</sst>"""

# Row 1: the header (shared and inline strings). Row 3 is empty (skipped). Row 4: cells of every
# type. Row 6: cells without a reference (A, B, C in order), then a far column (E).
SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>name</t></is></c><c r="C1" t="inlineStr"><is><t>v1</t></is></c><c r="D1" t="inlineStr"><is><t>v2</t></is></c><c r="E1" t="inlineStr"><is><t>v3</t></is></c><c r="F1" t="inlineStr"><is><t>v4</t></is></c><c r="G1" t="inlineStr"><is><t>v5</t></is></c><c r="H1" t="inlineStr"><is><t>v6</t></is></c></row>
<row r="3"><c r="A3"/><c r="B3" t="inlineStr"><is><t></t></is></c></row>
<row r="4"><c r="A4" t="s"><v>2</v></c><c r="B4" t="s"><v>1</v></c><c r="C4" s="1"><v>46097</v></c><c r="D4" s="2"><v>46097.75</v></c><c r="E4" t="b"><v>1</v></c><c r="F4" t="e"><v>#N/A</v></c><c r="G4"><v>1.10105199503120E+17</v></c><c r="H4" s="3"><v>12.5</v></c></row>
<row r="5"><c r="A5" t="b"><v>0</v></c><c r="B5" t="str"><f>A1&amp;"x"</f><v>公式</v></c><c r="C5"><v>13800138000</v></c><c r="D5"><v>0.1</v></c><c r="E5"><v>-3</v></c><c r="F5" s="1"><v>60</v></c><c r="G5" s="1"><v>61</v></c><c r="H5" s="4" t="s"><v>0</v></c></row>
<row r="6"><c><v>1</v></c><c t="inlineStr"><is><t>b</t></is></c><c><v>3</v></c><c r="E6" t="inlineStr"><is><t>e</t></is></c></row>
</sheetData>
</worksheet>"""

OTHER = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>not this sheet</t></is></c></row></sheetData></worksheet>"""


def cells_workbook(path, date1904, sheet=SHEET):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        def add(name, text):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
        add("[Content_Types].xml", CONTENT_TYPES)
        add("_rels/.rels", RELS)
        add("xl/workbook.xml", WORKBOOK % ("1" if date1904 else "0"))
        add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        add("xl/styles.xml", STYLES)
        add("xl/sharedStrings.xml", SHARED)
        add("xl/worksheets/data.xml", sheet)
        add("xl/worksheets/other.xml", OTHER)


def follow_on_workbooks():
    from_csv("pregnancy-outcome-good-en.csv", "pregnancy-outcome-good-en.xlsx")
    from_csv("audiology-good-zh.csv", "audiology-good-zh.xlsx")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--cells":
        cells_workbook(sys.argv[2], False)
        return
    if len(sys.argv) == 2 and sys.argv[1] == "--follow-on":
        follow_on_workbooks()
        return
    from_csv("prenatal-good-en.csv", "prenatal-good-en.xlsx")
    from_csv("prenatal-good-en.csv", "prenatal-good-en-1904.xlsx", epoch=CALENDAR_MAC_1904)
    from_csv("prenatal-good-zh.csv", "prenatal-good-zh.xlsx")
    from_csv("newborn-good-en.csv", "newborn-good-en.xlsx")
    from_csv("two-cancer-good-zh.csv", "two-cancer-good-zh.xlsx")
    from_csv("prenatal-invalid-values.csv", "prenatal-invalid-values.xlsx")
    from_csv("prenatal-excel-id.csv", "prenatal-numeric-id.xlsx", numeric_ids=True)
    follow_on_workbooks()
    cells_workbook(os.path.join(HERE, "cell-types.xlsx"), False)
    cells_workbook(os.path.join(HERE, "cell-types-1904.xlsx"), True)
    # 8 MB of XML in a few kilobytes: refused by a reader limited to 1 MB per part (a zip bomb
    # is the same thing, larger).
    cells_workbook(os.path.join(HERE, "xml-bomb.xlsx"), False,
                   SHEET.replace("<sheetData>", "<sheetData>" + " " * (8 * 1024 * 1024)))
    # Row 6 numbered 2, after row 5: refused (the lines of a report would be wrong).
    cells_workbook(os.path.join(HERE, "rows-out-of-order.xlsx"), False,
                   SHEET.replace('<row r="6">', '<row r="2">'))


main()
