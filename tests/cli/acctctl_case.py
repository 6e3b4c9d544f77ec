"""End-to-end helpers: run build/acctctl in a scratch folder with its own store.

A failing test keeps its folder (printed) so the store can be inspected.
"""
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import termios
import time
import unittest

BIN = os.environ.get("ACCTCTL_BIN", "")
SUPPORT = "support@vendor.test"
ADMIN = "admin@ledger.test"
MEMBER = "bob@ledger.test"


class Run:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return f"exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}"


class AcctctlCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.assertTrue(BIN and os.access(BIN, os.X_OK), f"ACCTCTL_BIN is not executable: {BIN!r}")
        self.dir = tempfile.mkdtemp(prefix="acctctl-cli-")
        self.db = os.path.join(self.dir, "acctctl.db")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ACCTCTL_")}
        self.env.update(ACCTCTL_DB=self.db, HOME=self.dir, NO_COLOR="1")

    def tearDown(self):
        outcome = getattr(self, "_outcome", None)
        failed = outcome is not None and any(
            error for _, error in getattr(outcome, "errors", []) if error)
        if failed or (outcome is not None and not outcome.success):
            print(f"\nkept {self.dir} for inspection")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def run_cli(self, *args, actor=SUPPORT, stdin="", env=None, timeout=120):
        e = dict(self.env)
        if actor:
            e["ACCTCTL_ACTOR"] = actor
        e.update(env or {})
        p = subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, env=e,
                           timeout=timeout, cwd=self.dir)
        return Run(p.returncode, p.stdout, p.stderr)

    def ok(self, *args, **kw):
        r = self.run_cli(*args, **kw)
        self.assertEqual(r.code, 0, f"acctctl {' '.join(args)}: {r!r}")
        return r

    def expect(self, code, *args, **kw):
        r = self.run_cli(*args, **kw)
        self.assertEqual(r.code, code, f"acctctl {' '.join(args)}: {r!r}")
        if code:
            self.assertIn("acctctl: error:", r.err)
        return r

    def js(self, *args, **kw):
        return self.ok(*args, "-o", "json", **kw).json()

    def world(self):
        """Ledger & Co with Acme Ltd (Ann owner, Ben, Dora without login) and Birch LLC."""
        self.ok("init", "--support-email", SUPPORT, actor=None)
        self.ok("practices", "add", "Ledger & Co")
        self.ok("staff", "add", "--practice", "Ledger & Co", "--role", "admin", "--email", ADMIN,
                "--name", "Ada Admin")
        self.ok("staff", "add", "--practice", "Ledger & Co", "--email", MEMBER, "--name", "Bob")
        self.ok("clients", "add", "Acme Ltd", "--practice", "Ledger & Co")
        self.ok("clients", "add", "Birch LLC", "--practice", "Ledger & Co")
        self.ok("access", "grant", MEMBER, "Acme Ltd")
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Ann Able", "--email", "ann@acme.test")
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Ben Baker", "--email", "ben@acme.test",
                "--username", "ben")
        self.ok("users", "add", "--client", "Acme Ltd", "--name", "Dora Docs", "--no-login")
        self.ok("users", "add", "--client", "Birch LLC", "--name", "Cy Cedar", "--email", "cy@birch.test")

    def users(self, client="Acme Ltd"):
        return {u["name"]: u for u in self.js("users", "list", "--client", client, "--status", "all")}

    def audit_count(self):
        return len(self.js("audit", "list", "--limit", "0"))

    def on_a_tty(self, *args, columns=0, env=None):
        """Runs with stdout and stderr on a pseudo-terminal `columns` wide (0: the size is
        unknown); returns (exit, what it showed)."""
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        proc = subprocess.Popen([BIN, *args], stdin=subprocess.DEVNULL, stdout=slave,
                                stderr=slave, env=dict(self.env, ACCTCTL_ACTOR=SUPPORT, **(env or {})),
                                cwd=self.dir)
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the other side closed
                break
            if not chunk:
                break
            shown += chunk
        os.close(master)
        return proc.wait(timeout=20), shown.decode("utf-8", "replace")

    def run_tty(self, args, answer=None, sig=None, timeout=20):
        """Runs with stdin on a pseudo-terminal; at the prompt types `answer`, sends `sig`,
        or closes the terminal (answer None, sig None: end of input)."""
        master, slave = pty.openpty()
        env = dict(self.env, ACCTCTL_ACTOR=SUPPORT)
        proc = subprocess.Popen([BIN, *args], stdin=slave, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, cwd=self.dir)
        os.close(slave)
        err, end = b"", time.monotonic() + timeout
        try:
            while b"[y/N]" not in err and b"to confirm:" not in err:
                left = end - time.monotonic()
                if left <= 0 or not select.select([proc.stderr], [], [], left)[0]:
                    self.fail(f"no prompt within {timeout}s: {err!r}")
                chunk = os.read(proc.stderr.fileno(), 4096)
                if not chunk:
                    break
                err += chunk
            time.sleep(0.1)
            if sig is not None:
                proc.send_signal(sig)
            elif answer is not None:
                os.write(master, (answer + "\n").encode())
            else:
                os.write(master, b"\x04")  # end of input on a terminal
            out, rest = proc.communicate(timeout=timeout)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            os.close(master)
        return Run(proc.returncode, out.decode(), (err + rest).decode())
