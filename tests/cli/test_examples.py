"""The scripts in examples/ run against a scratch copy of the demo store."""
import csv
import os
import subprocess

from acctctl_case import AcctctlCase, BIN, SUPPORT

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
        # Ben is deactivated now, so he is no longer an active user to offboard.
        self.assertEqual(self.script("offboard.sh", path, "--apply")[0], 3)
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
        self.assertEqual(code, 3, err)
        self.assertIn("would remove", err)
        self.assertEqual(self.users("Acme Ltd"), before)
        self.assertEqual(self.audit_count(), audit)
