"""README.md's tour works as written: onboard 1,000 users from CSV, deactivate a list from
stdin, read the audit trail."""
import csv
import os
import re
import subprocess

from acctctl_case import AcctctlCase, BIN, SUPPORT

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")


def readme_block(after):
    """The first ```sh block that follows the line containing `after`."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    start = text.index(after)
    return re.search(r"```sh\n(.*?)```", text[start:], re.S).group(1)


class Readme(AcctctlCase):
    def test_onboard_offboard_and_audit_as_the_readme_says(self):
        self.world()
        with open(os.path.join(self.dir, "new-users.csv"), "w", encoding="utf-8") as f:
            f.write("name,email,role\n")
            f.writelines(f"New User {i},new{i}@birch.test,standard\n" for i in range(1000))
        with open(os.path.join(self.dir, "leavers.csv"), "w", encoding="utf-8") as f:
            f.write("name,email\n")
            f.writelines(f"New User {i},new{i}@birch.test\n" for i in range(0, 1000, 10))
        block = readme_block("Onboard 1,000 users")
        script = "set -e\n" + block.replace("acctctl ", f"'{BIN}' ")
        env = dict(self.env, ACCTCTL_ACTOR=SUPPORT)
        r = subprocess.run(["sh", "-c", script], capture_output=True, text=True, env=env,
                           cwd=self.dir, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        users = self.users("Birch LLC")
        self.assertEqual(len(users), 1001)
        self.assertEqual(sum(u["status"] == "deactivated" for u in users.values()), 100)
        with open(os.path.join(self.dir, "audit.csv"), newline="", encoding="utf-8") as f:
            audit = list(csv.DictReader(f))
        self.assertEqual(len(audit), 100)  # --limit 100 by default, newest first
        self.assertTrue(all(e["action"] == "user.deactivate" for e in audit))

    def test_first_commands_come_first(self):
        with open(README, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "# acctctl")
        blocks = [i for i, line in enumerate(lines[:12]) if line == "```sh"]
        self.assertEqual(len(blocks), 2)
        self.assertIn("examples/demo.sh", lines[blocks[0] + 1])
        self.assertEqual(lines[blocks[1] + 1], ".ci/test")
