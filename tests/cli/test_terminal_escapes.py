"""Stored text cannot steer the terminal (SPEC.md §4): on a tty, C0/C1 controls, bidi
overrides and other invisible format characters (Cf: U+200B, U+00AD, U+FEFF) are shown escaped
in every format and on stderr; in a pipe the bytes are exact."""
import subprocess

from acctctl_case import AcctctlCase, BIN, SUPPORT

HOSTILE = "Eve\x1b[31mRed\x07\r\x9b2J\u202eevil\u200bzero\u00adsoft\ufeffbom"
RAW = ["\x1b", "\x07", "\x9b", "\u202e", "\r", "\u200b", "\u00ad", "\ufeff"]


class TerminalEscapes(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()
        self.ok("users", "add", "--client", "Acme Ltd", "--name", HOSTILE, "--email",
                "eve@acme.test")

    def assert_escaped(self, shown):
        # The tty turns each \n into \r\n (and CSV's \r\n into \r\r\n): those are not stored text.
        body = shown.replace("\r\n", "\n").replace("\r\n", "\n")
        for raw in RAW:
            self.assertNotIn(raw, body, f"{raw!r} reached the terminal: {shown!r}")
        # \x1b in TSV, CSV and tables; JSON's own escape \u001b in JSON.
        self.assertRegex(body, r"(\\x1b|\\u001b)\[31mRed(\\x07|\\u0007)")
        self.assertIn("\\u202eevil", body)
        self.assertIn("\\u200bzero\\u00adsoft\\ufeffbom", body)

    def test_every_format_is_escaped_on_a_terminal(self):
        for output in ("table", "tsv", "csv", "json", "jsonl"):
            code, shown = self.on_a_tty("users", "list", "--client", "Acme Ltd", "-o", output)
            self.assertEqual(code, 0, shown)
            self.assert_escaped(shown)

    def test_show_audit_and_errors_are_escaped(self):
        for args in (["users", "show", "eve@acme.test", "--client", "Acme Ltd", "-o", "tsv"],
                     ["audit", "list", "--client", "Acme Ltd", "-o", "csv"]):
            code, shown = self.on_a_tty(*args)
            self.assertEqual(code, 0, shown)
            self.assert_escaped(shown)
        code, shown = self.on_a_tty("users", "show", HOSTILE, "--client", "Acme Ltd")
        self.assertEqual(code, 3, shown)
        self.assert_escaped(shown)

    def test_a_pipe_gets_the_bytes_exactly(self):
        r = self.ok("users", "list", "--client", "Acme Ltd", "-o", "json")
        self.assertIn(HOSTILE, [u["name"] for u in r.json()])
        r = subprocess.run([BIN, "users", "list", "--client", "Acme Ltd", "-o", "tsv"],
                           capture_output=True, env=dict(self.env, ACCTCTL_ACTOR=SUPPORT))
        self.assertIn("Eve\x1b[31mRed\x07".encode(), r.stdout)  # TSV escapes only \t \n \r \\
        self.assertIn("\x9b2J\u202eevil".encode(), r.stdout)
