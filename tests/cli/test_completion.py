"""acctctl completion: the bash script, sourced, completes commands, options and values."""
import subprocess
import unittest

from tools import require
from acctctl_case import AcctctlCase


class Completion(AcctctlCase):
    def complete(self, *words):
        """What bash offers for the last of `words` (an empty string: a new word)."""
        script = self.ok("completion", "bash", actor=None).out
        line = " ".join(f"'{w}'" for w in words)
        program = (f"{script}\nCOMP_WORDS=(acctctl {line}); COMP_CWORD={len(words)}; "
                   "_acctctl; printf '%s\\n' \"${COMPREPLY[@]}\"")
        r = subprocess.run(["bash", "-c", program], capture_output=True, text=True, cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        return sorted(x for x in r.stdout.splitlines() if x)

    def test_the_script_registers_its_function(self):
        script = self.ok("completion", "bash", actor=None).out
        r = subprocess.run(["bash", "-c", f"{script}\ncomplete -p acctctl"], capture_output=True,
                           text=True, cwd=self.dir)
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertIn("-F _acctctl", r.stdout)

    def test_boolean_flags_take_no_value(self):
        # -q, --yes, --dry-run and --headers are flags: the next word is the command.
        for flag in ("-q", "--yes", "-y", "--dry-run", "--headers", "--no-headers"):
            self.assertEqual(self.complete(flag, "users", "d"), ["deactivate"], flag)
        self.assertEqual(self.complete("users", "deactivate", "--yes", "--cl"), ["--client"])
        self.assertEqual(self.complete("--db", "users", "us"), ["users"])  # a value: the path

    def test_commands(self):
        self.assertEqual(self.complete("us"), ["users"])
        self.assertIn("deactivate", self.complete("users", ""))
        self.assertEqual(self.complete("users", "tr"), ["transfer-ownership"])
        self.assertEqual(self.complete("portal", "a"), ["add", "alerts"])

    def test_options_of_the_command_and_global_options(self):
        self.assertIn("--status", self.complete("users", "list", "--st"))
        self.assertIn("--dry-run", self.complete("users", "deactivate", "--dr"))
        self.assertIn("--ignore-not-found", self.complete("users", "deactivate", "--ig"))

    def test_values_of_enum_options(self):
        self.assertEqual(self.complete("users", "list", "--status", ""),
                         ["active", "all", "deactivated", "pending"])
        self.assertEqual(self.complete("-o", "j"), ["json", "jsonl"])
        self.assertEqual(self.complete("users", "list", "--role", "s"), ["standard", "submitter"])
        self.assertIn("manage-users", self.complete("users", "add", "--permission", ""))

    def test_a_value_is_not_taken_for_a_command(self):
        # "list" after --client is the client's name, not the list command.
        self.assertIn("--search", self.complete("users", "--client", "list", "list", "--se"))

    def test_zsh_and_fish_scripts(self):
        zsh = self.ok("completion", "zsh", actor=None).out
        self.assertTrue(zsh.startswith("#compdef acctctl"))
        fish = self.ok("completion", "fish", actor=None).out
        self.assertIn("complete -c acctctl", fish)
        self.assertIn("-a 'active deactivated all'", fish)
        # A missing shell fails the test, it never skips (tools.py names its package).
        r = subprocess.run([require("fish"), "--no-execute"], input=fish, capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        r = subprocess.run([require("zsh"), "-n"], input=zsh, capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stderr), (0, ""))


if __name__ == "__main__":
    unittest.main()
