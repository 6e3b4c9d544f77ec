"""The programs the tests run, and the Debian package that brings each one.

A test that needs a program calls require(program): a missing program fails the test, with
the package to install; it never skips. test_packages.py checks that every program a test
runs is named here and that its package is in .ci/debian-packages, the list README's first
command installs, so a fresh machine that ran that command can run every test."""
import shutil

# program -> the package of .ci/debian-packages that installs it (itself or by a dependency),
# or an essential package, which every Debian system has (bash, dash, dpkg)
TOOLS = {
    "bash": "bash",
    "clang-format-14": "clang-format",
    "createdb": "postgresql",
    "dpkg-query": "dpkg",
    "dropdb": "postgresql",
    "fish": "fish",
    "mandoc": "mandoc",
    "openssl": "openssl",
    "pg_virtualenv": "postgresql-common",
    "pgbouncer": "pgbouncer",
    "psql": "postgresql",
    "python3": "python3",
    "sh": "dash",
    "sqlite3": "sqlite3",
    "systemd-analyze": "systemd",
    "time": "time",
    "zsh": "zsh",
}


def require(program):
    """The path of `program`; fails the calling test when it is not installed."""
    path = shutil.which(program)
    if path is None:
        raise AssertionError(f"{program} is not installed: apt-get install {TOOLS.get(program, program)}"
                             " (README's first command installs it)")
    return path
