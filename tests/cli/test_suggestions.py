"""A reference that matches nothing suggests the closest names the actor may see (SPEC §4)."""
from acctctl_case import AcctctlCase, MEMBER


class Suggestions(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()

    def test_a_client_name_suggests_the_closest_reachable_clients(self):
        r = self.expect(3, "users", "list", "--client", "Acme")
        self.assertIn('no client account "Acme": did you mean "Acme Ltd"?', r.err)
        r = self.expect(3, "users", "list", "--client", "brich llc")
        self.assertIn('did you mean "Birch LLC"?', r.err)

    def test_nothing_outside_the_actors_scope_is_suggested(self):
        # Bob reaches Acme Ltd only: Birch LLC exists, but he must not learn of it.
        r = self.expect(3, "users", "list", "--client", "Birch", actor=MEMBER)
        self.assertNotIn("Birch LLC", r.err)
        self.assertIn("acctctl clients list", r.err)
        r = self.expect(3, "users", "list", "--client", "Acm", actor=MEMBER)
        self.assertIn('did you mean "Acme Ltd"?', r.err)

    def test_nothing_close_means_no_suggestion(self):
        r = self.expect(3, "users", "list", "--client", "Zebra Holdings")
        self.assertNotIn("did you mean", r.err)

    def test_a_user_suggests_close_usernames_and_emails_of_the_client(self):
        r = self.expect(3, "users", "edit", "ann@acme.tset", "--client", "Acme Ltd",
                        "--name", "Ann")
        self.assertIn('did you mean "ann@acme.test"', r.err)  # closest first

    def test_a_batch_suggests_from_the_whole_client_not_only_the_users_it_names(self):
        # A status change loads only the users it names; a typo still gets a hint.
        r = self.expect(3, "users", "deactivate", "--client", "Acme Ltd", "ben@acme.tset", "--yes")
        self.assertIn('did you mean "ben@acme.test"', r.err)

    def test_a_user_removed_earlier_in_the_batch_is_not_suggested(self):
        r = self.expect(3, "users", "remove", "--client", "Acme Ltd", "ben", "ben", "--yes",
                        "--continue", "-o", "json")
        rows = r.json()
        self.assertEqual([row["result"] for row in rows], ["removed", "not_found"])
        self.assertNotIn("did you mean", rows[1]["reason"])
