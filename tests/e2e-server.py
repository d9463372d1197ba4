#!/usr/bin/python3
# e2e-server.py: the real program on a database on the PostgreSQL server, driven by real X key
# events, as e2e-keyboard.py drives it on a file.
#
# A file made with muying-cli (administrator, doctor, nurse, 500 demo records) is moved to a new
# database on the test server (migrate-db); then `muying --db postgresql://…` is started and
# used with xdotool: sign in, every page, a record another workstation imports appears in the
# list without F5 (LISTEN/NOTIFY), the worklist, lock and unlock, quit. Checks read the server
# database (psql), the window titles, the settings file and the screen. Screenshots:
# MUYING_SCREENSHOT_DIR/e2e-server-*.png. Skipped without a server (MUYING_TEST_PG).
#
# Output: TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("e2e", os.path.join(HERE, "e2e-keyboard.py"))
e2e = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(e2e)

SERVER = os.environ.get("MUYING_TEST_PG")
PASSFILE = os.environ.get("MUYING_TEST_PG_PASSFILE")


def quote(value):
    return "'" + str(value).replace("'", "''") + "'"


class ServerSession(e2e.Session):
    def __init__(self, tmp):
        super().__init__(tmp)
        self.env["PGPASSFILE"] = PASSFILE
        self.file = os.path.join(tmp, "before-the-move.db")
        self.database = "muying_t_e2e_" + uuid.uuid4().hex[:8]
        # the same server, role and options (e.g. ?sslmode=…) with this database as the path
        self.uri = urllib.parse.urlsplit(SERVER)._replace(path="/" + self.database).geturl()

    def psql(self, uri, *args, **kw):
        """psql on @uri with @args: unaligned rows without headers, stopped by the first error."""
        return e2e.run(["psql", uri, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", *args], env=self.env,
                       **kw).stdout

    def prepare_database(self):
        self.db = self.file
        self.cli("init", "--admin", e2e.ADMIN)
        self.cli("--user", e2e.ADMIN, "user", "add", "--role", "doctor", e2e.DOCTOR, new_password=e2e.DOCTOR_PW)
        self.cli("--user", e2e.ADMIN, "user", "add", "--role", "nurse", e2e.NURSE, new_password=e2e.NURSE_PW)
        self.cli("--user", e2e.ADMIN, "demo", "--records", "500", "--seed", "1")
        self.psql(SERVER, "-c", "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'" % self.database)
        self.cli("--user", e2e.ADMIN, "migrate-db", "--to", self.uri)
        # From here on the program and every command work on the server.
        self.db = self.uri

    def drop_database(self):
        self.psql(SERVER, "-c", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.database, check=False)

    def sql(self, query, *params):
        for p in params:
            query = query.replace("?", quote(p), 1)
        # The columns' types first (\gdesc), so that numbers come back as numbers and text
        # (an ID number, a phone) as text, as sqlite3 gives them to e2e-keyboard.py's checks.
        types = [line.split("|")[1] for line in
                 self.psql(self.uri, input=query + " \\gdesc\n").splitlines() if line]
        out = self.psql(self.uri, "-P", "null=<NULL>", "-c", query)
        convert = [int if t in ("bigint", "integer", "smallint") else
                   float if t in ("double precision", "real", "numeric") else str for t in types]
        return [tuple(None if v == "<NULL>" else c(v) for v, c in zip(line.split("|"), convert))
                for line in out.splitlines() if line]

    def screenshot(self, name):
        self.step += 1
        if not e2e.SHOTS or shutil.which("import") is None:
            return None
        if self.step == 1:
            os.makedirs(e2e.SHOTS, exist_ok=True)
            for old in os.listdir(e2e.SHOTS):
                if old.startswith("e2e-server-"):
                    os.unlink(os.path.join(e2e.SHOTS, old))
        path = os.path.join(e2e.SHOTS, "e2e-server-%02d-%s.png" % (self.step, name))
        e2e.run(["import", "-window", "root", path], env=self.env, check=False)
        return path


def import_nipt(s, key, name, id17, ga_weeks):
    """Another workstation (here the command line) imports one low-risk NIPT record of today."""
    csv = os.path.join(s.tmp, key.lower() + ".csv")
    today = datetime.date.today().isoformat()
    with open(csv, "w", encoding="utf-8") as f:
        f.write("sample_no,id_number,name,sample_date,test_type,ga_weeks,ga_days,nipt_t21,nipt_t18,nipt_t13\n")
        f.write("%s,%s,%s,%s,nipt,%d,0,low,low,low\n" % (key, e2e.id_number(id17), name, today, ga_weeks))
    s.cli("--user", e2e.NURSE, "import", "--program", "prenatal", csv, password=e2e.NURSE_PW)


def case_other_workstation(s):
    main = s.wait_window(e2e.MAIN)
    s.focus(main)
    s.key("alt+1")
    e2e.wait_for("the prenatal page", lambda: s.setting("last-page") == "prenatal")
    time.sleep(0.6)
    before = e2e.wait_for("a steady screen", lambda: e2e.steady(s))
    # Another workstation (here the command line) imports a record into the server database:
    # the window's list shows it without F5.
    import_nipt(s, "E2E-PG", "Other Station", "11010119930101402", 14)
    if s.sql_value("SELECT count(*) FROM record WHERE record_key = ?", "E2E-PG") != 1:
        raise e2e.Failure("the import did not reach the server")
    e2e.wait_for("the list to change without F5", lambda: s.screen_pixels() != before)
    e2e.wait_for("a steady screen", lambda: e2e.steady(s))
    s.screenshot("after-other-workstation")
    # Its row is found by the search and opens (the list's queries run on the server).
    form = e2e.open_search_result(s, "ctrl+f", "E2E-PG")
    e2e.wait_for("a steady screen", lambda: e2e.steady(s))
    s.screenshot("other-workstation-record")
    s.focus(form)
    s.key("ctrl+w")
    s.wait_no_window(r"^记录 E2E-PG：")


def cut_sessions(s):
    """Ends the Muying programs' sessions on the server, as a restart or a network cut would."""
    n = s.psql(s.uri, "-c", "SELECT count(pg_terminate_backend (pid)) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND application_name = 'muying'")
    if int(n.strip() or 0) < 1:
        raise e2e.Failure("no session of the program to end")


def case_session_cut(s):
    # The server ends the window's sessions while it sits on the prenatal list: the window
    # connects again by itself, without a key pressed. Another workstation's import still shows
    # without F5, and its record opens from the search.
    main = s.wait_window(e2e.MAIN)
    s.focus(main)
    s.key("alt+1")
    e2e.wait_for("the prenatal page", lambda: s.setting("last-page") == "prenatal")
    # the whole list, not the last case's search
    s.key("ctrl+f")
    s.key("ctrl+a")
    s.key("BackSpace")
    s.key("Tab")
    e2e.wait_for("a steady screen", lambda: e2e.steady(s))
    cut_sessions(s)
    e2e.wait_for("the window to connect again by itself", lambda: int(s.psql(
        s.uri, "-c", "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND application_name = 'muying'").strip()) >= 1)
    # Connected again, the window refreshes its lists (changes meanwhile went unannounced); the
    # next refresh comes at most every 5 s (MIN_REFRESH_GAP_US): past that, the only change
    # left to show is the import's.
    time.sleep(6)
    before = e2e.wait_for("a steady screen", lambda: e2e.steady(s))
    import_nipt(s, "E2E-CUT", "After Cut", "11010119930102402", 15)
    e2e.wait_for("the list to change without F5 after the cut", lambda: s.screen_pixels() != before)
    e2e.wait_for("a steady screen", lambda: e2e.steady(s))
    s.screenshot("after-session-cut")
    # cut again: the record is read on a session the window has not used yet
    cut_sessions(s)
    form = e2e.open_search_result(s, "ctrl+f", "E2E-CUT")
    e2e.wait_for("a steady screen", lambda: e2e.steady(s))
    s.screenshot("record-after-session-cut")
    s.focus(form)
    s.key("ctrl+w")
    s.wait_no_window(r"^记录 E2E-CUT：")
    # and once more before the next cases search and save a record typed in the window
    cut_sessions(s)


def show_page(s, page, settle):
    """Alt+N to @page (one of e2e.PAGES), shown once its queries on the server are in: a screenshot."""
    s.focus(s.wait_window(e2e.MAIN))
    s.key("alt+%d" % (e2e.PAGES.index(page) + 1))
    e2e.wait_for("the %s page" % page, lambda: s.setting("last-page") == page)
    time.sleep(settle)
    e2e.wait_for("a steady screen", lambda: e2e.steady(s))
    s.screenshot(page)


def case_worklist(s):
    show_page(s, "worklist", 0.5)


def case_stats(s):
    show_page(s, "stats", 1.0)


def case_silent_server(s):
    # A server that takes connections and never answers: the program comes up with its
    # connection dialog ("正在打开 …") instead of a frozen nothing, says why after the address's
    # time-out, and ends when the dialog is closed.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    uri = "postgresql://muying@127.0.0.1:%d/muying?connect_timeout=3" % listener.getsockname()[1]
    log = open(os.path.join(s.tmp, "muying-silent.log"), "w")
    app = subprocess.Popen([e2e.GUI, "--db", uri], env=s.env, stdout=log, stderr=subprocess.STDOUT)
    try:
        dialog = s.wait_window(r"^数据库$", "the connection dialog while the server does not answer")
        if app.poll() is not None:
            raise e2e.Failure("the program ended")
        s.screenshot("silent-server-opening")
        time.sleep(4.5)
        s.screenshot("silent-server-no-answer")
        s.focus(dialog)
        s.key("Escape")
        e2e.wait_for("the program to end with its dialog", lambda: app.poll() is not None)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        listener.close()
        log.close()


def case_quit(s):
    s.focus(s.wait_window(e2e.MAIN))
    s.key("ctrl+q")
    e2e.wait_for("the program to end", lambda: s.app.poll() is not None)
    if s.app.returncode != 0:
        raise e2e.Failure("the program ended with %d:\n%s" % (s.app.returncode, s.app_output()))


CASES = [
    ("a server that does not answer: the connection dialog, not a frozen start", case_silent_server),
    ("sign in on the server database", e2e.case_sign_in),
    ("every page on Alt+1 … Alt+7", e2e.case_switch_pages),
    ("a record another workstation imports shows without F5", case_other_workstation),
    ("the server ends the window's sessions: it connects again by itself", case_session_cut),
    ("Ctrl+F finds records on the server and Enter opens them", e2e.case_search),
    ("a prenatal record typed and saved with Ctrl+S is on the server", e2e.case_enter_prenatal_record),
    ("a scanned sample number + Enter; save and new, on the server", e2e.case_barcode_and_save_new),
    ("a case is signed on the server with the keyboard and the password", e2e.case_sign_case),
    ("the annual workbook is exported from the server by keyboard", e2e.case_export),
    ("the worklist from the server", case_worklist),
    ("the statistics of the year from the server", case_stats),
    ("Ctrl+L locks; the password unlocks", e2e.case_lock_and_unlock),
    ("Ctrl+Q quits", case_quit),
]


def main():
    if not SERVER or not PASSFILE:
        print("1..0 # SKIP no PostgreSQL server (build-aux/test starts one)")
        return 0
    for tool in ["xdotool", "psql"]:
        if shutil.which(tool) is None:
            print("1..0 # SKIP %s is not installed" % tool)
            return 0
    print("1..%d" % len(CASES), flush=True)
    tmp = tempfile.mkdtemp(prefix="muying-e2e-server-")
    s = ServerSession(tmp)
    failed = 0
    try:
        s.start_display()
        s.prepare_database()
        failed = e2e.run_cases(s, CASES, (e2e.case_sign_in, case_silent_server), case_quit)
    finally:
        s.stop()
        s.drop_database()
        if failed == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            e2e.log("kept %s" % tmp)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
