#!/usr/bin/python3
# check-workbook.py: reads the annual workbook back with an independent reader (openpyxl) and
# checks it against the statistics it must equal (docs/statistics.md).
#
#   check-workbook.py WORKBOOK.xlsx EXPECTED.json
#
# EXPECTED.json (written by test-workbook.c):
#   total, months[], ages[]   the `stats --format json` objects of the period and of its groups
#   loci                      [[gene, variant, newborns], ...]
#   register                  {"sheets": [...], "rows_per_sheet": n, "rows": [{"key", "name", "id",
#                              "reasons", "days", "state", "age"}, ...]} (age: when de-identified, nullable)
#   deidentify                bool
# Prints one line per problem; exit status 0 when there is none.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import re
import sys
import zipfile

import openpyxl

problems = []


def problem(text):
    problems.append(text)


def get(obj, path):
    for key in path.split("."):
        obj = obj[key]
    return obj


def rate(num, den):
    return 0.0 if den == 0 else num / den


SHEETS_BEFORE = ["说明", "产前筛查", "新生儿耳聋基因筛查", "宫颈癌检查", "乳腺癌检查"]
SHEET_AFTER = "随访"

# Columns after the label column: a JSON path, or ("rate", numerator column, denominator column)
# with column indexes into the same list.
PRENATAL = ["prenatal.screened"] + ["prenatal.by_test." + t for t in
                                    ("early_combined", "mid_double", "mid_triple", "mid_quad", "nipt")] + \
    ["prenatal.high", "prenatal.intermediate", "prenatal.low", "prenatal.diagnosed",
     "prenatal.diagnosed_abnormal", "prenatal.outcome_known",
     ("rate", 6, 0), ("rate", 9, 6), ("rate", 10, 9), ("rate", 11, 0)]
NEWBORN = ["newborn.screened", "newborn.carriers"] + ["newborn.by_gene." + g for g in
                                                    ("GJB2", "GJB3", "SLC26A4", "MT-RNR1")] + \
    ["newborn.high", "newborn.intermediate", "newborn.low", "newborn.hearing_initial_refer",
     "newborn.rescreened", "newborn.rescreen_refer",
     ("rate", 1, 0), ("rate", 9, 0), ("rate", 10, 9), ("rate", 11, 10)]
CERVICAL = ["cervical." + k for k in ("examined", "hpv_tested", "hpv_positive", "cytology_done",
                                      "cytology_abnormal", "colposcopy_done", "cin1", "precancer", "cancer",
                                      "high")] + \
    [("rate", 2, 1), ("rate", 4, 3), ("rate", 7, 0), ("rate", 8, 0), ("rate", 9, 0)]
BREAST = ["breast.examined", "breast.us_done", "breast.mammo_done"] + \
    ["breast.birads." + b for b in ("0", "1", "2", "3", "4A", "4B", "4C", "5", "6")] + \
    ["breast.precancer", "breast.cancer", "breast.high", ("rate", 12, 0), ("rate", 13, 0), ("rate", 14, 0)]
FOLLOWUP = ["followup." + k for k in ("open", "overdue", "done", "declined", "lost")]


def reason_columns(section, total):
    return [section + ".reasons." + code for code in total[section]["reasons"].keys()]


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def find_row(rows, text, start=0):
    for i in range(start, len(rows)):
        if rows[i] and rows[i][0] == text:
            return i
    problem("row “%s” not found" % text)
    return None


def check_table(sheet, values, formulas, caption, columns, groups, labels, total):
    """values/formulas: rows of the data_only and the formula reading of the same sheet."""
    start = find_row(values, caption)
    if start is None:
        return None
    header = start + 1
    if values[header][0] not in ("月份", "年龄组"):
        problem("%s %s: header row expected after the caption" % (sheet, caption))
    groups_and_total = list(zip(labels, groups)) + [("合计", total)]
    for g, (label, stats) in enumerate(groups_and_total):
        r = header + 1 + g
        row, frow = values[r], formulas[r]
        if row[0] != label:
            problem("%s %s row %d: label %r, expected %r" % (sheet, caption, r + 1, row[0], label))
        counts = []
        for c, col in enumerate(columns):
            cell, fcell = row[c + 1], frow[c + 1]
            where = "%s %s %s column %d" % (sheet, caption, label, c + 2)
            if isinstance(col, tuple):
                expected = rate(counts[col[1]], counts[col[2]])
                if not (isinstance(fcell, str) and fcell.startswith("=IF(")):
                    problem("%s: a rate formula expected, found %r" % (where, fcell))
                if cell is None or abs(cell - expected) > 1e-12:
                    problem("%s: cached rate %r, expected %r" % (where, cell, expected))
                counts.append(None)
            else:
                expected = get(stats, col)
                counts.append(expected)
                if cell != expected or isinstance(cell, str) or isinstance(fcell, str):
                    problem("%s (%s): %r, expected the number %r" % (where, col, cell, expected))
    return header + 1 + len(groups_and_total)


