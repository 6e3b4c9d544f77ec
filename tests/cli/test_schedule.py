"""acctctl due (SPEC §3.2, R15) under load, on both engines: two runs racing apply each
transition once, --dry-run changes nothing, and (PostgreSQL) a busy client account does not
hold up the others. The acceptance suite's test_schedule.py covers the contract itself."""
import subprocess

from acctctl_case import AcctctlCase, BIN, SUPPORT
from pg_case import PgCase

CLIENTS = 6
ENDED_PER_CLIENT = 5


class ScheduleTests:
    """The cases of both engines; a subclass says which store."""

    def setUp(self):
        super().setUp()
        self.env["TZ"] = "UTC"
        self.world()

    def ended_everywhere(self):
        """CLIENTS client accounts, each with an owner and ENDED_PER_CLIENT users whose access
        ended an hour ago; returns the (client, name) of those users."""
        ended = []
        for c in range(CLIENTS):
            client = f"Ended {c}"
            self.ok("clients", "add", client, "--practice", "Ledger & Co")
            self.ok("users", "add", "--client", client, "--name", "Owner", "--email", f"o{c}@e.test")
            roster = "name,email,end\n" + "".join(
                f"User {c}-{u},u{c}-{u}@e.test,-1h\n" for u in range(ENDED_PER_CLIENT))
            self.ok("users", "add", "--client", client, "--csv", "-", stdin=roster)
            ended += [(client, f"User {c}-{u}") for u in range(ENDED_PER_CLIENT)]
        return ended

    def scheduled_events(self):
        return [e for e in self.js("audit", "list", "--limit", "0")
                if e["detail"].get("scheduled") is True]

    def test_two_runs_racing_apply_each_transition_once(self):
        ended = self.ended_everywhere()
        env = dict(self.env, ACCTCTL_ACTOR=SUPPORT, ACCTCTL_BUSY_TIMEOUT_MS="30000")
        runs = [subprocess.Popen([BIN, "due", "-o", "json"], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env, cwd=self.dir)
                for _ in range(2)]
        rows = []
        for run in runs:
            out, err = run.communicate(timeout=120)
            self.assertEqual(run.returncode, 0, err)
            rows += self.load_rows(out)
        self.assertEqual(sorted((r["client"], r["name"]) for r in rows), sorted(ended))
        self.assertEqual({r["action"] for r in rows}, {"end"})
        events = self.scheduled_events()
        self.assertEqual(sorted((e["client"], e["user"]) for e in events), sorted(ended))
        for c in range(CLIENTS):
            users = self.users(f"Ended {c}")
            self.assertEqual(sorted(u["status"] for u in users.values()),
                             ["active"] + ["deactivated"] * ENDED_PER_CLIENT)
        count = self.audit_count()
        again = self.ok("due", "-o", "json")
        self.assertEqual((again.json(), again.err), ([], "acctctl: scheduled access: nothing to do\n"))
        self.assertEqual(self.audit_count(), count)

    def test_dry_run_shows_the_plan_and_changes_nothing(self):
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--end", "-1h")
        count = self.audit_count()
        rows = self.js("due", "--dry-run")
        self.assertEqual([(r["client"], r["name"], r["action"], r["dry_run"]) for r in rows],
                         [("Acme Ltd", "Ben Baker", "end", True)])
        self.assertEqual(self.users()["Ben Baker"]["status"], "active")
        self.assertEqual(self.audit_count(), count)
        self.assertEqual(len(self.js("due")), 1)

    @staticmethod
    def load_rows(out):
        import json
        return json.loads(out) if out.strip() else []


class SqliteSchedule(ScheduleTests, AcctctlCase):
    pass


class PostgresSchedule(ScheduleTests, PgCase):
    def test_a_busy_client_does_not_hold_up_the_others(self):
        """Each client account is its own transaction: one whose lock is held is exit 6 and
        left as it was, and the others are applied; the next run applies the rest."""
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--end", "-1h")
        self.ok("users", "add", "--client", "Birch LLC", "--name", "Dee", "--email", "dee@birch.test",
                "--end", "+1d")
        self.ok("users", "edit", "dee@birch.test", "--client", "Birch LLC", "--end", "-1h")
        acme = self.js("clients", "show", "Acme Ltd")["id"]
        release = self.hold_lock(f"SELECT 1 FROM clients WHERE id = {acme} FOR UPDATE")
        try:
            r = self.expect(6, "due", "-o", "json", env={"ACCTCTL_BUSY_TIMEOUT_MS": "300"})
            self.assertEqual([(x["client"], x["name"]) for x in r.json()], [("Birch LLC", "Dee")])
            self.assertIn("acctctl due", r.err)
            self.assertEqual(self.users()["Ben Baker"]["status"], "active")
            self.assertEqual(self.users("Birch LLC")["Dee"]["status"], "deactivated")
        finally:
            release()
        self.assertEqual([(x["client"], x["name"]) for x in self.js("due")],
                         [("Acme Ltd", "Ben Baker")])
