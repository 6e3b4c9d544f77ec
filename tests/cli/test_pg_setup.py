"""SPEC §6.3's set-up when the store's owner may not create roles: `init` prints the SQL for a
database administrator and exits 0; once that ran, a bound role works. The group role
acctctl_operator is cluster-wide and every other test's cluster has it already, so this one
makes a cluster of its own (pg_virtualenv, installed with postgresql-common)."""
import os
import shutil
import socket
import subprocess
import tempfile
import unittest

from acctctl_case import BIN

SUPPORT = "support@vendor.test"

# Inside the private cluster, as its superuser (pg_virtualenv sets PG* for it). $1: acctctl.
SCRIPT = r"""
set -eu
bin=$1
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE ROLE owner_only LOGIN PASSWORD 'o' NOCREATEROLE"
createdb -O owner_only accounts
db=postgresql:///accounts
if PGUSER=owner_only PGPASSWORD=o "$bin" --db "$db" init --support-email support@vendor.test \
    > setup.sql 2> init.err; then
  echo "init exit: 0"
else
  echo "init exit: $?"; cat init.err; exit 1
fi
if psql -X -At -c "SELECT 1 FROM pg_roles WHERE rolname = 'acctctl_operator'" | grep -q 1; then
  echo "init made the role"; exit 1
fi
psql -X -q -v ON_ERROR_STOP=1 -d accounts -f setup.sql
PGUSER=owner_only PGPASSWORD=o "$bin" --db "$db" init > again.sql 2> again.err
echo "again: $(wc -c < again.sql) bytes"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE ROLE sue LOGIN PASSWORD 's'; GRANT acctctl_operator TO sue"
PGUSER=owner_only PGPASSWORD=o ACCTCTL_ACTOR=support@vendor.test "$bin" --db "$db" \
  staff edit support@vendor.test --db-role sue > /dev/null
PGUSER=sue PGPASSWORD=s "$bin" --db "$db" practices add "Ledger & Co" > /dev/null
PGUSER=sue PGPASSWORD=s "$bin" --db "$db" audit list -o tsv | cut -f 4,9 | tr '\t' ' '
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


class AdministratorSetUp(unittest.TestCase):
    def test_init_prints_the_sql_when_the_owner_may_not_create_roles(self):
        self.assertTrue(shutil.which("pg_virtualenv"), "pg_virtualenv (postgresql-common) is missing")
        folder = tempfile.mkdtemp(prefix="acctctl-pgsetup-")
        self.addCleanup(shutil.rmtree, folder, True)
        os.chmod(folder, 0o777)  # pg_virtualenv's commands run as postgres when started as root
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "ACCTCTL_"))}
        env["PGPORT"] = free_port()
        p = subprocess.run(["pg_virtualenv", "-t", "sh", "-c", SCRIPT, "sh", os.path.abspath(BIN)],
                           cwd=folder, env=env, capture_output=True, text=True, timeout=180)
        self.assertEqual(p.returncode, 0, p.stdout[-2000:] + p.stderr[-2000:])
        self.assertIn("init exit: 0", p.stdout)
        with open(os.path.join(folder, "setup.sql"), encoding="utf-8") as f:
            sql = f.read()
        self.assertTrue(sql.startswith("CREATE ROLE acctctl_operator NOLOGIN;"), sql[:200])
        self.assertIn("GRANT EXECUTE ON FUNCTION", sql)
        with open(os.path.join(folder, "init.err"), encoding="utf-8") as f:
            self.assertIn("a database administrator runs the SQL above", f.read())
        self.assertIn("again: 0 bytes", p.stdout)  # the role exists now: nothing to print
        # The bound role added the practice, in its own name, as the server saw it.
        self.assertIn("practice.add sue", p.stdout)


if __name__ == "__main__":
    unittest.main()
