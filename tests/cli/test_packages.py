"""Issue 21 item 0: on a fresh Debian machine, README's first command installs everything
that README's second command (.ci/test) runs. Every program a test runs is named in tools.py
with its package, and that package is in the list the first command installs."""
import os
import re
import shutil
import subprocess
import unittest

from tools import TOOLS, require

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def read(*path):
    with open(os.path.join(ROOT, *path), encoding="utf-8") as f:
        return f.read()


def first_command_packages():
    """The packages README's first command installs: it must read them from a list file."""
    first = re.search(r"```sh\n(.*?)```", read("README.md"), re.S).group(1)
    m = re.search(r"xargs -a (\S+) apt-get install", first)
    assert m, f"README's first command installs no package list: {first}"
    return m.group(1), set(read(m.group(1)).split())


def programs_tests_run():
    """{program: where} for each program the tests start: subprocess argv literals and
    require() in tests/cli, find_program in tests/CMakeLists.txt, `command -v` in .ci/test."""
    found = {}
    cli = os.path.join(ROOT, "tests", "cli")
    for name in sorted(os.listdir(cli)):
        if not name.endswith(".py") or name == "tools.py":
            continue
        text = read("tests", "cli", name)
        for pattern in (r'subprocess\.(?:run|Popen|check_output|call)\(\s*\[\s*"([^"]+)"',
                        r'require\("([^"]+)"\)'):
            for program in re.findall(pattern, text):
                found.setdefault(program, f"tests/cli/{name}")
    for program in re.findall(r"find_program\(\S+ NAMES ([^)\s]+)", read("tests", "CMakeLists.txt")):
        found.setdefault(program, "tests/CMakeLists.txt")
    for program in re.findall(r"command -v (\S+)", read(".ci", "test")):
        found.setdefault(program, ".ci/test")
    return found


def installed_packages():
    """{package: (essential, [dependencies])} of every installed package, from dpkg's database."""
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Essential}\t${Depends},${Pre-Depends}\n"],
                       capture_output=True, text=True, check=True)
    packages = {}
    for line in r.stdout.splitlines():
        name, essential, depends = line.split("\t")
        deps = [re.sub(r"\(.*?\)|:\w+", "", d).strip() for d in re.split(r"[,|]", depends)]
        packages[name] = (essential == "yes", [d for d in deps if d])
    return packages


def dependency_closure(package, packages):
    """`package` and every installed package it depends on."""
    seen, todo = set(), [package]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(packages.get(name, (False, []))[1])
    return seen


class Packages(unittest.TestCase):
    def test_every_program_a_test_runs_has_a_package(self):
        unnamed = {p: where for p, where in programs_tests_run().items() if p not in TOOLS}
        self.assertEqual(unnamed, {}, "name these programs and their packages in tests/cli/tools.py")

    def test_the_first_command_installs_every_tools_package(self):
        listed_in, packages = first_command_packages()
        installed = installed_packages()
        essential = {name for name, (is_essential, _) in installed.items() if is_essential}
        missing = {p: pkg for p, pkg in TOOLS.items() if pkg not in packages | essential}
        self.assertEqual(missing, {}, f"add these packages to {listed_in}")

    def test_each_program_comes_from_its_package(self):
        # On this machine: the installed program belongs to the package tools.py names or to
        # one that package depends on, so the mapping is not a guess.
        installed = installed_packages()
        for program, package in TOOLS.items():
            with self.subTest(program=program):
                require(program)
                # Debian's own copy (PATH may put another first, e.g. a pyenv python3)
                system = shutil.which(program, path="/usr/sbin:/usr/bin:/sbin:/bin")
                self.assertIsNotNone(system, f"{program} is not in /usr/bin: apt-get install {package}")
                path = os.path.realpath(system)
                r = subprocess.run(["dpkg-query", "-S", path], capture_output=True, text=True)
                if r.returncode != 0:  # merged /usr: dpkg knows /bin/sh, not /usr/bin/sh
                    r = subprocess.run(["dpkg-query", "-S", path.replace("/usr/bin/", "/bin/")],
                                       capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, r.stderr)
                owners = {o.strip().split(":")[0] for o in r.stdout.split(":", 1)[0].split(",")}
                self.assertTrue(owners & dependency_closure(package, installed),
                                f"{path} belongs to {owners}, not to {package} or its dependencies")

    def test_the_first_command_builds_only_the_demo(self):
        first = re.search(r"```sh\n(.*?)```", read("README.md"), re.S).group(1)
        self.assertIn("--target acctctl", first)
        self.assertIn("examples/demo.sh", first)


if __name__ == "__main__":
    unittest.main()
