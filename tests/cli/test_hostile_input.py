"""Hostile input: clear errors with the documented exit codes, and outputs that stay valid
whatever text was stored."""
import csv
import io
import json
import os
import subprocess

from acctctl_case import AcctctlCase, BIN, SUPPORT

HOSTILE = "Tab\there \"quoted\", new\nline \\ back \x1b[31mred\x1b[0m \x01 é 中 👩‍💻 '; DROP TABLE users;--"


class HostileInput(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()

    def add(self, *args):
        return self.run_cli("users", "add", "--client", "Acme Ltd", *args)

    def test_bad_values_are_usage_errors(self):
        cases = [
            ["--name", "", "--email", "e@acme.test"],
            ["--name", "x" * 501, "--email", "e@acme.test"],
            ["--name", "Ok", "--email", "not an email"],
            ["--name", "Ok", "--email", "a@"],
            ["--name", "Ok", "--email", "@acme.test"],
            ["--name", "Ok", "--email", "a b@acme.test"],
            ["--name", "Ok", "--username", "has space"],
            ["--name", "Ok", "--email", "e@acme.test", "--role", "root"],
            ["--name", "Ok", "--email", "e@acme.test", "--permission", "everything"],
            ["--name", "Ok"],  # a login user needs an email or a username
        ]
        for args in cases:
            r = self.add(*args)
            self.assertEqual(r.code, 2, f"{args}: {r!r}")
            self.assertIn("acctctl: error:", r.err)
            self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)
        self.assertEqual(len(self.users()), 3)

    def test_audit_list_refuses_a_limit_or_date_that_is_not_one(self):
        for args in (["--limit", "0x10"], ["--limit", "1e3"], ["--limit", "-1"], ["--limit", ""],
                     ["--since", "2026-02-30"], ["--since", "2026-04-31"]):
            r = self.expect(2, "audit", "list", *args)
            self.assertIn("acctctl: error:", r.err)
            self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)
        self.ok("audit", "list", "--limit", "10", "--since", "2028-02-29")
        events = len(self.js("audit", "list", "--limit", "0"))
        self.assertGreater(events, 8)
        self.assertEqual(len(self.js("audit", "list", "--limit", "010")), min(events, 10))  # not octal

    def test_invalid_utf8_is_a_usage_error(self):
        env = dict(self.env, ACCTCTL_ACTOR=SUPPORT)
        p = subprocess.run([BIN.encode(), b"users", b"add", b"--client", b"Acme Ltd", b"--name",
                            b"bad \xff\xfe bytes", b"--email", b"e@acme.test"],
                           capture_output=True, env=env)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(b"UTF-8", p.stderr)

    def test_references_that_name_nothing(self):
        for ref in ("99999999999999999999", "0", "ben ", " ben", "BEN@ACME.TEST ", "%", "' OR 1=1 --"):
            r = self.run_cli("users", "show", ref, "--client", "Acme Ltd")
            self.assertEqual(r.code, 3, f"{ref!r}: {r!r}")
        r = self.run_cli("users", "show", "--client", "Acme Ltd", "--", "-5")
        self.assertEqual(r.code, 3, r)
        self.expect(3, "users", "list", "--client", "99999999999999999999")

    def test_search_text_is_literal(self):
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "100% _real_ O'Brien",
                "--email", "ob@acme.test")
        for text, expected in (("%", ["100% _real_ O'Brien"]), ("_real_", ["100% _real_ O'Brien"]),
                               ("o'b", ["100% _real_ O'Brien"]), ("\"", []), ("a_b", [])):
            names = [u["name"] for u in self.js("users", "list", "--client", "Acme Ltd",
                                                "--search", text)]
            self.assertEqual(names, expected, text)

    def test_outputs_stay_valid_whatever_was_stored(self):
        self.ok("users", "add", "--client", "Acme Ltd", "--name", HOSTILE, "--email", "h@acme.test")
        # JSON and JSON Lines parse and give the text back exactly.
        names = [u["name"] for u in self.js("users", "list", "--client", "Acme Ltd")]
        self.assertIn(HOSTILE, names)
        jsonl = self.ok("users", "list", "--client", "Acme Ltd", "-o", "jsonl").out
        self.assertIn(HOSTILE, [json.loads(line)["name"] for line in jsonl.splitlines()])
        # TSV: one line per user, 14 columns, the text escaped.
        tsv = self.ok("users", "list", "--client", "Acme Ltd", "-o", "tsv").out.splitlines()
        self.assertEqual(len(tsv), 4)
        self.assertTrue(all(line.count("\t") == 15 for line in tsv))
        self.assertIn("Tab\\there", "\n".join(tsv))
        # CSV: RFC 4180 readers get the text back.
        rows = list(csv.DictReader(io.StringIO(
            self.ok("users", "list", "--client", "Acme Ltd", "-o", "csv").out, newline="")))
        self.assertIn(HOSTILE, [row["name"] for row in rows])
        # Table: no raw escape sequence or line break reaches the terminal.
        table = self.ok("users", "list", "--client", "Acme Ltd", "-o", "table").out
        self.assertNotIn("\x1b", table)
        self.assertEqual(len(table.splitlines()), 5)

    def test_hostile_text_in_error_messages_is_escaped(self):
        r = self.run_cli("users", "show", "\x1b[2Jgone", "--client", "Acme Ltd")
        self.assertEqual(r.code, 3)
        self.assertNotIn("\x1b", r.err)
        self.assertIn("\\x1b[2Jgone", r.err)

    def test_malformed_files(self):
        bad_csv = os.path.join(self.dir, "bad.csv")
        with open(bad_csv, "w") as f:
            f.write('name,email\n"Ann,ann@x.test\n')
        r = self.expect(2, "users", "add", "--client", "Acme Ltd", "--csv", bad_csv)
        self.assertIn("line 2", r.err)
        self.expect(3, "users", "add", "--client", "Acme Ltd", "--csv", "missing.csv")
        bad_json = os.path.join(self.dir, "bad.json")
        with open(bad_json, "w") as f:
            f.write('{"format": "acctctl-export", "version": 1, "practices": [')
        r = self.expect(2, "import", bad_json)
        self.assertIn("not valid JSON", r.err)
        self.expect(3, "import", "missing.json")
        self.expect(1, "import", self.dir)  # a folder cannot be read
        self.assertEqual(len(self.users()), 3)

    # -- issue 21, item 3 -------------------------------------------------------------------

    def exported(self):
        return json.loads(self.ok("export").out)

    def import_fails(self, document):
        path = os.path.join(self.dir, "hostile.json")
        with open(path, "w") as f:
            f.write(document)
        before = self.ok("export").out
        r = self.expect(2, "import", path, "--yes")
        after = self.ok("export").out
        self.assertEqual(json.loads(after)["users"], json.loads(before)["users"])
        return r

    def test_an_import_nested_70000_deep_is_refused_not_a_crash(self):
        doc = self.exported()
        doc["audit"][0]["detail"] = {"x": 0}
        text = json.dumps(doc).replace('{"x": 0}', '{"a": ' + "[" * 70000 + "]" * 70000 + "}", 1)
        r = self.import_fails(text)
        self.assertIn("nests deeper than 64 levels", r.err)

    def test_an_import_with_a_key_given_twice_is_refused(self):
        text = json.dumps(self.exported(), separators=(",", ":"))
        r = self.import_fails(text.replace('"name":"Ledger & Co"', '"name":"Ledger & Co","name":"X"', 1))
        self.assertIn('has the key "name" twice', r.err)
        r = self.import_fails(text.replace('"format"', '"version":3,"format"', 1))
        self.assertIn('the document has the key "version" twice', r.err)

    def test_stdin_references_with_nul_or_bytes_that_are_not_utf8_are_refused(self):
        for refs in (b"ben\nb\x00en\n", b"ben\n\xff\xfe\n"):
            p = subprocess.run([BIN, "users", "deactivate", "--client", "Acme Ltd", "-", "--yes"],
                               input=refs, capture_output=True, env=dict(self.env, ACCTCTL_ACTOR=SUPPORT),
                               cwd=self.dir)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertEqual(p.stdout, b"")
            self.assertIn(b"stdin line 2", p.stderr)
        self.assertEqual(self.users()["Ben Baker"]["status"], "active")

    def test_identities_with_invisible_characters_or_mixed_scripts_are_refused(self):
        """SPEC §2 "Values": a username or email holding an invisible or format character, or
        mixing scripts in one label (Unicode TS #39), is exit 2, and nothing is added."""
        before = set(self.users())
        for args in (["--username", "ad\u200bmin"], ["--username", "\ufeffadmin"],
                     ["--username", "ad\u00admin"], ["--username", "admin\u202e"],
                     ["--username", "\u0430dmin"], ["--email", "\u0430dmin@acme.test"],
                     ["--email", "admin@\u0430cme.test"]):
            r = self.add("--name", "Imp", *args)
            self.assertEqual(r.code, 2, f"{args!r}: {r!r}")
            self.assertRegex(r.err, r"^acctctl: error: .*(invisible or format character|"
                                    r"mixes scripts)")
            self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)
        self.assertEqual(set(self.users()), before)
        # One script per part: a Cyrillic name at a Latin domain is an identity like any other.
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Pyotr",
                "--email", "\u043f\u0451\u0442\u0440@acme.test")

    def test_a_username_that_looks_like_a_taken_one_is_taken(self):
        """R14 with SPEC §2: the same confusable skeleton (TS #39) as a taken username is exit
        4 naming it, in any client, and through edit and import too."""
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Pat", "--email",
                "pat@acme.test", "--username", "paypal")
        for alike in ("paypaI", "paypa1", "paypa|"):
            r = self.run_cli("users", "add", "--client", "Birch LLC", "--name", "Imp",
                             "--email", "imp@birch.test", "--username", alike)
            self.assertEqual(r.code, 4, r)
            self.assertIn(f'username "{alike}" looks like "paypal", which is taken', r.err)
        r = self.run_cli("users", "edit", "--client", "Acme Ltd", "ben", "--username", "paypaI")
        self.assertEqual(r.code, 4, r)
        self.assertNotIn("Imp", self.users("Birch LLC"))
        # A username that only resembles in part is free.
        self.ok("users", "add", "--client", "Birch LLC", "--name", "Pal", "--email",
                "pal@birch.test", "--username", "paypal2")
