"""TLS with a private CA (issue 26): libpq's `sslmode=verify-full&sslrootcert=…` checks the
server's certificate against the CA and its host name. acctctl works through it, and each way
the check can fail is one line naming what is wrong, exit 1, nothing changed. The server is
this test's own (pg_cluster.py): the shared one speaks plain TCP to every other test."""
import os
import shutil
import subprocess
import unittest

from acctctl_case import BIN, SUPPORT
from pg_cluster import OwnClusterCase, free_port
from tools import require


class PrivateCa(OwnClusterCase):
    def setUp(self):
        super().setUp()
        self.certs = os.path.join(self.dir, "certs")
        os.makedirs(self.certs)
        self.ca = self.make_ca("ca")
        self.other_ca = self.make_ca("other")
        data = os.path.join(self.dir, "data")
        self.initdb(data, "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n")
        self.server_certificate(data, "DNS:localhost")
        self.port = free_port()
        self.start(data, self.port)
        self.psql(self.port, "CREATE DATABASE accounts", "postgres")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "ACCTCTL_"))}
        self.env.update(HOME=self.dir, ACCTCTL_ACTOR=SUPPORT, ACCTCTL_BUSY_TIMEOUT_MS="2000")

    def openssl(self, *args):
        p = subprocess.run([require("openssl"), *args], capture_output=True, text=True,
                           cwd=self.certs, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)

    def make_ca(self, name):
        self.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                     "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "2",
                     "-subj", f"/CN=acctctl test {name}")
        return os.path.join(self.certs, f"{name}.pem")

    def server_certificate(self, data, names):
        """A certificate for `names` (subjectAltName), signed by self.ca, in the server's data
        directory, its key readable by the server alone."""
        with open(os.path.join(self.certs, "san.cnf"), "w", encoding="utf-8") as f:
            f.write(f"subjectAltName = {names}\n")
        self.openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=acctctl test")
        self.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                     "-CAcreateserial", "-days", "2", "-extfile", "san.cnf", "-out", "server.crt")
        for name in ("server.crt", "server.key"):
            target = os.path.join(data, name)
            shutil.copy(os.path.join(self.certs, name), target)
            os.chmod(target, 0o600)
            if os.getuid() == 0:
                shutil.chown(target, "postgres")

    def acctctl(self, url, *args):
        p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=60,
                           env=dict(self.env, ACCTCTL_DB=url), cwd=self.dir)
        return p.returncode, p.stdout, p.stderr

    def url(self, host, query):
        return f"postgresql://{host}:{self.port}/accounts?user=postgres&{query}"

    def test_verify_full_against_a_private_ca_works_and_each_failure_says_why(self):
        good = self.url("localhost", f"sslmode=verify-full&sslrootcert={self.ca}")
        code, _, err = self.acctctl(good, "init", "--support-email", SUPPORT)
        self.assertEqual(code, 0, err)
        code, out, err = self.acctctl(good, "practices", "add", "Ledger & Co")
        self.assertEqual(code, 0, err)
        failures = {
            "another CA": (self.url("localhost", f"sslmode=verify-full&sslrootcert={self.other_ca}"),
                           "certificate verify failed"),
            "no CA at all": (self.url("localhost", "sslmode=verify-full"),
                             "root certificate file"),
            "another host name": (self.url("127.0.0.1", f"sslmode=verify-full&sslrootcert={self.ca}"),
                                  'does not match host name "127.0.0.1"'),
        }
        for case, (url, reason) in failures.items():
            code, out, err = self.acctctl(url, "practices", "add", f"Rogue {case}")
            lines = err.splitlines()
            self.assertEqual((code, out, len(lines)), (1, "", 1), f"{case}: {err}")
            self.assertTrue(lines[0].startswith("acctctl: error: cannot connect to the store at "),
                            f"{case}: {err}")
            self.assertIn(reason, lines[0], case)
            self.assertNotIn("tried again", lines[0], f"{case}: a certificate is not a passing fault")
        self.assertEqual(self.psql(self.port, "SELECT string_agg(name, ',') FROM practices"),
                         "Ledger & Co")


if __name__ == "__main__":
    unittest.main()
