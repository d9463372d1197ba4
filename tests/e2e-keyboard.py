#!/usr/bin/python3
# e2e-keyboard.py: end-to-end test of the real program driven by real X key events.
#
# Builds a database with muying-cli (administrator, doctor, nurse, 2000 demo records), starts
# `muying --db FILE` on an X display (the one the test runs under, else an Xvfb of its own) and
# types into it with xdotool, as a user would: sign in, switch pages, search, enter and save a
# record, sign a case, export the workbook, quit. Every check reads something outside the
# program's memory: the database, the window titles, the settings file, the exported file.
# A screenshot of the screen is saved after every step (MUYING_SCREENSHOT_DIR, e2e-*.png).
#
# Output: TAP. Each wait polls with a deadline (the CI machine is slow and loaded).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import configparser
import datetime
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile

GUI = os.environ["MUYING_GUI"]
CLI = os.environ["MUYING_CLI"]
SHOTS = os.environ.get("MUYING_SCREENSHOT_DIR")
DEADLINE = float(os.environ.get("MUYING_E2E_DEADLINE", "40"))

ADMIN, ADMIN_PW = "zhang", "Admin-pass-2026"
DOCTOR, DOCTOR_PW = "wang", "Doctor-pass-2026"
NURSE, NURSE_PW = "li", "Nurse-pass-2026"


class Failure(Exception):
    pass


def log(msg):
    for line in str(msg).splitlines():
        print("# " + line, flush=True)


def run(argv, env=None, check=True, **kw):
    p = subprocess.run(argv, env=env, capture_output=True, text=True, **kw)
    if check and p.returncode != 0:
        raise Failure("%s failed (%d): %s%s" % (" ".join(argv), p.returncode, p.stdout, p.stderr))
    return p


def wait_for(what, predicate, deadline=DEADLINE, interval=0.1):
    """Polls predicate until it returns something true; returns that, or fails after deadline."""
    end = time.monotonic() + deadline
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            raise Failure("timed out after %.0f s waiting for %s" % (deadline, what))
        time.sleep(interval)