def month_labels(months):
    return ["%s年%s月" % (m["period"]["from"][0:4], m["period"]["from"][5:7]) for m in months]


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    total, months, ages = expected["total"], expected["months"], expected["ages"]
    register = expected["register"]

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    fbook = openpyxl.load_workbook(path, read_only=True, data_only=False)

    names = SHEETS_BEFORE + register["sheets"] + [SHEET_AFTER]
    if book.sheetnames != names:
        problem("sheets %r, expected %r" % (book.sheetnames, names))
        return

    labels = month_labels(months)
    age_labels = ["35–39", "40–44", "45–49", "50–54", "55–59", "60–64", "其他年龄"]

    # 说明
    cover = rows_of(book["说明"])
    cover_map = {r[0]: r[1] for r in cover if r and r[0] and len(r) > 1}
    period = "%s 至 %s" % (total["period"]["from"], total["period"]["to"])
    if expected["deidentify"]:
        period = "%s 至 %s" % (total["period"]["from"][0:7], total["period"]["to"][0:7])
    if cover_map.get("统计期间") != period:
        problem("说明: period %r, expected %r" % (cover_map.get("统计期间"), period))
    if not str(cover_map.get("去标识化", "")).startswith("是" if expected["deidentify"] else "否"):
        problem("说明: de-identified %r" % cover_map.get("去标识化"))
    for key in ("机构", "生成时间", "生成人", "规则集版本"):
        if not cover_map.get(key):
            problem("说明: %s missing" % key)
    # The newest audit entry when the workbook was made anchors the audit chain.
    if not re.fullmatch(r"第 [1-9][0-9]* 条审计记录 [0-9a-f]{64}", str(cover_map.get("审计链校验值", ""))):
        problem("说明: 审计链校验值 %r" % cover_map.get("审计链校验值"))

    def sheet_rows(name):
        return rows_of(book[name]), rows_of(fbook[name])

    v, fm = sheet_rows("产前筛查")
    check_table("产前筛查", v, fm, "一、按月统计", PRENATAL, months, labels, total)
    check_table("产前筛查", v, fm, "二、按高危原因统计（例数，按月）", reason_columns("prenatal", total), months, labels,
                total)

    v, fm = sheet_rows("新生儿耳聋基因筛查")
    check_table("新生儿耳聋基因筛查", v, fm, "一、按月统计", NEWBORN, months, labels, total)
    start = find_row(v, "二、按基因位点统计")
    if start is not None:
        for i, (gene, variant, n) in enumerate(expected["loci"]):
            row, frow = v[start + 2 + i], fm[start + 2 + i]
            if row[0:3] != [gene, variant, n]:
                problem("新生儿耳聋基因筛查 loci row %d: %r, expected %r" % (i, row[0:3], [gene, variant, n]))
            if not (isinstance(frow[3], str) and frow[3].startswith("=IF(")) or \
                    abs(row[3] - rate(n, total["newborn"]["screened"])) > 1e-12:
                problem("新生儿耳聋基因筛查 loci row %d: rate %r / %r" % (i, row[3], frow[3]))
    check_table("新生儿耳聋基因筛查", v, fm, "三、按高危原因统计（例数，按月）", reason_columns("newborn", total), months,
                labels, total)

    for name, columns, section in (("宫颈癌检查", CERVICAL, "cervical"), ("乳腺癌检查", BREAST, "breast")):
        v, fm = sheet_rows(name)
        check_table(name, v, fm, "一、按月统计", columns, months, labels, total)
        check_table(name, v, fm, "二、按年龄组统计（检查日期时的年龄）", columns, ages, age_labels, total)
        check_table(name, v, fm, "三、按高危原因统计（例数，按月）", reason_columns(section, total), months, labels,
                    total)

    # 随访
    v, fm = sheet_rows("随访")
    f = total["followup"]
    start = find_row(v, "未结案")
    if start is not None:
        wanted = [("未结案", f["open"]), ("其中：逾期", f["overdue"]), ("已完成", f["done"]), ("拒绝", f["declined"]),
                  ("失访", f["lost"])]
        for i, (label, n) in enumerate(wanted):
            if v[start + i][0:2] != [label, n]:
                problem("随访: %r, expected %r" % (v[start + i][0:2], [label, n]))
        all_ = f["open"] + f["done"] + f["declined"] + f["lost"]
        for i, (label, value) in enumerate((("合计", all_), ("完成率", rate(f["done"], all_)),
                                            ("逾期率", rate(f["overdue"], f["open"])))):
            row, frow = v[start + 5 + i], fm[start + 5 + i]
            if row[0] != label or abs(row[1] - value) > 1e-12 or not str(frow[1]).startswith("="):
                problem("随访: %r (%r), expected %r = %r" % (row[0:2], frow[1], label, value))
    check_table("随访", v, fm, "二、按记录月份统计", FOLLOWUP, months, labels, total)

    # 高危个案登记: one row per high-risk record, split over the register sheets. De-identified:
    # a row number, the county code, the age and the month instead of key, name, ID and date.
    deid = expected["deidentify"]
    got = []
    for name in register["sheets"]:
        ws = book[name]
        first = True
        count = 0
        for row in ws.iter_rows():
            if first:
                header = [c.value for c in row]
                if deid:
                    wanted = ["项目", "序号", "区划代码（身份证前6位，新生儿为母亲）", "年龄（岁，新生儿为母亲）", "月份"]
                else:
                    wanted = ["项目", "样本/检查编号", "姓名", "身份证号（新生儿为母亲）", "日期"]
                if header[0:5] != wanted:
                    problem("%s: header %r" % (name, header))
                first = False
                continue
            if all(c.value is None for c in row):
                continue
            count += 1
            got.append(row)
        if count > register["rows_per_sheet"]:
            problem("%s: %d rows, more than %d" % (name, count, register["rows_per_sheet"]))
    if len(got) != len(register["rows"]):
        problem("register: %d rows, expected %d" % (len(got), len(register["rows"])))
    for n, (row, want) in enumerate(zip(got, register["rows"])):
        key = want["key"]
        values = [c.value for c in row]
        if deid:
            if values[1] != n + 1:
                problem("register %s: row number %r, expected %r" % (key, values[1], n + 1))
            if values[2] != want["id"][0:6]:
                problem("register %s: county code %r, expected %r" % (key, values[2], want["id"][0:6]))
            if not isinstance(values[3], int) or not 0 <= values[3] < 120:
                problem("register %s: age %r" % (key, values[3]))
            if want.get("age") is not None and values[3] != want["age"]:
                problem("register %s: age %r, expected %r" % (key, values[3], want["age"]))
            if not (isinstance(values[4], str) and re.fullmatch(r"\d{4}-\d{2}", values[4])):
                problem("register %s: month %r, expected text YYYY-MM" % (key, values[4]))
            for c in (row[2], row[4], row[5]):
                if c.data_type != "s" or not isinstance(c.value, str):
                    problem("register %s: cell %s is %r (%s), expected a string" % (key, c.coordinate, c.value,
                                                                                     c.data_type))
        else:
            if values[1] != key:
                problem("register: key %r, expected %r" % (values[1], key))
            if values[2] != want["name"]:
                problem("register %s: name %r, expected %r" % (key, values[2], want["name"]))
            if values[3] != want["id"]:
                problem("register %s: ID number %r, expected %r" % (key, values[3], want["id"]))
            # Text stays text: ID numbers, keys and names (even "=…", "+…", "-…", "@…") are strings.
            for c in (row[1], row[2], row[3], row[5]):
                if c.data_type != "s" or not isinstance(c.value, str):
                    problem("register %s: cell %s is %r (%s), expected a string" % (key, c.coordinate, c.value,
                                                                                     c.data_type))
            if row[3].number_format != "@":
                problem("register %s: the ID number cell has the format %r, expected text (@)" %
                        (key, row[3].number_format))
        if want.get("reasons") is not None and values[5] != want["reasons"]:
            problem("register %s: reasons %r, expected %r" % (key, values[5], want["reasons"]))
        if want.get("days") is not None:
            days = want["days"]
            if deid:
                days = "30天以内" if days <= 30 else "31–90天" if days <= 90 else "91–180天" if days <= 180 else \
                    "181–365天" if days <= 365 else "365天以上"
            if values[7] != days:
                problem("register %s: days open %r, expected %r" % (key, values[7], days))
        if want.get("state") is not None and values[6] != want["state"]:
            problem("register %s: state %r, expected %r" % (key, values[6], want["state"]))

    # No formula anywhere holds user text, and the charts are there (one per indicator sheet).
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        if len(charts) < 5:
            problem("%d charts, expected at least 5" % len(charts))
        for n in z.namelist():
            if n.startswith("xl/worksheets/sheet"):
                xml = z.read(n).decode("utf-8")
                for formula in re.findall(r"<f>([^<]*)</f>", xml):
                    if not formula.startswith("IF(") and not re.fullmatch(r"[A-Z]+\d+(\+[A-Z]+\d+)+", formula):
                        problem("%s: unexpected formula %r" % (n, formula))


main()
for p in problems:
    print(p)
if problems:
    print("%d problem(s)" % len(problems))
sys.exit(1 if problems else 0)
