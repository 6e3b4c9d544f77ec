"""users edit end to end (--email, --remove-permission), R14 on edit, and R4's previous owner."""
from acctctl_case import AcctctlCase


class UserEdit(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()

    def test_remove_permission_takes_only_that_one_away(self):
        before = self.users()["Ben Baker"]["permissions"]
        self.assertIn("export", before)
        r = self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--remove-permission",
                    "export", "--remove-permission", "messaging", "-o", "json")
        self.assertEqual(r.json()[0]["result"], "updated")
        after = self.users()["Ben Baker"]["permissions"]
        self.assertEqual(after, [p for p in before if p not in ("export", "messaging")])
        self.assertEqual(self.users()["Ben Baker"]["role"], "standard")
        # Taking away what they do not have changes nothing (R12: no event).
        events = self.audit_count()
        r = self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--remove-permission",
                    "export", "-o", "json")
        self.assertEqual(r.json()[0]["result"], "unchanged")
        self.assertEqual(self.audit_count(), events)

    def test_email_changes_and_the_user_is_found_by_the_new_one(self):
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--email", "ben.baker@acme.test")
        self.assertEqual(self.users()["Ben Baker"]["email"], "ben.baker@acme.test")
        shown = self.js("users", "show", "BEN.BAKER@acme.test", "--client", "Acme Ltd")
        self.assertEqual(shown["name"], "Ben Baker")
        self.expect(3, "users", "show", "ben@acme.test", "--client", "Acme Ltd")
        self.expect(2, "users", "edit", "ben", "--client", "Acme Ltd", "--email", "not an email")

    def test_r14_on_edit_email_unique_in_the_client_username_in_the_store(self):
        events = self.audit_count()
        r = self.expect(4, "users", "edit", "ben", "--client", "Acme Ltd", "--email", "ANN@acme.test")
        self.assertIn("ann@acme.test", r.err.lower())
        self.expect(4, "users", "edit", "ben", "--client", "Acme Ltd", "--username",
                    "CY@BIRCH.TEST")  # Cy's username, in another client account
        self.assertEqual(self.users()["Ben Baker"]["email"], "ben@acme.test")
        self.assertEqual(self.users()["Ben Baker"]["username"], "ben")
        self.assertEqual(self.audit_count(), events)
        # An email is unique only within its client account: Cy's is free in Acme Ltd.
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--email", "cy@birch.test")
        # A removed user's username and email are free again.
        self.ok("users", "add", "--client", "Birch LLC", "--name", "Zed", "--username", "zed")
        self.expect(4, "users", "edit", "ben", "--client", "Acme Ltd", "--username", "Zed")
        self.ok("users", "remove", "--client", "Birch LLC", "zed", "--yes")
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--username", "Zed")

    def test_r4_the_previous_owner_keeps_role_and_permissions(self):
        self.ok("users", "edit", "ann@acme.test", "--client", "Acme Ltd", "--role", "admin",
                "--remove-permission", "pay-invoices")
        ann = self.users()["Ann Able"]
        self.ok("users", "transfer-ownership", "--client", "Acme Ltd", "--to", "ben", "--yes")
        users = self.users()
        self.assertFalse(users["Ann Able"]["owner"])
        self.assertTrue(users["Ben Baker"]["owner"])
        for key in ("role", "permissions", "login_access", "status"):
            self.assertEqual(users["Ann Able"][key], ann[key], key)
        # An ordinary user now: she can be deactivated.
        self.ok("users", "deactivate", "--client", "Acme Ltd", "ann@acme.test", "--yes")
