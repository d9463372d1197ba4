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
#   indicators                (optional) {"total": {ID: [n, d]}, "groups": {month or quarter label: {ID: [n, d]}}}
#                              d: a number, null (no denominator) or "未填报" (a figure not entered)
#   checks                    (optional) {"failures": n, "failing": [ID, ...]}: the 校验 sheet
#   headline                  (optional) {ID: n}: the numbers of 说明's 项目汇总
#   over_100                  (optional) [ID, ...]: indicators whose rate may exceed 100 % (a figure
#                              entered below its numerator, which the 校验 sheet must report)
#   indicators_only           (optional) true: check only the above (a data set of its own)
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


SHEETS_BEFORE = ["说明", "校验", "产前筛查", "新生儿耳聋基因筛查", "宫颈癌检查", "乳腺癌检查"]
SHEET_AFTER = "随访"

# Columns after the label column: a JSON path, or ("rate", numerator column, denominator column)
# with column indexes into the same list.
PRENATAL = ["prenatal.screened"] + ["prenatal.by_test." + t for t in
                                    ("early_combined", "mid_double", "mid_triple", "mid_quad", "nipt")] + \
    ["prenatal.high", "prenatal.intermediate", "prenatal.low", "prenatal.diagnosed",
     "prenatal.diagnosed_abnormal", "prenatal.outcome_known"]
NEWBORN = ["newborn.screened", "newborn.carriers"] + ["newborn.by_gene." + g for g in
                                                    ("GJB2", "GJB3", "SLC26A4", "MT-RNR1")] + \
    ["newborn.high", "newborn.intermediate", "newborn.low", "newborn.hearing_initial_refer",
     "newborn.rescreened", "newborn.rescreen_refer"]
CERVICAL = ["cervical." + k for k in ("examined", "hpv_tested", "hpv_positive", "cytology_done",
                                      "cytology_abnormal", "colposcopy_done", "cin1", "precancer", "cancer",
                                      "high")] + \
    [("rate", 9, 0)]
BREAST = ["breast.examined", "breast.us_done", "breast.mammo_done"] + \
    ["breast.birads." + b for b in ("0", "1", "2", "3", "4A", "4B", "4C", "5", "6")] + \
    ["breast.precancer", "breast.cancer", "breast.high", ("rate", 14, 0)]
FOLLOWUP = ["followup." + k for k in ("open", "overdue", "done", "declined", "lost")]


def reason_columns(section, total):
    return [section + ".reasons." + code for code in total[section]["reasons"].keys()]


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def unnumbered(text):
    """A section caption without its number ("三、按月统计" → "按月统计"): the numbers of a sheet's
    sections depend on the breakdown tables before them."""
    if isinstance(text, str) and "、" in text[0:4]:
        return text.split("、", 1)[1]
    return text


def find_row(rows, text, start=0):
    for i in range(start, len(rows)):
        if rows[i] and unnumbered(rows[i][0]) == unnumbered(text):
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


PROGRAMME_SHEETS = {"P": "产前筛查", "N": "新生儿耳聋基因筛查", "C": "宫颈癌检查", "B": "乳腺癌检查"}
SCALE = {"P14": 1000, "N8": 1000, "C9": 100000, "B6": 100000}
UNIT = {100: "%", 1000: "‰", 100000: "10万"}


