"""R13: every change writes exactly one audit event per changed object, in the same
transaction, with the action of SPEC.md §4 and a detail that says what changed."""
from acctctl_case import AcctctlCase, ADMIN, MEMBER, SUPPORT


class AuditActions(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()

    def one_event(self, action, *args, actor=SUPPORT, stdin=""):
        before = self.js("audit", "list", "--limit", "0")
        self.ok(*args, actor=actor, stdin=stdin)
        after = self.js("audit", "list", "--limit", "0")
        new = after[:len(after) - len(before)]
        self.assertEqual([e["action"] for e in new], [action], f"acctctl {' '.join(args)}")
        self.assertEqual(new[0]["actor"], actor)
        return new[0]

    def test_r13_directory_actions(self):
        e = self.one_event("practice.add", "practices", "add", "Other Books")
        self.assertEqual(e["detail"]["name"]["after"], "Other Books")
        e = self.one_event("staff.add", "staff", "add", "--practice", "Other Books", "--email",
                           "olga@other.test", "--name", "Olga")
        self.assertEqual((e["detail"]["email"], e["detail"]["practice"]),
                         ("olga@other.test", "Other Books"))
        e = self.one_event("client.add", "clients", "add", "Cobalt", "--practice", "Other Books",
                           "--contact-email", "desk@cobalt.test")
        self.assertEqual((e["client"], e["detail"]["contact_email"]), ("Cobalt", "desk@cobalt.test"))
        e = self.one_event("access.grant", "access", "grant", MEMBER, "Birch LLC", actor=ADMIN)
        self.assertEqual((e["client"], e["detail"]["staff"]["email"]), ("Birch LLC", MEMBER))
        e = self.one_event("access.revoke", "access", "revoke", MEMBER, "Birch LLC", actor=ADMIN)
        self.assertEqual((e["client"], e["detail"]["staff"]["email"]), ("Birch LLC", MEMBER))

    def test_r13_user_actions(self):
        e = self.one_event("user.add", "users", "add", "--client", "Acme Ltd", "--name", "Eve",
                           "--email", "eve@acme.test")
        self.assertEqual((e["user"], e["detail"]["email"]), ("Eve", {"before": None, "after": "eve@acme.test"}))
        e = self.one_event("user.edit", "users", "edit", "eve@acme.test", "--client", "Acme Ltd",
                           "--role", "viewer")
        self.assertEqual(e["detail"]["role"], {"before": "standard", "after": "viewer"})
        self.assertNotIn("name", e["detail"])  # only what changed
        e = self.one_event("user.deactivate", "users", "deactivate", "--client", "Acme Ltd",
                           "eve@acme.test", "--yes")
        self.assertEqual(e["detail"]["status"], {"before": "active", "after": "deactivated"})
        e = self.one_event("user.enable", "users", "enable", "--client", "Acme Ltd", "eve@acme.test")
        self.assertEqual(e["detail"]["status"], {"before": "deactivated", "after": "active"})
        e = self.one_event("portal.alerts", "portal", "alerts", "--client", "Acme Ltd", "eve@acme.test")
        self.assertEqual(e["detail"]["alert_recipient"]["after"]["name"], "Eve")
        e = self.one_event("user.transfer-ownership", "users", "transfer-ownership", "--client",
                           "Acme Ltd", "--to", "ben", "--yes")
        self.assertEqual((e["detail"]["owner"]["before"]["name"], e["detail"]["owner"]["after"]["name"]),
                         ("Ann Able", "Ben Baker"))
        e = self.one_event("user.remove", "users", "remove", "--client", "Acme Ltd",
                           "eve@acme.test", "--yes")
        self.assertEqual(e["detail"]["email"], {"before": "eve@acme.test", "after": None})
        e = self.one_event("user.add", "portal", "add", "--client", "Acme Ltd", "--name", "Pat",
                           "--email", "pat@acme.test")
        e = self.one_event("user.remove", "portal", "delete", "--client", "Acme Ltd",
                           "pat@acme.test", "--yes")
        self.assertEqual(e["user"], "Pat")

    def test_r13_documents_and_import(self):
        e = self.one_event("document.add", "documents", "add", "--client", "Acme Ltd", "--user",
                           "ben", "--title", "Payroll")
        self.assertEqual((e["user"], e["detail"]["title"]), ("Ben Baker", "Payroll"))
        snapshot = self.ok("export").out
        self.one_event("store.import", "import", "-", "--yes", stdin=snapshot)

    def test_r13_a_batch_writes_one_event_per_changed_user_and_none_for_unchanged(self):
        self.ok("users", "deactivate", "--client", "Acme Ltd", "ben", "--yes")
        before = self.audit_count()
        r = self.ok("users", "deactivate", "--client", "Acme Ltd", "ben", "3", "--yes", "-o", "json")
        self.assertEqual([i["result"] for i in r.json()], ["unchanged", "deactivated"])
        self.assertEqual(self.audit_count(), before + 1)
        events = self.js("audit", "list", "--limit", "1")
        self.assertEqual((events[0]["action"], events[0]["user"]), ("user.deactivate", "Dora Docs"))
