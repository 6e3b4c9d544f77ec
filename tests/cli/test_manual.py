"""The manual: lint-clean, and it names every command that --help lists."""
import os
import re
import subprocess
import unittest

from tools import require
from acctctl_case import AcctctlCase

MAN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "man", "acctctl.1")


def subcommands(help_text):
    """Names listed under 'Subcommands:' in CLI11's help."""
    names, inside = [], False
    for line in help_text.splitlines():
        if line.strip() == "Subcommands:":
            inside = True
            continue
        if inside:
            m = re.match(r"^  (\S+)", line)
            if m:
                names.append(m.group(1))
            elif line.strip() and not line.startswith("   "):
                inside = False
    return names


class Manual(AcctctlCase):
    def test_lint_clean(self):
        # mandoc's lint, and no other: a missing mandoc fails rather than falling back to groff.
        r = subprocess.run([require("mandoc"), "-T", "lint", "-W", "style", MAN], capture_output=True,
                           text=True)
        self.assertEqual((r.returncode, r.stdout + r.stderr), (0, ""))

    def test_every_command_in_help_is_in_the_manual(self):
        with open(MAN, encoding="utf-8") as f:
            manual = f.read().replace("\\-", "-")
        commands = []
        for group in subcommands(self.ok("--help", actor=None).out):
            subs = subcommands(self.ok(group, "--help", actor=None).out)
            commands += [f"{group} {s}" for s in subs] or [group]
        self.assertGreater(len(commands), 25)
        for command in commands:
            group, _, sub = command.partition(" ")
            pattern = rf"\.B {re.escape(group)}" + (rf"\s+{re.escape(sub)}\b" if sub else r"\b")
            self.assertTrue(re.search(pattern, manual), f"{command} is not documented in man/acctctl.1")

    def test_every_global_option_is_in_the_manual(self):
        with open(MAN, encoding="utf-8") as f:
            manual = f.read().replace("\\-", "-")
        for option in re.findall(r"(--[a-z-]+)", self.ok("--help", actor=None).out):
            self.assertIn(option, manual)


if __name__ == "__main__":
    unittest.main()