def check_indicator_cells(where, ident, want, n_cell, d_cell, r_cell, r_formula):
    """The numerator, denominator and rate cells of one indicator in one period."""
    n, d = want
    scale = SCALE.get(ident, 100)
    if n_cell.value != n or isinstance(n_cell.value, str):
        problem("%s %s: numerator %r, expected %r" % (where, ident, n_cell.value, n))
    if d is None:
        if d_cell.value not in (None, "") or r_cell.value not in (None, ""):
            problem("%s %s: no denominator expected, found %r / %r" % (where, ident, d_cell.value, r_cell.value))
    elif d == "未填报":
        if d_cell.value != "未填报" or r_cell.value != "未填报":
            problem("%s %s: 未填报 expected, found %r / %r" % (where, ident, d_cell.value, r_cell.value))
    else:
        if d_cell.value != d or isinstance(d_cell.value, str):
            problem("%s %s: denominator %r, expected %r" % (where, ident, d_cell.value, d))
        wanted_formula = '=IF(%s>0,%s/%s*%d,"")' % (d_cell.coordinate, n_cell.coordinate, d_cell.coordinate, scale)
        if r_formula != wanted_formula:
            problem("%s %s: rate formula %r, expected %r" % (where, ident, r_formula, wanted_formula))
        if d == 0:
            if r_cell.value not in (None, ""):
                problem("%s %s: a rate over 0 must be empty, found %r" % (where, ident, r_cell.value))
        elif not isinstance(r_cell.value, (int, float)) or abs(r_cell.value - n / d * scale) > 1e-9:
            problem("%s %s: rate %r, expected %r" % (where, ident, r_cell.value, n / d * scale))
        if UNIT[scale] not in (r_cell.number_format or ""):
            problem("%s %s: rate format %r without its unit %s" % (where, ident, r_cell.number_format, UNIT[scale]))


def check_indicators(book, fbook, indicators):
    total, groups = indicators.get("total", {}), indicators.get("groups", {})
    seen_total, seen_groups = set(), set()
    for letter, name in PROGRAMME_SHEETS.items():
        rows = list(book[name].iter_rows())
        frows = [[c.value for c in r] for r in fbook[name].iter_rows()]
        start = None
        for i, r in enumerate(rows):
            if r and r[0].value == "一、考核指标（全期）":
                start = i
        if start is None:
            problem("%s: no table 一、考核指标（全期）" % name)
            continue
        header = [c.value for c in rows[start + 1]][:5]
        if header != ["指标编号", "指标", "分子", "分母", "率"]:
            problem("%s: indicator header %r" % (name, header))
        ids = []
        i = start + 2
        while i < len(rows) and any(c.value is not None for c in rows[i]):
            r = rows[i]
            ident = r[0].value
            if ident:
                ids.append(ident)
                if ident in total:
                    seen_total.add(ident)
                    check_indicator_cells("%s 全期" % name, ident, total[ident], r[2], r[3], r[4], frows[i][4])
            i += 1
        wanted_ids = ["%s%d" % (letter, k) for k in range(1, {"P": 16, "N": 14, "C": 12, "B": 8}[letter] + 1)]
        if ids != wanted_ids:
            problem("%s: indicators %r, expected %r" % (name, ids, wanted_ids))
        # the months of each quarter and the quarter's subtotal: header rows of 指标编号 | 指标 | labels
        for h in range(i, len(rows)):
            if not rows[h] or rows[h][0].value != "指标编号" or rows[h][1].value != "指标":
                continue
            label_cols = {c.value: c.column - 1 for c in rows[h][2:] if c.value}
            sub = [c.value for c in rows[h + 1][2:2 + 3 * len(label_cols)]]
            if sub != ["分子", "分母", "率"] * len(label_cols):
                problem("%s row %d: sub-header %r" % (name, h + 2, sub))
            r = h + 2
            while r < len(rows) and rows[r] and isinstance(rows[r][0].value, str) and rows[r][0].value[0] == letter:
                ident = rows[r][0].value
                for label, col in label_cols.items():
                    want = groups.get(label, {}).get(ident)
                    if want is not None:
                        seen_groups.add((label, ident))
                        check_indicator_cells("%s %s" % (name, label), ident, want, rows[r][col], rows[r][col + 1],
                                              rows[r][col + 2], frows[r][col + 2])
                r += 1
    for ident in total:
        if ident not in seen_total:
            problem("indicator %s not found in the whole-period tables" % ident)
    for label, wanted in groups.items():
        for ident in wanted:
            if (label, ident) not in seen_groups:
                problem("indicator %s of %s not found" % (ident, label))


