"""acctctl against raw SQLite doing the same work on the same rows, run side by side.

Each workload runs acctctl and its baseline alternately, several times, and compares the
medians: a ratio holds on any machine where an absolute time does not. Called by run.py.
"""
import os
import shutil
import statistics
import subprocess
import tempfile
import time

SUPPORT = "support@vendor.test"
HERE = os.path.dirname(os.path.abspath(__file__))

# The user columns of `users list` (SPEC §4), as a baseline table holds them.
FLAT_USERS = (
    "SELECT u.id, u.client_id, c.name AS client, u.name, u.email, u.username, u.role, "
    "u.permissions, CASE u.login_access WHEN 1 THEN 'yes' ELSE 'no' END AS login_access, "
    "u.status, CASE u.is_owner WHEN 1 THEN 'yes' ELSE 'no' END AS owner, "
    "CASE u.is_alert_recipient WHEN 1 THEN 'yes' ELSE 'no' END AS alert_recipient, "
    "u.created_at, u.deactivated_at FROM client_users u JOIN clients c ON c.id = u.client_id "
    "WHERE c.name = 'Big Client Ltd' ORDER BY u.id")


def timed(args, stdin_path=None, env=None):
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    start = time.monotonic()
    proc = subprocess.run(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=env, check=False)
    seconds = time.monotonic() - start
    if stdin_path:
        stdin.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()}")
    return seconds


def peak_mib(args, folder, env):
    rss = os.path.join(folder, "rss")
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss, *args], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=env, check=True)
    with open(rss, encoding="utf-8") as f:
        return int(f.read().split()[-1]) / 1024


def copy_store(source, target):
    """A fresh copy of a store, flushed to disk: else the timed command's first fsync would
    also write the copy's pages (a 200 MB store), a cost that varies from run to run."""
    shutil.copyfile(source, target)
    os.sync()


def side_by_side(runs, *commands, prepare=None):
    """Medians of `runs` alternating runs of each command; `prepare` runs before each."""
    times = [[] for _ in commands]
    for _ in range(runs):
        for command, taken in zip(commands, times):
            if prepare:
                prepare()
            taken.append(command())
    return tuple(statistics.median(taken) for taken in times)


# Issue 25's minimal floor: what any correct tool must pay for the work. The listed columns (and
# the case-folded keys that any case-insensitive uniqueness needs) in a flat table with an
# integer primary key, a unique index on the username and one on (client, email); an audit
# table with an integer primary key and no other index. The names are acctctl's, so that
# baselines.c runs the very same loop on both schemas.
FLOOR_SCHEMA = (
    "CREATE TABLE client_users (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL, "
    "name TEXT NOT NULL, email TEXT, email_key TEXT, username TEXT, username_key TEXT, "
    "role TEXT NOT NULL, permissions TEXT NOT NULL DEFAULT '', login_access INTEGER NOT NULL, "
    "status TEXT NOT NULL, is_owner INTEGER NOT NULL DEFAULT 0, "
    "is_alert_recipient INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, "
    "deactivated_at TEXT); "
    "CREATE UNIQUE INDEX floor_usernames ON client_users(username_key); "
    "CREATE INDEX floor_emails ON client_users(client_id, email_key); "
    "CREATE TABLE audit_events (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, "
    "action TEXT NOT NULL, client_id INTEGER, user_id INTEGER, user TEXT, detail TEXT NOT NULL);")
FLOOR_COPY = (
    "INSERT INTO client_users SELECT id, client_id, name, email, email_key, username, "
    "username_key, role, permissions, login_access, status, is_owner, is_alert_recipient, "
    "created_at, deactivated_at FROM s.client_users; "
    "INSERT INTO audit_events SELECT id, at, actor, action, client_id, user_id, user, detail "
    "FROM s.audit_events;")


