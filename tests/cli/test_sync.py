"""users sync end to end: R10's summary and prompts on a terminal, stdin, and R13."""
import os

from acctctl_case import AcctctlCase


class Sync(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()
        self.path = os.path.join(self.dir, "roster.csv")

    def roster(self, *rows, header="name,email,username,role,login"):
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(header + "\r\n" + "".join(r + "\r\n" for r in rows))
        return self.path

    def test_the_summary_counts_what_will_happen_and_asks_y_n(self):
        self.roster("Ann Able,ann@acme.test,,,yes", "Eve New,eve@acme.test,,viewer,yes",
                    "Dora Docs,,,standard,no")
        before = self.audit_count()
        r = self.run_tty(["users", "sync", "--client", "Acme Ltd", "--csv", self.path], "n")
        self.assertEqual(r.code, 2, r)
        self.assertIn("about to sync client Acme Ltd: 1 to add, 1 to deactivate, 2 unchanged:",
                      r.err)
        self.assertIn("Eve New (eve@acme.test) will be added", r.err)
        self.assertIn("Ben Baker (id 2, ben@acme.test) will lose login access", r.err)
        self.assertIn("Sync? [y/N]", r.err)
        self.assertEqual(self.audit_count(), before)
        r = self.run_tty(["users", "sync", "--client", "Acme Ltd", "--csv", self.path], "y")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.users()["Ben Baker"]["status"], "deactivated")
        self.assertEqual(self.users()["Eve New"]["role"], "viewer")

    def test_removal_asks_for_the_word_delete(self):
        self.roster("Ann Able,ann@acme.test,,admin,yes", "Dora Docs,,,standard,no")
        r = self.run_tty(["users", "sync", "--client", "Acme Ltd", "--csv", self.path,
                          "--missing", "remove"], "y")
        self.assertEqual(r.code, 2, r)
        self.assertIn('Type "delete" to confirm:', r.err)
        self.assertIn("Ben Baker", self.users())

    def test_adds_and_edits_alone_need_no_yes(self):
        self.roster("Ann Able,ann@acme.test,,viewer,yes", "Eve New,eve@acme.test,,,yes")
        rows = self.js("users", "sync", "--client", "Acme Ltd", "--csv", self.path,
                       "--missing", "keep")
        self.assertEqual([r["action"] for r in rows], ["edit", "add"])
        self.assertEqual(self.users()["Ann Able"]["role"], "viewer")

    def test_roster_from_stdin_with_one_event_per_change(self):
        before = self.audit_count()
        roster = ("name,email,login\nAnn Able,ann@acme.test,yes\nBen Baker,ben@acme.test,yes\n"
                  "Dora Docs,,no\nEve New,eve@acme.test,yes\n")
        rows = self.js("users", "sync", "--client", "Acme Ltd", "--csv", "-", stdin=roster)
        self.assertEqual([(r["name"], r["action"], r["result"]) for r in rows],
                         [("Ann Able", "none", "unchanged"), ("Ben Baker", "none", "unchanged"),
                          ("Dora Docs", "none", "unchanged"), ("Eve New", "add", "added")])
        events = self.js("audit", "list", "--limit", "1")
        self.assertEqual(self.audit_count(), before + 1)
        self.assertEqual((events[0]["action"], events[0]["user"]), ("user.add", "Eve New"))
        self.assertEqual(events[0]["user_id"], rows[3]["id"])

    def test_a_bad_roster_names_its_line_and_changes_nothing(self):
        self.roster("Ann Able,ann@acme.test,,admin,yes", "Eve,not-an-email,,viewer,yes")
        before = self.users()
        r = self.expect(2, "users", "sync", "--client", "Acme Ltd", "--csv", self.path, "--yes")
        self.assertIn("line 3", r.err)
        self.assertEqual(self.users(), before)

    def test_a_guard_holds_with_continue_and_before_any_prompt(self):
        """SPEC §3.3: over --max-deactivate nothing changes, --continue or not, and a person at
        a terminal is not asked first; the rows say why they were not applied."""
        self.roster("Ann Able,ann@acme.test,,,yes", "Eve New,eve@acme.test,,viewer,yes")
        before = self.audit_count()
        args = ["users", "sync", "--client", "Acme Ltd", "--csv", self.path, "--max-deactivate", "1"]
        r = self.expect(4, *args, "--yes", "--continue", "-o", "json")
        self.assertIn("the roster would deactivate 2 of 3 users (66%), over --max-deactivate 1",
                      r.err)
        rows = {x["name"]: x for x in r.json()}
        self.assertEqual((rows["Eve New"]["result"], rows["Ben Baker"]["result"]),
                         ("skipped", "skipped"))
        self.assertIn("over --max-deactivate 1", rows["Ben Baker"]["reason"])
        self.assertEqual(self.audit_count(), before)
        r = self.run_tty(args, "y")
        self.assertEqual(r.code, 4, r)
        self.assertNotIn("[y/N]", r.err)
        self.ok(*args[:-1], "2", "--yes")  # at the limit: allowed
        self.assertEqual(self.users()["Ben Baker"]["status"], "deactivated")

    def test_a_guard_must_be_a_count_or_a_percentage(self):
        self.roster("Ann Able,ann@acme.test,,,yes")
        for bad in ("-1", "ten", "10.5%", "101%", "0x10"):
            r = self.expect(2, "users", "sync", "--client", "Acme Ltd", "--csv", self.path,
                            "--max-remove", bad)
            self.assertIn("--max-remove", r.err)