def check_rates_within_100(book, allowed):
    """No percentage anywhere exceeds 100 %: the indicators' rates ("0.00"%"", in %) and the other
    rates ("0.00%", fractions)."""
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, (int, float)) or isinstance(c.value, bool):
                    continue
                fmt = c.number_format or ""
                ident = row[0].value
                if '"%"' in fmt and c.value > 100 + 1e-9 and ident not in allowed:
                    problem("%s!%s: rate %r %% exceeds 100 %%" % (ws.title, c.coordinate, c.value))
                elif fmt.endswith("0%") and '"' not in fmt and c.value > 1 + 1e-12:
                    problem("%s!%s: rate %r exceeds 100 %%" % (ws.title, c.coordinate, c.value))


def check_checks(book, checks):
    rows = [[c.value for c in r] for r in book["校验"].iter_rows()]
    results = {r[0]: r[4] for r in rows if r and len(r) > 4 and r[4] in ("通过", "不通过", "未填报")}
    for ident in checks.get("failing", []):
        if results.get(ident) != "不通过":
            problem("校验: %s is %r, expected 不通过" % (ident, results.get(ident)))
    for ident, result in results.items():
        if result == "不通过" and ident not in checks.get("failing", []):
            problem("校验: %s 不通过 unexpectedly" % ident)
    head = [r[0] for r in rows if r and isinstance(r[0], str) and r[0].startswith("二、未通过的校验")]
    m = re.search(r"（(\d+) 项", head[0]) if head else None
    if not m or int(m.group(1)) != checks["failures"]:
        problem("校验: failures %r, expected %d" % (head, checks["failures"]))
    listed = []
    for r in (rows[rows.index(next(r for r in rows if r and r[0] == head[0])) + 1:] if head else []):
        if r and isinstance(r[0], str) and unnumbered(r[0]) != r[0]:
            break   # the next section: the sum checks
        if r and r[0]:
            listed.append(r[0])
    # 三、分组合计校验: per indicator and numerator/denominator, the sums over institutions, areas and
    # months against the whole period; 通过 exactly when the three equal it.
    sums = find_row(rows, "分组合计校验（各机构之和 = 各地区之和 = 各月之和 = 全期）")
    sum_failing = set()
    for r in (rows[sums + 2:] if sums is not None else []):
        if not r or r[0] is None:
            break
        equal = r[3] == r[4] == r[5] == r[6]
        if r[7] != ("通过" if equal else "不通过"):
            problem("校验: sum check %s %s is %r with %r" % (r[0], r[2], r[7], r[3:7]))
        if not equal:
            sum_failing.add(r[0])
    if sorted(sum_failing) != sorted(checks.get("sum_failing", [])):
        problem("校验: sum checks failing %r, expected %r" % (sorted(sum_failing), checks.get("sum_failing", [])))
    if checks["failures"] == 0 and listed != ["全部通过"]:
        problem("校验: %r listed, expected 全部通过" % listed)
    if checks["failures"] > 0 and len(listed) != checks["failures"]:
        problem("校验: %d failures listed, expected %d" % (len(listed), checks["failures"]))
    for ident in checks.get("failing", []):
        if not any(ident in text for text in listed):
            problem("校验: no failure sentence names %s" % ident)
    cover = {r[0]: r[1] for r in rows_of(book["说明"]) if r and r[0] and len(r) > 1}
    if cover.get("校验不通过项数") != checks["failures"]:
        problem("说明: 校验不通过项数 %r, expected %d" % (cover.get("校验不通过项数"), checks["failures"]))


