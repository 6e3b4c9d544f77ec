"""Global options end to end: --as, colour (NO_COLOR, --color) on a terminal, and references
read from stdin with comments, blank lines and CRLF (SPEC.md §3)."""
from acctctl_case import AcctctlCase, MEMBER, SUPPORT

BOLD = "\x1b[1m"


class GlobalOptions(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()
        del self.env["NO_COLOR"]

    def test_as_overrides_the_actor_from_the_environment(self):
        r = self.expect(5, "users", "list", "--client", "Birch LLC", actor=MEMBER)
        self.assertIn(MEMBER, r.err)
        self.ok("users", "list", "--client", "Birch LLC", "--as", SUPPORT, actor=MEMBER)
        r = self.expect(5, "users", "list", "--client", "Birch LLC", "--as", MEMBER)
        self.assertIn("no access to client Birch LLC", r.err)
        r = self.expect(5, "--as", "nobody@x.test", "users", "list")
        self.assertIn("nobody@x.test", r.err)
        r = self.expect(2, "users", "list", actor=None)  # no actor at all: a usage error
        self.assertIn("--as", r.err)

    def test_as_names_an_email_as_stored_not_through_a_case_fold(self):
        # R1: U+017F (long s) case-folds to "s"; the claim is not support's address.
        r = self.expect(5, "practices", "add", "Rogue Practice", "--as", "\u017fupport@vendor.test")
        self.assertIn("not staff", r.err)
        self.ok("practices", "add", "Real Practice", "--as", SUPPORT.upper())

    def test_bold_header_on_a_terminal_unless_no_color_or_never(self):
        args = ("users", "list", "--client", "Acme Ltd")
        code, shown = self.on_a_tty(*args, columns=200)
        self.assertEqual(code, 0, shown)
        self.assertTrue(shown.startswith(BOLD + "ID"), repr(shown[:40]))
        self.assertIn("\x1b[0m", shown)
        for extra, env in (((), {"NO_COLOR": "1"}), (("--color", "never"), {})):
            code, shown = self.on_a_tty(*args, *extra, columns=200, env=env)
            self.assertEqual(code, 0, shown)
            self.assertNotIn("\x1b", shown)
            self.assertNotIn("\\x1b", shown)
            self.assertTrue(shown.startswith("ID"), repr(shown[:40]))
        code, shown = self.on_a_tty(*args, "--color", "always", columns=200, env={"NO_COLOR": "1"})
        self.assertTrue(shown.startswith(BOLD + "ID"), repr(shown[:40]))
        piped = self.ok(*args, "-o", "table").out
        self.assertNotIn("\x1b", piped)  # auto: not a terminal
        piped = self.ok(*args, "-o", "table", "--color", "always").out
        self.assertTrue(piped.startswith(BOLD + "ID"), repr(piped[:40]))
        self.expect(2, *args, "--color", "sometimes")

    def test_stdin_references_skip_comments_and_blank_lines_and_drop_cr(self):
        refs = "# leavers, from HR\r\n\r\nben\r\n#3\n\nann@acme.test\r\n3\n"
        r = self.run_cli("users", "deactivate", "--client", "Acme Ltd", "-", "--yes", "-o",
                         "json", stdin=refs)
        # Ann is the owner (R3): refused, so nothing changes; the others were all found.
        self.assertEqual(r.code, 4, r)
        rows = {row["name"]: row["result"] for row in r.json()}
        self.assertEqual(rows, {"Ben Baker": "skipped", "Ann Able": "refused",
                                "Dora Docs": "skipped"})
        self.ok("users", "deactivate", "--client", "Acme Ltd", "-", "--yes",
                stdin="# only comments\n\nben\r\n3\r\n")
        users = self.users()
        self.assertEqual((users["Ben Baker"]["status"], users["Dora Docs"]["status"]),
                         ("deactivated", "deactivated"))
        r = self.expect(3, "users", "enable", "--client", "Acme Ltd", "-", stdin="   \n")
        self.assertIn('"   "', r.err)  # a line of spaces is a reference, kept as given