def id_number(base17):
    """A valid GB 11643 ID number from its first 17 digits."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(base17, weights))
    return base17 + "10X98765432"[total % 11]


class Session:
    def __init__(self, tmp):
        self.tmp = tmp
        self.db = os.path.join(tmp, "e2e.db")
        self.config = os.path.join(tmp, "config")
        self.app = None
        self.xvfb = None
        self.step = 0
        self.env = dict(os.environ)
        # Settings go to a key file we can read back (the last page shown, the export folder).
        self.env["GSETTINGS_BACKEND"] = "keyfile"
        self.env["XDG_CONFIG_HOME"] = self.config
        self.env["XDG_DATA_HOME"] = os.path.join(tmp, "data")
        self.env["HOME"] = tmp
        self.env.pop("MUYING_IDLE_SECONDS", None)
        os.makedirs(os.path.join(self.config, "gtk-4.0"))
        # No blinking cursor and no animations: two screenshots of an idle screen are equal.
        with open(os.path.join(self.config, "gtk-4.0", "settings.ini"), "w") as f:
            f.write("[Settings]\ngtk-cursor-blink=false\ngtk-enable-animations=false\n")

    # ---- the X display -------------------------------------------------------------------
    def start_display(self):
        if self.env.get("DISPLAY"):
            return
        r, w = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x1024x24", "-nolisten", "tcp", "-noreset"],
                                     pass_fds=(w,), stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            number = f.readline().strip()
        if not number:
            raise Failure("Xvfb did not start")
        self.env["DISPLAY"] = ":" + number

    def xdo(self, *args, check=True):
        return run(["xdotool"] + [str(a) for a in args], env=self.env, check=check).stdout

    def windows(self):
        """(id, title) of every visible window with a title."""
        out = self.xdo("search", "--onlyvisible", "--name", ".", check=False)
        result = []
        for wid in out.split():
            name = self.xdo("getwindowname", wid, check=False).strip()
            if name:
                result.append((wid, name))
        return result

    def find_window(self, pattern):
        for wid, name in self.windows():
            if re.search(pattern, name):
                return wid
        return None

    def wait_window(self, pattern, what=None):
        return wait_for(what or "a window titled /%s/" % pattern, lambda: self.find_window(pattern))

    def wait_no_window(self, pattern, what=None):
        wait_for(what or "no window titled /%s/" % pattern, lambda: self.find_window(pattern) is None)

    def focus(self, wid):
        # No window manager: give the window the keyboard ourselves.
        self.xdo("windowfocus", "--sync", wid)
        wait_for("keyboard focus on window %s" % wid, lambda: self.xdo("getwindowfocus", check=False).strip() == str(wid))

    def key(self, *keys):
        self.xdo("key", "--clearmodifiers", "--delay", "40", *keys)

    def type(self, text, delay=30):
        self.xdo("type", "--delay", str(delay), text)

    def screenshot(self, name):
        self.step += 1
        if not SHOTS or shutil.which("import") is None:
            return None
        if self.step == 1:
            os.makedirs(SHOTS, exist_ok=True)
            for old in os.listdir(SHOTS):
                if old.startswith("e2e-"):
                    os.unlink(os.path.join(SHOTS, old))
        path = os.path.join(SHOTS, "e2e-%02d-%s.png" % (self.step, name))
        run(["import", "-window", "root", path], env=self.env, check=False)
        return path

    def screen_pixels(self):
        """The screen as raw RGB bytes (for 'did anything change')."""
        if shutil.which("import") is None:
            return None
        p = subprocess.run(["import", "-window", "root", "rgb:-"], env=self.env, capture_output=True)
        return p.stdout

    # ---- the database ----------------------------------------------------------------------
    def cli(self, *args, password=ADMIN_PW, new_password=None):
        env = dict(self.env)
        env["MUYING_PASSWORD"] = password
        if new_password:
            env["MUYING_NEW_PASSWORD"] = new_password
        return run([CLI, "--db", self.db] + list(args), env=env)

    def prepare_database(self):
        self.cli("init", "--admin", ADMIN)
        self.cli("--user", ADMIN, "user", "add", "--role", "doctor", DOCTOR, new_password=DOCTOR_PW)
        self.cli("--user", ADMIN, "user", "add", "--role", "nurse", NURSE, new_password=NURSE_PW)
        self.cli("--user", ADMIN, "demo", "--records", "2000", "--seed", "1")

    def sql(self, query, *params):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True, timeout=10)
        try:
            return con.execute(query, params).fetchall()
        finally:
            con.close()

    def sql_value(self, query, *params):
        rows = self.sql(query, *params)
        return rows[0][0] if rows else None

    def setting(self, key):
        path = os.path.join(self.config, "glib-2.0", "settings", "keyfile")
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
        except configparser.Error:
            return None
        for section in parser.sections():
            if parser.has_option(section, key):
                return parser.get(section, key).strip("'")
        return None

    # ---- the program ---------------------------------------------------------------------
    def start_app(self):
        self.app_log = open(os.path.join(self.tmp, "muying.log"), "w")
        self.app = subprocess.Popen([GUI, "--db", self.db], env=self.env, stdout=self.app_log, stderr=subprocess.STDOUT)

    def stop(self):
        if self.app is not None and self.app.poll() is None:
            self.app.kill()
            self.app.wait()
        if self.xvfb is not None:
            self.xvfb.terminate()
            self.xvfb.wait()

    def app_output(self):
        self.app_log.flush()
        with open(os.path.join(self.tmp, "muying.log")) as f:
            return f.read()


# ---- the scenarios, in order: each one starts where the one before it ended ------------------

MAIN = r"^母婴筛查$"


def case_sign_in(s):
    s.start_app()
    login = s.wait_window(r"^登录$", "the sign-in window")
    s.focus(login)
    s.type(ADMIN)
    s.key("Tab")
    s.type(ADMIN_PW)
    s.screenshot("sign-in-typed")
    s.key("Return")
    main = s.wait_window(MAIN, "the main window after signing in")
    s.wait_no_window(r"^登录$")
    s.focus(main)
    s.screenshot("signed-in")
    n = s.sql_value("SELECT count(*) FROM audit WHERE action = 'login' AND user_name = ?", ADMIN)
    if not n:
        raise Failure("no login of %s in the audit log" % ADMIN)


PAGES = ["prenatal", "newborn", "two_cancer", "worklist", "recall", "stats", "admin"]


def case_switch_pages(s):
    s.focus(s.wait_window(MAIN))
    # Start from the last page, so that every key press is a change the settings file records.
    for i in [7, 6, 5, 4, 3, 2, 1]:
        s.key("alt+%d" % i)
        wait_for("page %s after Alt+%d" % (PAGES[i - 1], i), lambda: s.setting("last-page") == PAGES[i - 1])
        s.screenshot("page-%s" % PAGES[i - 1])


def open_search_result(s, shortcut, key):
    """From the prenatal page: shortcut focuses the search, the key is typed, Enter opens the match."""
    s.key(shortcut)
    s.type(key)
    s.key("Return")
    return s.wait_window(r"^记录 %s：" % re.escape(key), "the record %s opened from the search" % key)


def case_search(s):
    s.focus(s.wait_window(MAIN))
    s.key("alt+1")
    # A record far down the list (the list starts with the newest): only a working filter opens it.
    key = s.sql_value("SELECT record_key FROM record WHERE program = 'prenatal' ORDER BY record_date, id LIMIT 1 OFFSET 17")
    form = open_search_result(s, "ctrl+f", key)
    s.screenshot("search-opened-record")
    s.focus(form)
    s.key("ctrl+w")
    s.wait_no_window(r"^记录 %s：" % re.escape(key))
    # Again from another page: Ctrl+F works wherever the search box is.
    main = s.wait_window(MAIN)
    s.focus(main)
    s.key("alt+2")
    wait_for("the newborn page", lambda: s.setting("last-page") == "newborn")
    s.key("alt+1")
    wait_for("the prenatal page", lambda: s.setting("last-page") == "prenatal")
    s.key("ctrl+f", "ctrl+a", "BackSpace")
    key2 = s.sql_value("SELECT record_key FROM record WHERE program = 'prenatal' ORDER BY record_date, id LIMIT 1 OFFSET 40")
    s.type(key2)
    s.key("Return")
    form = s.wait_window(r"^记录 %s：" % re.escape(key2))
    s.focus(form)
    s.key("ctrl+w")
    s.wait_no_window(r"^记录 %s：" % re.escape(key2))


PRENATAL = {
    "sample_no": "E2E-0001",
    "id_number": id_number("11010119900307402"),
    "name": "Zhou Min",
    "phone": "13800138000",
    "institution": "E2E Hospital",
    "sample_date": (datetime.date.today() - datetime.timedelta(days=2)).isoformat(),
    "ga_weeks": "12",
    "ga_days": "3",
    "t21_risk": "1/5000",
    "t18_risk": "1/20000",
}


def type_risks(s, values):
    """From the gestation days: past the delivery date and weight to the two serum risks."""
    s.key("Tab", "Tab", "Tab")
    s.type(values["t21_risk"])
    s.key("Return")
    s.type(values["t18_risk"])


def fill_prenatal(s, values, sample_no):
    """Types a prenatal record the way a nurse does: value, Enter or Tab, value…"""
    s.type(sample_no)
    s.key("Return")
    s.type(values["id_number"])
    s.key("Tab")
    s.type(values["name"])
    s.key("Return")
    s.type(values["phone"])
    s.key("Tab")
    s.type(values["institution"])
    s.key("Return")
    s.type(values["sample_date"])
    s.key("Tab")
    s.key("Tab")   # the test: the first choice (early combined) stays
    s.type(values["ga_weeks"])
    s.key("Return")
    s.type(values["ga_days"])
    type_risks(s, values)


def case_enter_prenatal_record(s):
    s.focus(s.wait_window(MAIN))
    s.key("alt+1")
    s.key("ctrl+n")
    form = s.wait_window(r"^新建记录：产前筛查$", "the new prenatal record form after Ctrl+N")
    s.focus(form)
    fill_prenatal(s, PRENATAL, PRENATAL["sample_no"])
    s.screenshot("prenatal-typed")
    s.key("ctrl+s")
    row = wait_for("the record in the database after Ctrl+S", lambda: s.sql(
        "SELECT p.id_number, p.name, p.phone, r.institution, r.record_date, x.test_type, x.ga_days, x.t21_risk, "
        "x.t18_risk "
        "FROM record r JOIN person p ON p.id = r.person_id JOIN prenatal x ON x.record_id = r.id "
        "WHERE r.program = 'prenatal' AND r.record_key = ?", PRENATAL["sample_no"]))
    s.screenshot("prenatal-saved")
    expected = (PRENATAL["id_number"], PRENATAL["name"], PRENATAL["phone"], PRENATAL["institution"],
                PRENATAL["sample_date"], "early_combined", int(PRENATAL["ga_weeks"]) * 7 + int(PRENATAL["ga_days"]),
                5000, 20000)
    if row[0] != expected:
        raise Failure("saved %r, typed %r" % (row[0], expected))
    if not s.sql_value("SELECT count(*) FROM audit WHERE action = 'import' AND user_name = ?", ADMIN):
        raise Failure("the save is not in the audit log")
    s.key("ctrl+w")
    s.wait_no_window(r"产前筛查$|^记录 E2E-0001")


def case_unsaved_form_asks(s):
    s.focus(s.wait_window(MAIN))
    s.key("alt+1")
    s.key("ctrl+n")
    form = s.wait_window(r"^新建记录：产前筛查$")
    s.focus(form)
    s.type("E2E-0002")
    s.key("Return")
    s.type(PRENATAL["id_number"])
    s.key("ctrl+w")
    dialog = s.wait_window(r"^未保存的更改$", "the question before discarding typed values")
    s.focus(dialog)
    s.screenshot("unsaved-question")
    s.key("Escape")     # Cancel: the form stays, with what was typed
    s.wait_no_window(r"^未保存的更改$")
    if s.find_window(r"^新建记录：产前筛查$") is None:
        raise Failure("Cancel closed the form")
    s.focus(form)
    s.key("ctrl+w")
    dialog = s.wait_window(r"^未保存的更改$")
    s.focus(dialog)
    s.key("alt+d")      # 放弃(D)
    s.wait_no_window(r"^新建记录：产前筛查$", "the form to close after Discard")
    if s.sql_value("SELECT count(*) FROM record WHERE record_key = 'E2E-0002'"):
        raise Failure("a discarded record was saved")


def case_barcode_and_save_new(s):
    s.focus(s.wait_window(MAIN))
    s.key("ctrl+n")
    form = s.wait_window(r"^新建记录：产前筛查$")
    s.focus(form)
    # A scanner types fast and ends with Enter: the focus moves on, nothing is saved.
    s.type("E2E-0003", delay=1)
    s.key("Return")
    time.sleep(0.3)
    if s.sql_value("SELECT count(*) FROM record WHERE record_key = 'E2E-0003'"):
        raise Failure("Enter after the scanned sample number saved a half record")
    values = dict(PRENATAL, id_number=id_number("11010119910415402"), name="Qian Li", phone="13900139000")
    s.type(values["id_number"])
    s.key("Tab")
    s.type(values["name"])
    s.key("Return")
    s.type(values["phone"])
    # Skip to the gestation (institution, date and test are kept by "save and new").
    s.key("Tab")
    s.type(values["institution"])
    s.key("Tab")
    s.type(values["sample_date"])
    s.key("Tab", "Tab")
    s.type(values["ga_weeks"])
    s.key("Tab")
    s.type(values["ga_days"])
    type_risks(s, values)
    s.key("ctrl+shift+s")     # save and new
    wait_for("E2E-0003 saved", lambda: s.sql_value("SELECT count(*) FROM record WHERE record_key = 'E2E-0003'"))
    s.screenshot("save-and-new")
    # The next one: only what changes per woman is typed.
    s.type("E2E-0004", delay=1)
    s.key("Return")
    s.type(id_number("11010119920520402"))
    s.key("Tab")
    s.type("Sun Jing")
    s.key("Return")
    s.key("Tab", "Tab", "Tab", "Tab")   # phone, institution, date, test: kept
    s.type("13")
    s.key("Tab")
    s.type("1")
    type_risks(s, values)
    s.key("ctrl+s")
    row = wait_for("E2E-0004 saved", lambda: s.sql(
        "SELECT r.institution, r.record_date, x.test_type, x.ga_days FROM record r JOIN prenatal x ON x.record_id = r.id "
        "WHERE r.record_key = 'E2E-0004'"))
    expected = (values["institution"], values["sample_date"], "early_combined", 13 * 7 + 1)
    if row[0] != expected:
        raise Failure("save-and-new kept %r, expected %r" % (row[0], expected))
    s.key("ctrl+w")
    s.wait_no_window(r"产前筛查$|^记录 E2E-0004")


def case_sign_case(s):
    s.focus(s.wait_window(MAIN))
    s.key("alt+4")
    wait_for("the worklist page", lambda: s.setting("last-page") == "worklist")
    # The sample number of a case that waits for a signature, opened from the prenatal search.
    key = s.sql_value("SELECT record_key FROM record WHERE program = 'prenatal' AND review_state = 'pending' "
                      "ORDER BY record_date DESC LIMIT 1")
    s.key("alt+1")
    wait_for("the prenatal page", lambda: s.setting("last-page") == "prenatal")
    form = open_search_result(s, "ctrl+f", key)
    s.focus(form)
    s.key("alt+c")        # 个案与随访(C)…
    case = s.wait_window(r"^个案 %s：" % re.escape(key), "the case window")
    s.focus(case)
    s.screenshot("case-window")
    s.key("alt+g")        # 签名(G)…
    dialog = s.wait_window(r"^电子签名$", "the signature dialog")
    s.focus(dialog)
    s.type(ADMIN_PW)
    s.screenshot("signature-dialog")
    s.key("Return")
    wait_for("the record signed in the database", lambda: s.sql_value(
        "SELECT review_state FROM record WHERE program = 'prenatal' AND record_key = ?", key) == "signed")
    s.wait_no_window(r"^电子签名$")
    s.screenshot("case-signed")
    if not s.sql_value("SELECT count(*) FROM audit WHERE action = 'sign' AND user_name = ?", ADMIN):
        raise Failure("the signature is not in the audit log")
    s.focus(case)
    s.key("ctrl+w")
    s.wait_no_window(r"^个案 %s：" % re.escape(key))
    s.focus(form)
    s.key("ctrl+w")
    s.wait_no_window(r"^记录 %s：" % re.escape(key))


def case_export(s):
    out_dir = os.path.join(s.tmp, "exports")
    os.makedirs(out_dir)
    path = os.path.join(out_dir, "annual.xlsx")
    s.focus(s.wait_window(MAIN))
    s.key("alt+6")
    wait_for("the statistics page", lambda: s.setting("last-page") == "stats")
    # While the page counts (a busy machine, a server) its export button is insensitive and Alt+E
    # does nothing, as for a user: wait until the page stops changing, and press again if the
    # counting was only paused then.
    chooser = None
    for attempt in range(3):
        wait_for("a steady statistics page", lambda: steady(s))
        s.key("alt+e")
        try:
            chooser = wait_for("the file chooser", lambda: s.find_window(r"^导出年度工作簿$"),
                               deadline=DEADLINE / 2)
            break
        except Failure:
            if attempt == 2:
                raise
    s.focus(chooser)
    s.key("ctrl+a")
    s.type(path)
    s.screenshot("export-chooser")
    s.key("Return")
    wait_for("the workbook file", lambda: os.path.exists(path) and s.sql_value(
        "SELECT count(*) FROM audit WHERE action = 'export'"), deadline=DEADLINE * 2)
    s.screenshot("exported")
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        names = z.namelist()
    if bad is not None or "xl/workbook.xml" not in names:
        raise Failure("not a valid xlsx: %s" % (bad or names))
    try:
        import openpyxl
    except ImportError:
        return
    book = openpyxl.load_workbook(path, read_only=True)
    if len(book.sheetnames) < 2:
        raise Failure("the workbook has sheets %r" % book.sheetnames)


def case_reload_key(s):
    main = s.wait_window(MAIN)
    s.focus(main)
    s.key("alt+1")
    wait_for("the prenatal page", lambda: s.setting("last-page") == "prenatal")
    s.key("ctrl+f", "ctrl+a", "BackSpace")
    time.sleep(0.6)                       # the search box waits 250 ms before it filters
    before = wait_for("a steady screen", lambda: steady(s))
    # A record written by another program (the command line) shows without F5: the window
    # watches the file for others' commits.
    csv = os.path.join(s.tmp, "one.csv")
    today = datetime.date.today().isoformat()
    with open(csv, "w", encoding="utf-8") as f:
        f.write("sample_no,id_number,name,sample_date,test_type,ga_weeks,ga_days,nipt_t21,nipt_t18,nipt_t13\n")
        f.write("E2E-F5,%s,Reload Test,%s,nipt,14,0,low,low,low\n" % (id_number("11010119930101402"), today))
    s.cli("--user", ADMIN, "import", "--program", "prenatal", csv)
    wait_for("the list to change without F5", lambda: s.screen_pixels() != before)
    wait_for("a steady screen", lambda: steady(s))
    s.screenshot("after-import")


def steady(s):
    a = s.screen_pixels()
    time.sleep(0.3)
    b = s.screen_pixels()
    return a if a == b else None


def case_lock_and_unlock(s):
    s.focus(s.wait_window(MAIN))
    s.key("ctrl+l")
    unlock = s.wait_window(r"^已锁定$", "the lock window after Ctrl+L")
    s.focus(unlock)
    s.screenshot("locked")
    s.type(ADMIN_PW)
    s.key("Return")
    s.wait_no_window(r"^已锁定$", "the lock window to go after the password")


def case_shortcuts_window(s):
    s.focus(s.wait_window(MAIN))
    s.key("ctrl+question")
    help_window = s.wait_window(r"^键盘快捷键$", "the shortcuts window after Ctrl+?")
    s.screenshot("shortcuts")
    s.focus(help_window)
    s.key("Escape")
    s.wait_no_window(r"^键盘快捷键$")


def case_quit(s):
    # With a half-typed form open, Ctrl+Q asks first; Cancel keeps the program and the form.
    s.focus(s.wait_window(MAIN))
    s.key("alt+1")
    s.key("ctrl+n")
    form = s.wait_window(r"^新建记录：产前筛查$")
    s.focus(form)
    s.type("E2E-QUIT")
    s.key("ctrl+q")
    dialog = s.wait_window(r"^未保存的更改$", "the question before quitting with typed values")
    s.focus(dialog)
    s.key("Escape")
    s.wait_no_window(r"^未保存的更改$")
    if s.app.poll() is not None or s.find_window(r"^新建记录：产前筛查$") is None:
        raise Failure("Ctrl+Q with typed values quit or closed the form without asking")
    s.focus(form)
    s.key("ctrl+w")
    s.focus(s.wait_window(r"^未保存的更改$"))
    s.key("alt+d")
    s.wait_no_window(r"^新建记录：产前筛查$")
    s.focus(s.wait_window(MAIN))
    s.key("ctrl+q")
    code = wait_for("the program to exit after Ctrl+Q", lambda: s.app.poll() is not None and (s.app.returncode,))
    if code[0] != 0:
        raise Failure("exit status %d" % code[0])


CASES = [
    ("sign in by typing the account and password", case_sign_in),
    ("Alt+1 to Alt+7 switch pages", case_switch_pages),
    ("Ctrl+F focuses the search; the typed sample number filters the list and Enter opens it", case_search),
    ("a prenatal record typed with Tab/Enter and saved with Ctrl+S is in the database", case_enter_prenatal_record),
    ("Ctrl+W on a half-filled form asks; Cancel keeps it, Discard closes it unsaved", case_unsaved_form_asks),
    ("a scanned sample number + Enter moves on; save and new keeps date, test and institution",
     case_barcode_and_save_new),
    ("a case is signed with the keyboard and the password", case_sign_case),
    ("the annual workbook is exported from the statistics page by keyboard", case_export),
    ("a record written by another program shows without F5", case_reload_key),
    ("Ctrl+L locks; the password unlocks", case_lock_and_unlock),
    ("Ctrl+? shows the keyboard shortcuts", case_shortcuts_window),
    ("Ctrl+Q asks about a half-typed form, then quits", case_quit),
]


def run_cases(s, cases, without_program, quit_case):
    """Runs @cases in order on the session @s, a TAP line each; returns how many failed. The cases
    of @without_program start the program themselves; every other case needs it running. The
    program's output is logged with a failure, and once when it ends in another case than
    @quit_case."""
    failed = 0
    exit_logged = False
    for number, (name, func) in enumerate(cases, 1):
        started = time.monotonic()
        try:
            if func not in without_program and (s.app is None or s.app.poll() is not None):
                raise Failure("the program is not running")
            func(s)
            print("ok %d - %s (%.1f s)" % (number, name, time.monotonic() - started), flush=True)
        except Exception as e:      # one failed case does not hide the others
            failed += 1
            print("not ok %d - %s" % (number, name), flush=True)
            log(e if isinstance(e, Failure) else traceback.format_exc())
            s.screenshot("FAILED-%d" % number)
            log("windows: %r" % s.windows())
            if s.app is not None and s.app.poll() is None:
                log(s.app_output())
        if s.app is not None and s.app.poll() is not None and func is not quit_case and not exit_logged:
            exit_logged = True
            log("the program exited (%s):\n%s" % (s.app.returncode, s.app_output()))
    return failed


def main():
    for tool in ["xdotool"]:
        if shutil.which(tool) is None:
            print("1..0 # SKIP %s is not installed" % tool)
            return 0
    print("1..%d" % len(CASES), flush=True)
    tmp = tempfile.mkdtemp(prefix="muying-e2e-")
    s = Session(tmp)
    failed = 0
    try:
        s.start_display()
        s.prepare_database()
        failed = run_cases(s, CASES, (case_sign_in,), case_quit)
    finally:
        s.stop()
        if failed == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            log("kept %s" % tmp)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