def check_headline(book, headline):
    rows = rows_of(book["说明"])
    figures = {}
    for r in rows:
        m = re.search(r"（([PNCB]\d+)）$", str(r[0] or ""))
        if m:
            figures[m.group(1)] = r[1]
    for ident, n in headline.items():
        if figures.get(ident) != n:
            problem("说明 项目汇总: %s is %r, expected the number %r" % (ident, figures.get(ident), n))
    text = " ".join(str(r[1]) for r in rows if r and len(r) > 1 and r[0] == "产前筛查")
    if "P1" in headline and "筛查孕妇 {:,} 人".format(headline["P1"]) not in text:
        problem("说明 项目汇总: the prenatal sentence %r does not give P1 = %d" % (text, headline["P1"]))


def check_bureau(path, expected):
    book = openpyxl.load_workbook(path, data_only=True)
    fbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    if "indicators" in expected:
        check_indicators(book, fbook, expected["indicators"])
    if "checks" in expected:
        check_checks(book, expected["checks"])
    if "headline" in expected:
        check_headline(book, expected["headline"])
    check_rates_within_100(book, set(expected.get("over_100", [])))


def month_labels(months):
    return ["%s年%s月" % (m["period"]["from"][0:4], m["period"]["from"][5:7]) for m in months]


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    check_bureau(path, expected)
    if expected.get("indicators_only"):
        return
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
    check_table("产前筛查", v, fm, "三、按月统计（记录数）", PRENATAL, months, labels, total)
    check_table("产前筛查", v, fm, "四、按高危原因统计（例数，按月）", reason_columns("prenatal", total), months, labels,
                total)

    v, fm = sheet_rows("新生儿耳聋基因筛查")
    check_table("新生儿耳聋基因筛查", v, fm, "三、按月统计（记录数）", NEWBORN, months, labels, total)
    start = find_row(v, "四、按基因位点统计")
    if start is not None:
        for i, (gene, variant, n) in enumerate(expected["loci"]):
            row, frow = v[start + 2 + i], fm[start + 2 + i]
            if row[0:3] != [gene, variant, n]:
                problem("新生儿耳聋基因筛查 loci row %d: %r, expected %r" % (i, row[0:3], [gene, variant, n]))
            if not (isinstance(frow[3], str) and frow[3].startswith("=IF(")) or \
                    abs(row[3] - rate(n, total["newborn"]["screened"])) > 1e-12:
                problem("新生儿耳聋基因筛查 loci row %d: rate %r / %r" % (i, row[3], frow[3]))
    check_table("新生儿耳聋基因筛查", v, fm, "五、按高危原因统计（例数，按月）", reason_columns("newborn", total), months,
                labels, total)

    for name, columns, section in (("宫颈癌检查", CERVICAL, "cervical"), ("乳腺癌检查", BREAST, "breast")):
        v, fm = sheet_rows(name)
        check_table(name, v, fm, "三、按月统计（记录数）", columns, months, labels, total)
        check_table(name, v, fm, "四、按年龄组统计（检查日期时的年龄）", columns, ages, age_labels, total)
        check_table(name, v, fm, "五、按高危原因统计（例数，按月）", reason_columns(section, total), months, labels,
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

    # 产前/新生儿/两癌高危个案登记: one row per high-risk record, split over the register sheets. De-identified:
    # a row number, the county code, the age and the month instead of key, name, ID and date.
    deid = expected["deidentify"]
    got = []
    numbers = []   # de-identified: the row numbers start at 1 in each register (NAME, NAME(2), …)
    for name in register["sheets"]:
        if "(" not in name:
            number = 0
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
            number += 1
            got.append(row)
            numbers.append(number)
        if count > register["rows_per_sheet"]:
            problem("%s: %d rows, more than %d" % (name, count, register["rows_per_sheet"]))
    if len(got) != len(register["rows"]):
        problem("register: %d rows, expected %d" % (len(got), len(register["rows"])))
    for n, (row, want) in enumerate(zip(got, register["rows"])):
        key = want["key"]
        values = [c.value for c in row]
        if deid:
            if values[1] != numbers[n]:
                problem("register %s: row number %r, expected %r" % (key, values[1], numbers[n]))
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
