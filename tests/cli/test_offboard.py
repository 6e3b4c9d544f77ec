"""users offboard (SPEC §3.3) beyond the acceptance suite: what PERSON matches, --client's
reach, the rows and the audit trail."""
from acctctl_case import AcctctlCase, MEMBER


class UsersOffboard(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Pat Temp", "--email",
                "pat@temp.test", "--username", "pat-acme")
        self.ok("users", "add", "--client", "Birch LLC", "--name", "Pat T.", "--email",
                "other@birch.test", "--username", "PAT@temp.test")  # the same person by username

    def test_person_matches_emails_and_usernames_but_not_ids(self):
        pat = self.users()["Pat Temp"]["id"]
        self.expect(3, "users", "offboard", str(pat), "--yes")
        rows = self.js("users", "offboard", "pat@TEMP.test", "--dry-run")
        self.assertEqual([(r["client"], r["name"], r["action"], r["dry_run"]) for r in rows],
                         [("Acme Ltd", "Pat Temp", "deactivate", True),
                          ("Birch LLC", "Pat T.", "deactivate", True)])
        header = self.ok("users", "offboard", "pat@temp.test", "--dry-run", "-o", "tsv",
                         "--headers").out.splitlines()[0]
        self.assertEqual(header.split("\t"), ["id", "name", "action", "result", "reason", "client",
                                              "dry_run"])

    def test_a_named_client_out_of_reach_is_denied_and_unknown_is_not_found(self):
        self.expect(5, "users", "offboard", "pat@temp.test", "--client", "Birch LLC", "--yes",
                    actor=MEMBER)
        self.expect(3, "users", "offboard", "pat@temp.test", "--client", "Nobody Inc", "--yes")
        self.assertEqual(self.users()["Pat Temp"]["status"], "active")

    def test_one_event_per_user_in_one_batch_and_again_unchanged(self):
        before = self.audit_count()
        self.ok("users", "offboard", "pat@temp.test", "--yes")
        events = self.js("audit", "list", "--limit", "2")
        self.assertEqual(self.audit_count(), before + 2)
        self.assertEqual({e["action"] for e in events}, {"user.deactivate"})
        self.assertEqual(len({e["batch"] for e in events}), 1)  # one command run
        rows = self.js("users", "offboard", "pat@temp.test", "--yes")
        self.assertEqual([r["result"] for r in rows], ["unchanged", "unchanged"])
        self.assertEqual(self.audit_count(), before + 2)
