"""Tables fit the terminal (SPEC.md §4): on a tty, a table wider than the window cuts its
widest text columns with `…`, so rows never wrap; -w/--wide and pipes keep every byte."""
import unicodedata

from acctctl_case import AcctctlCase


def width(line):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF"
               else 1 for c in line)


class TableWidth(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()
        permissions = [arg for p in ("submit-documents", "view-documents", "export",
                                     "manage-users", "manage-settings", "view-invoices",
                                     "pay-invoices", "messaging") for arg in ("--permission", p)]
        self.ok("portal", "add", "--client", "Acme Ltd", "--name", "Pat Portal-Long-Name",
                "--email", "pat.with.a.long.address@acme.test", *permissions)

    def lines(self, shown):
        return [line for line in shown.replace("\r\n", "\n").split("\n") if line]

    def test_portal_list_fits_120_columns_with_an_ellipsis(self):
        wide_rows = self.ok("portal", "list", "--client", "Acme Ltd", "-o", "table").out
        self.assertTrue(any(width(line) > 120 for line in wide_rows.splitlines()),
                        f"the fixture must be wider than the window to test anything:\n{wide_rows}")
        code, shown = self.on_a_tty("portal", "list", "--client", "Acme Ltd", columns=120)
        self.assertEqual(code, 0, shown)
        lines = self.lines(shown)
        self.assertTrue(lines[0].startswith("ID"), shown)
        for line in lines:
            self.assertLessEqual(width(line), 120, f"{line!r} wraps:\n{shown}")
        self.assertIn("…", shown)
        self.assertIn("Pat Portal-Long-Name", shown)  # a narrow column keeps its text

    def test_a_narrow_window_still_keeps_every_header(self):
        code, shown = self.on_a_tty("users", "list", "--client", "Acme Ltd", columns=60)
        self.assertEqual(code, 0, shown)
        header = self.lines(shown)[0].split()
        self.assertEqual(header[:3], ["ID", "NAME", "EMAIL"], shown)

    def test_wide_and_pipes_cut_nothing(self):
        for flag in ("-w", "--wide"):
            code, shown = self.on_a_tty("portal", "list", "--client", "Acme Ltd", flag,
                                        columns=80)
            self.assertEqual(code, 0, shown)
            self.assertNotIn("…", shown)
            self.assertIn("pat.with.a.long.address@acme.test", shown)
        piped = self.ok("portal", "list", "--client", "Acme Ltd", "-o", "table",
                        env={"COLUMNS": "40"}).out
        self.assertNotIn("…", piped)

    def test_columns_overrides_the_window_and_other_formats_are_never_cut(self):
        code, shown = self.on_a_tty("users", "list", "--client", "Acme Ltd", columns=200,
                                    env={"COLUMNS": "50"})
        self.assertEqual(code, 0, shown)
        self.assertTrue(all(width(line) <= 50 for line in self.lines(shown)), shown)
        code, shown = self.on_a_tty("users", "list", "--client", "Acme Ltd", "-o", "tsv",
                                    columns=40)
        self.assertNotIn("…", shown)
        self.assertIn("pat.with.a.long.address@acme.test", shown)

    def test_an_unknown_window_size_cuts_nothing(self):
        code, shown = self.on_a_tty("portal", "list", "--client", "Acme Ltd", columns=0)
        self.assertEqual(code, 0, shown)
        self.assertNotIn("…", shown)
