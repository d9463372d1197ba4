#!/usr/bin/env python3
"""check-workbook-print.py XLSX PDF: the workbook is set up to print, and prints that way.

XLSX is the exported workbook, PDF what LibreOffice made of it. Checked on every sheet:
A4 landscape, fit to one page wide, the first row repeated, a page header with the period and a
footer with "page x of y"; a CJK font on every written cell and in every chart; charts below every
used cell; no number stored as text on the cover and indicator sheets. In the PDF: every page is A4 landscape,
carries its footer, and shows column A of its sheet (a table cut into a left and a right page
leaves a page without column A). Prints each failure and exits 1 if there is one."""
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
FONT = "宋体"
failures = []


def fail(text):
    failures.append(text)


def cell_row_col(ref):
    m = re.match(r"([A-Z]+)(\d+)$", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def main(xlsx_path, pdf_path):
    z = zipfile.ZipFile(xlsx_path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fonts = [f.find("m:name", NS).get("val") for f in styles.find("m:fonts", NS)]
    xf_font = [int(x.get("fontId", 0)) for x in styles.find("m:cellXfs", NS)]
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    titles = {}
    for dn in wb.iter("{%s}definedName" % NS["m"]):
        if dn.get("name") == "_xlnm.Print_Titles":
            titles[int(dn.get("localSheetId"))] = dn.text
    column_a = {}
    names = []
    for index, sheet in enumerate(wb.find("m:sheets", NS)):
        name = sheet.get("name")
        names.append(name)
        path = "xl/" + target[sheet.get("{%s}id" % NS["r"])]
        ws = ET.fromstring(z.read(path))
        setup = ws.find("m:pageSetup", NS)
        if setup is None or setup.get("orientation") != "landscape" or setup.get("paperSize") != "9":
            fail(f"{name}: not A4 landscape")
        if setup is None or setup.get("fitToWidth", "1") != "1" or setup.get("fitToHeight") != "0":
            fail(f"{name}: not fitted to one page wide")
        pr = ws.find("m:sheetPr/m:pageSetUpPr", NS)
        if pr is None or pr.get("fitToPage") != "1":
            fail(f"{name}: fit-to-page is off")
        if index not in titles:
            fail(f"{name}: no repeated header row")
        hf = ws.find("m:headerFooter", NS)
        header = hf.findtext("m:oddHeader", "", NS) if hf is not None else ""
        footer = hf.findtext("m:oddFooter", "", NS) if hf is not None else ""
        if "统计期间" not in header or "&P" not in footer or "&N" not in footer:
            fail(f"{name}: page header or footer missing")
        last_row = -1
        count_row = -1
        column_a[name] = set()
        for c in ws.iter("{%s}c" % NS["m"]):
            v = c.find("m:v", NS)
            inline = c.find("m:is", NS)
            if v is None and inline is None:
                continue
            row, col = cell_row_col(c.get("r"))
            last_row = max(last_row, row)
            font = fonts[xf_font[int(c.get("s", 0))]]
            if font != FONT:
                fail(f"{name}!{c.get('r')}: font {font}, not {FONT}")
            kind = c.get("t")
            if kind == "s":
                text = shared[int(v.text)]
            elif kind == "inlineStr":
                text = "".join(t.text or "" for t in inline.iter("{%s}t" % NS["m"]))
            else:
                text = v.text if v is not None else ""
            is_text = kind in ("s", "inlineStr", "str")
            if col == 0 and is_text:
                column_a[name].add(text)
            # Text by nature: the register's numbers and IDs, the cover's rule-set version.
            texty = "高危个案登记" in name or index == 0
            if index == 0 and col == 0 and text == "高危个案数":
                count_row = row
            if index == 0 and col == 1 and row == count_row and is_text:
                fail(f"{name}!{c.get('r')}: the register count is stored as text")
            if is_text and not texty and re.fullmatch(r"[0-9]+(\.[0-9]+)?", text or ""):
                fail(f"{name}!{c.get('r')}: the number {text} is stored as text")
        # Charts sit below every used cell.
        drawing = ws.find("m:drawing", NS)
        if drawing is not None:
            sheet_rels = ET.fromstring(z.read(path.replace("worksheets/", "worksheets/_rels/") + ".rels"))
            dtarget = {r.get("Id"): r.get("Target") for r in sheet_rels.findall("rel:Relationship", NS)}
            dpath = "xl/" + dtarget[drawing.get("{%s}id" % NS["r"])].replace("../", "")
            for anchor in ET.fromstring(z.read(dpath)).findall("xdr:twoCellAnchor", NS):
                top = int(anchor.find("xdr:from/xdr:row", NS).text)
                if top <= last_row:
                    fail(f"{name}: a chart starts at row {top + 1}, over cells in use down to row {last_row + 1}")

    # The charts' text in the same CJK font (Calibri, their default, has no Chinese glyphs).
    for part in sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
        faces = re.findall(r'<a:latin typeface="([^"]*)"', z.read(part).decode("utf-8"))
        if not faces or any(face != FONT for face in faces):
            fail(f"{part}: chart fonts {sorted(set(faces))}, not {FONT}")

    # What LibreOffice printed.
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", pdf_path], capture_output=True, text=True).stdout
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)
    if not sizes:
        fail("the PDF has no pages")
    for i, (w, h) in enumerate(sizes, 1):
        if abs(float(w) - 841.9) > 2 or abs(float(h) - 595.3) > 2:
            fail(f"PDF page {i}: {w} x {h} pt is not A4 landscape")
    for page in range(1, len(sizes) + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", pdf_path, "-"],
                              capture_output=True, text=True).stdout
        m = re.search(r"第\s*(\d+)\s*页，共\s*(\d+)\s*页", text)
        if not m:
            fail(f"PDF page {page}: no page footer")
            continue
        sheet = next((n for n in sorted(names, key=len, reverse=True) if n in text), None)
        if sheet is None:
            fail(f"PDF page {page}: no sheet name in its footer")
            continue
        squeezed = re.sub(r"\s+", "", text)
        if not any(re.sub(r"\s+", "", a) in squeezed for a in column_a[sheet] if a):
            fail(f"PDF page {page} ({sheet}): none of its column A is on the page: the sheet is wider than a page")
    print(f"{len(names)} sheets, {len(sizes)} PDF pages")
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
