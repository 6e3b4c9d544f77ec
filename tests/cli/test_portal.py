"""portal delete itself (SPEC §3): users remove for a login user, audited as user.remove."""
from acctctl_case import AcctctlCase


class PortalDelete(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()

    def test_the_owner_and_a_document_owner_cannot_be_deleted(self):
        r = self.expect(4, "portal", "delete", "--client", "Acme Ltd", "ann@acme.test", "--yes")
        self.assertIn("transfer", r.err)
        dora = str(self.users()["Dora Docs"]["id"])
        r = self.expect(4, "portal", "delete", "--client", "Acme Ltd", dora, "--yes")
        self.assertIn("cannot be removed", r.err)
        self.assertEqual(len(self.users()), 3)

    def test_a_login_user_is_removed_for_good_and_audited_as_user_remove(self):
        self.expect(2, "portal", "delete", "--client", "Acme Ltd", "ben")  # no --yes, no tty
        self.assertIn("Ben Baker", self.users())
        rows = self.js("portal", "delete", "--client", "Acme Ltd", "ben", "--yes")
        self.assertEqual([(r["action"], r["result"]) for r in rows], [("remove", "removed")])
        self.assertNotIn("Ben Baker", self.users())
        self.assertEqual(self.js("audit", "list", "--limit", "1")[0]["action"], "user.remove")
