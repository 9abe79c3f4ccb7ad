#!/usr/bin/env python3
"""Copies the README figures that report.py wrote into docs/benchmarks.md into README.md.

Usage: readme-figures.py [--report docs/benchmarks.md] [--readme README.md] [--check]

report.py ends docs/benchmarks.md with a block between two markers: the README's performance
table and sentence, every number from that run. This script replaces the block between the same
markers in README.md with it, so that the README shows the committed report and nothing else.
With --check it changes nothing and exits with status 1 when the two blocks differ (the same
check as BenchmarkResultsTest in `mvn verify`). Run it from the repository root after run.sh.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import README_BEGIN, README_END  # noqa: E402


def block(text, name):
    begin = text.find(README_BEGIN)
    end = text.find(README_END)
    if begin < 0 or end < begin:
        sys.exit(f"{name} has no benchmark figures block ({README_BEGIN} ... {README_END})")
    if text.find(README_BEGIN, begin + 1) >= 0:
        sys.exit(f"{name} has more than one benchmark figures block")
    return begin, end + len(README_END)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", default="docs/benchmarks.md")
    parser.add_argument("--readme", default="README.md")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    with open(args.report, encoding="utf-8") as f:
        report = f.read()
    with open(args.readme, encoding="utf-8") as f:
        readme = f.read()
    start, stop = block(report, args.report)
    figures = report[start:stop]
    start, stop = block(readme, args.readme)
    if readme[start:stop] == figures:
        print(f"{args.readme}: benchmark figures already match {args.report}")
        return
    if args.check:
        sys.exit(f"{args.readme}: benchmark figures differ from {args.report}; "
                 "run totp-benchmarks/readme-figures.py")
    with open(args.readme, "w", encoding="utf-8") as f:
        f.write(readme[:start] + figures + readme[stop:])
    print(f"{args.readme}: benchmark figures copied from {args.report}")


if __name__ == "__main__":
    main()
