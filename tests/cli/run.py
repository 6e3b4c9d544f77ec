#!/usr/bin/env python3
"""Runs the end-to-end tests: run.py --bin build/acctctl [-k PATTERN]."""
import argparse
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True)
parser.add_argument("-k", dest="pattern", action="append")
parser.add_argument("module", nargs="?", default="test_*.py", help="a test file, default all")
args = parser.parse_args()
os.environ["ACCTCTL_BIN"] = os.path.abspath(args.bin)
sys.path.insert(0, here)
loader = unittest.TestLoader()
if args.pattern:
    loader.testNamePatterns = [f"*{p}*" for p in args.pattern]
suite = loader.discover(here, pattern=args.module, top_level_dir=here)
result = unittest.TextTestRunner(verbosity=1).run(suite)
sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
