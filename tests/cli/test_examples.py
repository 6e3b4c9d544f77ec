"""The scripts in examples/ run against a scratch copy of the demo store; the timer units and
the crontab line that run `acctctl due` are well-formed."""
import csv
import json
import os
import re
import signal
import socket
import subprocess
import time

from acctctl_case import AcctctlCase, BIN, SUPPORT
from tools import require

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")
ADMIN = "admin@ledger.test"


class Examples(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.ok("init", "--support-email", SUPPORT, actor=None)
        self.ok("import", os.path.join(EXAMPLES, "demo-store.json"))
        self.env["ACCTCTL_BIN"] = BIN

    def script(self, name, *args, actor=ADMIN):
        env = dict(self.env, ACCTCTL_DEMO_DB=os.path.join(self.dir, "demo", "demo.db"))
        if actor:
            env["ACCTCTL_ACTOR"] = actor
        p = subprocess.run([os.path.join(EXAMPLES, name), *args], capture_output=True, text=True,
                           env=env, cwd=self.dir, timeout=120)
        return p.returncode, p.stdout, p.stderr

    def status_of(self, client, name):
        return self.users(client)[name]["status"]

    def leavers(self, *emails):
        path = os.path.join(self.dir, "leavers.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,email\r\n" + "".join(f"Someone,{e}\r\n" for e in emails))
        return path

    def test_demo_runs_the_main_job(self):
        code, out, err = self.script("demo.sh", actor=None)
        self.assertEqual(code, 0, err)
        self.assertIn("Ann Able (Owner)", out)
        self.assertIn("Chloé Dubois", out)

    def test_offboard_shows_the_plan_then_applies_it(self):
        path = self.leavers("ben@acme.test", "CHLOE@acme.test", "zoe.martin@nowhere.test",
                            "francois@cafeole.test")
        audit = self.audit_count()
        code, out, err = self.script("offboard.sh", path)
        self.assertEqual(code, 3, err)  # one email matched nobody
        self.assertIn("zoe.martin@nowhere.test", err)
        self.assertIn("Ben Baker", out)
        self.assertIn("François Lefèvre", out)
        self.assertIn("--apply", err)
        self.assertEqual(self.status_of("Acme Ltd", "Ben Baker"), "active")
        self.assertEqual(self.audit_count(), audit)

        code, out, err = self.script("offboard.sh", path, "--apply")
        self.assertEqual(code, 3, err)
        for client, name in (("Acme Ltd", "Ben Baker"), ("Acme Ltd", "Chloé Dubois"),
                             ("Café Olé SARL", "François Lefèvre")):
            self.assertEqual(self.status_of(client, name), "deactivated", name)

    def test_offboard_is_rerunnable_and_protects_owners(self):
        path = self.leavers("ben@acme.test")
        self.assertEqual(self.script("offboard.sh", path, "--apply")[0], 0)
        # Ben is deactivated now: offboarding him again changes nothing.
        code, out, err = self.script("offboard.sh", path, "--apply")
        self.assertEqual(code, 0, err)
        self.assertIn("unchanged", out)
        code, _, err = self.script("offboard.sh", self.leavers("ann@acme.test"), "--apply")
        self.assertEqual(code, 4, err)
        self.assertIn("transfer", err)
        self.assertEqual(self.status_of("Acme Ltd", "Ann Able"), "active")

    def test_offboard_reaches_only_the_actors_clients(self):
        path = self.leavers("cy@birch.test", "ben@acme.test")
        code, _, err = self.script("offboard.sh", path, "--apply", actor="bob@ledger.test")
        self.assertEqual(code, 3, err)  # Birch LLC is not Bob's
        self.assertEqual(self.status_of("Birch LLC", "Cy Cedar"), "active")
        self.assertEqual(self.status_of("Acme Ltd", "Ben Baker"), "deactivated")

    def test_deactivated_report(self):
        self.ok("users", "deactivate", "--client", "Acme Ltd", "ben", "--yes")
        report = os.path.join(self.dir, "report.csv")
        code, _, err = self.script("deactivated-report.sh", report)
        self.assertEqual(code, 0, err)
        with open(report, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(sorted(r["name"] for r in rows), ["Ben Baker", "Eve Evans"])
        self.assertTrue(all(r["status"] == "deactivated" and r["deactivated_at"] for r in rows))
        self.assertEqual(os.listdir(self.dir).count("report.csv"), 1)
        self.assertFalse([n for n in os.listdir(self.dir) if ".partial." in n])

    def syslog_messages(self, listener, n, timeout=10.0):
        """RFC 5424 messages the script sent to `listener`: (MSGID, the event's JSON)."""
        got, end = [], time.monotonic() + timeout
        while len(got) < n and time.monotonic() < end:
            listener.settimeout(max(0.01, end - time.monotonic()))
            try:
                data = listener.recv(65536).decode()
            except socket.timeout:
                break
            # <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG
            m = re.match(r"<(\d+)>1 \S+ \S+ (\S+) \S+ (\S+) (?:-|\[.*?\]) (.*)$", data, re.S)
            self.assertTrue(m, data)
            self.assertEqual((int(m.group(1)) >> 3, m.group(2)), (4, "acctctl-audit"), data)  # auth
            got.append((m.group(3), json.loads(m.group(4))))
        return got

    def test_audit_to_syslog_ships_each_event_once_across_a_restart(self):
        path = os.path.join(self.dir, "log.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        listener.bind(path)
        self.addCleanup(listener.close)
        state = os.path.join(self.dir, "last-id")
        start = self.js("audit", "list", "--limit", "1")[0]["id"]
        with open(state, "w", encoding="utf-8") as f:
            f.write(f"{start}\n")
        env = dict(self.env, ACCTCTL_ACTOR=SUPPORT, LOGGER_SOCKET=path)

        def shipper():
            proc = subprocess.Popen([os.path.join(EXAMPLES, "audit-to-syslog.sh"), state], env=env,
                                    stderr=subprocess.PIPE, start_new_session=True)
            self.addCleanup(lambda: proc.poll() is None and os.killpg(proc.pid, signal.SIGKILL))
            return proc

        first = shipper()
        self.ok("users", "deactivate", "--client", "Acme Ltd", "ben", "--yes")
        self.ok("users", "enable", "--client", "Acme Ltd", "ben")
        shipped = self.syslog_messages(listener, 2)
        os.killpg(first.pid, signal.SIGTERM)  # as systemd stops it
        first.wait(timeout=10)
        first.stderr.close()
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--role", "viewer")  # while it is down
        second = shipper()
        shipped += self.syslog_messages(listener, 1)
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--role", "standard")
        shipped += self.syslog_messages(listener, 1)
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=10)
        second.stderr.close()
        ids = [e["id"] for e in self.js("audit", "list", "--limit", "0") if e["id"] > start]
        self.assertEqual([msgid for msgid, _ in shipped], [str(i) for i in sorted(ids)])
        self.assertEqual([e["action"] for _, e in shipped],
                         ["user.deactivate", "user.enable", "user.edit", "user.edit"])
        with open(state, encoding="utf-8") as f:
            self.assertEqual(f.read().strip(), str(max(ids)))
        self.assertEqual(self.syslog_messages(listener, 1, timeout=1.5), [])  # nothing repeated

    def roster(self, *rows):
        path = os.path.join(self.dir, "staff.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,email,role,login\n" + "".join(r + "\n" for r in rows))
        return path

    def test_hr_sync_applies_a_roster_after_its_dry_run(self):
        names = self.users("Acme Ltd")
        keep = [n for n, u in names.items() if u["status"] == "active"]
        rows = [f"{n},{names[n]['email']},,yes" for n in keep if names[n]["email"]]
        path = self.roster(*rows, "Hana New,hana@acme.test,viewer,yes")
        code, out, err = self.script("hr-sync.sh", "Acme Ltd", path, "--missing", "keep")
        self.assertEqual(code, 0, err)
        self.assertIn("Hana New", out)
        self.assertEqual(self.users("Acme Ltd")["Hana New"]["role"], "viewer")
        audit = self.audit_count()
        code, out, err = self.script("hr-sync.sh", "Acme Ltd", path, "--missing", "keep")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.audit_count(), audit)  # the second night changes nothing

    def test_hr_sync_stops_before_a_removal(self):
        users = self.users("Acme Ltd").values()
        owner = [u for u in users if u["owner"]][0]
        document_owners = [f"{u['name']},,,no" for u in users if not u["login_access"]]
        path = self.roster(f"{owner['name']},{owner['email']},,yes", *document_owners)
        before, audit = self.users("Acme Ltd"), self.audit_count()
        code, out, err = self.script("hr-sync.sh", "Acme Ltd", path, "--missing", "remove")
        self.assertEqual(code, 4, err)
        self.assertIn("the roster would remove", err)
        self.assertIn("over --max-remove 0", err)
        self.assertEqual(self.users("Acme Ltd"), before)
        self.assertEqual(self.audit_count(), audit)


INSTALLED = "/usr/local/bin/acctctl"  # where the units and the crontab expect acctctl
UNITS = ("acctctl-due.service", "acctctl-due.timer")


def settings(text):
    """{key: [values]} of a systemd unit or the variables of a crontab: KEY=VALUE lines."""
    found = {}
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$", line)
        if m:
            found.setdefault(m.group(1), []).append(m.group(2))
    return found


def environment(unit):
    """{name: value} of a unit's Environment= lines."""
    return dict(v.split("=", 1) for v in unit["Environment"])


def example(name):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        return f.read()


class Scheduler(AcctctlCase):
    """Issue 22: acctctl due on a timer (systemd) or from cron."""

    def unit_copies(self):
        """The units in a scratch folder, ExecStart pointing at the built binary: verify
        refuses an ExecStart whose binary does not exist."""
        folder = os.path.join(self.dir, "units")
        os.mkdir(folder)
        paths = []
        for name in UNITS:
            text = example(name)
            if name.endswith(".service"):
                self.assertTrue(f"\nExecStart={INSTALLED} due" in text,
                                f"{name}: ExecStart must run {INSTALLED} due")
                text = text.replace(f"\nExecStart={INSTALLED} ", f"\nExecStart={BIN} ")
            paths.append(os.path.join(folder, name))
            with open(paths[-1], "w", encoding="utf-8") as f:
                f.write(text)
        return paths

    def test_the_systemd_units_verify(self):
        # --man=no: Documentation=man:acctctl(1) is not installed on a build machine.
        r = subprocess.run([require("systemd-analyze"), "verify", "--man=no", *self.unit_copies()],
                           capture_output=True, text=True, timeout=60)
        # An unknown key or a bad value is only a warning (exit 0): any line about these units
        # fails, lines about the host's own units do not.
        ours = [line for line in (r.stdout + r.stderr).splitlines() if "acctctl-due" in line]
        self.assertEqual((r.returncode, ours), (0, []), r.stdout + r.stderr)

    def test_the_units_run_unprivileged_every_5_minutes(self):
        service, timer = (settings(example(name)) for name in UNITS)
        self.assertEqual(service["Type"], ["oneshot"])
        self.assertNotIn(service["User"][0], ("root", "0"))
        self.assertEqual(service["NoNewPrivileges"], ["yes"])
        self.assertEqual(service["ProtectSystem"], ["strict"])
        db = environment(service)["ACCTCTL_DB"]
        self.assertIn(os.path.dirname(db), service["ReadWritePaths"])  # SQLite's journal
        self.assertEqual(timer["OnCalendar"], ["*:0/5"])
        self.assertEqual(timer["Persistent"], ["true"])
        self.assertEqual(timer["WantedBy"], ["timers.target"])

    def test_the_crontab_line(self):
        text = example("acctctl-due.crontab")
        jobs = [line for line in text.splitlines()
                if line.strip() and not line.lstrip().startswith("#") and not settings(line)]
        self.assertEqual(len(jobs), 1, jobs)
        fields = jobs[0].split(None, 5)
        self.assertEqual(len(fields), 6, "five time fields, then the command")
        for field in fields[:5]:
            self.assertRegex(field, r"^(\*|\d+(-\d+)?)(/\d+)?(,(\d+(-\d+)?)(/\d+)?)*$")
        self.assertEqual(fields[:5], ["*/5", "*", "*", "*", "*"])
        command = fields[5]
        self.assertNotIn("%", command)  # cron turns % into a newline
        self.assertRegex(command, rf"^flock -n \S+ {re.escape(INSTALLED)} due\b")
        # The same store and actor as the systemd service.
        service = environment(settings(example("acctctl-due.service")))
        variables = settings(text)
        for name in ("ACCTCTL_DB", "ACCTCTL_ACTOR"):
            self.assertEqual(variables[name], [service[name]], name)

    def test_the_services_command_ends_access_once(self):
        # ExecStart's arguments and actor (support), against a scratch store. Needs `due` and
        # `users edit --end`.
        service = settings(example("acctctl-due.service"))
        argv = service["ExecStart"][0].split()
        self.assertEqual(argv[0], INSTALLED)
        actor = environment(service)["ACCTCTL_ACTOR"]
        self.world()
        self.ok("staff", "add", "--support", "--email", actor, "--name", "Scheduler")
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--end", "-1h")
        rows = [json.loads(line) for line in self.ok(*argv[1:], actor=actor).out.splitlines()]
        self.assertEqual([(r["name"], r["action"], r["client"]) for r in rows],
                         [("Ben Baker", "end", "Acme Ltd")])
        self.assertEqual(self.status_of("Acme Ltd", "Ben Baker"), "deactivated")
        self.assertEqual(self.ok(*argv[1:], actor=actor).out, "")  # nothing left to do

    def status_of(self, client, name):
        return self.users(client)[name]["status"]