class Ratios:
    def __init__(self, binary, users, deactivations, runs):
        self.bin, self.users, self.deactivations, self.runs = binary, users, deactivations, runs
        self.dir = tempfile.mkdtemp(prefix="acctctl-ratios-")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ACCTCTL_")}
        self.env.update(ACCTCTL_ACTOR=SUPPORT, HOME=self.dir)
        self.baselines = os.path.join(self.dir, "baselines")
        subprocess.run(["cc", "-O2", "-o", self.baselines, os.path.join(HERE, "baselines.c"),
                        "-lsqlite3"], check=True)
        self.rows = []  # (work, acctctl s, on its schema s, on the floor s, goal on the floor)

    def engine_settings(self):
        """The baseline's SQLite settings, as it prints them; acctctl's are the same calls
        (src/store/sqlite/database.cpp, open.cpp), and its journal mode is what `check` says."""
        theirs = subprocess.run([self.baselines, "settings"], check=True, capture_output=True,
                                text=True).stdout.strip()
        db = self.path("settings.db")
        subprocess.run(self.acctctl(db, "init", "--support-email", SUPPORT, "-q"), env=self.env,
                       check=True, stdout=subprocess.DEVNULL)
        checked = subprocess.run(self.acctctl(db, "check"), env=self.env, check=False,
                                 capture_output=True, text=True).stdout
        engine = next((line.split("\t")[-1] for line in checked.splitlines()
                       if line.startswith("engine\t")), "(check printed no engine line)")
        return theirs, engine

    def acctctl(self, db, *args):
        return [self.bin, "--db", db, *args]

    def path(self, name):
        return os.path.join(self.dir, name)

    def write_inputs(self):
        with open(self.path("users.csv"), "w", encoding="utf-8") as csv, \
                open(self.path("users.tsv"), "w", encoding="utf-8") as tsv:
            csv.write("name,email\n")
            for i in range(self.users):
                csv.write(f"Bench User {i},user{i}@bench.test\n")
                tsv.write(f"Bench User {i}\tuser{i}@bench.test\n")
        with open(self.path("refs.txt"), "w", encoding="utf-8") as refs:
            refs.writelines(f"user{i}@bench.test\n" for i in range(1, 2 * self.deactivations, 2))

    def template(self):
        """A store with the big client (empty) and a small one of 3 users."""
        db = self.path("template.db")
        run = lambda *a: subprocess.run(self.acctctl(db, *a, "-q"), env=self.env, check=True,
                                        stdout=subprocess.DEVNULL)
        run("init", "--support-email", SUPPORT)
        run("practices", "add", "Bench Practice")
        run("clients", "add", "Big Client Ltd", "--practice", "Bench Practice")
        run("clients", "add", "Small Co", "--practice", "Bench Practice")
        for i in range(3):
            run("users", "add", "--client", "Small Co", "--name", f"Small {i}", "--email",
                f"small{i}@small.test")
        return db

    def measure(self):
        self.write_inputs()
        template = self.template()
        work = self.path("work.db")

        floor_template, floor_work = self.path("floor-template.db"), self.path("floor.db")
        subprocess.run(["sqlite3", floor_template, FLOOR_SCHEMA], check=True)

        def fresh():
            copy_store(template, work)
            copy_store(floor_template, floor_work)

        self.add_row(f"users add --csv, {self.users} users", 2.0, *side_by_side(
            self.runs,
            lambda: timed(self.acctctl(work, "users", "add", "--client", "Big Client Ltd",
                                       "--csv", self.path("users.csv"), "-q"), env=self.env),
            lambda: timed([self.baselines, "add", work, self.path("users.tsv"), "1"]),
            lambda: timed([self.baselines, "add", floor_work, self.path("users.tsv"), "1"]),
            prepare=fresh))

        full = self.path("full.db")
        shutil.copyfile(template, full)
        subprocess.run(self.acctctl(full, "users", "add", "--client", "Big Client Ltd", "--csv",
                                    self.path("users.csv"), "-q"), env=self.env, check=True,
                       stdout=subprocess.DEVNULL)
        flat = self.path("flat.db")
        subprocess.run(["sqlite3", flat, f"ATTACH '{full}' AS s; CREATE TABLE flat AS "
                        + FLAT_USERS.replace("client_users", "s.client_users")
                        .replace("JOIN clients", "JOIN s.clients")], check=True)
        list_args = ["users", "list", "--client", "Big Client Ltd"]
        for output, flag in (("tsv", ["-separator", "\t"]), ("json", ["-json"])):
            self.add_row(f"users list -o {output}, {self.users} users", 1.3, *side_by_side(
                self.runs,
                lambda: timed(self.acctctl(full, *list_args, "-o", output), env=self.env),
                lambda: timed(["sqlite3", *flag, full, FLAT_USERS]),
                lambda: timed(["sqlite3", *flag, flat, "SELECT * FROM flat"])))
        small = side_by_side(
            max(10, self.runs),
            lambda: timed(self.acctctl(full, "users", "list", "--client", "Small Co"),
                          env=self.env),
            lambda: timed(["sqlite3", full, "select 1"]))
        self.add_row("users list of a 3-user client", 1.5, small[0], small[1], small[1])

        floor_full = self.path("floor-full.db")
        copy_store(floor_template, floor_full)
        subprocess.run(["sqlite3", floor_full, f"ATTACH '{full}' AS s; {FLOOR_COPY}"],
                       check=True)

        def copies():
            copy_store(full, work)
            copy_store(floor_full, floor_work)

        refs = self.path("refs.txt")
        self.add_row(f"users deactivate, {self.deactivations} refs on stdin", 1.5, *side_by_side(
            self.runs,
            lambda: timed(self.acctctl(work, "users", "deactivate", "--client", "Big Client Ltd",
                                       "-", "--yes", "-q"), stdin_path=refs, env=self.env),
            lambda: timed([self.baselines, "deactivate", work, refs]),
            lambda: timed([self.baselines, "deactivate", floor_work, refs]),
            prepare=copies))
        return full

    def add_row(self, work, floor_goal, ours, on_schema, floor):
        """One workload: acctctl, the C loop or sqlite3 on acctctl's schema, and on the floor."""
        self.rows.append((work, ours, on_schema, floor, floor_goal))

    def memory(self, full, small_users):
        """Peak memory of listing `small_users` against all the users, per format."""
        small = self.path("small.db")
        shutil.copyfile(self.path("template.db"), small)
        with open(self.path("small.csv"), "w", encoding="utf-8") as f:
            f.write("name,email\n" + "".join(f"Bench User {i},user{i}@bench.test\n"
                                             for i in range(small_users)))
        subprocess.run(self.acctctl(small, "users", "add", "--client", "Big Client Ltd", "--csv",
                                    self.path("small.csv"), "-q"), env=self.env, check=True,
                       stdout=subprocess.DEVNULL)
        rows = []
        for output in ("tsv", "csv", "json", "jsonl", "table"):
            args = ["users", "list", "--client", "Big Client Ltd", "-o", output]
            rows.append((output, peak_mib(self.acctctl(small, *args), self.dir, self.env),
                         peak_mib(self.acctctl(full, *args), self.dir, self.env)))
        return rows

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)
